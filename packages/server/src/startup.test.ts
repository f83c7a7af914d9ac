import { spawn } from 'node:child_process';
import { createServer } from 'node:http';
import { type AddressInfo, connect } from 'node:net';
import { ToolscopeError } from '@toolscope/core';
import { describe, expect, it } from 'vitest';
import { closeHttpServer, startOrRelease } from './startup.js';

function refused(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect(port, '127.0.0.1');
    socket.once('connect', () => {
      socket.destroy();
      resolve(false);
    });
    socket.once('error', () => resolve(true));
  });
}

describe('class 7, a failed start leaks nothing: startOrRelease (wired into serveHttp by the lead)', () => {
  it('releases the listener, the timer and the child it opened when start-up throws', async () => {
    let port = 0;
    let ticks = 0;
    let childExit: Promise<unknown> | undefined;
    const failure = await startOrRelease(async (scope) => {
      const server = scope.defer(
        createServer((_req, res) => res.writeHead(503).end()),
        closeHttpServer,
      );
      await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
      port = (server.address() as AddressInfo).port;
      scope.defer(
        setInterval(() => ticks++, 5),
        (t) => clearInterval(t),
      );
      const child = scope.defer(
        spawn(process.execPath, ['-e', 'setInterval(() => {}, 1000)']),
        (c) => c.kill(),
      );
      childExit = new Promise((r) => child.once('exit', r));
      await new Promise((r) => setTimeout(r, 30));
      throw new ToolscopeError('VERIFIER_MISCONFIGURED', 'bad verifier');
    }).catch((e: unknown) => e);
    expect(failure).toMatchObject({ code: 'VERIFIER_MISCONFIGURED' });
    expect(port).toBeGreaterThan(0);
    expect(await refused(port)).toBe(true);
    const after = ticks;
    await new Promise((r) => setTimeout(r, 40));
    expect(ticks).toBe(after);
    await expect(childExit).resolves.toBeDefined();
  });

  it('keeps what it opened when start-up succeeds, and a failing release does not hide the error', async () => {
    const server = await startOrRelease(async (scope) => {
      const s = scope.defer(createServer(), closeHttpServer);
      await new Promise<void>((r) => s.listen(0, '127.0.0.1', r));
      return s;
    });
    expect(server.listening).toBe(true);
    await closeHttpServer(server);
    const error = await startOrRelease(async (scope) => {
      scope.defer(1, () => {
        throw new Error('release failed');
      });
      throw new ToolscopeError('CONFIG_INVALID', 'the real reason');
    }).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'CONFIG_INVALID' });
  });
});
