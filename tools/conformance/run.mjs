#!/usr/bin/env node
// `pnpm conformance`: runs the official MCP conformance suite
// (@modelcontextprotocol/conformance, pinned in ./suite/package.json) with
// `--requirements 2026-07-28` and `--requirements 2025-11-25` against the
// conformance server (apps/conformance-server) and the demo server
// (apps/demo --serve), prints a summary, and exits 1 on any scored failure.
//
// The suite needs Node >= 22: ./suite pins a Node 24 from the npm registry
// (the `node` package) beside it, installed with `npm ci` on first use. The
// servers run on this script's Node unless --server-node says otherwise.
//
//   node tools/conformance/run.mjs [--only conformance|demo]
//     [--requirements 2026-07-28,2025-11-25] [--server-node <node binary>]
//     [--keep-results]
//
// Expects a build (the root script `pnpm conformance` builds first).
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

const here = path.dirname(fileURLToPath(import.meta.url));
const root = path.resolve(here, '../..');
const suiteDir = path.join(here, 'suite');
const REVISIONS = ['2026-07-28', '2025-11-25'];
const RUN_TIMEOUT_MS = 240_000;
const START_TIMEOUT_MS = 60_000;
const KILL_GRACE_MS = 5_000;

/**
 * What each target must pass. `all`: every scenario the revision scores.
 * For the demo server (a product server, not a test fixture) the issue
 * requires these scenarios of 2026-07-28; every other result is reported.
 */
const TARGETS = {
  conformance: {
    script: 'apps/conformance-server/dist/main.js',
    args: [],
    url: /conformance server: (http:\/\/\S+)/,
    gate: { '2026-07-28': 'all', '2025-11-25': 'all' },
  },
  demo: {
    script: 'apps/demo/dist/main.js',
    args: ['--serve', '--conformance-probes'],
    url: /MCP server\s+(http:\/\/\S+\/mcp)\b/,
    gate: {
      '2026-07-28': ['server-stateless', 'tools-list', 'dns-rebinding-protection', 'caching'],
      '2025-11-25': [],
    },
  },
};

function fail(message) {
  process.stderr.write(`conformance: ${message}\n`);
  process.exit(2);
}

function options() {
  let parsed;
  try {
    parsed = parseArgs({
      options: {
        only: { type: 'string' },
        requirements: { type: 'string' },
        'server-node': { type: 'string' },
        'keep-results': { type: 'boolean', default: false },
      },
    }).values;
  } catch (error) {
    fail(
      `${error.message}\n  usage: node tools/conformance/run.mjs [--only conformance|demo] [--requirements 2026-07-28,2025-11-25] [--server-node <node>] [--keep-results]`,
    );
  }
  const targets = parsed.only === undefined ? Object.keys(TARGETS) : [parsed.only];
  for (const target of targets) {
    if (!(target in TARGETS))
      fail(`--only must be one of ${Object.keys(TARGETS).join(', ')}, got "${target}"`);
  }
  const revisions = parsed.requirements === undefined ? REVISIONS : parsed.requirements.split(',');
  for (const revision of revisions) {
    if (!REVISIONS.includes(revision))
      fail(`--requirements takes ${REVISIONS.join(', ')}, got "${revision}"`);
  }
  const serverNode = parsed['server-node'] ?? process.execPath;
  if (!existsSync(serverNode)) fail(`--server-node: no such file: ${serverNode}`);
  return { targets, revisions, serverNode, keep: parsed['keep-results'] };
}

/** The pinned suite and Node 24, installed into ./suite with `npm ci` when missing or stale. */
function ensureSuite() {
  const wanted = JSON.parse(readFileSync(path.join(suiteDir, 'package.json'), 'utf8')).dependencies;
  const installed = (name) => {
    const file = path.join(suiteDir, 'node_modules', name, 'package.json');
    return existsSync(file) ? JSON.parse(readFileSync(file, 'utf8')).version : undefined;
  };
  const node = path.join(suiteDir, 'node_modules', '.bin', 'node');
  const cli = path.join(
    suiteDir,
    'node_modules',
    '@modelcontextprotocol',
    'conformance',
    'dist',
    'index.js',
  );
  const fresh =
    existsSync(node) &&
    existsSync(cli) &&
    installed('node') === wanted.node &&
    installed('@modelcontextprotocol/conformance') === wanted['@modelcontextprotocol/conformance'];
  if (!fresh) {
    process.stdout.write(
      `conformance: installing the suite and Node ${wanted.node} into ${path.relative(root, suiteDir)} (npm ci)\n`,
    );
    const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
    const result = spawnSync(npm, ['ci', '--no-audit', '--no-fund', '--loglevel=error'], {
      cwd: suiteDir,
      stdio: 'inherit',
      timeout: 300_000,
    });
    if (result.status !== 0)
      fail(`npm ci in ${suiteDir} failed (exit ${result.status ?? result.signal})`);
  }
  const version = spawnSync(node, ['--version'], { encoding: 'utf8' }).stdout?.trim();
  if (!version?.startsWith('v24.')) fail(`${node} is not Node 24 (it says "${version}")`);
  return { node, cli, version };
}

