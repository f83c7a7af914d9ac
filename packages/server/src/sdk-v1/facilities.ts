import type { Server } from '@modelcontextprotocol/sdk/server/index.js';
import {
  CreateMessageResultSchema,
  ElicitResultSchema,
  ListRootsResultSchema,
} from '@modelcontextprotocol/sdk/types.js';
import { progressParams, requireInputUnsupported } from '../engine/facilities.js';
import { ServerError } from '../errors.js';
import type { McpCallFacilities, McpLogLevel } from '../types.js';

/** The part of the 1.x handler `extra` the facilities use. */
export interface V1Extra {
  readonly _meta?: Record<string, unknown> | undefined;
  readonly sessionId?: string | undefined;
  sendNotification(notification: {
    method: string;
    params?: Record<string, unknown>;
  }): Promise<void>;
  sendRequest(
    request: { method: string; params?: Record<string, unknown> },
    schema: unknown,
  ): Promise<Record<string, unknown>>;
}

const RESULT_SCHEMAS: Readonly<Record<string, unknown>> = Object.freeze({
  'elicitation/create': ElicitResultSchema,
  'sampling/createMessage': CreateMessageResultSchema,
  'roots/list': ListRootsResultSchema,
});

/** Progress, logging and requests to the client over an SDK 1.x connection (always 2025-era). */
export class V1Facilities implements McpCallFacilities {
  readonly era = 'legacy' as const;
  readonly inputResponses = undefined;
  readonly meta: Readonly<Record<string, unknown>>;
  readonly #server: Server;
  readonly #extra: V1Extra;

  constructor(server: Server, extra: V1Extra, meta: Readonly<Record<string, unknown>>) {
    this.#server = server;
    this.#extra = extra;
    this.meta = meta;
  }

  /** The SDK's `extra`, its `_meta` without the caller's credential (a `none` tool never sees one). */
  get sdk(): unknown {
    const extra = this.#extra;
    return extra._meta === this.meta ? extra : { ...extra, _meta: this.meta };
  }

  get clientCapabilities(): Readonly<Record<string, unknown>> | undefined {
    return this.#server.getClientCapabilities() as Readonly<Record<string, unknown>> | undefined;
  }

  progress(progress: number, total?: number, message?: string): Promise<void> {
    const params = progressParams(this.#extra._meta, progress, total, message);
    if (params === undefined) return Promise.resolve();
    return this.#extra.sendNotification({ method: 'notifications/progress', params });
  }

  log(level: McpLogLevel, data: unknown, logger?: string): Promise<void> {
    return this.#server.sendLoggingMessage(
      { level, data, ...(logger === undefined ? {} : { logger }) },
      this.#extra.sessionId,
    );
  }

  request(method: string, params?: Record<string, unknown>): Promise<Record<string, unknown>> {
    const schema = RESULT_SCHEMAS[method];
    if (schema === undefined) {
      return Promise.reject(
        new ServerError('CONFIG_INVALID', `ctx.mcp.request does not send ${method}.`, {
          hint: 'It sends elicitation/create, sampling/createMessage and roots/list.',
        }),
      );
    }
    return this.#extra.sendRequest({ method, ...(params === undefined ? {} : { params }) }, schema);
  }

  requireInput = requireInputUnsupported;
}
