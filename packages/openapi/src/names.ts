/** Names that fit the manifest's rules, kept unique. */

/** MCP tool names: 1-128 characters of A-Za-z0-9_.- */
export function toolName(raw: string): string {
  const cleaned = raw
    .replace(/[^A-Za-z0-9_.-]+/g, '_')
    .replace(/_+/g, '_')
    .replace(/^_+|_+$/g, '');
  return (cleaned === '' ? 'operation' : cleaned).slice(0, 128);
}

/** `$defs` names: an identifier (A-Za-z0-9_, not starting with a digit). */
export function defName(raw: string): string {
  const cleaned = raw.replace(/[^A-Za-z0-9_]+/g, '_');
  const name = cleaned === '' ? 'Schema' : cleaned;
  return /^[0-9]/.test(name) ? `_${name}` : name;
}

/** Provider ids: lowercase letters, digits, `_` and `-`, starting with a letter, at most 64. */
export function providerId(raw: string): string {
  const cleaned = raw
    .replace(/([a-z0-9])([A-Z])/g, '$1_$2')
    .toLowerCase()
    .replace(/[^a-z0-9_-]+/g, '_')
    .replace(/^[^a-z]+/, '')
    .replace(/_+$/, '');
  const id = (cleaned === '' ? 'provider' : cleaned).slice(0, 56);
  // `self` is reserved for the MCP server's own authorization server.
  return id === 'self' ? 'self_scheme' : id;
}

/** Toolset ids: lowercase letters, digits and dashes, starting with a letter, at most 64. */
export function toolsetId(raw: string): string {
  const cleaned = raw
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^[^a-z]+/, '')
    .replace(/-+$/, '');
  return (cleaned === '' ? 'imported' : cleaned).slice(0, 64).replace(/-+$/, '');
}

/** Input property names: identifiers, so generated types and path placeholders stay plain. */
export function propertyName(raw: string): string {
  const words = raw.split(/[^A-Za-z0-9]+/).filter(Boolean);
  if (words.length === 0) return 'value';
  const [first = '', ...rest] = words;
  const joined =
    first.charAt(0).toLowerCase() +
    first.slice(1) +
    rest.map((w) => w.charAt(0).toUpperCase() + w.slice(1)).join('');
  return /^[0-9]/.test(joined) ? `_${joined}` : joined;
}

/** Hands out unique names: the first wish as is, later ones with `_2`, `_3`… (within `max`). */
export class UniqueNames {
  private readonly taken = new Set<string>();
  constructor(
    private readonly max = 128,
    private readonly fold: (name: string) => string = (name) => name,
  ) {}

  reserve(name: string): void {
    this.taken.add(this.fold(name));
  }

  has(name: string): boolean {
    return this.taken.has(this.fold(name));
  }

  take(wish: string): string {
    let name = wish.slice(0, this.max);
    for (let n = 2; this.taken.has(this.fold(name)); n++) {
      const suffix = `_${n}`;
      name = `${wish.slice(0, this.max - suffix.length)}${suffix}`;
    }
    this.taken.add(this.fold(name));
    return name;
  }
}

/** Semantic Versioning 2.0.0, as its specification gives it. */
const SEMVER =
  /^(0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*)(?:-((?:0|[1-9]\d*|\d*[a-zA-Z-][0-9a-zA-Z-]*)(?:\.(?:0|[1-9]\d*|\d*[a-zA-Z-][0-9a-zA-Z-]*))*))?(?:\+([0-9a-zA-Z-]+(?:\.[0-9a-zA-Z-]+)*))?$/;

/** A version the manifest accepts (semver): `1.2` → `1.2.0`, `v3` → `3.0.0`. */
export function semver(raw: unknown): string {
  const text = typeof raw === 'string' ? raw.trim() : typeof raw === 'number' ? String(raw) : '';
  if (SEMVER.test(text)) return text;
  const match = /(\d+)(?:\.(\d+))?(?:\.(\d+))?/.exec(text);
  if (!match) return '1.0.0';
  const part = (value: string | undefined) => String(Number(value ?? '0'));
  return `${part(match[1])}.${part(match[2])}.${part(match[3])}`;
}
