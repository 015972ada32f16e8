// The parts that load on demand (src/lazy.rs): the release build cuts the library page, the
// read-only viewer, the comparison page, the join page, the share dialog, the version history,
// the shortcut sheet, the workshop engine, the versions' code and the pictures' (SVG) code out
// of the main wasm module into chunks of their own (scripts/lib/wasm-split/wasm-bindgen,
// scripts/postbuild.py). A page opened by its address has its chunks asked for by index.html
// itself, with the main module (the route preload); the editor waits for no chunk: the
// engine's, the versions' and the pictures' chunks are fetched after its first frame (the
// versions' once the blueprint is stored),
// and the editor works without them; each other chunk is fetched only when its part is first
// shown, and the part then works; a chunk that cannot be fetched says so and "Try again" loads
// it; and after one visit (of the library page only) every part opens with the network cut,
// because the service worker cached the chunks with the rest of the build.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdir } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { randomBytes } from 'node:crypto';
import { withBrowser, openApp, addCardByDoubleClick, storedWhen, until } from './support.mjs';

const ROOT = new URL('../..', import.meta.url).pathname;
const DIST = resolve(process.env.STAGELINE_DIST ?? join(ROOT, 'dist'));
const env = withBrowser();

/** The part a chunk's address names (`split_<part>-<hash>.wasm`), or null for other files. */
function partOf(url) {
  return new URL(url).pathname.match(/^\/split_([a-z]+)-[0-9a-f]{16}\.wasm$/)?.[1] ?? null;
}

/**
 * Opens `path` in a fresh context without a service worker (so that every chunk is a request
 * of the page's own), collecting in order the parts whose chunks the page fetches.
 */
async function openCounting(path = '', ready = undefined) {
  const fetched = [];
  const requests = {};
  const opened = await openApp(env.browser, env.server.url, {
    path,
    ready,
    contextOptions: { serviceWorkers: 'block' },
    beforeGoto: (page) => page.on('request', (r) => {
      const part = partOf(r.url());
      if (part) requests[part] = (requests[part] ?? 0) + 1;
      if (part && !fetched.includes(part)) fetched.push(part);
    }),
  });
  return { ...opened, fetched, requests };
}

/** A room link on the server this build may reach (as the page says), for a new room. */
async function roomPath(page) {
  const server = await page.locator('meta[name="stageline-workshop-server"]').getAttribute('content');
  return `#/room?server=${encodeURIComponent(server)}&id=${randomBytes(16).toString('base64url')}`;
}

/**
 * Checks that index.html asked for `part`'s chunk itself (the route preload, at the same time
 * as the main module) and that the page used that one request.
 */
async function preloaded(page, requests, part) {
  const links = await page.evaluate((p) => [...document.querySelectorAll('link[rel=preload]')]
    .map((l) => l.getAttribute('href')).filter((h) => h.startsWith(`split_${p}-`)), part);
  assert.equal(links.length, 1, `index.html preloads the ${part} chunk: ${links}`);
  assert.equal(requests[part], 1, `one request for the ${part} chunk: ${JSON.stringify(requests)}`);
}

/** The parts the editor loads right after its first frame. */
const AFTER_FIRST_FRAME = ['details', 'pictures', 'versions', 'workshop'];

/**
 * Waits until the editor has fetched the parts it loads after its first frame, and checks that
 * each was asked for after that frame.
 */
async function afterFirstFrame(page, fetched) {
  await until(() => AFTER_FIRST_FRAME.every((p) => fetched.includes(p)), {
    timeout: 30_000,
    message: 'the details panel\'s fields\', the engine\'s and the versions\' chunks, after the first frame',
  });
  // A response's timing entry is there once it has arrived.
  const late = await until(async () => {
    const t = await page.evaluate(() => {
      const frame = performance.getEntriesByName('stageline:first-frame').at(-1)?.startTime;
      const starts = performance.getEntriesByType('resource')
        .filter((r) => /\/split_(details|pictures|versions|workshop)-/.test(r.name))
        .map((r) => ({ name: r.name, after: frame !== undefined && r.startTime > frame }));
      return { frame, starts };
    });
    return t.starts.length >= AFTER_FIRST_FRAME.length ? t : null;
  }, { timeout: 30_000, message: 'the timing of the chunks after the first frame' });
  assert.ok(late.frame !== undefined, 'the first frame was marked');
  assert.equal(late.starts.length, AFTER_FIRST_FRAME.length, JSON.stringify(late.starts));
  assert.ok(late.starts.every((s) => s.after), `asked for after the first frame: ${JSON.stringify(late)}`);
}

