/**
 * Diagnostics printed like a compiler's: location, code, message, a code frame
 * with a caret, then the hint and the JSON pointer.
 */
import type { Diagnostic } from './diagnostics.js';

/** Options of `formatDiagnostics`. */
export interface FormatOptions {
  /** The manifest texts, for code frames; a diagnostic whose file is absent prints without one. */
  readonly sources:
    | ReadonlyArray<{ readonly file: string; readonly text: string }>
    | ReadonlyMap<string, string>;
  /** ANSI colours; off by default so output is stable in logs and tests. */
  readonly color?: boolean;
}

const ANSI = {
  red: '\u001b[31m',
  yellow: '\u001b[33m',
  cyan: '\u001b[36m',
  dim: '\u001b[2m',
  bold: '\u001b[1m',
  reset: '\u001b[0m',
};

// A code frame shows source lines verbatim; a value under a key that names a
// credential is masked so a pasted secret never reaches a terminal or CI log.
const SECRET_LINE =
  /^(\s*(?:-\s+)?["']?[\w.-]*(?:secret|password|passwd|private.?key|token|api.?key|bearer)["']?\s*:\s*)(.+)$/i;
const NOT_SECRET_KEY = /(Env|Endpoint|Uri|Url)["']?\s*:/;

/** A source line with the value of any secret-looking key replaced by asterisks. */
export function maskSecrets(line: string): string {
  const match = SECRET_LINE.exec(line);
  if (!match || NOT_SECRET_KEY.test(match[1] ?? '')) return line;
  return `${match[1]}********`;
}

/** Renders diagnostics for a terminal. */
export function formatDiagnostics(
  diagnostics: readonly Diagnostic[],
  options: FormatOptions,
): string {
  const texts =
    options.sources instanceof Map
      ? options.sources
      : new Map(
          (options.sources as ReadonlyArray<{ file: string; text: string }>).map((s) => [
            s.file,
            s.text,
          ]),
        );
  const paint = (code: keyof typeof ANSI, text: string) =>
    options.color ? `${ANSI[code]}${text}${ANSI.reset}` : text;
  const blocks = diagnostics.map((d) => {
    const severity = d.severity === 'error' ? paint('red', 'error') : paint('yellow', 'warning');
    const lines = [
      `${paint('cyan', `${d.file}:${d.line}:${d.column}`)} - ${severity} ${paint('dim', d.code)}: ${d.message}`,
    ];
    const text = texts.get(d.file);
    if (text !== undefined) lines.push('', ...codeFrame(text, d.line, d.column, paint));
    if (d.hint) lines.push(`  hint: ${d.hint}`);
    lines.push(`  at: ${d.pointer === '' ? '(document root)' : d.pointer}`);
    return lines.join('\n');
  });
  return blocks.join('\n\n');
}

function codeFrame(
  text: string,
  line: number,
  column: number,
  paint: (code: keyof typeof ANSI, text: string) => string,
): string[] {
  const all = text.split(/\r?\n/);
  const first = Math.max(1, line - 2);
  const last = Math.min(all.length, line + 1);
  const width = String(last).length;
  const out: string[] = [];
  for (let n = first; n <= last; n++) {
    const source = maskSecrets((all[n - 1] ?? '').replaceAll('\t', ' '));
    const gutter = `${n === line ? '>' : ' '} ${String(n).padStart(width)} | `;
    // No trailing space on blank lines: frames get pasted into reviews and diffed.
    const shownGutter = source === '' ? gutter.trimEnd() : gutter;
    out.push(`${n === line ? paint('bold', shownGutter) : paint('dim', shownGutter)}${source}`);
    if (n === line) {
      const rest = source.slice(column - 1);
      const token = /^("[^"]*"|'[^']*'|[^\s:,[\]{}]+)/.exec(rest)?.[0] ?? '';
      const underline = `^${'~'.repeat(Math.max(0, Math.min(token.length, 80) - 1))}`;
      out.push(
        `  ${' '.repeat(width)} | ${' '.repeat(Math.max(0, column - 1))}${paint('red', underline)}`,
      );
    }
  }
  out.push('');
  return out;
}
