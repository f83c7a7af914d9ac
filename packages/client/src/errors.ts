import { ToolscopeError } from '@toolscope/core';

/** Codes of the local errors the agent runtime raises (OAuth flows, token vault, configuration). */
export type ClientErrorCode =
  | 'CONFIG_INVALID'
  | 'PROVIDER_UNKNOWN'
  | 'METADATA_URL_FORBIDDEN'
  | 'OAUTH_FLOW_FAILED'
  | 'VAULT_DECRYPT_FAILED'
  | 'VAULT_KEY_MISSING'
  | 'VAULT_ROLLBACK'
  | 'INTERNAL';

/** A local error of the agent runtime: a code of `ClientErrorCode`, a location and a hint. */
export class ClientError extends ToolscopeError<ClientErrorCode> {}
