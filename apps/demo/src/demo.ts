import { createHash, randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startLoopbackRedirect } from '@toolscope/client';
import type { DemoAgentConfig } from '@toolscope/demo-agent';
import type { DemoServerConfig } from '@toolscope/demo-server';
import { freeLoopbackPorts } from './ports.js';
import { type RunningProcess, runToEnd, startProcess } from './processes.js';
import { apiKeyHeader, DEMO_CLIENT_ID, demoIssuers, loadShippedManifests } from './providers.js';

/** Options of `startDemo`. */
export interface DemoOptions {
  /** The repository root; default the one this file is built in. */
  readonly root?: string;
  /** Canary support: the agent appends every token it handles to this file. */
  readonly tokenLogFile?: string;
  /** Adds the conformance suite's `server-stateless` probe tools to the MCP server. */
  readonly conformanceProbes?: boolean;
}

/** Where a person (or a test) finds the running demo. */
export interface DemoUrls {
  readonly authServer: string;
  readonly issuers: Readonly<Record<string, string>>;
  /** An authorization request for alice at the zoom issuer, ready for a browser. */
  readonly aliceLogin: string;
  /** Where the login ends: a loopback page that shows "Authorization received". */
  readonly redirectUri: string;
  readonly mcp: string;
  readonly workspace: string;
  readonly resourceMetadata: string;
  readonly meetings: string;
  readonly crm: string;
  readonly orders: string;
}

/** The running demo. */
export interface DemoHandle {
  readonly urls: DemoUrls;
  /** Runs the agent's scenario as a child process, its transcript on our stdout; resolves its exit code. */
  runAgent(timeoutMs?: number): Promise<number>;
  /**
   * The MCP server's audit log so far (toolscope middleware): one line per tool
   * call with tool, user and outcome, never a token.
   */
  auditLog(): string[];
  /** Stops every process and listener the demo started. */
  close(): Promise<void>;
}

const DEPARTMENTS = { alice: 'sales', bob: 'support' } as const;

/**
 * Starts the authorization server, the downstream services and the MCP server
 * as processes on free loopback ports, wired to each other from the manifests.
 */
