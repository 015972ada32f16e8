// One measurement each: open a generated blueprint, drag a card, add and undo a card, export,
// import, share, memory. Each takes a fresh browser context so runs do not affect each other.

import { readFile } from 'node:fs/promises';
import { until, center } from '../tests/browser/support.mjs';
import { instrument } from './instrument.mjs';
import { median } from './stats.mjs';

/** Opens the app with `doc` (text) stored as the last blueprint, and waits until the page
 * settles: painted and then quiet for `quietMs`. The render figures end when the browser
 * presents the first frame with the blueprint: its First Contentful Paint (the page has no
 * content before the editor), which comes after the app's `stageline:first-frame` mark (set
 * just before that frame). `settled` ends at the last change (the margin around the view
 * rendered ahead of scrolling, checks and metrics, the first save). */
export async function openBlueprint(browser, baseUrl, doc, { quietMs = 600 } = {}) {
  const { id } = JSON.parse(doc);
  const context = await browser.newContext({ viewport: { width: 1440, height: 900 } });
  await context.addInitScript(instrument);
  const page = await context.newPage();
  const problems = [];
  page.on('pageerror', (err) => problems.push(`page error: ${err.message}`));
  page.on('console', (msg) => {
    if (msg.type() === 'error') problems.push(`console error: ${msg.text()}`);
  });
  // A static file of the same origin, so the storage can be filled before the app starts.
  await page.goto(`${baseUrl}favicon.svg`);
  await page.evaluate(
    ([id, doc]) => {
      localStorage.clear();
      localStorage.setItem(`stageline:v1:doc:${id}`, doc);
      localStorage.setItem('stageline:v1:last', id);
    },
    [id, doc],
  );
  await page.goto(`${baseUrl}#/b/${id}`);
  await firstPaint(page);
  await until(
    () =>
      page.evaluate(
        (quiet) => window.__bench.painted !== null && performance.now() - window.__bench.lastMutation > quiet,
        quietMs,
      ),
    { timeout: 120_000, interval: 100, message: 'the page to settle' },
  );
  await page.locator('.card').first().waitFor({ timeout: 10_000 });
  const timing = await page.evaluate(() => {
    const at = (name) => performance.getEntriesByName(name)[0]?.startTime ?? null;
    const firstFrame = at('stageline:first-frame');
    const fcp = at('first-contentful-paint');
    return {
      shown: firstFrame === null || fcp === null || fcp < firstFrame ? null : fcp,
      settled: window.__bench.painted,
      wasmReady: window.__bench.wasmReady,
      canvasStart: at('stageline:render-start'),
    };
  });
  const since = (from, to) => (from === null || to === null ? null : to - from);
  return {
    context,
    page,
    id,
    baseUrl,
    problems: () => problems,
    loadToRender: timing.shown,
    // From the app's wasm starting (parse, state, views) to the painted frame.
    startToRender: since(timing.wasmReady, timing.shown),
    // From the canvas starting to build its views to the painted frame.
    render: since(timing.canvasStart, timing.shown),
    // From navigation start until the page stopped changing.
    settled: timing.settled,
  };
}

/** Waits for the first contentful paint without touching the DOM before it: Playwright's
 * locators inject a script of their own into the page, which would run (parse, compile,
 * garbage) inside the load being measured. Plain `evaluate` polls are a fraction of a ms. */
async function firstPaint(page) {
  await until(() => page.evaluate(() => window.__bench.fcp !== null), {
    timeout: 120_000,
    interval: 50,
    message: 'the first contentful paint',
  });
}

/** The first card wholly inside the viewport, as a locator. */
async function visibleCard(page) {
  const id = await page.evaluate(() => {
    const vp = document.querySelector('.viewport').getBoundingClientRect();
    const card = [...document.querySelectorAll('.card')].find((c) => {
      const r = c.getBoundingClientRect();
      return r.top >= vp.top + 60 && r.bottom <= vp.bottom - 60 && r.left >= vp.left + 170 && r.right <= vp.right - 300;
    });
    return card ? CSS.escape(card.id) : null;
  });
  if (!id) throw new Error('no card in view');
  // By its ID: a card added above it in a later round would shift its place in the list.
  return page.locator(`#${id}`);
}

/** Drags a card across the grid for `ms` with real mouse input; frame times and the time
 * from pointerup until the move is saved. */
