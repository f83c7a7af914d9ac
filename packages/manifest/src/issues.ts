/**
 * Turning zod issues into diagnostics with stable codes, positions and hints.
 * zod's own messages are generic; users need to know which rule of the format
 * they broke and what to write instead.
 */
import type { z } from 'zod';
import type { Diagnostic, DiagnosticCode } from './diagnostics.js';
import { closestMatch } from './did-you-mean.js';
import { type ParsedSource, toPointer } from './source.js';

type Issue = z.core.$ZodIssue;
type Path = readonly PropertyKey[];

/** Minimal view of zod's internal definitions, enough to find the keys allowed at a path. */
interface SchemaDef {
  readonly type: string;
  readonly shape?: Record<string, { readonly _zod: { readonly def: SchemaDef } }>;
  readonly innerType?: { readonly _zod: { readonly def: SchemaDef } };
  readonly valueType?: { readonly _zod: { readonly def: SchemaDef } };
  readonly element?: { readonly _zod: { readonly def: SchemaDef } };
  readonly options?: ReadonlyArray<{ readonly _zod: { readonly def: SchemaDef } }>;
  readonly discriminator?: string;
  readonly values?: readonly unknown[];
}

const SECRET_KEY =
  /secret|password|passwd|private.?key|^(api.?key|key|token|access.?token|bearer)$/i;

/** Whether a key name suggests the value is a credential. */
export function looksLikeSecretKey(key: string): boolean {
  return SECRET_KEY.test(key) && !/Env$/.test(key);
}

/** The raw value at a path, or undefined. */
export function valueAt(root: unknown, path: Path): unknown {
  let current = root;
  for (const segment of path) {
    if (current === null || typeof current !== 'object') return undefined;
    if (!Object.hasOwn(current, segment)) return undefined;
    current = (current as Record<PropertyKey, unknown>)[segment];
  }
  return current;
}

function unwrap(def: SchemaDef): SchemaDef {
  let current = def;
  while (current.innerType) current = current.innerType._zod.def;
  return current;
}

/** Picks the object branch of a union that fits the raw value (by discriminator when there is one). */
function pickBranch(def: SchemaDef, raw: unknown): SchemaDef | undefined {
  const objects = (def.options ?? []).map((option) => unwrap(option._zod.def));
  const candidates = objects.flatMap((option) =>
    option.type === 'union' ? (option.options ?? []).map((o) => unwrap(o._zod.def)) : [option],
  );
  const discriminator = def.discriminator ?? objects.find((o) => o.discriminator)?.discriminator;
  const tag = discriminator ? valueAt(raw, [discriminator]) : undefined;
  const matching = candidates.find((option) => {
    const field = discriminator ? option.shape?.[discriminator] : undefined;
    return field ? unwrap(field._zod.def).values?.includes(tag) : false;
  });
  return matching ?? candidates.find((option) => option.type === 'object');
}

/** The keys an object schema allows at `path`, following the raw data through unions. */
function allowedKeysAt(schema: z.ZodType, root: unknown, path: Path): string[] {
  let def: SchemaDef | undefined = unwrap(schema._zod.def as unknown as SchemaDef);
  for (let index = 0; index <= path.length && def; index++) {
    if (def.type === 'union') def = pickBranch(def, valueAt(root, path.slice(0, index)));
    if (!def || index === path.length) break;
    const segment = String(path[index]);
    if (def.type === 'object') def = def.shape?.[segment]?._zod.def;
    else if (def.type === 'record') def = def.valueType?._zod.def;
    else if (def.type === 'array') def = def.element?._zod.def;
    else def = undefined;
    def = def ? unwrap(def) : undefined;
  }
  return def?.type === 'object' ? Object.keys(def.shape ?? {}) : [];
}

function jsonType(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  if (typeof value === 'object') return 'an object';
  if (typeof value === 'string') return 'a string';
  if (typeof value === 'number') return Number.isInteger(value) ? 'an integer' : 'a number';
  return `a ${typeof value}`;
}

const EXPECTED: Readonly<Record<string, string>> = {
  object: 'an object',
  array: 'an array',
  string: 'a string',
  number: 'a number',
  int: 'an integer',
  boolean: 'a boolean',
};

/** Glob-like match of a path against a pattern where `*` is any one segment. */
function pathIs(path: Path, ...pattern: string[]): boolean {
  return path.length === pattern.length && pattern.every((p, i) => p === '*' || p === path[i]);
}

interface Draft {
  code: DiagnosticCode;
  message: string;
  hint?: string;
  path: Path;
  part?: 'key' | 'value';
}

