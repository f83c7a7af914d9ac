import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { ClientError } from '../errors.js';

/** Options of the loopback redirect listener. */
export interface LoopbackRedirectOptions {
  /** Port on 127.0.0.1; default 0 (a free one). Register the resulting redirect URI exactly. */
  readonly port?: number;
  /** Callback path. Default `/callback`. */
  readonly path?: string;
}

/** A listener on 127.0.0.1 that catches OAuth redirects for a command-line agent. */
export interface LoopbackRedirect {
  /** The exact redirect URI to register and configure. */
  readonly redirectUri: string;
  /**
   * Resolves with the full callback URL that carries `state`, for `completeAuthorization`.
   * Call it before sending the user to the browser: a callback nobody waits for yet
   * is kept only among the latest 16.
   */
  waitForCallback(state: string, options?: { readonly timeoutMs?: number }): Promise<string>;
  close(): Promise<void>;
}

const PAGE =
  '<!doctype html><meta charset="utf-8"><title>Signed in</title>' +
  '<p>Authorization received. You can close this window and return to the terminal.</p>';

// Callbacks that arrive before anyone waits for their state (the browser can be
// faster than the agent). Anyone who can reach 127.0.0.1 can send such requests,
// so only the newest few are kept, and a state longer than any `authorizationUrl`
// makes is not kept at all.
const MAX_EARLY_CALLBACKS = 16;
const MAX_STATE_LENGTH = 512;

/** Starts a loopback redirect listener (RFC 8252 §7.3). */
export async function startLoopbackRedirect(
  options: LoopbackRedirectOptions = {},
): Promise<LoopbackRedirect> {
  const path = options.path ?? '/callback';
  const waiting = new Map<string, (url: string) => void>();
  const arrived = new Map<string, string>();
  const server: Server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const state = url.searchParams.get('state');
    if (req.method !== 'GET' || url.pathname !== path || state === null) {
      res.writeHead(404, { 'content-type': 'text/plain' }).end('Not found');
      return;
    }
    const full = `${redirectUri}${url.search}`;
    const resolve = waiting.get(state);
    if (resolve !== undefined) {
      waiting.delete(state);
      resolve(full);
    } else if (state.length <= MAX_STATE_LENGTH) {
      arrived.delete(state);
      arrived.set(state, full);
      // A Map iterates in insertion order: the first key is the oldest arrival.
      for (const oldest of arrived.keys()) {
        if (arrived.size <= MAX_EARLY_CALLBACKS) break;
        arrived.delete(oldest);
      }
    }
    // no-store: the URL holds a one-time code.
    res
      .writeHead(200, {
        'content-type': 'text/html; charset=utf-8',
        'cache-control': 'no-store',
        'content-security-policy': "default-src 'none'",
      })
      .end(PAGE);
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  const redirectUri = `http://127.0.0.1:${port}${path}`;
  return {
    redirectUri,
    waitForCallback(state, waitOptions = {}) {
      const early = arrived.get(state);
      if (early !== undefined) {
        arrived.delete(state);
        return Promise.resolve(early);
      }
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => {
          waiting.delete(state);
          reject(new ClientError('OAUTH_FLOW_FAILED', 'Timed out waiting for the OAuth redirect.'));
        }, waitOptions.timeoutMs ?? 300_000);
        waiting.set(state, (url) => {
          clearTimeout(timer);
          resolve(url);
        });
      });
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
