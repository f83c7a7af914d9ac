/**
 * OpenAPI 3.0 / 3.1 schemas to the JSON Schema 2020-12 subset tool schemas may
 * use (see packages/manifest's json-schema-keywords.ts): `nullable` becomes a
 * `null` type or variant, `allOf` is merged, `example` becomes `examples`,
 * `exclusiveMinimum: true` becomes a number, untyped schemas become a
 * recursive `JsonValue`, and every keyword the dialect cannot express is
 * dropped with a positioned diagnostic (the schema only gets wider).
 */
import type { Reporter } from './diagnostics.js';
import { defName, UniqueNames } from './names.js';
import { child, isObject, type Json, localPointer, valueAt } from './refs.js';

/** Keywords each JSON type takes in the manifest dialect. */
const BY_TYPE: Readonly<Record<string, readonly string[]>> = {
  string: ['format', 'pattern', 'minLength', 'maxLength'],
  number: ['minimum', 'maximum', 'exclusiveMinimum', 'exclusiveMaximum', 'multipleOf'],
  integer: ['minimum', 'maximum', 'exclusiveMinimum', 'exclusiveMaximum', 'multipleOf'],
  boolean: [],
  object: ['properties', 'required', 'additionalProperties'],
  array: ['items', 'minItems', 'maxItems', 'uniqueItems'],
};
const TYPED_KEYWORDS = new Set(Object.values(BY_TYPE).flat());
/** Documentation-only keywords with no counterpart in the dialect; leaving them out changes no type. */
const DOCUMENTATION_ONLY = new Set([
  'xml',
  'externalDocs',
  'discriminator',
  'readOnly',
  'writeOnly',
  '$schema',
  'contentMediaType',
  'contentEncoding',
  'summary',
]);
/** Keywords that only annotate (or `nullable`, handled apart). */
const ANNOTATION_KEYS = new Set([
  'description',
  'title',
  '$comment',
  'deprecated',
  'nullable',
  'example',
  'examples',
  'default',
]);
/** Keywords handled before the typed keywords. */
const STRUCTURE = new Set([
  'type',
  'nullable',
  'enum',
  'const',
  'description',
  'title',
  'default',
  'deprecated',
  'examples',
  'example',
  '$comment',
  '$ref',
  'allOf',
  'anyOf',
  'oneOf',
]);

/** `Bearer <credential>`, `Basic <credential>` and JWT-shaped strings. */
const CREDENTIAL = /\b(?:Bearer|Basic)\s+[A-Za-z0-9._~+/=-]{8,}|\beyJ[\w-]{4,}\.[\w-]+/;

function decodeToken(raw: string): string {
  return raw.replaceAll('~1', '/').replaceAll('~0', '~');
}

function compiles(pattern: string): boolean {
  try {
    new RegExp(pattern, 'u');
    return true;
  } catch {
    return false;
  }
}

interface Part {
  readonly raw: Json;
  readonly pointer: string;
  /** The pointers inlined on the way to this part (allOf members), against cycles. */
  readonly stack?: ReadonlySet<string>;
}

/** Converts the schemas of one document; shared `components.schemas` become `$defs`. */
export class SchemaConverter {
  /**
   * Pointer → `$defs` name: every component schema (in document order), then
   * every other schema a `$ref` points into (a property of another schema…),
   * so each is converted once however many places refer to it.
   */
  private readonly names = new Map<string, string>();
  /** `$defs` name → converted schema, for the definitions used so far. */
  private readonly converted = new Map<string, Json>();
  /** Pointers whose definition is used but not converted yet. */
  private readonly pending: string[] = [];
  private readonly defNames = new UniqueNames(Number.POSITIVE_INFINITY);
  private jsonValue: string | undefined;

  constructor(
    private readonly doc: Json,
    private readonly reporter: Reporter,
  ) {
    const components = isObject(doc.components) ? doc.components : {};
    const schemas = isObject(components.schemas) ? components.schemas : {};
    for (const name of Object.keys(schemas)) {
      const wish = defName(name);
      const given = this.defNames.take(wish);
      this.names.set(child('/components/schemas', name), given);
      if (given !== name) {
        reporter.warn(
          'OPENAPI_NAME_CHANGED',
          `The schema "${name}" is written as $defs "${given}" (names there are identifiers, unique).`,
          child('/components/schemas', name),
        );
      }
    }
  }