/**
 * Opens the version history, names the blueprint as it is, and follows "Compare with now" to
 * the comparison page.
 */
async function historyAndComparison(page) {
  await page.getByRole('button', { name: 'History…' }).click();
  const history = page.getByRole('dialog', { name: 'Version history' });
  await history.waitFor({ timeout: 30_000 });
  await page.keyboard.type('Before lunch');
  await page.keyboard.press('Enter');
  await history.getByRole('group', { name: /Before lunch/ }).getByRole('link', { name: 'Compare with now' }).click();
  await page.getByRole('complementary', { name: 'Changes' }).waitFor({ timeout: 30_000 });
  await page.locator('.compare__summary', { hasText: 'No changes: the two versions are the same.' }).waitFor();
}

/** Opens the shortcut sheet with "?" and closes it with Escape. */
async function shortcutSheet(page) {
  // From outside any field, where "?" is a shortcut and not a character.
  await page.evaluate(() => document.activeElement?.blur());
  await page.keyboard.press('?');
  const sheet = page.getByRole('dialog', { name: 'Keyboard shortcuts' });
  await sheet.waitFor();
  assert.ok(await sheet.getByText('Undo').first().isVisible(), 'the sheet lists the shortcuts');
  await page.keyboard.press('Escape');
  await sheet.waitFor({ state: 'detached' });
}

