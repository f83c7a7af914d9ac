import { findTokenExposure } from './exposure.js';

/** What a token, or a piece of one, is replaced with before anything leaves the server. */
export const REDACTION = '[redacted]';

/**
 * A handler or custom verifier may quote part of a token (a prefix in a log-style
 * message, a JWT payload segment); any run of this many characters of the token is cut too.
 */
const MIN_FRAGMENT = 8;
const MAX_DEPTH = 32;

function fragmentsOf(token: string): Set<string> {
  const grams = new Set<string>();
  for (let i = 0; i + MIN_FRAGMENT <= token.length; i++) {
    grams.add(token.slice(i, i + MIN_FRAGMENT));
  }
  return grams;
}

/**
 * `text` with every occurrence of `token`, and every run of at least 8 characters
 * copied from it, replaced by `[redacted]` (wire-protocol.md §2: no token in an error message).
 */
export function redactToken(text: string, token: string): string {
  if (token.length === 0 || text.length === 0) return text;
  const exact = text.replaceAll(token, REDACTION);
  if (token.length < MIN_FRAGMENT || exact.length < MIN_FRAGMENT) return exact;
  const grams = fragmentsOf(token);
  const covered = new Uint8Array(exact.length);
  let found = false;
  for (let i = 0; i + MIN_FRAGMENT <= exact.length; i++) {
    if (grams.has(exact.slice(i, i + MIN_FRAGMENT))) {
      covered.fill(1, i, i + MIN_FRAGMENT);
      found = true;
    }
  }
  if (!found) return exact;
  let out = '';
  for (let i = 0; i < exact.length; i++) {
    if (covered[i] === 0) out += exact[i];
    else if (i === 0 || covered[i - 1] === 0) out += REDACTION;
  }
  return out;
}

/** A copy of JSON-like `value` whose strings (keys included) went through `redactToken`. */
export function redactTokenDeep(value: unknown, token: string, depth = 0): unknown {
  if (typeof value === 'string') return redactToken(value, token);
  if (value === null || typeof value !== 'object') return value;
  // Deeper than any sane error data, or a cycle: drop it rather than risk sending it.
  if (depth >= MAX_DEPTH) return REDACTION;
  if (Array.isArray(value)) return value.map((item) => redactTokenDeep(item, token, depth + 1));
  const copy: Record<string, unknown> = {};
  for (const [key, item] of Object.entries(value)) {
    copy[redactToken(key, token)] = redactTokenDeep(item, token, depth + 1);
  }
  return copy;
}

/**
 * True when `value` carries `token` in any form `findTokenExposure` knows
 * (encodings, fragments of 8+ characters, pieces split across strings), or is
 * too deep to search. Kept for register.ts; `findTokenExposure` says how.
 */
export function containsToken(value: unknown, token: string, _depth = 0): boolean {
  return findTokenExposure(value, token) !== undefined;
}

// Credential shapes recognised without knowing the token: the value of a key
// that names a credential (JSON, JS-inspect or form style), an HTTP auth
// scheme's value, a compact JWS.
const CREDENTIAL_KEY =
  /((?:["']|\b)(?:token|access_token|refresh_token|id_token|api[_-]?key|client_secret|authorization|x-api-key)["']?\s*[:=]\s*)("(?:[^"\\]|\\.)*"|'(?:[^'\\]|\\.)*'|[^\s,;&}\]{[]+)/gi;
const CREDENTIAL_SHAPES: readonly (readonly [RegExp, string])[] = Object.freeze([
  [/\b(Bearer|Basic|DPoP|ApiKey)(\s+)[A-Za-z0-9._~+/=-]+/gi, `$1$2${REDACTION}`],
  [/eyJ[A-Za-z0-9_-]{2,}\.[A-Za-z0-9_-]{2,}\.[A-Za-z0-9_-]*/g, REDACTION],
] as const);

/**
 * `text` with every credential-shaped piece replaced by `[redacted]`: for text
 * whose token is not known (an SDK transport error quoting a whole message, a
 * log line). With `token`, that token and its fragments are cut as well.
 */
export function scrubCredentials(text: string, token?: string): string {
  let out = token === undefined ? text : redactToken(text, token);
  // Schemes first: `authorization: Bearer x` must lose `x`, not only the word Bearer.
  for (const [shape, replacement] of CREDENTIAL_SHAPES) out = out.replace(shape, replacement);
  out = out.replace(CREDENTIAL_KEY, (_all, key: string, value: string) => {
    const quote = value.startsWith('"') || value.startsWith("'") ? value[0] : '';
    return `${key}${quote}${REDACTION}${quote}`;
  });
  return out;
}
