export {
  OPENAPI_DIAGNOSTIC_CODES,
  type OpenApiDiagnosticCode,
} from './diagnostics.js';
export {
  type ImportedTool,
  type ImportOptions,
  type ImportResult,
  type ImportStats,
  importOpenApi,
  isPendingHttpField,
} from './import.js';
export type { Authorization } from './security.js';
