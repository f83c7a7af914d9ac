// Summarises a V8 .cpuprofile (the largest in a folder: the main thread's): self time per function, and
// the inclusive time of the functions whose name or file matches a pattern.
//   node summarize.mjs <folder> [top N] [pattern]
import { readdirSync, readFileSync, statSync } from 'node:fs';

const dir = process.argv[2];
const file = readdirSync(dir)
  .filter((f) => f.endsWith('.cpuprofile'))
  .sort((a, b) => statSync(`${dir}/${b}`).size - statSync(`${dir}/${a}`).size)[0];
const p = JSON.parse(readFileSync(`${dir}/${file}`, 'utf8'));
const byId = new Map(p.nodes.map((n) => [n.id, n]));
const self = new Map();
const counts = new Map();
for (const s of p.samples) counts.set(s, (counts.get(s) ?? 0) + 1);
// Percentages are of the busy samples: (idle) — the event loop waiting — is left out.
const idle = new Set(p.nodes.filter((n) => n.callFrame.functionName === '(idle)').map((n) => n.id));
const total = p.samples.filter((s) => !idle.has(s)).length;
const parent = new Map();
for (const n of p.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
const key = (n) =>
  `${n.callFrame.functionName || '(anon)'} ${n.callFrame.url.split('/').slice(-2).join('/')}:${n.callFrame.lineNumber}`;
const incl = new Map();
for (const [id, c] of counts) {
  if (idle.has(id)) continue;
  const n = byId.get(id);
  self.set(key(n), (self.get(key(n)) ?? 0) + c);
  const seen = new Set();
  let cur = id;
  while (cur !== undefined) {
    const k = key(byId.get(cur));
    if (!seen.has(k)) {
      seen.add(k);
      incl.set(k, (incl.get(k) ?? 0) + c);
    }
    cur = parent.get(cur);
  }
}
const top = (m, n) =>
  [...m]
    .sort((a, b) => b[1] - a[1])
    .slice(0, n)
    .map(([k, v]) => `${((v / total) * 100).toFixed(1).padStart(5)}% ${k}`)
    .join('\n');
console.log(
  `busy samples ${total} of ${p.samples.length}\n-- self --\n${top(self, Number(process.argv[3] ?? 25))}`,
);
const filt = process.argv[4];
if (filt)
  console.log(
    `-- inclusive matching ${filt} --\n${top(new Map([...incl].filter(([k]) => new RegExp(filt).test(k))), 30)}`,
  );

// Whose code a sample is: the nearest frame on its stack that comes from a file (file://),
// so a builtin (a RegExp, crypto.hash, a Map method, node:internal) counts for the code
// that called it. With BENCH_OWN=<pattern> (default: this repository's packages/), the
// samples owned by matching files are listed by that owning function, with their total.
const ownPattern = new RegExp(process.env['BENCH_OWN'] ?? '/packages/[^/]+/(dist|src)/');
const owned = new Map();
let ownedTotal = 0;
for (const [id, c] of counts) {
  if (idle.has(id)) continue;
  let cur = id;
  while (cur !== undefined && !byId.get(cur).callFrame.url.startsWith('file://'))
    cur = parent.get(cur);
  if (cur === undefined) continue;
  const n = byId.get(cur);
  if (!ownPattern.test(n.callFrame.url)) continue;
  owned.set(key(n), (owned.get(key(n)) ?? 0) + c);
  ownedTotal += c;
}
console.log(
  `-- owned by ${ownPattern.source} (builtins counted for their caller): ${((ownedTotal / total) * 100).toFixed(1)}% --\n${top(owned, 30)}`,
);
