import type { Middleware, RegisterToolsOptions } from '@toolscope/server';
import { crmProviders } from '@toolscope-demo/crm-server';
import { ordersProviders } from '@toolscope-demo/orders-server';
import { workspaceProviders } from '@toolscope-demo/workspace-server';
import { zoomProviders } from '@toolscope-demo/zoom-server';
import { auditFile, auditMiddleware } from './audit.js';
import type { DemoServerConfig } from './config.js';

/** The middleware the config asks for: the audit log when `auditLogFile` is set. */
export function demoMiddleware(config: DemoServerConfig): Middleware[] {
  return config.auditLogFile === undefined ? [] : [auditMiddleware(auditFile(config.auditLogFile))];
}

/** Options per toolset, built once so that every server shares their verifiers. */
export interface DemoToolOptions {
  readonly zoom: RegisterToolsOptions;
  readonly crm: RegisterToolsOptions;
  readonly orders: RegisterToolsOptions;
  readonly workspace: RegisterToolsOptions;
}

/**
 * The manifests' providers, with issuer, resource and JWKS moved to loopback.
 * Verifier kinds stay the manifests' own: Zoom tokens are opaque (the
 * meetings API decides), CRM and first-party tokens are checked as JWTs here.
 */
export function demoToolOptions(
  config: DemoServerConfig,
  selfResource: string,
  middleware: readonly Middleware[] = [],
): DemoToolOptions {
  const { zoom } = zoomProviders;
  const { crm } = crmProviders;
  const { orders } = ordersProviders;
  const { self } = workspaceProviders;
  return {
    zoom: {
      middleware,
      providers: { zoom: { ...zoom, issuer: config.zoom.issuer, resource: config.zoom.resource } },
    },
    crm: {
      middleware,
      providers: {
        crm: {
          ...crm,
          issuer: config.crm.issuer,
          resource: config.crm.resource,
          verifier: { ...crm.verifier, jwksUri: config.crm.jwksUri },
        },
      },
    },
    orders: { middleware, providers: { orders: { ...orders, resource: config.orders.resource } } },
    workspace: {
      middleware,
      providers: {
        self: {
          ...self,
          issuer: config.self.issuer,
          resource: selfResource,
          verifier: { ...self.verifier, jwksUri: config.self.jwksUri },
        },
      },
    },
  };
}
