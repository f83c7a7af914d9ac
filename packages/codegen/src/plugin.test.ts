import { readdirSync, statSync, utimesSync } from 'node:fs';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ToolscopeError } from '@toolscope/core';
import { describe, expect, it } from 'vitest';
import { freshDir, generatorFor, KITCHEN_SINK } from '../test/harness.js';
import { loadConfig } from './config/index.js';
import { createGenerator, DOCS_TEMPLATES, definePlugin, resolveConfig } from './index.js';

const TINY = `toolset: tiny
version: 1.0.0
title: Tiny
$defs:
  Manifest:
    type: object
    properties:
      id: { type: string }
  CallOptions:
    type: object
    properties:
      n: { type: integer }
tools:
  tiny_ping:
    description: Ping.
    authorization: { method: none }
    input:
      type: object
      properties:
        at: { $ref: "#/$defs/Manifest" }
        options: { $ref: "#/$defs/CallOptions" }
`;

async function tinyProject(name: string) {
  const dir = await freshDir(name);
  await mkdir(join(dir, 'manifests'));
  await writeFile(join(dir, 'manifests', 'tiny.yaml'), TINY);
  return dir;
}

const listing = definePlugin<{ heading: string }>({
  name: 'listing',
  package: 'listing',
  reserves: { types: ['Manifest'] },
  resolveOptions: (raw) => {
    const heading = (raw as { heading?: unknown } | undefined)?.heading ?? 'Tools';
    if (typeof heading !== 'string') throw new TypeError('"heading" must be a string');
    return { heading };
  },
  emit: (plan, { options }) => [
    {
      path: 'tools.txt',
      contents: `${options.heading}\n${plan.tools.map((t) => `${t.tool.name} ${t.inputType}`).join('\n')}\n`,
    },
  ],
});

async function errorOf(run: () => Promise<unknown>): Promise<ToolscopeError> {
  const error = await run().then(
    () => undefined,
    (e: unknown) => e,
  );
  if (!(error instanceof ToolscopeError)) throw new TypeError(`no ToolscopeError: ${error}`);
  return error;
}

