/**
 * JSON Schema 2020-12 (the subset later stages can type faithfully) to SchemaIR.
 * Anything outside the subset is a diagnostic, never a silent `any`.
 */
import type { DiagnosticCode } from './diagnostics.js';
import { closestMatch } from './did-you-mean.js';
import type { SchemaIR, SourcePosition } from './ir.js';
import { badValue, type SchemaContext } from './json-schema-context.js';
import {
  ANNOTATIONS,
  isNonNegativeInteger,
  isObject,
  type JsonObject,
  KEYWORDS_BY_TYPE,
  STRUCTURE,
  SUPPORTED,
  TYPE_NAMES,
  type TypeName,
  UNSUPPORTED,
} from './json-schema-keywords.js';
import { convertObject } from './json-schema-object.js';
import { escapePointerToken } from './source.js';

export type { SchemaContext } from './json-schema-context.js';

/** Converts one schema node; returns undefined (with diagnostics) when it cannot be typed. */
export function convertSchema(
  raw: unknown,
  pointer: string,
  ctx: SchemaContext,
  inUnion = false,
): SchemaIR | undefined {
  const report = (code: DiagnosticCode, message: string, at: string, hint?: string): undefined => {
    ctx.diagnostics.push({
      severity: 'error',
      code,
      message,
      ...(hint ? { hint } : {}),
      file: ctx.source.file,
      ...ctx.source.locate(at, at === pointer ? 'value' : 'key'),
      pointer: at,
    });
    return undefined;
  };
  if (!isObject(raw)) {
    return report(
      typeof raw === 'boolean' ? 'SCHEMA_NO_TYPE' : 'SCHEMA_INVALID',
      typeof raw === 'boolean'
        ? `The boolean schema \`${raw}\` has no type.`
        : 'A schema must be an object.',
      pointer,
      'Write an object such as `{ type: string }`.',
    );
  }
  const child = (key: string): string => `${pointer}/${escapePointerToken(key)}`;
  let ok = true;
  for (const key of Object.keys(raw)) {
    if (SUPPORTED.has(key)) continue;
    ok = false;
    const hint = UNSUPPORTED.get(key);
    if (hint !== undefined) {
      report(
        'SCHEMA_UNSUPPORTED',
        `"${key}" is not supported: later stages cannot type it faithfully.`,
        child(key),
        hint,
      );
    } else {
      const guess = closestMatch(key, SUPPORTED);
      report(
        'SCHEMA_UNKNOWN_KEYWORD',
        `Unknown schema keyword "${key}".`,
        child(key),
        guess ? `Did you mean "${guess}"?` : 'Remove it, or use a supported JSON Schema keyword.',
      );
    }
  }
  // One position per node: the common part and the typed variants share it.
  const source: SourcePosition = {
    file: ctx.source.file,
    ...ctx.source.locate(pointer, 'value'),
    pointer,
  };
  const common = commonOf(raw, pointer, ctx, source);
  if (common === undefined) ok = false;

  if (raw.$ref !== undefined) {
    const extra = Object.keys(raw).filter((k) => k !== '$ref' && !ANNOTATIONS.includes(k));
    for (const key of extra) {
      ok = false;
      report(
        'SCHEMA_UNSUPPORTED',
        `"${key}" beside "$ref" is not supported.`,
        child(key),
        'Put it in the referenced $defs entry.',
      );
    }
    const name = refName(raw.$ref, child('$ref'), ctx, report);
    return ok && name !== undefined && common ? { kind: 'ref', name, ...common } : undefined;
  }

  const unionKey =
    raw.anyOf !== undefined ? 'anyOf' : raw.oneOf !== undefined ? 'oneOf' : undefined;
  if (unionKey !== undefined) {
    if (raw.anyOf !== undefined && raw.oneOf !== undefined) {
      return report(
        'SCHEMA_UNSUPPORTED',
        'Use either "anyOf" or "oneOf", not both.',
        child('oneOf'),
      );
    }
    const extra = Object.keys(raw).filter((k) => k !== unionKey && !ANNOTATIONS.includes(k));
    for (const key of extra) {
      ok = false;
      report(
        'SCHEMA_UNSUPPORTED',
        `"${key}" beside "${unionKey}" is not supported.`,
        child(key),
        `Move it into each ${unionKey} variant.`,
      );
    }
    const list = raw[unionKey];
    if (!Array.isArray(list) || list.length === 0) {
      return report(
        'SCHEMA_INVALID',
        `"${unionKey}" must be a non-empty list of schemas.`,
        child(unionKey),
      );
    }
    const variants = list.map((item, index) =>
      convertSchema(item, `${child(unionKey)}/${index}`, ctx, true),
    );
    if (!ok || !common || variants.some((v) => v === undefined)) return undefined;
    return { kind: 'union', variants: variants as SchemaIR[], ...common };
  }

  const types = typesOf(raw, child('type'), report);
  if (types === undefined) return undefined;
  if (types.length === 0) {
    // An unsupported keyword already explains why there is no type.
    if (!ok) return undefined;
    return report(
      'SCHEMA_NO_TYPE',
      'This schema has no type, so it would be typed as any.',
      pointer,
      'Add `type:` (string, number, integer, boolean, object or array), or use $ref/anyOf.',
    );
  }
  for (const key of Object.keys(raw)) {
    if (ANNOTATIONS.includes(key) || STRUCTURE.includes(key) || !SUPPORTED.has(key)) continue;
    if (!types.some((t) => KEYWORDS_BY_TYPE[t].includes(key))) {
      ok = false;
      report('SCHEMA_INVALID', `"${key}" does not apply to type ${types.join(' | ')}.`, child(key));
    }
  }
  if (types.length === 1 && types[0] === 'null' && !inUnion) {
    return report(
      'SCHEMA_UNSUPPORTED',
      'A schema that only allows null is not supported.',
      pointer,
      'Use `type: [string, "null"]` (or another union with null).',
    );
  }
  const variants = types.map((type) => convertTyped(type, raw, pointer, ctx, report, source));
  if (!ok || !common || variants.some((v) => v === undefined)) return undefined;
  if (variants.length === 1) return { ...(variants[0] as SchemaIR), ...common };
  return { kind: 'union', variants: variants as SchemaIR[], ...common };
}

