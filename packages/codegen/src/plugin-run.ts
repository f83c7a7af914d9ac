// Loading, ordering and running the configured plugins: the generator's
// load stage resolves them and reads their templates; emit runs them per
// toolset; beforeWrite hooks see the files last. Nothing here keeps state
// between calls: a generator owns whatever it caches.
import { readFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { isAbsolute, join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { type SourceLocation, ToolscopeError } from '@toolscope/core';
import { closestMatch } from '@toolscope/manifest';
import Handlebars from 'handlebars';
import { BUILTIN_PLUGINS, type PluginSpec, type ResolvedConfig } from './config/index.js';
import { isPluginObject } from './config/resolve.js';
import { importTypeScriptConfig } from './config/typescript.js';
import { BUILTIN_PLUGIN_OBJECTS } from './emit/plugins.js';
import { CodegenError } from './errors.js';
import type {
  AnyPlugin,
  BeforeWriteHook,
  GeneratedFile,
  OutputFile,
  PackageOutput,
  PluginTemplates,
  Template,
  ToolsetPlan,
} from './types.js';
import { GENERATED_LIST } from './write.js';

/** A configured plugin, loaded, with its checked options and its config entry's position. */
export interface LoadedPlugin {
  readonly plugin: AnyPlugin;
  readonly options: unknown;
  readonly location: SourceLocation;
}

const PACKAGE_KIND = /^[a-z][a-z0-9-]*$/;
const BUILTIN_NAMES: readonly string[] = BUILTIN_PLUGINS;

function configError(message: string, location: SourceLocation, hint: string, cause?: unknown) {
  return new CodegenError('CONFIG_INVALID', message, {
    location,
    hint,
    ...(cause === undefined ? {} : { cause }),
  });
}

const messageOf = (error: unknown) => (error instanceof Error ? error.message : String(error));

/** Where a module specifier of the config points: a file path, resolved from the config's folder. */
function resolveSpecifier(specifier: string, root: string, location: SourceLocation): string {
  if (specifier.startsWith('.') || isAbsolute(specifier)) return resolve(root, specifier);
  try {
    return createRequire(join(root, 'package.json')).resolve(specifier);
  } catch (error) {
    const near = closestMatch(specifier, BUILTIN_NAMES);
    throw configError(
      `cannot find the plugin module "${specifier}" from ${root}`,
      location,
      near === undefined
        ? `install it in the project (npm install -D ${specifier}), or write a path starting with ./; the built-in plugins are ${BUILTIN_NAMES.join(', ')}`
        : `did you mean the built-in plugin "${near}"?`,
      error,
    );
  }
}

async function importPlugin(specifier: string, root: string, location: SourceLocation) {
  const file = resolveSpecifier(specifier, root, location);
  let module: unknown;
  try {
    module = /\.m?ts$/.test(file)
      ? (await importTypeScriptConfig(file)).module
      : await import(pathToFileURL(file).href);
  } catch (error) {
    throw configError(
      `the plugin module "${specifier}" did not load: ${messageOf(error).split('\n')[0]}`,
      location,
      `check ${file}`,
      error,
    );
  }
  let value = (module as { default?: unknown }).default;
  // A CommonJS build, or a .ts file transpiled as CommonJS, wraps the default once more.
  if (!isPluginObject(value) && value !== null && typeof value === 'object' && 'default' in value) {
    value = (value as { default: unknown }).default;
  }
  if (!isPluginObject(value)) {
    throw configError(
      `the plugin module "${specifier}" has no plugin as its default export`,
      location,
      'export default definePlugin({ name, package, emit }) (from @toolscope/codegen)',
    );
  }
  return value;
}

function checkPlugin(plugin: AnyPlugin, location: SourceLocation): void {
  const fail = (message: string, hint: string) =>
    configError(`plugin "${plugin.name}": ${message}`, location, hint);
  if (plugin.name.length === 0) throw fail('the name is empty', 'give the plugin a name');
  if (typeof plugin.package !== 'string' || !PACKAGE_KIND.test(plugin.package)) {
    throw fail(
      `"package" must be a package kind like "openai" (lowercase letters, digits, dashes); got ${JSON.stringify(plugin.package)}`,
      'package: "server", "client", "docs" adds files there; any other kind is a package of its own',
    );
  }
  const deps = plugin.dependsOn ?? [];
  if (!Array.isArray(deps) || !deps.every((d) => typeof d === 'string')) {
    throw fail('"dependsOn" must be a list of plugin names', 'dependsOn: ["server"]');
  }
}

/** Puts the plugins in dependency order (stable: config order where free); a cycle is an error. */
function order(plugins: readonly LoadedPlugin[]): LoadedPlugin[] {
  const byName = new Map(plugins.map((p) => [p.plugin.name, p]));
  const done = new Set<string>();
  const sorted: LoadedPlugin[] = [];
  const visit = (entry: LoadedPlugin, path: readonly string[]) => {
    const { name } = entry.plugin;
    if (done.has(name)) return;
    if (path.includes(name)) {
      const cycle = [...path.slice(path.indexOf(name)), name];
      throw configError(
        `the plugins depend on each other in a cycle: ${cycle.join(' → ')}`,
        entry.location,
        'a plugin may only depend on plugins that do not depend on it',
      );
    }
    for (const dep of entry.plugin.dependsOn ?? []) {
      const target = byName.get(dep);
      if (target === undefined) {
        const near = closestMatch(dep, [...byName.keys()]);
        throw configError(
          `plugin "${name}" depends on "${dep}", which the config does not list`,
          entry.location,
          near === undefined
            ? `add "${dep}" to "plugins"; listed: ${[...byName.keys()].join(', ')}`
            : `did you mean "${near}"?`,
        );
      }
      visit(target, [...path, name]);
    }
    done.add(name);
    sorted.push(entry);
  };
  for (const entry of plugins) visit(entry, []);
  return sorted;
}

/**
 * Loads the config's plugins: built-in names, module specifiers resolved from
 * the config's folder, or plugin objects; checks each one's shape and options
 * and returns them in dependency order.
 */
export async function loadPlugins(config: ResolvedConfig): Promise<LoadedPlugin[]> {
  const loaded: LoadedPlugin[] = [];
  const names = new Map<string, SourceLocation>();
  for (const spec of config.plugins) {
    const plugin = await pluginOf(spec, config.root);
    checkPlugin(plugin, spec.location);
    const earlier = names.get(plugin.name);
    if (earlier !== undefined) {
      throw configError(
        `the plugin "${plugin.name}" is listed twice`,
        spec.location,
        `the first is at ${earlier.pointer ?? ''}; give each entry once`,
      );
    }
    names.set(plugin.name, spec.location);
    let options: unknown = spec.options;
    if (plugin.resolveOptions === undefined && spec.options !== undefined) {
      throw configError(
        `plugin "${plugin.name}" takes no options`,
        spec.optionsLocation,
        `remove "options" from its entry, or list it as "${typeof spec.use === 'string' ? spec.use : plugin.name}"`,
      );
    }
    if (plugin.resolveOptions !== undefined) {
      try {
        options = plugin.resolveOptions(spec.options);
      } catch (error) {
        throw configError(
          `plugin "${plugin.name}": invalid options: ${messageOf(error)}`,
          spec.optionsLocation,
          `fix the options of "${plugin.name}" in the config`,
          error,
        );
      }
    }
    loaded.push({ plugin, options, location: spec.location });
  }
  return order(loaded);
}

function pluginOf(spec: PluginSpec, root: string): AnyPlugin | Promise<AnyPlugin> {
  if (typeof spec.use !== 'string') return spec.use;
  const builtin = (BUILTIN_PLUGIN_OBJECTS as Record<string, AnyPlugin | undefined>)[spec.use];
  return builtin ?? importPlugin(spec.use, root, spec.location);
}

/** The built-in three, loaded as a config without `plugins` would list them. */
export function builtinPlugins(): LoadedPlugin[] {
  return BUILTIN_PLUGINS.map((name) => ({
    plugin: BUILTIN_PLUGIN_OBJECTS[name],
    options: undefined,
    location: { pointer: '' },
  }));
}

/** One template's text as read this run, and where from. */
export interface TemplateSource {
  readonly plugin: string;
  readonly name: string;
  readonly file: string;
  readonly text: string;
}

function candidates(set: PluginTemplates, name: string, overrides: string | undefined): string[] {
  const file = `${name}.hbs`;
  return [...(overrides === undefined ? [] : [join(overrides, file)]), join(set.dir, file)];
}

function missingTemplate(plugin: string, name: string, tried: readonly string[]) {
  return new CodegenError('CODEGEN_FAILED', `plugin "${plugin}": no template "${name}.hbs"`, {
    location: { file: tried.at(-1) ?? name },
    hint: `looked in ${tried.join(', ')}`,
  });
}

/** Reads every template of every plugin (a file in config `templates` replaces a plugin's own). */
export async function readTemplates(
  plugins: readonly LoadedPlugin[],
  overrides: string | undefined,
): Promise<TemplateSource[]> {
  const sources: TemplateSource[] = [];
  for (const { plugin } of plugins) {
    const set = plugin.templates;
    if (set === undefined) continue;
    for (const name of set.names) {
      const tried = candidates(set, name, overrides);
      let found: TemplateSource | undefined;
      for (const file of tried) {
        try {
          found = { plugin: plugin.name, name, file, text: await readFile(file, 'utf8') };
          break;
        } catch {
          // Not overridden here: the next candidate.
        }
      }
      if (found === undefined) throw missingTemplate(plugin.name, name, tried);
      sources.push(found);
    }
  }
  return sources;
}

/** readTemplates for one template set, synchronously (the deprecated sync entry points). */
export function readTemplatesSync(
  plugin: string,
  set: PluginTemplates,
  overrides: string | undefined,
): TemplateSource[] {
  return set.names.map((name) => {
    const tried = candidates(set, name, overrides);
    for (const file of tried) {
      try {
        return { plugin, name, file, text: readFileSync(file, 'utf8') };
      } catch {
        // The next candidate.
      }
    }
    throw missingTemplate(plugin, name, tried);
  });
}

/** Compiles one template; a syntax error names the file and line. */
export function compileTemplate(source: TemplateSource): Template {
  try {
    Handlebars.parse(source.text);
  } catch (error) {
    const message = messageOf(error);
    const line = Number(/on line (\d+)/.exec(message)?.[1] ?? Number.NaN);
    throw new CodegenError(
      'CODEGEN_FAILED',
      `plugin "${source.plugin}": the template "${source.name}.hbs" does not parse`,
      {
        location: { file: source.file, ...(Number.isNaN(line) ? {} : { line }) },
        hint: message.split('\n').slice(1).join(' ').trim() || 'check the Handlebars syntax',
        cause: error,
      },
    );
  }
  return Handlebars.compile(source.text, { strict: false, noEscape: false });
}

/** The compiled templates of each plugin, by template name. */
export type TemplatesByPlugin = ReadonlyMap<string, ReadonlyMap<string, Template>>;

/** Groups compiled templates by plugin. */
export function groupTemplates(
  sources: readonly TemplateSource[],
  compile: (source: TemplateSource) => Template,
): TemplatesByPlugin {
  const grouped = new Map<string, Map<string, Template>>();
  for (const source of sources) {
    let forPlugin = grouped.get(source.plugin);
    if (forPlugin === undefined) {
      forPlugin = new Map();
      grouped.set(source.plugin, forPlugin);
    }
    forPlugin.set(source.name, compile(source));
  }
  return grouped;
}

function pluginFailure(what: string, entry: LoadedPlugin, toolset: string, error: unknown) {
  if (error instanceof ToolscopeError && error.message.startsWith(`plugin "`)) return error;
  return new CodegenError(
    'CODEGEN_FAILED',
    `plugin "${entry.plugin.name}" ${what} failed on toolset "${toolset}": ${messageOf(error)}`,
    {
      location: entry.location,
      hint: `the error came from the plugin "${entry.plugin.name}"; its configured entry is at ${entry.location.pointer || '(the default plugins)'}`,
      cause: error,
    },
  );
}

function checkPath(path: unknown, entry: LoadedPlugin, toolset: string): string {
  const bad =
    typeof path !== 'string' ||
    path.length === 0 ||
    path.includes('\\') ||
    path.startsWith('/') ||
    /^[A-Za-z]:/.test(path) ||
    path.split('/').some((part) => part === '..' || part === '.' || part === '') ||
    path === GENERATED_LIST;
  if (bad) {
    throw pluginFailure(
      'emit',
      entry,
      toolset,
      new TypeError(
        `it returned the file path ${JSON.stringify(path)}; paths are relative to the package, with / and no . or .. parts${path === GENERATED_LIST ? ` (${GENERATED_LIST} is the generator's own)` : ''}`,
      ),
    );
  }
  return path;
}

const byPath = (a: GeneratedFile, b: GeneratedFile) =>
  a.path < b.path ? -1 : a.path > b.path ? 1 : 0;

/**
 * Runs every plugin on one toolset's plan, in dependency order, and groups
 * the files into packages (in the order their kinds first appear). Two
 * plugins writing one path is an error naming both.
 */
export function emitToolset(
  plan: ToolsetPlan,
  plugins: readonly LoadedPlugin[],
  config: ResolvedConfig,
  templates: TemplatesByPlugin,
): PackageOutput[] {
  const toolset = plan.toolset.name;
  const emitted = new Map<string, readonly GeneratedFile[]>();
  const packages = new Map<string, Map<string, { file: GeneratedFile; plugin: string }>>();
  for (const entry of plugins) {
    const { plugin } = entry;
    const allowed = new Set(plugin.dependsOn ?? []);
    let files: readonly GeneratedFile[];
    try {
      files = plugin.emit(plan, {
        config,
        options: entry.options,
        templates: templates.get(plugin.name) ?? new Map<string, Template>(),
        filesOf: (name: string) => {
          if (!allowed.has(name)) {
            throw new TypeError(`filesOf("${name}"): "${name}" is not in its dependsOn`);
          }
          return emitted.get(name) ?? [];
        },
      });
      if (!Array.isArray(files)) throw new TypeError('emit must return a list of files');
    } catch (error) {
      throw pluginFailure('emit', entry, toolset, error);
    }
    emitted.set(plugin.name, files);
    let target = packages.get(plugin.package);
    if (target === undefined) {
      target = new Map();
      packages.set(plugin.package, target);
    }
    for (const file of files) {
      const path = checkPath(file?.path, entry, toolset);
      if (typeof file.contents !== 'string') {
        throw pluginFailure(
          'emit',
          entry,
          toolset,
          new TypeError(`${path}: contents must be a string`),
        );
      }
      const earlier = target.get(path);
      if (earlier !== undefined) {
        throw pluginFailure(
          'emit',
          entry,
          toolset,
          new TypeError(
            `it wrote ${plugin.package} package file ${path}, which plugin "${earlier.plugin}" wrote already`,
          ),
        );
      }
      target.set(path, { file: { path, contents: file.contents }, plugin: plugin.name });
    }
  }
  return [...packages].map(([kind, files]) => {
    const planned = plan.packages[kind];
    // The planner plans every configured plugin's package kind.
    if (planned === undefined) throw new TypeError(`no package planned for kind "${kind}"`);
    return {
      toolset,
      kind,
      name: planned.name,
      dir: planned.dir,
      files: [...files.values()].map((f) => f.file).sort(byPath),
    };
  });
}

/** A beforeWrite hook with the name its errors carry and the position of its config entry. */
export interface NamedHook {
  readonly name: string;
  readonly hook: BeforeWriteHook;
  readonly location: SourceLocation;
}

/** The hooks of one run: each plugin's in plugin order, then the config's own. */
export function beforeWriteHooks(
  plugins: readonly LoadedPlugin[],
  config: ResolvedConfig,
): NamedHook[] {
  const hooks: NamedHook[] = plugins.flatMap((entry) =>
    entry.plugin.beforeWrite === undefined
      ? []
      : [
          {
            name: `plugin "${entry.plugin.name}"`,
            hook: entry.plugin.beforeWrite,
            location: entry.location,
          },
        ],
  );
  if (config.beforeWrite !== undefined) {
    hooks.push({
      name: 'the config',
      hook: config.beforeWrite,
      location: {
        ...(config.configFile === undefined ? {} : { file: config.configFile }),
        pointer: '/beforeWrite',
      },
    });
  }
  return hooks;
}

/**
 * Hands one toolset's files (paths relative to the output directory) to each
 * hook in turn. A hook returns the same paths with any contents; a path added,
 * dropped or not a string is an error naming the hook.
 */
export async function applyBeforeWrite(
  packages: readonly PackageOutput[],
  hooks: readonly NamedHook[],
  config: ResolvedConfig,
): Promise<PackageOutput[]> {
  if (hooks.length === 0 || packages.length === 0) return [...packages];
  const toolset = packages[0]?.toolset ?? '';
  let files: OutputFile[] = packages.flatMap((pkg) =>
    pkg.files.map((f) => ({ path: `${pkg.dir}/${f.path}`, contents: f.contents })),
  );
  const paths = new Set(files.map((f) => f.path));
  for (const { name, hook, location } of hooks) {
    const fail = (message: string, cause?: unknown) =>
      new CodegenError(
        'CODEGEN_FAILED',
        `beforeWrite of ${name} failed on toolset "${toolset}": ${message}`,
        {
          location,
          hint: 'a beforeWrite hook returns every file it got, contents changed or not',
          cause,
        },
      );
    let result: readonly OutputFile[];
    try {
      result = await hook(files, { config, toolset });
    } catch (error) {
      throw fail(messageOf(error), error);
    }
    if (!Array.isArray(result)) throw fail('it did not return a list of files');
    const seen = new Set<string>();
    for (const file of result) {
      if (typeof file?.path !== 'string' || typeof file.contents !== 'string') {
        throw fail('it returned a file without a string path and contents');
      }
      if (!paths.has(file.path)) throw fail(`it returned ${file.path}, which no plugin made`);
      if (seen.has(file.path)) throw fail(`it returned ${file.path} twice`);
      seen.add(file.path);
    }
    const dropped = [...paths].find((p) => !seen.has(p));
    if (dropped !== undefined) throw fail(`it dropped ${dropped}`);
    files = result.map((f) => ({ path: f.path, contents: f.contents }));
  }
  const contents = new Map(files.map((f) => [f.path, f.contents]));
  return packages.map((pkg) => ({
    ...pkg,
    files: pkg.files.map((f) => ({
      path: f.path,
      contents: contents.get(`${pkg.dir}/${f.path}`) ?? f.contents,
    })),
  }));
}
