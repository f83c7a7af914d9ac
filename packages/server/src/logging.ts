import { type Logger, pino } from 'pino';

/** Paths pino censors in every log object (WIRE.md §2: no token ever reaches a log line). */
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
 * added, or a silent one. Redaction is on whatever the app configured.
 */
export function toolscopeLogger(logger: unknown): Logger {
  const redact = { paths: [...REDACTED_PATHS], censor: '[redacted]' };
  if (isLogger(logger)) return logger.child({ component: 'toolscope' }, { redact });
  return pino({ level: 'silent', redact });
}
