/**
 * The importer's diagnostics: the manifest package's `Diagnostic` shape, so
 * `formatDiagnostics` prints them with code frames, positioned in the OpenAPI
 * document (file, line, column, JSON pointer into it, hint).
 */
import type { Diagnostic, DiagnosticSeverity, ParsedSource } from '@toolscope/manifest';

/** Every code the importer emits, with what it means; codes are stable across releases. */
export const OPENAPI_DIAGNOSTIC_CODES = {
  OPENAPI_SYNTAX: 'the document is not valid YAML or JSON',
  OPENAPI_NOT_OPENAPI: 'the document is not an OpenAPI 3.0 or 3.1 object (Swagger 2.0 included)',
  OPENAPI_REF_EXTERNAL: 'a `$ref` points to another document; only local references are followed',
  OPENAPI_REF_UNRESOLVED: 'a local `$ref` names nothing in the document',
  OPENAPI_REF_CYCLE: 'a `$ref` chain comes back to where it started without a schema in between',
  OPENAPI_SCHEMA_LOSSY:
    'a schema keyword the manifest dialect cannot express was dropped (the schema gets wider)',
  OPENAPI_SCHEMA_UNTYPED: 'a schema could not be typed and accepts any JSON value (JsonValue)',
  OPENAPI_OPERATION_SKIPPED: 'an operation the HTTP mapping cannot express (HEAD, OPTIONS, TRACE)',
  OPENAPI_PARAMETER_SKIPPED: 'a parameter that cannot be mapped (cookie, reserved header)',
  OPENAPI_PARAMETER_STYLE:
    'a parameter serialization the mapping does not reproduce (arrays repeat the parameter)',
  OPENAPI_BODY_UNSUPPORTED: 'a request body that is not application/json, or on GET/DELETE',
  OPENAPI_RESPONSE_UNSUPPORTED: 'a 2xx response that gives no object output schema',
  OPENAPI_SECURITY_ALTERNATIVES:
    'an operation accepts several security alternatives; the first mappable one is used',
  OPENAPI_SECURITY_UNSUPPORTED:
    'a security scheme toolscope cannot forward (apiKey in query or cookie, mutualTLS, digest…)',
  OPENAPI_SCOPE_INVALID: 'a scope name has characters RFC 6749 does not allow',
  OPENAPI_SCOPE_UNDECLARED: "an operation requires a scope its scheme's flows do not list",
  OPENAPI_ISSUER_GUESSED: 'OpenAPI names no OAuth issuer; the origin of a flow endpoint is used',
  OPENAPI_SERVER_UNUSABLE:
    'no absolute http(s) server URL: a placeholder resource is written, replace it',
  OPENAPI_SERVER_MULTIPLE: 'several servers: the first one is used',
  OPENAPI_SERVER_OPERATION:
    'an operation or path has its own servers, which the mapping cannot express',
  OPENAPI_NAME_CHANGED:
    'a name was changed to fit the manifest rules (tool, $defs, provider, toolset, version)',
  OPENAPI_SECRET_EXAMPLE: 'an example or default that looks like a credential was left out',
  OPENAPI_MANIFEST_CHECK:
    'the imported manifest does not pass the manifest checks (a bug: please report it)',
} as const;

/** A stable importer diagnostic code. */
export type OpenApiDiagnosticCode = keyof typeof OPENAPI_DIAGNOSTIC_CODES;

/** Collects diagnostics located in one parsed document. */
export class Reporter {
  readonly diagnostics: Diagnostic[] = [];
  constructor(readonly source: ParsedSource) {}

  report(
    severity: DiagnosticSeverity,
    code: OpenApiDiagnosticCode,
    message: string,
    pointer: string,
    hint?: string,
  ): void {
    this.diagnostics.push({
      severity,
      code,
      message,
      ...(hint === undefined ? {} : { hint }),
      file: this.source.file,
      ...this.source.locate(pointer, 'key'),
      pointer,
    });
  }

  warn(code: OpenApiDiagnosticCode, message: string, pointer: string, hint?: string): void {
    this.report('warning', code, message, pointer, hint);
  }

  error(code: OpenApiDiagnosticCode, message: string, pointer: string, hint?: string): void {
    this.report('error', code, message, pointer, hint);
  }
}
