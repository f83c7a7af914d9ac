/**
 * Source positions for changes: every schema node, tool, provider and scope of
 * a toolset indexed by its manifest JSON pointer, so a change found in a wire
 * schema document points at the manifest line it came from.
 */
import type { SchemaIR, SourcePosition, ToolIR, ToolsetIR } from '@toolscope/manifest';

/** Finds the position of a manifest pointer, or of its nearest indexed ancestor. */
export interface ToolsetLocator {
  at(pointer: string): SourcePosition;
  /** The position of a pointer into a tool's wire schema document (`input` or `output`). */
  inSchema(tool: ToolIR, side: 'input' | 'output', documentPointer: string): SourcePosition;
}

function indexSchema(schema: SchemaIR, into: Map<string, SourcePosition>): void {
  if (!into.has(schema.source.pointer)) into.set(schema.source.pointer, schema.source);
  switch (schema.kind) {
    case 'array':
      indexSchema(schema.items, into);
      return;
    case 'object':
      for (const property of schema.properties) indexSchema(property.schema, into);
      if (typeof schema.additionalProperties === 'object') {
        indexSchema(schema.additionalProperties, into);
      }
      return;
    case 'union':
      for (const variant of schema.variants) indexSchema(variant, into);
      return;
    default:
      return;
  }
}

/** Indexes a toolset's positions. */
export function locateToolset(toolset: ToolsetIR): ToolsetLocator {
  const index = new Map<string, SourcePosition>();
  index.set('', toolset.source);
  for (const provider of toolset.providers) {
    index.set(provider.source.pointer, provider.source);
    if (provider.type === 'oauth2') {
      for (const scope of provider.scopes) index.set(scope.source.pointer, scope.source);
    }
  }
  for (const def of toolset.defs) indexSchema(def.schema, index);
  for (const tool of toolset.tools) {
    index.set(tool.source.pointer, tool.source);
    indexSchema(tool.input, index);
    if (tool.output) indexSchema(tool.output, index);
  }
  const at = (pointer: string): SourcePosition => {
    let current = pointer;
    for (;;) {
      const found = index.get(current);
      if (found) return found;
      if (current === '') return toolset.source;
      current = current.slice(0, Math.max(0, current.lastIndexOf('/')));
    }
  };
  return {
    at,
    inSchema(tool, side, documentPointer) {
      if (documentPointer.startsWith('/$defs/')) return at(documentPointer);
      return at(`${tool.source.pointer}/${side}${documentPointer}`);
    },
  };
}
