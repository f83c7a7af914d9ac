// Synchronous on purpose: a run compares thousands of small files, and one
// readFileSync costs a few microseconds where an awaited fs/promises readFile
// (open, stat, read, close on the thread pool) costs a few hundred; 3,500
// files took 0.8 s that way and 30 ms this way.
import {
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  rmdirSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { dirname, join, relative, sep } from 'node:path';
import type { PackageOutput } from './types.js';
import { GENERATED_HEADER } from './version.js';

/** The file, in each generated package, that lists what the generator wrote there and for which toolset. */
export const GENERATED_LIST = 'toolscope-generated.json';

/** What a package's generated-file list says: the toolset that owns it and the files it holds. */
export interface GeneratedList {
  readonly toolset: string | undefined;
  readonly files: readonly string[];
}

/** What the write stage did, or (in check and dry-run modes) would do. Paths relative to out. */
export interface WriteReport {
  readonly written: readonly string[];
  readonly removed: readonly string[];
  readonly unchanged: number;
}

/**
 * What a generator remembers of each file it wrote or found up to date: the
 * text, and the size and modification time the file had then. A later run
 * with the same text and an unchanged size and time skips reading the file.
 * Keyed by absolute path.
 */
export type WriteMemo = Map<string, { contents: string; size: number; mtimeMs: number }>;

/** How the write stage treats the disk. */
export interface WriteOptions {
  /** Compare only; touch nothing (`--check` and `--dry-run`). */
  readonly readOnly: boolean;
  /**
   * The manifests of this run are a subset of the project's (`toolscope
   * generate manifests/x.yaml`): earlier output is removed only where its
   * list names one of the toolsets being generated; every other package stays.
   */
  readonly partial?: boolean;
  /** The generator's memory of earlier runs (ignored when read-only). */
  readonly memo?: WriteMemo;
}

const toPosix = (p: string) => p.split(sep).join('/');

function readOrUndefined(path: string): Buffer | undefined {
  try {
    return readFileSync(path);
  } catch {
    return undefined;
  }
}

/** Reads a package's generated-file list; a missing or unreadable one lists nothing. */
export function readGeneratedList(dir: string): GeneratedList {
  const raw = readOrUndefined(join(dir, GENERATED_LIST));
  if (raw === undefined) return { toolset: undefined, files: [] };
  try {
    const parsed = JSON.parse(raw.toString('utf8')) as { files?: unknown; toolset?: unknown };
    const files = Array.isArray(parsed.files)
      ? parsed.files.filter((f): f is string => typeof f === 'string' && !f.includes('..'))
      : [];
    return { toolset: typeof parsed.toolset === 'string' ? parsed.toolset : undefined, files };
  } catch {
    return { toolset: undefined, files: [] };
  }
}

/** True when the file still has the size and time it had when `contents` was written or confirmed. */
function unchangedSince(memo: WriteMemo, target: string, contents: string): boolean {
  const known = memo.get(target);
  if (known === undefined || known.contents !== contents) return false;
  const now = statSync(target, { throwIfNoEntry: false });
  return now !== undefined && now.size === known.size && now.mtimeMs === known.mtimeMs;
}

// A file modified this recently could be modified again without its time
// changing on a file system with coarse timestamps (FAT: 2 s): such a file is
// not remembered, and the next run reads it (git's "racy" rule).
const RACY_MS = 2000;

function remember(memo: WriteMemo | undefined, target: string, contents: string): void {
  if (memo === undefined) return;
  const now = statSync(target, { throwIfNoEntry: false });
  if (now === undefined || Date.now() - now.mtimeMs < RACY_MS) memo.delete(target);
  else memo.set(target, { contents, size: now.size, mtimeMs: now.mtimeMs });
}

/** Removes the now empty folders that held removed files, up to (not including) `out`. */
function removeEmptyFolders(out: string, files: readonly string[]): void {
  const folders = new Set<string>();
  for (const file of files) {
    for (let dir = dirname(join(out, file)); relative(out, dir) !== ''; dir = dirname(dir)) {
      if (relative(out, dir).startsWith('..')) break;
      folders.add(dir);
    }
  }
  // Deepest first, so a parent is looked at after its children went.
  const ordered = [...folders].sort((a, b) => b.length - a.length);
  for (const dir of ordered) {
    try {
      if (readdirSync(dir).length === 0) rmdirSync(dir);
    } catch {
      // Gone already, or not ours to remove: leave it.
    }
  }
}

/** Package directories under `out` that an earlier run generated (they hold a file list). */
function generatedDirs(out: string): string[] {
  let entries: string[];
  try {
    entries = readdirSync(out);
  } catch {
    return [];
  }
  return entries.sort().filter((entry) => readOrUndefined(join(out, entry, GENERATED_LIST)));
}

/**
 * Brings `out` in line with the packages: writes only files whose bytes
 * differ, removes files an earlier run made that this run no longer makes
 * (including whole packages of removed toolsets, unless the run is partial)
 * and the folders that leaves empty, and reports both.
 */
export async function writePackages(
  out: string,
  packages: readonly PackageOutput[],
  options: WriteOptions,
): Promise<WriteReport> {
  const written: string[] = [];
  const removed: string[] = [];
  let unchanged = 0;
  const memo = options.readOnly ? undefined : options.memo;
  const planned = new Map(packages.map((p) => [toPosix(p.dir), p]));
  const toolsets = new Set(packages.map((p) => p.toolset));
  for (const dir of generatedDirs(out)) {
    if (planned.has(dir)) continue;
    const previous = readGeneratedList(join(out, dir));
    // A partial run owns only its own toolsets' output; a list without an owner is kept.
    if (options.partial === true && !toolsets.has(previous.toolset ?? '')) continue;
    for (const file of [...previous.files, GENERATED_LIST]) {
      if (readOrUndefined(join(out, dir, file)) === undefined) continue;
      removed.push(`${dir}/${file}`);
      if (!options.readOnly) rmSync(join(out, dir, file), { force: true });
      memo?.delete(join(out, dir, file));
    }
  }
  for (const pkg of packages) {
    const dir = join(out, pkg.dir);
    const list = {
      generator: GENERATED_HEADER,
      toolset: pkg.toolset,
      files: pkg.files.map((f) => f.path),
    };
    const files = [
      ...pkg.files,
      { path: GENERATED_LIST, contents: `${JSON.stringify(list, null, 2)}\n` },
    ];
    const keep = new Set(files.map((f) => f.path));
    for (const stale of readGeneratedList(dir).files) {
      if (keep.has(stale) || readOrUndefined(join(dir, stale)) === undefined) continue;
      removed.push(toPosix(relative(out, join(dir, stale))));
      if (!options.readOnly) rmSync(join(dir, stale), { force: true });
      memo?.delete(join(dir, stale));
    }
    const made = new Set<string>();
    // A package generated for the first time has nothing on disk to compare with.
    const fresh = !existsSync(dir);
    for (const file of files) {
      const target = join(dir, file.path);
      if (memo !== undefined && !fresh && unchangedSince(memo, target, file.contents)) {
        unchanged++;
        continue;
      }
      const bytes = Buffer.from(file.contents, 'utf8');
      const current = fresh ? undefined : readOrUndefined(target);
      if (current?.equals(bytes)) {
        unchanged++;
        remember(memo, target, file.contents);
        continue;
      }
      written.push(toPosix(relative(out, target)));
      if (!options.readOnly) {
        const parent = dirname(target);
        if (!made.has(parent)) mkdirSync(parent, { recursive: true });
        made.add(parent);
        writeFileSync(target, bytes);
        remember(memo, target, file.contents);
      }
    }
  }
  if (!options.readOnly && removed.length > 0) removeEmptyFolders(out, removed);
  return { written: written.sort(), removed: removed.sort(), unchanged };
}
