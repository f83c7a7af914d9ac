import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { runGenerateCommand } from './generate.js';

const KITCHEN_SINK = resolve(
  fileURLToPath(import.meta.url),
  '../../../../manifest/test/fixtures/valid/kitchen-sink.yaml',
);
const dirs: string[] = [];
afterAll(async () => {
  for (const d of dirs) await rm(d, { recursive: true, force: true });
});

async function run(args: string[], cwd: string) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await runGenerateCommand(args, {
    cwd,
    stdout: (l) => out.push(l),
    stderr: (l) => err.push(l),
  });
  return { code, out: out.join('\n'), err: err.join('\n') };
}

describe('toolscope generate', () => {
  it('generates, checks, reports drift with exit 1, and dry-runs without writing', async () => {
    const cwd = await mkdtemp(join(tmpdir(), 'toolscope-gen-'));
    dirs.push(cwd);
    await writeFile(
      join(cwd, 'toolscope.config.json'),
      JSON.stringify({ manifests: [KITCHEN_SINK], out: 'gen', scope: '@acme' }),
    );
    const first = await run(['--profile'], cwd);
    expect(first.code).toBe(0);
    expect(first.out).toContain('kitchen-sink: 10 tools');
    expect(first.out).toMatch(/profile: load [\d.]+ms {2}validate [\d.]+ms {2}plan/);
    const pkg = JSON.parse(
      await readFile(join(cwd, 'gen/kitchen-sink-client/package.json'), 'utf8'),
    );
    expect(pkg.name).toBe('@acme/kitchen-sink-client');
    expect(pkg.version).toBe('2.1.0-rc.1+build.7');

    expect((await run(['--check', '--quiet'], cwd)).code).toBe(0);

    const client = join(cwd, 'gen/kitchen-sink-client/src/client.ts');
    await writeFile(client, '// hand edit\n');
    const check = await run(['--check', '--quiet'], cwd);
    expect(check.code).toBe(1);
    expect(check.err).toContain('drift: kitchen-sink-client/src/client.ts');

    const dry = await run(['--dry-run', '--quiet'], cwd);
    expect(dry.code).toBe(0);
    expect(dry.out).toContain('would write kitchen-sink-client/src/client.ts');
    expect(await readFile(client, 'utf8')).toBe('// hand edit\n');

    const scoped = await run(['--scope', '@other', '--out', 'elsewhere', '--quiet'], cwd);
    expect(scoped.code).toBe(0);
    const other = JSON.parse(
      await readFile(join(cwd, 'elsewhere/kitchen-sink-server/package.json'), 'utf8'),
    );
    expect(other.name).toBe('@other/kitchen-sink-server');
  }, 60_000);

  it('prints diagnostics and exits 1 for a broken manifest', async () => {
    const cwd = await mkdtemp(join(tmpdir(), 'toolscope-gen-'));
    dirs.push(cwd);
    await writeFile(join(cwd, 'bad.yaml'), 'toolset: bad\nversion: 1.0.0\ntools: 3\n');
    const result = await run(['bad.yaml', '--out', 'gen'], cwd);
    expect(result.code).toBe(1);
    expect(result.err).toContain('bad.yaml');
  });

  it('loads a toolscope.config.ts with defineConfig', async () => {
    const cwd = await mkdtemp(join(tmpdir(), 'toolscope-gen-'));
    dirs.push(cwd);
    await writeFile(
      join(cwd, 'toolscope.config.ts'),
      `const scope: string = '@typed';\nexport default { manifests: [${JSON.stringify(KITCHEN_SINK)}], out: 'gen', scope };\n`,
    );
    const result = await run(['--dry-run', '--quiet'], cwd);
    expect(result.err).toBe('');
    expect(result.code).toBe(0);
    expect(result.out).toContain('would write kitchen-sink-docs/tools.json');
  });

  it('a subset `generate manifests/one.yaml` leaves every other toolset untouched', async () => {
    const cwd = await mkdtemp(join(tmpdir(), 'toolscope-gen-'));
    dirs.push(cwd);
    await mkdir(join(cwd, 'manifests'));
    const one = (name: string) =>
      `toolset: ${name}\nversion: 1.0.0\ntitle: ${name}\ntools:\n  ${name}_ping:\n    title: Ping\n    description: Pong.\n    authorization: none\n    input: { type: object }\n`;
    await writeFile(join(cwd, 'manifests/alpha.yaml'), one('alpha'));
    await writeFile(join(cwd, 'manifests/beta.yaml'), one('beta'));
    await writeFile(join(cwd, 'toolscope.config.json'), JSON.stringify({ out: 'gen' }));
    const all = await run([], cwd);
    expect(all.code).toBe(0);
    expect(all.out).toContain('alpha: 1 tool, ');
    const beta = join(cwd, 'gen/beta-client/src/index.ts');
    const before = await readFile(beta, 'utf8');

    const subset = await run(['manifests/alpha.yaml'], cwd);
    expect(subset.err).toBe('');
    expect(subset.code).toBe(0);
    expect(subset.out).toContain('remove 0,');
    expect(await readFile(beta, 'utf8')).toBe(before);
    const check = await run(['--check', '--quiet', 'manifests/alpha.yaml'], cwd);
    expect(check.code).toBe(0);
    // The whole project still agrees with the disk.
    expect((await run(['--check', '--quiet'], cwd)).code).toBe(0);
  });

  it('--build compiles the changed packages with their own typescript, and names one that fails', async () => {
    // Inside the repo (git-ignored .tmp/) so the client finds typescript and
    // @toolscope/core from here. The server package finds a stand-in
    // @toolscope/server in the project's own node_modules that exports none of
    // the runtime's names, so it cannot compile: the failure path, for real.
    const cwd = join(fileURLToPath(import.meta.url), '../../../.tmp/build');
    await rm(cwd, { recursive: true, force: true });
    await mkdir(join(cwd, 'manifests'), { recursive: true });
    dirs.push(cwd);
    const standIn = join(cwd, 'node_modules/@toolscope/server');
    await mkdir(standIn, { recursive: true });
    await writeFile(
      join(standIn, 'package.json'),
      JSON.stringify({
        name: '@toolscope/server',
        version: '0.0.0',
        type: 'module',
        exports: { './v2/register': { types: './empty.d.ts', default: './empty.js' } },
      }),
    );
    await writeFile(join(standIn, 'empty.d.ts'), 'export {};\n');
    await writeFile(join(standIn, 'empty.js'), 'export {};\n');
    await writeFile(
      join(cwd, 'manifests/solo.yaml'),
      'toolset: solo\nversion: 1.0.0\ntitle: Solo\ntools:\n  solo_ping:\n    title: Ping\n    description: Pong.\n    authorization: none\n    input: { type: object }\n',
    );
    await writeFile(join(cwd, 'toolscope.config.json'), JSON.stringify({ out: 'gen' }));
    const first = await run(['--build', '--quiet'], cwd);
    expect(first.out).toContain('built gen/solo-client');
    expect(first.err).toMatch(/build: gen\/solo-server failed:\n.*@toolscope\/server/s);
    expect(first.code).toBe(1);
    await readFile(join(cwd, 'gen/solo-client/dist/index.js'), 'utf8');
    // Nothing changed for the client: it is not compiled again.
    const again = await run(['--build', '--quiet'], cwd);
    expect(again.out).not.toContain('built gen/solo-client');
  }, 60_000);

  it("--watch re-generates when a template in the config's templates folder changes", async () => {
    const cwd = await mkdtemp(join(tmpdir(), 'toolscope-watch-'));
    dirs.push(cwd);
    await mkdir(join(cwd, 'templates'));
    await writeFile(join(cwd, 'templates', 'llms.txt.hbs'), 'first {{name}}\n');
    await writeFile(
      join(cwd, 'toolscope.config.json'),
      JSON.stringify({ manifests: [KITCHEN_SINK], out: 'gen', templates: 'templates' }),
    );
    const llms = join(cwd, 'gen/kitchen-sink-docs/llms.txt');
    const stop = new AbortController();
    const out: string[] = [];
    const watching = runGenerateCommand(['--watch', '--quiet'], {
      cwd,
      stdout: (l) => out.push(l),
      stderr: (l) => out.push(l),
      signal: stop.signal,
    });
    const until = async (ok: () => Promise<boolean>) => {
      for (let i = 0; i < 600 && !(await ok()); i++) await new Promise((r) => setTimeout(r, 50));
    };
    const reads = () => readFile(llms, 'utf8').catch(() => '');
    await until(async () => out.some((l) => l.startsWith('watching')));
    expect(await reads()).toBe('first kitchen-sink\n');
    await writeFile(join(cwd, 'templates', 'llms.txt.hbs'), 'second {{name}}\n');
    await until(async () => (await reads()) === 'second kitchen-sink\n');
    stop.abort();
    expect(await watching).toBe(0);
    expect(await reads()).toBe('second kitchen-sink\n');
  }, 90_000);
});
