// Small pieces every process of the scale deployment shares.
import { createHash, createHmac } from 'node:crypto';
import { createServer } from 'node:net';

/** A short fingerprint of a secret: what downstream records and answers carry, never the secret. */
export function fingerprint(secret: string): string {
  return createHash('sha256').update(secret).digest('base64url').slice(0, 16);
}

/**
 * A user's canary API key: it names the user and carries an HMAC under the
 * run's secret, so the downstream can tell whose key arrived without a list.
 */
export function canaryKey(secret: string, user: string): string {
  return `ck.${user}.${createHmac('sha256', secret).update(user).digest('base64url')}`;
}

/** The user a canary key belongs to, or undefined when it is not one of this run's. */
export function canaryOwner(secret: string, key: string): string | undefined {
  const match = /^ck\.([A-Za-z0-9_-]+)\.([A-Za-z0-9_-]+)$/.exec(key);
  if (match === null) return undefined;
  return canaryKey(secret, match[1]!) === key ? match[1] : undefined;
}

/** A free port on 127.0.0.1 (for the processes that must know a port before they start). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const address = probe.address();
      const port = typeof address === 'object' && address !== null ? address.port : 0;
      probe.close(() => resolve(port));
    });
  });
}

/** What a child process reports about itself: memory and open handles. */
export interface ProcessSample {
  readonly rssMb: number;
  readonly heapMb: number;
  readonly handles: number;
}

export function sampleSelf(): ProcessSample {
  const memory = process.memoryUsage();
  return {
    rssMb: Math.round(memory.rss / 2 ** 20),
    heapMb: Math.round(memory.heapUsed / 2 ** 20),
    handles: process.getActiveResourcesInfo().filter((r) => r !== 'TTYWrap').length,
  };
}

/** Forwards process warnings (MaxListenersExceededWarning and the like) to the runner. */
export function reportWarnings(role: string): void {
  process.on('warning', (warning) => {
    process.send?.({
      type: 'warning',
      role,
      name: warning.name,
      message: warning.message,
      stack: warning.stack ?? '',
    });
  });
}
