/**
 * The generator's configuration: the `toolscope.config.*` file, its defaults
 * and `defineConfig`. Published as `@toolscope/codegen/config` so commands that
 * only need the config (`toolscope check`) never load the emitters and ts-morph.
 */
export type { DocsSiteConfig, ResolvedDocsSiteConfig } from './docs.js';
export { CONFIG_FILES, loadConfig, readConfigFile } from './file.js';
export {
  BUILTIN_PLUGINS,
  type CodegenConfig,
  type ConfigSource,
  DEFAULT_RUNTIME_VERSION,
  defineConfig,
  fillPattern,
  PACKAGE_KINDS,
  type PackageKind,
  type PluginConfigEntry,
  type PluginSpec,
  type ResolvedConfig,
  resolveConfig,
} from './resolve.js';
export { CONFIG_KEYS, checkConfigShape, LAYOUTS, type LocateKey } from './validate.js';
