// The load generator of the http suite, in its own process (the server runs in
// another): node --import tsx loadgen.ts <json options>, one JSON line out.
//
// It first makes one real call with an unmodified official client (v2 Client in
// 'auto' negotiation for the 2026-07-28 era, or in the 2025 'legacy' handshake),
// recording the exact tools/call request it sent; then it replays that request
// (a new JSON-RPC id each time) from `clients` concurrent keep-alive connections
// until `maxCalls` calls or `seconds` have passed, after a short warm-up, and
// reports calls/s with p50 and p99 latency. Every answer is checked to be a
// result, not an error.
//
// mode 'sessions': opens `sessions` official-client sessions and keeps them
// open until the parent sends 'done'. mode 'hold': sends `clients` concurrent
// calls of the `hold` tool and waits for their answers.
import { Agent, request } from 'node:http';
import { Client, StreamableHTTPClientTransport } from '@modelcontextprotocol/client';

interface Options {
  readonly url: string;
  readonly mode: 'load' | 'sessions' | 'hold';
  readonly era: 'modern' | 'legacy';
  readonly clients: number;
  readonly maxCalls: number;
  readonly seconds: number;
  readonly warmupSeconds: number;
  readonly sessions: number;
}
const o = JSON.parse(process.argv[2] ?? '{}') as Options;
const TOKEN = 'bench-opaque-token-0123456789';

interface Recorded {
  headers: Record<string, string>;
  body: { jsonrpc: '2.0'; id: number | string; method: string; params: Record<string, unknown> };
}

function client(recorded?: Recorded[]) {
  const recording = async (input: string | URL | Request, init?: RequestInit) => {
    if (recorded !== undefined && typeof init?.body === 'string') {
      const body = JSON.parse(init.body);
      if (body?.method === 'tools/call') {
        const headers: Record<string, string> = {};
        new Headers(init.headers).forEach((v, k) => {
          headers[k] = v;
        });
        recorded.push({ headers, body });
      }
    }
    return fetch(input, init);
  };
  const c = new Client(
    { name: 'bench-load', version: '1.0.0' },
    o.era === 'modern' ? { versionNegotiation: { mode: 'auto' } } : {},
  );
  const transport = new StreamableHTTPClientTransport(new URL(o.url), { fetch: recording });
  return { c, transport };
}

async function record(): Promise<Recorded> {
  const recorded: Recorded[] = [];
  const { c, transport } = client(recorded);
  await c.connect(transport);
  const era = c.getProtocolEra();
  if (era !== o.era) throw new Error(`the client negotiated the ${era} era, not ${o.era}`);
  const r = await c.callTool({
    name: 'work',
    arguments: { n: 1 },
    _meta: { authorization: { method: 'oauth2', token: TOKEN } },
  });
  if (r.isError) throw new Error(`the recorded call failed: ${JSON.stringify(r)}`);
  await c.close();
  const call = recorded.at(-1);
  if (call === undefined) throw new Error('no tools/call request was recorded');
  delete call.headers['mcp-session-id'];
  return call;
}

const agent = new Agent({ keepAlive: true, maxSockets: Math.max(1, o.clients) });
const target = new URL(o.url);

/** One request; resolves with its latency in ms, rejects on a transport or JSON-RPC error. */
function send(call: Recorded, id: number, tool = 'work'): Promise<number> {
  const body = JSON.stringify({
    ...call.body,
    id,
    params: { ...call.body.params, name: tool },
  });
  const start = performance.now();
  return new Promise((resolve, reject) => {
    const req = request(
      {
        agent,
        host: target.hostname,
        port: target.port,
        path: target.pathname,
        method: 'POST',
        headers: {
          ...call.headers,
          // The 2026-07-28 era repeats the tool name in a header, which must agree with the body.
          ...('mcp-name' in call.headers ? { 'mcp-name': tool } : {}),
          'content-length': Buffer.byteLength(body),
        },
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => {
          const text = Buffer.concat(chunks).toString('utf8');
          if (res.statusCode !== 200 || !text.includes('"result"') || text.includes('"error"')) {
            reject(new Error(`bad answer ${res.statusCode}: ${text.slice(0, 300)}`));
          } else resolve(performance.now() - start);
        });
        res.on('error', reject);
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

async function load(call: Recorded) {
  let id = 10;
  const latencies: number[] = [];
  let measuring = false;
  let stop = false;
  let calls = 0;
  const worker = async () => {
    while (!stop) {
      const ms = await send(call, id++);
      if (measuring) {
        latencies.push(ms);
        if (++calls >= o.maxCalls) stop = true;
      }
    }
  };
  const workers = Array.from({ length: o.clients }, worker);
  await new Promise((r) => setTimeout(r, o.warmupSeconds * 1000));
  measuring = true;
  const start = performance.now();
  const timer = setTimeout(() => {
    stop = true;
  }, o.seconds * 1000);
  await Promise.all(workers);
  clearTimeout(timer);
  const seconds = (performance.now() - start) / 1000;
  latencies.sort((a, b) => a - b);
  const q = (p: number) =>
    latencies[Math.min(latencies.length - 1, Math.ceil(p * latencies.length) - 1)];
  return {
    calls: latencies.length,
    seconds,
    rate: latencies.length / seconds,
    p50: q(0.5),
    p99: q(0.99),
  };
}

async function sessions() {
  const open: Client[] = [];
  for (let i = 0; i < o.sessions; i++) {
    const { c, transport } = client();
    await c.connect(transport);
    open.push(c);
  }
  process.send?.({ ready: open.length });
  await new Promise<void>((r) => process.once('message', () => r()));
  await Promise.all(open.map((c) => c.close().catch(() => undefined)));
  return { sessions: open.length };
}

let out: unknown;
if (o.mode === 'sessions') out = await sessions();
else {
  const call = await record();
  if (o.mode === 'hold') {
    await Promise.all(Array.from({ length: o.clients }, (_, i) => send(call, 100 + i, 'hold')));
    out = { held: o.clients };
  } else out = await load(call);
}
process.stdout.write(`${JSON.stringify(out)}\n`);
agent.destroy();
process.exit(0);
