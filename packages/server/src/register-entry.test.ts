import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import * as v1 from './sdk-v1/register-entry.js';
import * as v2 from './sdk-v2/register-entry.js';

// The workspace's core package, whose runtime entry the declarations may follow.
const coreDist = new URL('../../core/dist/', import.meta.url).pathname;

/** Follows a declaration file's imports, reporting every bare module it reaches. */
function bareImports(file: string, seen = new Set<string>(), bare = new Set<string>()) {
  if (seen.has(file)) return bare;
  seen.add(file);
  const text = readFileSync(file, 'utf8');
  for (const [, spec] of text.matchAll(/(?:from |import\()\s*['"]([^'"]+)['"]/g)) {
    if (spec === undefined) continue;
    if (spec.startsWith('.'))
      bareImports(join(dirname(file), spec.replace(/\.js$/, '.d.ts')), seen, bare);
    else {
      bare.add(spec);
      if (spec === '@toolscope/core/runtime')
        bareImports(join(coreDist, 'runtime.d.ts'), seen, bare);
    }
  }
  return bare;
}

describe.each([
  ['v1', v1],
  ['v2', v2],
])('@toolscope/server/%s/register', (line, entry) => {
  it('pins its value exports', () => {
    expect(Object.keys(entry).sort()).toEqual(['registerTools', 'registerToolset']);
  });

  it("has declarations that reach neither the MCP SDK's nor zod's types", () => {
    const file = new URL(`../dist/sdk-${line}/register-entry.d.ts`, import.meta.url).pathname;
    expect([...bareImports(file)].sort()).toEqual(['@toolscope/core/runtime']);
  });
});