  /** A reference to the recursive "any JSON value" definition. */
  private any(annotations: Json = {}): Json {
    if (this.jsonValue === undefined) this.jsonValue = this.defNames.take('JsonValue');
    return { $ref: `#/$defs/${this.jsonValue}`, ...annotations };
  }

  private lossy(pointer: string, keys: readonly string[], why: string): void {
    if (keys.length === 0) return;
    const list = keys.map((k) => `"${k}"`).join(', ');
    this.reporter.warn(
      'OPENAPI_SCHEMA_LOSSY',
      `${list} left out: ${why}`,
      keys.length === 1 ? child(pointer, keys[0] as string) : pointer,
      'The imported schema accepts more than the original here; validate the rest in a handler if it matters.',
    );
  }

  private untyped(pointer: string, why: string, annotations: Json): Json {
    this.reporter.warn(
      'OPENAPI_SCHEMA_UNTYPED',
      `This schema accepts any JSON value in the manifest: ${why}`,
      pointer,
      'Give it a `type` in the OpenAPI document for a typed tool.',
    );
    return this.any(annotations);
  }

  /** The annotations of a schema node the dialect keeps. */
  private annotations(raw: Json, pointer: string): Json {
    const out: Json = {};
    for (const key of ['description', 'title', '$comment'] as const) {
      if (typeof raw[key] === 'string') out[key] = raw[key];
    }
    if (typeof raw.deprecated === 'boolean') out.deprecated = raw.deprecated;
    const secretLike = (value: unknown, key: string): boolean => {
      if (!CREDENTIAL.test(JSON.stringify(value) ?? '')) return false;
      this.reporter.warn(
        'OPENAPI_SECRET_EXAMPLE',
        `This "${key}" looks like a credential, so it is not copied into the manifest.`,
        child(pointer, key),
        'Examples and defaults end up in generated code and docs: use a placeholder.',
      );
      return true;
    };
    if (raw.default !== undefined && !secretLike(raw.default, 'default')) out.default = raw.default;
    if (Array.isArray(raw.examples) && raw.examples.length > 0) {
      if (!secretLike(raw.examples, 'examples')) out.examples = raw.examples;
    } else if (raw.example !== undefined && !secretLike(raw.example, 'example')) {
      out.examples = [raw.example];
    }
    return out;
  }

  /** Converts one schema node. `stack` holds the pointers being inlined, against cycles. */
  convert(
    raw: unknown,
    pointer: string,
    stack: ReadonlySet<string> = new Set(),
    inUnion = false,
  ): Json {
    if (raw === true || (isObject(raw) && Object.keys(raw).length === 0)) return this.any();
    if (!isObject(raw)) {
      return this.untyped(pointer, 'it is not a schema object.', {});
    }
    if (typeof raw.$ref === 'string') return this.ref(raw, pointer);
    if (Array.isArray(raw.allOf)) return this.allOf(raw, pointer, stack);
    if (Array.isArray(raw.anyOf) || Array.isArray(raw.oneOf))
      return this.union(raw, pointer, stack);
    return this.typed([{ raw, pointer }], raw, pointer, stack, inUnion);
  }

  private ref(raw: Json, pointer: string): Json {
    const ref = raw.$ref as string;
    const at = child(pointer, '$ref');
    const annotations: Json = {};
    if (typeof raw.description === 'string') annotations.description = raw.description;
    const target = localPointer(ref);
    if (target === undefined) {
      this.reporter.warn(
        'OPENAPI_REF_EXTERNAL',
        `"$ref: ${ref}" points to another document, which the importer does not read.`,
        at,
        'Bundle the document first (every $ref local), then import it.',
      );
      return this.any(annotations);
    }
    let name = this.names.get(target);
    if (name === undefined) {
      if (valueAt(this.doc, target) === undefined) {
        this.reporter.warn(
          'OPENAPI_REF_UNRESOLVED',
          `"$ref: ${ref}" names nothing in this document.`,
          at,
          'Fix the pointer, or define the schema it names.',
        );
        return this.any(annotations);
      }
      // A schema inside another one (or elsewhere in the document) becomes a
      // definition of its own: converted once, and recursion stays a $ref.
      name = this.defNames.take(defName(nameFromPointer(target)));
      this.names.set(target, name);
    }
    if (!this.converted.has(name) && !this.pending.includes(target)) this.pending.push(target);
    const out: Json = { $ref: `#/$defs/${name}`, ...annotations };
    return raw.nullable === true ? this.nullable(out) : out;
  }

