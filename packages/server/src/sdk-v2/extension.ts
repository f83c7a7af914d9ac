/** toolscope's extension identifier in the `extensions` capability (MCP 2026-07-28). */
export const TOOLSCOPE_EXTENSION_ID = 'io.toolscope/authorization';

/**
 * What a server announces under `capabilities.extensions["io.toolscope/authorization"]`:
 * that its tools declare per-tool authorization in `tools/list` and accept the
 * user's token in `tools/call` `_meta.authorization` (see the wire protocol page).
 */
export function toolscopeExtension(): Record<string, unknown> {
  return {
    version: '1',
    declaration: ['_meta', 'authorization', 'securitySchemes'],
    credential: '_meta.authorization',
    methods: ['none', 'oauth2', 'apiKey'],
  };
}
