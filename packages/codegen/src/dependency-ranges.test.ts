import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { PEER_RANGES } from './dependency-ranges.js';

const packagesDir = fileURLToPath(new URL('../../', import.meta.url));

interface Manifest {
  readonly name: string;
  readonly peerDependencies?: Record<string, string>;
  readonly devDependencies?: Record<string, string>;
}

function manifests(dir: string): Array<{ file: string; pkg: Manifest }> {
  return readdirSync(dir, { withFileTypes: true })
    .filter((entry) => entry.isDirectory())
    .flatMap((entry) => {
      const file = join(dir, entry.name, 'package.json');
      try {
        return [{ file, pkg: JSON.parse(readFileSync(file, 'utf8')) as Manifest }];
      } catch {
        return [];
      }
    });
}

const runtime = manifests(packagesDir);
const generated = manifests(join(packagesDir, 'generated'));

describe('one source of truth for peer ranges', () => {
  it('finds the packages it checks', () => {
    expect(runtime.map((m) => m.pkg.name)).toContain('@toolscope/server');
    expect(generated.length).toBeGreaterThanOrEqual(3);
  });

  for (const [dependency, { range, dev, checked }] of Object.entries(PEER_RANGES)) {
    it(`every package that peers on ${dependency} asks for ${range} (checked: ${checked})`, () => {
      const held = checked === 'all' ? [...runtime, ...generated] : generated;
      const wrong = held
        .filter(({ pkg }) => pkg.peerDependencies?.[dependency] !== undefined)
        .filter(({ pkg }) => pkg.peerDependencies?.[dependency] !== range)
        .map(({ file, pkg }) => `${file}: ${pkg.peerDependencies?.[dependency]}`);
      expect(wrong).toEqual([]);
    });

    it(`${dependency}'s dev version ${dev} is inside ${range}`, () => {
      const [major] = dev.split('.');
      expect(range).toMatch(new RegExp(`(\\^|>=)${major}\\.`));
      for (const { pkg } of generated) {
        const declared = pkg.devDependencies?.[dependency];
        if (declared !== undefined) expect(declared, pkg.name).toBe(dev);
      }
    });
  }

  it('the generated server and client packages declare the peers their runtime needs', () => {
    const servers = generated.filter(({ pkg }) => pkg.name.endsWith('-server'));
    expect(servers.length).toBeGreaterThan(0);
    for (const { pkg } of servers) {
      // This repo generates for SDK v2 (the default `sdk`).
      expect(Object.keys(pkg.peerDependencies ?? {}).sort(), pkg.name).toEqual([
        '@modelcontextprotocol/server',
        'zod',
      ]);
    }
  });
});
