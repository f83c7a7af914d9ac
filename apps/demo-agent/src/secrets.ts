import { createHash } from 'node:crypto';
import { appendFileSync } from 'node:fs';

/** A short, one-way name for a token, so the transcript can tell tokens apart without showing one. */
export function fingerprint(token: string): string {
  return `sha256:${createHash('sha256').update(token).digest('hex').slice(0, 8)}`;
}

/**
 * Remembers every secret the agent handles. Only with a canary file (set by
 * the demo's test) are they written out, so the test can prove none of them
 * reached the transcript.
 */
export class SecretRecorder {
  readonly #file: string | undefined;
  readonly #seen = new Set<string>();

  constructor(file: string | undefined) {
    this.#file = file;
  }

  /** Records a secret once. */
  record(secret: string | undefined): void {
    if (secret === undefined || secret.length === 0 || this.#seen.has(secret)) return;
    this.#seen.add(secret);
    if (this.#file !== undefined) appendFileSync(this.#file, `${secret}\n`, { mode: 0o600 });
  }
}
