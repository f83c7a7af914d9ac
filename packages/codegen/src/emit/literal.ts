import type { ToolRequirement } from '@toolscope/core';
import { tsKey, tsLiteral } from '../escape.js';
import {
  type Doc,
  fill,
  group,
  hardline,
  ifBreak,
  indent,
  join,
  line,
  list,
  render,
  softline,
  textWidth,
} from './layout.js';

/**
 * Code that stands for a value in a JSON literal: the name of a shared
 * constant (a `$defs` schema, a provider's facts) in place of its copy.
 */
export class CodeRef {
  constructor(readonly code: string) {}
}

/**
 * A tool's `inputSchema`/`outputSchema` written as JSON text in a
 * `jsonSchema` tagged template (core's runtime parses it): the text reads like
 * the schema, and the compiler sees one template instead of a literal whose
 * every nested object it would type. A shared `$defs` schema (a `CodeRef`) is a
 * substitution.
 */
export class SchemaText {
  constructor(readonly schema: unknown) {}
}

// Inside the template the raw text reaches JSON.parse: a backtick or `${`
// would end or interpolate the template, and U+2028/9 read badly; each is
// written as the JSON escape of the same character.
const TEMPLATE_UNSAFE = /[`$\u2028\u2029]/;

function templateSafe(json: string): string {
  // Almost every key and value holds none of them: one scan instead of three.
  if (!TEMPLATE_UNSAFE.test(json)) return json;
  return json
    .replaceAll('`', '\\u0060')
    .replaceAll('${', '\\u0024{')
    .replace(/[\u2028\u2029]/g, (c) => `\\u${c.charCodeAt(0).toString(16)}`);
}

/** JSON text for a schema template: objects one member a line, short arrays of primitives on one. */
export function schemaTemplateText(value: unknown, indent: number): string {
  if (value instanceof CodeRef) return `\${${value.code}}`;
  if (value === null || typeof value !== 'object') return templateSafe(JSON.stringify(value));
  const pad = ' '.repeat(indent + 2);
  if (Array.isArray(value)) {
    if (value.length === 0) return '[]';
    const items = value.map((v) => schemaTemplateText(v, indent + 2));
    const flat = `[${items.join(', ')}]`;
    if (value.every((v) => v === null || typeof v !== 'object') && indent + textWidth(flat) <= 90) {
      return flat;
    }
    return `[\n${items.map((i) => `${pad}${i}`).join(',\n')}\n${' '.repeat(indent)}]`;
  }
  let out = '';
  for (const k of Object.keys(value)) {
    const v = (value as Record<string, unknown>)[k];
    if (v === undefined) continue;
    out += `${out === '' ? '{\n' : ',\n'}${pad}${templateSafe(JSON.stringify(k))}: ${schemaTemplateText(v, indent + 2)}`;
  }
  return out === '' ? '{}' : `${out}\n${' '.repeat(indent)}}`;
}

/** `jsonSchema` + the schema's JSON text as a template, its lines at `indent`. */
export function schemaTemplate(text: SchemaText, indent: number): string {
  return `jsonSchema\`${schemaTemplateText(text.schema, indent)}\``;
}

// The formatter keeps a key and a string (or a member chain) on one line only
// when the key is shorter than this; a longer key lets the value move to the
// next line when it does not fit.
const SHORT_KEY = 5;

/** `key: value` in an object literal, laid out as the formatter lays it out. */
export function propertyDoc(key: string, value: Doc, breakable: boolean): Doc {
  if (breakable && textWidth(key) >= SHORT_KEY)
    return group([key, ':', group(indent([line, value]))]);
  return [key, ': ', value];
}

/** An object literal, expanded one property a line (how the formatter keeps it). */
export function objectDoc(properties: readonly Doc[]): Doc {
  if (properties.length === 0) return '{}';
  return ['{', indent([hardline, join([',', hardline], properties)]), ',', hardline, '}'];
}

