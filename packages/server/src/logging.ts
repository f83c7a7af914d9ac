import { type Logger, pino } from 'pino';
import { tokenSearcher } from './exposure.js';
import { REDACTION, scrubCredentials } from './redact.js';

/** Paths pino censors in every log object (wire-protocol.md §2: no token ever reaches a log line). */
export const REDACTED_PATHS: readonly string[] = [
  'token',
  '*.token',
  'params._meta.authorization.token',
  '*.params._meta.authorization.token',
  '_meta.authorization.token',
  '*._meta.authorization.token',
  'authorization',
  '*.authorization',
  'headers.authorization',
  '*.headers.authorization',
  'headers["x-api-key"]',
  '*.headers["x-api-key"]',
  'apiKey',
  '*.apiKey',
  'clientSecret',
  '*.clientSecret',
  'access_token',
  'refresh_token',
];

function isLogger(value: unknown): value is Logger {
  return (
    value !== null &&
    typeof value === 'object' &&
    typeof (value as { child?: unknown }).child === 'function' &&
    typeof (value as { info?: unknown }).info === 'function'
  );
}

/**
 * The logger toolscope writes to: the app's pino logger as a child with redaction
 * added, or a silent one. Redaction is on whatever the app configured; the
 * child's `formatters.log` scrubs credential shapes from every field (it
 * replaces an app-level `formatters.log` for toolscope's own lines).
 */
export function toolscopeLogger(logger: unknown): Logger {
  return buildLogger(isLogger(logger) ? logger : undefined);
}

function buildLogger(logger: Logger | undefined): Logger {
  const redact = { paths: [...REDACTED_PATHS], censor: '[redacted]' };
  // A net under every field, keys and error names included: credential-shaped text
  // (a JWS, a Bearer value, a "token" JSON value) is cut even where no token is known.
  const formatters = {
    log: (fields: object) => redactLogFields(fields, undefined) as Record<string, unknown>,
  };
  if (logger !== undefined) return logger.child({ component: 'toolscope' }, { redact, formatters });
  return pino({ level: 'silent', redact, formatters });
}

/** What `toolscopeLogger` returns, made once per app logger (and once for none) by a `LoggerCache`. */
export type LoggerCache = (logger: unknown) => Logger;

/**
 * A cache of `toolscopeLogger` results for one runtime: building a pino child
 * compiles its redaction paths, which a per-request server would otherwise pay
 * on every request. The redacting child of an app logger is kept in a
 * `WeakMap` keyed by that logger (so the app logger can be collected) and is
 * rebuilt when the app logger's level changed since, as a child made then
 * would have taken the new level; the silent logger of "no logger" is made
 * once.
 */
export function createLoggerCache(): LoggerCache {
  const children = new WeakMap<Logger, { readonly level: unknown; readonly child: Logger }>();
  let silent: Logger | undefined;
  return (logger) => {
    if (!isLogger(logger)) {
      silent ??= buildLogger(undefined);
      return silent;
    }
    const cached = children.get(logger);
    if (cached !== undefined && cached.level === logger.level) return cached.child;
    const child = buildLogger(logger);
    children.set(logger, { level: logger.level, child });
    return child;
  };
}

const MAX_LOG_DEPTH = 16;

/**
 * A copy of log fields with the call's token cut from every key and value:
 * its exact spelling and 8-character fragments are replaced, a string that
 * still carries it in an encoding (base64, hex, URL, JSON) is replaced whole,
 * and an Error becomes `{ type, message, stack }` with its name redacted too
 * (pino would otherwise print `name` and `message` as they are). Without a
 * token, credential-shaped text (Bearer values, JWS, "token" JSON values) is
 * still cut.
 */
export function redactLogFields(fields: unknown, token: string | undefined): unknown {
  const searcher = token === undefined || token.length === 0 ? undefined : tokenSearcher(token);
  const text = (value: string): string => {
    const cut = scrubCredentials(value, token);
    return searcher?.find(cut) === undefined ? cut : REDACTION;
  };
  const walk = (value: unknown, depth: number): unknown => {
    if (typeof value === 'string') return text(value);
    if (value === null || typeof value !== 'object') return value;
    if (depth >= MAX_LOG_DEPTH) return REDACTION;
    if (value instanceof Error) {
      return {
        type: text(value.name),
        message: text(value.message),
        ...(value.stack === undefined ? {} : { stack: text(value.stack) }),
      };
    }
    if (Array.isArray(value)) return value.map((item) => walk(item, depth + 1));
    const copy: Record<string, unknown> = {};
    for (const [key, item] of Object.entries(value)) copy[text(key)] = walk(item, depth + 1);
    return copy;
  };
  return walk(fields, 0);
}

/** The four levels toolscope logs at, with every field and the message redacted. */
export interface CallLog {
  debug(fields: Record<string, unknown>, message: string): void;
  info(fields: Record<string, unknown>, message: string): void;
  warn(fields: Record<string, unknown>, message: string): void;
  error(fields: Record<string, unknown>, message: string): void;
}

/**
 * A log for one call: every field (keys, values, error names) and the message
 * pass through `redactLogFields` with the call's token before they reach pino.
 */
export function callLog(
  logger: Pick<Logger, 'isLevelEnabled' | 'debug' | 'info' | 'warn' | 'error'>,
  token: string | undefined,
): CallLog {
  const emit =
    (level: 'debug' | 'info' | 'warn' | 'error') =>
    (fields: Record<string, unknown>, message: string) => {
      if (!logger.isLevelEnabled(level)) return;
      logger[level](
        redactLogFields(fields, token) as Record<string, unknown>,
        redactLogFields(message, token) as string,
      );
    };
  return { debug: emit('debug'), info: emit('info'), warn: emit('warn'), error: emit('error') };
}
