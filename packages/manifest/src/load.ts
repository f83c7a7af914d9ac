/**
 * Loading: every manifest together, so cross-toolset rules (unique tool names,
 * unique toolset ids) hold for what will be generated and served together.
 */
import { readFile } from 'node:fs/promises';
import type { Diagnostic } from './diagnostics.js';
import { displayPath, resolveInput } from './files.js';
import type { ManifestIR, ToolsetIR } from './ir.js';
import { parseSource } from './source.js';
import { analyzeToolset, type ToolsetAnalysis } from './toolset.js';

/** A manifest text and the name to report it under. */
export interface ManifestSource {
  readonly file: string;
  readonly text: string;
}

/** The result of loading; nothing in it is thrown. */
export interface LoadResult {
  /** Defined iff there is no error-severity diagnostic. */
  readonly ir: ManifestIR | undefined;
  /** Sorted by file, line and column. */
  readonly diagnostics: readonly Diagnostic[];
  /** The manifest files loaded, as reported in diagnostics. */
  readonly files: readonly string[];
  /** The texts read, for code frames (`formatDiagnostics`). */
  readonly sources: readonly ManifestSource[];
  /** Toolsets and tools found, counted even when there are errors. */
  readonly counts: { readonly toolsets: number; readonly tools: number };
}

/** Options of `loadManifestSources`. */
export interface LoadSourcesOptions {
  /** Analyses to reuse and keep (watch mode); without it nothing is kept between loads. */
  readonly cache?: ManifestCache;
}

/** Options of `loadManifests`. */
export interface LoadOptions extends LoadSourcesOptions {
  /** Where relative inputs resolve from; defaults to `process.cwd()`. */
  readonly cwd?: string;
}

function compareDiagnostics(a: Diagnostic, b: Diagnostic): number {
  if (a.file !== b.file) return a.file < b.file ? -1 : 1;
  return a.line - b.line || a.column - b.column || (a.code < b.code ? -1 : a.code > b.code ? 1 : 0);
}

/** Options of `ManifestCache`. */
export interface ManifestCacheOptions {
  /** How many files it remembers before it starts over; 4096 unless set. */
  readonly maxFiles?: number;
}

/**
 * Analyses a caller keeps between loads (watch mode, a warm generator). The
 * analysis of a manifest depends only on its name and text, so a load through
 * the same cache re-analyses only the files whose text changed, and hands back
 * the same IR object for the others. Pass one to `loadManifests` and
 * `loadManifestSources` as `options.cache`; without one, every load starts
 * fresh and nothing is kept between calls.
 */
export class ManifestCache {
  readonly #entries = new Map<
    string,
    { readonly text: string; readonly analysis: ToolsetAnalysis }
  >();
  readonly #maxFiles: number;

  constructor(options: ManifestCacheOptions = {}) {
    this.#maxFiles = options.maxFiles ?? 4096;
  }

  /** How many files it holds an analysis of. */
  get size(): number {
    return this.#entries.size;
  }

  /** Forgets every analysis. */
  clear(): void {
    this.#entries.clear();
  }

