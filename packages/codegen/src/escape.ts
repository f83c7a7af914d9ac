/**
 * The one place where untrusted manifest text becomes source code. Every
 * manifest string that lands in a generated .ts file passes through
 * `escapeForCode`; nothing else builds literals or comments from manifest data.
 */

/** Where in generated TypeScript a manifest string lands. */
export type CodeContext = 'literal' | 'doc' | 'key';

const IDENTIFIER = /^[A-Za-z_$][A-Za-z0-9_$]*$/;
// Line and paragraph separators end a line in JS source (and a `//` comment);
// JSON.stringify leaves them raw, so they are escaped explicitly.
const LINE_SEPARATORS = /[\u2028\u2029]/g;

/**
 * Escapes manifest text for one code context:
 * - `literal`: any JSON value as a JS expression (strings double-quoted; backticks
 *   and `${` are inert there; newlines and U+2028/9 escaped);
 * - `doc`: text for a JSDoc body (`*\/` cannot close the comment; every line
 *   break, including U+2028/9 and CR, becomes LF so the ` * ` prefixes hold);
 * - `key`: a property name, bare when it is an identifier, quoted otherwise.
 */
export function escapeForCode(value: unknown, context: CodeContext): string {
  if (context === 'doc') {
    return String(value)
      .replace(/\r\n?|[\u2028\u2029]/g, '\n')
      .replace(/\*\//g, '*\\/')
      .trim();
  }
  if (context === 'key' && typeof value === 'string' && IDENTIFIER.test(value)) return value;
  const json = JSON.stringify(value);
  return json === undefined ? 'undefined' : json.replace(LINE_SEPARATORS, (c) => unicodeEscape(c));
}

function unicodeEscape(char: string): string {
  return `\\u${char.charCodeAt(0).toString(16).padStart(4, '0')}`;
}

/** A `/** … *\/` block for a description, indented for inline type literals. */
export function docComment(text: string | undefined, indent: string): string {
  if (text === undefined || text.trim() === '') return '';
  const lines = escapeForCode(text, 'doc').split('\n');
  if (lines.length === 1) return `${indent}/** ${lines[0]} */\n`;
  return `${indent}/**\n${lines.map((l) => `${indent} *${l === '' ? '' : ` ${l}`}`).join('\n')}\n${indent} */\n`;
}

/**
 * A JSON primitive as a TypeScript literal in the repository formatter's own
 * form: a string in single quotes unless it holds more single than double
 * quotes (only the quote that delimits it escaped), a number as the formatter
 * prints it (`1e21`, not `1e+21`). Built on `escapeForCode`'s `literal` text,
 * so every escape it makes (line separators, control characters) stays.
 */
export function tsLiteral(value: unknown): string {
  const json = escapeForCode(value, 'literal');
  if (typeof value === 'number') return json.replace('e+', 'e');
  if (typeof value !== 'string') return json;
  let singles = 0;
  let doubles = 0;
  for (const ch of value) {
    if (ch === "'") singles++;
    else if (ch === '"') doubles++;
  }
  if (singles > doubles) return json.replaceAll('${', '\\u0024{');
  const body = json
    .slice(1, -1)
    .replace(/\\(.)|'/g, (match, escaped: string | undefined) =>
      escaped === undefined ? "\\'" : escaped === '"' ? '"' : match,
    );
  // `${` spelled `\u0024{`: the same string, which no linter takes for a template gone wrong.
  return `'${body.replaceAll('${', '\\u0024{')}'`;
}

/** A property name as a TypeScript key: bare when it is an identifier, else `tsLiteral`. */
export function tsKey(name: string): string {
  return IDENTIFIER.test(name) ? name : tsLiteral(name);
}
