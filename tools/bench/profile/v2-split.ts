// Profiles the in-process v2 scenarios in ONE process, as the server-v2 suite runs them
// (not a suite: run by hand), and splits the CPU samples by scenario:
//   node --expose-gc --import tsx tools/bench/profile/v2-split.ts [rounds] [scenarios]
//   scenarios: a comma list of bare, none, opaque, jwt (default bare,opaque,jwt,bare)
// Every server is built and warmed first, as in the suite; then each round runs one block
// of PROFILE_BLOCK calls (default 300) per scenario, in a rotating order, each block under
// its own CPU profile (started and stopped outside the block). Samples are summed per
// scenario, so two servers that share the SDK's code in one V8 are compared on the same
// footing: busy samples per 1,000 calls, the self time of the functions that differ most
// from the first scenario, and the samples owned by toolscope's own files.
import { Session } from 'node:inspector/promises';
import type { Client } from '@modelcontextprotocol/client';
import { bareServer, connected, startJwks, toolscopeServer } from '../lib/v2-servers.js';

type Name = 'bare' | 'none' | 'opaque' | 'jwt';
const ROUNDS = Number(process.argv[2] ?? 60);
const names = (process.argv[3] ?? 'bare,opaque,jwt,bare').split(',') as Name[];
const BLOCK = Number(process.env['PROFILE_BLOCK'] ?? 300);
const jwks = await startJwks();
const token = await jwks.signToken();

const run = async (client: Client, withToken: boolean, calls: number) => {
  for (let i = 0; i < calls; i++) {
    const r = await client.callTool({
      name: 'work',
      arguments: { n: i },
      ...(withToken ? { _meta: { authorization: { method: 'oauth2', token } } } : {}),
    });
    if (r.isError) throw new Error(`the call failed: ${JSON.stringify(r.content)}`);
  }
};
const scenarios: { label: string; client: Client; withToken: boolean }[] = [];
for (const [i, name] of names.entries()) {
  const client = await connected(
    name === 'bare' ? bareServer() : toolscopeServer(name, jwks.jwksUri),
  );
  await run(client, name !== 'none', 2000);
  scenarios.push({ label: `${i}:${name}`, client, withToken: name !== 'none' });
}

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  children?: number[];
}
interface Profile {
  nodes: ProfileNode[];
  samples: number[];
}
const session = new Session();
session.connect();
await session.post('Profiler.enable');
await session.post('Profiler.setSamplingInterval', { interval: 100 });
const own = /\/packages\/[^/]+\/(dist|src)\//;
const key = (n: ProfileNode) =>
  `${n.callFrame.functionName || '(anon)'} ${n.callFrame.url.split('/').slice(-2).join('/')}:${n.callFrame.lineNumber}`;
const selfBy = scenarios.map(() => new Map<string, number>());
const ownedBy = scenarios.map(() => new Map<string, number>());
const busy = scenarios.map(() => 0);
const calls = scenarios.map(() => 0);
const gc = (globalThis as { gc?: () => void }).gc;
for (let round = 0; round < ROUNDS; round++) {
  for (let k = 0; k < scenarios.length; k++) {
    const j = (k + round) % scenarios.length;
    const s = scenarios[j] as (typeof scenarios)[number];
    gc?.();
    await session.post('Profiler.start');
    await run(s.client, s.withToken, BLOCK);
    const { profile } = (await session.post('Profiler.stop')) as unknown as { profile: Profile };
    calls[j] = (calls[j] ?? 0) + BLOCK;
    const byId = new Map(profile.nodes.map((n) => [n.id, n]));
    const parent = new Map<number, number>();
    for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
    for (const id of profile.samples) {
      const n = byId.get(id) as ProfileNode;
      const fn = n.callFrame.functionName;
      if (fn === '(idle)' || fn === '(program)' || fn === '(root)') continue;
      busy[j] = (busy[j] ?? 0) + 1;
      const m = selfBy[j] as Map<string, number>;
      m.set(key(n), (m.get(key(n)) ?? 0) + 1);
      let cur: number | undefined = id;
      while (cur !== undefined && !byId.get(cur)?.callFrame.url.startsWith('file://')) {
        cur = parent.get(cur);
      }
      const owner = cur === undefined ? undefined : byId.get(cur);
      if (owner !== undefined && own.test(owner.callFrame.url)) {
        const o = ownedBy[j] as Map<string, number>;
        o.set(key(owner), (o.get(key(owner)) ?? 0) + 1);
      }
    }
  }
}
await session.post('Profiler.disable');
const per1k = (j: number) => ((busy[j] ?? 0) / (calls[j] ?? 1)) * 1000;
console.log(
  `${ROUNDS} rounds of ${BLOCK}-call blocks, 100 µs sampling; busy samples (not idle, not (program)) per 1,000 calls:`,
);
for (const [j, s] of scenarios.entries()) {
  const owned = [...(ownedBy[j] as Map<string, number>).values()].reduce((a, b) => a + b, 0);
  console.log(
    `  ${s.label.padEnd(10)} ${per1k(j).toFixed(0).padStart(6)}  (${((per1k(j) / per1k(0)) * 100).toFixed(1)}% of ${scenarios[0]?.label}; toolscope's own files ${((owned / (busy[j] ?? 1)) * 100 || 0).toFixed(1)}%)`,
  );
}
const base = selfBy[0] as Map<string, number>;
for (const [j, s] of scenarios.entries()) {
  if (j === 0) continue;
  const m = selfBy[j] as Map<string, number>;
  const keys = new Set([...base.keys(), ...m.keys()]);
  const scale = (calls[0] ?? 1) / (calls[j] ?? 1);
  const diffs = [...keys]
    .map((k) => [k, (m.get(k) ?? 0) * scale - (base.get(k) ?? 0)] as const)
    .sort((a, b) => b[1] - a[1]);
  console.log(
    `-- ${s.label} against ${scenarios[0]?.label}: self samples per 1,000 calls, largest differences --`,
  );
  for (const [k, d] of [...diffs.slice(0, 14), ...diffs.slice(-4)]) {
    console.log(`  ${((d / (calls[0] ?? 1)) * 1000).toFixed(1).padStart(7)} ${k}`);
  }
}
for (const c of scenarios) await c.client.close();
jwks.close();
