// One measurement each: open a generated blueprint, drag a card, add and undo a card, export,
// import, share, memory. Each takes a fresh browser context so runs do not affect each other.

import { readFile } from 'node:fs/promises';
import { until, center } from '../tests/browser/support.mjs';
import { instrument } from './instrument.mjs';

/** Opens the app with `doc` (text) stored as the last blueprint, and waits for the first
 * complete render: the page painted and then quiet for `quietMs`. */
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
  await page.locator('.card').first().waitFor({ timeout: 120_000 });
  await until(
    () =>
      page.evaluate(
        (quiet) => window.__bench.painted !== null && performance.now() - window.__bench.lastMutation > quiet,
        quietMs,
      ),
    { timeout: 120_000, interval: 100, message: 'the page to settle' },
  );
  const timing = await page.evaluate(() => ({
    loadToRender: window.__bench.painted,
    wasmReady: window.__bench.wasmReady,
    canvasStart: performance.getEntriesByName('stageline:render-start')[0]?.startTime ?? null,
  }));
  return {
    context,
    page,
    id,
    problems: () => problems,
    loadToRender: timing.loadToRender,
    // From the app's wasm starting (parse, state, views, first save) to the painted frame.
    startToRender: timing.wasmReady === null ? null : timing.loadToRender - timing.wasmReady,
    // From the canvas starting to build its views to the painted frame (when the app marks it).
    render: timing.canvasStart === null ? null : timing.loadToRender - timing.canvasStart,
  };
}

/** The first card wholly inside the viewport, as a locator. */
async function visibleCard(page) {
  const index = await page.evaluate(() => {
    const vp = document.querySelector('.viewport').getBoundingClientRect();
    const cards = [...document.querySelectorAll('.card')];
    return cards.findIndex((c) => {
      const r = c.getBoundingClientRect();
      return r.top >= vp.top + 60 && r.bottom <= vp.bottom - 60 && r.left >= vp.left + 170 && r.right <= vp.right - 300;
    });
  });
  if (index < 0) throw new Error('no card in view');
  return page.locator('.card').nth(index);
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
 * Times `action` in the page from its first `eventType` event: `handled` (to the end of the
 * event's task) and `painted` (to the end of the first frame in which the page's
 * `__bench.ready[ready](arg)` holds).
 * The timer is armed before the action starts, so the event cannot slip past it.
 */
async function timeAction(page, eventType, ready, arg, action) {
  await page.evaluate(
    ([eventType, ready, arg]) => {
      const check = window.__bench.ready[ready];
      window.__bench.pending = window.__bench.timeNext(eventType, () => check(arg));
    },
    [eventType, ready, arg],
  );
  await action();
  return page.evaluate(() => window.__bench.pending);
}

/** Adds one card with `N` on a focused card, then undoes it; each timed from its key. */
export async function addAndUndo(app) {
  const { page } = app;
  const card = await visibleCard(page);
  await card.click();
  await page.waitForTimeout(500); // past the double-tap window
  const added = await timeAction(page, 'keydown', 'titleEditorOpen', null, () =>
    page.keyboard.press('n'),
  );
  await page.locator('.card__title-editor').waitFor();
  const newId = await page.evaluate(() => document.querySelector('.card__title-editor').closest('.card').id);
  await page.keyboard.press('Escape');
  await until(() => page.evaluate(() => document.querySelector('.card__title-editor') === null), { message: 'the editor to close' });
  await page.waitForTimeout(100);
  const undone = await timeAction(page, 'keydown', 'gone', newId, () =>
    page.keyboard.press('Control+z'),
  );
  return { add: added, undo: undone };
}

/** Exports through the "Download JSON" button; null while the app has none. */
export async function exportJson(app) {
  const { page } = app;
  const button = page.getByRole('button', { name: 'Download JSON' });
  if ((await button.count()) === 0) return null;
  const t0 = Date.now();
  const [download] = await Promise.all([page.waitForEvent('download'), button.click()]);
  const ms = Date.now() - t0;
  await download.delete().catch(() => {});
  return ms;
}

/** Imports `file` through the "Import a blueprint file" input, until its title shows; null
 * while the app has no such input. */
export async function importJson(app, file, title) {
  const { page } = app;
  const input = page.getByLabel('Import a blueprint file');
  if ((await input.count()) === 0) return null;
  const t0 = Date.now();
  await input.setInputFiles(file);
  await until(
    () =>
      page.evaluate(
        (title) =>
          document.querySelector('[role=banner]')?.textContent.includes(title) ||
          [...document.querySelectorAll('input')].some((i) => i.value === title),
        title,
      ),
    { timeout: 60_000, interval: 5, message: 'the imported blueprint' },
  );
  return Date.now() - t0;
}

/**
 * Share-link encode and decode times and the link's length; null until the app has a share
 * UI (issue 6). When it lands, fill this in: press the share button, time until the link is
 * ready, read its length, then open the link in a fresh context and time until it renders.
 */
export async function share(_app) {
  return null;
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
