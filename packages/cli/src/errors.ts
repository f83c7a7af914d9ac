import { ToolscopeError } from '@toolscope/core';

/** Codes of the local errors the CLI itself raises: a wrong command line, or a part it cannot load. */
export type CliErrorCode = 'CONFIG_INVALID' | 'INTERNAL';

/** A local error of the CLI: a code of `CliErrorCode`, a location and a hint. */
export class CliError extends ToolscopeError<CliErrorCode> {}