  /** Adds `null` to what a converted schema allows. */
  private nullable(schema: Json): Json {
    if (Array.isArray(schema.anyOf) || Array.isArray(schema.oneOf)) {
      const key = Array.isArray(schema.anyOf) ? 'anyOf' : 'oneOf';
      const variants = schema[key] as Json[];
      if (variants.some((v) => v.type === 'null')) return schema;
      return { ...schema, [key]: [...variants, { type: 'null' }] };
    }
    if (schema.type !== undefined && schema.enum === undefined && schema.const === undefined) {
      const types = Array.isArray(schema.type) ? schema.type : [schema.type];
      return types.includes('null') ? schema : { ...schema, type: [...types, 'null'] };
    }
    const annotations: Json = {};
    const rest: Json = {};
    for (const [key, value] of Object.entries(schema)) {
      if (['description', 'title', '$comment', 'deprecated', 'default', 'examples'].includes(key))
        annotations[key] = value;
      else rest[key] = value;
    }
    return { anyOf: [rest, { type: 'null' }], ...annotations };
  }

  /** The non-allOf parts of an allOf, `$ref`s inlined. */
  private flatten(raw: Json, pointer: string, stack: ReadonlySet<string>, out: Part[]): void {
    const { allOf, ...rest } = raw;
    if (
      Object.keys(rest).some(
        (k) =>
          ![
            'description',
            'title',
            '$comment',
            'deprecated',
            'nullable',
            'example',
            'examples',
            'default',
          ].includes(k) &&
          !k.startsWith('x-') &&
          !DOCUMENTATION_ONLY.has(k),
      )
    ) {
      out.push({ raw: rest, pointer, stack });
    }
    if (!Array.isArray(allOf)) return;
    allOf.forEach((member, index) => {
      let at = child(child(pointer, 'allOf'), index);
      let value: unknown = member;
      const seen = new Set(stack);
      while (isObject(value) && typeof value.$ref === 'string') {
        const target = localPointer(value.$ref);
        const next = target === undefined ? undefined : valueAt(this.doc, target);
        if (target === undefined || next === undefined || seen.has(target)) {
          this.reporter.warn(
            target === undefined
              ? 'OPENAPI_REF_EXTERNAL'
              : next === undefined
                ? 'OPENAPI_REF_UNRESOLVED'
                : 'OPENAPI_REF_CYCLE',
            `The allOf member "$ref: ${value.$ref}" cannot be merged: ${target === undefined ? 'it points to another document' : next === undefined ? 'it names nothing' : 'it contains itself'}.`,
            child(at, '$ref'),
            'Its constraints are left out.',
          );
          return;
        }
        seen.add(target);
        value = next;
        at = target;
      }
      if (!isObject(value)) {
        this.lossy(
          child(pointer, 'allOf'),
          [String(index)],
          'an allOf member that is not a schema object.',
        );
        return;
      }
      this.flatten(value, at, seen, out);
    });
  }

