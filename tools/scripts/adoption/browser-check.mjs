#!/usr/bin/env node
// Serves a built docs site on 127.0.0.1, opens one page in Debian's chromium
// (playwright-core, no browser download) and checks that its text names what
// it must: node browser-check.mjs <site dir> <page path> <text>…
// Prints "ok" and exits 0, or names what is missing and exits 1.
import { createReadStream, existsSync, statSync } from 'node:fs';
import { createServer } from 'node:http';
import { extname, join, normalize } from 'node:path';
import { chromium } from 'playwright-core';

const [siteDir, pagePath, ...wanted] = process.argv.slice(2);
if (siteDir === undefined || pagePath === undefined || wanted.length === 0) {
  console.error('usage: browser-check.mjs <site dir> <page path> <text>…');
  process.exit(2);
}
const TYPES = {
  '.html': 'text/html',
  '.js': 'text/javascript',
  '.css': 'text/css',
  '.svg': 'image/svg+xml',
  '.json': 'application/json',
};

const server = createServer((req, res) => {
  const url = new URL(req.url ?? '/', 'http://127.0.0.1');
  let file = normalize(join(siteDir, decodeURIComponent(url.pathname)));
  if (!file.startsWith(normalize(siteDir))) return void res.writeHead(403).end();
  if (existsSync(file) && statSync(file).isDirectory()) file = join(file, 'index.html');
  if (!existsSync(file) && existsSync(`${file}.html`)) file = `${file}.html`;
  if (!existsSync(file)) return void res.writeHead(404).end();
  res.writeHead(200, { 'content-type': TYPES[extname(file)] ?? 'application/octet-stream' });
  createReadStream(file).pipe(res);
});
await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
const { port } = server.address();
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
  args: ['--no-sandbox', '--disable-background-networking', '--disable-component-update'],
});
let status = 0;
try {
  const page = await browser.newPage();
  const response = await page.goto(`http://127.0.0.1:${port}${pagePath}`, { waitUntil: 'load' });
  if (response === null || !response.ok())
    throw new Error(`${pagePath} answered ${response?.status()}`);
  // biome-ignore lint/performance/useDomNodeTextContent: the rendered text is what a reader sees
  const text = await page.locator('main').innerText();
  const missing = wanted.filter((w) => !text.includes(w));
  if (missing.length > 0) {
    console.error(`${pagePath} does not show: ${missing.join(', ')}`);
    status = 1;
  } else {
    console.log('ok');
  }
} catch (error) {
  console.error(`browser check failed: ${error instanceof Error ? error.message : String(error)}`);
  status = 1;
} finally {
  await browser.close();
  server.close();
}
process.exit(status);
