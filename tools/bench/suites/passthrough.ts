// A declarative HTTP tool (the manifest's `http` mapping, no handler) next to a
// hand-written handler doing the same ctx.fetch, both in-process with the official
// SDK Client over InMemoryTransport, both calling the same loopback upstream with
// the caller's API key. The upstream round trip is in both; the difference is the
// mapping's cost (building the request, the capped read, the pointer, the checks).
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { performance } from 'node:perf_hooks';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { InMemoryTransport } from '@modelcontextprotocol/sdk/inMemory.js';
import { Server } from '@modelcontextprotocol/sdk/server/index.js';
import type { ToolDefinition } from '@toolscope/core';
import { registerTools, type TokenToolContext } from '@toolscope/server/v1';

const CALLS = Number(process.env['BENCH_CALLS'] ?? 1000);
const ROUNDS = Number(process.env['BENCH_ROUNDS'] ?? 5);
const KEY = 'bench-department-key';

const order = {
  id: 'o-1',
  status: 'pending',
  customerId: 'c-1',
  lines: [{ sku: 'SKU-0001', quantity: 2, unitPriceCents: 1000 }],
  totalCents: 2000,
};
const upstream = createServer((req, res) => {
  if (req.headers['x-api-key'] !== KEY) {
    res.writeHead(401).end();
    return;
  }
  const id = decodeURIComponent((req.url ?? '').split('?')[0]?.split('/').at(-1) ?? '');
  const body = JSON.stringify({ order: { ...order, id } });
  res.writeHead(200, {
    'content-type': 'application/json',
    'content-length': Buffer.byteLength(body),
  });
  res.end(body);
});
await new Promise<void>((r) => upstream.listen(0, '127.0.0.1', r));
const resource = `http://127.0.0.1:${(upstream.address() as AddressInfo).port}/api/v1`;

const definition: ToolDefinition = {
  name: 'orders_getOrder',
  inputSchema: {
    type: 'object',
    properties: { orderId: { type: 'string' }, expand: { type: 'boolean' } },
    required: ['orderId'],
  },
  outputSchema: {
    type: 'object',
    properties: {
      order: {
        type: 'object',
        properties: { id: { type: 'string' }, status: { type: 'string' } },
        required: ['id', 'status'],
      },
    },
    required: ['order'],
  },
  requirement: {
    method: 'apiKey',
    provider: { id: 'orders', resource, headerName: 'X-Api-Key' },
  },
  http: { method: 'GET', path: '/orders/{orderId}', query: { expand: 'expand' } },
};
const providers = {
  orders: { id: 'orders', type: 'apiKey' as const, resource, headerName: 'X-Api-Key' },
};

/** What a team writes by hand for the same tool: the same request through ctx.fetch. */
async function handWritten(
  input: { orderId: string; expand?: boolean },
  ctx: TokenToolContext<'apiKey'>,
): Promise<unknown> {
  const query = input.expand === undefined ? '' : `?expand=${input.expand}`;
  const response = await ctx.fetch(`orders/${encodeURIComponent(input.orderId)}${query}`, {
    headers: { accept: 'application/json' },
    signal: ctx.signal,
  });
  if (!response.ok) {
    await response.body?.cancel();
    throw new Error(`The upstream answered HTTP ${response.status}.`);
  }
  return response.json();
}

async function connected(declarative: boolean): Promise<Client> {
  const server = new Server({ name: 'bench', version: '1.0.0' }, { capabilities: {} });
  registerTools(server, [declarative ? { definition } : { definition, handler: handWritten }], {
    providers,
  });
  const [a, b] = InMemoryTransport.createLinkedPair();
  await server.connect(a);
  const client = new Client({ name: 'bench', version: '1.0.0' });
  await client.connect(b);
  return client;
}

type Name = 'hand' | 'declarative';

/** One call, timed. */
async function timedCall(client: Client, i: number): Promise<number> {
  const start = performance.now();
  const result = await client.callTool({
    name: 'orders_getOrder',
    arguments: { orderId: `o-${i}`, expand: true },
    _meta: { authorization: { method: 'apiKey', token: KEY } },
  });
  const elapsed = performance.now() - start;
  if (result.isError) throw new Error(`call failed: ${JSON.stringify(result.content)}`);
  return elapsed;
}

/**
 * One round: CALLS calls of each, interleaved call by call (the order flipping
 * every call), so load from other processes on a shared machine falls on both
 * alike. Returns calls per second of each.
 */
async function round(clients: Record<Name, Client>): Promise<Record<Name, number>> {
  const spent: Record<Name, number> = { hand: 0, declarative: 0 };
  for (let i = 0; i < CALLS; i++) {
    const pair: Name[] = i % 2 === 0 ? ['hand', 'declarative'] : ['declarative', 'hand'];
    for (const name of pair) spent[name] += await timedCall(clients[name], i);
  }
  return { hand: CALLS / (spent.hand / 1000), declarative: CALLS / (spent.declarative / 1000) };
}

const clients: Record<Name, Client> = {
  hand: await connected(false),
  declarative: await connected(true),
};
await round(clients); // warm-up: JIT, keep-alive connections, compiled schemas

const rates: Record<Name, number[]> = { hand: [], declarative: [] };
const ratios: number[] = [];
for (let r = 0; r < ROUNDS; r++) {
  (globalThis as { gc?: () => void }).gc?.();
  const rate = await round(clients);
  rates.hand.push(rate.hand);
  rates.declarative.push(rate.declarative);
  ratios.push(rate.declarative / rate.hand);
}
const median = (xs: readonly number[]) =>
  [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? 0;
console.log(
  `${CALLS} calls of each per round, interleaved call by call, ${ROUNDS} rounds; loopback upstream with keep-alive`,
);
console.log('| scenario | median calls/s | best calls/s | median vs hand-written (paired) |');
console.log('|---|---:|---:|---:|');
console.log(
  `| hand-written handler, same ctx.fetch (baseline) | ${Math.round(median(rates.hand))} | ${Math.round(Math.max(...rates.hand))} | 100.0% |`,
);
const ratio = median(ratios);
console.log(
  `| declarative http mapping, no handler | ${Math.round(median(rates.declarative))} | ${Math.round(Math.max(...rates.declarative))} | ${(ratio * 100).toFixed(1)}% |`,
);
const cost = 1 / ratio - 1;
console.log(
  `target: the passthrough costs ≤ 5% over the hand-written handler: ${(cost * 100).toFixed(1)}% more time per call (median of paired rounds) ${cost <= 0.05 ? 'ok' : 'MISSED'}`,
);
upstream.close();
await clients.hand.close();
await clients.declarative.close();
