import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join, relative } from 'node:path';
import type { RunResult } from '@toolscope/codegen';

/** Where the build step prints. */
export interface BuildIO {
  readonly cwd: string;
  readonly stdout: (line: string) => void;
  readonly stderr: (line: string) => void;
}

/**
 * The generated TypeScript packages `generate --build` compiles: those the run
 * wrote files into, and those never built (no dist/ yet).
 */
export function packagesToBuild(out: string, result: RunResult): string[] {
  const touched = new Set(result.written.map((path) => path.split('/').slice(0, -1).join('/')));
  return result.packages
    .map((pkg) => ({ pkg, dir: join(out, pkg.dir) }))
    .filter(({ dir }) => existsSync(join(dir, 'tsconfig.build.json')))
    .filter(
      ({ pkg, dir }) =>
        !existsSync(join(dir, 'dist')) ||
        [...touched].some((folder) => folder === pkg.dir || folder.startsWith(`${pkg.dir}/`)),
    )
    .map(({ dir }) => dir);
}

/**
 * Compiles each package with the TypeScript it depends on (its own
 * devDependency, found from its folder), as its `build` script would.
 * Resolves to the number of packages that failed.
 */
export async function buildPackages(dirs: readonly string[], io: BuildIO): Promise<number> {
  let failed = 0;
  for (const dir of dirs) {
    const shown = relative(io.cwd, dir) || dir;
    let tsc: string;
    try {
      tsc = createRequire(join(dir, 'package.json')).resolve('typescript/bin/tsc');
    } catch {
      io.stderr(
        `build: ${shown}: no typescript found from this folder; run your package manager's install (the package lists typescript in devDependencies)`,
      );
      failed++;
      continue;
    }
    const output = await new Promise<string | undefined>((done) => {
      execFile(
        process.execPath,
        [tsc, '-p', join(dir, 'tsconfig.build.json')],
        { cwd: dir, encoding: 'utf8' },
        (error, stdout, stderr) =>
          done(error ? `${stdout}${stderr}`.trim() || error.message : undefined),
      );
    });
    if (output === undefined) {
      io.stdout(`built ${shown}`);
    } else {
      io.stderr(`build: ${shown} failed:\n${output}`);
      failed++;
    }
  }
  return failed;
}
