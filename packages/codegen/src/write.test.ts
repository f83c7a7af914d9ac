import { existsSync } from 'node:fs';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { freshDir, generatorFor, KITCHEN_SINK, snapshotTree } from '../test/harness.js';
import { readGeneratedList } from './write.js';

const second = (out: string) => join(out, 'second.yaml');
const SECOND = `toolset: second
version: 1.0.0
title: Second
tools:
  second_ping:
    title: Ping
    description: Answers pong.
    authorization: none
    input: { type: object }
`;

describe('the write stage and other toolsets', () => {
  it('records the owning toolset of every generated package', async () => {
    const out = await freshDir('owner');
    await generatorFor([KITCHEN_SINK], out).run();
    const list = readGeneratedList(join(out, 'kitchen-sink-client'));
    expect(list.toolset).toBe('kitchen-sink');
    expect(list.files).toContain('src/client.ts');
  });

  it('a subset generate leaves every other toolset in place (no data loss)', async () => {
    const out = await freshDir('subset');
    await writeFile(second(out), SECOND);
    // The whole project: both toolsets.
    await generatorFor([KITCHEN_SINK, second(out)], out).run();
    const before = await snapshotTree(out);
    expect(before.has('second-server/src/index.ts')).toBe(true);

    // `toolscope generate kitchen-sink.yaml`: a partial run.
    const partial = await generatorFor([KITCHEN_SINK], out).run({ partial: true });
    expect(partial.removed).toEqual([]);
    expect(await snapshotTree(out)).toEqual(before);

    // A partial run still removes its own toolset's stale files.
    const docs = join(out, 'kitchen-sink-docs');
    const list = JSON.parse(await readFile(join(docs, 'toolscope-generated.json'), 'utf8'));
    await writeFile(join(docs, 'docs/tools/gone.md'), 'old');
    await writeFile(
      join(docs, 'toolscope-generated.json'),
      JSON.stringify({ ...list, files: [...list.files, 'docs/tools/gone.md'] }),
    );
    const again = await generatorFor([KITCHEN_SINK], out).run({ partial: true });
    expect(again.removed).toEqual(['kitchen-sink-docs/docs/tools/gone.md']);
    expect(existsSync(join(out, 'second-client/src/index.ts'))).toBe(true);

    // A full run without the second manifest does remove its toolset.
    const full = await generatorFor([KITCHEN_SINK], out).run();
    expect(full.removed).toContain('second-client/src/index.ts');
  });

  it('keeps a package whose list names no owner in a partial run', async () => {
    const out = await freshDir('legacy');
    await writeFile(second(out), SECOND);
    await generatorFor([second(out)], out).run();
    const listFile = join(out, 'second-server', 'toolscope-generated.json');
    const { toolset: _owner, ...legacy } = JSON.parse(await readFile(listFile, 'utf8'));
    await writeFile(listFile, JSON.stringify(legacy));
    const partial = await generatorFor([KITCHEN_SINK], out).run({ partial: true });
    expect(partial.removed).toEqual([]);
    expect(existsSync(join(out, 'second-server/src/index.ts'))).toBe(true);
  });

  it('removes the folders a removed toolset leaves empty, and keeps those with hand-made files', async () => {
    const out = await freshDir('empty-folders');
    await writeFile(second(out), SECOND);
    await generatorFor([KITCHEN_SINK, second(out)], out).run();
    await writeFile(join(out, 'second-client', 'NOTES.md'), 'mine');
    const result = await generatorFor([KITCHEN_SINK], out).run();
    expect(result.removed).toContain('second-server/src/index.ts');
    expect(existsSync(join(out, 'second-server'))).toBe(false);
    expect(existsSync(join(out, 'second-docs'))).toBe(false);
    expect(existsSync(join(out, 'second-client/src'))).toBe(false);
    expect(await readFile(join(out, 'second-client/NOTES.md'), 'utf8')).toBe('mine');
    expect(existsSync(join(out, 'kitchen-sink-server/src/index.ts'))).toBe(true);
  });
});

describe('layouts and licenses', () => {
  it('the folders layout writes plain folders: no package.json, no tsconfig', async () => {
    const out = await freshDir('folders');
    await generatorFor([KITCHEN_SINK], out, { layout: 'folders' }).run();
    const tree = await snapshotTree(out);
    expect(tree.has('kitchen-sink-server/src/index.ts')).toBe(true);
    expect([...tree.keys()].filter((p) => /package\.json$|tsconfig/.test(p))).toEqual([]);
    expect(tree.get('kitchen-sink-client/README.md')).toContain('the `folders` layout');
  });

  it('packages are private and UNLICENSED unless the config names a license', async () => {
    const out = await freshDir('license');
    await generatorFor([KITCHEN_SINK], out).run();
    const closed = JSON.parse(
      await readFile(join(out, 'kitchen-sink-server/package.json'), 'utf8'),
    );
    expect(closed).toMatchObject({ private: true, license: 'UNLICENSED' });
    expect(closed.dependencies['@toolscope/core']).toMatch(/^\^\d+\.\d+\.\d+/);
    expect(closed.scripts.build).toBe('tsc -p tsconfig.build.json');
    expect(closed.devDependencies.typescript).toMatch(/^\d+\.\d+\.\d+$/);
    await generatorFor([KITCHEN_SINK], out, { license: 'Apache-2.0' }).run();
    const open = JSON.parse(await readFile(join(out, 'kitchen-sink-client/package.json'), 'utf8'));
    expect(open.license).toBe('Apache-2.0');
    expect(open.private).toBeUndefined();
  });
});
