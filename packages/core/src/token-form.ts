/**
 * One token, one spelling (issue 11, class 1). Base64url decoders forgive
 * padding, whitespace and stray low bits, so `abc`, `abc=` and `abc\n` would
 * all verify as the same JWT while a deny-list or a cache keyed on the string
 * sees three tokens. Only the canonical spelling is accepted, before anything
 * is decoded or verified.
 */

/** Longest token accepted on `_meta.authorization` (a JWT with many claims stays far below). */
export const MAX_TOKEN_LENGTH = 16 * 1024;

const BASE64URL = /^[A-Za-z0-9_-]*$/;
// Control characters anywhere (Unicode category Cc), or whitespace at either end.
const CONTROL = /\p{Cc}/u;
const EDGE_SPACE = /^\s|\s$/;

/**
 * True when `segment` is base64url exactly as an encoder writes it: the
 * alphabet only, no padding, and no bits the decoder would ignore (so it
 * re-encodes to itself).
 */
export function isCanonicalBase64url(segment: string): boolean {
  if (!BASE64URL.test(segment) || segment.length % 4 === 1) return false;
  const bits = (segment.length * 6) % 8;
  if (bits === 0) return true;
  // The last character carries `bits` unused low bits, which must be zero.
  const last = segment.charCodeAt(segment.length - 1);
  const value =
    last >= 65 && last <= 90
      ? last - 65
      : last >= 97 && last <= 122
        ? last - 71
        : last >= 48 && last <= 57
          ? last + 4
          : last === 45
            ? 62
            : 63;
  return (value & ((1 << bits) - 1)) === 0;
}

/**
 * True when `token` is a compact JWS in canonical form: three base64url
 * segments, header and payload non-empty, no padding, no whitespace. An empty
 * signature passes this check (it is canonical); the verifier's algorithm
 * allow-list refuses `none`.
 */
export function isCanonicalCompactJws(token: string): boolean {
  const parts = token.split('.');
  if (parts.length !== 3) return false;
  const [header, payload, signature] = parts as [string, string, string];
  return (
    header.length > 0 &&
    payload.length > 0 &&
    isCanonicalBase64url(header) &&
    isCanonicalBase64url(payload) &&
    isCanonicalBase64url(signature)
  );
}

/** A token that claims to be a JWS: three dot-separated parts, the first an encoded JSON object. */
export function looksLikeCompactJws(token: string): boolean {
  return token.startsWith('eyJ') && token.split('.').length === 3;
}

/** Why a token is not in its canonical form, or undefined when it is. Never quotes the token. */
export type TokenFormProblem = 'too_long' | 'whitespace_or_control' | 'noncanonical_jws';

/**
 * Checks the spelling of a token as it arrives: no longer than
 * `MAX_TOKEN_LENGTH`, no control characters, no surrounding whitespace, and
 * when it has the shape of a JWS, the canonical compact form.
 */
export function tokenFormProblem(token: string): TokenFormProblem | undefined {
  if (token.length > MAX_TOKEN_LENGTH) return 'too_long';
  if (CONTROL.test(token) || EDGE_SPACE.test(token)) return 'whitespace_or_control';
  if (looksLikeCompactJws(token) && !isCanonicalCompactJws(token)) return 'noncanonical_jws';
  return undefined;
}