const running = new Set();
let interrupted = false;

/** SIGTERM, then SIGKILL after the grace period; resolves when the child has exited. */
function stop(child) {
  running.delete(child);
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const timer = setTimeout(() => child.kill('SIGKILL'), KILL_GRACE_MS);
    child.once('exit', () => {
      clearTimeout(timer);
      resolve();
    });
    child.kill('SIGTERM');
  });
}

async function stopAll() {
  await Promise.all([...running].map(stop));
}

/** Starts a target server and resolves with its MCP URL once it printed it. */
function startTarget(name, target, serverNode) {
  const script = path.join(root, target.script);
  if (!existsSync(script))
    fail(`${target.script} is missing: build first (pnpm conformance builds it)`);
  const child = spawn(serverNode, [script, ...target.args], {
    cwd: root,
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, NO_COLOR: '1' },
  });
  running.add(child);
  let output = '';
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      reject(
        new Error(`${name} server printed no MCP URL within ${START_TIMEOUT_MS} ms:\n${output}`),
      );
    }, START_TIMEOUT_MS);
    const onData = (chunk) => {
      output += chunk.toString('utf8');
      const match = target.url.exec(output);
      if (match !== null) {
        clearTimeout(timer);
        resolve({ child, url: match[1] });
      }
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', (chunk) => {
      output += chunk.toString('utf8');
    });
    child.once('exit', (code, signal) => {
      clearTimeout(timer);
      reject(
        new Error(`${name} server exited (${code ?? signal}) before it was ready:\n${output}`),
      );
    });
  });
}

/** Runs the suite once; resolves with its exit code and output. */
function runSuite(suite, url, revision, outDir) {
  return new Promise((resolve) => {
    const child = spawn(
      suite.node,
      [suite.cli, 'server', '--url', url, '--requirements', revision, '-o', outDir],
      { cwd: outDir, stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, NO_COLOR: '1' } },
    );
    running.add(child);
    let output = '';
    child.stdout.on('data', (chunk) => {
      output += chunk.toString('utf8');
    });
    child.stderr.on('data', (chunk) => {
      output += chunk.toString('utf8');
    });
    const timer = setTimeout(() => {
      output += `\n(conformance: the suite ran longer than ${RUN_TIMEOUT_MS} ms and was stopped)\n`;
      void stop(child);
    }, RUN_TIMEOUT_MS);
    child.once('exit', (code, signal) => {
      clearTimeout(timer);
      running.delete(child);
      resolve({ code: code ?? (signal === null ? 1 : 128), output });
    });
  });
}

/** Per scenario: its checks' counts, from the suite's results folders. */
function readResults(outDir) {
  const scenarios = new Map();
  for (const entry of readdirSync(outDir, { withFileTypes: true })) {
    if (!entry.isDirectory()) continue;
    const match = /^server-(.+)-\d{4}-\d\d-\d\dT[\d-]+Z$/.exec(entry.name);
    const file = path.join(outDir, entry.name, 'checks.json');
    if (match === null || !existsSync(file)) continue;
    const checks = JSON.parse(readFileSync(file, 'utf8'));
    const count = (status) => checks.filter((c) => c.status === status).length;
    scenarios.set(match[1], {
      passed: count('SUCCESS'),
      failed: count('FAILURE'),
      warnings: count('WARNING'),
      failures: checks
        .filter((c) => c.status === 'FAILURE')
        .map((c) => `${c.id}: ${(c.errorMessage ?? '').slice(0, 200)}`),
    });
  }
  return scenarios;
}

