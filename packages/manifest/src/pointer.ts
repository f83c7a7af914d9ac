/**
 * JSON pointers (RFC 6901), which every diagnostic uses to say where in a
 * manifest it points. A module of its own so that both parsers (source.ts and
 * json-positions.ts) can use it without importing each other.
 */

/** Escapes one JSON pointer reference token (RFC 6901). */
export function escapePointerToken(token: string | number): string {
  const text = String(token);
  // Most names need no escape: skip building two new strings for them.
  if (!text.includes('~') && !text.includes('/')) return text;
  return text.replaceAll('~', '~0').replaceAll('/', '~1');
}

/** Joins reference tokens into a JSON pointer. */
export function toPointer(path: ReadonlyArray<PropertyKey>): string {
  return path.map((token) => `/${escapePointerToken(String(token))}`).join('');
}

/** The parent of a JSON pointer (`""` stays `""`). */
export function parentPointer(pointer: string): string {
  const cut = pointer.lastIndexOf('/');
  return cut <= 0 ? '' : pointer.slice(0, cut);
}
