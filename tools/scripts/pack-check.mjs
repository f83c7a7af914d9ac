#!/usr/bin/env node
// Packs every publishable package under packages/ as `pnpm publish` would
// (workspace: ranges replaced), then checks each tarball: LICENSE and README
// inside, no `workspace:` range left, no source map pointing at a missing
// file, `publint` clean and `@arethetypeswrong/cli` clean with the ESM-only
// profile. Exits 1 naming every problem. `--keep DIR` leaves the tarballs in
// DIR (the adoption test installs them) instead of a removed temp folder.
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const repo = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const bin = (name) => join(repo, 'node_modules/.bin', name);
const DEPENDENCY_FIELDS = [
  'dependencies',
  'devDependencies',
  'peerDependencies',
  'optionalDependencies',
];

/** Every package under packages/ (one level, generated ones excluded) that is not private. */
export function publishablePackages() {
  const root = join(repo, 'packages');
  return readdirSync(root, { withFileTypes: true })
    .filter((entry) => entry.isDirectory() && entry.name !== 'generated')
    .map((entry) => join(root, entry.name))
    .filter((dir) => {
      try {
        return JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')).private !== true;
      } catch {
        return false;
      }
    })
    .sort();
}

/** Packs one package into `into` with pnpm; returns the tarball's path. */
export function pack(dir, into) {
  const out = execFileSync('pnpm', ['pack', '--pack-destination', into], {
    cwd: dir,
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const tarball = out
    .trim()
    .split('\n')
    .filter((line) => line.endsWith('.tgz'))
    .at(-1);
  if (tarball === undefined) throw new TypeError(`pnpm pack in ${dir} named no tarball:\n${out}`);
  return resolve(dir, tarball.trim());
}

function run(command, args) {
  try {
    execFileSync(command, args, { cwd: repo, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
    return undefined;
  } catch (error) {
    return `${error.stdout ?? ''}${error.stderr ?? ''}`.trim() || String(error);
  }
}

/** The problems of one tarball (empty when it is fine). */
export function checkTarball(tarball) {
  const problems = [];
  const files = execFileSync('tar', ['-tzf', tarball], { encoding: 'utf8' })
    .split('\n')
    .filter(Boolean);
  for (const required of ['package/LICENSE', 'package/README.md', 'package/package.json']) {
    if (!files.includes(required)) problems.push(`${required.slice(8)} is missing`);
  }
  const unpacked = mkdtempSync(join(tmpdir(), 'toolscope-unpack-'));
  try {
    execFileSync('tar', ['-xzf', tarball, '-C', unpacked]);
    const manifest = JSON.parse(readFileSync(join(unpacked, 'package/package.json'), 'utf8'));
    for (const field of DEPENDENCY_FIELDS) {
      for (const [name, range] of Object.entries(manifest[field] ?? {})) {
        if (String(range).startsWith('workspace:')) {
          problems.push(`${field}.${name} is still "${range}"`);
        }
      }
    }
    for (const file of files.filter((f) => f.endsWith('.map'))) {
      const map = JSON.parse(readFileSync(join(unpacked, file), 'utf8'));
      for (const source of map.sources ?? []) {
        const target = join(unpacked, dirname(file), map.sourceRoot ?? '', source);
        if (!files.includes(target.slice(unpacked.length + 1))) {
          problems.push(`${file.slice(8)} points at ${source}, which is not in the tarball`);
        }
      }
    }
  } finally {
    rmSync(unpacked, { recursive: true, force: true });
  }
  const publint = run(bin('publint'), ['run', tarball, '--strict', '--level', 'warning']);
  if (publint !== undefined) problems.push(`publint:\n${publint}`);
  const attw = run(bin('attw'), [tarball, '--profile', 'esm-only', '--format', 'ascii']);
  if (attw !== undefined) problems.push(`attw --profile esm-only:\n${attw}`);
  return problems;
}

async function main() {
  const keepAt = process.argv.indexOf('--keep');
  const into =
    keepAt === -1
      ? mkdtempSync(join(tmpdir(), 'toolscope-pack-'))
      : resolve(process.argv[keepAt + 1] ?? '.');
  mkdirSync(into, { recursive: true });
  let failed = 0;
  try {
    for (const dir of publishablePackages()) {
      const tarball = pack(dir, into);
      const problems = checkTarball(tarball);
      const name = tarball.slice(into.length + 1);
      if (problems.length === 0) {
        console.log(`ok   ${name}`);
      } else {
        failed++;
        console.log(
          `FAIL ${name}\n${problems.map((p) => `  - ${p.replaceAll('\n', '\n    ')}`).join('\n')}`,
        );
      }
    }
  } finally {
    if (keepAt === -1) rmSync(into, { recursive: true, force: true });
  }
  if (failed > 0) {
    console.log(`pack:check: ${failed} package(s) failed`);
    process.exitCode = 1;
  } else {
    console.log('pack:check: every tarball passes');
  }
}

if (process.argv[1] === fileURLToPath(import.meta.url)) await main();