/** Diagnostics for every zod issue of one document. */
export function issuesToDiagnostics(
  schema: z.ZodType,
  source: ParsedSource,
  issues: readonly Issue[],
): Diagnostic[] {
  const drafts: Draft[] = [];
  const walk = (issue: Issue, prefix: Path): void => {
    const path = [...prefix, ...issue.path];
    const raw = valueAt(source.value, path);
    switch (issue.code) {
      case 'unrecognized_keys':
        for (const key of issue.keys) drafts.push(unknownKey(schema, source.value, path, key));
        return;
      case 'invalid_union': {
        if (issue.discriminator !== undefined) {
          const options = (issue as { options?: readonly unknown[] }).options ?? [];
          drafts.push(
            raw === undefined
              ? missing(path)
              : {
                  code: 'MANIFEST_INVALID_VALUE',
                  message: `Expected ${quoteList(options)}.`,
                  path,
                  ...suggest(raw, options),
                },
          );
          return;
        }
        const branch = issue.errors.find((errors) =>
          errors.every((e) => e.path.length > 0 || e.code === 'unrecognized_keys'),
        );
        if (branch && raw !== null && typeof raw === 'object') {
          for (const inner of branch) walk(inner, path);
          return;
        }
        drafts.push({
          code: 'MANIFEST_INVALID_VALUE',
          message: 'Expected "none" or an object with a "method".',
          hint: 'Write `authorization: none`, or `{ method: oauth2, provider: …, requiredScopes: […] }`.',
          path,
        });
        return;
      }
      case 'invalid_type': {
        if (raw === undefined) {
          drafts.push(missing(path));
          return;
        }
        if (pathIs(path, 'tools', '*', 'input') || pathIs(path, 'tools', '*', 'output')) {
          drafts.push({
            code: 'SCHEMA_NOT_OBJECT',
            message: `The ${String(path[2])} of ${String(path[1])} must be a JSON Schema object, got ${jsonType(raw)}.`,
            hint: 'MCP tool schemas have a root `type: object` with `properties`.',
            path,
            part: 'value',
          });
          return;
        }
        drafts.push({
          code: 'MANIFEST_INVALID_TYPE',
          message:
            path.length === 0 && raw === null
              ? 'The manifest is empty.'
              : `Expected ${EXPECTED[issue.expected] ?? issue.expected}, got ${jsonType(raw)}.`,
          path,
          part: 'value',
        });
        return;
      }
      case 'invalid_key':
        drafts.push(invalidKey(path));
        return;
      case 'invalid_format':
        drafts.push(invalidFormat(path, issue.format));
        return;
      case 'invalid_value': {
        if (path.includes('algorithms') && typeof raw === 'string' && /^(none|HS\d+)$/i.test(raw)) {
          drafts.push({
            code: 'VERIFIER_ALGORITHM_FORBIDDEN',
            message: `The algorithm "${raw}" is forbidden: ${raw.toLowerCase() === 'none' ? 'unsigned tokens would be accepted' : 'anyone holding the public key could sign tokens with it as the HMAC secret'}.`,
            hint: 'Allow only the asymmetric algorithms the provider signs with, e.g. RS256 or ES256.',
            path,
            part: 'value',
          });
          return;
        }
        drafts.push({
          code: 'MANIFEST_INVALID_VALUE',
          message: `Expected ${quoteList(issue.values)}.`,
          path,
          part: 'value',
          ...suggest(raw, issue.values),
        });
        return;
      }
      case 'too_small':
        drafts.push({
          code: 'MANIFEST_INVALID_VALUE',
          message:
            issue.origin === 'array'
              ? 'The list must not be empty.'
              : 'The value must not be empty.',
          path,
          part: 'value',
        });
        return;
      default:
        drafts.push({
          code: 'MANIFEST_INVALID_VALUE',
          message: issue.message,
          path,
          part: 'value',
        });
    }
  };
  for (const issue of issues) walk(issue, []);
  return drafts.map((draft) => {
    const pointer = toPointer(draft.path);
    const masked = draft.code === 'MANIFEST_SECRET' ? source.span(pointer) : undefined;
    return {
      severity: 'error',
      code: draft.code,
      message: draft.message,
      ...(draft.hint ? { hint: draft.hint } : {}),
      file: source.file,
      ...source.locate(pointer, draft.part ?? 'key'),
      pointer,
      ...(masked ? { masked } : {}),
    };
  });
}

function missing(path: Path): Draft {
  const key = String(path[path.length - 1] ?? '');
  return {
    code: 'MANIFEST_MISSING_KEY',
    message: `Missing required key "${key}".`,
    hint: `Add "${key}" here.`,
    path,
  };
}

