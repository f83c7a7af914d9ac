/**
 * Diagnostics printed like a compiler's: location, code, message, a code frame
 * with a caret, then the hint and the JSON pointer.
 */
import type { Diagnostic } from './diagnostics.js';
import { type MaskSpan, shownLine } from './mask.js';

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
  // Every secret value the loader located in a file is masked in every frame of
  // that file, not only in its own diagnostic's.
  const masked = new Map<string, MaskSpan[]>();
  for (const d of diagnostics) {
    if (d.masked) masked.set(d.file, [...(masked.get(d.file) ?? []), d.masked]);
  }
  const blocks = diagnostics.map((d) => {
    const severity = d.severity === 'error' ? paint('red', 'error') : paint('yellow', 'warning');
    const lines = [
      `${paint('cyan', `${d.file}:${d.line}:${d.column}`)} - ${severity} ${paint('dim', d.code)}: ${d.message}`,
    ];
    const text = texts.get(d.file);
    if (text !== undefined) {
      lines.push('', ...codeFrame(text, d.line, d.column, masked.get(d.file) ?? [], paint));
    }
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
  spans: readonly MaskSpan[],
  paint: (code: keyof typeof ANSI, text: string) => string,
): string[] {
  const all = text.split(/\r?\n/);
  const first = Math.max(1, line - 2);
  const last = Math.min(all.length, line + 1);
  const width = String(last).length;
  const out: string[] = [];
  for (let n = first; n <= last; n++) {
    // Masked before tabs become spaces, so located spans keep their columns.
    const source = shownLine(all, n - 1, spans).replaceAll('\t', ' ');
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
