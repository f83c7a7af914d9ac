/** Starts the repo's demo MCP server (built from the generated stubs) on loopback for verify tests. */
import { type DemoHttpHandle, type DemoServerConfig, startDemoHttp } from '@toolscope/demo-server';

/**
 * A demo config whose providers sit on loopback addresses nothing listens on:
 * listing tools and refusing token-less calls never reach a provider.
 */
export const DEMO_CONFIG: DemoServerConfig = {
  zoom: {
    issuer: 'http://127.0.0.1:9/zoom',
    resource: 'http://127.0.0.1:9',
    statusUrl: 'http://127.0.0.1:9/status',
  },
  crm: {
    issuer: 'http://127.0.0.1:9/crm',
    resource: 'http://127.0.0.1:9/crm-api',
    jwksUri: 'http://127.0.0.1:9/crm/jwks',
  },
  orders: { resource: 'http://127.0.0.1:9/orders' },
  self: { issuer: 'http://127.0.0.1:9/self', jwksUri: 'http://127.0.0.1:9/self/jwks' },
};

/** Starts the demo server over Streamable HTTP on a free port. */
export function startDemo(): Promise<DemoHttpHandle> {
  return startDemoHttp(DEMO_CONFIG);
}
