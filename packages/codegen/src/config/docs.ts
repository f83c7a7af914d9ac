import { ToolscopeError } from '@toolscope/core';

/** The `docs` key of the config: the site `toolscope docs build` makes. */
export interface DocsSiteConfig {
  /** The site's name (default: the scope without `@`, then "tools"). */
  readonly title?: string;
  /** One sentence under the title on the home page. */
  readonly description?: string;
  /** The URL path the site is served under, like `/docs/` (default `/`). */
  readonly base?: string;
  /** An image shown in the header (relative to the config file). */
  readonly logo?: string;
  /** Markdown files of the team's own guides, in sidebar order (relative to the config file). */
  readonly guides?: readonly string[];
  /** Where `toolscope docs build` writes the site (default `dist/docs`). */
  readonly out?: string;
}

/** The `docs` key with its defaults applied and its paths made absolute. */
export interface ResolvedDocsSiteConfig {
  readonly title: string;
  readonly description: string | undefined;
  readonly base: string;
  readonly logo: string | undefined;
  readonly guides: readonly string[];
  readonly out: string;
}

const DOCS_STRINGS = ['title', 'description', 'base', 'logo', 'out'] as const;

function invalid(pointer: string, message: string, hint: string): ToolscopeError {
  return new ToolscopeError('CONFIG_INVALID', message, { location: { pointer }, hint });
}

/** Checks and resolves the `docs` key. */
export function resolveDocsSiteConfig(
  docs: unknown,
  scope: string,
  root: string,
  resolvePath: (root: string, path: string) => string,
): ResolvedDocsSiteConfig {
  const value = docs ?? {};
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw invalid('/docs', '"docs" must be an object', 'docs: { title: "Acme tools" }');
  }
  const record = value as Record<string, unknown>;
  for (const key of Object.keys(record)) {
    if (!(DOCS_STRINGS as readonly string[]).includes(key) && key !== 'guides') {
      throw invalid(
        `/docs/${key}`,
        `unknown key "docs.${key}"`,
        `the docs keys are ${[...DOCS_STRINGS, 'guides'].join(', ')}`,
      );
    }
  }
  for (const key of DOCS_STRINGS) {
    if (record[key] !== undefined && typeof record[key] !== 'string') {
      throw invalid(`/docs/${key}`, `"docs.${key}" must be a string`, `got ${typeof record[key]}`);
    }
  }
  const guides = record['guides'] ?? [];
  if (!Array.isArray(guides) || !guides.every((g) => typeof g === 'string')) {
    throw invalid(
      '/docs/guides',
      '"docs.guides" must be a list of paths',
      'guides: ["docs/intro.md"]',
    );
  }
  const text = record as Partial<Record<(typeof DOCS_STRINGS)[number], string>>;
  return {
    title: text.title ?? `${scope.replace(/^@/, '')} tools`,
    description: text.description,
    base: text.base ?? '/',
    logo: text.logo === undefined ? undefined : resolvePath(root, text.logo),
    guides: guides.map((g: string) => resolvePath(root, g)),
    out: resolvePath(root, text.out ?? 'dist/docs'),
  };
}
