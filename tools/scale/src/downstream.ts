// The downstream API behind every MCP server instance, and the canary
// recorder: for every request it checks whose credential arrived against the
// user the call claims to be for, and records it. Runs as a child process of
// the runner (IPC): `stats` answers what it saw, `slow` makes it slow.
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createRemoteJWKSet, jwtVerify } from 'jose';
import { canaryOwner, fingerprint, reportWarnings, sampleSelf } from './common.js';

reportWarnings('downstream');
const env = process.env as Record<string, string>;
const secret = env['CANARY_SECRET']!;
let jwks: ReturnType<typeof createRemoteJWKSet> | undefined;
let issuer = '';
let audience = '';
let slowMs = 0;

const stats = {
  requests: 0,
  mixups: 0,
  rejected: 0,
  // Call ids executed more than once (a retry after an answer was lost on the way back).
  duplicates: 0,
  // A credential fingerprint seen for two different users.
  sharedCredentials: 0,
};
const seenCalls = new Set<string>();
const ownerOf = new Map<string, string>();

function record(credential: string, user: string): void {
  const fp = fingerprint(credential);
  const owner = ownerOf.get(fp);
  if (owner === undefined) ownerOf.set(fp, user);
  else if (owner !== user) stats.sharedCredentials++;
}

const server = createServer((req, res) => {
  void (async () => {
    stats.requests++;
    const url = new URL(req.url ?? '/', 'http://downstream');
    const claimed = url.searchParams.get('user') ?? '';
    const call = url.searchParams.get('call') ?? '';
    const answer = (status: number, body: unknown, headers: Record<string, string> = {}) => {
      res.writeHead(status, { 'content-type': 'application/json', ...headers });
      res.end(JSON.stringify(body));
    };
    if (slowMs > 0) await new Promise((resolve) => setTimeout(resolve, slowMs));
    let who: string | undefined;
    let credential: string | undefined;
    if (url.pathname === '/whoami') {
      const match = /^Bearer\s+(\S+)$/i.exec(req.headers.authorization ?? '');
      if (match === null || jwks === undefined) {
        stats.rejected++;
        return answer(401, { error: 'invalid_request' }, { 'www-authenticate': 'Bearer' });
      }
      try {
        const { payload } = await jwtVerify(match[1]!, jwks, {
          issuer,
          audience,
          algorithms: ['RS256'],
          typ: 'at+jwt',
          requiredClaims: ['exp', 'sub'],
          clockTolerance: 0,
        });
        who = String(payload.sub);
        credential = match[1]!;
      } catch {
        stats.rejected++;
        return answer(
          401,
          { error: 'invalid_token' },
          {
            'www-authenticate': 'Bearer error="invalid_token"',
          },
        );
      }
    } else if (url.pathname === '/key') {
      credential = String(req.headers['x-api-key'] ?? '');
      who = canaryOwner(secret, credential);
      if (who === undefined) {
        stats.rejected++;
        return answer(401, { error: 'invalid_key' });
      }
    } else {
      return answer(404, { error: 'not_found' });
    }
    if (who !== claimed) stats.mixups++;
    record(credential, who);
    if (seenCalls.has(call)) stats.duplicates++;
    else seenCalls.add(call);
    answer(200, { user: who, credential: fingerprint(credential), call });
  })().catch(() => {
    if (!res.headersSent) res.writeHead(500);
    res.end();
  });
});
server.keepAliveTimeout = 30_000;

process.on('message', (message: { type: string; [k: string]: unknown }) => {
  if (message.type === 'configure') {
    issuer = String(message['issuer']);
    audience = String(message['audience']);
    jwks = createRemoteJWKSet(new URL(String(message['jwksUri'])), { cooldownDuration: 1000 });
    process.send?.({ type: 'configured' });
  } else if (message.type === 'slow') {
    slowMs = Number(message['ms']);
  } else if (message.type === 'stats') {
    process.send?.({
      type: 'stats',
      stats: { ...stats, users: new Set(ownerOf.values()).size },
      sample: sampleSelf(),
    });
  } else if (message.type === 'sample') {
    process.send?.({ type: 'sample', sample: sampleSelf() });
  }
});

server.listen(Number(env['PORT'] ?? 0), '127.0.0.1', () => {
  process.send?.({ type: 'ready', port: (server.address() as AddressInfo).port });
});
