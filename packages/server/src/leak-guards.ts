import { ServerError } from './errors.js';
import { findTokenExposure } from './exposure.js';
import { scrubCredentials } from './redact.js';

/*
 * Guards on what leaves the server besides tool results: argument errors and
 * the SDK's `onerror` reports. (A tool toolscope does not own never gets the
 * credential: see engine/meta.ts, used by both SDK adapters.)
 */

/** What a -32602 message says instead when the original would quote the caller's token. */
export const WITHHELD_ARGUMENT_MESSAGE =
  'Invalid arguments: a value or key could not be shown because it matches the caller credential.';

/**
 * A -32602 message that never echoes the call's token: schema errors name
 * argument keys and sometimes values, and a caller may put its token in one.
 * If the message carries the token in any form `findTokenExposure` knows, a
 * fixed message is returned instead.
 */
export function safeArgumentError(message: string, token: string | undefined): string {
  if (token === undefined || token.length === 0) return scrubCredentials(message);
  if (findTokenExposure(message, token) !== undefined) return WITHHELD_ARGUMENT_MESSAGE;
  return scrubCredentials(message);
}

/** An SDK error passed on with credentials cut from its name, message and stack. */
export class RedactedTransportError extends ServerError {
  override readonly name: string;

  constructor(original: unknown) {
    const error = original instanceof Error ? original : undefined;
    super('INTERNAL', scrubCredentials(error?.message ?? String(original)));
    this.name = scrubCredentials(error?.name ?? 'Error');
    // The new error's own stack starts with the scrubbed message; the original's is scrubbed too.
    if (error?.stack !== undefined) this.stack = scrubCredentials(error.stack);
  }
}

/**
 * Wraps an SDK `onerror` callback (Server, Protocol or a transport): the SDK
 * hands it whole messages ("Invalid message: {…}") that may quote a token in
 * `_meta.authorization` or an Authorization header. The callback receives a
 * `RedactedTransportError` instead; the original and its `cause` never reach it.
 */
export function redactingErrorHandler(
  handler: ((error: Error) => void) | undefined,
): (error: Error) => void {
  return (error) => {
    if (handler === undefined) return;
    handler(new RedactedTransportError(error));
  };
}
