import type { JsonSchemaObject } from '@toolscope/core';
import { Ajv2020, type ErrorObject, type ValidateFunction } from 'ajv/dist/2020.js';
import addFormatsModule from 'ajv-formats';
import { ServerError } from './errors.js';

// ajv-formats is CommonJS; under NodeNext its default import is the module object.
type AddFormats = (ajv: Ajv2020) => unknown;
const addFormats: AddFormats =
  (addFormatsModule as unknown as { default?: AddFormats }).default ??
  (addFormatsModule as unknown as AddFormats);

/** One compiled JSON Schema 2020-12 validator; returns an error phrase naming the field, or undefined. */
export type SchemaCheck = (value: unknown) => string | undefined;

function describe(error: ErrorObject): string {
  const path = error.instancePath
    .split('/')
    .slice(1)
    .map((p) => p.replaceAll('~1', '/').replaceAll('~0', '~'))
    .join('.');
  if (error.keyword === 'required') {
    const missing = String((error.params as { missingProperty?: unknown }).missingProperty ?? '');
    return `${path === '' ? missing : `${path}.${missing}`} is required`;
  }
  if (error.keyword === 'additionalProperties') {
    const extra = String(
      (error.params as { additionalProperty?: unknown }).additionalProperty ?? '',
    );
    return `${path === '' ? extra : `${path}.${extra}`} is not allowed`;
  }
  return `${path === '' ? '(root)' : path} ${error.message ?? 'is invalid'}`;
}

/** A shared ajv instance: compiling is costly, so each tool's schema is compiled once at registration. */
export function createSchemaCompiler(): (schema: JsonSchemaObject, label: string) => SchemaCheck {
  const ajv = new Ajv2020({ allErrors: false, strict: false, validateFormats: true });
  addFormats(ajv);
  return (schema, label) => {
    let validate: ValidateFunction;
    try {
      validate = ajv.compile(schema as object);
    } catch (cause) {
      throw new ServerError('CONFIG_INVALID', `The ${label} is not a valid JSON Schema 2020-12.`, {
        cause,
      });
    }
    return (value) => {
      if (validate(value)) return undefined;
      const first = validate.errors?.[0];
      return first === undefined ? 'is invalid' : describe(first);
    };
  };
}
