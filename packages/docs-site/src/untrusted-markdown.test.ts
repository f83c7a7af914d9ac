import { createMarkdownRenderer, disposeMdItInstance, type MarkdownRenderer } from 'vitepress';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  isUntrustedPage,
  plainAttribute,
  safeFrontmatter,
  untrustedMarkdown,
  untrustedSnippetGuard,
} from './untrusted-markdown.js';

let md: MarkdownRenderer;

beforeAll(async () => {
  disposeMdItInstance();
  md = await createMarkdownRenderer(import.meta.dirname, {
    attrs: { disable: true },
    preConfig: (m) => untrustedMarkdown(m),
    config: (m) => untrustedSnippetGuard(m),
  });
});
afterAll(() => disposeMdItInstance());

const render = (src: string, relativePath: string): string => md.render(src, { relativePath });

describe('untrusted markdown', () => {
  it('knows which pages are untrusted', () => {
    expect(isUntrustedPage('toolsets/zoom/index.md')).toBe(true);
    expect(isUntrustedPage('reference/manifest.md')).toBe(false);
    expect(isUntrustedPage('reference/manifest.md', ['toolsets/', 'reference/manifest.md'])).toBe(
      true,
    );
    expect(isUntrustedPage('guide/security.md')).toBe(false);
    expect(isUntrustedPage(undefined)).toBe(false);
  });

  it('wraps a generated page in v-pre, so Vue does not interpolate it', () => {
    const html = render('# T\n\nvalue {{ 1 + 1 }}\n', 'toolsets/x/index.md');
    expect(html.startsWith('<div v-pre class="toolscope-generated">')).toBe(true);
    expect(html.trimEnd().endsWith('</div>')).toBe(true);
    expect(html).toContain('value {{ 1 + 1 }}');
  });

  it('renders raw HTML of a generated page as text, block and inline', () => {
    const html = render(
      '<script>alert(1)</script>\n\ntext <img src=x onerror="alert(2)"> more\n\n</div>\n',
      'toolsets/x/index.md',
    );
    expect(html).not.toMatch(/<script|<img|<\/div>\s*<\/div>\s*<p/);
    expect(html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(html).toContain('&lt;img src=x onerror=&quot;alert(2)&quot;&gt;');
    // Only the wrapper's own closing tag closes a div at the top level.
    expect(html.match(/<\/div>/g)?.length).toBe(html.match(/<div/g)?.length);
  });

  it('does not hoist a <script setup> block out of a generated page', () => {
    const env: { relativePath: string; sfcBlocks?: { scripts: unknown[] } } = {
      relativePath: 'toolsets/x/index.md',
    };
    md.render('<script setup>\nwindow.x = 1\n</script>\n', env);
    expect(env.sfcBlocks?.scripts).toEqual([]);
  });

  it('drops comments and keeps line breaks, which cannot unbalance the page', () => {
    const html = render('<!-- generated, do not edit -->\n\na<br>b\n', 'toolsets/x/index.md');
    expect(html).not.toContain('generated, do not edit');
    expect(html).toContain('a<br>b');
  });

  it('escapes markup in container titles', () => {
    const html = render('::: tip <b onclick="x()">t</b>\nbody\n:::\n', 'toolsets/x/index.md');
    expect(html).not.toContain('<b onclick');
    expect(html).toContain('&lt;b onclick=');
  });

  it('treats a snippet import line as text on generated pages only', () => {
    expect(render('<<< ../secret.txt\n', 'toolsets/x/index.md')).toContain(
      '<p>&lt;&lt;&lt; ../secret.txt</p>',
    );
  });

  it('leaves hand-written pages alone', () => {
    const html = render('<span class="x">hi</span>\n', 'guide/a.md');
    expect(html).not.toContain('v-pre');
    expect(html).toContain('<span class="x">hi</span>');
  });

  it('keeps only frontmatter the theme does not render as HTML', () => {
    expect(
      safeFrontmatter({
        title: 'A\nB',
        description: '"><script>x</script>',
        outline: [2, 3],
        layout: 'home',
        hero: { name: '<img>' },
        prev: { text: '<img>' },
        head: [['script', {}, 'x']],
      }),
    ).toEqual({ title: 'A B', description: 'script x /script', outline: [2, 3] });
    expect(plainAttribute('a "b" <c> & d')).toBe('a b c d');
  });
});