  private allOf(raw: Json, pointer: string, stack: ReadonlySet<string>): Json {
    const members = raw.allOf as unknown[];
    const only = members[0];
    if (
      members.length === 1 &&
      isObject(only) &&
      typeof only.$ref === 'string' &&
      localPointer(only.$ref) !== undefined &&
      Object.keys(raw).every(
        (k) =>
          k === 'allOf' ||
          ANNOTATION_KEYS.has(k) ||
          k.startsWith('x-') ||
          DOCUMENTATION_ONLY.has(k),
      )
    ) {
      // `allOf: [{ $ref }]` beside a description: a reference with its own annotations.
      const out = {
        ...this.convert(only, child(child(pointer, 'allOf'), 0), stack),
        ...this.annotations(raw, pointer),
      };
      return raw.nullable === true ? this.nullable(out) : out;
    }
    const parts: Part[] = [];
    this.flatten(raw, pointer, stack, parts);
    const annotations = this.annotations(raw, pointer);
    if (parts.length === 0) return this.any(annotations);
    const nullable = raw.nullable === true;
    if (parts.length === 1) {
      const only = parts[0] as Part;
      const out = { ...this.convert(only.raw, only.pointer, only.stack ?? stack), ...annotations };
      return nullable ? this.nullable(out) : out;
    }
    if (parts.every((p) => objectLike(p.raw))) {
      return this.typed(parts, { ...raw, type: 'object' }, pointer, stack, false);
    }
    // Mixed members (a base object and a oneOf, a string and its pattern…):
    // merge their keywords; later members win where they disagree.
    const merged: Json = {};
    for (const part of parts) Object.assign(merged, part.raw);
    Object.assign(merged, annotations);
    if (nullable) merged.nullable = true;
    this.reporter.warn(
      'OPENAPI_SCHEMA_LOSSY',
      'The allOf members are merged keyword by keyword; where two set the same keyword, the later one is kept.',
      child(pointer, 'allOf'),
      'Check the merged schema in the manifest.',
    );
    return this.convert(merged, pointer, stack);
  }

  private union(raw: Json, pointer: string, stack: ReadonlySet<string>): Json {
    let key: 'anyOf' | 'oneOf' = Array.isArray(raw.oneOf) ? 'oneOf' : 'anyOf';
    if (Array.isArray(raw.oneOf) && Array.isArray(raw.anyOf)) {
      key = 'anyOf';
      this.lossy(pointer, ['oneOf'], 'a schema with both anyOf and oneOf keeps anyOf only.');
    }
    const list = raw[key] as unknown[];
    const annotations = this.annotations(raw, pointer);
    if (list.length === 0)
      return this.untyped(child(pointer, key), `an empty ${key}.`, annotations);
    const siblings: Json = {};
    for (const [k, v] of Object.entries(raw)) {
      if (STRUCTURE.has(k) || DOCUMENTATION_ONLY.has(k) || k.startsWith('x-')) continue;
      siblings[k] = v;
    }
    if (raw.type !== undefined && raw.type !== 'object') siblings.type = raw.type;
    const siblingKeys = Object.keys(siblings);
    const shared = siblingKeys.length > 0 && objectLike(siblings);
    if (siblingKeys.length > 0 && !shared)
      this.lossy(pointer, siblingKeys, `keywords beside ${key} that are not object keywords.`);
    const variants = list.map((item, index) => {
      const at = child(child(pointer, key), index);
      if (shared) {
        // Keywords beside the union (shared properties) go into each object variant.
        const parts: Part[] = [{ raw: siblings, pointer }];
        this.flatten({ allOf: [item] }, at, stack, parts);
        if (parts.every((p) => objectLike(p.raw))) {
          return this.typed(parts, { type: 'object' }, at, stack, false);
        }
        this.lossy(
          pointer,
          siblingKeys,
          `variant ${index} is not an object, so the shared keywords cannot go into it.`,
        );
      }
      return this.convert(item, at, stack, true);
    });
    const out: Json =
      variants.length === 1
        ? { ...(variants[0] as Json), ...annotations }
        : { [key]: variants, ...annotations };
    return raw.nullable === true ? this.nullable(out) : out;
  }

