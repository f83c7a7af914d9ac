// Generated server packages write each tool's schemas as JSON text in a tagged
// template (`jsonSchema`{ "type": "object", … }``) rather than as object
// literals: the text reads and diffs like the schema itself, and the compiler
// sees one template instead of building a type for every nested object — the
// larger part of type-checking a generated server (BENCHMARKS.md, "Type-check").
import { GeneratedCodeError } from './errors.js';
import type { JsonSchemaObject } from './types.js';

function isSchemaObject(value: unknown): value is JsonSchemaObject {
  return (
    value !== null &&
    typeof value === 'object' &&
    !Array.isArray(value) &&
    (value as { readonly type?: unknown }).type === 'object'
  );
}

/**
 * Parses a schema written as JSON text. The template's raw text is used, so
 * JSON escapes (`\"`, `\n`, `\u0060`) reach `JSON.parse` as written; each
 * substitution (a shared `$defs` schema) is inserted as its JSON. The result
 * must be an object schema (`"type": "object"`), as MCP requires of
 * `inputSchema` and `outputSchema`.
 */
export function jsonSchema(
  text: TemplateStringsArray,
  ...substitutions: readonly unknown[]
): JsonSchemaObject {
  let json = text.raw[0] ?? '';
  for (let i = 0; i < substitutions.length; i++) {
    json += `${JSON.stringify(substitutions[i]) ?? 'null'}${text.raw[i + 1] ?? ''}`;
  }
  let value: unknown;
  try {
    value = JSON.parse(json);
  } catch (error) {
    throw new GeneratedCodeError(
      'GENERATED_CODE_INVALID',
      `a generated schema is not valid JSON (${error instanceof Error ? error.message : String(error)})`,
      { hint: 'The generated file was edited; run `toolscope generate` again.', cause: error },
    );
  }
  if (!isSchemaObject(value)) {
    throw new GeneratedCodeError(
      'GENERATED_CODE_INVALID',
      'a generated schema is not an object schema ("type": "object")',
      { hint: 'The generated file was edited; run `toolscope generate` again.' },
    );
  }
  return value;
}
