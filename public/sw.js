// Stageline's service worker: the app opens with no network once it has been visited.
//
// This file is a template. After every build, scripts/postbuild.py writes it into dist/sw.js
// with the two placeholders below filled in: the list of every file of the build (index.html,
// the hashed wasm, JS and CSS, the examples, the schema, the favicon) and a hash of their
// contents, the cache's version. A new release has a new version, so the browser installs the
// new worker in the background; it waits until the app asks it to take over (the user chose
// "Reload" on the update notice, see src/offline.rs), then deletes the older caches.
//
// What it serves, for same-origin GET requests only (the workshop's WebSocket and every other
// origin never pass through it):
// - page navigations: the network first, with the cached index.html when the network fails or
//   is too slow, so `/` and every `#/...` route open offline;
// - everything else: the cache first (the files are hashed or versioned with the cache), and
//   the network for what the cache does not hold.

const VERSION = '__STAGELINE_SW_VERSION__';
const FILES = __STAGELINE_SW_FILES__;
const CACHE = `stageline-${VERSION}`;
// How long a navigation waits for the network before the cached page answers.
const NAVIGATION_TIMEOUT_MS = 4000;

self.addEventListener('install', (event) => {
  // `cache: 'reload'` bypasses the HTTP cache, so the files are this release's own.
  event.waitUntil(
    caches.open(CACHE).then((cache) =>
      cache.addAll(FILES.map((path) => new Request(path, { cache: 'reload' }))),
    ),
  );
});

self.addEventListener('activate', (event) => {
  event.waitUntil(
    caches
      .keys()
      .then((keys) => Promise.all(
        keys.filter((key) => key.startsWith('stageline-') && key !== CACHE).map((key) => caches.delete(key)),
      ))
      .then(() => self.clients.claim()),
  );
});

// The app asks a waiting worker to take over when the user chose to reload.
self.addEventListener('message', (event) => {
  if (event.data && event.data.type === 'stageline:skip-waiting') self.skipWaiting();
  if (event.data && event.data.type === 'stageline:version' && event.ports[0]) {
    event.ports[0].postMessage({ version: VERSION });
  }
});

self.addEventListener('fetch', (event) => {
  const request = event.request;
  if (request.method !== 'GET') return;
  const url = new URL(request.url);
  if (url.origin !== self.location.origin) return;
  if (request.mode === 'navigate') {
    event.respondWith(navigation(request));
  } else {
    event.respondWith(cacheFirst(request));
  }
});

/** The network's page, or the cached index.html when the network fails or takes too long. */
async function navigation(request) {
  const cached = () => caches.open(CACHE).then((cache) => cache.match('index.html'));
  let timer;
  const late = new Promise((resolve) => {
    timer = setTimeout(resolve, NAVIGATION_TIMEOUT_MS);
  });
  try {
    const response = await Promise.race([fetch(request), late]);
    if (response && response.ok) return response;
    return (await cached()) ?? response ?? fetch(request);
  } catch (err) {
    const page = await cached();
    if (page) return page;
    throw err;
  } finally {
    clearTimeout(timer);
  }
}

/** This release's cached copy, else the network. */
async function cacheFirst(request) {
  const cache = await caches.open(CACHE);
  const hit = await cache.match(request, { ignoreVary: true });
  return hit ?? fetch(request);
}