type Report = (code: DiagnosticCode, message: string, at: string, hint?: string) => undefined;

interface Common {
  description?: string;
  title?: string;
  default?: unknown;
  deprecated?: boolean;
  source: SourcePosition;
}

function commonOf(
  raw: JsonObject,
  pointer: string,
  ctx: SchemaContext,
  source: SourcePosition,
): Common | undefined {
  const common: Common = { source };
  let ok = true;
  for (const key of ['description', 'title'] as const) {
    const value = raw[key];
    if (value === undefined) continue;
    if (typeof value === 'string') common[key] = value;
    else ok = badValue(ctx, `${pointer}/${key}`, `"${key}" must be a string.`);
  }
  if (raw.deprecated !== undefined) {
    if (typeof raw.deprecated === 'boolean') common.deprecated = raw.deprecated;
    else ok = badValue(ctx, `${pointer}/deprecated`, '"deprecated" must be a boolean.');
  }
  if (raw.default !== undefined) common.default = raw.default;
  return ok ? common : undefined;
}

function refName(ref: unknown, at: string, ctx: SchemaContext, report: Report): string | undefined {
  if (typeof ref !== 'string') return report('SCHEMA_INVALID', '"$ref" must be a string.', at);
  const match = /^#\/\$defs\/([^/]+)$/.exec(ref);
  if (!match) {
    return report(
      'SCHEMA_REF_UNSUPPORTED',
      `The $ref "${ref}" does not point into the manifest's top-level $defs.`,
      at,
      'Define the schema under `$defs:` at the top of the manifest and write `$ref: "#/$defs/Name"`.',
    );
  }
  const name = (match[1] ?? '').replaceAll('~1', '/').replaceAll('~0', '~');
  if (!ctx.defNames.has(name)) {
    const guess = closestMatch(name, ctx.defNames);
    return report(
      'SCHEMA_REF_UNRESOLVED',
      `The $ref "${ref}" does not resolve: there is no $defs entry "${name}".`,
      at,
      guess ? `Did you mean "#/$defs/${guess}"?` : 'Add it under the top-level `$defs:`.',
    );
  }
  ctx.referenced.add(name);
  return name;
}

function typesOf(raw: JsonObject, at: string, report: Report): TypeName[] | undefined {
  const type = raw.type;
  if (type === undefined) {
    // enum/const alone still say what the type is.
    const values = raw.enum !== undefined ? raw.enum : raw.const !== undefined ? [raw.const] : [];
    if (Array.isArray(values) && values.length > 0) {
      if (values.every((v) => typeof v === 'string')) return ['string'];
      if (values.every((v) => typeof v === 'number')) return ['number'];
    }
    return [];
  }
  const list = Array.isArray(type) ? type : [type];
  const result: TypeName[] = [];
  for (const entry of list) {
    if (typeof entry !== 'string' || !TYPE_NAMES.includes(entry as TypeName)) {
      const guess = typeof entry === 'string' ? closestMatch(entry, TYPE_NAMES) : undefined;
      return report(
        'SCHEMA_INVALID',
        `"type" must be one of ${TYPE_NAMES.join(', ')}, or a list of them.`,
        at,
        guess ? `Did you mean "${guess}"?` : undefined,
      );
    }
    if (!result.includes(entry as TypeName)) result.push(entry as TypeName);
  }
  if (list.length === 0) return report('SCHEMA_INVALID', '"type" must not be an empty list.', at);
  return result;
}

