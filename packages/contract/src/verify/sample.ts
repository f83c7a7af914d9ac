/** A small input that satisfies a tool's input schema, for calls that must be refused before any work. */
import { isObject, type JsonObject } from '../schema/json.js';
import { resolveNode } from '../schema/resolve.js';

function sampleOf(root: JsonObject, raw: unknown, depth: number): unknown {
  const { node } = resolveNode(root, raw, '');
  if (depth > 6) return null;
  if (node.const !== undefined) return node.const;
  if (Array.isArray(node.enum) && node.enum.length > 0) return node.enum[0];
  const variants = Array.isArray(node.anyOf)
    ? node.anyOf
    : Array.isArray(node.oneOf)
      ? node.oneOf
      : undefined;
  if (variants && variants.length > 0) return sampleOf(root, variants[0], depth + 1);
  const types = Array.isArray(node.type) ? node.type : [node.type];
  const type = types.find((t) => t !== 'null') ?? types[0];
  switch (type) {
    case 'string': {
      const length = typeof node.minLength === 'number' ? node.minLength : 1;
      return 'x'.repeat(Math.max(1, Math.min(length, 64)));
    }
    case 'integer':
    case 'number': {
      if (typeof node.minimum === 'number') return Math.ceil(node.minimum);
      if (typeof node.exclusiveMinimum === 'number') return Math.floor(node.exclusiveMinimum) + 1;
      if (typeof node.maximum === 'number') return Math.floor(node.maximum);
      return 1;
    }
    case 'boolean':
      return false;
    case 'array': {
      const count = typeof node.minItems === 'number' ? Math.min(node.minItems, 4) : 0;
      return Array.from({ length: count }, () => sampleOf(root, node.items, depth + 1));
    }
    case 'object': {
      const properties = isObject(node.properties) ? node.properties : {};
      const required = Array.isArray(node.required) ? node.required : [];
      const out: Record<string, unknown> = {};
      for (const name of required) {
        if (typeof name === 'string') out[name] = sampleOf(root, properties[name], depth + 1);
      }
      return out;
    }
    case 'null':
      return null;
    default:
      return {};
  }
}

/** Arguments for a tool call: every required property with a plausible value. */
export function sampleArguments(inputSchema: JsonObject): Record<string, unknown> {
  const value = sampleOf(inputSchema, inputSchema, 0);
  return isObject(value) ? { ...value } : {};
}
