import { closestMatch, type LineColumn } from '@toolscope/manifest';
import { CodegenError } from '../errors.js';
import type { CodegenConfig } from './resolve.js';

/** What a config key holds; the checker and the did-you-mean list both read this table. */
type KeyKind = 'string' | 'paths' | 'layout' | 'sdk' | 'object' | 'list' | 'function';

/** Every key a toolscope config may have, and what it holds. */
export const CONFIG_KEYS: Readonly<Record<keyof CodegenConfig | '$schema', KeyKind>> = {
  $schema: 'string',
  manifests: 'paths',
  out: 'string',
  scope: 'string',
  packageName: 'string',
  packageDir: 'string',
  runtimeVersion: 'string',
  templates: 'string',
  license: 'string',
  layout: 'layout',
  sdk: 'sdk',
  // Read by `toolscope docs`; its own fields are checked there.
  docs: 'object',
  // Each entry is checked when the config is resolved, with its position.
  plugins: 'list',
  beforeWrite: 'function',
  // Read by `toolscope serve`; its own fields are checked there.
  serve: 'object',
};

/** The layouts the generator writes. */
export const LAYOUTS = ['packages', 'folders'] as const;

const EXPECTED: Readonly<Record<KeyKind, string>> = {
  string: 'a string',
  paths: 'a path or a list of paths',
  layout: LAYOUTS.map((l) => `"${l}"`).join(' or '),
  sdk: '"v2" (@modelcontextprotocol/server) or "v1" (@modelcontextprotocol/sdk 1.x)',
  object: 'an object',
  list: 'a list',
  function: 'a function (TypeScript and JavaScript configs only)',
};

function holds(kind: KeyKind, value: unknown): boolean {
  switch (kind) {
    case 'string':
      return typeof value === 'string';
    case 'paths':
      return (
        typeof value === 'string' ||
        (Array.isArray(value) && value.every((item) => typeof item === 'string'))
      );
    case 'layout':
      return (LAYOUTS as readonly unknown[]).includes(value);
    case 'sdk':
      return value === 'v1' || value === 'v2';
    case 'object':
      return value !== null && typeof value === 'object' && !Array.isArray(value);
    case 'list':
      return Array.isArray(value);
    case 'function':
      return typeof value === 'function';
  }
}

/** Where a key sits in the config text, when the text has positions (JSON does; JS and TS do not). */
export type LocateKey = (pointer: string) => LineColumn | undefined;

const pointerOf = (key: string) => `/${key.replaceAll('~', '~0').replaceAll('/', '~1')}`;

/**
 * Checks a config value against CONFIG_KEYS: an unknown key is an error with a
 * did-you-mean, a key of the wrong type names what it should hold; both carry
 * the file, the JSON pointer and, when known, the line and column.
 */
export function checkConfigShape(
  value: unknown,
  file: string,
  locate: LocateKey = () => undefined,
): CodegenConfig {
  const fail = (message: string, pointer: string, hint: string) =>
    new CodegenError('CONFIG_INVALID', message, {
      location: { file, pointer, ...locate(pointer) },
      hint,
    });
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    throw fail(
      'the config is not an object',
      '',
      'export default defineConfig({ manifests, out })',
    );
  }
  const known = Object.keys(CONFIG_KEYS);
  for (const [key, field] of Object.entries(value)) {
    const kind = (CONFIG_KEYS as Record<string, KeyKind | undefined>)[key];
    const pointer = pointerOf(key);
    if (kind === undefined) {
      const guess = closestMatch(key, known);
      throw fail(
        `unknown config key "${key}"`,
        pointer,
        `${guess === undefined ? '' : `did you mean "${guess}"? `}known keys: ${known.join(', ')}`,
      );
    }
    if (field !== undefined && !holds(kind, field)) {
      throw fail(`"${key}" must be ${EXPECTED[kind]}`, pointer, `fix "${key}" in ${file}`);
    }
  }
  return value as CodegenConfig;
}
