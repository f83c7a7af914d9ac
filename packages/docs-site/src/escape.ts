/** HTML-escapes text that the theme renders with v-html (sidebar, nav, hero). */
export function escapeHtml(text: string): string {
  return String(text)
    .replaceAll('&', '&amp;')
    .replaceAll('<', '&lt;')
    .replaceAll('>', '&gt;')
    .replaceAll('"', '&quot;')
    .replaceAll("'", '&#39;');
}

/** Backslash-escapes Markdown syntax, for text placed into a page we write. */
export function escapeMarkdown(text: string): string {
  return String(text).replace(/[\\`*_{}[\]()#+\-.!|<>~&]/g, (c) => `\\${c}`);
}

/**
 * VitePress expands `<!-- @include: path -->` in the raw source before any
 * Markdown parsing, which would let a manifest string read files at build
 * time. A zero-width space breaks the directive and renders the same.
 */
export function disarmDirectives(markdown: string): string {
  return markdown.replace(/(<!--\s*@include)(\s*:)/g, '$1\u200b$2');
}