function unknownKey(schema: z.ZodType, root: unknown, parent: Path, key: string): Draft {
  const path = [...parent, key];
  if (looksLikeSecretKey(key)) {
    return {
      code: 'MANIFEST_SECRET',
      message: `The key "${key}" looks like a secret; secrets never go in a manifest.`,
      hint: 'Name an environment variable instead, e.g. `clientSecretEnv: ORDERS_INTROSPECTION_SECRET`, and remove the value from version control.',
      path,
    };
  }
  if (key === 'requiredScopes' && parent.at(-1) === 'authorization') {
    return {
      code: 'SCOPES_ON_NONE',
      message: `The tool ${String(parent[1])} has method ${String(valueAt(root, [...parent, 'method']))}, which takes no requiredScopes.`,
      hint: 'Use `method: oauth2` with a provider, or remove requiredScopes.',
      path,
    };
  }
  const allowed = allowedKeysAt(schema, root, parent);
  const guess = closestMatch(key, allowed);
  return {
    code: 'MANIFEST_UNKNOWN_KEY',
    message: `Unknown key "${key}".`,
    hint: guess
      ? `Did you mean "${guess}"?`
      : `Allowed here: ${allowed.map((k) => `"${k}"`).join(', ')}.`,
    path,
  };
}

function invalidKey(path: Path): Draft {
  const name = String(path.at(-1));
  if (pathIs(path, 'tools', '*')) {
    return {
      code: 'TOOL_NAME_INVALID',
      message: `The tool name "${name}" is not 1-128 characters of A-Z, a-z, 0-9, "_", "." and "-".`,
      hint: 'MCP clients reject other names; e.g. use "zoom_listMeetings".',
      path,
    };
  }
  if (pathIs(path, 'providers', '*')) {
    return {
      code: 'PROVIDER_ID_INVALID',
      message: `The provider id "${name}" is not lowercase letters, digits, "-" and "_" starting with a letter.`,
      path,
    };
  }
  if (pathIs(path, '$defs', '*')) {
    return {
      code: 'SCHEMA_INVALID',
      message: `The $defs name "${name}" is not an identifier.`,
      hint: 'Generated code names a type after it: use letters, digits and "_".',
      path,
    };
  }
  if (pathIs(path, 'tools', '*', 'http', 'headers', '*')) {
    return {
      code: 'MANIFEST_INVALID_VALUE',
      message: `"${name}" is not an HTTP header name.`,
      hint: 'Header names are RFC 9110 tokens, e.g. X-Request-Tag.',
      path,
    };
  }
  return {
    code: 'MANIFEST_INVALID_VALUE',
    message: `"${name}" is not a valid OAuth scope name.`,
    hint: 'Scopes are printable ASCII without spaces, quotes or backslashes (RFC 6749 §3.3).',
    path,
  };
}

function invalidFormat(path: Path, format: string): Draft {
  const last = String(path.at(-1));
  if (pathIs(path, 'version')) {
    return {
      code: 'VERSION_NOT_SEMVER',
      message: 'The version is not semver (MAJOR.MINOR.PATCH).',
      hint: 'Write e.g. `version: 1.0.0`; it becomes the generated packages’ version.',
      path,
      part: 'value',
    };
  }
  if (pathIs(path, 'toolset')) {
    return {
      code: 'TOOLSET_NAME_INVALID',
      message: 'The toolset id must be lowercase letters, digits and "-", starting with a letter.',
      hint: 'It names the generated packages, e.g. `toolset: zoom`.',
      path,
      part: 'value',
    };
  }
  if (format === 'url') {
    return {
      code: 'MANIFEST_INVALID_VALUE',
      message: `"${last}" must be an absolute http(s) URL.`,
      path,
      part: 'value',
    };
  }
  if (pathIs(path, 'tools', '*', 'http', 'response', 'toolErrors', '*')) {
    return {
      code: 'MANIFEST_INVALID_VALUE',
      message: 'A tool error status must be a status code or a class, e.g. 404 or 4XX.',
      path,
      part: 'value',
    };
  }
  const rules: Readonly<Record<string, string>> = {
    path: 'a path that starts with "/" and has no "?", "#" or spaces, e.g. /orders/{orderId}',
    pointer:
      'an RFC 6901 JSON pointer ("" or starting with "/", "~" only as ~0 or ~1), e.g. /order',
    headerName: 'an HTTP header name, e.g. X-Api-Key',
    clientSecretEnv: 'an environment variable name, e.g. ORDERS_CLIENT_SECRET',
  };
  return {
    code: 'MANIFEST_INVALID_VALUE',
    message: rules[last]
      ? `"${last}" must be ${rules[last]}.`
      : 'Not a valid OAuth scope name (printable ASCII without spaces, quotes or backslashes).',
    path,
    part: 'value',
  };
}

function quoteList(values: readonly unknown[]): string {
  const quoted = values.map((v) => JSON.stringify(v));
  return quoted.length <= 1 ? (quoted[0] ?? 'nothing') : `one of ${quoted.join(', ')}`;
}

function suggest(raw: unknown, values: readonly unknown[]): { hint?: string } {
  if (typeof raw !== 'string') return {};
  const guess = closestMatch(
    raw,
    values.filter((v): v is string => typeof v === 'string'),
  );
  return guess ? { hint: `Did you mean "${guess}"?` } : {};
}
