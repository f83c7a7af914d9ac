import { mkdir, readdir, readFile, rm, writeFile } from 'node:fs/promises';
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

async function readOrUndefined(path: string): Promise<Buffer | undefined> {
  try {
    return await readFile(path);
  } catch {
    return undefined;
  }
}

async function previousList(dir: string): Promise<string[]> {
  const raw = await readOrUndefined(join(dir, GENERATED_LIST));
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
async function generatedDirs(out: string): Promise<string[]> {
  let entries: string[];
  try {
    entries = await readdir(out);
  } catch {
    return [];
  }
  const dirs: string[] = [];
  for (const entry of entries.sort()) {
    if ((await readOrUndefined(join(out, entry, GENERATED_LIST))) !== undefined) dirs.push(entry);
  }
  return dirs;
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
  for (const dir of await generatedDirs(out)) {
    if (!planned.has(dir)) {
      for (const file of [...(await previousList(join(out, dir))), GENERATED_LIST]) {
        if ((await readOrUndefined(join(out, dir, file))) === undefined) continue;
        removed.push(`${dir}/${file}`);
        if (!options.readOnly) await rm(join(out, dir, file), { force: true });
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
    for (const stale of await previousList(dir)) {
      if (keep.has(stale) || (await readOrUndefined(join(dir, stale))) === undefined) continue;
      removed.push(toPosix(relative(out, join(dir, stale))));
      if (!options.readOnly) await rm(join(dir, stale), { force: true });
    }
    for (const file of files) {
      const target = join(dir, file.path);
      const bytes = Buffer.from(file.contents, 'utf8');
      const current = await readOrUndefined(target);
      if (current?.equals(bytes)) {
        unchanged++;
        continue;
      }
      written.push(toPosix(relative(out, target)));
      if (!options.readOnly) {
        await mkdir(dirname(target), { recursive: true });
        await writeFile(target, bytes);
      }
    }
  }
  return { written: written.sort(), removed: removed.sort(), unchanged };
}
