import { mkdir, readdir, readFile, rm, stat } from 'node:fs/promises';
import { join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  type CodegenConfig,
  createGenerator,
  type GeneratorOptions,
  resolveConfig,
} from '../src/index.js';

/** The codegen package directory (generated test output lives in its git-ignored .tmp/). */
export const PACKAGE_DIR = fileURLToPath(new URL('..', import.meta.url));

/** The manifest package's every-feature fixture. */
export const KITCHEN_SINK = resolve(
  PACKAGE_DIR,
  '../manifest/test/fixtures/valid/kitchen-sink.yaml',
);

/** A fresh output directory under .tmp/ (inside the repo so workspace packages resolve). */
export async function freshDir(name: string): Promise<string> {
  const dir = join(PACKAGE_DIR, '.tmp', name);
  await rm(dir, { recursive: true, force: true });
  await mkdir(dir, { recursive: true });
  return dir;
}

/** A generator for the given manifests writing into `out`. */
export function generatorFor(
  manifests: string[],
  out: string,
  extra: CodegenConfig = {},
  options: GeneratorOptions = {},
) {
  const config = resolveConfig({ manifests, out, scope: '@test', ...extra }, PACKAGE_DIR, resolve);
  return createGenerator(config, options);
}

/** Every file under `dir` with its bytes, keyed by relative path. */
export async function snapshotTree(dir: string): Promise<Map<string, string>> {
  const out = new Map<string, string>();
  async function walk(d: string): Promise<void> {
    for (const entry of (await readdir(d)).sort()) {
      const p = join(d, entry);
      if ((await stat(p)).isDirectory()) await walk(p);
      else out.set(relative(dir, p), await readFile(p, 'utf8'));
    }
  }
  await walk(dir);
  return out;
}
