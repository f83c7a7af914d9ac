import { ToolscopeError } from '@toolscope/core';

/**
 * Codes of the local errors about manifests. Loading itself never throws (it
 * returns diagnostics, `DiagnosticCode`); these are what a tool that needs a
 * loaded manifest (the generator, the contract diff) raises when it has none.
 */
export type ManifestErrorCode = 'MANIFEST_INVALID' | 'MANIFEST_NOT_FOUND';

/** A local error about a manifest: a code of `ManifestErrorCode`, a location and a hint. */
export class ManifestError extends ToolscopeError<ManifestErrorCode> {}