  /** @internal The analysis of one source, reused when its text is unchanged. */
  analyze(source: ManifestSource): ToolsetAnalysis {
    const hit = this.#entries.get(source.file);
    if (hit?.text === source.text) return hit.analysis;
    const analysis = analyzeSource(source);
    if (this.#entries.size >= this.#maxFiles) this.#entries.clear();
    this.#entries.set(source.file, { text: source.text, analysis });
    return analysis;
  }
}

function analyzeSource(source: ManifestSource): ToolsetAnalysis {
  return analyzeToolset(parseSource(source.file, source.text));
}

/** Loads manifests from memory; synchronous, never throws for bad input. */
export function loadManifestSources(
  sources: readonly ManifestSource[],
  options: LoadSourcesOptions = {},
): LoadResult {
  const { cache } = options;
  const diagnostics: Diagnostic[] = [];
  const toolsets: ToolsetIR[] = [];
  const toolsetFiles = new Map<string, string>();
  const toolFiles = new Map<string, { file: string; toolset: string }>();
  let toolCount = 0;
  let toolsetCount = 0;
  for (const source of sources) {
    const analysis = cache === undefined ? analyzeSource(source) : cache.analyze(source);
    diagnostics.push(...analysis.diagnostics);
    if (analysis.toolset) toolsets.push(analysis.toolset);
    if (analysis.name !== undefined) {
      toolsetCount++;
      const first = toolsetFiles.get(analysis.name);
      if (first !== undefined) {
        diagnostics.push({
          severity: 'error',
          code: 'TOOLSET_DUPLICATE',
          message: `The toolset "${analysis.name}" is also declared in ${first}.`,
          hint: 'Each toolset id names its generated packages, so it must be unique: rename one.',
          file: source.file,
          ...locateToolsetKey(source.text),
          pointer: '/toolset',
        });
      } else toolsetFiles.set(analysis.name, source.file);
    }
    for (const tool of analysis.tools) {
      toolCount++;
      const first = toolFiles.get(tool.name);
      if (first !== undefined) {
        diagnostics.push({
          severity: 'error',
          code: 'TOOL_DUPLICATE',
          message: `The tool name "${tool.name}" is also used by the toolset "${first.toolset}" (${first.file}).`,
          hint: 'MCP clients see one flat list of tools: prefix names with the toolset, e.g. "zoom_listMeetings".',
          file: tool.source.file,
          line: tool.source.line,
          column: tool.source.column,
          pointer: tool.source.pointer,
        });
      } else toolFiles.set(tool.name, { file: source.file, toolset: analysis.name ?? '?' });
    }
  }
  diagnostics.sort(compareDiagnostics);
  const failed = diagnostics.some((d) => d.severity === 'error');
  return {
    ir: failed ? undefined : { toolsets: toolsets.sort((a, b) => (a.name < b.name ? -1 : 1)) },
    diagnostics,
    files: sources.map((s) => s.file),
    sources,
    counts: { toolsets: toolsetCount, tools: toolCount },
  };
}

/** The position of the `toolset:` key; YAML and JSON both write it at the start of a line. */
function locateToolsetKey(text: string): { line: number; column: number } {
  const lines = text.split('\n');
  const index = lines.findIndex((line) => /^\s*"?toolset"?\s*:/.test(line));
  return index >= 0
    ? { line: index + 1, column: (lines[index]?.search(/\S/) ?? 0) + 1 }
    : { line: 1, column: 1 };
}

/** Loads manifests from files, folders (their `*.yaml`, `*.yml`, `*.json`) and globs; never throws for bad input. */
export async function loadManifests(
  inputs: string | readonly string[],
  options: LoadOptions = {},
): Promise<LoadResult> {
  const cwd = options.cwd ?? process.cwd();
  const list = typeof inputs === 'string' ? [inputs] : inputs;
  const missing: Diagnostic[] = [];
  const files = new Set<string>();
  for (const input of list) {
    const found = await resolveInput(input, cwd);
    if (found === undefined || found.length === 0) {
      missing.push({
        severity: 'error',
        code: 'MANIFEST_NOT_FOUND',
        message:
          found === undefined
            ? `Nothing matches "${input}".`
            : `The folder "${input}" holds no manifest (*.yaml, *.yml, *.json).`,
        hint: 'Pass manifest files, folders or globs, e.g. `toolscope check manifests/`.',
        file: input,
        line: 1,
        column: 1,
        pointer: '',
      });
    }
    for (const file of found ?? []) files.add(file);
  }
  const sources: ManifestSource[] = [];
  for (const file of [...files].sort()) {
    const shown = displayPath(file, cwd);
    try {
      sources.push({ file: shown, text: await readFile(file, 'utf8') });
    } catch {
      missing.push({
        severity: 'error',
        code: 'MANIFEST_NOT_FOUND',
        message: `Cannot read "${shown}".`,
        file: shown,
        line: 1,
        column: 1,
        pointer: '',
      });
    }
  }
  const result = loadManifestSources(
    sources,
    options.cache === undefined ? {} : { cache: options.cache },
  );
  if (missing.length === 0) return result;
  return {
    ...result,
    ir: undefined,
    diagnostics: [...missing, ...result.diagnostics].sort(compareDiagnostics),
  };
}
