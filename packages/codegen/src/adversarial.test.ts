import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { typeErrors } from '../test/compile.js';
import { freshDir, generatorFor, snapshotTree } from '../test/harness.js';

const ADVERSARIAL = fileURLToPath(new URL('../test/fixtures/adversarial.yaml', import.meta.url));

describe('an adversarial manifest', () => {
  it('generates code that compiles and declares nothing it should not', async () => {
    const out = await freshDir('adversarial');
    await generatorFor([ADVERSARIAL], out).run();
    const errors = typeErrors([join(out, 'adversarial-server'), join(out, 'adversarial-client')]);
    expect(errors).toEqual([]);
    const tree = await snapshotTree(out);
    for (const [path, text] of tree) {
      if (!path.endsWith('.ts')) continue;
      // The injected statement stays inside a string or a comment.
      expect(text).not.toMatch(/^\s*export const pwned/m);
      expect(text).not.toMatch(/\u2028|\u2029/);
    }
  }, 60_000);

  it('escapes HTML and keeps Vue interpolation and fences inert in the docs', async () => {
    const out = await freshDir('adversarial-docs');
    await generatorFor([ADVERSARIAL], out).run();
    const tree = await snapshotTree(out);
    const page = tree.get('adversarial-docs/docs/tools/evil_tool.md') ?? '';
    const index = tree.get('adversarial-docs/docs/index.md') ?? '';
    for (const text of [page, index]) {
      expect(text).not.toContain('<script>');
      expect(text).not.toContain('<img');
      // The v-pre container is opened with more colons than any run in the data.
      const opener = /^(:{3,}) v-pre$/m.exec(text)?.[1] ?? '';
      expect(opener.length).toBeGreaterThanOrEqual(3);
      const closers = text
        .split('\n')
        .filter((l) => /^:+\s*$/.test(l) && l.trim().length >= opener.length);
      expect(closers).toEqual([opener]);
      expect(text.trimEnd().endsWith(opener)).toBe(true);
    }
    expect(/^(:{3,}) v-pre$/m.exec(index)?.[1]?.length).toBeGreaterThan(7);
    expect(page).toContain('&lt;/script&gt;');
    // The frontmatter title is one quoted YAML scalar.
    expect(page.split('\n').slice(0, 3)).toEqual(['---', 'title: "evil_tool"', '---']);
    expect(index.split('\n')[1]).toMatch(/^title: ".*"$/);
    // Code fences are longer than any backtick run inside them.
    expect(page).toMatch(/^`{3,}json$/m);
  });
});
