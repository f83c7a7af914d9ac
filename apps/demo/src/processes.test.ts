import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runToEnd, startProcess } from './processes.js';

const folder = mkdtempSync(join(tmpdir(), 'toolscope-demo-processes-'));
afterAll(() => rmSync(folder, { recursive: true, force: true }));

/** A child that prints its ready line, then ignores SIGTERM and never ends on its own. */
const stubborn = join(folder, 'stubborn.mjs');
writeFileSync(
  stubborn,
  [
    "process.on('SIGTERM', () => {});",
    'setInterval(() => {}, 1000);',
    "process.stdout.write(JSON.stringify({ ready: true }) + '\\n');",
  ].join('\n'),
);

describe('child processes that ignore SIGTERM', () => {
  it('runToEnd escalates to SIGKILL after the grace period and resolves', async () => {
    const started = Date.now();
    const code = await runToEnd(stubborn, {}, 200, 300);
    expect(code).toBe(1);
    expect(Date.now() - started).toBeLessThan(5_000);
  });

  it('stop() escalates to SIGKILL after the grace period and resolves', async () => {
    const child = await startProcess('stubborn', stubborn, {}, 10_000, 300);
    expect(child.ready).toEqual({ ready: true });
    const started = Date.now();
    await child.stop();
    expect(Date.now() - started).toBeGreaterThanOrEqual(250);
    expect(Date.now() - started).toBeLessThan(5_000);
  });
});
