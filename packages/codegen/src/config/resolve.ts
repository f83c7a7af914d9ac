import type { SdkLine, SourceLocation } from '@toolscope/core';
import { CodegenError } from '../errors.js';
import type { AnyPlugin, BeforeWriteHook } from '../plugin.js';
import { GENERATOR_VERSION } from '../version.js';
import { type DocsSiteConfig, type ResolvedDocsSiteConfig, resolveDocsSiteConfig } from './docs.js';

/** The three packages a toolset expands into. */
export type PackageKind = 'server' | 'client' | 'docs';

/** Every package kind, in emit order. */
export const PACKAGE_KINDS = ['server', 'client', 'docs'] as const satisfies readonly PackageKind[];

/** The built-in plugins, in the order a config without `plugins` runs them. */
export const BUILTIN_PLUGINS = ['server', 'client', 'docs'] as const;

/**
 * One entry of the config's `plugins` list: a built-in name (`server`,
 * `client`, `docs`), a module specifier resolved from the config's folder
 * (`./plugins/openai.mjs`, `@acme/toolscope-plugin-zod`) whose default export
 * is a plugin, a plugin object (TypeScript and JavaScript configs), or any of
 * those under `use` with the plugin's `options`.
 */
export type PluginConfigEntry =
  | string
  | AnyPlugin
  | { readonly use: string | AnyPlugin; readonly options?: unknown };

/** A config `plugins` entry with its options and where the config wrote it. */
export interface PluginSpec {
  readonly use: string | AnyPlugin;
  readonly options: unknown;
  /** The config file and JSON pointer of the entry (with line and column in a JSON config). */
  readonly location: SourceLocation;
  /** The same for the entry's `options`. */
  readonly optionsLocation: SourceLocation;
}

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
   * The generator plugins, in order (dependencies run first). Default
   * `["server", "client", "docs"]`; a list given here replaces it, so name the
   * built-in ones you keep.
   */
  readonly plugins?: readonly PluginConfigEntry[];
  /** Runs on every toolset's files before they are written (formatting); TypeScript and JavaScript configs only. */
  readonly beforeWrite?: BeforeWriteHook;
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
  /** The plugins to run, as the config lists them (built-in names, specifiers or objects). */
  readonly plugins: readonly PluginSpec[];
  readonly beforeWrite: BeforeWriteHook | undefined;
  /** The config file the values came from (undefined: defaults and overrides only). */
  readonly configFile: string | undefined;
}

/** Where the config came from, for the positions of plugin errors found after it was read. */
export interface ConfigSource {
  readonly file: string;
  /** The line and column of a JSON pointer in the file's text (JSON configs). */
  readonly locate?: (pointer: string) => { line: number; column: number } | undefined;
}

function pluginSpecs(plugins: CodegenConfig['plugins'], source: ConfigSource | undefined) {
  const at = (pointer: string): SourceLocation => ({
    ...(source === undefined ? {} : { file: source.file, ...source.locate?.(pointer) }),
    pointer,
  });
  if (plugins === undefined) {
    return BUILTIN_PLUGINS.map((use) => ({
      use,
      options: undefined,
      location: at(''),
      optionsLocation: at(''),
    }));
  }
  if (!Array.isArray(plugins)) {
    throw new CodegenError('CONFIG_INVALID', '"plugins" must be a list', {
      location: at('/plugins'),
      hint: 'plugins: ["server", "client", "docs", "./plugins/mine.mjs"]',
    });
  }
  return plugins.map((entry: unknown, index): PluginSpec => {
    const location = at(`/plugins/${index}`);
    const optionsLocation = at(`/plugins/${index}/options`);
    if (typeof entry === 'string' || isPluginObject(entry)) {
      return { use: entry, options: undefined, location, optionsLocation: location };
    }
    if (entry !== null && typeof entry === 'object' && !Array.isArray(entry)) {
      const record = entry as Record<string, unknown>;
      const extra = Object.keys(record).find((k) => k !== 'use' && k !== 'options');
      if (extra !== undefined) {
        throw new CodegenError('CONFIG_INVALID', `unknown key "plugins[${index}].${extra}"`, {
          location: at(`/plugins/${index}/${extra}`),
          hint: 'a plugin entry has "use" (a name or module) and "options"',
        });
      }
      const use = record['use'];
      if (typeof use === 'string' || isPluginObject(use)) {
        return {
          use,
          options: record['options'],
          location,
          optionsLocation: 'options' in record ? optionsLocation : location,
        };
      }
      throw new CodegenError(
        'CONFIG_INVALID',
        `"plugins[${index}].use" must be a plugin name or module specifier`,
        { location: at(`/plugins/${index}/use`), hint: '{ "use": "./plugins/mine.mjs" }' },
      );
    }
    throw new CodegenError(
      'CONFIG_INVALID',
      `"plugins[${index}]" must be a plugin name, a module specifier or { use, options }`,
      { location, hint: `got ${Array.isArray(entry) ? 'a list' : typeof entry}` },
    );
  });
}

/** True for a plugin object (from definePlugin) rather than a name. */
export function isPluginObject(value: unknown): value is AnyPlugin {
  return (
    value !== null &&
    typeof value === 'object' &&
    typeof (value as { name?: unknown }).name === 'string' &&
    typeof (value as { emit?: unknown }).emit === 'function'
  );
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
  source?: ConfigSource,
): ResolvedConfig {
  const scope = config.scope ?? '@toolscope-generated';
  if (!SCOPE.test(scope)) {
    throw new CodegenError('CONFIG_INVALID', `scope "${scope}" is not an npm scope`, {
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
      throw new CodegenError('CONFIG_INVALID', `${field} must contain {toolset} and {kind}`, {
        hint: `got "${pattern}"`,
      });
    }
  }
  const sdk = config.sdk ?? 'v2';
  if (sdk !== 'v1' && sdk !== 'v2') {
    throw new CodegenError('CONFIG_INVALID', `sdk "${String(sdk)}" is not an SDK line`, {
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
    plugins: pluginSpecs(config.plugins, source),
    beforeWrite: config.beforeWrite,
    configFile: source?.file,
  };
}

/** Fills a name pattern for one toolset and package kind. */
export function fillPattern(
  pattern: string,
  values: { scope: string; toolset: string; kind: PackageKind | (string & {}) },
): string {
  return pattern
    .replaceAll('{scope}', values.scope)
    .replaceAll('{toolset}', values.toolset)
    .replaceAll('{kind}', values.kind);
}