/** Scenario names the suite ran without scoring, from its own report. */
function notScored(output) {
  const section = output.split(/Not scored for [^:]+:/)[1];
  if (section === undefined) return new Set();
  return new Set([...section.matchAll(/^\s+[✓✗]\s+(\S+)\s+\(/gmu)].map((m) => m[1]));
}

function judge(target, revision, run, scenarios) {
  const unscored = notScored(run.output);
  const gate = target.gate[revision];
  const gated = gate === 'all' ? [...scenarios.keys()].filter((s) => !unscored.has(s)) : gate;
  const problems = [];
  for (const name of gated) {
    const result = scenarios.get(name);
    if (result === undefined) problems.push(`${name}: did not run`);
    else if (result.failed > 0) problems.push(...result.failures.map((f) => `${name} ${f}`));
  }
  // The suite's own verdict counts for every scenario it scores.
  if (gate === 'all' && run.code !== 0 && problems.length === 0) {
    problems.push(`the suite exited ${run.code}:\n${run.output.slice(-2000)}`);
  }
  return { gated: new Set(gated), unscored, problems };
}

function report(name, revision, scenarios, verdict) {
  const lines = [`\n${name} server, --requirements ${revision}:`];
  for (const [scenario, r] of [...scenarios].sort(([a], [b]) => (a < b ? -1 : 1))) {
    const role = verdict.gated.has(scenario)
      ? 'required'
      : verdict.unscored.has(scenario)
        ? 'not scored'
        : 'reported';
    const mark = r.failed > 0 ? 'FAIL' : 'pass';
    const warn = r.warnings > 0 ? `, ${r.warnings} warning(s)` : '';
    lines.push(
      `  ${mark}  ${scenario.padEnd(48)} ${r.passed} passed, ${r.failed} failed${warn}  [${role}]`,
    );
  }
  for (const problem of verdict.problems) lines.push(`  ✗ ${problem}`);
  lines.push(
    verdict.problems.length === 0
      ? '  => ok'
      : `  => ${verdict.problems.length} required failure(s)`,
  );
  process.stdout.write(`${lines.join('\n')}\n`);
}

async function main() {
  const opts = options();
  const suite = ensureSuite();
  process.stdout.write(
    `conformance: suite on Node ${suite.version}, servers on ${opts.serverNode}\n`,
  );
  const outRoot = mkdtempSync(path.join(tmpdir(), 'toolscope-conformance-'));
  const failures = [];
  try {
    for (const name of opts.targets) {
      if (interrupted) break;
      const target = TARGETS[name];
      const { child, url } = await startTarget(name, target, opts.serverNode);
      process.stdout.write(`conformance: ${name} server at ${url}\n`);
      try {
        for (const revision of opts.revisions) {
          if (interrupted) break;
          const outDir = path.join(outRoot, `${name}-${revision}`);
          mkdirSync(outDir, { recursive: true });
          const run = await runSuite(suite, url, revision, outDir);
          if (interrupted) break;
          const scenarios = readResults(outDir);
          const verdict = judge(target, revision, run, scenarios);
          report(name, revision, scenarios, verdict);
          if (verdict.problems.length > 0) failures.push(`${name} ${revision}`);
        }
      } finally {
        await stop(child);
      }
    }
  } finally {
    await stopAll();
    if (opts.keep) process.stdout.write(`conformance: results kept in ${outRoot}\n`);
    else rmSync(outRoot, { recursive: true, force: true });
  }
  if (interrupted) {
    process.stdout.write('\nconformance: interrupted; everything it started is stopped\n');
    return 130;
  }
  process.stdout.write(
    failures.length === 0
      ? '\nconformance: every required scenario passed\n'
      : `\nconformance: required failures in ${failures.join(', ')}\n`,
  );
  return failures.length === 0 ? 0 : 1;
}

for (const signal of ['SIGINT', 'SIGTERM']) {
  process.once(signal, () => {
    // main() sees the flag, stops its children, removes its results and exits 130.
    interrupted = true;
    void stopAll();
  });
}

main().then(
  (code) => process.exit(code),
  async (error) => {
    await stopAll();
    if (interrupted) process.exit(130);
    process.stderr.write(
      `conformance: ${error instanceof Error ? error.message : String(error)}\n`,
    );
    process.exit(2);
  },
);
