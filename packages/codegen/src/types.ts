// The generator's vocabulary: the config, plan, plugin and output types.
// They live in one module because they refer to each other (a config lists
// plugins; a plugin's emit receives the config and the plan and returns
// files), so the modules with the code (config/resolve.ts, plan.ts,
// plugin.ts, emitter.ts, preset.ts, emit/*) all import from here and never
// from each other for a type. Types only: importing it loads nothing.
import type { SdkLine, SourceLocation, ToolRequirement } from '@toolscope/core';
import type { ToolIR, ToolsetIR } from '@toolscope/manifest';
import type { DocsSiteConfig, ResolvedDocsSiteConfig } from './config/docs.js';

// ---------------------------------------------------------------- config

/** The three packages a toolset expands into. */
export type PackageKind = 'server' | 'client' | 'docs';

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

// ---------------------------------------------------------------- plan

/** One generated package of a toolset. */
export interface PackagePlan {
  /** `server`, `client`, `docs`, or a plugin's own package kind. */
  readonly kind: PackageKind | (string & {});
  /** npm name, e.g. `@acme/zoom-server`. */
  readonly name: string;
  /** Directory relative to the output directory, e.g. `zoom-server`. */
  readonly dir: string;
}

/** One tool with every name the emitters use for it. */
export interface ToolPlan {
  readonly tool: ToolIR;
  /** Client method and handler key: camelCase of the tool name, unique in the toolset. */
  readonly method: string;
  readonly inputType: string;
  /** Only when the tool declares an output schema. */
  readonly outputType: string | undefined;
  /** Name of the `as const` scope tuple. */
  readonly scopesConst: string;
  /** The requirement with the provider's public facts, as the wire declares it. */
  readonly requirement: ToolRequirement;
}

/** A toolset with its names decided: what every emitter reads. */
export interface ToolsetPlan {
  readonly toolset: ToolsetIR;
  /** `KitchenSink` for `kitchen-sink`. */
  readonly pascal: string;
  /** Type name of each `$defs` entry. */
  readonly defTypes: ReadonlyMap<string, string>;
  readonly tools: readonly ToolPlan[];
  /** The built-in kinds' packages (always planned) and every plugin package kind's. */
  readonly packages: Readonly<Record<PackageKind, PackagePlan>> & {
    readonly [kind: string]: PackagePlan | undefined;
  };
}

// ---------------------------------------------------------------- output

/** One file an emitter makes: a path relative to its package directory, and its text. */
export interface GeneratedFile {
  readonly path: string;
  readonly contents: string;
}

/**
 * The built-in emitters' signature, `(plan, config) → files`. A team's own
 * output is a plugin (`definePlugin`, `ToolscopePlugin`), which the built-in
 * three are wrapped in too.
 */
export type Emitter = (toolset: ToolsetPlan, config: ResolvedConfig) => readonly GeneratedFile[];

/** The files of one generated package, paths relative to the output directory. */
export interface PackageOutput {
  /** The toolset the package belongs to: its owner in the generated-file list. */
  readonly toolset: string;
  /** `server`, `client`, `docs`, or a plugin's own package kind. */
  readonly kind: PackageKind | (string & {});
  readonly name: string;
  /** Directory relative to the output directory. */
  readonly dir: string;
  /** Sorted by path; paths relative to `dir`. */
  readonly files: readonly GeneratedFile[];
}

// ---------------------------------------------------------------- plugins

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
