// A static server over a Stageline build, as a static host serves it: each file with its
// Content-Type, the precompressed `.br` or `.gz` copy that the release build writes next to a
// file (scripts/postbuild.py) when the request's Accept-Encoding allows it, with
// Content-Encoding and `Vary: Accept-Encoding`, and index.html for every path that is no file
// (the app's routes live in the fragment, so any address opens the app).
//
// Used by scripts/serve and by the browser tests (tests/browser/support.mjs):
//   node scripts/lib/static-server.mjs --root dist [--host 127.0.0.1] [--port 8080]
// The folder is looked up by path on every request, so a rebuild that replaces it is served.

import { createServer } from 'node:http';
import { readFile, stat } from 'node:fs/promises';
import { extname, join, normalize, resolve, sep } from 'node:path';
import { pathToFileURL } from 'node:url';

/** Content types by file extension. */
export const MIME = {
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

/** The precompressed copies a build may hold, in the order they are preferred. */
const ENCODINGS = [['br', '.br'], ['gzip', '.gz']];

/**
 * The content codings an Accept-Encoding header allows (`q=0` refuses one; `*` stands for
 * any not named), as a set of names.
 */
export function acceptedEncodings(header = '') {
  const named = new Map();
  for (const part of String(header).split(',')) {
    const [name, ...params] = part.trim().toLowerCase().split(';');
    if (!name) continue;
    const q = params.map((p) => p.trim()).find((p) => p.startsWith('q='));
    const weight = q ? Number(q.slice(2)) : 1;
    named.set(name, Number.isFinite(weight) ? weight : 0);
  }
  const ok = new Set();
  for (const [coding] of ENCODINGS) {
    const weight = named.has(coding) ? named.get(coding) : named.get('*') ?? 0;
    if (weight > 0) ok.add(coding);
  }
  return ok;
}

async function isFile(path) {
  const info = await stat(path).catch(() => null);
  return info?.isFile() ?? false;
}

/**
 * A request handler serving the folder `root()` (a function, so the folder can change while
 * serving). `cacheControl` is sent with every response.
 */
export function staticHandler(root, { cacheControl = 'no-cache' } = {}) {
  return async (req, res) => {
    try {
      if (req.method !== 'GET' && req.method !== 'HEAD') {
        res.writeHead(405, { allow: 'GET, HEAD' }).end();
        return;
      }
      const base = resolve(root());
      const url = new URL(req.url ?? '/', 'http://localhost');
      let path = normalize(join(base, decodeURIComponent(url.pathname)));
      if (!path.startsWith(base + sep) && path !== base) {
        res.writeHead(403).end();
        return;
      }
      if (!(await isFile(path))) path = join(base, 'index.html');
      const headers = {
        'content-type': MIME[extname(path)] ?? 'application/octet-stream',
        'cache-control': cacheControl,
        vary: 'Accept-Encoding',
      };
      const accepted = acceptedEncodings(req.headers['accept-encoding']);
      let file = path;
      for (const [coding, suffix] of ENCODINGS) {
        if (accepted.has(coding) && (await isFile(path + suffix))) {
          file = path + suffix;
          headers['content-encoding'] = coding;
          break;
        }
      }
      const body = await readFile(file);
      headers['content-length'] = body.length;
      res.writeHead(200, headers);
      res.end(req.method === 'HEAD' ? undefined : body);
    } catch (err) {
      if (!res.headersSent) res.writeHead(500, { 'content-type': 'text/plain; charset=utf-8' });
      res.end(String(err));
    }
  };
}

/** Starts serving `root()` on `host:port` (port 0: any free port); resolves to the server. */
export async function serveStatic(root, { host = '127.0.0.1', port = 0, cacheControl } = {}) {
  const server = createServer(staticHandler(root, { cacheControl }));
  await new Promise((ok, fail) => {
    server.once('error', fail);
    server.listen(port, host, ok);
  });
  return server;
}

function option(args, name, fallback) {
  const at = args.indexOf(name);
  return at >= 0 && at + 1 < args.length ? args[at + 1] : fallback;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const args = process.argv.slice(2);
  const root = resolve(option(args, '--root', 'dist'));
  const host = option(args, '--host', '127.0.0.1');
  const port = Number(option(args, '--port', '8080'));
  serveStatic(() => root, { host, port }).then(
    () => console.log(`Serving ${root} at http://${host}:${port}/ (precompressed files when accepted)`),
    (err) => {
      console.error(`static-server: cannot listen on ${host}:${port}: ${err.message}`);
      process.exit(1);
    },
  );
}