  /** A schema with a type (or inferred one) from one part, or several merged object parts. */
  private typed(
    parts: readonly Part[],
    raw: Json,
    pointer: string,
    stack: ReadonlySet<string>,
    inUnion: boolean,
  ): Json {
    const annotations = this.annotations(raw, pointer);
    const first = parts[0] as Part;
    const declared = raw.type === undefined ? [] : Array.isArray(raw.type) ? raw.type : [raw.type];
    let nullable = raw.nullable === true;
    let types: string[] = [];
    for (const entry of declared) {
      if (entry === 'null') nullable = true;
      else if (entry === 'file') types.push('string');
      else if (typeof entry === 'string' && Object.hasOwn(BY_TYPE, entry)) {
        if (!types.includes(entry)) types.push(entry);
      } else this.lossy(pointer, ['type'], `"${String(entry)}" is not a JSON Schema type.`);
    }
    if (declared.length > 0 && types.length === 0 && nullable && parts.length === 1) {
      if (inUnion) return { type: 'null', ...annotations };
      return this.untyped(pointer, 'a schema that only allows null.', annotations);
    }
    // enum / const: the manifest types them from the values.
    let values: unknown[] | undefined;
    let valuesKey: 'enum' | 'const' | undefined;
    if (Array.isArray(raw.enum)) {
      values = raw.enum;
      valuesKey = 'enum';
    } else if (raw.const !== undefined) {
      values = [raw.const];
      valuesKey = 'const';
    }
    if (values !== undefined && valuesKey !== undefined) {
      if (values.includes(null)) nullable = true;
      const present = values.filter((v) => v !== null);
      const fit = valueType(present, types);
      if (present.length === 0) values = undefined;
      else if (
        fit === undefined ||
        fit === 'boolean' ||
        (types.length > 0 &&
          !types.includes(fit) &&
          !(fit === 'integer' && types.includes('number')))
      ) {
        this.lossy(
          pointer,
          [valuesKey],
          fit === 'boolean'
            ? 'the manifest does not take enum or const on booleans.'
            : `its values do not all match the type ${types.join(' | ') || '(none)'}.`,
        );
        if (types.length === 0 && fit !== undefined) types = [fit];
        values = undefined;
      } else {
        types = [types.includes(fit) ? fit : fit === 'integer' ? 'number' : fit];
        values = present;
      }
    }
    if (types.length === 0) types = inferTypes(parts);
    const dropped: string[] = [];
    const out: Json = {};
    if (types.length === 0) {
      for (const key of Object.keys(raw)) {
        if (!STRUCTURE.has(key) && !DOCUMENTATION_ONLY.has(key) && !key.startsWith('x-'))
          dropped.push(key);
      }
      this.lossy(pointer, dropped, 'they apply to no type here.');
      if (nullable && inUnion) return { type: 'null', ...annotations };
      return this.any(annotations);
    }
    out.type = types.length === 1 ? types[0] : types;
    if (values !== undefined) {
      if (valuesKey === 'const') out.const = values[0];
      else out.enum = values;
    }
    const applies = (key: string) => types.some((t) => BY_TYPE[t]?.includes(key));
    for (const part of parts) {
      for (const [key, value] of Object.entries(part.raw)) {
        if (STRUCTURE.has(key) || DOCUMENTATION_ONLY.has(key) || key.startsWith('x-')) continue;
        if (!TYPED_KEYWORDS.has(key)) {
          if (part === first || parts.length > 1) dropped.push(key);
          continue;
        }
        if (!applies(key)) {
          dropped.push(key);
          continue;
        }
        if (key === 'properties' || key === 'required' || key === 'additionalProperties') continue;
        if (key === 'items') {
          if (Array.isArray(value)) {
            dropped.push(key);
            out.items = this.any();
          } else out.items = this.convert(value, child(part.pointer, 'items'), part.stack ?? stack);
        } else if (key === 'pattern') {
          if (typeof value === 'string' && compiles(value)) out.pattern = value;
          else dropped.push(key);
        } else if (key === 'format') {
          if (typeof value === 'string') out.format = value;
          else dropped.push(key);
        } else if (['minLength', 'maxLength', 'minItems', 'maxItems'].includes(key)) {
          if (typeof value === 'number' && Number.isInteger(value) && value >= 0) out[key] = value;
          else dropped.push(key);
        } else if (key === 'uniqueItems') {
          if (typeof value === 'boolean') out.uniqueItems = value;
          else dropped.push(key);
        } else if (key === 'exclusiveMinimum' || key === 'exclusiveMaximum') {
          // OpenAPI 3.0: a boolean that makes minimum/maximum exclusive.
          const bound = key === 'exclusiveMinimum' ? 'minimum' : 'maximum';
          if (value === true && typeof part.raw[bound] === 'number') out[key] = part.raw[bound];
          else if (typeof value === 'number' && Number.isFinite(value)) out[key] = value;
          else if (value !== false) dropped.push(key);
        } else if (key === 'multipleOf') {
          if (typeof value === 'number' && Number.isFinite(value) && value > 0)
            out.multipleOf = value;
          else dropped.push(key);
        } else if (key === 'minimum' || key === 'maximum') {
          const exclusive = part.raw[key === 'minimum' ? 'exclusiveMinimum' : 'exclusiveMaximum'];
          if (typeof value !== 'number' || !Number.isFinite(value)) dropped.push(key);
          else if (exclusive !== true) out[key] = value;
        }
      }
    }
    if (types.includes('array') && out.items === undefined) out.items = this.any();
    if (types.includes('object')) this.objectKeywords(parts, out, stack, dropped);
    this.lossy(pointer, [...new Set(dropped)], 'the manifest dialect cannot express them here.');
    const result = { ...out, ...annotations };
    return nullable ? this.nullable(result) : result;
  }

