import { describe, expect, it } from 'vitest';
import { buildSchemaDocument, cloneJson } from './defs.js';
import { parseSource } from './source.js';

describe('cloneJson', () => {
  it('copies parsed JSON deeply: equal, and sharing no object with the original', () => {
    const original = JSON.parse(
      '{"type":"object","properties":{"a":{"type":"array","items":{"enum":[1,"x",null,true]}}},"required":["a"]}',
    ) as Record<string, unknown>;
    const copy = cloneJson(original);
    expect(copy).toEqual(original);
    expect(copy).not.toBe(original);
    const props = (o: Record<string, unknown>) =>
      o.properties as Record<string, Record<string, unknown>>;
    expect(props(copy).a).not.toBe(props(original).a);
    expect(props(copy).a?.items).not.toBe(props(original).a?.items);
    expect(copy.required).not.toBe(original.required);
    (props(copy).a as { type: string }).type = 'string';
    expect(props(original).a?.type).toBe('array');
  });

  it('keeps a "__proto__" key as data, never as the prototype', () => {
    const original = JSON.parse('{"__proto__":{"polluted":true},"b":[{"__proto__":1}]}') as object;
    const copy = cloneJson(original) as Record<string, unknown>;
    expect(Object.getPrototypeOf(copy)).toBe(Object.prototype);
    expect(Object.keys(copy)).toEqual(['__proto__', 'b']);
    expect(Object.getOwnPropertyDescriptor(copy, '__proto__')?.value).toEqual({ polluted: true });
    expect(({} as { polluted?: boolean }).polluted).toBeUndefined();
    expect(JSON.stringify(copy)).toBe(JSON.stringify(original));
  });

  it('falls back to structuredClone for values that are not plain JSON', () => {
    const date = new Date(0);
    const copy = cloneJson({ when: date });
    expect(copy.when).toBeInstanceOf(Date);
    expect(copy.when).not.toBe(date);
    expect(copy.when.getTime()).toBe(0);
  });
});

describe('buildSchemaDocument', () => {
  it('copies the schema and the $defs it uses, transitively, and no others', () => {
    const source = parseSource(
      'm.json',
      '{"$defs":{"A":{"type":"object","properties":{"b":{"$ref":"#/$defs/B"}}},"B":{"type":"string"},"C":{"type":"number"}}}',
    );
    const defs = new Map(
      Object.entries((source.value as { $defs: Record<string, unknown> }).$defs),
    );
    const raw = { type: 'object', properties: { a: { $ref: '#/$defs/A' } } };
    const document = buildSchemaDocument(raw, defs);
    expect(document).toEqual({ ...raw, $defs: { A: defs.get('A'), B: defs.get('B') } });
    expect(document.properties).not.toBe(raw.properties);
    expect((document.$defs as Record<string, unknown>).A).not.toBe(defs.get('A'));
    expect(raw).not.toHaveProperty('$defs');
  });
});
