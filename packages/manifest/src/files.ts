/**
 * Finding manifest files from what a user types: files, folders and globs.
 * Node 20 has no fs.glob, and the subset needed here is small.
 */
import { readdir, stat } from 'node:fs/promises';
import path from 'node:path';

const MANIFEST_FILE = /\.(ya?ml|json)$/i;
/** JSON files that sit beside manifests but are not manifests. */
const NOT_A_MANIFEST = /(^package\.json$|^tsconfig.*\.json$|\.config\.json$|\.schema\.json$)/i;

/** Whether a file name found in a folder is taken as a manifest. */
export function isManifestFileName(name: string): boolean {
  return MANIFEST_FILE.test(name) && !NOT_A_MANIFEST.test(name);
}

/** Whether an input is a glob rather than a path. */
export function isGlob(input: string): boolean {
  return /[*?[\]{}]/.test(input);
}

/** A glob (`*`, `**`, `?`, `[…]`, `{a,b}`) as a regular expression over `/`-separated paths. */
export function globToRegExp(glob: string): RegExp {
  let source = '';
  let braces = 0;
  for (let i = 0; i < glob.length; i++) {
    const char = glob[i] as string;
    if (char === '*') {
      if (glob[i + 1] === '*') {
        const slash = glob[i + 2] === '/';
        source += slash ? '(?:.*/)?' : '.*';
        i += slash ? 2 : 1;
      } else source += '[^/]*';
    } else if (char === '?') source += '[^/]';
    else if (char === '[') {
      const end = glob.indexOf(']', i + 1);
      if (end < 0) source += '\\[';
      else {
        source += `[${glob
          .slice(i + 1, end)
          .replace(/^!/, '^')
          .replaceAll('\\', '\\\\')}]`;
        i = end;
      }
    } else if (char === '{') {
      braces++;
      source += '(?:';
    } else if (char === '}' && braces > 0) {
      braces--;
      source += ')';
    } else if (char === ',' && braces > 0) source += '|';
    else source += char.replace(/[.+^$()|\\]/g, '\\$&');
  }
  return new RegExp(`^${source}${braces > 0 ? ')'.repeat(braces) : ''}$`);
}

async function kindOf(target: string): Promise<'file' | 'dir' | undefined> {
  try {
    const info = await stat(target);
    return info.isDirectory() ? 'dir' : info.isFile() ? 'file' : undefined;
  } catch {
    return undefined;
  }
}

async function walk(dir: string, out: string[], depth: number): Promise<void> {
  if (depth > 20) return;
  let entries: import('node:fs').Dirent[];
  try {
    entries = await readdir(dir, { withFileTypes: true });
  } catch {
    return;
  }
  for (const entry of entries) {
    if (entry.name === 'node_modules' || entry.name.startsWith('.')) continue;
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) await walk(full, out, depth + 1);
    else if (entry.isFile()) out.push(full);
  }
}

/** The manifest files one input names (absolute paths, sorted), or undefined when it names nothing. */
export async function resolveInput(input: string, cwd: string): Promise<string[] | undefined> {
  const absolute = path.resolve(cwd, input);
  if (!isGlob(input)) {
    const kind = await kindOf(absolute);
    if (kind === 'file') return [absolute];
    if (kind !== 'dir') return undefined;
    const entries = await readdir(absolute, { withFileTypes: true });
    return entries
      .filter((entry) => entry.isFile() && isManifestFileName(entry.name))
      .map((entry) => path.join(absolute, entry.name))
      .sort();
  }
  const pattern = absolute.split(path.sep).join('/');
  const firstMagic = pattern.search(/[*?[\]{}]/);
  const base = pattern.slice(0, pattern.lastIndexOf('/', firstMagic) + 1) || '/';
  const matcher = globToRegExp(pattern);
  const found: string[] = [];
  await walk(base, found, 0);
  const matches = found.filter((file) => matcher.test(file.split(path.sep).join('/'))).sort();
  return matches.length > 0 ? matches : undefined;
}

/** A path as diagnostics show it: relative to cwd when inside it, with `/` separators. */
export function displayPath(file: string, cwd: string): string {
  const relative = path.relative(cwd, file);
  const shown = relative.startsWith('..') || path.isAbsolute(relative) ? file : relative;
  return shown.split(path.sep).join('/');
}
