/** Scopes in `required` that `granted` lacks, by exact case-sensitive match (wire-protocol.md §4). */
export function missingScopes(required: readonly string[], granted: Iterable<string>): string[] {
  const have = granted instanceof Set ? (granted as Set<string>) : new Set(granted);
  return required.filter((scope) => !have.has(scope));
}

/** True when every required scope is granted, by exact case-sensitive match. */
export function hasAllScopes(required: readonly string[], granted: Iterable<string>): boolean {
  return missingScopes(required, granted).length === 0;
}

/** Splits an OAuth `scope` string (space-delimited, RFC 6749 §3.3) into scopes. */
export function parseScopeString(scope: string): string[] {
  return scope.split(' ').filter((s) => s.length > 0);
}

/** Order-preserving union without duplicates: what a step-up requests (wire-protocol.md §6). */
export function unionScopes(...lists: ReadonlyArray<readonly string[]>): string[] {
  const seen = new Set<string>();
  const out: string[] = [];
  for (const list of lists) {
    for (const scope of list) {
      if (!seen.has(scope)) {
        seen.add(scope);
        out.push(scope);
      }
    }
  }
  return out;
}

/** Scopes from verified token claims: `scope` (space-delimited) or `scp` (array or string). */
export function scopesFromClaims(claims: Readonly<Record<string, unknown>>): string[] {
  const scope = claims['scope'];
  if (typeof scope === 'string') return parseScopeString(scope);
  const scp = claims['scp'];
  if (Array.isArray(scp)) return scp.filter((s): s is string => typeof s === 'string');
  if (typeof scp === 'string') return parseScopeString(scp);
  return [];
}
