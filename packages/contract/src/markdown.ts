/** Markdown for release notes and the docs site, with manifest text escaped. */
import { type ContractChange, PARTY_LABELS } from './types.js';

/**
 * Escapes untrusted text for Markdown that VitePress renders: HTML is
 * neutralised, `{{ }}` cannot become a Vue interpolation, and Markdown
 * punctuation is literal. Line breaks become spaces.
 */
export function escapeMarkdown(text: string): string {
  return text
    .replace(/[\r\n]+/g, ' ')
    .replaceAll('&', '&amp;')
    .replaceAll('<', '&lt;')
    .replaceAll('>', '&gt;')
    .replaceAll('{', '&#123;')
    .replaceAll('}', '&#125;')
    .replace(/([\\`*_[\]()#+!|~])/g, '\\$1');
}

/** One change as a Markdown list item. */
export function changeBullet(change: ContractChange): string {
  const parties = change.parties.map((p) => PARTY_LABELS[p]).join(', ');
  return `- **${change.level}** ${escapeMarkdown(change.subject)}: ${escapeMarkdown(change.message)} (affects ${escapeMarkdown(parties)}: ${escapeMarkdown(change.why)})`;
}
