/**
 * Masking credentials in manifest text before it is shown (code frames). A
 * secret pasted into a manifest must not reach a terminal or a CI log through
 * the very check that flags it, whatever style the manifest is written in:
 * block YAML, flow YAML (`{ kind: introspection, clientSecret: … }`) or JSON.
 */

const MASK = '********';

// A key names a credential when it contains one of the first words anywhere,
// or ends with one of the second group (`accessToken` is a secret,
// `tokenEndpoint` a URL). Keys naming where a secret lives are not secrets.
const SECRET_KEY =
  /secret|passw(?:or)?d|passphrase|private.?key|credential|(?:token|api.?key|bearer|auth.?key)$/i;
const NOT_SECRET_KEY = /(?:Env|Endpoint|Uri|Url)$/;

/** A mapping key (bare or quoted) and its colon; YAML wants a space after the colon of a bare key. */
const KEY = /(["'])((?:(?!\1)[^\\]|\\.)*)\1\s*:|([A-Za-z_$][\w.$-]*)\s*:(?=\s|$)/g;

/** `Bearer <credential>` and JWT-shaped strings, wherever they are on a line. */
// After `Bearer`, a word shorter than 8 letters without a digit is prose ("a Bearer token").
const BEARER = /\b(Bearer|Basic)(\s+)(?!\*{8})(?:[^\s"',}\]]{8,}|[^\s"',}\]]*\d[^\s"',}\]]*)/gi;
const JWT = /\beyJ[\w-]{4,}\.[\w-]+(?:\.[\w-]*)?/g;

/** Whether a mapping key's value is a credential. */
export function isSecretKeyName(key: string): boolean {
  return SECRET_KEY.test(key) && !NOT_SECRET_KEY.test(key);
}

/** Offset just past the scalar value starting at `start`, or `start` when it is not a scalar. */
function scalarEnd(line: string, start: number, inFlow: boolean): number {
  const first = line[start];
  if (first === undefined || first === '{' || first === '[' || first === '|' || first === '>') {
    return start;
  }
  if (first === '"' || first === "'") {
    for (let i = start + 1; i < line.length; i++) {
      if (first === '"' && line[i] === '\\') i++;
      else if (line[i] === first) {
        if (first === "'" && line[i + 1] === "'") i++;
        else return i + 1;
      }
    }
    return line.length;
  }
  // A plain scalar: in a flow collection it ends at the next separator; in a
  // block it runs to the end of the line (a trailing comment goes with it).
  if (!inFlow) return line.length;
  const stop = /\s*(?:[,}\]]|\s#)/.exec(line.slice(start));
  return stop ? start + stop.index : line.length;
}

/** One source line with every credential on it replaced by asterisks. */
export function maskSecrets(line: string): string {
  let out = '';
  let from = 0;
  KEY.lastIndex = 0;
  for (let match = KEY.exec(line); match !== null; match = KEY.exec(line)) {
    const key = match[2] ?? match[3] ?? '';
    if (!isSecretKeyName(key)) continue;
    const before = line.slice(0, match.index).trimEnd();
    const inFlow = /[{,[]$/.test(before);
    const start = KEY.lastIndex + (/^\s*/.exec(line.slice(KEY.lastIndex))?.[0].length ?? 0);
    const end = scalarEnd(line, start, inFlow);
    if (end === start) continue;
    out += `${line.slice(from, start)}${MASK}`;
    from = end;
    KEY.lastIndex = end;
  }
  out += line.slice(from);
  return out.replace(BEARER, `$1$2${MASK}`).replace(JWT, MASK);
}

const indentOf = (line: string): number => /^[ \t]*/.exec(line)?.[0].length ?? 0;

/**
 * Whether line `index` (0-based) continues the value of a secret key above it:
 * a block scalar (`privateKey: |`) or a plain scalar folded over lines.
 */
function continuesSecret(lines: readonly string[], index: number): boolean {
  const line = lines[index] ?? '';
  if (line.trim() === '') return false;
  const indent = indentOf(line);
  for (let i = index - 1; i >= 0; i--) {
    const above = lines[i] ?? '';
    if (above.trim() === '' || indentOf(above) >= indent) continue;
    const key = /^\s*(?:-\s+)?(["']?)([^"':\s]+)\1\s*:(?:\s|$)/.exec(above);
    return key !== null && isSecretKeyName(key[2] ?? '');
  }
  return false;
}

/** A 1-based line/column span, end exclusive. */
export interface MaskSpan {
  readonly start: { readonly line: number; readonly column: number };
  readonly end: { readonly line: number; readonly column: number };
}

/** Line `lineNumber` (1-based) with the parts covered by `spans` replaced by asterisks. */
export function maskSpans(line: string, lineNumber: number, spans: readonly MaskSpan[]): string {
  const cuts = spans
    .filter((s) => s.start.line <= lineNumber && lineNumber <= s.end.line)
    .map((s) => {
      const from = s.start.line === lineNumber ? s.start.column - 1 : indentOf(line);
      const to = s.end.line === lineNumber ? s.end.column - 1 : line.length;
      return [Math.max(0, from), Math.min(line.length, to)] as const;
    })
    .filter(([from, to]) => to > from)
    .sort((a, b) => a[0] - b[0]);
  let out = '';
  let shown = 0;
  for (const [from, to] of cuts) {
    // Spans may nest (a secret object holding a secret key): mask their union once.
    if (to <= shown) continue;
    out += from >= shown ? `${line.slice(shown, from)}${MASK}` : '';
    shown = to;
  }
  return out + line.slice(shown);
}

/**
 * Line `index` (0-based) of a text as a code frame may show it: the spans the
 * loader located masked, then every credential-looking value, including the
 * lines of a multi-line secret.
 */
export function shownLine(
  lines: readonly string[],
  index: number,
  spans: readonly MaskSpan[] = [],
): string {
  const line = maskSpans(lines[index] ?? '', index + 1, spans);
  if (continuesSecret(lines, index)) return `${/^\s*/.exec(line)?.[0] ?? ''}${MASK}`;
  return maskSecrets(line);
}
