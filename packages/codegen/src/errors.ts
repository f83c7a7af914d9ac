import { ToolscopeError } from '@toolscope/core';
import type { ManifestErrorCode } from '@toolscope/manifest';

/** Codes of the local errors the generator raises: a bad config, or manifests that did not load. */
export type CodegenErrorCode = 'CONFIG_INVALID' | 'CODEGEN_FAILED' | ManifestErrorCode;

/** A local error of the generator: a code of `CodegenErrorCode`, a location and a hint. */
export class CodegenError extends ToolscopeError<CodegenErrorCode> {}
