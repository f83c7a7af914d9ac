import { type ChildProcess, spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import { ToolscopeError } from '@toolscope/core';

/** A child process of the demo that said where it listens. */
export interface RunningProcess {
  readonly name: string;
  /** The JSON line it printed when ready. */
  readonly ready: Record<string, unknown>;
  /** What it wrote to stderr, shown only when something fails. */
  stderr(): string;
  /** SIGTERM, SIGKILL if it is still running after the grace period, then waits for it to exit. */
  stop(): Promise<void>;
}

/** How long a child gets between SIGTERM and SIGKILL. */
export const KILL_GRACE_MS = 5_000;

/**
 * Sends SIGTERM, and SIGKILL when the child has not exited `graceMs` later, so
 * a child that ignores or hangs on SIGTERM cannot keep the demo waiting. The
 * timer is unref'd: it never holds the demo's own process open.
 */
export function terminate(child: ChildProcess, graceMs: number = KILL_GRACE_MS): void {
  if (child.exitCode !== null || child.signalCode !== null) return;
  child.kill('SIGTERM');
  const escalate = setTimeout(() => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  }, graceMs);
  escalate.unref();
  child.once('exit', () => clearTimeout(escalate));
}

/**
 * Starts `node <script>` with configuration in its environment and waits for
 * its one-line JSON ready message on stdout.
 */
export async function startProcess(
  name: string,
  script: string,
  env: Readonly<Record<string, string>>,
  timeoutMs = 20_000,
  graceMs = KILL_GRACE_MS,
): Promise<RunningProcess> {
  const child: ChildProcess = spawn(process.execPath, [script], {
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let errors = '';
  child.stderr?.on('data', (chunk: Buffer) => {
    errors += chunk.toString('utf8');
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const ready = await new Promise<Record<string, unknown>>((resolve, reject) => {
    const timer = setTimeout(() => {
      terminate(child, graceMs);
      reject(new ToolscopeError('INTERNAL', `${name} did not start within ${timeoutMs} ms.`));
    }, timeoutMs);
    const lines = createInterface({ input: child.stdout! });
    lines.once('line', (line) => {
      clearTimeout(timer);
      try {
        resolve(JSON.parse(line) as Record<string, unknown>);
      } catch {
        reject(
          new ToolscopeError('INTERNAL', `${name} printed something other than its ready line.`),
        );
      }
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(
        new ToolscopeError('INTERNAL', `${name} exited with code ${code} before it was ready.`, {
          hint: errors.trim().split('\n').slice(-5).join('\n'),
        }),
      );
    });
  });
  return {
    name,
    ready,
    stderr: () => errors,
    async stop() {
      terminate(child, graceMs);
      await exited;
    },
  };
}

/**
 * Runs `node <script>` to its end with stdout and stderr passed through;
 * resolves its exit code (1 when a signal ended it). After `timeoutMs` it is
 * terminated: SIGTERM, then SIGKILL after `graceMs`.
 */
export function runToEnd(
  script: string,
  env: Readonly<Record<string, string>>,
  timeoutMs: number,
  graceMs: number = KILL_GRACE_MS,
): Promise<number> {
  const child = spawn(process.execPath, [script], {
    env: { ...process.env, ...env },
    stdio: ['ignore', 'inherit', 'inherit'],
  });
  return new Promise((resolve) => {
    const timer = setTimeout(() => terminate(child, graceMs), timeoutMs);
    timer.unref();
    child.once('exit', (code) => {
      clearTimeout(timer);
      resolve(code ?? 1);
    });
  });
}