export async function drag(app, { ms = 2000 } = {}) {
  const { page } = app;
  const card = await visibleCard(page);
  const from = await center(card);
  const vp = await page.locator('.viewport').boundingBox();
  await page.evaluate(() => window.__bench.startFrames());
  await page.mouse.move(from.x, from.y);
  await page.mouse.down();
  const start = Date.now();
  let k = 0;
  // A slow zigzag over the stages in view, away from the auto-scrolling edges.
  const left = vp.x + 200;
  const width = vp.width - 500;
  const top = vp.y + 80;
  const height = Math.min(vp.height - 160, 500);
  while (Date.now() - start < ms) {
    const phase = (Date.now() - start) / 1000;
    const x = left + (width * (1 - Math.cos(phase * Math.PI))) / 2;
    const y = top + (height * (1 - Math.cos(phase * Math.PI * 3))) / 2;
    await page.mouse.move(x, y);
    k += 1;
    await new Promise((r) => setTimeout(r, 4));
  }
  const frames = await page.evaluate(() => window.__bench.stopFrames());
  // Drop the card in a cell other than the one it came from, so the drag changes the document
  // and there is a save to wait for.
  const target = await page.evaluate(
    ([x, y]) => {
      const vp = document.querySelector('.viewport').getBoundingClientRect();
      const home = document.elementsFromPoint(x, y).find((e) => e.classList.contains('cell'));
      const inView = (r) => r.left >= vp.left + 170 && r.right <= vp.right - 250 && r.top >= vp.top + 60 && r.top + 80 <= vp.bottom - 60;
      const other = [...document.querySelectorAll('.cell')].find((c) => c !== home && inView(c.getBoundingClientRect()));
      if (!other) return null;
      const r = other.getBoundingClientRect();
      return { x: r.left + r.width / 2, y: r.top + 40 };
    },
    [from.x, from.y],
  );
  if (target) await page.mouse.move(target.x, target.y, { steps: 4 });
  const writesBefore = await page.evaluate(() => window.__bench.docWrites.length);
  await page.evaluate(
    (writesBefore) => {
      window.__bench.pending = new Promise((resolve) => {
        let t0 = null;
        addEventListener('pointerup', () => (t0 ??= performance.now()), { capture: true, once: true });
        // The app's own mark after a verified save when it has one, else the stored write.
        const poll = () => {
          const marks = performance.getEntriesByName('stageline:saved');
          const at =
            t0 === null
              ? undefined
              : marks.length > 0
                ? marks.find((m) => m.startTime >= t0)?.startTime
                : window.__bench.docWrites.slice(writesBefore).find((t) => t >= t0);
          if (at !== undefined) resolve({ ms: at - t0, via: marks.length > 0 ? 'mark' : 'storage' });
          else setTimeout(poll, 1);
        };
        poll();
        setTimeout(() => resolve(null), 20_000);
      });
    },
    writesBefore,
  );
  await page.waitForTimeout(20);
  await page.mouse.up();
  const save = await page.evaluate(() => window.__bench.pending);
  return { moves: k, intervals: frames.intervals, work: frames.work, pointerupToSaved: save?.ms ?? null, savedVia: save?.via };
}

/**
 * Times `action` in the page from its first `eventType` event (of key `key`, if given):
 * `handled` (to the end of the event's task) and `painted` (to the end of the first frame in
 * which the page's `__bench.ready[ready](arg)` holds).
 * The timer is armed before the action starts, so the event cannot slip past it.
 */
async function timeAction(page, eventType, ready, arg, action, key = null) {
  await page.evaluate(
    ([eventType, ready, arg, key]) => {
      const check = window.__bench.ready[ready];
      window.__bench.pending = window.__bench.timeNext(eventType, () => check(arg), key);
    },
    [eventType, ready, arg, key],
  );
  await action();
  return page.evaluate(() => window.__bench.pending);
}

/** How many more add-and-undo rounds follow the first one in the same page. */
export const REPEATED_EDITS = 5;

/**
 * Adds one card with `N` on a focused card, then undoes it; each timed from its key. The
 * first round runs the editing code for the first time in the page (V8 compiles it then);
 * `REPEATED_EDITS` more rounds on the same card give the cost of an edit as a workshop has it
 * (`again`: their medians), the figure that shows whether an edit costs more in a larger
 * blueprint.
 */
export async function addAndUndo(app) {
  const { page } = app;
  const card = await visibleCard(page);
  const rounds = [];
  for (let round = 0; round <= REPEATED_EDITS; round++) {
    await card.click();
    await page.waitForTimeout(500); // past the double-tap window
    const added = await timeAction(page, 'keydown', 'titleEditorOpen', null, () =>
      page.keyboard.press('n'), 'n',
    );
    await page.locator('.card__title-editor').waitFor();
    const newId = await page.evaluate(() => document.querySelector('.card__title-editor').closest('.card').id);
    await page.keyboard.press('Escape');
    await until(() => page.evaluate(() => document.querySelector('.card__title-editor') === null), { message: 'the editor to close' });
    await page.waitForTimeout(100);
    const undone = await timeAction(page, 'keydown', 'gone', newId, () =>
      page.keyboard.press('Control+z'), 'z',
    );
    await until(() => page.evaluate((id) => document.getElementById(id) === null, newId), { message: 'the added card to go' });
    // Past the autosave's debounce, so the next round does not share a task with a save.
    await page.waitForTimeout(600);
    rounds.push({ add: added, undo: undone });
  }
  const again = (what, figure) => median(rounds.slice(1).map((r) => r[what]?.[figure]));
  return {
    add: rounds[0].add,
    undo: rounds[0].undo,
    addAgain: { handled: again('add', 'handled'), painted: again('add', 'painted') },
    undoAgain: { handled: again('undo', 'handled'), painted: again('undo', 'painted') },
  };
}