/** Opens the share dialog and returns its read-only link; leaves the dialog open. */
async function shareLink(page) {
  await page.getByRole('button', { name: 'Share & export…' }).click();
  const dialog = page.getByRole('dialog', { name: 'Share and export' });
  await dialog.waitFor();
  const link = await dialog.getByRole('textbox', { name: 'Read-only link' }).inputValue();
  assert.match(link, /#\/view\/1/);
  return link;
}

test('the build has the eleven parts as chunks of their own, and one hashed loader', async () => {
  const files = await readdir(DIST);
  const parts = files.filter((f) => f.endsWith('.wasm')).map((f) => partOf(`http://x/${f}`)).filter(Boolean).sort();
  assert.deepEqual(parts, ['comparison', 'details', 'history', 'home', 'join', 'pictures', 'share', 'shortcuts', 'versions', 'viewer', 'workshop']);
  const loaders = files.filter((f) => /^__wasm_split-[0-9a-f]{16}\.js$/.test(f));
  assert.equal(loaders.length, 1, `one hashed loader: ${loaders}`);
});

test('each part is fetched when it is first shown, and works', async () => {
  const { context, page, problems, fetched, requests } = await openCounting();
  try {
    // The library page, a new visitor's first screen, is a part that index.html asks for
    // with the main module.
    await page.getByRole('heading', { name: 'Start a blueprint' }).waitFor();
    assert.deepEqual(fetched, ['home']);
    await preloaded(page, requests, 'home');

    // Nor does the editor: the details panel's fields, the engine's and the versions' parts
    // come after its first frame (the panel's fields are there as soon as it is painted).
    await page.getByRole('link', { name: /^Blank blueprint/ }).click();
    await page.getByRole('grid', { name: 'Service blueprint' }).waitFor();
    const details = page.getByRole('complementary', { name: 'Details' });
    await details.getByRole('heading', { name: 'Blueprint', exact: true }).waitFor();
    await addCardByDoubleClick(page, 'Customer actions', 0, 'Arrives');
    await page.locator('.card', { hasText: 'Arrives' }).click();
    await details.getByRole('heading', { name: 'Card', exact: true }).waitFor();
    const description = details.getByRole('textbox', { name: 'Description' });
    await description.fill('Checks in at the desk');
    await description.press('Tab');
    await storedWhen(page, (d) => d.cards.some((c) => c.description === 'Checks in at the desk'), 'the description typed in the details panel, stored');
    await afterFirstFrame(page, fetched);
    const onUse = () => fetched.filter((p) => p !== 'home' && !AFTER_FIRST_FRAME.includes(p));
    assert.deepEqual(onUse(), [], 'no other chunk for the first screen');

    // The shortcut sheet and the share dialog, on first use.
    await shortcutSheet(page);
    assert.deepEqual(onUse(), ['shortcuts']);
    const link = await shareLink(page);
    assert.deepEqual(onUse(), ['shortcuts', 'share']);
    const room = await roomPath(page);
    await page.keyboard.press('Escape');
    await historyAndComparison(page);
    assert.deepEqual(onUse(), ['shortcuts', 'share', 'history', 'comparison']);
    assert.deepEqual(problems(), []);

    // The read-only viewer and the join page, each in a page of its own.
    const viewer = await openCounting(link.slice(env.server.url.length));
    const seen = viewer.fetched;
    await viewer.page.locator('.card', { hasText: 'Arrives' }).waitFor();
    await viewer.page.getByRole('list', { name: 'Marker legend' }).waitFor();
    assert.deepEqual(seen.filter((p) => !AFTER_FIRST_FRAME.includes(p)), ['viewer'], 'only the viewer\'s chunk (and after its first frame the details panel\'s and the pictures\')');
    await preloaded(viewer.page, viewer.requests, 'viewer');
    assert.deepEqual(viewer.problems(), []);
    await viewer.context.close();

    const joining = await openCounting(room, (p) => p.getByRole('heading', { name: 'Join a live workshop' }).waitFor({ timeout: 30_000 }));
    const joined = joining.fetched;
    await joining.page.getByLabel('Your name (others in the room see it)').waitFor();
    assert.deepEqual(joined, ['join'], 'only the join page\'s chunk');
    await preloaded(joining.page, joining.requests, 'join');
    assert.deepEqual(joining.problems(), []);
    await joining.context.close();
  } finally {
    await context.close();
  }
});

test('a part whose chunk cannot be fetched says so, the app goes on, and Try again loads it', async () => {
  const { context, page, problems } = await openCounting('#/new');
  try {
    await page.getByRole('grid', { name: 'Service blueprint' }).waitFor();
    let blocked = true;
    let refused = 0;
    await page.route((url) => partOf(url.href) === 'share', (route) => {
      if (!blocked) return route.continue();
      refused += 1;
      return route.abort('internetdisconnected');
    });
    await page.getByRole('button', { name: 'Share & export…' }).click();
    const alert = page.getByRole('alert').filter({ hasText: 'The share dialog could not be loaded' });
    await alert.waitFor();
    assert.ok(refused >= 1, 'the chunk was asked for and refused');
    assert.equal(await page.getByRole('dialog', { name: 'Share and export' }).count(), 0);

    // The editor still works: a card added now is stored.
    await addCardByDoubleClick(page, 'Customer actions', 0, 'Still editing');
    await storedWhen(page, (d) => d.cards.some((c) => c.title === 'Still editing'), 'an edit after the failed load, stored');

    // Back online, Try again brings the dialog.
    blocked = false;
    await alert.getByRole('button', { name: 'Try again' }).click();
    const dialog = page.getByRole('dialog', { name: 'Share and export' });
    await dialog.waitFor();
    assert.match(await dialog.getByRole('textbox', { name: 'Read-only link' }).inputValue(), /#\/view\/1/);
    assert.equal(await alert.count(), 0, 'the message is gone');
    // The refused request, and the chunk loader's report of it.
    const unexpected = problems().filter((p) => !/Failed to load resource: net::ERR_INTERNET_DISCONNECTED|^console error: TypeError: Failed to fetch\n[^]*__wasm_split-/.test(p));
    assert.deepEqual(unexpected, []);
  } finally {
    await context.close();
  }
});

test('without the chunks it loads after its first frame the editor opens, edits, stores and undoes, says what is missing, and loads the engine once back online', async () => {
  const refused = [];
  const { context, page, problems } = await openCounting('', (p) => p.getByRole('heading', { name: 'Start a blueprint' }).waitFor());
  try {
    await page.route((url) => AFTER_FIRST_FRAME.includes(partOf(url.href)), (route) => {
      refused.push(partOf(route.request().url()));
      return route.abort('internetdisconnected');
    });
    await page.getByRole('link', { name: /^Blank blueprint/ }).click();
    await page.getByRole('grid', { name: 'Service blueprint' }).waitFor();
    // The status line says so (a new blueprint has no version due yet, so only the engine).
    await page.getByRole('status').filter({ hasText: 'The workshop engine could not be loaded' }).waitFor({ timeout: 30_000 });
    await addCardByDoubleClick(page, 'Customer actions', 0, 'Without the engine');
    await storedWhen(page, (d) => d.cards.some((c) => c.title === 'Without the engine'), 'an edit without the engine, stored');
    // (The versions' part is asked for once the new blueprint is first stored.)
    await until(() => AFTER_FIRST_FRAME.every((p) => refused.includes(p)), { timeout: 30_000, message: `every chunk asked for: ${refused}` });
    // Undo is the editor's own until the engine begins.
    await page.evaluate(() => document.activeElement?.blur());
    await page.keyboard.press('Control+z');
    await storedWhen(page, (d) => !d.cards.some((c) => c.title === 'Without the engine'), 'the card undone, stored');
    assert.equal(await page.evaluate(() => performance.getEntriesByName('stageline:engine').length), 0, 'no engine began');
    // Back online, the engine loads and begins (the browser says so with an online event).
    await page.unrouteAll();
    await page.evaluate(() => window.dispatchEvent(new Event('online')));
    await until(() => page.evaluate(() => performance.getEntriesByName('stageline:engine').length === 1), {
      timeout: 30_000, message: 'the engine began once back online',
    });
    const unexpected = problems().filter((p) => !/Failed to load resource: net::ERR_INTERNET_DISCONNECTED|^console error: TypeError: Failed to fetch\n[^]*__wasm_split-/.test(p));
    assert.deepEqual(unexpected, []);
  } finally {
    await context.close();
  }
});

test('after one visit of the library page, every part opens with the network cut', async () => {
  const { context, page, problems } = await openApp(env.browser, env.server.url);
  try {
    await page.getByRole('heading', { name: 'Start a blueprint' }).waitFor();
    // Wait until the service worker controls the page: it has cached the whole build then.
    await page.evaluate(() => new Promise((ok) => {
      if (navigator.serviceWorker.controller) ok();
      else navigator.serviceWorker.addEventListener('controllerchange', () => ok(), { once: true });
    }));
    const room = await roomPath(page);
    await context.setOffline(true);

    await page.goto('about:blank');
    await page.goto(`${env.server.url}#/new`);
    await page.getByRole('grid', { name: 'Service blueprint' }).waitFor({ timeout: 30_000 });
    await page.getByRole('complementary', { name: 'Details' }).getByRole('heading', { name: 'Blueprint', exact: true }).waitFor();
    await addCardByDoubleClick(page, 'Customer actions', 0, 'Offline card');
    await storedWhen(page, (d) => d.cards.some((c) => c.title === 'Offline card'), 'an offline edit stored');
    // The engine and the versions' code load from the cache: the engine begins, and on
    // leaving the page (a reload) the blueprint as it was is kept as a version, before the
    // page goes.
    await page.waitForFunction(() => performance.getEntriesByName('stageline:engine').length > 0, null, { timeout: 30_000 });
    await page.waitForFunction(() => performance.getEntriesByName('stageline:versions-loaded').length > 0, null, { timeout: 30_000 });
    const snapshots = () => page.evaluate(() => Object.keys(localStorage).filter((k) => k.startsWith('stageline:v1:snap:')).length);
    assert.equal(await snapshots(), 0, 'no version yet: the blueprint was new when opened');
    await page.reload();
    await page.getByRole('grid', { name: 'Service blueprint' }).waitFor({ timeout: 30_000 });
    assert.equal(await snapshots(), 1, 'the version on leaving was kept');
    await shortcutSheet(page);
    const link = await shareLink(page);
    await page.keyboard.press('Escape');
    await historyAndComparison(page);

    await page.goto('about:blank');
    await page.goto(link);
    await page.locator('.card', { hasText: 'Offline card' }).waitFor({ timeout: 30_000 });
    await page.getByRole('list', { name: 'Marker legend' }).waitFor();

    await page.goto('about:blank');
    await page.goto(`${env.server.url}${room}`);
    await page.getByRole('heading', { name: 'Join a live workshop' }).waitFor({ timeout: 30_000 });

    await page.goto('about:blank');
    await page.goto(`${env.server.url}#/`);
    await page.getByRole('heading', { name: 'In this browser' }).waitFor({ timeout: 30_000 });
    assert.deepEqual(problems(), [], 'no part failed to load offline');
  } finally {
    await context.close();
  }
});
