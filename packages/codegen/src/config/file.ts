import { access, readFile } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { ToolscopeError } from '@toolscope/core';
import { type CodegenConfig, type ResolvedConfig, resolveConfig } from './resolve.js';

/** Config file names looked for, in this order, in the working directory. */
export const CONFIG_FILES = [
  'toolscope.config.ts',
  'toolscope.config.mts',
  'toolscope.config.js',
  'toolscope.config.mjs',
  'toolscope.config.json',
] as const;

const STRING_FIELDS = [
  'out',
  'scope',
  'packageName',
  'packageDir',
  'runtimeVersion',
  'templates',
  'sdk',
] as const;

function checkShape(value: unknown, file: string): CodegenConfig {
  const fail = (message: string) =>
    new ToolscopeError('CONFIG_INVALID', message, {
      location: { file },
      hint: 'export default defineConfig({ manifests, out, scope })',
    });
  if (value === null || typeof value !== 'object') throw fail('the config is not an object');
  const record = value as Record<string, unknown>;
  for (const field of STRING_FIELDS) {
    if (record[field] !== undefined && typeof record[field] !== 'string') {
      throw fail(`"${field}" must be a string`);
    }
  }
  const m = record['manifests'];
  const ok =
    m === undefined ||
    typeof m === 'string' ||
    (Array.isArray(m) && m.every((x) => typeof x === 'string'));
  if (!ok) throw fail('"manifests" must be a path or a list of paths');
  return record as CodegenConfig;
}

async function exists(path: string): Promise<boolean> {
  try {
    await access(path);
    return true;
  } catch {
    return false;
  }
}

/**
 * Reads a config file. JSON is parsed; JS is imported; TypeScript is
 * transpiled on the fly with tsx's `tsImport` (Node 20 cannot import .ts by
 * itself), so a `toolscope.config.ts` needs no build step.
 */
export async function readConfigFile(file: string): Promise<CodegenConfig> {
  if (file.endsWith('.json')) {
    try {
      return checkShape(JSON.parse(await readFile(file, 'utf8')), file);
    } catch (error) {
      if (error instanceof ToolscopeError) throw error;
      throw new ToolscopeError('CONFIG_INVALID', 'the config file is not valid JSON', {
        location: { file },
        cause: error,
      });
    }
  }
  const url = pathToFileURL(file).href;
  const module = (
    /\.m?ts$/.test(file)
      ? await (await import('tsx/esm/api')).tsImport(url, import.meta.url)
      : await import(url)
  ) as { default?: unknown };
  // A .ts file outside an ESM package is transpiled as CommonJS: unwrap its default.
  const value = module.default;
  const inner =
    value !== null && typeof value === 'object' && 'default' in value
      ? (value as { default: unknown }).default
      : value;
  return checkShape(inner, file);
}

/**
 * Finds and resolves the config: an explicit file, else the first of
 * CONFIG_FILES in `cwd`, else the defaults. Paths resolve against the
 * config file's directory.
 */
export async function loadConfig(
  cwd: string,
  explicit?: string,
  overrides: CodegenConfig = {},
): Promise<{ config: ResolvedConfig; file: string | undefined }> {
  let file: string | undefined;
  if (explicit !== undefined) {
    file = resolve(cwd, explicit);
    if (!(await exists(file))) {
      throw new ToolscopeError('CONFIG_INVALID', `no config file at ${explicit}`);
    }
  } else {
    for (const name of CONFIG_FILES) {
      if (await exists(resolve(cwd, name))) {
        file = resolve(cwd, name);
        break;
      }
    }
  }
  const base = file === undefined ? {} : await readConfigFile(file);
  const root = file === undefined ? cwd : dirname(file);
  const merged: CodegenConfig = { ...base, ...overrides };
  return { config: resolveConfig(merged, root, resolve), file };
}
