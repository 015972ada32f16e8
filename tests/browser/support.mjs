// Shared set-up for the browser tests: a static server over the release build in dist/ and a
// headless Chromium (Debian's) driven by playwright-core. Each test gets a fresh browser
// context, so storage starts empty unless the test says otherwise.

import { createServer } from 'node:http';
import { readFile, stat } from 'node:fs/promises';
import { extname, join, normalize, resolve, sep } from 'node:path';
import { chromium } from 'playwright-core';

const DIST = resolve(process.env.STAGELINE_DIST ?? new URL('../../dist', import.meta.url).pathname);
const CHROMIUM = process.env.STAGELINE_CHROMIUM ?? '/usr/bin/chromium';

const MIME = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.wasm': 'application/wasm',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.txt': 'text/plain; charset=utf-8',
};

/** Serves dist/ as any static host would (unknown paths fall back to index.html). */
export async function startServer(root = DIST) {
  await stat(join(root, 'index.html')).catch(() => {
    throw new Error(`no build found in ${root}: run scripts/test (or trunk build --release) first`);
  });
  const server = createServer(async (req, res) => {
    try {
      const url = new URL(req.url ?? '/', 'http://localhost');
      let path = normalize(join(root, decodeURIComponent(url.pathname)));
      if (!path.startsWith(root + sep) && path !== root) {
        res.writeHead(403).end();
        return;
      }
      let info = await stat(path).catch(() => null);
      if (!info || info.isDirectory()) {
        path = join(root, 'index.html');
        info = await stat(path);
      }
      const body = await readFile(path);
      res.writeHead(200, {
        'content-type': MIME[extname(path)] ?? 'application/octet-stream',
        'cache-control': 'no-store',
      });
      res.end(body);
    } catch (err) {
      res.writeHead(500, { 'content-type': 'text/plain' }).end(String(err));
    }
  });
  await new Promise((ok) => server.listen(0, '127.0.0.1', ok));
  const { port } = server.address();
  return { url: `http://127.0.0.1:${port}/`, close: () => new Promise((ok) => server.close(ok)) };
}

/** Launches Debian's Chromium headless with the flags that work on these machines. */
export function launchBrowser() {
  return chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
}

/**
 * Opens the app in a fresh context and collects everything that should never happen: page
 * errors, console errors and Content-Security-Policy violations. Call `problems()` at the end.
 */
export async function openApp(browser, baseUrl, { path = '', contextOptions = {} } = {}) {
  const context = await browser.newContext(contextOptions);
  const page = await context.newPage();
  const problems = [];
  page.on('pageerror', (err) => problems.push(`page error: ${err.message}`));
  page.on('console', (msg) => {
    if (msg.type() === 'error') problems.push(`console error: ${msg.text()}`);
  });
  await page.addInitScript(() => {
    document.addEventListener('securitypolicyviolation', (e) => {
      console.error(`CSP violation: ${e.violatedDirective} blocked ${e.blockedURI}`);
    });
  });
  await page.goto(baseUrl + path);
  // The wasm app has mounted once its header is in the DOM (index.html has none).
  await page.getByRole('banner').waitFor({ timeout: 30_000 });
  return { context, page, problems: () => problems };
}
