import {
  CLIENT_CAPABILITIES_META_KEY,
  type Server,
  type ServerContext,
} from '@modelcontextprotocol/server';
import { progressParams, requireInputNow } from '../engine/facilities.js';
import { withoutAuthorization } from '../engine/meta.js';
import { ServerError } from '../errors.js';
import type { InputRequiredSpec, McpCallFacilities, McpLogLevel } from '../types.js';

/**
 * Progress, logging and requests for input on `@modelcontextprotocol/server`
 * v2, on both protocol eras. v2 re-enters a handler that returned an
 * input-required result on 2025-era connections too, so `requireInput` works
 * on either; `request` (a push) only on 2025-era requests.
 */
export class V2Facilities implements McpCallFacilities {
  readonly era: 'modern' | 'legacy';
  readonly #ctx: ServerContext;
  readonly #server: Server;
  /** The request's `_meta` as sent, which may hold the caller's credential; never handed out. */
  readonly #sentMeta: unknown;
  #meta: Readonly<Record<string, unknown>> | undefined;

  /** `sentMeta` is the request's `_meta` as sent; `meta` is it without `authorization`. */
  constructor(server: Server, ctx: ServerContext, sentMeta: unknown) {
    this.#server = server;
    this.#ctx = ctx;
    this.#sentMeta = sentMeta;
    this.era = ctx.mcpReq.envelope === undefined ? 'legacy' : 'modern';
  }

  /**
   * The request's `_meta` without the caller's credential. Made on first read,
   * not per call: most handlers never read it, and the copy that drops
   * `authorization` is the largest thing a token call would build for them.
   */
  get meta(): Readonly<Record<string, unknown>> {
    let meta = this.#meta;
    if (meta === undefined) {
      meta = withoutAuthorization(this.#sentMeta) ?? {};
      this.#meta = meta;
    }
    return meta;
  }

  /** The SDK's handler context, its `_meta` without the caller's credential. */
  get sdk(): ServerContext {
    const ctx = this.#ctx;
    if (ctx.mcpReq._meta === this.meta) return ctx;
    return { ...ctx, mcpReq: { ...ctx.mcpReq, _meta: this.meta } } as ServerContext;
  }

  get clientCapabilities(): Readonly<Record<string, unknown>> | undefined {
    if (this.era === 'modern') {
      const envelope = this.#ctx.mcpReq.envelope as Record<string, unknown> | undefined;
      return envelope?.[CLIENT_CAPABILITIES_META_KEY] as
        | Readonly<Record<string, unknown>>
        | undefined;
    }
    return this.#server.getClientCapabilities() as Readonly<Record<string, unknown>> | undefined;
  }

  get inputResponses(): Readonly<Record<string, unknown>> | undefined {
    return this.#ctx.mcpReq.inputResponses as Readonly<Record<string, unknown>> | undefined;
  }

  progress(progress: number, total?: number, message?: string): Promise<void> {
    const params = progressParams(this.#ctx.mcpReq._meta, progress, total, message);
    if (params === undefined) return Promise.resolve();
    return this.#ctx.mcpReq.notify({ method: 'notifications/progress', params } as never);
  }

  log(level: McpLogLevel, data: unknown, logger?: string): Promise<void> {
    return this.#ctx.mcpReq.log(level, data, logger);
  }

  async request(
    method: string,
    params?: Record<string, unknown>,
  ): Promise<Record<string, unknown>> {
    if (this.era === 'modern') {
      throw new ServerError(
        'CONFIG_INVALID',
        `ctx.mcp.request cannot push ${method} on a 2026-07-28 request.`,
        { hint: 'Return ctx.mcp.requireInput({ inputRequests: { … } }) instead.' },
      );
    }
    const send = this.#ctx.mcpReq.send as (r: {
      method: string;
      params?: Record<string, unknown>;
    }) => Promise<Record<string, unknown>>;
    return send({ method, ...(params === undefined ? {} : { params }) });
  }

  /** Ends the call with an input-required result (a method, not a field made per call). */
  requireInput(spec: InputRequiredSpec): never {
    return requireInputNow(spec);
  }
}