export async function startDemo(options: DemoOptions = {}): Promise<DemoHandle> {
  const root = options.root ?? fileURLToPath(new URL('../../..', import.meta.url));
  const script = (app: string) => join(root, 'apps', app, 'dist', 'main.js');
  const ir = await loadShippedManifests(join(root, 'manifests'));
  const started: RunningProcess[] = [];
  const loopback = await startLoopbackRedirect();
  // The demo's own temporary folder, removed on close.
  const auditDir = mkdtempSync(join(tmpdir(), 'toolscope-demo-audit-'));
  const auditLogFile = join(auditDir, 'audit.jsonl');
  const stopAll = async () => {
    await Promise.all(started.reverse().map((p) => p.stop()));
    await loopback.close();
    rmSync(auditDir, { recursive: true, force: true });
  };
  try {
    const [authPort, meetingsPort, crmPort, ordersPort, mcpPort] = await freeLoopbackPorts(5);
    const local = (port: number | undefined) => `http://127.0.0.1:${port}`;
    const resources = {
      zoom: local(meetingsPort),
      crm: local(crmPort),
      self: `${local(mcpPort)}/workspace/mcp`,
    };
    const issuerOptions = demoIssuers(ir, resources, loopback.redirectUri);
    const auth = await startProcess('auth-server', script('auth-server'), {
      TOOLSCOPE_AUTH_SERVER: JSON.stringify({ issuers: issuerOptions, port: authPort }),
    });
    started.push(auth);
    const issuers = auth.ready['issuers'] as Record<string, string>;
    const issuer = (id: string) => issuers[id] ?? '';

    const departmentKeys = {
      sales: `orders-sales-${randomBytes(16).toString('base64url')}`,
      support: `orders-support-${randomBytes(16).toString('base64url')}`,
    };
    const services = await startProcess('demo-services', script('demo-services'), {
      TOOLSCOPE_DEMO_SERVICES: JSON.stringify({
        meetings: { port: meetingsPort, issuer: issuer('zoom'), jwksUri: `${issuer('zoom')}/jwks` },
        crm: { port: crmPort, issuer: issuer('crm'), jwksUri: `${issuer('crm')}/jwks` },
        orders: { port: ordersPort, headerName: apiKeyHeader(ir, 'orders'), keys: departmentKeys },
      }),
    });
    started.push(services);
    const ordersUrl = String(services.ready['orders']);

    const serverConfig: DemoServerConfig = {
      port: mcpPort!,
      zoom: {
        issuer: issuer('zoom'),
        resource: resources.zoom,
        statusUrl: `${resources.zoom}/status`,
      },
      crm: { issuer: issuer('crm'), resource: resources.crm, jwksUri: `${issuer('crm')}/jwks` },
      orders: { resource: ordersUrl },
      self: { issuer: issuer('self'), jwksUri: `${issuer('self')}/jwks`, resource: resources.self },
      ...(options.conformanceProbes === true ? { conformanceProbes: true } : {}),
      auditLogFile,
    };
    const mcp = await startProcess('demo-server', script('demo-server'), {
      TOOLSCOPE_DEMO_SERVER: JSON.stringify(serverConfig),
    });
    started.push(mcp);

    const { port: _port, ...stdioConfig } = serverConfig;
    const agentConfig: DemoAgentConfig = {
      mcpUrl: String(mcp.ready['mcp']),
      workspaceUrl: String(mcp.ready['workspace']),
      issuers,
      resources,
      clientId: DEMO_CLIENT_ID,
      redirectUri: loopback.redirectUri,
      departmentKeys,
      departments: DEPARTMENTS,
      stdio: {
        command: process.execPath,
        args: [script('demo-server'), '--stdio'],
        env: { TOOLSCOPE_DEMO_SERVER: JSON.stringify(stdioConfig) },
      },
      ...(options.tokenLogFile === undefined ? {} : { tokenLogFile: options.tokenLogFile }),
    };

    const login = new URL(`${issuer('zoom')}/auth`);
    login.search = new URLSearchParams({
      client_id: DEMO_CLIENT_ID,
      response_type: 'code',
      redirect_uri: loopback.redirectUri,
      scope: 'meeting:read:list_meetings',
      resource: resources.zoom,
      state: randomBytes(16).toString('base64url'),
      // A browser try-out never redeems the code, so the verifier is not kept.
      code_challenge: createHash('sha256')
        .update(randomBytes(32).toString('base64url'))
        .digest('base64url'),
      code_challenge_method: 'S256',
    }).toString();

    return {
      urls: {
        authServer: String(auth.ready['origin']),
        issuers,
        aliceLogin: login.href,
        redirectUri: loopback.redirectUri,
        mcp: agentConfig.mcpUrl,
        workspace: agentConfig.workspaceUrl,
        resourceMetadata: String(mcp.ready['resourceMetadata']),
        meetings: resources.zoom,
        crm: resources.crm,
        orders: ordersUrl,
      },
      runAgent: (timeoutMs = 120_000) =>
        runToEnd(
          script('demo-agent'),
          { TOOLSCOPE_DEMO_AGENT: JSON.stringify(agentConfig) },
          timeoutMs,
        ),
      auditLog: () => {
        try {
          return readFileSync(auditLogFile, 'utf8')
            .split('\n')
            .filter((l) => l.length > 0);
        } catch {
          return [];
        }
      },
      close: stopAll,
    };
  } catch (error) {
    for (const p of started) {
      const tail = p.stderr().trim();
      if (tail.length > 0) process.stderr.write(`--- ${p.name} stderr ---\n${tail}\n`);
    }
    await stopAll();
    throw error;
  }
}
