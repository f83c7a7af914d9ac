export {
  BUILTIN_PLUGINS,
  CONFIG_FILES,
  CONFIG_KEYS,
  type CodegenConfig,
  type ConfigSource,
  checkConfigShape,
  DEFAULT_RUNTIME_VERSION,
  defineConfig,
  fillPattern,
  LAYOUTS,
  loadConfig,
  PACKAGE_KINDS,
  type PackageKind,
  type PluginConfigEntry,
  type PluginSpec,
  type ResolvedConfig,
  readConfigFile,
  resolveConfig,
} from './config/index.js';
export { DOCS_TEMPLATES } from './emit/docs.js';
export type { Emitter, GeneratedFile } from './emitter.js';
export { CodegenError, type CodegenErrorCode } from './errors.js';
export { type CodeContext, escapeForCode } from './escape.js';
export {
  createGenerator,
  type Generator,
  type GeneratorOptions,
  ManifestLoadError,
  type RunOptions,
  type RunResult,
  STAGES,
  type Stage,
  type StageTimings,
  type ToolsetProgress,
} from './generate.js';
export { camelCase, pascalCase } from './names.js';
export {
  type PackagePlan,
  type PlannedPlugin,
  planManifest,
  planToolset,
  type ToolPlan,
  type ToolsetPlan,
} from './plan.js';
export {
  type AnyPlugin,
  type BeforeWriteContext,
  type BeforeWriteHook,
  definePlugin,
  type EmitContext,
  type OutputFile,
  type PluginTemplates,
  type ReserveContext,
  type ReservedNames,
  type Template,
  type ToolscopePlugin,
} from './plugin.js';
export { PACKAGE_EMITTERS, type PackageOutput, toolsetPreset } from './preset.js';
export { GENERATED_HEADER, GENERATOR_VERSION } from './version.js';
export {
  GENERATED_LIST,
  type GeneratedList,
  readGeneratedList,
  type WriteOptions,
  type WriteReport,
  writePackages,
} from './write.js';
