import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { ToolscopeError } from '@toolscope/core';

/** The project config file `toolscope init` writes and the commands read. */
export const CONFIG_FILE = 'toolscope.config.json';

/**
 * The project config, in the shape @toolscope/codegen's `defineConfig` reads too;
 * commands may read keys of their own, so unknown keys are kept.
 */
export interface ToolscopeConfig {
  /** Manifest files, folders or globs, relative to the config file. */
  readonly manifests: readonly string[];
  /** Where `toolscope generate` writes the generated packages. */
  readonly out: string;
  readonly [key: string]: unknown;
}

/** The defaults `toolscope init` writes and commands assume without a config file. */
export const DEFAULT_CONFIG: ToolscopeConfig = {
  manifests: ['manifests'],
  out: 'packages/generated',
};

/** Reads `toolscope.config.json` in `cwd`; undefined when there is none. */
export async function readConfig(cwd: string): Promise<ToolscopeConfig | undefined> {
  const file = path.join(cwd, CONFIG_FILE);
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch {
    return undefined;
  }
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch {
    throw new ToolscopeError('CONFIG_INVALID', `${CONFIG_FILE} is not valid JSON.`, {
      location: { file: CONFIG_FILE },
    });
  }
  if (data === null || typeof data !== 'object' || Array.isArray(data)) {
    throw new ToolscopeError('CONFIG_INVALID', `${CONFIG_FILE} must hold a JSON object.`, {
      location: { file: CONFIG_FILE },
    });
  }
  const record = data as Record<string, unknown>;
  const listed = record.manifests ?? DEFAULT_CONFIG.manifests;
  const manifests = typeof listed === 'string' ? [listed] : listed;
  if (!Array.isArray(manifests) || manifests.some((m) => typeof m !== 'string')) {
    throw new ToolscopeError('CONFIG_INVALID', '"manifests" must be a list of paths or globs.', {
      location: { file: CONFIG_FILE, pointer: '/manifests' },
      hint: 'e.g. "manifests": ["manifests"]',
    });
  }
  const out = record.out ?? DEFAULT_CONFIG.out;
  if (typeof out !== 'string') {
    throw new ToolscopeError('CONFIG_INVALID', '"out" must be a path.', {
      location: { file: CONFIG_FILE, pointer: '/out' },
    });
  }
  return { ...record, manifests: manifests as string[], out };
}
