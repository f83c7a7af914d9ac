import { callLog } from '../logging.js';
import type {
  CallOutcome,
  CallPrincipal,
  CallRefusal,
  Middleware,
  MiddlewareContext,
} from '../middleware.js';
import { tokenFingerprint } from '../verifiers/cache.js';
import { type CallState, type NamedStep, type Next, refusedOutcome, tokenOf } from './pipeline.js';
import { JSONRPC_CODES } from './wire-error.js';

/** The principal of a state's credential: claims and a key id, never the token. */
function principalOf(state: CallState): CallPrincipal | undefined {
  const credential = state.credential;
  if (credential === undefined || credential.method === 'none') return undefined;
  const claims = credential.claims;
  return Object.freeze({
    method: credential.method,
    keyId: tokenFingerprint(credential.token).slice(0, 16),
    subject: claims?.subject,
    clientId: claims?.clientId,
    scopes: claims?.scopes,
    verifiedBy: claims?.verifiedBy ?? 'opaque',
  });
}

function isOutcome(value: unknown): value is CallOutcome {
  if (value === null || typeof value !== 'object') return false;
  const v = value as { type?: unknown; result?: unknown; refusal?: unknown };
  if (v.type === 'result') return v.result !== null && typeof v.result === 'object';
  if (v.type !== 'refused' || v.refusal === null || typeof v.refusal !== 'object') return false;
  const kind = (v.refusal as { kind?: unknown }).kind;
  return kind === 'authorization' || kind === 'tool-error' || kind === 'protocol';
}

/** A middleware's context over one call: the principal is read when asked, as authorize fills it. */
class Context implements MiddlewareContext {
  readonly #state: CallState;
  readonly #next: Next;
  readonly #name: string;
  #ran = false;
  #principal: CallPrincipal | undefined;
  #principalFor: unknown;

  constructor(state: CallState, next: Next, name: string) {
    this.#state = state;
    this.#next = next;
    this.#name = name;
  }

  get toolName() {
    return this.#state.tool.name;
  }
  get requirement() {
    return this.#state.tool.requirement;
  }
  get principal() {
    // Computed once per credential: a `wraps: 'call'` middleware sees it appear after next().
    const credential = this.#state.credential;
    if (this.#principalFor !== credential) {
      this.#principalFor = credential;
      this.#principal = principalOf(this.#state);
    }
    return this.#principal;
  }
  get arguments() {
    return this.#state.arguments;
  }
  get requestId() {
    return this.#state.call.requestId;
  }
  get sessionId() {
    return this.#state.call.sessionId;
  }
  get signal() {
    return this.#state.call.signal;
  }

  next(): Promise<CallOutcome> {
    if (this.#ran) {
      return Promise.reject(
        new Error(`toolscope: middleware ${this.#name} called next() twice in one call.`),
      );
    }
    this.#ran = true;
    try {
      return Promise.resolve(this.#next(this.#state));
    } catch (error) {
      return Promise.reject(error);
    }
  }

  refuse(refusal: CallRefusal): CallOutcome {
    return refusedOutcome(refusal, this.#name);
  }
}

/**
 * A user middleware as a step of the same chain the built-in steps form. What
 * it throws, or returns that is not an outcome, ends the call with -32603
 * naming the middleware; the error itself goes to the log, redacted.
 */
export function middlewareStep(middleware: Middleware): NamedStep {
  const { name, handle } = middleware;
  const failed = (state: CallState, error: unknown): CallOutcome => {
    callLog(state.tool.logger, tokenOf(state)).error(
      { tool: state.tool.name, middleware: name, error },
      'middleware failed',
    );
    return refusedOutcome(
      {
        kind: 'protocol',
        code: JSONRPC_CODES.internalError,
        message: `Middleware ${name} failed.`,
      },
      name,
    );
  };
  const checked = (state: CallState, value: unknown): CallOutcome =>
    isOutcome(value)
      ? value
      : failed(state, new TypeError(`middleware ${name} returned something other than an outcome`));
  return {
    name,
    run(state, next) {
      let returned: unknown;
      try {
        returned = handle(new Context(state, next, name));
      } catch (error) {
        return failed(state, error);
      }
      return returned instanceof Promise
        ? returned.then(
            (value) => checked(state, value),
            (error) => failed(state, error),
          )
        : checked(state, returned);
    },
  };
}
