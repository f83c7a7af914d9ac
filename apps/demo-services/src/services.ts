import type { RequestListener } from 'node:http';
import { createCrmApi } from './crm.js';
import { listenLoopback } from './http-kit.js';
import { createMeetingsApi } from './meetings.js';
import { createOrdersApi } from './orders.js';

/** Where an OAuth-protected API's tokens come from. */
export interface TokenApiConfig {
  /** Port on 127.0.0.1; default 0 (a free one). */
  readonly port?: number;
  readonly issuer: string;
  readonly jwksUri: string;
}

/** Configuration of the three demo APIs. */
export interface DemoServicesConfig {
  readonly meetings: TokenApiConfig;
  readonly crm: TokenApiConfig;
  readonly orders: {
    readonly port?: number;
    readonly headerName: string;
    /** API keys by department. */
    readonly keys: Readonly<Record<string, string>>;
    /** Default `/api/v1`, as in the orders manifest's resource. */
    readonly basePath?: string;
  };
}

/** The running APIs: each one's resource identifier (the audience its tokens must carry). */
export interface DemoServicesHandle {
  readonly meetings: string;
  readonly crm: string;
  /** The order service's base URL, including its path prefix. */
  readonly orders: string;
  close(): Promise<void>;
}

/** Listens first, then builds the API with its own origin (the audience) once the port is known. */
async function serve(port: number | undefined, build: (origin: string) => RequestListener) {
  let api: RequestListener | undefined;
  const listening = await listenLoopback((req, res) => api?.(req, res), port);
  api = build(listening.origin);
  return listening;
}

/** Starts the meetings, CRM and order APIs on 127.0.0.1, each on its own port. */
export async function startDemoServices(config: DemoServicesConfig): Promise<DemoServicesHandle> {
  const meetings = await serve(config.meetings.port, (audience) =>
    createMeetingsApi({ ...config.meetings, audience }),
  );
  const crm = await serve(config.crm.port, (audience) => createCrmApi({ ...config.crm, audience }));
  const basePath = config.orders.basePath ?? '/api/v1';
  const orders = await serve(config.orders.port, () =>
    createOrdersApi({ headerName: config.orders.headerName, keys: config.orders.keys, basePath }),
  );
  return {
    meetings: meetings.origin,
    crm: crm.origin,
    orders: `${orders.origin}${basePath}`,
    async close() {
      await Promise.all([meetings.close(), crm.close(), orders.close()]);
    },
  };
}