function convertTyped(
  type: TypeName,
  raw: JsonObject,
  pointer: string,
  ctx: SchemaContext,
  report: Report,
  source: SourcePosition,
): SchemaIR | undefined {
  const at = (key: string) => `${pointer}/${escapePointerToken(key)}`;
  let ok = true;
  const bounds = <K extends string>(
    keys: readonly K[],
    check: (v: unknown) => v is number,
    what: string,
  ) => {
    const out: Partial<Record<K, number>> = {};
    for (const key of keys) {
      const value = raw[key];
      if (value === undefined) continue;
      if (check(value)) out[key] = value;
      else ok = badValue(ctx, at(key), `"${key}" must be ${what}.`);
    }
    return out;
  };
  const enumOf = <T>(guard: (v: unknown) => v is T, what: string): { enum?: T[] } => {
    const values =
      raw.enum !== undefined ? raw.enum : raw.const !== undefined ? [raw.const] : undefined;
    if (values === undefined) return {};
    const key = raw.enum !== undefined ? 'enum' : 'const';
    if (!Array.isArray(values) || values.length === 0) {
      ok = badValue(ctx, at(key), '"enum" must be a non-empty list.');
      return {};
    }
    const bad = values.findIndex((v) => !guard(v));
    if (bad >= 0) {
      ok = badValue(
        ctx,
        key === 'enum' ? `${at(key)}/${bad}` : at(key),
        `Every value must be ${what}.`,
      );
      return {};
    }
    return { enum: values as T[] };
  };
  switch (type) {
    case 'string': {
      const values = enumOf((v): v is string => typeof v === 'string', 'a string');
      const lengths = bounds(
        ['minLength', 'maxLength'],
        isNonNegativeInteger,
        'a non-negative integer',
      );
      const text: { format?: string; pattern?: string } = {};
      if (raw.format !== undefined) {
        if (typeof raw.format === 'string') text.format = raw.format;
        else ok = badValue(ctx, at('format'), '"format" must be a string.');
      }
      if (raw.pattern !== undefined) {
        if (typeof raw.pattern === 'string' && compiles(raw.pattern)) text.pattern = raw.pattern;
        else
          ok = badValue(
            ctx,
            at('pattern'),
            '"pattern" must be a valid regular expression.',
            'JSON Schema patterns are ECMA-262 regular expressions with the u flag.',
          );
      }
      const constant =
        raw.enum === undefined && typeof raw.const === 'string' ? { const: raw.const } : {};
      const enumPart = raw.enum !== undefined ? values : {};
      return ok
        ? { kind: 'string', ...enumPart, ...constant, ...text, ...lengths, source }
        : undefined;
    }
    case 'number':
    case 'integer': {
      const values = enumOf(
        (v): v is number => typeof v === 'number' && (type === 'number' || Number.isInteger(v)),
        type === 'integer' ? 'an integer' : 'a number',
      );
      const isNumber = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v);
      const limits = bounds(
        ['minimum', 'maximum', 'exclusiveMinimum', 'exclusiveMaximum', 'multipleOf'],
        isNumber,
        'a number',
      );
      return ok ? { kind: type, ...values, ...limits, source } : undefined;
    }
    case 'boolean':
    case 'null':
      if (raw.enum !== undefined || raw.const !== undefined) {
        return report(
          'SCHEMA_UNSUPPORTED',
          `"enum" and "const" are not supported on ${type}.`,
          at(raw.enum !== undefined ? 'enum' : 'const'),
        );
      }
      return { kind: type, source };
    case 'array': {
      const sizes = bounds(
        ['minItems', 'maxItems'],
        isNonNegativeInteger,
        'a non-negative integer',
      );
      if (raw.uniqueItems !== undefined && typeof raw.uniqueItems !== 'boolean')
        ok = badValue(ctx, at('uniqueItems'), '"uniqueItems" must be a boolean.');
      if (raw.items === undefined) {
        return report(
          'SCHEMA_NO_TYPE',
          'This array has no "items", so its elements would be typed as any.',
          pointer,
          'Add `items: { type: … }`.',
        );
      }
      if (Array.isArray(raw.items))
        return report(
          'SCHEMA_UNSUPPORTED',
          'Tuple-style "items" lists are not supported.',
          at('items'),
          'Use an object with named properties.',
        );
      const items = convertSchema(raw.items, at('items'), ctx);
      if (!ok || !items) return undefined;
      return {
        kind: 'array',
        items,
        ...sizes,
        ...(typeof raw.uniqueItems === 'boolean' ? { uniqueItems: raw.uniqueItems } : {}),
        source,
      };
    }
    case 'object':
      return convertObject(raw, pointer, ctx, source, ok, convertSchema);
  }
}

function compiles(pattern: string): boolean {
  try {
    new RegExp(pattern, 'u');
    return true;
  } catch {
    return false;
  }
}
