import { mkdir, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { CONFIG_FILES, type CodegenConfig } from '@toolscope/codegen/config';
import { parseCommandLine, UsageError } from '../args.js';
import { type Command, EXIT } from './types.js';

/** The config file `toolscope init` writes (`check` and `generate` also read the other CONFIG_FILES). */
export const CONFIG_FILE = 'toolscope.config.json';

/** The config `toolscope init` writes: the generator's defaults, spelled out. */
export const DEFAULT_CONFIG = {
  manifests: ['manifests'],
  out: 'packages/generated',
} as const satisfies CodegenConfig;

/** The starter manifest: one tool without authorization and one with oauth2, valid as written. */
export const STARTER_MANIFEST = `# yaml-language-server: $schema=../node_modules/@toolscope/manifest/manifest.schema.json
toolset: example
version: 0.1.0
title: Example
description: A starter toolset. Rename it, point the provider at your service, add tools.
providers:
  example:
    type: oauth2
    issuer: https://auth.example.com
    authorizationEndpoint: https://auth.example.com/oauth/authorize
    tokenEndpoint: https://auth.example.com/oauth/token
    resource: https://api.example.com
    verifier: { kind: opaque }
    scopes:
      items:read: Read your items
tools:
  example_echo:
    title: Echo
    description: Return the text it is given. Needs no authorization.
    annotations: { readOnlyHint: true }
    authorization: none
    input:
      type: object
      properties:
        text: { type: string, maxLength: 1000 }
      required: [text]
    output:
      type: object
      properties:
        text: { type: string }
      required: [text]
  example_listItems:
    title: List items
    description: List the signed-in user's items.
    annotations: { readOnlyHint: true }
    authorization:
      method: oauth2
      provider: example
      requiredScopes: [items:read]
    input:
      type: object
      properties:
        limit: { type: integer, minimum: 1, maximum: 100, default: 20 }
    output:
      type: object
      properties:
        items:
          type: array
          items:
            type: object
            properties:
              id: { type: string }
              name: { type: string }
            required: [id, name]
      required: [items]
`;

async function exists(file: string): Promise<boolean> {
  try {
    await stat(file);
    return true;
  } catch {
    return false;
  }
}

/** `toolscope init`: write a starter manifest and config, never over existing files. */
export const initCommand: Command = {
  name: 'init',
  summary: 'Write a starter manifest and toolscope.config.json',
  usage: `Usage: toolscope init [dir]

Writes <dir>/${CONFIG_FILE} and <dir>/manifests/example.yaml (dir defaults to
the current directory). Writes nothing when either exists, or when <dir>
already has another toolscope.config file (.ts, .mts, .js, .mjs).

Options:
  -h, --help   Show this help`,
  async run(args, context) {
    const { positionals } = parseCommandLine(args, {}, 'init');
    if (positionals.length > 1) {
      throw new UsageError(
        'toolscope init takes at most one directory.',
        'Run `toolscope init --help`.',
      );
    }
    const root = path.resolve(context.cwd, positionals[0] ?? '.');
    const configFile = path.join(root, CONFIG_FILE);
    const manifestFile = path.join(root, 'manifests', 'example.yaml');
    // Any existing config file counts: a new toolscope.config.json beside a
    // toolscope.config.ts would be ignored, the .ts being found first.
    const taken = [];
    for (const file of [...CONFIG_FILES.map((name) => path.join(root, name)), manifestFile])
      if (await exists(file)) taken.push(path.relative(context.cwd, file) || file);
    if (taken.length > 0) {
      context.stderr(
        `error: ${taken.join(' and ')} already exist${taken.length === 1 ? 's' : ''}; nothing was written.\n`,
      );
      return EXIT.failed;
    }
    await mkdir(path.dirname(manifestFile), { recursive: true });
    await writeFile(configFile, `${JSON.stringify(DEFAULT_CONFIG, null, 2)}\n`, { flag: 'wx' });
    await writeFile(manifestFile, STARTER_MANIFEST, { flag: 'wx' });
    const shown = (file: string) => path.relative(context.cwd, file);
    context.stdout(
      `created ${shown(configFile)}\ncreated ${shown(manifestFile)}\n\nNext: toolscope check${positionals[0] ? ` ${path.join(positionals[0], 'manifests')}` : ''}\n`,
    );
    return EXIT.ok;
  },
};