  private objectKeywords(
    parts: readonly Part[],
    out: Json,
    stack: ReadonlySet<string>,
    dropped: string[],
  ): void {
    const properties = new Map<string, Part>();
    const required = new Set<string>();
    let additional: { value: unknown; pointer: string; stack: ReadonlySet<string> } | undefined;
    for (const part of parts) {
      if (isObject(part.raw.properties)) {
        for (const [name, value] of Object.entries(part.raw.properties)) {
          properties.set(name, {
            raw: value as Json,
            pointer: child(child(part.pointer, 'properties'), name),
            stack: part.stack ?? stack,
          });
        }
      } else if (part.raw.properties !== undefined) dropped.push('properties');
      if (Array.isArray(part.raw.required)) {
        for (const name of part.raw.required) if (typeof name === 'string') required.add(name);
      } else if (part.raw.required !== undefined) dropped.push('required');
      if (part.raw.additionalProperties !== undefined) {
        additional = {
          value: part.raw.additionalProperties,
          pointer: child(part.pointer, 'additionalProperties'),
          stack: part.stack ?? stack,
        };
      }
    }
    if (properties.size > 0) {
      const converted: Json = {};
      for (const [name, part] of properties)
        converted[name] = this.convert(part.raw, part.pointer, part.stack ?? stack);
      out.properties = converted;
    }
    const kept = [...required].filter((name) => properties.has(name));
    const missing = [...required].filter((name) => !properties.has(name));
    if (missing.length > 0) {
      this.reporter.warn(
        'OPENAPI_SCHEMA_LOSSY',
        `"required" names ${missing.map((n) => `"${n}"`).join(', ')}, not defined under "properties": left out.`,
        child((parts[0] as Part).pointer, 'required'),
        'Define the property, or remove it from required.',
      );
    }
    if (kept.length > 0) out.required = kept;
    // OpenAPI objects are open unless they say otherwise.
    if (additional === undefined || additional.value === true) out.additionalProperties = true;
    else if (additional.value === false) out.additionalProperties = false;
    else
      out.additionalProperties = this.convert(
        additional.value,
        additional.pointer,
        additional.stack,
      );
  }

  /** The schema of a component by `$defs` name, converting it when first asked. */
  private convertPending(): void {
    while (this.pending.length > 0) {
      const pointer = this.pending.shift() as string;
      const def = this.names.get(pointer) as string;
      if (this.converted.has(def)) continue;
      // Set first: a definition that refers to itself finds itself converted.
      this.converted.set(def, {});
      this.converted.set(
        def,
        this.convert(valueAt(this.doc, pointer), pointer, new Set([pointer])),
      );
    }
  }

  /** The `$defs` the converted schemas use (component order, then JsonValue), cycles broken. */
  defs(): Json {
    this.convertPending();
    this.breakCycles();
    this.convertPending();
    const out: Json = {};
    for (const def of this.names.values()) {
      const schema = this.converted.get(def);
      if (schema !== undefined) out[def] = schema;
    }
    if (this.jsonValue !== undefined) {
      const ref = { $ref: `#/$defs/${this.jsonValue}` };
      out[this.jsonValue] = {
        description: 'Any JSON value.',
        anyOf: [
          { type: ['string', 'number', 'boolean', 'null'] },
          { type: 'array', items: ref },
          { type: 'object', additionalProperties: ref },
        ],
      };
    }
    return out;
  }

