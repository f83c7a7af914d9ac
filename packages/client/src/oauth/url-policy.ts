import { lookup } from 'node:dns/promises';
import { BlockList, isIP } from 'node:net';
import { ClientError } from '../errors.js';

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
  ['192.0.2.0', 24],
  ['198.51.100.0', 24],
  ['203.0.113.0', 24],
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
  ['100::', 64],
  ['2001:db8::', 32],
  ['fc00::', 7],
  ['fe80::', 10],
  ['fec0::', 10],
  ['ff00::', 8],
] as const) {
  forbidden.addSubnet(net, prefix, 'ipv6');
}

/** The eight 16-bit groups of an IPv6 address (a trailing dotted quad included), or undefined. */
function ipv6Groups(address: string): number[] | undefined {
  let text = address.toLowerCase();
  const zone = text.indexOf('%');
  if (zone >= 0) text = text.slice(0, zone);
  const quad = /(\d+)\.(\d+)\.(\d+)\.(\d+)$/.exec(text);
  if (quad !== null) {
    const [a, b, c, d] = quad.slice(1).map(Number) as [number, number, number, number];
    text = `${text.slice(0, quad.index)}${((a << 8) | b).toString(16)}:${((c << 8) | d).toString(16)}`;
  }
  const halves = text.split('::');
  if (halves.length > 2) return undefined;
  const head = halves[0] === '' ? [] : (halves[0] ?? '').split(':');
  const tail = halves.length === 2 && halves[1] !== '' ? (halves[1] ?? '').split(':') : [];
  const missing = 8 - head.length - tail.length;
  if (halves.length === 1 ? missing !== 0 : missing < 1) return undefined;
  const groups = [...head, ...Array.from({ length: missing }, () => '0'), ...tail].map((g) =>
    Number.parseInt(g, 16),
  );
  return groups.every((g) => Number.isInteger(g) && g >= 0 && g <= 0xffff) ? groups : undefined;
}

function ipv4Of(high: number, low: number): string {
  return `${high >> 8}.${high & 0xff}.${low >> 8}.${low & 0xff}`;
}

/**
 * The IPv4 addresses an IPv6 address carries (issue 11, "also observed"), so it
 * is judged as them: IPv4-compatible `::a.b.c.d`, mapped `::ffff:0:0/96`,
 * translated `::ffff:0:0:0/96`, NAT64 `64:ff9b::/96` and `64:ff9b:1::/48`,
 * 6to4 `2002::/16`, and both ends of Teredo `2001::/32`.
 */
export function embeddedIpv4(address: string): string[] {
  const g = ipv6Groups(address);
  if (g === undefined) return [];
  const [g0, g1, g2, g3, g4, g5, g6, g7] = g as [
    number,
    number,
    number,
    number,
    number,
    number,
    number,
    number,
  ];
  const zeroTo = (n: number) => g.slice(0, n).every((x) => x === 0);
  const last = ipv4Of(g6, g7);
  // ::a.b.c.d and ::ffff:a.b.c.d (:: and ::1 land in 0.0.0.0/8, internal either way).
  if (zeroTo(5) && (g5 === 0 || g5 === 0xffff)) return [last];
  // ::ffff:0:a.b.c.d
  if (zeroTo(4) && g4 === 0xffff && g5 === 0) return [last];
  if (
    g0 === 0x64 &&
    g1 === 0xff9b &&
    (g2 === 1 || (g2 === 0 && g3 === 0 && g4 === 0 && g5 === 0))
  ) {
    return [last];
  }
  if (g0 === 0x2002) return [ipv4Of(g1, g2)];
  if (g0 === 0x2001 && g1 === 0) return [ipv4Of(g2, g3), ipv4Of(g6 ^ 0xffff, g7 ^ 0xffff)];
  return [];
}

/** True when an IP address is loopback, private, link-local, multicast or otherwise internal. */
export function isInternalAddress(address: string): boolean {
  const family = isIP(address);
  if (family === 4) return forbidden.check(address, 'ipv4');
  if (family !== 6) return true;
  const carried = embeddedIpv4(address);
  if (carried.some((v4) => forbidden.check(v4, 'ipv4'))) return true;
  return forbidden.check(address, 'ipv6');
}

function refuse(what: string, why: string, url?: URL): never {
  // Only the origin is named: a path or query could carry something private.
  const where = url === undefined ? '' : ` (${url.origin})`;
  throw new ClientError('METADATA_URL_FORBIDDEN', `${what} URL refused${where}: ${why}.`, {
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