function isObject(value: unknown): value is Record<string, unknown> {
  return (
    value !== null &&
    typeof value === 'object' &&
    !Array.isArray(value) &&
    !(value instanceof CodeRef) &&
    !(value instanceof SchemaText)
  );
}

/** An array literal: one line when it fits, else one element a line (numbers fill lines). */
export function arrayDoc(elements: readonly unknown[], toDoc: (v: unknown) => Doc): Doc {
  if (elements.length === 0) return '[]';
  const docs = elements.map(toDoc);
  if (elements.every((e) => typeof e === 'number')) {
    const parts: Doc[] = [];
    docs.forEach((d, i) => {
      if (i > 0) parts.push([',', line]);
      parts.push(d);
    });
    return group(['[', indent([softline, fill(parts)]), ifBreak(','), softline, ']']);
  }
  // Several objects, or several arrays of several elements: always one a line.
  const concise =
    elements.length > 1 &&
    (elements.every((e) => isObject(e) && Object.keys(e).length > 1) ||
      elements.every((e) => Array.isArray(e) && e.length > 1));
  if (concise) {
    return ['[', indent([hardline, join([',', hardline], docs)]), ',', hardline, ']'];
  }
  return list('[', docs, ']');
}

/**
 * A JSON value as a TypeScript expression document. Keys and strings go
 * through `tsKey`/`tsLiteral` (on `escapeForCode`), so manifest text cannot
 * end a literal early; a `CodeRef` is written as its code.
 */
export function jsonDoc(value: unknown): Doc {
  if (value instanceof CodeRef) return value.code;
  if (value instanceof SchemaText) return schemaTemplate(value, 0);
  if (value === null || typeof value !== 'object') return tsLiteral(value);
  if (Array.isArray(value)) return arrayDoc(value, jsonDoc);
  const entries = Object.entries(value).filter(([, v]) => v !== undefined);
  return objectDoc(
    entries.map(([k, v]) =>
      propertyDoc(tsKey(k), jsonDoc(v), typeof v === 'string' || v instanceof CodeRef),
    ),
  );
}

/** A JSON value as multi-line TypeScript text, at column 0. */
export function jsonLiteral(value: unknown): string {
  return render(jsonDoc(value));
}

// Indentation strings, made once: the literal writers ask for one per line.
const SPACES = Array.from({ length: 64 }, (_, n) => ' '.repeat(n));
const spaces = (n: number) => SPACES[n] ?? ' '.repeat(n);

/**
 * The text `jsonDoc` prints for a value, written directly: the literals are
 * most of a server package's text, and their layout needs no search (objects
 * are always expanded; a property or an array of primitives fits or breaks by
 * its own width). `indent` is the indentation of the value's lines, `column`
 * where it starts, `after` the width of what follows it on its last line. An
 * array this does not lay out itself (numbers, nested arrays) goes to the
 * document printer at the same place.
 */
export function jsonText(value: unknown, indent: number, column: number, after: number): string {
  if (value instanceof CodeRef) return value.code;
  if (value instanceof SchemaText) return schemaTemplate(value, indent);
  if (value === null || typeof value !== 'object') return tsLiteral(value);
  if (Array.isArray(value)) return arrayText(value, indent, column, after, true);
  const entries = Object.entries(value).filter(([, v]) => v !== undefined);
  if (entries.length === 0) return '{}';
  const inner = indent + 2;
  const pad = spaces(inner);
  let out = '{\n';
  for (const [k, v] of entries) {
    const key = tsKey(k);
    const keyWidth = textWidth(key);
    const valueColumn = inner + keyWidth + 2;
    if (typeof v === 'string' || v instanceof CodeRef) {
      const text = jsonText(v, inner, valueColumn, 1);
      const broken = keyWidth >= SHORT_KEY && valueColumn + textWidth(text) + 1 > 100;
      out += broken ? `${pad}${key}:\n${spaces(inner + 2)}${text},\n` : `${pad}${key}: ${text},\n`;
    } else {
      out += `${pad}${key}: ${jsonText(v, inner, valueColumn, 1)},\n`;
    }
  }
  return `${out}${spaces(indent)}}`;
}

