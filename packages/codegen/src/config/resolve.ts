import { type SdkLine, ToolscopeError } from '@toolscope/core';
import { GENERATOR_VERSION } from '../version.js';
import { type DocsSiteConfig, type ResolvedDocsSiteConfig, resolveDocsSiteConfig } from './docs.js';

/** The three packages a toolset expands into. */
export type PackageKind = 'server' | 'client' | 'docs';

/** Every package kind, in emit order. */
export const PACKAGE_KINDS = ['server', 'client', 'docs'] as const satisfies readonly PackageKind[];

/** What a user writes in `toolscope.config.ts` / `toolscope.config.json`. */
export interface CodegenConfig {
  /** Manifest files or directories (relative to the config file). Default `manifests`. */
  readonly manifests?: string | readonly string[];
  /** Directory the packages are written under. Default `packages/generated` (`src/generated` for the `folders` layout). */
  readonly out?: string;
  /** npm scope of the generated packages, e.g. `@acme`. Default `@toolscope-generated`. */
  readonly scope?: string;
  /** Package name pattern; `{scope}`, `{toolset}` and `{kind}` are replaced. */
  readonly packageName?: string;
  /** Package directory pattern under `out`; same placeholders. */
  readonly packageDir?: string;
  /**
   * Version range the generated packages use for `@toolscope/*` runtime
   * packages. Default: the generator's own version as a caret range (`^0.1.0`);
   * `workspace:*` only makes sense inside a workspace that holds those packages.
   */
  readonly runtimeVersion?: string;
  /** A directory of `.hbs` files that replace the docs templates of the same name. */
  readonly templates?: string;
  /**
   * The official SDK line the generated server stubs target: `v2`
   * (`@modelcontextprotocol/server`, the default) or `v1` (`@modelcontextprotocol/sdk` 1.x).
   */
  readonly sdk?: SdkLine;
  /** SPDX license of the generated packages; without one they are `private` and `UNLICENSED`. */
  readonly license?: string;
  /**
   * `packages` (default): one npm package per toolset and kind, with
   * package.json and a build. `folders`: plain source folders without
   * package.json, for a project that compiles them with its own sources.
   */
  readonly layout?: 'packages' | 'folders';
  /** The docs site of `toolscope docs build`: title, base, logo, guides, out. */
  readonly docs?: DocsSiteConfig;
  /**
   * How `toolscope serve` runs declarative tools: host, port, path, error
   * profile, provider overrides, header mode. Checked by `toolscope serve`.
   */
  readonly serve?: Readonly<Record<string, unknown>>;
}

/** A config with every default applied and paths made absolute. */
export interface ResolvedConfig {
  readonly manifests: readonly string[];
  readonly out: string;
  readonly scope: string;
  readonly packageName: string;
  readonly packageDir: string;
  readonly runtimeVersion: string;
  readonly templates: string | undefined;
  readonly sdk: SdkLine;
  readonly docs: ResolvedDocsSiteConfig;
  /** The `serve` key as written (`toolscope serve` checks it). */
  readonly serve: Readonly<Record<string, unknown>> | undefined;
  readonly license: string | undefined;
  readonly layout: 'packages' | 'folders';
  /** The directory relative paths were resolved against. */
  readonly root: string;
}

/** The runtime range generated packages get by default: this generator's own release line. */
export const DEFAULT_RUNTIME_VERSION = `^${GENERATOR_VERSION}`;

/** Typed identity for `toolscope.config.ts`: `export default defineConfig({ … })`. */
export function defineConfig(config: CodegenConfig): CodegenConfig {
  return config;
}

const SCOPE = /^@[a-z0-9][a-z0-9._-]*$/;

/** Applies defaults and checks the fields a typo would silently break. */
export function resolveConfig(
  config: CodegenConfig,
  root: string,
  resolvePath: (root: string, path: string) => string,
): ResolvedConfig {
  const scope = config.scope ?? '@toolscope-generated';
  if (!SCOPE.test(scope)) {
    throw new ToolscopeError('CONFIG_INVALID', `scope "${scope}" is not an npm scope`, {
      hint: 'write it like @acme',
    });
  }
  const packageName = config.packageName ?? '{scope}/{toolset}-{kind}';
  const packageDir = config.packageDir ?? '{toolset}-{kind}';
  for (const [field, pattern] of [
    ['packageName', packageName],
    ['packageDir', packageDir],
  ] as const) {
    if (!pattern.includes('{toolset}') || !pattern.includes('{kind}')) {
      throw new ToolscopeError('CONFIG_INVALID', `${field} must contain {toolset} and {kind}`, {
        hint: `got "${pattern}"`,
      });
    }
  }
  const sdk = config.sdk ?? 'v2';
  if (sdk !== 'v1' && sdk !== 'v2') {
    throw new ToolscopeError('CONFIG_INVALID', `sdk "${String(sdk)}" is not an SDK line`, {
      hint: 'write "v2" (@modelcontextprotocol/server) or "v1" (@modelcontextprotocol/sdk 1.x)',
    });
  }
  const manifests = config.manifests ?? 'manifests';
  return {
    manifests: (typeof manifests === 'string' ? [manifests] : manifests).map((m) =>
      resolvePath(root, m),
    ),
    // Plain folders belong in the team's source tree; packages in the workspace's packages.
    out: resolvePath(
      root,
      config.out ?? (config.layout === 'folders' ? 'src/generated' : 'packages/generated'),
    ),
    scope,
    packageName,
    packageDir,
    runtimeVersion: config.runtimeVersion ?? DEFAULT_RUNTIME_VERSION,
    templates: config.templates === undefined ? undefined : resolvePath(root, config.templates),
    sdk,
    docs: resolveDocsSiteConfig(config.docs, scope, root, resolvePath),
    serve: config.serve,
    license: config.license,
    layout: config.layout ?? 'packages',
    root,
  };
}

/** Fills a name pattern for one toolset and package kind. */
export function fillPattern(
  pattern: string,
  values: { scope: string; toolset: string; kind: PackageKind },
): string {
  return pattern
    .replaceAll('{scope}', values.scope)
    .replaceAll('{toolset}', values.toolset)
    .replaceAll('{kind}', values.kind);
}
