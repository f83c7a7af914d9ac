import { lookup } from 'node:dns/promises';
import { BlockList, isIP } from 'node:net';
import { ToolscopeError } from '@toolscope/core';

/** How far the agent trusts URLs that arrive from servers (tool metadata, AS metadata). */
export interface UrlPolicy {
  /**
   * Allow loopback, private and link-local targets and plain http. For local
   * development and tests only: everything there runs on 127.0.0.1.
   */
  readonly allowPrivateNetwork?: boolean;
}

// Targets a server-supplied URL must not reach: an attacker-run MCP server could
// otherwise point the agent at internal services (SSRF).
const forbidden = new BlockList();
for (const [net, prefix] of [
  ['0.0.0.0', 8],
  ['10.0.0.0', 8],
  ['100.64.0.0', 10],
  ['127.0.0.0', 8],
  ['169.254.0.0', 16],
  ['172.16.0.0', 12],
  ['192.0.0.0', 24],
  ['192.168.0.0', 16],
  ['198.18.0.0', 15],
  ['224.0.0.0', 4],
  ['240.0.0.0', 4],
] as const) {
  forbidden.addSubnet(net, prefix, 'ipv4');
}
for (const [net, prefix] of [
  ['::', 128],
  ['::1', 128],
  ['fc00::', 7],
  ['fe80::', 10],
  ['ff00::', 8],
  ['64:ff9b::', 96],
] as const) {
  forbidden.addSubnet(net, prefix, 'ipv6');
}

/** True when an IP address is loopback, private, link-local, multicast or otherwise internal. */
export function isInternalAddress(address: string): boolean {
  const family = isIP(address);
  if (family === 4) return forbidden.check(address, 'ipv4');
  if (family !== 6) return true;
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address);
  if (mapped?.[1] !== undefined) return forbidden.check(mapped[1], 'ipv4');
  return forbidden.check(address, 'ipv6');
}

function refuse(what: string, why: string, url?: URL): never {
  // Only the origin is named: a path or query could carry something private.
  const where = url === undefined ? '' : ` (${url.origin})`;
  throw new ToolscopeError('METADATA_URL_FORBIDDEN', `${what} URL refused${where}: ${why}.`, {
    hint: 'URLs from servers must be https to a public host; set allowPrivateNetwork only for local development.',
  });
}

/**
 * Checks a URL that came from a server before the agent fetches it or hands it
 * to a browser: http(s) only, no credentials, and no internal target.
 */
export async function assertAllowedUrl(raw: string, policy: UrlPolicy, what: string): Promise<URL> {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return refuse(what, 'not an absolute URL');
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:')
    refuse(what, 'only http(s)', undefined);
  if (url.username !== '' || url.password !== '') refuse(what, 'credentials in the URL', url);
  if (policy.allowPrivateNetwork === true) return url;
  if (url.protocol !== 'https:') refuse(what, 'plain http', url);
  const host = url.hostname.replace(/^\[(.*)\]$/, '$1');
  const addresses = isIP(host) !== 0 ? [host] : await resolveAll(host, what, url);
  if (addresses.some(isInternalAddress)) refuse(what, 'it resolves to an internal address', url);
  return url;
}

async function resolveAll(host: string, what: string, url: URL): Promise<string[]> {
  if (host === 'localhost' || host.endsWith('.localhost')) refuse(what, 'localhost', url);
  try {
    return (await lookup(host, { all: true, verbatim: true })).map((a) => a.address);
  } catch {
    return refuse(what, 'the host does not resolve', url);
  }
}

/** A fetch that applies the policy to every URL it is asked to reach. */
export function guardedFetch(
  policy: UrlPolicy,
  what: string,
): (url: string, init: object) => Promise<Response> {
  return async (url, init) => {
    await assertAllowedUrl(url, policy, what);
    return fetch(url, init as RequestInit);
  };
}
