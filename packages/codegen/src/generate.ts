import { createHash } from 'node:crypto';
import {
  type Diagnostic,
  type LoadResult,
  loadManifests,
  ManifestCache,
  ManifestError,
  type ManifestIR,
  type ManifestSource,
} from '@toolscope/manifest';
import { planManifest, type ToolsetPlan } from './plan.js';
import {
  applyBeforeWrite,
  beforeWriteHooks,
  compileTemplate,
  emitToolset,
  groupTemplates,
  type LoadedPlugin,
  loadPlugins,
  readTemplates,
  type TemplateSource,
  type TemplatesByPlugin,
} from './plugin-run.js';
import type { PackageOutput, ResolvedConfig, Template } from './types.js';
import { type WriteMemo, type WriteReport, writePackages } from './write.js';

/** The pipeline's stages, in order; `--profile` prints the time spent in each. */
export type Stage = 'load' | 'validate' | 'plan' | 'emit' | 'write';

/** The stages in pipeline order. */
export const STAGES = [
  'load',
  'validate',
  'plan',
  'emit',
  'write',
] as const satisfies readonly Stage[];

/** Milliseconds per stage of one run. */
export type StageTimings = Record<Stage, number>;

/** One toolset finished emitting. */
export interface ToolsetProgress {
  readonly toolset: string;
  readonly tools: number;
  readonly files: number;
  /** True when the emitted files came from the previous run of the same generator. */
  readonly cached: boolean;
}

/** How one run treats the disk and reports. */
export interface RunOptions {
  /** Compare with the disk and touch nothing. */
  readonly readOnly?: boolean;
  /**
   * The manifests are a subset of the project's (a `generate` given paths):
   * only the toolsets generated now lose stale files; every other toolset's
   * output stays as it is.
   */
  readonly partial?: boolean;
  readonly onProgress?: (progress: ToolsetProgress) => void;
}

/** What one run produced. */
export interface RunResult extends WriteReport {
  readonly packages: readonly PackageOutput[];
  readonly timings: StageTimings;
}

/** The manifests did not load: the diagnostics say where and why. */
export class ManifestLoadError extends ManifestError {
  override readonly name = 'ManifestLoadError';
  readonly diagnostics: readonly Diagnostic[];
  /** The texts read, for code frames in `formatDiagnostics`. */
  readonly sources: readonly ManifestSource[];

  constructor(result: LoadResult) {
    const errors = result.diagnostics.filter((d) => d.severity === 'error');
    const first = errors[0];
    super('MANIFEST_INVALID', `${errors.length} manifest error(s); nothing was generated`, {
      hint: 'run `toolscope check` on the manifests',
      ...(first === undefined
        ? {}
        : {
            location: {
              file: first.file,
              line: first.line,
              column: first.column,
              pointer: first.pointer,
            },
          }),
    });
    this.diagnostics = result.diagnostics;
    this.sources = result.sources;
  }
}

/** A generator bound to one config; keeps each toolset's output to skip unchanged toolsets on re-runs. */
export interface Generator {
  /** The whole pipeline: load the config's manifests, then plan, emit and write. */
  run(options?: RunOptions): Promise<RunResult>;
  /** Plans, emits and writes an already loaded IR. */
  runIR(ir: ManifestIR, options?: RunOptions, timings?: Partial<StageTimings>): Promise<RunResult>;
}

const now = () => performance.now();

function fingerprint(value: unknown): string {
  // The key includes source positions, which never reach the output: a moved
  // line costs a re-emit, never a stale file.
  return createHash('sha256').update(JSON.stringify(value)).digest('hex');
}

function memoized<T>(compute: () => T): () => T {
  let value: { readonly is: T } | undefined;
  return () => {
    value ??= { is: compute() };
    return value.is;
  };
}

/** What the load stage hands to emit besides the IR: the plugins and this run's templates. */
interface Prepared {
  readonly plugins: readonly LoadedPlugin[];
  readonly templates: TemplatesByPlugin;
  /** The template texts of this run: a change re-emits every toolset. */
  readonly templateKey: string;
}

/** How a generator will be used. */
export interface GeneratorOptions {
  /**
   * False for a generator that runs once (the CLI without `--watch`): it does not
   * remember the size and time of every file it wrote for a later run to compare
   * with, which costs a `stat` per file. Default true.
   */
  readonly reuse?: boolean;
}

/**
 * Creates a generator; reuse it (watch mode) so unchanged toolsets are not
 * emitted again. The config's plugins are loaded on the first run; the
 * templates are read again on every run (a changed template re-emits).
 */
