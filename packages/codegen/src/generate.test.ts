import { readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { typeErrors } from '../test/compile.js';
import {
  freshDir,
  generatorFor,
  KITCHEN_SINK,
  PACKAGE_DIR,
  snapshotTree,
} from '../test/harness.js';

describe('kitchen sink', () => {
  it('matches the golden files', async () => {
    const out = await freshDir('golden');
    await generatorFor([KITCHEN_SINK], out).run();
    const tree = await snapshotTree(out);
    expect([...tree.keys()]).toMatchSnapshot();
    for (const [path, contents] of tree) {
      await expect(contents).toMatchFileSnapshot(`../test/__snapshots__/kitchen-sink/${path}`);
    }
  });

  it('compiles every generated TypeScript package with tsc', async () => {
    const out = await freshDir('compile');
    await generatorFor([KITCHEN_SINK], out).run();
    const errors = typeErrors([join(out, 'kitchen-sink-server'), join(out, 'kitchen-sink-client')]);
    expect(errors).toEqual([]);
  }, 60_000);
});

describe('the write stage', () => {
  it('is deterministic: two runs from scratch are byte-identical', async () => {
    const a = await freshDir('det-a');
    const b = await freshDir('det-b');
    await generatorFor([KITCHEN_SINK], a).run();
    await generatorFor([KITCHEN_SINK], b).run();
    const [ta, tb] = [await snapshotTree(a), await snapshotTree(b)];
    expect(ta.size).toBeGreaterThan(20);
    expect(tb).toEqual(ta);
    for (const text of ta.values()) {
      expect(text).not.toMatch(/\r|\d{4}-\d\d-\d\dT\d\d:/);
    }
  });

  it('writes nothing on a no-change re-run, even in a new process-like generator', async () => {
    const out = await freshDir('nochange');
    const first = await generatorFor([KITCHEN_SINK], out).run();
    expect(first.written.length).toBeGreaterThan(0);
    const again = await generatorFor([KITCHEN_SINK], out).run();
    expect(again.written).toEqual([]);
    expect(again.removed).toEqual([]);
    expect(again.unchanged).toBe(first.written.length);
  });

  it('a one-shot generator (reuse: false) writes the same files and compares by reading them', async () => {
    const kept = await freshDir('once-kept');
    const once = await freshDir('once');
    await generatorFor([KITCHEN_SINK], kept).run();
    const generator = generatorFor([KITCHEN_SINK], once, {}, { reuse: false });
    const first = await generator.run();
    expect(await snapshotTree(once)).toEqual(await snapshotTree(kept));
    // Run again, it remembers nothing: every file is read back, found unchanged or fixed.
    await writeFile(join(once, 'kitchen-sink-client', 'src/client.ts'), '// edited by hand\n');
    const again = await generator.run();
    expect(again.written).toEqual(['kitchen-sink-client/src/client.ts']);
    expect(again.unchanged).toBe(first.written.length - 1);
  });

  it('rewrites a drifted file and removes files it no longer makes', async () => {
    const out = await freshDir('stale');
    const generator = generatorFor([KITCHEN_SINK], out);
    await generator.run();
    const list = join(out, 'kitchen-sink-docs', 'toolscope-generated.json');
    const parsed = JSON.parse(await readFile(list, 'utf8')) as { files: string[] };
    // Pretend an earlier run made a page for a tool that is gone.
    await writeFile(join(out, 'kitchen-sink-docs', 'docs/tools/gone.md'), 'old');
    await writeFile(
      list,
      JSON.stringify({ ...parsed, files: [...parsed.files, 'docs/tools/gone.md'] }),
    );
    await writeFile(join(out, 'kitchen-sink-client', 'src/client.ts'), '// edited by hand\n');
    // A hand-made file the generator never listed stays.
    await writeFile(join(out, 'kitchen-sink-client', 'NOTES.md'), 'mine');

    const check = await generator.run({ readOnly: true });
    expect(check.written).toEqual([
      'kitchen-sink-client/src/client.ts',
      'kitchen-sink-docs/toolscope-generated.json',
    ]);
    expect(check.removed).toEqual(['kitchen-sink-docs/docs/tools/gone.md']);

    const fixed = await generator.run();
    expect(fixed.removed).toEqual(['kitchen-sink-docs/docs/tools/gone.md']);
    const tree = await snapshotTree(out);
    expect(tree.has('kitchen-sink-docs/docs/tools/gone.md')).toBe(false);
    expect(tree.get('kitchen-sink-client/NOTES.md')).toBe('mine');
    expect((await generator.run({ readOnly: true })).written).toEqual([]);
  });

  it('removes the packages of a toolset that is gone', async () => {
    const out = await freshDir('gone');
    await generatorFor([KITCHEN_SINK], out).run();
    const empty = await generatorFor([KITCHEN_SINK], out).runIR({ toolsets: [] });
    expect(empty.removed).toContain('kitchen-sink-server/src/index.ts');
    expect(empty.removed).toContain('kitchen-sink-server/toolscope-generated.json');
    await rm(out, { recursive: true, force: true });
  });
});

describe('type tests against the generated packages', () => {
  it('let a declarative tool go without a handler, and a handler override its mapping', async () => {
    const out = await freshDir('declarative');
    await generatorFor([join(PACKAGE_DIR, '../../manifests/orders.yaml')], out, {
      sdk: 'v1',
    }).run();
    const definitions = await readFile(join(out, 'orders-server/src/definitions.ts'), 'utf8');
    expect(definitions).toContain("path: '/orders/{orderId}'");
    const page = await readFile(join(out, 'orders-docs/docs/tools/orders_getOrder.md'), 'utf8');
    expect(page).toContain("Declarative tool: `GET /orders/{orderId}` on the provider's resource.");
    const usage = join(out, 'usage.ts');
    await writeFile(
      usage,
      await readFile(join(PACKAGE_DIR, 'test/type-tests/declarative.usage.ts'), 'utf8'),
    );
    expect(typeErrors([join(out, 'orders-server')], [usage])).toEqual([]);
  }, 60_000);

  it('enforce the token rule and handler completeness at compile time', async () => {
    const out = await freshDir('typetests');
    await generatorFor([KITCHEN_SINK], out).run();
    const usage = join(out, 'usage.ts');
    await writeFile(
      usage,
      await readFile(join(PACKAGE_DIR, 'test/type-tests/kitchen-sink.usage.ts'), 'utf8'),
    );
    const errors = typeErrors(
      [join(out, 'kitchen-sink-server'), join(out, 'kitchen-sink-client')],
      [usage],
    );
    expect(errors).toEqual([]);
  }, 60_000);
});
