import { CodegenError } from '../errors.js';

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
  /** Also publish toolscope's protocol guides (wire protocol, security, error codes). Default false. */
  readonly toolscopeGuides?: boolean;
}

/** The `docs` key with its defaults applied and its paths made absolute. */
export interface ResolvedDocsSiteConfig {
  readonly title: string;
  readonly description: string | undefined;
  readonly base: string;
  readonly logo: string | undefined;
  readonly guides: readonly string[];
  readonly out: string;
  readonly toolscopeGuides: boolean;
}

const DOCS_STRINGS = ['title', 'description', 'base', 'logo', 'out'] as const;

const DOCS_KEYS: readonly string[] = [...DOCS_STRINGS, 'guides', 'toolscopeGuides'];

function distance(a: string, b: string): number {
  const row = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    let diagonal = row[0] ?? 0;
    row[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const above = row[j] ?? 0;
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      row[j] = Math.min(above + 1, (row[j - 1] ?? 0) + 1, diagonal + cost);
      diagonal = above;
    }
  }
  return row[b.length] ?? 0;
}

function unknownKeyHint(key: string): string {
  const near = DOCS_KEYS.find((known) => distance(key.toLowerCase(), known) <= 2);
  return near ? `did you mean "docs.${near}"?` : `the docs keys are ${DOCS_KEYS.join(', ')}`;
}

function invalid(pointer: string, message: string, hint: string): CodegenError {
  return new CodegenError('CONFIG_INVALID', message, { location: { pointer }, hint });
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
    if (!DOCS_KEYS.includes(key)) {
      throw invalid(`/docs/${key}`, `unknown key "docs.${key}"`, unknownKeyHint(key));
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
  const toolscopeGuides = record['toolscopeGuides'] ?? false;
  if (typeof toolscopeGuides !== 'boolean') {
    throw invalid(
      '/docs/toolscopeGuides',
      '"docs.toolscopeGuides" must be true or false',
      `got ${typeof toolscopeGuides}`,
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
    toolscopeGuides,
  };
}
