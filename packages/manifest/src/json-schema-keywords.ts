/** The JSON Schema 2020-12 keywords tool schemas may use, and those they may not. */

/** A JSON object as parsed. */
export type JsonObject = Readonly<Record<string, unknown>>;
/** The JSON Schema type names. */
export type TypeName = 'string' | 'number' | 'integer' | 'boolean' | 'null' | 'object' | 'array';

/** Every type name, for validation and did-you-mean. */
export const TYPE_NAMES: readonly TypeName[] = [
  'string',
  'number',
  'integer',
  'boolean',
  'null',
  'object',
  'array',
];
/** Keywords any schema node may carry. */
export const ANNOTATIONS = [
  'description',
  'title',
  'default',
  'deprecated',
  'examples',
  '$comment',
];
/** The validation keywords each type takes. */
export const KEYWORDS_BY_TYPE: Readonly<Record<TypeName, readonly string[]>> = {
  string: ['enum', 'const', 'format', 'pattern', 'minLength', 'maxLength'],
  number: [
    'enum',
    'const',
    'minimum',
    'maximum',
    'exclusiveMinimum',
    'exclusiveMaximum',
    'multipleOf',
  ],
  integer: [
    'enum',
    'const',
    'minimum',
    'maximum',
    'exclusiveMinimum',
    'exclusiveMaximum',
    'multipleOf',
  ],
  boolean: [],
  null: [],
  object: ['properties', 'required', 'additionalProperties'],
  array: ['items', 'minItems', 'maxItems', 'uniqueItems'],
};
/** Keywords that decide the kind of node. */
export const STRUCTURE = ['type', 'anyOf', 'oneOf', '$ref'];
/** Every keyword the converter understands. */
export const SUPPORTED = new Set([
  ...ANNOTATIONS,
  ...STRUCTURE,
  ...Object.values(KEYWORDS_BY_TYPE).flat(),
]);
/**
 * JSON Schema keywords we know but cannot type faithfully, with what to do instead.
 * A Map, not an object literal: a `then` key would make the object thenable.
 */
export const UNSUPPORTED: ReadonlyMap<string, string> = new Map([
  ['allOf', 'Merge the subschemas into one object schema.'],
  ['not', 'Express the allowed values positively, e.g. with enum.'],
  ['if', 'Use oneOf with one object schema per case.'],
  ['then', 'Use oneOf with one object schema per case.'],
  ['else', 'Use oneOf with one object schema per case.'],
  ['patternProperties', 'Use additionalProperties with one value schema.'],
  ['propertyNames', 'Validate keys in the handler instead.'],
  ['dependentRequired', 'Use oneOf with one object schema per case.'],
  ['dependentSchemas', 'Use oneOf with one object schema per case.'],
  ['unevaluatedProperties', 'Use additionalProperties.'],
  ['unevaluatedItems', 'Use items.'],
  ['prefixItems', 'Use an object with named properties instead of a tuple.'],
  ['contains', 'Validate in the handler instead.'],
  ['minContains', 'Validate in the handler instead.'],
  ['maxContains', 'Validate in the handler instead.'],
  ['minProperties', 'Validate in the handler instead.'],
  ['maxProperties', 'Validate in the handler instead.'],
  ['$defs', "Move the definition to the manifest's top-level $defs."],
  ['definitions', "Move the definition to the manifest's top-level $defs."],
  ['$id', 'Remove it: tool schemas are embedded, not separate documents.'],
  ['$anchor', 'Use the top-level $defs with #/$defs/Name.'],
  ['$dynamicRef', 'Use the top-level $defs with #/$defs/Name.'],
  ['$dynamicAnchor', 'Use the top-level $defs with #/$defs/Name.'],
  ['contentSchema', 'Declare the decoded content as a string.'],
  ['nullable', 'JSON Schema 2020-12 has no nullable: write `type: [string, "null"]`.'],
]);

/** A plain JSON object (not an array, not null). */
export function isObject(value: unknown): value is JsonObject {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

/** A count such as minLength or minItems. */
export function isNonNegativeInteger(value: unknown): value is number {
  return typeof value === 'number' && Number.isInteger(value) && value >= 0;
}