  /**
   * A `$defs` cycle made only of `$ref`s and unions (`A = B | string`, `B = A`)
   * names no type; the manifest rejects it. The first definition of such a
   * cycle becomes JsonValue, with a diagnostic.
   */
  private breakCycles(): void {
    const byDef = new Map([...this.names].map(([pointer, def]) => [def, pointer]));
    for (;;) {
      const cycle = findCycle(this.converted);
      if (cycle === undefined) return;
      const pointer = byDef.get(cycle) ?? '';
      const component = decodeToken(pointer.split('/').at(-1) ?? cycle);
      this.reporter.warn(
        'OPENAPI_SCHEMA_UNTYPED',
        `The schema "${component}" refers to itself through $refs and unions only, which no type can express: it accepts any JSON value in the manifest.`,
        pointer,
        'Wrap one step of the cycle in an object property or array items.',
      );
      this.converted.set(
        cycle,
        this.any({ description: `Was ${component} (a cycle without an object in between).` }),
      );
    }
  }
}

/** Words of a JSON pointer that name a schema, not a keyword: `/components/schemas/A/properties/b` → `A_b`. */
const STRUCTURAL = new Set([
  'components',
  'schemas',
  'properties',
  'items',
  'additionalProperties',
  'allOf',
  'anyOf',
  'oneOf',
  'paths',
  'content',
  'schema',
  'parameters',
  'responses',
  'requestBody',
  'requestBodies',
  'headers',
  'get',
  'put',
  'post',
  'delete',
  'patch',
]);

function nameFromPointer(pointer: string): string {
  const words = pointer
    .split('/')
    .slice(1)
    .map(decodeToken)
    .filter((w) => !STRUCTURAL.has(w) && !/^\d+$/.test(w) && !w.includes('/'));
  return words.slice(-2).join('_') || 'Schema';
}

/** Whether a raw schema describes an object (or only adds object keywords). */
function objectLike(raw: Json): boolean {
  if (raw.type !== undefined) return raw.type === 'object';
  if (
    raw.anyOf !== undefined ||
    raw.oneOf !== undefined ||
    raw.items !== undefined ||
    raw.enum !== undefined
  )
    return false;
  return true;
}

/** The type of enum values (`integer` when every number is whole and integer is asked for). */
function valueType(values: readonly unknown[], types: readonly string[]): string | undefined {
  if (values.length === 0) return types[0];
  if (values.every((v) => typeof v === 'string')) return 'string';
  if (values.every((v) => typeof v === 'boolean')) return 'boolean';
  if (values.every((v) => typeof v === 'number' && Number.isFinite(v))) {
    return values.every((v) => Number.isInteger(v)) && !types.includes('number')
      ? 'integer'
      : 'number';
  }
  return undefined;
}

/** Types implied by the keywords when none is declared. */
function inferTypes(parts: readonly Part[]): string[] {
  const types: string[] = [];
  for (const [type, keys] of Object.entries(BY_TYPE)) {
    if (type === 'integer') continue;
    if (parts.some((p) => keys.some((k) => p.raw[k] !== undefined))) types.push(type);
  }
  return types;
}

/** The first `$defs` name on a cycle of `$ref`s and union variants, or undefined. */
function findCycle(defs: ReadonlyMap<string, Json>): string | undefined {
  const edges = (schema: unknown, out: string[]): void => {
    if (!isObject(schema)) return;
    if (typeof schema.$ref === 'string') {
      const match = /^#\/\$defs\/([^/]+)$/.exec(schema.$ref);
      if (match) out.push(match[1] as string);
    }
    for (const key of ['anyOf', 'oneOf'] as const) {
      const list = schema[key];
      if (Array.isArray(list)) for (const item of list) edges(item, out);
    }
  };
  const done = new Set<string>();
  const onStack = new Set<string>();
  let found: string | undefined;
  const visit = (name: string): void => {
    if (found !== undefined || done.has(name)) return;
    if (onStack.has(name)) {
      found = name;
      return;
    }
    onStack.add(name);
    const out: string[] = [];
    edges(defs.get(name), out);
    for (const next of out) if (defs.has(next)) visit(next);
    onStack.delete(name);
    done.add(name);
  };
  for (const name of [...defs.keys()].sort()) visit(name);
  return found;
}