export function createGenerator(config: ResolvedConfig, options: GeneratorOptions = {}): Generator {
  // The key is hashed only when a later run has to compare it, so a one-shot
  // CLI run never pays for hashing every toolset.
  const cache = new Map<
    string,
    { toolset: ToolsetPlan['toolset']; key: () => string; packages: PackageOutput[] }
  >();
  // The generator owns its manifest analyses, so an unchanged file yields the same IR object.
  const manifests = new ManifestCache();
  let plugins: Promise<LoadedPlugin[]> | undefined;
  // Compiled templates of the last run by file and text: an unchanged template is not compiled again.
  let compiled = new Map<string, Template>();
  let templateKey: string | undefined;
  // What the write stage wrote or confirmed before: an unchanged file is not read again.
  const written: WriteMemo | undefined = options.reuse === false ? undefined : new Map();

  async function prepare(): Promise<Prepared> {
    plugins ??= loadPlugins(config);
    let loaded: LoadedPlugin[];
    try {
      loaded = await plugins;
    } catch (error) {
      plugins = undefined; // a fixed config or plugin is picked up by the next run
      throw error;
    }
    const sources = await readTemplates(loaded, config.templates);
    const next = new Map<string, Template>();
    const compile = (source: TemplateSource) => {
      const id = `${source.file}\0${source.text}`;
      const fn = compiled.get(id) ?? compileTemplate(source);
      next.set(id, fn);
      return fn;
    };
    const templates = groupTemplates(sources, compile);
    compiled = next;
    const key = sources.map((s) => `${s.plugin}/${s.name}\0${s.file}\0${s.text}`).join('\0');
    return { plugins: loaded, templates, templateKey: key };
  }

  async function emitAll(ir: ManifestIR, prepared: Prepared, options: RunOptions) {
    if (templateKey !== prepared.templateKey) cache.clear();
    templateKey = prepared.templateKey;
    const plans = planManifest(
      ir,
      config,
      prepared.plugins.map((p) => p.plugin),
    );
    const planMs = now();
    const hooks = beforeWriteHooks(prepared.plugins, config);
    const packages: PackageOutput[] = [];
    for (const plan of plans) {
      const hit = cache.get(plan.toolset.name);
      // The loader hands back the same IR object for an unchanged file: no need to hash it.
      const key =
        hit?.toolset === plan.toolset ? hit.key : memoized(() => fingerprint(plan.toolset));
      const cached = hit !== undefined && (hit.key === key || hit.key() === key());
      const emitted = cached
        ? hit.packages
        : await applyBeforeWrite(
            emitToolset(plan, prepared.plugins, config, prepared.templates),
            hooks,
            config,
          );
      cache.set(plan.toolset.name, { toolset: plan.toolset, key, packages: emitted });
      packages.push(...emitted);
      options.onProgress?.({
        toolset: plan.toolset.name,
        tools: plan.tools.length,
        files: emitted.reduce((n, p) => n + p.files.length, 0),
        cached,
      });
    }
    return { packages, planned: planMs };
  }

  async function runPrepared(
    ir: ManifestIR,
    prepared: Prepared,
    options: RunOptions,
    timings: Partial<StageTimings>,
  ): Promise<RunResult> {
    const t = now();
    const { packages, planned } = await emitAll(ir, prepared, options);
    const emitted = now();
    const report = await writePackages(config.out, packages, {
      readOnly: options.readOnly ?? false,
      partial: options.partial ?? false,
      ...(written === undefined ? {} : { memo: written }),
    });
    return {
      ...report,
      packages,
      timings: {
        load: timings.load ?? 0,
        validate: timings.validate ?? 0,
        plan: planned - t,
        emit: emitted - planned,
        write: now() - emitted,
      },
    };
  }

  const generator: Generator = {
    async run(options = {}) {
      let t = now();
      const [loaded, prepared] = await Promise.all([
        loadManifests(config.manifests, { cwd: config.root, cache: manifests }),
        prepare(),
      ]);
      const load = now() - t;
      t = now();
      if (loaded.ir === undefined) throw new ManifestLoadError(loaded);
      const validate = now() - t;
      return runPrepared(loaded.ir, prepared, options, { load, validate });
    },
    async runIR(ir, options = {}, timings = {}) {
      const t = now();
      const prepared = await prepare();
      const load = (timings.load ?? 0) + (now() - t);
      return runPrepared(ir, prepared, options, { ...timings, load });
    },
  };
  return generator;
}
