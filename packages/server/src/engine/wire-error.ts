/**
 * A JSON-RPC error as it goes on the wire. Both SDK lines answer a request
 * whose handler threw with the thrown value's numeric `code`, its `message`
 * and its `data`, exactly as they are, so the enforcement core needs neither
 * line's error class: what it throws is what the client receives.
 */
export class WireError extends Error {
  override readonly name: string = 'WireError';
  readonly code: number;
  readonly data: unknown;

  constructor(code: number, message: string, data?: unknown) {
    super(message);
    this.code = code;
    this.data = data;
  }
}

/** JSON-RPC's own codes that enforcement uses besides the authorization codes. */
export const JSONRPC_CODES = {
  invalidParams: -32602,
  internalError: -32603,
} as const;
