/**
 * Where the demo's providers really are. The manifests name production URLs
 * (api.zoom.us, …); the demo maps every provider to its loopback stand-in.
 */
export interface DemoServerConfig {
  /** Port on 127.0.0.1 for Streamable HTTP; default 0 (a free one). */
  readonly port?: number;
  readonly zoom: {
    readonly issuer: string;
    /** The meetings API's resource identifier (its origin). */
    readonly resource: string;
    /** The public status page the `none` tool reads. */
    readonly statusUrl: string;
  };
  readonly crm: { readonly issuer: string; readonly resource: string; readonly jwksUri: string };
  readonly orders: { readonly resource: string };
  /**
   * Adds the three tools the MCP conformance suite's `server-stateless`
   * scenario calls by name (`pnpm conformance` sets it; the demo's own toolsets
   * stay what the manifests say otherwise).
   */
  readonly conformanceProbes?: boolean;
  /**
   * Appends an audit record (tool, user, outcome; never a token) per tool call
   * to this file, one JSON line each, through toolscope's middleware.
   */
  readonly auditLogFile?: string;
  readonly self: {
    readonly issuer: string;
    readonly jwksUri: string;
    /** This server's canonical URI for first-party tools; default `<origin>/workspace/mcp`. */
    readonly resource?: string;
  };
}

/** The path of the header-mode endpoint that serves the first-party toolset. */
export const WORKSPACE_PATH = '/workspace/mcp';
/** The path of the endpoint that serves every toolset with per-call tokens. */
export const MCP_PATH = '/mcp';
