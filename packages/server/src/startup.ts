import type { Server as HttpServer } from 'node:http';
import { ServerError } from './errors.js';

/** What a start-up registers as it opens things: each release runs if start-up fails. */
export interface StartupScope {
  /** Registers how to release something just opened; returns it for chaining. */
  defer<T>(resource: T, release: (resource: T) => unknown): T;
}

/**
 * Runs a start-up that opens listeners, timers or children one after another
 * (issue 11, class 7): if it throws, everything it registered is released, in
 * reverse order, before the error goes on, so a failed `serveHttp` leaves no
 * port bound and nothing keeping the process alive. A release that fails does
 * not stop the others. On success the resources are the caller's.
 */
export async function startOrRelease<T>(start: (scope: StartupScope) => Promise<T>): Promise<T> {
  const releases: (() => unknown)[] = [];
  const scope: StartupScope = {
    defer(resource, release) {
      releases.push(() => release(resource));
      return resource;
    },
  };
  try {
    return await start(scope);
  } catch (error) {
    for (const release of releases.reverse()) {
      try {
        await release();
      } catch {
        // The start-up error is the one worth reporting; the others are best effort.
      }
    }
    throw error;
  }
}

/** Closes an HTTP server now: open connections are dropped, then the listener closes. */
export function closeHttpServer(server: HttpServer): Promise<void> {
  return new Promise((resolve, reject) => {
    if (!server.listening) return resolve();
    server.close((error) =>
      error === undefined
        ? resolve()
        : reject(
            new ServerError('INTERNAL', 'The HTTP listener failed to close.', { cause: error }),
          ),
    );
    server.closeAllConnections();
  });
}
