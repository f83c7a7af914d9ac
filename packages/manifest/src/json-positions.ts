/**
 * Source positions for a manifest written as strict JSON, without the YAML
 * parser: `JSON.parse` gives the value, and one scan of the text gives the
 * offset of every key and value. The positions are those the YAML parser
 * reports for the same text (a key at its opening quote, a value at its first
 * character), so diagnostics read the same whichever path parsed the file.
 */
import { escapePointerToken } from './pointer.js';

/** Offsets of one JSON value: its key when it is an object member, and its children by pointer token. */
export interface JsonNode {
  readonly key: number | undefined;
  readonly value: number;
  /** Offset just past the value. */
  readonly end: number;
  readonly children: Map<string, JsonNode> | undefined;
}

/** The text is not the strict JSON this scanner accepts (or has a duplicate key): use the YAML parser. */
class NotPlainJson {}

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
/** Whitespace, `,`, `]` and `}`: what ends a number, true, false or null. */
const ENDS_SCALAR = new Set([0x20, 0x09, 0x0a, 0x0d, 0x2c, 0x5d, 0x7d]);

/**
 * Indexes the positions of a JSON text that `JSON.parse` accepted. Returns
 * undefined when an object repeats a key: the YAML parser reports that.
 */
export function indexJsonPositions(text: string): JsonNode | undefined {
  let at = 0;
  const skipSpace = () => {
    for (;;) {
      const c = text.charCodeAt(at);
      if (c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09) at++;
      else return;
    }
  };
  // Returns the index just past the closing quote of the string opening at `start`.
  const stringEnd = (start: number): number => {
    let i = start + 1;
    for (;;) {
      const c = text.charCodeAt(i);
      if (c === QUOTE) return i + 1;
      if (c === BACKSLASH) i += 2;
      else if (Number.isNaN(c)) throw new NotPlainJson();
      else i++;
    }
  };
  const value = (key: number | undefined): JsonNode => {
    skipSpace();
    const start = at;
    const c = text.charCodeAt(at);
    if (c === 0x7b /* { */) {
      const children = new Map<string, JsonNode>();
      at++;
      skipSpace();
      if (text.charCodeAt(at) === 0x7d) at++;
      else {
        for (;;) {
          skipSpace();
          const keyStart = at;
          at = stringEnd(keyStart);
          const raw = text.slice(keyStart + 1, at - 1);
          const name = raw.includes('\\') ? (JSON.parse(text.slice(keyStart, at)) as string) : raw;
          const token = escapePointerToken(name);
          if (children.has(token)) throw new NotPlainJson();
          skipSpace();
          at++; // the colon
          children.set(token, value(keyStart));
          skipSpace();
          if (text.charCodeAt(at++) === 0x7d) break;
        }
      }
      return { key, value: start, end: at, children };
    }
    if (c === 0x5b /* [ */) {
      const children = new Map<string, JsonNode>();
      at++;
      skipSpace();
      if (text.charCodeAt(at) === 0x5d) at++;
      else {
        for (let index = 0; ; index++) {
          children.set(String(index), value(undefined));
          skipSpace();
          if (text.charCodeAt(at++) === 0x5d) break;
        }
      }
      return { key, value: start, end: at, children };
    }
    if (c === QUOTE) at = stringEnd(at);
    else {
      // A number, true, false or null: it ends at the next delimiter.
      while (at < text.length && !ENDS_SCALAR.has(text.charCodeAt(at))) at++;
    }
    return { key, value: start, end: at, children: undefined };
  };
  try {
    return value(undefined);
  } catch (error) {
    if (error instanceof NotPlainJson || error instanceof RangeError) return undefined;
    throw error;
  }
}

/**
 * Finds nodes by JSON pointer, nearest existing ancestor when the pointer is
 * missing. Each pointer is resolved once, from its parent's entry: schema
 * conversion asks for every node, parents first, so a lookup is one map read.
 */
export function jsonNodeFinder(root: JsonNode): (pointer: string) => JsonNode {
  const exact = new Map<string, JsonNode | null>([['', root]]);
  const exactly = (pointer: string): JsonNode | null => {
    const known = exact.get(pointer);
    if (known !== undefined) return known;
    const cut = pointer.lastIndexOf('/');
    const parent = cut < 0 ? null : exactly(pointer.slice(0, cut));
    const node = parent?.children?.get(pointer.slice(cut + 1)) ?? null;
    exact.set(pointer, node);
    return node;
  };
  return (pointer) => {
    let current = pointer;
    for (;;) {
      const node = exactly(current);
      if (node !== null) return node;
      const cut = current.lastIndexOf('/');
      if (cut < 0) return root;
      current = current.slice(0, cut);
    }
  };
}

/** Start offsets of each line, for offset → line and column like yaml's LineCounter. */
export function lineStarts(text: string): number[] {
  const starts = [0];
  let i = text.indexOf('\n');
  while (i !== -1) {
    starts.push(i + 1);
    i = text.indexOf('\n', i + 1);
  }
  return starts;
}

/** 1-based line and column of an offset, given the line starts. */
export function positionAt(starts: readonly number[], offset: number) {
  let low = 0;
  let high = starts.length - 1;
  while (low < high) {
    const mid = (low + high + 1) >> 1;
    if ((starts[mid] ?? 0) <= offset) low = mid;
    else high = mid - 1;
  }
  return { line: low + 1, column: offset - (starts[low] ?? 0) + 1 };
}
