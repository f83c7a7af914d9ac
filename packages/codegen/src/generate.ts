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
import type { ResolvedConfig } from './config/index.js';
import { planManifest, type ToolsetPlan } from './plan.js';
import { type PackageOutput, toolsetPreset } from './preset.js';
import { type WriteReport, writePackages } from './write.js';

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

/** Creates a generator; reuse it (watch mode) so unchanged toolsets are not emitted again. */
export function createGenerator(config: ResolvedConfig): Generator {
  // The key is hashed only when a later run has to compare it, so a one-shot
  // CLI run never pays for hashing every toolset.
  const cache = new Map<
    string,
    { toolset: ToolsetPlan['toolset']; key: () => string; packages: PackageOutput[] }
  >();
  // The generator owns its manifest analyses, so an unchanged file yields the same IR object.
  const manifests = new ManifestCache();
  const generator: Generator = {
    async run(options = {}) {
      let t = now();
      const loaded = await loadManifests(config.manifests, { cwd: config.root, cache: manifests });
      const load = now() - t;
      t = now();
      if (loaded.ir === undefined) throw new ManifestLoadError(loaded);
      const validate = now() - t;
      return generator.runIR(loaded.ir, options, { load, validate });
    },
    async runIR(ir, options = {}, timings = {}) {
      let t = now();
      const plans = planManifest(ir, config);
      const planMs = now() - t;
      t = now();
      const packages: PackageOutput[] = [];
      for (const plan of plans) {
        const hit = cache.get(plan.toolset.name);
        // The loader hands back the same IR object for an unchanged file: no need to hash it.
        const key =
          hit?.toolset === plan.toolset ? hit.key : memoized(() => fingerprint(plan.toolset));
        const cached = hit !== undefined && (hit.key === key || hit.key() === key());
        const emitted = cached ? hit.packages : toolsetPreset(plan, config);
        cache.set(plan.toolset.name, { toolset: plan.toolset, key, packages: emitted });
        packages.push(...emitted);
        options.onProgress?.({
          toolset: plan.toolset.name,
          tools: plan.tools.length,
          files: emitted.reduce((n, p) => n + p.files.length, 0),
          cached,
        });
      }
      const emitMs = now() - t;
      t = now();
      const report = await writePackages(config.out, packages, {
        readOnly: options.readOnly ?? false,
        partial: options.partial ?? false,
      });
      return {
        ...report,
        packages,
        timings: {
          load: timings.load ?? 0,
          validate: timings.validate ?? 0,
          plan: planMs,
          emit: emitMs,
          write: now() - t,
        },
      };
    },
  };
  return generator;
}
