import { readdir, readFile } from 'node:fs/promises';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { escapePointerToken, parseSource, parseYamlSource } from './source.js';

/** Every JSON pointer of a value, plus missing children (that must not match a sibling) under each container. */
function pointersOf(value: unknown, pointer = ''): string[] {
  const out = [pointer];
  if (value !== null && typeof value === 'object') {
    out.push(`${pointer}/no~such~1child`, `${pointer}/no~such~1child/0`);
    for (const [key, child] of Object.entries(value)) {
      out.push(`${pointer}/no~such~1child/${escapePointerToken(key)}`);
      out.push(...pointersOf(child, `${pointer}/${escapePointerToken(key)}`));
    }
  }
  return out;
}

function expectSameAsYaml(text: string): void {
  const fast = parseSource('m.json', text);
  const yaml = parseYamlSource('m.json', text);
  expect(fast.diagnostics).toEqual(yaml.diagnostics);
  expect(fast.value).toEqual(yaml.value);
  for (const pointer of pointersOf(yaml.value)) {
    expect(fast.locate(pointer, 'key'), pointer).toEqual(yaml.locate(pointer, 'key'));
    expect(fast.locate(pointer, 'value'), pointer).toEqual(yaml.locate(pointer, 'value'));
    expect(fast.span(pointer), pointer).toEqual(yaml.span(pointer));
  }
}

describe('strict JSON manifests skip the YAML parser with the same values and positions', () => {
  it('for any JSON object, however it is indented', () => {
    fc.assert(
      fc.property(
        fc.dictionary(fc.string(), fc.jsonValue()),
        fc.constantFrom(0, 2, '\t', ' \r\n '),
        (value, indent) => {
          const text =
            typeof indent === 'string' && indent.includes('\r')
              ? JSON.stringify(value, null, 1).replaceAll('\n', indent)
              : JSON.stringify(value, null, indent);
          expectSameAsYaml(text);
        },
      ),
      { numRuns: 300 },
    );
    // numRuns bounds the work; the timeout only has to outlast a loaded machine.
  }, 60_000);

  it('for keys with escapes, slashes and tildes, and odd spacing', () => {
    expectSameAsYaml('{"a/b": {"~x": [1, {"\\u0063": true}]}, "e\\"q": null ,"n":-1.5e3}');
    expectSameAsYaml('  \n{\r\n"x" :\t"y"\r\n}\n');
  });

  it('for the JSON fixtures of this package', async () => {
    const root = new URL('../test/fixtures/', import.meta.url);
    for (const dir of await readdir(root)) {
      for (const name of await readdir(new URL(`${dir}/`, root))) {
        if (!name.endsWith('.json')) continue;
        expectSameAsYaml(await readFile(new URL(`${dir}/${name}`, root), 'utf8'));
      }
    }
  });

  it('leaves duplicate keys, bare carriage returns and invalid JSON to the YAML parser', () => {
    for (const text of ['{"a": 1, "a": 2}', '{"a":\r1}', '{"a": 1,}', '{\n  a: 1\n}']) {
      expect(parseSource('m.json', text)).toEqual({
        ...parseYamlSource('m.json', text),
        locate: expect.any(Function),
        span: expect.any(Function),
      });
    }
    expect(parseSource('m.json', '{"a": 1, "a": 2}').diagnostics[0]?.code).toBe(
      'MANIFEST_DUPLICATE_KEY',
    );
  });
});
