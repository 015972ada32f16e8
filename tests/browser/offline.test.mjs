// Opens offline: after one visit the service worker (public/sw.js, written into the build by
// scripts/postbuild.py) has cached every file of the build, so with the network cut the app
// opens at `/` and at a blueprint's address with the blueprint; the static server serves the
// precompressed copies; a new release installs in the background, the app says so politely,
// and Reload brings it without losing the edit made just before.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { request } from 'node:http';
import { spawnSync } from 'node:child_process';
import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import { cp, mkdir, mkdtemp, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { withBrowser, openApp, addCardByDoubleClick, storedDoc, storedWhen, until } from './support.mjs';

const ROOT = new URL('../..', import.meta.url).pathname;
const DIST = resolve(process.env.STAGELINE_DIST ?? join(ROOT, 'dist'));
const AXE = await readFile(`${ROOT}node_modules/axe-core/axe.min.js`, 'utf8');
const env = withBrowser();

/**
 * Waits (on the page's own events, no fixed sleep) until a service worker controls the page
 * and has finished activating (it claims the page while still `activating`).
 */
function controlled(page) {
  return page.evaluate(() => new Promise((ok, fail) => {
    const timer = setTimeout(() => fail(new Error('no service worker took control and activated in 30 s')), 30_000);
    const done = () => navigator.serviceWorker.ready.then((r) => {
      const worker = r.active;
      const settle = () => {
        if (worker.state === 'activating') return false;
        clearTimeout(timer);
        ok(worker.state);
        return true;
      };
      if (!settle()) worker.addEventListener('statechange', settle);
    });
    if (navigator.serviceWorker.controller) done();
    else navigator.serviceWorker.addEventListener('controllerchange', done, { once: true });
  }));
}

/** The version of the worker controlling the page, asked through a message (public/sw.js). */
function workerVersion(page) {
  return page.evaluate(() => new Promise((ok, fail) => {
    const channel = new MessageChannel();
    channel.port1.onmessage = (e) => ok(e.data.version);
    const worker = navigator.serviceWorker.controller;
    if (!worker) fail(new Error('no controlling worker'));
    else worker.postMessage({ type: 'stageline:version' }, [channel.port2]);
  }));
}

/** The names of the page's caches. */
const cacheNames = (page) => page.evaluate(() => caches.keys());

/** A raw GET of `path` from the test server with an Accept-Encoding: status, headers, body. */
function rawGet(path, acceptEncoding) {
  return new Promise((ok, fail) => {
    const headers = acceptEncoding === undefined ? {} : { 'accept-encoding': acceptEncoding };
    request(new URL(path, env.server.url), { headers }, (res) => {
      const chunks = [];
      res.on('data', (c) => chunks.push(c));
      res.on('end', () => ok({ status: res.statusCode, headers: res.headers, body: Buffer.concat(chunks) }));
    }).on('error', fail).end();
  });
}

/** The app's main wasm module's file name (hashed by Trunk; the parts that load on demand are other .wasm files). */
async function wasmName() {
  const name = (await readdir(DIST)).find((f) => /^stageline-[0-9a-f]+_bg\.wasm$/.test(f));
  assert.ok(name, `the app's stageline-*_bg.wasm in ${DIST}`);
  return name;
}

/** Runs the post-build step on `dir` as Trunk does (a release build); returns its status. */
function postbuild(dir) {
  const run = spawnSync('python3', [join(ROOT, 'scripts/postbuild.py')], {
    env: { ...process.env, TRUNK_STAGING_DIR: dir, TRUNK_PROFILE: 'release' }, encoding: 'utf8',
  });
  assert.equal(run.status, 0, run.stderr);
}

/** The version and file list a built sw.js holds. */
async function workerList(dir) {
  const sw = await readFile(join(dir, 'sw.js'), 'utf8');
  return { version: sw.match(/const VERSION = '([0-9a-f]{16})';/)?.[1], files: JSON.parse(sw.match(/const FILES = (\[.*\]);/)[1]) };
}

test('the post-build step lists every file of the build, versions them by content, and compresses them', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'stageline-postbuild-'));
  try {
    const template = await readFile(join(ROOT, 'index.html'), 'utf8');
    const page = template.replace('</body>', '<script type="module">init();</script></body>');
    await writeFile(join(dir, 'index.html'), page);
    await mkdir(join(dir, 'examples'));
    await writeFile(join(dir, 'examples/index.json'), JSON.stringify([{ title: 'A template' }]));
    await writeFile(join(dir, 'examples/.gitkeep'), '');
    const js = 'export function run() { return "the app"; }\n'.repeat(40);
    await writeFile(join(dir, 'app-1.js'), js);
    postbuild(dir);
    const first = await workerList(dir);
    assert.deepEqual(first.files, ['app-1.js', 'examples/index.json', 'index.html'], 'every file but dot files, the worker and the copies');
    assert.ok(first.version);
    assert.equal(brotliDecompressSync(await readFile(join(dir, 'app-1.js.br'))).toString(), js);
    assert.equal(gunzipSync(await readFile(join(dir, 'app-1.js.gz'))).toString(), js);
    assert.doesNotMatch(await readFile(join(dir, 'index.html'), 'utf8'), /TRUNK_LOADER_HASH/, 'the policy was completed first');

    // A changed file is a new version; the copies are written again, the list does not grow.
    // (Trunk stages each build afresh, so the page is the template again.)
    await writeFile(join(dir, 'index.html'), page);
    await writeFile(join(dir, 'app-1.js'), `${js}// changed\n`);
    postbuild(dir);
    const second = await workerList(dir);
    assert.deepEqual(second.files, first.files);
    assert.notEqual(second.version, first.version);
    assert.match(brotliDecompressSync(await readFile(join(dir, 'app-1.js.br'))).toString(), /changed/);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});

