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
 * copied from it, replaced by `[redacted]` (WIRE.md §2: no token in an error message).
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

/** True when a string or key anywhere in JSON-like `value` contains `token` exactly. */
export function containsToken(value: unknown, token: string, depth = 0): boolean {
  if (token.length === 0) return false;
  if (typeof value === 'string') return value.includes(token);
  if (value === null || typeof value !== 'object') return false;
  // A structure this deep is not a tool result anyone meant; treat it as holding the token.
  if (depth >= MAX_DEPTH) return true;
  if (Array.isArray(value)) return value.some((item) => containsToken(item, token, depth + 1));
  for (const [key, item] of Object.entries(value)) {
    if (key.includes(token) || containsToken(item, token, depth + 1)) return true;
  }
  return false;
}