/** The duration of the newest User Timing measure `name` the app recorded after `since`
 * (page time), waiting for it; null if it never comes. */
async function appMeasure(page, name, since, timeout = 60_000) {
  const found = await until(
    () =>
      page.evaluate(
        ([name, since]) => {
          const m = performance.getEntriesByName(name, 'measure').filter((e) => e.startTime >= since);
          return m.length ? { d: m[m.length - 1].duration } : null;
        },
        [name, since],
      ),
    { timeout, interval: 5, message: `the app's ${name} measure` },
  ).catch(() => null);
  return found?.d ?? null;
}

/** Exports through the "Download JSON" button: the app's own time (flush, serialize, hand
 * the file to the browser) and the time from the click to the browser's download event. */
export async function exportJson(app) {
  const { page } = app;
  const button = page.getByRole('button', { name: 'Download JSON' });
  const since = await page.evaluate(() => performance.now());
  const t0 = Date.now();
  const [download] = await Promise.all([page.waitForEvent('download'), button.click()]);
  const toDownload = Date.now() - t0;
  await download.delete().catch(() => {});
  return { app: await appMeasure(page, 'stageline:export', since), toDownload };
}

/** Imports `file` through the library's "Open a file…" input: the app's own time
 * (parse, check, migrate, store) and the time from choosing the file until its title shows. */
export async function importJson(app, file, title) {
  const { page } = app;
  await page.evaluate(() => (location.hash = '#/'));
  const input = page.getByLabel('Open a file…');
  await input.waitFor({ state: 'attached', timeout: 30_000 });
  const since = await page.evaluate(() => performance.now());
  const t0 = Date.now();
  await input.setInputFiles(file);
  await until(
    () =>
      page.evaluate(
        (title) =>
          document.querySelector('.app-header__title')?.textContent.includes(title) ||
          [...document.querySelectorAll('input')].some((i) => i.value === title),
        title,
      ),
    { timeout: 60_000, interval: 5, message: 'the imported blueprint' },
  );
  const toShown = Date.now() - t0;
  return { app: await appMeasure(page, 'stageline:import', since), toShown };
}

/**
 * A read-only share link of the whole blueprint: the app's encode time when the Share dialog
 * opens, the link's length, then the link opened in a new tab: the app's decode time and the
 * time from navigation to the viewer's first complete render.
 */
export async function share(app) {
  const { page } = app;
  const since = await page.evaluate(() => performance.now());
  await page.getByRole('button', { name: 'Share & export…' }).click();
  const field = page.getByLabel('Read-only link');
  await until(() => field.inputValue().then((v) => v.length > 0), { timeout: 60_000, message: 'the share link' });
  const link = await field.inputValue();
  const encode = await appMeasure(page, 'stageline:share-encode', since);
  await page.keyboard.press('Escape');
  const viewer = await page.context().newPage();
  try {
    await viewer.goto(link);
    await firstPaint(viewer);
    await until(
      () => viewer.evaluate(() => window.__bench.painted !== null && performance.now() - window.__bench.lastMutation > 600),
      { timeout: 120_000, interval: 100, message: 'the viewer to settle' },
    );
    await viewer.locator('.card').first().waitFor({ timeout: 10_000 });
    const decode = await appMeasure(viewer, 'stageline:share-decode', 0);
    const open = await viewer.evaluate(
      () => performance.getEntriesByName('first-contentful-paint')[0]?.startTime ?? null,
    );
    return { encode, decode, length: link.length, openToRender: open };
  } finally {
    await viewer.close();
  }
}

/** Opens the blueprint again in the same browser profile, as a returning user does: the
 * files come from the HTTP cache and V8 reuses the wasm code it compiled and cached on the
 * earlier visit (a first visit compiles each function lazily, on its first call, on the main
 * thread). Navigation start to first contentful paint, and canvas start to that paint. */
export async function reload(app) {
  const { page, baseUrl, id } = app;
  await page.goto(`${baseUrl}favicon.svg`);
  await page.goto(`${baseUrl}#/b/${id}`);
  await firstPaint(page);
  const t = await page.evaluate(() => ({
    fcp: window.__bench.fcp,
    canvasStart: performance.getEntriesByName('stageline:render-start')[0]?.startTime ?? null,
  }));
  await page.locator('.card').first().waitFor({ timeout: 10_000 });
  return { loadToRender: t.fcp, render: t.canvasStart === null ? null : t.fcp - t.canvasStart };
}

/** JS heap (Chromium's metrics) and wasm linear memory after load, in bytes. */
export async function memory(app) {
  const { page } = app;
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('HeapProfiler.collectGarbage').catch(() => {});
  await cdp.send('Performance.enable');
  const { metrics } = await cdp.send('Performance.getMetrics');
  const metric = (name) => metrics.find((m) => m.name === name)?.value ?? null;
  const wasm = await page.evaluate(() => window.__bench.wasmMemory?.buffer.byteLength ?? null);
  await cdp.detach();
  return { jsHeap: metric('JSHeapUsedSize'), wasmMemory: wasm };
}

/** Reads a generated blueprint file. */
export function readDoc(file) {
  return readFile(file, 'utf8');
}
