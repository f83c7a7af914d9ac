import { ToolscopeError } from '@toolscope/core';

/**
 * Codes of the local errors the docs-site builder raises: bad site options or
 * inputs, VitePress failing to build (`CODEGEN_FAILED`), or a staging failure.
 */
export type DocsSiteErrorCode = 'CONFIG_INVALID' | 'CODEGEN_FAILED' | 'INTERNAL';

/** A local error of the docs-site builder: a code of `DocsSiteErrorCode`, a location and a hint. */
export class DocsSiteError extends ToolscopeError<DocsSiteErrorCode> {}
