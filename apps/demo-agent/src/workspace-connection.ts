import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';

/** One user's header-mode connection to the first-party endpoint. */
export interface WorkspaceConnection {
  readonly client: Client;
  /** The last `WWW-Authenticate` challenge the endpoint answered with, if any. */
  challenge(): string | undefined;
  close(): Promise<void>;
}

/** What an HTTP 401/403 from the endpoint carried. */
export interface HttpChallenge {
  readonly status: number;
  readonly header: string;
}

/** The HTTP status an SDK transport error carries, when it is one. */
export function httpStatusOf(error: unknown): number | undefined {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'number' && code >= 400 && code < 600 ? code : undefined;
}

/** Reads `scope="…"` and `resource_metadata="…"` from a Bearer challenge. */
export function challengeParam(header: string, name: string): string | undefined {
  return new RegExp(`${name}="([^"]*)"`).exec(header)?.[1];
}

/**
 * Connects as one user to the header-mode endpoint: the connection token goes
 * in `Authorization: Bearer` on every request (wire-protocol.md §5), none when the user
 * has none yet. Challenges are kept so the agent can react to them.
 */
export async function connectWorkspace(
  url: string,
  connectionToken: string | undefined,
): Promise<WorkspaceConnection | HttpChallenge> {
  let last: string | undefined;
  const withBearer = async (input: string | URL | Request, init?: RequestInit) => {
    const headers = new Headers(init?.headers);
    if (connectionToken !== undefined) headers.set('authorization', `Bearer ${connectionToken}`);
    const response = await fetch(input, { ...init, headers });
    if (response.status === 401 || response.status === 403) {
      last = response.headers.get('www-authenticate') ?? undefined;
    }
    return response;
  };
  const client = new Client({ name: 'toolscope-demo-agent', version: '0.1.0' });
  const transport = new StreamableHTTPClientTransport(new URL(url), { fetch: withBearer });
  const connection = { client, challenge: () => last, close: () => client.close() };
  try {
    await client.connect(transport);
  } catch (error) {
    const status = httpStatusOf(error);
    if (status === undefined || last === undefined) throw error;
    return { status, header: last };
  }
  return connection;
}
