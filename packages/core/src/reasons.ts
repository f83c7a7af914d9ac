/**
 * The `data.reason` phrases of authorization errors (wire-protocol.md §3), in one place
 * so that the server that sends them and the docs that show them agree. Every
 * phrase is fixed text plus, at most, scope names or a method: never token
 * material.
 */
export const AUTH_ERROR_REASONS = {
  missingToken: 'No token in _meta.authorization',
  methodMismatch: (expected: string): string => `Tool expects method ${expected}`,
  missingScopes: (scopes: readonly string[]): string => `Missing scope: ${scopes.join(' ')}`,
  upstreamRejected: 'Upstream service rejected the token',
  upstreamInsufficientScope: 'Upstream service requires a scope the token lacks',
  unverifiable: 'Token could not be verified',
  expired: 'Token expired',
  notYetValid: 'Token not yet valid',
  issuedInFuture: 'Token issued in the future',
  noExpiry: 'Token has no expiry',
  audienceMismatch: 'Token audience mismatch',
  issuerMismatch: 'Token issuer mismatch',
  typeNotAccepted: 'Token type not accepted',
  algorithmNotAllowed: 'Token algorithm not allowed',
  signatureInvalid: 'Token signature invalid',
  signingKeyUnknown: 'Token signing key unknown',
  malformed: 'Token malformed',
  notCanonical: 'Token not in its canonical form',
  keySetUnavailable: 'Key set unavailable',
  introspectionTooLarge: 'Introspection answer too large',
  inactive: 'Token inactive',
  introspectionFailed: 'Introspection failed',
  introspectionMalformed: 'Introspection answer malformed',
  introspectionUnavailable: 'Introspection unavailable',
  claimsInvalid: 'Token claims invalid',
  rejectedByVerifier: 'Token rejected by custom verifier',
  connectionTokenRequired: 'This tool needs a connection token in the Authorization header',
} as const;
