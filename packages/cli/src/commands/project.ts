import { readFile, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { UsageError } from '../args.js';

/** The package managers `toolscope init` wires workspaces for. */
export type PackageManager = 'npm' | 'pnpm' | 'yarn';

/** The lockfile that names each package manager, checked in this order. */
export const LOCKFILES: ReadonlyArray<readonly [string, PackageManager]> = [
  ['pnpm-lock.yaml', 'pnpm'],
  ['yarn.lock', 'yarn'],
  ['package-lock.json', 'npm'],
  ['npm-shrinkwrap.json', 'npm'],
];

/** Whether a path exists. */
export async function exists(file: string): Promise<boolean> {
  try {
    await stat(file);
    return true;
  } catch {
    return false;
  }
}

/** The project's package manager: its lockfile, else the one running us (`npm_config_user_agent`), else npm. */
export async function detectPackageManager(
  root: string,
  userAgent: string | undefined,
): Promise<{ manager: PackageManager; from: string; yarnClassic: boolean }> {
  const agentVersion = (name: string) =>
    userAgent?.startsWith(`${name}/`) ? userAgent.slice(name.length + 1).split(' ')[0] : undefined;
  for (const [file, manager] of LOCKFILES) {
    if (await exists(path.join(root, file))) {
      return { manager, from: file, yarnClassic: (agentVersion('yarn') ?? '1').startsWith('1.') };
    }
  }
  for (const manager of ['pnpm', 'yarn', 'npm'] as const) {
    const version = agentVersion(manager);
    if (version !== undefined) {
      return { manager, from: 'npm_config_user_agent', yarnClassic: version.startsWith('1.') };
    }
  }
  return { manager: 'npm', from: 'the default', yarnClassic: false };
}

/** What one merge step did, for the report `init` prints. */
export interface Change {
  readonly file: string;
  readonly action: 'created' | 'updated' | 'kept';
  readonly detail: string;
}

/** The glob of the generated packages, relative to the project root. */
export const GENERATED_GLOB = 'packages/generated/*';

/** The root scripts `init` adds, per package manager. */
export function rootScripts(
  manager: PackageManager,
  yarnClassic: boolean,
  rootName: string,
): Record<'generate' | 'build' | 'docs:build', string> {
  const build =
    manager === 'pnpm'
      ? 'pnpm -r --if-present run build'
      : manager === 'yarn'
        ? yarnClassic
          ? 'yarn workspaces run build'
          : `yarn workspaces foreach --all --topological --exclude ${rootName} run build`
        : 'npm run build --workspaces --if-present';
  return { generate: 'toolscope generate', build, 'docs:build': 'toolscope docs build' };
}

type Json = Record<string, unknown>;

async function readJson(file: string): Promise<Json | undefined> {
  if (!(await exists(file))) return undefined;
  const text = await readFile(file, 'utf8');
  try {
    const value = JSON.parse(text) as unknown;
    if (value !== null && typeof value === 'object' && !Array.isArray(value)) return value as Json;
  } catch {
    // Reported below.
  }
  throw new UsageError(
    `${path.basename(file)} is not a JSON object; toolscope init changed nothing.`,
    `Fix ${file} and run init again.`,
  );
}

/**
 * Adds the workspace glob and the scripts to package.json, only where they
 * are missing: a script of the same name the project already has is kept.
 * Creates a minimal package.json when there is none.
 */
export async function planPackageJson(
  root: string,
  manager: PackageManager,
  yarnClassic: boolean,
): Promise<{ contents: string | undefined; changes: Change[] }> {
  const file = path.join(root, 'package.json');
  const existing = await readJson(file);
  const pkg: Json = existing ?? {
    name: path
      .basename(root)
      .toLowerCase()
      .replace(/[^a-z0-9._-]+/g, '-'),
    version: '0.0.0',
    private: true,
    type: 'module',
  };
  const changes: Change[] = [];
  const name = typeof pkg['name'] === 'string' ? pkg['name'] : path.basename(root);
  if (manager !== 'pnpm') {
    const workspaces = pkg['workspaces'];
    const list = Array.isArray(workspaces)
      ? workspaces
      : workspaces !== null &&
          typeof workspaces === 'object' &&
          Array.isArray((workspaces as Json)['packages'])
        ? ((workspaces as Json)['packages'] as unknown[])
        : undefined;
    if (workspaces === undefined) {
      pkg['workspaces'] = [GENERATED_GLOB];
      changes.push({
        file: 'package.json',
        action: 'updated',
        detail: `workspaces: ${GENERATED_GLOB}`,
      });
    } else if (list === undefined) {
      throw new UsageError(
        'package.json has a "workspaces" field toolscope init cannot read; nothing was changed.',
        `Add "${GENERATED_GLOB}" to it yourself.`,
      );
    } else if (!list.includes(GENERATED_GLOB)) {
      list.push(GENERATED_GLOB);
      changes.push({
        file: 'package.json',
        action: 'updated',
        detail: `workspaces += ${GENERATED_GLOB}`,
      });
    }
  }
  const scripts: Json =
    pkg['scripts'] !== null && typeof pkg['scripts'] === 'object' ? (pkg['scripts'] as Json) : {};
  for (const [script, command] of Object.entries(rootScripts(manager, yarnClassic, name))) {
    if (scripts[script] === undefined) {
      scripts[script] = command;
      changes.push({
        file: 'package.json',
        action: 'updated',
        detail: `scripts.${script}: ${command}`,
      });
    } else if (scripts[script] !== command) {
      changes.push({
        file: 'package.json',
        action: 'kept',
        detail: `your scripts.${script}; toolscope would use "${command}"`,
      });
    }
  }
  pkg['scripts'] = scripts;
  if (existing === undefined)
    changes.unshift({ file: 'package.json', action: 'created', detail: '' });
  const touched = changes.some((c) => c.action !== 'kept');
  return { contents: touched ? `${JSON.stringify(pkg, null, 2)}\n` : undefined, changes };
}

/** Adds the generated glob to pnpm-workspace.yaml, or writes the file; refuses a shape it cannot edit safely. */
export async function planPnpmWorkspace(
  root: string,
): Promise<{ contents: string | undefined; changes: Change[] }> {
  const file = path.join(root, 'pnpm-workspace.yaml');
  const line = `  - '${GENERATED_GLOB}'`;
  if (!(await exists(file))) {
    return {
      contents: `packages:\n${line}\n`,
      changes: [{ file: 'pnpm-workspace.yaml', action: 'created', detail: GENERATED_GLOB }],
    };
  }
  const text = await readFile(file, 'utf8');
  if (text.includes(GENERATED_GLOB)) return { contents: undefined, changes: [] };
  const lines = text.split('\n');
  const at = lines.findIndex((l) => /^packages:\s*(#.*)?$/.test(l));
  if (at === -1 && /^packages:/m.test(text)) {
    throw new UsageError(
      'pnpm-workspace.yaml lists its packages in a form toolscope init does not edit; nothing was changed.',
      `Add "${GENERATED_GLOB}" to its packages yourself.`,
    );
  }
  const next =
    at === -1
      ? `${text}${text.endsWith('\n') || text === '' ? '' : '\n'}packages:\n${line}\n`
      : [...lines.slice(0, at + 1), line, ...lines.slice(at + 1)].join('\n');
  return {
    contents: next,
    changes: [
      { file: 'pnpm-workspace.yaml', action: 'updated', detail: `packages += ${GENERATED_GLOB}` },
    ],
  };
}

/** The tsconfig.json `init` writes when the project has none: strict, NodeNext, for the team's own code. */
export const ROOT_TSCONFIG = {
  compilerOptions: {
    target: 'ES2022',
    module: 'NodeNext',
    moduleResolution: 'NodeNext',
    strict: true,
    noUncheckedIndexedAccess: true,
    verbatimModuleSyntax: true,
    skipLibCheck: false,
    noEmit: true,
  },
  include: ['src'],
};

/** Writes a file only if it does not exist yet (`wx`): init never overwrites. */
export async function writeNew(file: string, contents: string): Promise<void> {
  await writeFile(file, contents, { flag: 'wx' });
}
