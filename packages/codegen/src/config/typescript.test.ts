import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ToolscopeError } from '@toolscope/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { importTypeScriptConfig, nodeStripsTypes } from './typescript.js';

const CONFIG = `import type { CodegenConfig } from '@toolscope/codegen';
const scope: string = '@typed';
const config: CodegenConfig = { out: 'gen', scope };
export default config;
`;
// Node 24 strips types itself; the repo keeps one at this path for such checks.
const NODE_24 = '/tmp/n24/node_modules/.bin/node';
const fileModule = fileURLToPath(new URL('./file.ts', import.meta.url));

let dir: string;
let file: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'toolscope-tsconfig-'));
  await writeFile(join(dir, 'package.json'), '{ "type": "module" }\n');
  file = join(dir, 'toolscope.config.ts');
  await writeFile(file, CONFIG);
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

const scopeOf = (module: unknown) => (module as { default: { scope: string } }).default.scope;

describe('loading toolscope.config.ts without a bundler', () => {
  it('transpiles one file with the compiler ts-morph brings, and leaves no file behind', async () => {
    const { module, loader } = await importTypeScriptConfig(file, ['transpile']);
    expect(loader).toBe('transpile');
    expect(scopeOf(module)).toBe('@typed');
    expect(await readdir(dir)).toEqual(['package.json', 'toolscope.config.ts']);
  });

  it('uses tsx when the project installed it', async () => {
    const { module, loader } = await importTypeScriptConfig(file, ['tsx']);
    expect(loader).toBe('tsx');
    expect(scopeOf(module)).toBe('@typed');
  });

  it('names what to install when no loader is available', async () => {
    // Only the Node loader, on a Node that may not strip types: simulates a bare install.
    const run = importTypeScriptConfig(file, nodeStripsTypes() ? [] : ['node']);
    await expect(run).rejects.toBeInstanceOf(ToolscopeError);
    await expect(run).rejects.toMatchObject({ hint: expect.stringMatching(/install tsx/) });
  });

  it.skipIf(!existsSync(NODE_24))(
    "uses Node's own type stripping on Node 24 (no tsx, no transpile)",
    async () => {
      const script = `const { importTypeScriptConfig } = await import(${JSON.stringify(fileModule.replace(/file\.ts$/, 'typescript.ts'))});
const { module, loader } = await importTypeScriptConfig(${JSON.stringify(file)}, ['node']);
console.log(loader, module.default.scope);`;
      const stdout = await new Promise<string>((done, fail) =>
        execFile(NODE_24, ['--input-type=module', '-e', script], { cwd: dir }, (error, out, err) =>
          error ? fail(new TypeError(err)) : done(out),
        ),
      );
      expect(stdout.trim()).toBe('node @typed');
    },
  );
});
