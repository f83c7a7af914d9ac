#!/usr/bin/env node
// Runs the structure check over a small made-up checkout in a temp folder and
// asserts what it finds there: each rule fires on what it forbids and stays
// quiet on what it allows. `pnpm check:structure` runs this first.
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { checkStructure } from './check-structure.mjs';

const files = {
  // a cycle of two modules, one edge type-only; and a module outside it
  'packages/alpha/src/a.ts': "import { b } from './b.js';\nexport const a = () => b;\n",
  'packages/alpha/src/b.ts':
    "import type { a } from './a.js';\nexport const b = 1;\nexport type A = typeof a;\n",
  'packages/alpha/src/c.ts': "import { b } from './b.js';\nexport const c = b;\n",
  // module state: let, var, a mutated Map, an array mutated by an importer, a static field
  'packages/beta/src/state.ts': [
    'export let counter = 0;',
    'var legacy = 1;',
    'const cache = new Map<string, number>();',
    'export function remember(key: string) { cache.set(key, legacy); }',
    'export const registry: string[] = [];',
    'export class Holder { static current = 1; static readonly fixed = 2; }',
    '',
  ].join('\n'),
  'packages/beta/src/user.ts':
    "import { registry } from './state.js';\nexport function add(name: string) { registry.push(name); }\n",
  // allowed: a frozen table, a Map only read, an object only read, mutation of a local
  'packages/beta/src/ok.ts': [
    'export const TABLE = Object.freeze({ a: 1, b: 2 });',
    "const lookup = new Map([['a', 1]]);",
    'const defaults = { retries: 2 };',
    'export function read(key: string) { return lookup.get(key) ?? defaults.retries; }',
    'export function local() { const list: number[] = []; list.push(1); return list; }',
    '',
  ].join('\n'),
  // async context: private and entered only with run() is allowed; exported, or enterWith(), is not
  'packages/beta/src/scope.ts': [
    "import { AsyncLocalStorage } from 'node:async_hooks';",
    'const scope = new AsyncLocalStorage<number>();',
    'export const within = <T>(n: number, fn: () => T) => scope.run(n, fn);',
    'export const current = () => scope.getStore();',
    'export const shared = new AsyncLocalStorage<number>();',
    'const leaky = new AsyncLocalStorage<number>();',
    'export function enter(n: number) { leaky.enterWith(n); }',
    'const named = new AsyncLocalStorage<number>();',
    'export { named };',
    '',
  ].join('\n'),
  // tests are not checked for module state
  'packages/beta/src/ok.test.ts': 'let shared = 0;\nexport const bump = () => ++shared;\n',
  // test layout: one in test/, one beside its module; apps too
  'packages/beta/test/old.test.ts': 'export {};\n',
  'packages/beta/test/helper.ts': 'export const helper = 1;\n',
  'apps/gamma/src/main.test.ts': 'export {};\n',
  'apps/gamma/test/e2e.test.ts': 'export {};\n',
  'apps/delta/scripts/site.test.ts': 'export {};\n',
};

const root = mkdtempSync(join(tmpdir(), 'check-structure-'));
try {
  for (const [file, text] of Object.entries(files)) {
    mkdirSync(dirname(join(root, file)), { recursive: true });
    writeFileSync(join(root, file), text);
  }
  const found = checkStructure(root).map((v) => `${v.rule} ${v.file}:${v.line} ${v.key}`);
  assert.deepEqual(found, [
    'import-cycle packages/alpha/src/a.ts:1 packages/alpha/src/a.ts packages/alpha/src/b.ts',
    'module-state packages/beta/src/scope.ts:5 shared',
    'module-state packages/beta/src/scope.ts:6 leaky',
    'module-state packages/beta/src/scope.ts:8 named',
    'module-state packages/beta/src/state.ts:1 counter',
    'module-state packages/beta/src/state.ts:2 legacy',
    'module-state packages/beta/src/state.ts:3 cache',
    'module-state packages/beta/src/state.ts:5 registry',
    'module-state packages/beta/src/state.ts:6 Holder.current',
    'test-layout apps/gamma/test/e2e.test.ts:1 apps/gamma/test/e2e.test.ts',
    'test-layout packages/beta/test/old.test.ts:1 packages/beta/test/old.test.ts',
  ]);
  const registry = checkStructure(root).find((v) => v.key === 'registry');
  assert.match(registry.message, /changed at packages\/beta\/src\/user\.ts:2/);
  process.stdout.write('check-structure self-test: ok\n');
} finally {
  rmSync(root, { recursive: true, force: true });
}