test('the build holds .br and .gz copies, and the server sends the one the browser accepts', async () => {
  const wasm = await wasmName();
  const plain = await readFile(join(DIST, wasm));
  const br = await rawGet(`/${wasm}`, 'gzip, deflate, br');
  assert.equal(br.status, 200);
  assert.equal(br.headers['content-encoding'], 'br');
  assert.equal(br.headers['content-type'], 'application/wasm');
  assert.equal(br.headers.vary, 'Accept-Encoding');
  assert.deepEqual(br.body, await readFile(join(DIST, `${wasm}.br`)), 'the build\'s brotli file');
  assert.ok(br.body.length < plain.length / 2, `brotli ${br.body.length} B of ${plain.length} B`);

  const gz = await rawGet(`/${wasm}`, 'gzip');
  assert.equal(gz.headers['content-encoding'], 'gzip');
  assert.deepEqual(gz.body, await readFile(join(DIST, `${wasm}.gz`)));
  const refused = await rawGet(`/${wasm}`, 'br;q=0, gzip');
  assert.equal(refused.headers['content-encoding'], 'gzip', 'q=0 refuses brotli');
  const none = await rawGet(`/${wasm}`, undefined);
  assert.equal(none.headers['content-encoding'], undefined);
  assert.deepEqual(none.body, plain);

  const page = await rawGet('/index.html', 'br');
  assert.equal(page.headers['content-encoding'], 'br');
  assert.equal(page.headers['content-type'], 'text/html; charset=utf-8');
  const worker = await rawGet('/sw.js', 'identity');
  assert.equal(worker.headers['content-type'], 'text/javascript; charset=utf-8');
  assert.match(worker.body.toString(), /const VERSION = '[0-9a-f]{16}';/, 'the build filled in the version');
  assert.doesNotMatch(worker.body.toString(), /__STAGELINE_SW_/, 'no placeholder left');
});

test('after one visit the app opens with no network, at / and at the blueprint\'s address, with the blueprint', async () => {
  const { context, page, problems } = await openApp(env.browser, env.server.url);
  try {
    const encodings = new Map();
    page.on('response', (r) => encodings.set(new URL(r.url()).pathname, r.headers()['content-encoding']));
    assert.equal(await controlled(page), 'activated');
    const version = await workerVersion(page);
    assert.deepEqual(await cacheNames(page), [`stageline-${version}`]);

    // A blueprint made and edited online.
    await page.getByRole('link', { name: /^Blank blueprint/ }).click();
    await page.getByRole('grid', { name: 'Service blueprint' }).waitFor();
    await addCardByDoubleClick(page, 'Customer actions', 0, 'Arrives');
    await addCardByDoubleClick(page, 'Frontstage actions', 1, 'Greets');
    const online = await storedWhen(page, (d) => d.cards.length === 2, 'two cards stored');
    await until(async () => (await page.evaluate(() => location.hash)) === `#/b/${online.id}`, { message: 'its address' });

    // A reload online: the page's request for the wasm, answered from the worker's cache,
    // carries the server's answer to the worker's install, compressed.
    await page.reload();
    await page.getByRole('banner').waitFor();
    const wasm = await wasmName();
    assert.equal(encodings.get(`/${wasm}`), 'br', 'the wasm was served with Content-Encoding br');

    await context.setOffline(true);
    assert.deepEqual(problems(), [], 'nothing failed online');
    const fetchFails = await page.evaluate(() => fetch(`/not-cached-${Date.now()}`).then(() => false, () => true));
    assert.ok(fetchFails, 'the network is cut (a file the worker has not cached cannot be fetched)');

    // Reload, then `/` (the blueprint opened last) and the blueprint's own address.
    for (const where of ['reload', '', `#/b/${online.id}`]) {
      if (where === 'reload') {
        await page.reload();
      } else {
        await page.goto('about:blank');
        await page.goto(env.server.url + where);
      }
      await page.getByRole('grid', { name: 'Service blueprint' }).waitFor({ timeout: 30_000 });
      await page.locator('.card', { hasText: 'Greets' }).waitFor();
      assert.equal(await page.evaluate(() => location.hash), `#/b/${online.id}`, `${where || '/'} opens the blueprint`);
      const doc = await storedDoc(page);
      assert.deepEqual(doc.cards.map((c) => c.title).sort(), ['Arrives', 'Greets']);
      assert.equal(doc.id, online.id);
    }

    // Editing offline is saved as ever.
    await addCardByDoubleClick(page, 'Backstage actions', 2, 'Prepares the room');
    await storedWhen(page, (d) => d.cards.some((c) => c.title === 'Prepares the room'), 'an offline edit stored');
    // Another page (the library) opens offline too.
    await page.goto(`${env.server.url}#/`);
    await page.getByRole('heading', { name: 'In this browser' }).waitFor();
    assert.deepEqual(problems(), ['console error: Failed to load resource: net::ERR_FAILED'], 'nothing failed but the probe');
  } finally {
    await context.close();
  }
});

