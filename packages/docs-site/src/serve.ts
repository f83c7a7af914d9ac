import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';

const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.txt': 'text/plain; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.woff2': 'font/woff2',
};

// A small read-only server for a built site, for tests and `preview`; a real
// deployment puts the folder on any static host.

/** A running static server for a built site. */
export interface StaticSite {
  readonly url: string;
  close(): Promise<void>;
}

async function isFile(file: string): Promise<boolean> {
  try {
    return (await stat(file)).isFile();
  } catch {
    return false;
  }
}

// What a static host does for a VitePress build: /a → a.html, /a/ → a/index.html.
async function resolveFile(root: string, urlPath: string): Promise<string | undefined> {
  const decoded = decodeURIComponent(urlPath);
  const target = path.resolve(root, `.${decoded}`);
  if (target !== root && !target.startsWith(root + path.sep)) return undefined;
  for (const candidate of [target, `${target}.html`, path.join(target, 'index.html')]) {
    if (await isFile(candidate)) return candidate;
  }
  return undefined;
}

/**
 * Serves a built site from `root` on 127.0.0.1 (a free port unless given),
 * read-only, GET and HEAD only, under `base` as the site was built for.
 */
export async function serveStatic(
  root: string,
  options: { base?: string; port?: number } = {},
): Promise<StaticSite> {
  const absRoot = path.resolve(root);
  const base = options.base ?? '/';
  const server: Server = createServer((req, res) => {
    const { pathname } = new URL(req.url ?? '/', 'http://127.0.0.1');
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      res.writeHead(405).end();
      return;
    }
    if (!`${pathname}/`.startsWith(base)) {
      res.writeHead(404).end();
      return;
    }
    resolveFile(absRoot, `/${pathname.slice(base.length)}`)
      .then(async (file) => {
        const status = file ? 200 : 404;
        const served = file ?? path.join(absRoot, '404.html');
        if (!(await isFile(served))) {
          res.writeHead(404).end();
          return;
        }
        const type = CONTENT_TYPES[path.extname(served)] ?? 'application/octet-stream';
        res.writeHead(status, { 'content-type': type });
        if (req.method === 'HEAD') res.end();
        else createReadStream(served).pipe(res);
      })
      .catch(() => res.writeHead(400).end());
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}${base.replace(/\/$/, '')}`,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((error) => (error ? reject(error) : resolve()));
      }),
  };
}
