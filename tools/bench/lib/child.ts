// A child Node process, timed: wall time, and CPU time and peak RSS of its process tree.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { loadavg } from 'node:os';
import { median } from './report.js';

const hasTime = existsSync('/usr/bin/time');

/** One child run: wall and CPU milliseconds, peak RSS. */
export interface Sample {
  readonly ms: number;
  readonly cpuMs: number;
  readonly rssMiB: number;
  readonly stdout: string;
  readonly ok: boolean;
  /** Stopped by the time limit (the figures are then lower bounds). */
  readonly timedOut?: boolean;
}

/** The median of several runs of one scenario (each figure its own median). */
export interface Measured extends Sample {
  readonly runs: number;
  readonly load: number;
}

/**
 * Runs `node args` in `cwd` under GNU time, so that CPU time and peak RSS are the
 * child's whole process tree (TypeScript 7's tsc is a Node launcher that runs a
 * native compiler: both are counted). Wall time is measured here.
 */
export function runNode(
  args: readonly string[],
  cwd: string,
  mayFail = false,
  limitSeconds?: number,
): Sample {
  const start = performance.now();
  // coreutils' timeout stops the child (and GNU time still reports what it used).
  const command =
    limitSeconds === undefined
      ? [process.execPath, ...args]
      : ['timeout', '-k', '5', String(limitSeconds), process.execPath, ...args];
  // Without GNU time (tools/scripts/system-deps.mjs installs it) only wall time is known.
  const r = hasTime
    ? spawnSync('/usr/bin/time', ['-f', '\nusage=%U,%S,%M', ...command], {
        cwd,
        encoding: 'utf8',
        maxBuffer: 64 * 2 ** 20,
      })
    : spawnSync(command[0] as string, command.slice(1), {
        cwd,
        encoding: 'utf8',
        maxBuffer: 64 * 2 ** 20,
      });
  const timedOut = limitSeconds !== undefined && r.status === 124;
  const ms = performance.now() - start;
  if (r.status !== 0 && !mayFail && !timedOut) {
    process.stderr.write(`${r.stdout}${r.stderr}`.slice(0, 4000));
    throw new Error(`child failed: node ${args.join(' ')}`);
  }
  const [user = Number.NaN, system = Number.NaN, kib = Number.NaN] = (
    /usage=([\d.,]+)/.exec(r.stderr)?.[1] ?? ''
  )
    .split(',')
    .map(Number);
  return {
    ms,
    cpuMs: (user + system) * 1000,
    rssMiB: kib / 1024,
    stdout: r.stdout,
    ok: r.status === 0,
    timedOut,
  };
}

/** Runs a scenario `runs` times (`before` resets its state) and keeps the medians. */
export async function measure(
  runs: number,
  run: () => Sample,
  before?: () => Promise<unknown>,
): Promise<Measured> {
  const samples: Sample[] = [];
  const loads: number[] = [];
  for (let i = 0; i < runs; i++) {
    await before?.();
    loads.push(loadavg()[0] ?? 0);
    samples.push(run());
  }
  const last = samples.at(-1) as Sample;
  return {
    ms: median(samples.map((s) => s.ms)),
    cpuMs: median(samples.map((s) => s.cpuMs)),
    rssMiB: median(samples.map((s) => s.rssMiB)),
    stdout: last.stdout,
    ok: samples.every((s) => s.ok),
    timedOut: samples.some((s) => s.timedOut),
    runs,
    load: median(loads),
  };
}
