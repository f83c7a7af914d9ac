import { ToolscopeError } from '@toolscope/core';
import type { ManifestErrorCode } from '@toolscope/manifest';

/** Codes of the local errors the contract tools raise (diff, changeset, verify, git history). */
export type ContractErrorCode = 'CONFIG_INVALID' | 'INTERNAL' | ManifestErrorCode;

/** A local error of the contract tools: a code of `ContractErrorCode`, a location and a hint. */
export class ContractError extends ToolscopeError<ContractErrorCode> {}
