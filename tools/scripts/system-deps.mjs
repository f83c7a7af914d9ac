#!/usr/bin/env node
// Checks (and with --install, installs from Debian's packages) the system
// binaries the tests need: redis-server for the vault tests, chromium for the
// browser tests, haproxy for the scale-out test (pnpm test:scale), GNU time for the
// benchmarks. Nothing is downloaded from anywhere but Debian's archive.
import { execFileSync, spawnSync } from 'node:child_process';

const needed = [
  { bin: 'redis-server', pkg: 'redis-server' },
  { bin: 'chromium', pkg: 'chromium' },
  { bin: 'haproxy', pkg: 'haproxy' },
  // GNU time: the benchmarks read a child process tree's CPU time and peak RSS from it.
  { bin: '/usr/bin/time', pkg: 'time' },
];

const has = (bin) => spawnSync('sh', ['-c', `command -v ${bin}`], { stdio: 'ignore' }).status === 0;
const missing = needed.filter((n) => !has(n.bin));

if (missing.length === 0) {
  console.log(`system-deps: ok (${needed.map((n) => n.bin).join(', ')})`);
  process.exit(0);
}

const pkgs = missing.map((m) => m.pkg);
if (!process.argv.includes('--install')) {
  console.error(
    `system-deps: missing ${missing.map((m) => m.bin).join(', ')}.\n` +
      `  hint: as root, run: apt-get update && apt-get install -y ${pkgs.join(' ')}`,
  );
  process.exit(1);
}
if (process.getuid?.() !== 0) {
  console.error(`system-deps: installing ${pkgs.join(' ')} needs root (apt-get).`);
  process.exit(1);
}
console.log(`system-deps: apt-get install ${pkgs.join(' ')}`);
const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
execFileSync('apt-get', ['update', '-q'], { stdio: 'inherit', env });
execFileSync('apt-get', ['install', '-y', '-q', '--no-install-recommends', ...pkgs], {
  stdio: 'inherit',
  env,
});
