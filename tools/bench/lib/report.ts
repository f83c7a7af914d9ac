// Shared by the suites: the load average beside every table, and the formats.
import { loadavg } from 'node:os';

/** The 1, 5 and 15 minute load averages, as printed at the start of a suite. */
export const loadLine = (): string =>
  `load average ${loadavg()
    .map((l) => l.toFixed(2))
    .join(' ')}`;

export const load1 = (): number => loadavg()[0] ?? 0;

export const pct = (rate: number, base: number): string => `${((rate / base) * 100).toFixed(1)}%`;

export const verdict = (ok: boolean): string => (ok ? 'ok' : 'MISSED');

export const int = (n: number): string => Math.round(n).toLocaleString('en-US');

export function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  if (sorted.length === 0) return Number.NaN;
  return sorted.length % 2 ? (sorted[mid] ?? 0) : ((sorted[mid - 1] ?? 0) + (sorted[mid] ?? 0)) / 2;
}

/** The value below which `q` (0..1) of the sorted samples fall (nearest rank). */
export function quantile(sorted: readonly number[], q: number): number {
  if (sorted.length === 0) return Number.NaN;
  const rank = Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1));
  return sorted[rank] ?? Number.NaN;
}

export const gc = (): void => (globalThis as { gc?: () => void }).gc?.();
