import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { CONFIG_FILES, type CodegenConfig } from '@toolscope/codegen/config';
import { parseCommandLine, UsageError } from '../args.js';
import { cliVersion } from '../version.js';
import {
  detectPackageManager,
  exists,
  GENERATED_GLOB,
  type PackageManager,
  planPackageJson,
  planPnpmWorkspace,
  ROOT_TSCONFIG,
  writeNew,
} from './project.js';
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

/** The config `toolscope init` writes: the defaults spelled out, and the runtime range of this CLI. */
export function initConfig(scope: string | undefined): CodegenConfig {
  return {
    ...DEFAULT_CONFIG,
    ...(scope === undefined ? {} : { scope }),
    runtimeVersion: `^${cliVersion()}`,
  };
}

const USAGE = `Usage: toolscope init [dir] [--package-manager npm|pnpm|yarn]

Sets up <dir> (default: the current directory) to generate and build
toolscope packages:
  ${CONFIG_FILE}        the generator's config, with the runtime range ^<this CLI's version>
  manifests/example.yaml      a starter manifest (one none tool, one oauth2 tool)
  package.json                the workspace "${GENERATED_GLOB}" (npm, yarn) and the
                              scripts generate, build and docs:build, where missing
  pnpm-workspace.yaml         the same workspace glob, for pnpm
  tsconfig.json               a strict NodeNext one, only when there is none

The package manager comes from the lockfile, else from the one running init
(npm_config_user_agent), else npm. Nothing is ever overwritten: init refuses
when a toolscope config or the starter manifest exists, and adds to
package.json and pnpm-workspace.yaml only what they lack (a script you already
have is kept and named). It asks nothing, so it runs the same without a TTY.

Options:
  --package-manager <pm>   npm, pnpm or yarn instead of the detected one
  -h, --help               Show this help`;

/** `toolscope init`: set up a project; never over existing files. */
export const initCommand: Command = {
  name: 'init',
  summary: 'Write a starter manifest and toolscope.config.json, and wire the workspace',
  usage: USAGE,
  async run(args, context) {
    const { positionals, values } = parseCommandLine(
      args,
      { 'package-manager': { type: 'string' } },
      'init',
    );
    if (positionals.length > 1) {
      throw new UsageError(
        'toolscope init takes at most one directory.',
        'Run `toolscope init --help`.',
      );
    }
    const forced = values['package-manager'];
    if (forced !== undefined && forced !== 'npm' && forced !== 'pnpm' && forced !== 'yarn') {
      throw new UsageError(
        `--package-manager must be npm, pnpm or yarn, not "${String(forced)}".`,
        'Run `toolscope init --help`.',
      );
    }
    const root = path.resolve(context.cwd, positionals[0] ?? '.');
    const configFile = path.join(root, CONFIG_FILE);
    const manifestFile = path.join(root, 'manifests', 'example.yaml');
    const shown = (file: string) => path.relative(context.cwd, file) || file;
    // Any existing config file counts: a new toolscope.config.json beside a
    // toolscope.config.ts would be ignored, the .ts being found first.
    const taken = [];
    for (const file of [...CONFIG_FILES.map((name) => path.join(root, name)), manifestFile])
      if (await exists(file)) taken.push(shown(file));
    if (taken.length > 0) {
      context.stderr(
        `error: ${taken.join(' and ')} already exist${taken.length === 1 ? 's' : ''}; nothing was written.\nhint: toolscope init sets up a new project; edit the existing files instead.\n`,
      );
      return EXIT.failed;
    }
    const detected = await detectPackageManager(root, context.userAgent);
    const manager = (forced as PackageManager | undefined) ?? detected.manager;
    // Plan every merge before writing anything, so a refusal leaves the project as it was.
    const pkg = await planPackageJson(root, manager, detected.yarnClassic);
    const workspace = manager === 'pnpm' ? await planPnpmWorkspace(root) : undefined;
    const tsconfig = path.join(root, 'tsconfig.json');
    const needsTsconfig = !(await exists(tsconfig));
    const scope = scopeOf(
      pkg.contents ?? (await readFile(path.join(root, 'package.json'), 'utf8')),
    );

    await mkdir(path.dirname(manifestFile), { recursive: true });
    await writeNew(configFile, `${JSON.stringify(initConfig(scope), null, 2)}\n`);
    await writeNew(manifestFile, STARTER_MANIFEST);
    if (pkg.contents !== undefined) await writeFile(path.join(root, 'package.json'), pkg.contents);
    if (workspace?.contents !== undefined) {
      await writeFile(path.join(root, 'pnpm-workspace.yaml'), workspace.contents);
    }
    if (needsTsconfig) await writeNew(tsconfig, `${JSON.stringify(ROOT_TSCONFIG, null, 2)}\n`);

    const lines = [
      `package manager: ${manager}${forced === undefined ? ` (from ${detected.from})` : ''}`,
      `created ${shown(configFile)}`,
      `created ${shown(manifestFile)}`,
      ...[...pkg.changes, ...(workspace?.changes ?? [])].map(
        (c) => `${c.action} ${c.file}${c.detail === '' ? '' : `: ${c.detail}`}`,
      ),
      ...(needsTsconfig ? [`created ${shown(tsconfig)}`] : []),
    ];
    const run = manager === 'npm' ? 'npm run' : manager;
    const inDir = positionals[0] === undefined ? '' : `cd ${positionals[0]} && `;
    // pnpm links a workspace package only into the packages that declare it.
    const pnpmNote =
      manager === 'pnpm'
        ? `\nThen, to import a generated package from the root: pnpm add -w <its name>@workspace:*\n`
        : '';
    context.stdout(
      `${lines.join('\n')}\n\nNext: ${inDir}${run} generate && ${manager} install && ${run} build\n${pnpmNote}`,
    );
    return EXIT.ok;
  },
};

function scopeOf(packageJson: string): string | undefined {
  try {
    const name = (JSON.parse(packageJson) as { name?: unknown }).name;
    return typeof name === 'string' && /^@[a-z0-9][a-z0-9._-]*\//.test(name)
      ? name.slice(0, name.indexOf('/'))
      : undefined;
  } catch {
    return undefined;
  }
}
