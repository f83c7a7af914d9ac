import { randomBytes } from 'node:crypto';
import { readFile, rm, writeFile } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { ToolscopeError } from '@toolscope/core';
// Type-only: Node's own type stripping runs this module straight from src (its test), where a
// relative value import would not resolve; the class is core's, the code is the generator's.
import type { CodegenErrorCode } from '../errors.js';

/** How a `toolscope.config.ts` was loaded: Node itself, the tsx package, or a one-file transpile. */
export type TypeScriptLoader = 'node' | 'tsx' | 'transpile';

/** True when this Node strips TypeScript types itself (≥ 23.6, or 22.6+ with the flag). */
export function nodeStripsTypes(): boolean {
  const features = process.features as unknown as Record<string, unknown>;
  const mode = features['typescript'];
  if (mode === 'strip' || mode === 'transform') return true;
  return process.execArgv.some((arg) => /^--experimental-(strip-types|transform-types)$/.test(arg));
}

async function importTsx(): Promise<
  ((url: string, parent: string) => Promise<unknown>) | undefined
> {
  try {
    // An optional peer: present only when the team installed it.
    const api = (await import('tsx/esm/api')) as {
      tsImport: (url: string, parent: string) => Promise<unknown>;
    };
    return api.tsImport;
  } catch {
    return undefined;
  }
}

/**
 * The last resort on an old Node without tsx: ts-morph (which the generator
 * depends on anyway) carries the TypeScript compiler; the file is
 * transpiled alone to an ES module written beside it (so its imports resolve
 * as the original's would), imported, and removed again.
 */
async function transpileAndImport(file: string): Promise<unknown> {
  const { ts } = await import('ts-morph');
  const output = ts.transpileModule(await readFile(file, 'utf8'), {
    fileName: file,
    compilerOptions: { module: ts.ModuleKind.ESNext, target: ts.ScriptTarget.ES2022 },
  });
  const temporary = join(
    dirname(file),
    `.${basename(file)}.${randomBytes(6).toString('hex')}.toolscope.mjs`,
  );
  await writeFile(temporary, output.outputText, { flag: 'wx' });
  try {
    return await import(pathToFileURL(temporary).href);
  } finally {
    await rm(temporary, { force: true });
  }
}

/**
 * Imports a TypeScript config without putting a bundler into every install:
 * Node's own type stripping where it has it, else `tsx` when the team
 * installed it, else a one-file transpile with the compiler ts-morph brings.
 */
export async function importTypeScriptConfig(
  file: string,
  prefer: readonly TypeScriptLoader[] = ['node', 'tsx', 'transpile'],
): Promise<{ module: unknown; loader: TypeScriptLoader }> {
  const url = pathToFileURL(file).href;
  const failures: string[] = [];
  for (const loader of prefer) {
    try {
      if (loader === 'node') {
        if (!nodeStripsTypes()) continue;
        return { module: await import(url), loader };
      }
      if (loader === 'tsx') {
        const tsImport = await importTsx();
        if (tsImport === undefined) continue;
        return { module: await tsImport(url, import.meta.url), loader };
      }
      return { module: await transpileAndImport(file), loader };
    } catch (error) {
      failures.push(`${loader}: ${error instanceof Error ? error.message.split('\n')[0] : error}`);
    }
  }
  throw new ToolscopeError<CodegenErrorCode>(
    'CONFIG_INVALID',
    'the TypeScript config could not be loaded',
    {
      location: { file },
      hint: `${failures.length > 0 ? `${failures.join('; ')}. ` : ''}Use Node ≥ 23.6 (it strips types itself), install tsx (npm install -D tsx), or write toolscope.config.json or .mjs instead`,
    },
  );
}
