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
  /** SIGTERM, then waits for it to exit. */
  stop(): Promise<void>;
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
      child.kill('SIGTERM');
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
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
      await exited;
    },
  };
}

/** Runs `node <script>` to its end with stdout and stderr passed through; resolves its exit code. */
export function runToEnd(
  script: string,
  env: Readonly<Record<string, string>>,
  timeoutMs: number,
): Promise<number> {
  const child = spawn(process.execPath, [script], {
    env: { ...process.env, ...env },
    stdio: ['ignore', 'inherit', 'inherit'],
  });
  return new Promise((resolve) => {
    const timer = setTimeout(() => child.kill('SIGTERM'), timeoutMs);
    child.once('exit', (code) => {
      clearTimeout(timer);
      resolve(code ?? 1);
    });
  });
}
