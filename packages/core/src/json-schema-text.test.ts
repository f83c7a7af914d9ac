import { describe, expect, expectTypeOf, it } from 'vitest';
import { GeneratedCodeError, type JsonSchemaObject, jsonSchema } from './index.js';

describe('jsonSchema (a schema written as JSON text in generated code)', () => {
  it('parses the raw text, so JSON escapes reach JSON.parse as written', () => {
    const schema = jsonSchema`{
      "type": "object",
      "properties": {
        "q\"key": { "type": "string", "enum": ["\u0060tick\u0060", "\u0024{x}", "a\\b", "line\nbreak", "\u2028"] }
      }
    }`;
    expect(schema).toEqual({
      type: 'object',
      properties: {
        'q"key': { type: 'string', enum: ['`tick`', '\u0024{x}', 'a\\b', 'line\nbreak', '\u2028'] },
      },
    });
    expectTypeOf(schema).toEqualTypeOf<JsonSchemaObject>();
  });

  it('inserts each substitution (a shared $defs schema) as its JSON', () => {
    const Note = { type: 'object', properties: { id: { type: 'string' } }, required: ['id'] };
    const schema = jsonSchema`{ "type": "object", "$defs": { "Note": ${Note}, "Other": ${Note} } }`;
    expect(schema).toEqual({ type: 'object', $defs: { Note, Other: Note } });
    expect(schema['$defs']).not.toBe(Note);
  });

  it('refuses text that is not JSON, saying the file was edited', () => {
    const parse = () => jsonSchema`{ "type": "object", }`;
    expect(parse).toThrow(GeneratedCodeError);
    expect(parse).toThrow(/a generated schema is not valid JSON/);
    try {
      parse();
    } catch (error) {
      expect((error as GeneratedCodeError).code).toBe('GENERATED_CODE_INVALID');
      expect((error as GeneratedCodeError).hint).toMatch(/toolscope generate/);
    }
  });

  it('refuses JSON that is not an object schema', () => {
    expect(() => jsonSchema`{ "type": "string" }`).toThrow(/not an object schema/);
    expect(() => jsonSchema`[{ "type": "object" }]`).toThrow(/not an object schema/);
    expect(() => jsonSchema`null`).toThrow(/not an object schema/);
  });
});
