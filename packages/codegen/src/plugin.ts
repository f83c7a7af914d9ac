import type { ResolvedConfig } from './config/index.js';
import type { GeneratedFile } from './emitter.js';
import type { ToolsetPlan } from './plan.js';

/** A compiled template: data in, text out. */
export type Template = (data: object) => string;

/** The templates a plugin renders with; loaded in the load stage and handed to `emit`. */
export interface PluginTemplates {
  /** Absolute directory holding the plugin's own `<name>.hbs` files. */
  readonly dir: string;
  /**
   * Template names; each is the file `<name>.hbs`. A file of the same name in
   * the config's `templates` directory replaces the plugin's own.
   */
  readonly names: readonly string[];
}

/** Identifiers a plugin's generated files declare or import, which manifest names must never take. */
export interface ReservedNames {
  /** Type names (the planner suffixes a manifest `$defs` entry or tool type that would take one). */
  readonly types?: readonly string[];
  /** Value names (the planner suffixes a per-tool constant that would take one). */
  readonly values?: readonly string[];
}

/** The toolset facts a plugin's reserved names may depend on. */
export interface ReserveContext {
  /** The toolset's name, e.g. `kitchen-sink`. */
  readonly toolset: string;
  /** `KitchenSink` for `kitchen-sink`. */
  readonly pascal: string;
  /** `kitchenSink` for `kitchen-sink`. */
  readonly camel: string;
}

/** What `emit` receives beside the plan. */
export interface EmitContext<Options> {
  readonly config: ResolvedConfig;
  /** The plugin's options from the config entry, after `resolveOptions`. */
  readonly options: Options;
  /** The plugin's templates by name, read in this run's load stage. */
  readonly templates: ReadonlyMap<string, Template>;
  /**
   * The files a plugin this one depends on emitted for the same toolset.
   * Only names listed in `dependsOn` can be asked for.
   */
  readonly filesOf: (plugin: string) => readonly GeneratedFile[];
}

/** A file about to be written: its path relative to the output directory. */
export interface OutputFile {
  readonly path: string;
  readonly contents: string;
}

/** What a `beforeWrite` hook receives beside the files. */
export interface BeforeWriteContext {
  readonly config: ResolvedConfig;
  /** The toolset the files belong to. */
  readonly toolset: string;
}

/**
 * Receives one toolset's files just before they are compared with the disk
 * and may return them transformed (formatted, say). It must return every path
 * it was given and no other; only the contents may change.
 */
export type BeforeWriteHook = (
  files: readonly OutputFile[],
  context: BeforeWriteContext,
) => readonly OutputFile[] | Promise<readonly OutputFile[]>;

/**
 * A generator plugin: a pure function of one toolset's plan and its own
 * options that returns files. Files go into one package per toolset: one of
 * the built-in kinds (`server`, `client`, `docs`, to add files there) or a
 * kind of the plugin's own, named and placed by the config's `packageName`
 * and `packageDir` patterns like the built-in ones.
 */
export interface ToolscopePlugin<Options = undefined> {
  /** Unique among the configured plugins; error messages name it. */
  readonly name: string;
  /** The package kind its files go into: `server`, `client`, `docs` or its own (lowercase, dashes). */
  readonly package: string;
  /** Plugins that must run first; their files are readable through `filesOf`. */
  readonly dependsOn?: readonly string[];
  /** Names the plugin's files declare or import, kept away from manifest-derived names. */
  readonly reserves?: ReservedNames | ((toolset: ReserveContext) => ReservedNames);
  /** Handlebars templates loaded in the load stage (a `--watch` run reloads them). */
  readonly templates?: PluginTemplates;
  /**
   * Checks and defaults the config entry's `options` (undefined when the entry
   * has none). Throw an Error whose message says what is wrong; the generator
   * adds the config position.
   */
  readonly resolveOptions?: (options: unknown) => Options;
  /** The files for one toolset, paths relative to the package directory. */
  readonly emit: (plan: ToolsetPlan, context: EmitContext<Options>) => readonly GeneratedFile[];
  /** Runs on every toolset's files (all plugins' files) before they are written. */
  readonly beforeWrite?: BeforeWriteHook;
}

/** A plugin whose options type is not known here. */
// biome-ignore lint/suspicious/noExplicitAny: a plugin of any options type is accepted in a list
export type AnyPlugin = ToolscopePlugin<any>;

/** Typed identity for a plugin module: `export default definePlugin({ name, package, emit })`. */
export function definePlugin<Options = undefined>(
  plugin: ToolscopePlugin<Options>,
): ToolscopePlugin<Options> {
  return plugin;
}
