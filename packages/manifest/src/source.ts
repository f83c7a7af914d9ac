/**
 * Parsing a manifest text (YAML, or JSON, which is YAML) into plain data plus
 * the position of every node, so each diagnostic can point at a line and column.
 */
import { createRequire } from 'node:module';
import type * as YamlModule from 'yaml';
import type { Node, YAMLError } from 'yaml';
import type { Diagnostic } from './diagnostics.js';
import { indexJsonPositions, jsonNodeFinder, lineStarts, positionAt } from './json-positions.js';
import { escapePointerToken, parentPointer } from './pointer.js';

// yaml is loaded when the first YAML text is parsed: a project of strict JSON manifests
// (parseSource's fast path) never pays for loading it. Its CommonJS entry, so that the
// parsers stay synchronous; Node's module cache makes every later call a look-up.
const requireHere = createRequire(import.meta.url);
function yaml(): typeof YamlModule {
  return requireHere('yaml') as typeof YamlModule;
}

// The pointer helpers were first exported from here; the manifest's modules still import them from here.
export { escapePointerToken, parentPointer, toPointer } from './pointer.js';

/** 1-based line and column. */
export interface LineColumn {
  readonly line: number;
  readonly column: number;
}

/** Positions of one JSON pointer: its key (when it is a mapping entry) and its value. */
interface NodePositions {
  key?: LineColumn;
  value: LineColumn;
  /** Offset just past the value, resolved to a position only when a span is asked for. */
  end?: number;
}

/** Where a value starts and ends (end exclusive). */
export interface SourceSpan {
  readonly start: LineColumn;
  readonly end: LineColumn;
}

/** A parsed manifest: its data, and a way to locate any JSON pointer in its text. */
export interface ParsedSource {
  readonly file: string;
  readonly value: unknown;
  /** Position of the key at `pointer` (or its value when there is no key), else of its nearest ancestor. */
  locate(pointer: string, part?: 'key' | 'value'): LineColumn;
  /** The span of the value at exactly `pointer`, or undefined when it has none. */
  span(pointer: string): SourceSpan | undefined;
  readonly diagnostics: readonly Diagnostic[];
}

const START: LineColumn = { line: 1, column: 1 };

/** Parses YAML or JSON text; never throws, syntax problems become diagnostics. */
export function parseSource(file: string, text: string): ParsedSource {
  return parseStrictJson(file, text) ?? parseYamlSource(file, text);
}

/**
 * The fast path for manifests written as strict JSON (YAML's JSON subset, with
 * the same value and the same positions): undefined for anything else,
 * including invalid JSON, so the YAML parser reports every problem as before.
 */
function parseStrictJson(file: string, text: string): ParsedSource | undefined {
  if (!/^[ \t\n\r]*\{/.test(text) || /\r(?!\n)/.test(text)) return undefined;
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return undefined;
  }
  const root = indexJsonPositions(text);
  if (root === undefined) return undefined;
  const starts = lineStarts(text);
  const at = (offset: number): LineColumn => positionAt(starts, offset);
  const find = jsonNodeFinder(root);
  const locate = (pointer: string, part: 'key' | 'value' = 'key'): LineColumn => {
    const node = find(pointer);
    return at(part === 'key' ? (node.key ?? node.value) : node.value);
  };
  const span = (pointer: string): SourceSpan | undefined => {
    const node = find(pointer);
    // `find` falls back to an ancestor; only the node at exactly this pointer has the span.
    if (node === find(parentPointer(pointer)) && pointer !== '') return undefined;
    return { start: at(node.value), end: at(node.end) };
  };
  return { file, value, locate, span, diagnostics: [] };
}

