/**
 * Node's on-disk compile cache for the `toolscope` command (Node >= 22.1).
 *
 * Most of a cold `toolscope generate` start is V8 compiling the TypeScript
 * compiler that ts-morph loads; with the cache, the second and later runs read
 * the compiled code back instead. This module imports only Node built-ins: the
 * bin enables the cache before it loads anything else.
 *
 * Where: `node_modules/.cache/toolscope/compile` of the nearest folder above
 * the working directory that has a package.json and a node_modules folder (as
 * other CLIs do), else Node's default (`<os tmpdir>/node-compile-cache`).
 * Node's own switches win: `NODE_DISABLE_COMPILE_CACHE=1` turns it off,
 * `NODE_COMPILE_CACHE=<dir>` picks the folder.
 */
import { existsSync } from 'node:fs';
import * as nodeModule from 'node:module';
import path from 'node:path';

/** What `module.enableCompileCache()` returns (Node >= 22.1). */
interface EnableResult {
  readonly status: number;
  readonly message?: string;
  readonly directory?: string;
}

type EnableCompileCache = (directory?: string) => EnableResult;

/** What {@link enableCompileCache} did. */
export interface CompileCacheOutcome {
  /** `enabled`, or why not: Node older than 22.1, turned off, or already on through NODE_COMPILE_CACHE. */
  readonly state: 'enabled' | 'unsupported' | 'disabled' | 'already-enabled' | 'failed';
  readonly directory?: string | undefined;
}

/** The folder under node_modules/.cache this command uses, or undefined when there is none. */
export function projectCacheDir(cwd: string): string | undefined {
  let dir = path.resolve(cwd);
  for (;;) {
    if (existsSync(path.join(dir, 'package.json'))) {
      const modules = path.join(dir, 'node_modules');
      return existsSync(modules) ? path.join(modules, '.cache', 'toolscope', 'compile') : undefined;
    }
    const parent = path.dirname(dir);
    if (parent === dir) return undefined;
    dir = parent;
  }
}

/**
 * Turns on Node's compile cache unless the environment says otherwise; never
 * throws and never prints (a cache it cannot write only makes the run slower).
 */
export function enableCompileCache(
  cwd: string,
  env: NodeJS.ProcessEnv = process.env,
): CompileCacheOutcome {
  const enable = (nodeModule as unknown as { enableCompileCache?: EnableCompileCache })
    .enableCompileCache;
  const constants = (
    nodeModule as unknown as { constants?: { compileCacheStatus?: Record<string, number> } }
  ).constants?.compileCacheStatus;
  if (typeof enable !== 'function' || constants === undefined) return { state: 'unsupported' };
  if (env.NODE_DISABLE_COMPILE_CACHE !== undefined && env.NODE_DISABLE_COMPILE_CACHE !== '') {
    return { state: 'disabled' };
  }
  const stateOf = (result: EnableResult): CompileCacheOutcome['state'] => {
    if (result.status === constants.ENABLED) return 'enabled';
    if (result.status === constants.ALREADY_ENABLED) return 'already-enabled';
    if (result.status === constants.DISABLED) return 'disabled';
    return 'failed';
  };
  try {
    const preferred = env.NODE_COMPILE_CACHE ? undefined : projectCacheDir(cwd);
    let result = enable(preferred);
    // A read-only node_modules: fall back to Node's default folder in the OS tmp dir.
    if (stateOf(result) === 'failed' && preferred !== undefined) result = enable();
    return { state: stateOf(result), directory: result.directory };
  } catch {
    return { state: 'failed' };
  }
}
