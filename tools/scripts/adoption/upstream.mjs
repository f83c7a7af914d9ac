// The team's inventory service on loopback: prints "listening <origin>", and
// appends each request it receives (method, URL, the credential headers) as
// one JSON line to the file named by argv[2], so the adoption test can check
// exactly what reached it.
import { appendFileSync } from 'node:fs';
import { createServer } from 'node:http';

const log = process.argv[2];
if (log === undefined) throw new Error('usage: upstream.mjs <requests.jsonl>');

const server = createServer((req, res) => {
  const seen = {
    method: req.method,
    url: req.url,
    authorization: req.headers.authorization ?? null,
    key: req.headers['x-inventory-key'] ?? null,
  };
  appendFileSync(log, `${JSON.stringify(seen)}\n`);
  const json = (status, body) =>
    res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
  const url = new URL(req.url ?? '/', 'http://upstream.invalid');
  if (url.pathname === '/v1/items' && seen.authorization?.startsWith('Bearer ')) {
    const limit = Number(url.searchParams.get('limit') ?? '3');
    json(200, { items: ['bolt', 'nut', 'washer'].slice(0, limit) });
  } else if (url.pathname.startsWith('/v1/codes/') && seen.key !== null) {
    json(200, { code: decodeURIComponent(url.pathname.slice('/v1/codes/'.length)), found: true });
  } else json(401, { error: 'no credential' });
});
server.listen(0, '127.0.0.1', () => {
  console.log(`listening http://127.0.0.1:${server.address().port}`);
});
process.on('SIGTERM', () => server.close(() => process.exit(0)));
