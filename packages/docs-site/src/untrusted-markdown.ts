import type { MarkdownRenderer } from 'vitepress';

type Token = ReturnType<MarkdownRenderer['parse']>[number];
type CoreState = Parameters<Parameters<MarkdownRenderer['core']['ruler']['push']>[1]>[0];

/**
 * Pages whose text comes from manifests (through the generator), not from the
 * site's authors. Their Markdown is untrusted: it must render as text and
 * never as Vue template or live HTML. A site adds its own machine-made pages.
 */
export const UNTRUSTED_PREFIXES: readonly string[] = ['toolsets/'];

/** True when a page (path relative to the site root) holds untrusted content. */
export function isUntrustedPage(
  relativePath: unknown,
  prefixes: readonly string[] = UNTRUSTED_PREFIXES,
): boolean {
  if (typeof relativePath !== 'string') return false;
  const path = relativePath.replaceAll('\\', '/');
  return prefixes.some((prefix) => path.startsWith(prefix));
}

// Void tags cannot unbalance the wrapper below, and carry no attributes here.
const HARMLESS_HTML = /^\s*<(br|wbr)\s*\/?>\s*$/i;
const LONE_COMMENT = /^\s*<!--(?:(?!-->)[\s\S])*-->\s*$/;

function escapeHtml(text: string): string {
  return text.replaceAll('&', '&amp;').replaceAll('<', '&lt;').replaceAll('>', '&gt;');
}

/** Turns one raw-HTML token of an untrusted page into something inert. */
function neutralize(token: Token): void {
  if (HARMLESS_HTML.test(token.content)) return;
  if (LONE_COMMENT.test(token.content)) {
    token.content = '';
    return;
  }
  // The text renderer escapes; a block becomes its own paragraph of text.
  if (token.type === 'html_inline') {
    token.type = 'text';
    return;
  }
  token.type = 'html_block';
  token.content = `<p>${escapeHtml(token.content.trimEnd()).replaceAll('\n', '<br>\n')}</p>\n`;
}

function vPreBoundary(state: CoreState, content: string): Token {
  const token = new state.Token('html_block', '', 0);
  token.content = content;
  return token;
}

/**
 * markdown-it plugin: on untrusted pages, raw HTML becomes text, container
 * titles lose their markup, and the whole page is wrapped in `v-pre`, so Vue
 * neither interpolates `{{ }}` nor binds directives in it. Install it in
 * `markdown.preConfig`, so that it runs before VitePress adds its own tokens
 * (header anchors) that must stay HTML.
 */
export function untrustedMarkdown(
  md: MarkdownRenderer,
  prefixes: readonly string[] = UNTRUSTED_PREFIXES,
): void {
  md.core.ruler.push('toolscope_untrusted', (state) => {
    if (!isUntrustedPage(state.env?.relativePath, prefixes)) return;
    for (const token of state.tokens) {
      if (token.type === 'html_block') neutralize(token);
      if (token.type.startsWith('container_') && token.nesting === 1) {
        token.info = escapeHtml(token.info).replaceAll('{', '&#123;');
      }
      for (const child of token.children ?? []) {
        if (child.type === 'html_inline') neutralize(child);
      }
    }
    state.tokens.unshift(vPreBoundary(state, '<div v-pre class="toolscope-generated">\n'));
    state.tokens.push(vPreBoundary(state, '</div>\n'));
  });
}

/**
 * VitePress imports a file into the page for a line starting with `<<<`.
 * On untrusted pages such a line is plain text. Install in `markdown.config`,
 * after VitePress has registered its `snippet` rule.
 */
export function untrustedSnippetGuard(
  md: MarkdownRenderer,
  prefixes: readonly string[] = UNTRUSTED_PREFIXES,
): void {
  md.block.ruler.before('snippet', 'toolscope_no_snippet', (state, startLine, _endLine, silent) => {
    if (!isUntrustedPage(state.env?.relativePath, prefixes)) return false;
    const start = (state.bMarks[startLine] ?? 0) + (state.tShift[startLine] ?? 0);
    const end = state.eMarks[startLine] ?? start;
    if (!state.src.startsWith('<<<', start)) return false;
    if (silent) return true;
    state.push('paragraph_open', 'p', 1).map = [startLine, startLine + 1];
    const inline = state.push('inline', '', 0);
    inline.content = state.src.slice(start, end);
    inline.map = [startLine, startLine + 1];
    inline.children = [];
    state.push('paragraph_close', 'p', -1);
    state.line = startLine + 1;
    return true;
  });
}

/** Frontmatter keys a generated page may set; the rest (layout, hero, head, prev/next…) is rendered as HTML by the theme. */
const SAFE_FRONTMATTER = ['title', 'description', 'outline', 'aside', 'search'] as const;

/** Drops what the theme would render as HTML from untrusted frontmatter. */
export function safeFrontmatter(frontmatter: Record<string, unknown>): Record<string, unknown> {
  const safe: Record<string, unknown> = {};
  for (const key of SAFE_FRONTMATTER) {
    if (frontmatter[key] !== undefined) safe[key] = frontmatter[key];
  }
  if (typeof safe.description === 'string') safe.description = plainAttribute(safe.description);
  if (typeof safe.title === 'string') safe.title = safe.title.replace(/[\r\n]+/g, ' ');
  return safe;
}

/** VitePress writes the page description into a meta attribute without escaping it. */
export function plainAttribute(text: string): string {
  return text
    .replace(/[<>"&\r\n]+/g, ' ')
    .replace(/\s{2,}/g, ' ')
    .trim();
}
