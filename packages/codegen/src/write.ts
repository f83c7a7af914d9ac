// Synchronous on purpose: a run compares thousands of small files, and one
// readFileSync costs a few microseconds where an awaited fs/promises readFile
// (open, stat, read, close on the thread pool) costs a few hundred; 3,500
// files took 0.8 s that way and 30 ms this way.
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, relative, sep } from 'node:path';
import type { PackageOutput } from './preset.js';
import { GENERATED_HEADER } from './version.js';

/** The file, in each generated package, that lists what the generator wrote there. */
export const GENERATED_LIST = 'toolscope-generated.json';

/** What the write stage did, or (in check and dry-run modes) would do. Paths relative to out. */
export interface WriteReport {
  readonly written: readonly string[];
  readonly removed: readonly string[];
  readonly unchanged: number;
}

/** How the write stage treats the disk. */
export interface WriteOptions {
  /** Compare only; touch nothing (`--check` and `--dry-run`). */
  readonly readOnly: boolean;
}

const toPosix = (p: string) => p.split(sep).join('/');

function readOrUndefined(path: string): Buffer | undefined {
  try {
    return readFileSync(path);
  } catch {
    return undefined;
  }
}

function previousList(dir: string): string[] {
  const raw = readOrUndefined(join(dir, GENERATED_LIST));
  if (raw === undefined) return [];
  try {
    const parsed = JSON.parse(raw.toString('utf8')) as { files?: unknown };
    return Array.isArray(parsed.files)
      ? parsed.files.filter((f): f is string => typeof f === 'string' && !f.includes('..'))
      : [];
  } catch {
    return [];
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
 * (including whole packages of removed toolsets), and reports both.
 */
export async function writePackages(
  out: string,
  packages: readonly PackageOutput[],
  options: WriteOptions,
): Promise<WriteReport> {
  const written: string[] = [];
  const removed: string[] = [];
  let unchanged = 0;
  const planned = new Map(packages.map((p) => [toPosix(p.dir), p]));
  for (const dir of generatedDirs(out)) {
    if (!planned.has(dir)) {
      for (const file of [...previousList(join(out, dir)), GENERATED_LIST]) {
        if (readOrUndefined(join(out, dir, file)) === undefined) continue;
        removed.push(`${dir}/${file}`);
        if (!options.readOnly) rmSync(join(out, dir, file), { force: true });
      }
    }
  }
  for (const pkg of packages) {
    const dir = join(out, pkg.dir);
    const list = {
      generator: GENERATED_HEADER,
      files: pkg.files.map((f) => f.path),
    };
    const files = [
      ...pkg.files,
      { path: GENERATED_LIST, contents: `${JSON.stringify(list, null, 2)}\n` },
    ];
    const keep = new Set(files.map((f) => f.path));
    for (const stale of previousList(dir)) {
      if (keep.has(stale) || readOrUndefined(join(dir, stale)) === undefined) continue;
      removed.push(toPosix(relative(out, join(dir, stale))));
      if (!options.readOnly) rmSync(join(dir, stale), { force: true });
    }
    const made = new Set<string>();
    // A package generated for the first time has nothing on disk to compare with.
    const fresh = !existsSync(dir);
    for (const file of files) {
      const target = join(dir, file.path);
      const bytes = Buffer.from(file.contents, 'utf8');
      const current = fresh ? undefined : readOrUndefined(target);
      if (current?.equals(bytes)) {
        unchanged++;
        continue;
      }
      written.push(toPosix(relative(out, target)));
      if (!options.readOnly) {
        const parent = dirname(target);
        if (!made.has(parent)) mkdirSync(parent, { recursive: true });
        made.add(parent);
        writeFileSync(target, bytes);
      }
    }
  }
  return { written: written.sort(), removed: removed.sort(), unchanged };
}