test('a new release installs in the background; the notice says so, and Reload brings it without losing an edit', async () => {
  const next = await mkdtemp(join(tmpdir(), 'stageline-next-'));
  const { context, page, problems } = await openApp(env.browser, env.server.url, { path: '#/new' });
  try {
    await page.getByRole('grid', { name: 'Service blueprint' }).waitFor();
    await controlled(page);
    const first = await workerVersion(page);
    await addCardByDoubleClick(page, 'Customer actions', 0, 'Arrives');
    await storedWhen(page, (d) => d.cards.length === 1, 'the first card stored');
    const notice = page.getByRole('status').filter({ hasText: 'A new version of Stageline is ready.' });
    assert.equal(await notice.count(), 0, 'no notice while nothing new is deployed');

    // The next release at the same address: another worker version and a page that says so.
    await cp(DIST, next, { recursive: true });
    const sw = await readFile(join(next, 'sw.js'), 'utf8');
    const second = `${first}-next`;
    assert.ok(sw.includes(`'${first}'`));
    await writeFile(join(next, 'sw.js'), sw.replace(`'${first}'`, `'${second}'`));
    await rm(join(next, 'sw.js.br'), { force: true });
    await rm(join(next, 'sw.js.gz'), { force: true });
    const html = await readFile(join(next, 'index.html'), 'utf8');
    await writeFile(join(next, 'index.html'), html.replace('<head>', '<head><meta name="stageline-release" content="next">'));
    await rm(join(next, 'index.html.br'), { force: true });
    await rm(join(next, 'index.html.gz'), { force: true });
    env.server.serve(next);

    // The open tab checks for a new release (as it does every hour and the browser does on
    // every visit): the notice appears; the page is still the old one, served by the old worker.
    await page.evaluate(() => navigator.serviceWorker.getRegistration().then((r) => r.update()));
    await notice.waitFor({ timeout: 30_000 });
    assert.equal(await workerVersion(page), first, 'the old worker serves until the user reloads');
    assert.equal(await page.locator('meta[name=stageline-release]').count(), 0);

    // Accessible: axe-core on the notice, and both buttons in the tab order.
    await page.evaluate(AXE);
    const violations = await page.evaluate(async () => (await window.axe.run('.update-notice-region', { resultTypes: ['violations'] }))
      .violations.map((v) => `${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(' ')).join(', ')})`));
    assert.deepEqual(violations, [], 'axe-core on the update notice');

    // Dismissed, it goes; the next visit (still under the old worker) says so again.
    await notice.getByRole('button', { name: 'Not now' }).click();
    await notice.waitFor({ state: 'detached' });
    await page.reload();
    await page.getByRole('grid', { name: 'Service blueprint' }).waitFor();
    await notice.waitFor({ timeout: 30_000 });

    // An edit just before reloading, then Reload from the keyboard.
    await addCardByDoubleClick(page, 'Frontstage actions', 1, 'Greets');
    const reloadButton = notice.getByRole('button', { name: 'Reload' });
    let reached = false;
    for (let i = 0; i < 80 && !reached; i++) {
      await page.keyboard.press('Tab');
      reached = await reloadButton.evaluate((b) => b === document.activeElement);
    }
    assert.ok(reached, 'Reload is reached with Tab');
    const reloaded = page.waitForEvent('load');
    await page.keyboard.press('Enter');
    await reloaded;
    await page.getByRole('grid', { name: 'Service blueprint' }).waitFor();
    await page.locator('.card', { hasText: 'Greets' }).waitFor();

    assert.equal(await page.locator('meta[name=stageline-release]').getAttribute('content'), 'next', 'the new release\'s page');
    await until(async () => (await workerVersion(page).catch(() => null)) === second, { timeout: 10_000, message: 'the new worker in control' });
    await until(async () => JSON.stringify(await cacheNames(page)) === JSON.stringify([`stageline-${second}`]), { message: 'only the new cache left' });
    const doc = await storedDoc(page);
    assert.deepEqual(doc.cards.map((c) => c.title).sort(), ['Arrives', 'Greets'], 'the edit made just before is kept');
    assert.equal(await notice.count(), 0, 'no notice once the new version runs');
    assert.deepEqual(problems(), []);
  } finally {
    env.server.serve(DIST);
    await context.close();
    await rm(next, { recursive: true, force: true });
  }
});
