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