describe('generator plugins', () => {
  it('adds a package of its own kind, with options and the names it reserves', async () => {
    const dir = await tinyProject('plugin-own');
    const out = join(dir, 'out');
    const config = resolveConfig(
      {
        manifests: ['manifests'],
        out,
        scope: '@t',
        plugins: ['server', 'client', { use: listing, options: { heading: 'All tools' } }],
      },
      dir,
      resolve,
    );
    const result = await createGenerator(config).run();
    expect(result.packages.map((p) => [p.kind, p.dir])).toEqual([
      ['server', 'tiny-server'],
      ['client', 'tiny-client'],
      ['listing', 'tiny-listing'],
    ]);
    expect(await readFile(join(out, 'tiny-listing/tools.txt'), 'utf8')).toBe(
      'All tools\ntiny_ping TinyPingInput\n',
    );
    // No docs plugin, no docs package; the generated-file list owns the new package.
    expect(readdirSync(out).sort()).toEqual(['tiny-client', 'tiny-listing', 'tiny-server']);
    const list = JSON.parse(
      await readFile(join(out, 'tiny-listing/toolscope-generated.json'), 'utf8'),
    );
    expect(list).toMatchObject({ toolset: 'tiny', files: ['tools.txt'] });
    // `Manifest` is reserved by the plugin, `CallOptions` by the client plugin:
    // both $defs names step aside.
    const types = await readFile(join(out, 'tiny-server/src/types.ts'), 'utf8');
    expect(types).toMatch(/export type Manifest2 = /);
    expect(types).toMatch(/export type CallOptions2 = /);
    expect(types).not.toMatch(/export type Manifest = /);
  });

  it('keeps the default names when the plugin reserving them is not configured', async () => {
    const dir = await tinyProject('plugin-reserve-off');
    const out = join(dir, 'out');
    const config = resolveConfig(
      { manifests: ['manifests'], out, scope: '@t', plugins: ['server'] },
      dir,
      resolve,
    );
    await createGenerator(config).run();
    const types = await readFile(join(out, 'tiny-server/src/types.ts'), 'utf8');
    // Without the client plugin, its `CallOptions` is free for the manifest.
    expect(types).toMatch(/export type CallOptions = /);
    expect(types).toMatch(/export type Manifest = /);
  });

  it('loads a plugin module from the config folder and checks its options', async () => {
    const dir = await tinyProject('plugin-module');
    await mkdir(join(dir, 'plugins'));
    await writeFile(
      join(dir, 'plugins', 'count.mjs'),
      `export default {
  name: 'count',
  package: 'docs',
  dependsOn: ['docs'],
  resolveOptions: (o) => { if (o !== undefined && typeof o.suffix !== 'string') throw new Error('"suffix" must be a string'); return o ?? { suffix: '' }; },
  emit: (plan, { filesOf, options }) => [{ path: 'count.txt', contents: filesOf('docs').length + ' docs files' + options.suffix + '\\n' }],
};\n`,
    );
    const write = (plugins: unknown) =>
      writeFile(
        join(dir, 'toolscope.config.json'),
        `${JSON.stringify({ out: 'out', scope: '@t', plugins }, null, 2)}\n`,
      );
    await write(['docs', { use: './plugins/count.mjs', options: { suffix: '!' } }]);
    const { config } = await loadConfig(dir);
    await createGenerator(config).run();
    // The docs package of tiny: package.json, README, 2 pages, 1 tool page, llms, tools.json, 1 schema.
    expect(await readFile(join(dir, 'out/tiny-docs/count.txt'), 'utf8')).toBe('8 docs files!\n');

    await write(['docs', { use: './plugins/count.mjs', options: { suffix: 1 } }]);
    const bad = await errorOf(async () => createGenerator((await loadConfig(dir)).config).run());
    expect(bad.code).toBe('CONFIG_INVALID');
    expect(bad.message).toBe('plugin "count": invalid options: "suffix" must be a string');
    expect(bad.location).toMatchObject({ pointer: '/plugins/1/options', line: 8, column: 7 });
    expect(bad.location?.file).toMatch(/toolscope\.config\.json$/);

    await write(['docs', './plugins/count.mjs', 'sever']);
    const typo = await errorOf(async () => createGenerator((await loadConfig(dir)).config).run());
    expect(typo.message).toMatch(/^cannot find the plugin module "sever"/);
    expect(typo.hint).toBe('did you mean the built-in plugin "server"?');
    expect(typo.location).toMatchObject({ pointer: '/plugins/2', line: 7, column: 5 });

    await write(['./plugins/count.mjs']);
    const missing = await errorOf(async () =>
      createGenerator((await loadConfig(dir)).config).run(),
    );
    expect(missing.message).toBe(
      'plugin "count" depends on "docs", which the config does not list',
    );
    expect(missing.location).toMatchObject({ pointer: '/plugins/0', line: 5, column: 5 });
  });

  it('rejects a dependency cycle, a duplicate and two plugins writing one file', async () => {
    const dir = await tinyProject('plugin-order');
    const make = (name: string, dependsOn: string[], path = `${name}.txt`) =>
      definePlugin({
        name,
        package: 'extra',
        dependsOn,
        emit: () => [{ path, contents: name }],
      });
    const run = (plugins: unknown[]) => () =>
      createGenerator(
        resolveConfig(
          { manifests: ['manifests'], out: join(dir, 'out'), plugins: plugins as never },
          dir,
          resolve,
        ),
      ).run();
    const cycle = await errorOf(run([make('a', ['b']), make('b', ['c']), make('c', ['a'])]));
    expect(cycle.message).toBe('the plugins depend on each other in a cycle: a → b → c → a');
    expect(cycle.location).toMatchObject({ pointer: '/plugins/0' });
    const optionless = await errorOf(run(['server', { use: 'docs', options: { x: 1 } }]));
    expect(optionless.message).toBe('plugin "docs" takes no options');
    expect(optionless.location).toMatchObject({ pointer: '/plugins/1/options' });
    const twice = await errorOf(run(['server', 'server']));
    expect(twice.message).toBe('the plugin "server" is listed twice');
    expect(twice.location).toMatchObject({ pointer: '/plugins/1' });
    const clash = await errorOf(run([make('a', [], 'same.txt'), make('b', [], 'same.txt')]));
    expect(clash.code).toBe('CODEGEN_FAILED');
    expect(clash.message).toMatch(
      /^plugin "b" emit failed on toolset "tiny": it wrote extra package file same.txt, which plugin "a" wrote already/,
    );
    const outside = await errorOf(run([make('a', [], '../outside.txt')]));
    expect(outside.message).toMatch(/returned the file path "\.\.\/outside\.txt"/);
    // Dependencies run first whatever the listed order.
    const seen: string[] = [];
    const track = (name: string, dependsOn: string[]) =>
      definePlugin({
        name,
        package: 'extra',
        dependsOn,
        emit: () => {
          seen.push(name);
          return [];
        },
      });
    await run([track('late', ['mid']), track('mid', ['early']), track('early', [])])();
    expect(seen).toEqual(['early', 'mid', 'late']);
  });

  it('names the plugin whose emit throws', async () => {
    const dir = await tinyProject('plugin-throws');
    const broken = definePlugin({
      name: 'broken',
      package: 'extra',
      emit: () => {
        throw new RangeError('no such thing');
      },
    });
    const error = await errorOf(() =>
      createGenerator(
        resolveConfig(
          { manifests: ['manifests'], out: join(dir, 'out'), plugins: ['server', broken] },
          dir,
          resolve,
        ),
      ).run(),
    );
    expect(error.code).toBe('CODEGEN_FAILED');
    expect(error.message).toBe('plugin "broken" emit failed on toolset "tiny": no such thing');
    expect(error.location).toMatchObject({ pointer: '/plugins/1' });
    expect(error.cause).toBeInstanceOf(RangeError);
  });
});