/** Parses any YAML (JSON included) with the position of every node; the path for everything but strict JSON. */
export function parseYamlSource(file: string, text: string): ParsedSource {
  const { LineCounter, parseDocument, isAlias, isMap, isPair, isScalar, isSeq } = yaml();
  const lineCounter = new LineCounter();
  const positions = new Map<string, NodePositions>();
  const diagnostics: Diagnostic[] = [];
  const at = (offset: number | undefined): LineColumn => {
    if (offset === undefined) return START;
    const { line, col } = lineCounter.linePos(offset);
    return { line, column: col };
  };
  const locate = (pointer: string, part: 'key' | 'value' = 'key'): LineColumn => {
    let current = pointer;
    for (;;) {
      const found = positions.get(current);
      if (found) return part === 'key' ? (found.key ?? found.value) : found.value;
      if (current === '') return START;
      current = parentPointer(current);
    }
  };

  const span = (pointer: string): SourceSpan | undefined => {
    const found = positions.get(pointer);
    return found?.end === undefined ? undefined : { start: found.value, end: at(found.end) };
  };

  const doc = parseDocument(text, { lineCounter, prettyErrors: false, uniqueKeys: true });
  const visit = (node: unknown, pointer: string, key: LineColumn | undefined): void => {
    if (!node || isAlias(node)) return;
    const range = (node as Node).range;
    positions.set(pointer, {
      ...(key ? { key } : {}),
      value: at(range?.[0]),
      ...(range ? { end: range[1] } : {}),
    });
    if (isMap(node)) {
      for (const pair of node.items) {
        if (!isPair(pair)) continue;
        const keyNode = pair.key;
        const name = isScalar(keyNode) ? String(keyNode.value) : String(keyNode);
        const keyPos = at((keyNode as Node | null)?.range?.[0]);
        const child = `${pointer}/${escapePointerToken(name)}`;
        if (pair.value) visit(pair.value, child, keyPos);
        else positions.set(child, { key: keyPos, value: keyPos });
      }
    } else if (isSeq(node)) {
      node.items.forEach((item, index) => {
        visit(item, `${pointer}/${index}`, undefined);
      });
    }
  };
  visit(doc.contents, '', undefined);
  const pointerAt = (where: LineColumn): string => {
    for (const [pointer, found] of positions) {
      if (found.key?.line === where.line && found.key.column === where.column) return pointer;
    }
    return '';
  };
  for (const error of doc.errors) {
    const duplicate = error.code === 'DUPLICATE_KEY';
    diagnostics.push({
      severity: 'error',
      code: duplicate ? 'MANIFEST_DUPLICATE_KEY' : 'MANIFEST_SYNTAX',
      message: duplicate
        ? 'This key appears twice in the same mapping.'
        : error.code === 'MULTIPLE_DOCS'
          ? 'A manifest is one YAML document, but this file holds several (separated by ---).'
          : syntaxMessage(error.message),
      hint: duplicate
        ? 'Remove or rename one of the two entries.'
        : 'Fix the YAML or JSON syntax here.',
      file,
      ...at(duplicate ? error.pos[0] : problemStart(doc, text, error)),
      pointer: duplicate ? pointerAt(at(error.pos[0])) : '',
    });
  }
  if (diagnostics.length > 0) return { file, value: undefined, locate, span, diagnostics };

  let value: unknown;
  try {
    // The alias limit keeps a "billion laughs" document from expanding without bound.
    value = doc.toJS({ maxAliasCount: 50 });
  } catch {
    diagnostics.push({
      severity: 'error',
      code: 'MANIFEST_SYNTAX',
      message: 'The document uses too many or unresolvable aliases.',
      hint: 'Write the repeated parts out instead of using anchors and aliases.',
      file,
      ...START,
      pointer: '',
    });
    return { file, value: undefined, locate, span, diagnostics };
  }

  return { file, value, locate, span, diagnostics };
}

const OPENERS = new Set(['"', "'", '[', '{']);

/**
 * Where a syntax problem starts, not where the parser gave up: an unclosed
 * quote or bracket is reported by yaml at the end of the text, so point at the
 * opening character of the innermost quoted scalar or flow collection that
 * runs up to that spot (unless the parser stopped at a stray closing bracket); an indentation error points at the line's first
 * non-blank character rather than its column 1.
 */
function problemStart(
  doc: ReturnType<typeof YamlModule.parseDocument>,
  text: string,
  error: YAMLError,
): number {
  const pos = error.pos[0];
  let opener: number | undefined;
  yaml().visit(doc, {
    Node(_key, node) {
      const range = node.range;
      if (range === undefined || range === null) return;
      const [start, end] = range;
      if (start < pos && pos <= end && OPENERS.has(text[start] ?? '')) {
        if (opener === undefined || start > opener) opener = start;
      }
    },
  });
  // A stray closer (`]` where `}` was due) is itself the mistake: keep it.
  const strayCloser = text[pos] === ']' || text[pos] === '}';
  const unclosed = error.code === 'MISSING_CHAR' || /flow/i.test(error.message);
  if (opener !== undefined && unclosed && !strayCloser) {
    return opener;
  }
  if (error.code === 'BAD_INDENT') {
    let at = pos;
    while (text[at] === ' ' || text[at] === '\t') at++;
    if (text[at] !== '\n' && at < text.length) return at;
  }
  return pos;
}

/** yaml's messages are good but end with position noise we already report. */
function syntaxMessage(raw: string): string {
  const firstLine = raw.split('\n')[0] ?? raw;
  const trimmed = firstLine.replace(/ at line \d+, column \d+:?$/, '').trim();
  const sentence = trimmed.length > 0 ? trimmed : 'Syntax error';
  return /[.!?]$/.test(sentence) ? sentence : `${sentence}.`;
}
