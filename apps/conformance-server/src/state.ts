import { randomBytes } from 'node:crypto';
import { createRequestStateCodec, type RequestStateCodec } from '@modelcontextprotocol/server';

/** What the input-required tools keep in their signed `requestState` between rounds. */
export interface FlowState {
  /** Which tool minted it: a state is only good for the flow that made it. */
  readonly flow: string;
  /** The round that minted it (multi-round flows). */
  readonly round?: number;
  /** An answer kept from an earlier round. */
  readonly name?: string;
}

/**
 * An HMAC codec for `requestState` with a key made per process: one process
 * serves every round of a flow here. The server verifies each echoed state
 * before a handler runs and refuses a changed one with -32602.
 */
export function flowStateCodec(): RequestStateCodec<FlowState> {
  return createRequestStateCodec<FlowState>({ key: randomBytes(32), ttlSeconds: 600 });
}