describe('beforeWrite', () => {
  it('transforms the files before they are compared and written', async () => {
    const dir = await tinyProject('before-write');
    const out = join(dir, 'out');
    const seen: string[] = [];
    const stamp = definePlugin({
      name: 'stamp',
      package: 'docs',
      emit: () => [],
      beforeWrite: (files, { toolset }) =>
        files.map((f) =>
          f.path.endsWith('.md') ? { ...f, contents: `${f.contents}<!-- ${toolset} -->\n` } : f,
        ),
    });
    const config = resolveConfig(
      {
        manifests: ['manifests'],
        out,
        plugins: ['server', 'docs', stamp],
        // The config's own hook runs last and sees the plugin's result.
        beforeWrite: async (files) => {
          seen.push(...files.map((f) => f.path).filter((p) => p.endsWith('index.md')));
          return files.map((f) =>
            f.path.endsWith('.ts') ? { ...f, contents: `// formatted\n${f.contents}` } : f,
          );
        },
      },
      dir,
      resolve,
    );
    const first = await createGenerator(config).run();
    expect(seen).toEqual(['tiny-docs/docs/index.md']);
    expect(await readFile(join(out, 'tiny-docs/docs/index.md'), 'utf8')).toMatch(
      /<!-- tiny -->\n$/,
    );
    expect(await readFile(join(out, 'tiny-server/src/index.ts'), 'utf8')).toMatch(
      /^\/\/ formatted\n/,
    );
    // A new generator (a new process) finds the transformed bytes on disk: nothing to write.
    const again = await createGenerator(config).run();
    expect(again.written).toEqual([]);
    expect(again.unchanged).toBe(first.written.length);
  });

  it('reports a hook that throws, adds or drops a file, with its name', async () => {
    const dir = await tinyProject('before-write-bad');
    const attempt = (beforeWrite: never) =>
      errorOf(() =>
        createGenerator(
          resolveConfig(
            { manifests: ['manifests'], out: join(dir, 'out'), plugins: ['docs'], beforeWrite },
            dir,
            resolve,
          ),
        ).run(),
      );
    const thrown = await attempt((() => {
      throw new Error('prettier is not installed');
    }) as never);
    expect(thrown.message).toBe(
      'beforeWrite of the config failed on toolset "tiny": prettier is not installed',
    );
    expect(thrown.location).toEqual({ pointer: '/beforeWrite' });
    const dropped = await attempt(((files: { path: string }[]) => files.slice(1)) as never);
    expect(dropped.message).toMatch(/: it dropped tiny-docs\//);
    const added = await attempt(((files: object[]) => [
      ...files,
      { path: 'elsewhere.txt', contents: '' },
    ]) as never);
    expect(added.message).toMatch(/: it returned elsewhere\.txt, which no plugin made$/);
    const plugin = definePlugin({
      name: 'fmt',
      package: 'docs',
      emit: () => [],
      beforeWrite: () => {
        throw new Error('bad');
      },
    });
    const named = await errorOf(() =>
      createGenerator(
        resolveConfig(
          { manifests: ['manifests'], out: join(dir, 'out'), plugins: ['docs', plugin] },
          dir,
          resolve,
        ),
      ).run(),
    );
    expect(named.message).toBe('beforeWrite of plugin "fmt" failed on toolset "tiny": bad');
  });
});

describe('templates', () => {
  it('are read on every run: a reused (watch) generator picks up a changed template', async () => {
    const dir = await tinyProject('templates-watch');
    const templates = join(dir, 'templates');
    await mkdir(templates);
    await writeFile(join(templates, 'llms.txt.hbs'), 'first {{name}}\n');
    const out = join(dir, 'out');
    const generator = createGenerator(
      resolveConfig({ manifests: ['manifests'], out, templates: 'templates' }, dir, resolve),
    );
    await generator.run();
    expect(await readFile(join(out, 'tiny-docs/llms.txt'), 'utf8')).toBe('first tiny\n');
    await writeFile(join(templates, 'llms.txt.hbs'), 'second {{name}}\n');
    const second = await generator.run();
    expect(await readFile(join(out, 'tiny-docs/llms.txt'), 'utf8')).toBe('second tiny\n');
    expect(second.written).toEqual(['tiny-docs/llms.txt']);
    // The same text again: nothing is emitted or written anew.
    const third = await generator.run({ onProgress: (p) => expect(p.cached).toBe(true) });
    expect(third.written).toEqual([]);
  });

  it('names the file and line of a template that does not parse', async () => {
    const dir = await tinyProject('templates-broken');
    await mkdir(join(dir, 'templates'));
    await writeFile(join(dir, 'templates', 'tool.md.hbs'), '# {{name}}\n\n{{#each inputs}}\n');
    const error = await errorOf(() =>
      createGenerator(
        resolveConfig({ manifests: ['manifests'], templates: 'templates' }, dir, resolve),
      ).run(),
    );
    expect(error.message).toBe('plugin "docs": the template "tool.md.hbs" does not parse');
    expect(error.location).toEqual({ file: join(dir, 'templates', 'tool.md.hbs'), line: 4 });
    expect(DOCS_TEMPLATES).toContain('tool.md');
  });
});

describe('a no-change run', () => {
  it('writes nothing: every file keeps its modification time', async () => {
    const out = await freshDir('nochange-mtime');
    await generatorFor([KITCHEN_SINK], out).run();
    const files: string[] = [];
    const walk = (d: string) => {
      for (const entry of readdirSync(d, { withFileTypes: true })) {
        const path = join(d, entry.name);
        if (entry.isDirectory()) walk(path);
        else files.push(path);
      }
    };
    walk(out);
    expect(files.length).toBeGreaterThan(20);
    // An old, exact time: any write would replace it with now.
    const old = new Date('2001-02-03T04:05:06Z');
    for (const file of files) utimesSync(file, old, old);
    const again = await generatorFor([KITCHEN_SINK], out).run();
    expect(again.written).toEqual([]);
    for (const file of files) expect(statSync(file).mtimeMs, file).toBe(old.getTime());
  });

  it('a reused (watch) generator still restores a generated file edited by hand', async () => {
    const out = await freshDir('memo-edit');
    const generator = generatorFor([KITCHEN_SINK], out);
    await generator.run();
    const file = join(out, 'kitchen-sink-docs/llms.txt');
    const original = await readFile(file, 'utf8');
    // Old enough that the second run remembers the file instead of re-reading it next time.
    const old = new Date('2001-02-03T04:05:06Z');
    utimesSync(file, old, old);
    expect((await generator.run()).written).toEqual([]);
    // Same size, other bytes, a new modification time: the third run must notice.
    await writeFile(
      file,
      original.replace(/[a-z]/, (c) => (c === 'x' ? 'y' : 'x')),
    );
    expect(await readFile(file, 'utf8')).not.toBe(original);
    const third = await generator.run();
    expect(third.written).toEqual(['kitchen-sink-docs/llms.txt']);
    expect(await readFile(file, 'utf8')).toBe(original);
    // And the same holds after the file is remembered with its restored bytes.
    utimesSync(file, old, old);
    await generator.run();
    await writeFile(file, '');
    expect((await generator.run()).written).toEqual(['kitchen-sink-docs/llms.txt']);
  });
});

describe('the generator keeps no state in its modules', () => {
  it('has no module-level mutable state in packages/codegen/src (the repository structure check)', async () => {
    // The repository's own rule (tools/scripts/check-structure.mjs): a top-level
    // let/var, a Map, Set, WeakMap, WeakSet, array or object that some module
    // changes, a mutable static field. A table that is only read is allowed.
    const repo = new URL('../../../', import.meta.url);
    const checker = new URL('tools/scripts/check-structure.mjs', repo).href;
    const { checkStructure } = (await import(checker)) as {
      checkStructure: (
        root: string,
      ) => readonly { rule: string; file: string; line: number; message: string }[];
    };
    const offenders = checkStructure(fileURLToPath(repo))
      .filter((v) => v.rule === 'module-state' && v.file.startsWith('packages/codegen/src/'))
      .map((v) => `${v.file}:${v.line}: ${v.message}`);
    expect(offenders).toEqual([]);
  }, 60_000);
});
