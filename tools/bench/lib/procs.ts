// Child processes of the http suites: a server (lib/http-server.ts) and a load
// generator (lib/loadgen.ts), each its own Node process on 127.0.0.1.
import { type ChildProcess, fork } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const execArgv = ['--import', 'tsx', '--expose-gc'];
// Children still running when this process ends (a failed suite) are ended with it.
const children = new Set<ChildProcess>();
process.on('exit', () => {
  for (const c of children) c.kill('SIGKILL');
});
function track(child: ChildProcess): ChildProcess {
  children.add(child);
  child.once('exit', () => children.delete(child));
  return child;
}

export interface ServerProcess {
  readonly url: string;
  mem(): Promise<{ mem: NodeJS.MemoryUsage; holding: number }>;
  release(): void;
  close(): Promise<void>;
}

function next<T>(child: ChildProcess, pick: (m: unknown) => T | undefined): Promise<T> {
  return new Promise((resolve, reject) => {
    const onMessage = (m: unknown) => {
      const v = pick(m);
      if (v !== undefined) {
        child.off('message', onMessage);
        child.off('exit', onExit);
        resolve(v);
      }
    };
    const onExit = (code: number | null) => reject(new Error(`child exited (${code})`));
    child.on('message', onMessage);
    child.once('exit', onExit);
  });
}

export async function startServer(
  kind: string,
  mode: string,
  extraTools = 0,
): Promise<ServerProcess> {
  const child = track(
    fork(join(here, 'http-server.ts'), [kind, mode, String(extraTools)], {
      // BENCH_CPU_PROF=<folder>: each server process writes a V8 CPU profile there
      // (read it with profile/summarize.mjs).
      execArgv: process.env['BENCH_CPU_PROF']
        ? [
            ...execArgv,
            '--cpu-prof',
            `--cpu-prof-dir=${join(process.env['BENCH_CPU_PROF'], `${kind}-${mode}-${extraTools}`)}`,
          ]
        : execArgv,
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    }),
  );
  const url = await next(child, (m) => (m as { url?: string }).url);
  return {
    url,
    mem() {
      type Answer = { mem: NodeJS.MemoryUsage; holding: number };
      const answer = next<Answer>(child, (m) =>
        (m as { mem?: unknown }).mem === undefined ? undefined : (m as Answer),
      );
      child.send('mem');
      return answer;
    },
    release: () => child.send('release'),
    async close() {
      const exited = new Promise((r) => child.once('exit', r));
      child.send('close');
      const timer = setTimeout(() => child.kill('SIGKILL'), 5000);
      await exited;
      clearTimeout(timer);
    },
  };
}

export interface LoadResult {
  readonly calls: number;
  readonly seconds: number;
  readonly rate: number;
  readonly p50: number;
  readonly p99: number;
}

export interface LoadOptions {
  readonly url: string;
  readonly mode?: 'load' | 'sessions' | 'hold';
  readonly era?: 'modern' | 'legacy';
  readonly clients?: number;
  readonly maxCalls?: number;
  readonly seconds?: number;
  readonly warmupSeconds?: number;
  readonly sessions?: number;
}

/** Starts the load generator; `ready` resolves on its IPC message (sessions mode), `done` on exit. */
export function startLoad(options: LoadOptions): {
  ready: Promise<unknown>;
  done: Promise<unknown>;
  send(message: string): void;
} {
  const full = {
    mode: 'load',
    era: 'modern',
    clients: 1,
    maxCalls: 20_000,
    seconds: 3,
    warmupSeconds: 0.5,
    sessions: 0,
    ...options,
  };
  const child = track(
    fork(join(here, 'loadgen.ts'), [JSON.stringify(full)], {
      execArgv,
      stdio: ['ignore', 'pipe', 'inherit', 'ipc'],
    }),
  );
  let stdout = '';
  child.stdout?.on('data', (c: Buffer) => {
    stdout += c.toString('utf8');
  });
  const done = new Promise<unknown>((resolve, reject) => {
    child.once('exit', (code) => {
      if (code === 0) resolve(JSON.parse(stdout.trim().split('\n').at(-1) ?? 'null'));
      else reject(new Error(`load generator failed (${code}) against ${options.url}`));
    });
  });
  const ready = new Promise<unknown>((resolve) => child.once('message', resolve));
  return { ready, done, send: (m) => child.send(m) };
}

export async function runLoad(options: LoadOptions): Promise<LoadResult> {
  return (await startLoad(options).done) as LoadResult;
}
