import { access, readFile } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { parseSource } from '@toolscope/manifest';
import { CodegenError } from '../errors.js';
import {
  type CodegenConfig,
  type ConfigSource,
  type ResolvedConfig,
  resolveConfig,
} from './resolve.js';
import { importTypeScriptConfig } from './typescript.js';
import { checkConfigShape, type LocateKey } from './validate.js';

/** Config file names looked for, in this order, in the working directory. */
export const CONFIG_FILES = [
  'toolscope.config.ts',
  'toolscope.config.mts',
  'toolscope.config.js',
  'toolscope.config.mjs',
  'toolscope.config.json',
] as const;

/** The line and column of a character offset in a text. */
function lineColumnAt(text: string, offset: number): { line: number; column: number } {
  const before = text.slice(0, Math.max(0, Math.min(offset, text.length)));
  const lines = before.split('\n');
  return { line: lines.length, column: (lines.at(-1)?.length ?? 0) + 1 };
}

/** Parses a JSON config; a syntax error names the file, line and column. */
function parseJsonConfig(file: string, text: string): { config: CodegenConfig; locate: LocateKey } {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    // V8 names the offset ("at position 42"); the end of the text is where an unfinished one stops.
    const offset = Number(/position (\d+)/.exec(message)?.[1] ?? text.length);
    // V8 may quote a stretch of the text ("…" is not valid JSON): the position says enough.
    const reason = message.replace(/(\s*in JSON)?\s*at position \d+.*$|, ".*$/s, '');
    throw new CodegenError('CONFIG_INVALID', `the config file is not valid JSON: ${reason}`, {
      location: { file, pointer: '', ...lineColumnAt(text, offset) },
      hint: 'JSON allows no comments and no trailing commas; use toolscope.config.ts for those',
    });
  }
  const parsed = parseSource(file, text);
  const locate: LocateKey = (pointer) => parsed.locate(pointer, 'key');
  return { config: checkConfigShape(value, file, locate), locate };
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
 * Reads a config file. JSON is parsed; JS is imported; TypeScript is imported
 * through importTypeScriptConfig (Node's type stripping, else tsx when
 * installed, else a one-file transpile), so a `toolscope.config.ts` needs no
 * build step and no bundler in every install.
 */
export async function readConfigFile(file: string): Promise<CodegenConfig> {
  return (await readConfigSource(file)).config;
}

/** readConfigFile, with a way to find positions in the file (JSON) for later errors. */
async function readConfigSource(
  file: string,
): Promise<{ config: CodegenConfig; source: ConfigSource }> {
  if (file.endsWith('.json')) {
    const { config, locate } = parseJsonConfig(file, await readFile(file, 'utf8'));
    return { config, source: { file, locate } };
  }
  const module = (
    /\.m?ts$/.test(file)
      ? (await importTypeScriptConfig(file)).module
      : await import(pathToFileURL(file).href)
  ) as { default?: unknown };
  // A .ts file outside an ESM package is transpiled as CommonJS: unwrap its default.
  const value = module.default;
  const inner =
    value !== null && typeof value === 'object' && 'default' in value
      ? (value as { default: unknown }).default
      : value;
  return { config: checkConfigShape(inner, file), source: { file } };
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
      throw new CodegenError('CONFIG_INVALID', `no config file at ${explicit}`);
    }
  } else {
    for (const name of CONFIG_FILES) {
      if (await exists(resolve(cwd, name))) {
        file = resolve(cwd, name);
        break;
      }
    }
  }
  const read = file === undefined ? undefined : await readConfigSource(file);
  const root = file === undefined ? cwd : dirname(file);
  const merged: CodegenConfig = { ...read?.config, ...overrides };
  return { config: resolveConfig(merged, root, resolve, read?.source), file };
}
