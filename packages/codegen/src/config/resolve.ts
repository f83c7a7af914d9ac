import type { SourceLocation } from '@toolscope/core';
import { CodegenError } from '../errors.js';
import type {
  AnyPlugin,
  CodegenConfig,
  ConfigSource,
  PackageKind,
  PluginSpec,
  ResolvedConfig,
} from '../types.js';
import { GENERATOR_VERSION } from '../version.js';
import { resolveDocsSiteConfig } from './docs.js';

// The config types live in ../types.js with the plugin and plan types they refer to.
export type {
  CodegenConfig,
  ConfigSource,
  PackageKind,
  PluginConfigEntry,
  PluginSpec,
  ResolvedConfig,
} from '../types.js';

/** Every package kind, in emit order. */
export const PACKAGE_KINDS = ['server', 'client', 'docs'] as const satisfies readonly PackageKind[];

/** The built-in plugins, in the order a config without `plugins` runs them. */
export const BUILTIN_PLUGINS = ['server', 'client', 'docs'] as const;

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