function arrayText(
  elements: readonly unknown[],
  indent: number,
  column: number,
  after: number,
  ts: boolean,
): string {
  if (elements.length === 0) return '[]';
  const primitive = (e: unknown) => e === null || typeof e !== 'object';
  const comma = ts ? ',' : '';
  const inner = spaces(indent + 2);
  if (elements.every(primitive) && !elements.every((e) => typeof e === 'number')) {
    const items = elements.map((e) => (ts ? tsLiteral(e) : JSON.stringify(e)));
    const flat = `[${items.join(', ')}]`;
    if (column + textWidth(flat) + after <= 100) return flat;
    return `[\n${items.map((i) => `${inner}${i}`).join(',\n')}${comma}\n${spaces(indent)}]`;
  }
  if (
    elements.some((e) => isObject(e) && Object.keys(e).length > 0) &&
    elements.every((e) => !Array.isArray(e))
  ) {
    // An expanded object breaks the array: one element a line.
    const items = elements.map((e) =>
      ts ? jsonText(e, indent + 2, indent + 2, 1) : jsonFileText(e, indent + 2, indent + 2, 1),
    );
    return `[\n${items.map((i) => `${inner}${i}`).join(',\n')}${comma}\n${spaces(indent)}]`;
  }
  const doc = ts ? arrayDoc(elements, jsonDoc) : jsonFileDoc(elements);
  return render(doc, 100, indent, column);
}

/**
 * A JSON file's text as the repository formatter writes JSON: objects one
 * member a line, arrays on one line when they fit in 100 columns.
 */
export function formatJson(value: unknown): string {
  return `${jsonFileText(value, 0, 0, 0)}\n`;
}

function jsonFileText(value: unknown, indent: number, column: number, after: number): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value);
  if (Array.isArray(value)) return arrayText(value, indent, column, after, false);
  const keys = Object.keys(value).filter(
    (k) => (value as Record<string, unknown>)[k] !== undefined,
  );
  if (keys.length === 0) return '{}';
  const inner = indent + 2;
  const pad = spaces(inner);
  let out = '{\n';
  for (let i = 0; i < keys.length; i++) {
    const k = keys[i] as string;
    const key = JSON.stringify(k);
    const after = i === keys.length - 1 ? 0 : 1;
    const text = jsonFileText(
      (value as Record<string, unknown>)[k],
      inner,
      inner + textWidth(key) + 2,
      after,
    );
    out += `${pad}${key}: ${text}${after === 0 ? '\n' : ',\n'}`;
  }
  return `${out}${spaces(indent)}}`;
}

/** The document form of a JSON file's value, for what `jsonFileText` leaves to the printer. */
function jsonFileDoc(v: unknown): Doc {
  if (v === null || typeof v !== 'object') return JSON.stringify(v);
  if (Array.isArray(v)) {
    if (v.length === 0) return '[]';
    const items = join([',', line], v.map(jsonFileDoc));
    // Numbers fill the lines; other elements go one a line when the array breaks.
    const body = v.every((e) => typeof e === 'number') ? fill(items) : items;
    return group(['[', indent([softline, body]), softline, ']']);
  }
  const entries = Object.entries(v).filter(([, e]) => e !== undefined);
  if (entries.length === 0) return '{}';
  const members = entries.map(([k, e]) => [JSON.stringify(k), ': ', jsonFileDoc(e)]);
  return ['{', indent([hardline, join([',', hardline], members)]), hardline, '}'];
}

/** The core requirement type that matches a requirement's method. */
export function requirementType(requirement: ToolRequirement): string {
  switch (requirement.method) {
    case 'none':
      return 'NoneRequirement';
    case 'oauth2':
      return 'OAuth2Requirement';
    case 'apiKey':
      return 'ApiKeyRequirement';
  }
}
