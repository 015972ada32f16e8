// Shared set-up for the browser tests: a static server over the release build in dist/ and a
// headless Chromium (Debian's) driven by playwright-core. Each test gets a fresh browser
// context, so storage starts empty unless the test says otherwise.

import { readFile, stat } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import assert from 'node:assert/strict';
import { before, after } from 'node:test';
import { chromium } from 'playwright-core';
import { serveStatic } from '../../scripts/lib/static-server.mjs';

const DIST = resolve(process.env.STAGELINE_DIST ?? new URL('../../dist', import.meta.url).pathname);
const CHROMIUM = process.env.STAGELINE_CHROMIUM ?? '/usr/bin/chromium';

/**
 * Serves dist/ as any static host would (scripts/lib/static-server.mjs: unknown paths fall back
 * to index.html; the precompressed .br and .gz copies are served when the browser accepts
 * them). `serve(dir)` switches to another build at the same address (the same origin, so the
 * same service worker and storage), as a new release deployed there.
 */
export async function startServer(root = DIST) {
  let current = resolve(root);
  await stat(join(current, 'index.html')).catch(() => {
    throw new Error(`no build found in ${current}: run scripts/test (or trunk build --release) first`);
  });
  const server = await serveStatic(() => current, { cacheControl: 'no-store' });
  const { port } = server.address();
  return {
    url: `http://127.0.0.1:${port}/`,
    serve: (dir) => {
      current = resolve(dir);
    },
    close: () => new Promise((ok) => server.close(ok)),
  };
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
 * `beforeGoto(page)`, if given, runs before the first navigation; `ready(page)` replaces the
 * wait for the app's header.
 */
export async function openApp(browser, baseUrl, { path = '', contextOptions = {}, beforeGoto, ready } = {}) {
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
  // Listeners that must see the page's first requests (`beforeGoto(page)`).
  await beforeGoto?.(page);
  await page.goto(baseUrl + path);
  // The wasm app has mounted once its header is in the DOM (index.html has none); pages
  // without one (the join page) say what to wait for with `ready(page)`.
  if (ready) await ready(page);
  else await page.getByRole('banner').waitFor({ timeout: 30_000 });
  return { context, page, problems: () => problems };
}

/** The blueprint the app last saved in local storage, parsed (what an export would contain). */
export async function storedDoc(page) {
  const text = await page.evaluate(() => {
    const id = localStorage.getItem('stageline:v1:last');
    return id ? localStorage.getItem(`stageline:v1:doc:${id}`) : null;
  });
  if (text === null) throw new Error('no blueprint saved in local storage');
  return JSON.parse(text);
}

/** Polls `fn` until it returns a truthy value (or throws after `timeout` ms). */
export async function until(fn, { timeout = 5000, interval = 50, message = 'condition' } = {}) {
  const end = Date.now() + timeout;
  let last;
  while (Date.now() < end) {
    try {
      last = await fn();
      if (last) return last;
    } catch (err) {
      last = err;
    }
    await new Promise((r) => setTimeout(r, interval));
  }
  throw new Error(`timed out waiting for ${message}; last: ${last instanceof Error ? last.message : JSON.stringify(last)}`);
}

/** Lane and stage IDs of a stored document, by lane kind and stage index. */
export function ids(doc) {
  const lane = Object.fromEntries(doc.lanes.map((l) => [l.kind, l.id]));
  return { lane, stage: doc.stages.map((s) => s.id) };
}

/** The grid cell of a lane (by its name) in a stage (by index; by its column, as only the
 * cells in view are rendered). */
export function cell(page, laneName, stageIndex) {
  return page
    .getByRole('row')
    .filter({ has: page.getByRole('rowheader', { name: laneName }) })
    .locator(`[role=gridcell][aria-colindex="${stageIndex + 2}"]`);
}

/** Drags with the mouse from one point to another in small steps, as a hand does. */
export async function mouseDrag(page, from, to, { steps = 12, beforeUp } = {}) {
  await page.mouse.move(from.x, from.y);
  await page.mouse.down();
  await page.mouse.move(from.x + 3, from.y + 3, { steps: 2 });
  await page.mouse.move(to.x, to.y, { steps });
  if (beforeUp) await beforeUp();
  await page.mouse.up();
}

/** The centre of an element's box on screen. */
export async function center(locator) {
  const box = await locator.boundingBox();
  if (!box) throw new Error('element not visible');
  return { x: box.x + box.width / 2, y: box.y + box.height / 2 };
}

/** Adds a card with a title to a cell by double-clicking it, as a user does. */
export async function addCardByDoubleClick(page, laneName, stageIndex, title) {
  const target = cell(page, laneName, stageIndex);
  const box = await target.boundingBox();
  await page.mouse.dblclick(box.x + box.width / 2, box.y + box.height - 12);
  const editor = page.getByRole('textbox', { name: 'Card title' });
  await editor.waitFor();
  await page.keyboard.type(title);
  await page.keyboard.press('Enter');
  await editor.waitFor({ state: 'detached' });
  return page.getByRole('button', { name: title, exact: false }).and(page.locator('.card'));
}

/** Waits until the stored document satisfies `check`, and returns it. */
export function storedWhen(page, check, message) {
  return until(async () => {
    const doc = await storedDoc(page);
    return check(doc) && doc;
  }, { message });
}

/**
 * Opens the app on a known document: the fresh blueprint with the given cards
 * (`[laneKind, stageIndex, title, extraFields]`), arrows (`[fromIndex, toIndex]`), extra
 * stages (`stages`: the total wanted) and stage fields (`stageFields[i]` merged into stage i),
 * loaded through the app's own load path by a reload. Other options go to the browser context.
 */
/**
 * A blank blueprint as the app makes one (the five canonical lanes, three stages), with fixed
 * IDs, for tests that seed storage. The shell test checks that the app's own blank matches.
 */
export function blankDoc(id = 'bp_seededblank1') {
  const lanes = [
    ['physical_evidence', 'Physical evidence'], ['customer', 'Customer actions'],
    ['frontstage', 'Frontstage actions'], ['backstage', 'Backstage actions'],
    ['support', 'Support processes'],
  ];
  return {
    format: 'stageline.blueprint',
    schema_version: 2,
    generator: { name: 'Stageline', version: '0.1.0' },
    id,
    metadata: { title: 'Untitled blueprint', created: '2026-12-01T09:00:00.000Z', modified: '2026-12-01T09:00:00.000Z' },
    stages: [1, 2, 3].map((n) => ({ id: `st_seeded${n}`, name: `Stage ${n}` })),
    lanes: lanes.map(([kind, name]) => ({ id: `ln_${kind.replace('_', '')}`, kind, name })),
    cards: [],
    connections: [],
  };
}

/** Stores `doc` in the page's local storage as the blueprint opened last, and opens it. */
export async function openStored(page, baseUrl, doc) {
  await page.evaluate((text) => {
    const d = JSON.parse(text);
    localStorage.setItem(`stageline:v1:doc:${d.id}`, text);
    localStorage.setItem('stageline:v1:last', d.id);
  }, JSON.stringify(doc));
  await page.goto(`${baseUrl}#/b/${doc.id}`);
  await page.getByRole('grid', { name: 'Service blueprint' }).waitFor();
}

/**
 * Opens the editor on a stored blueprint: a blank with `cards` ([laneKind, stageIndex, title,
 * extra fields]) and `arrows` ([fromCardIndex, toCardIndex, extra fields]), `stages` stages at
 * least, and `stageFields` merged into the stages.
 */
export async function openWith(browser, baseUrl, cards, arrows = [], { stages, stageFields = [], ...contextOptions } = {}) {
  const opened = await openApp(browser, baseUrl, { contextOptions });
  const { page } = opened;
  const doc = blankDoc();
  for (let i = doc.stages.length; i < (stages ?? 0); i++) {
    doc.stages.push({ id: `st_extra${i}`, name: `Stage ${i + 1}` });
  }
  const { lane, stage } = ids(doc);
  doc.cards = cards.map(([kind, s, title, extra = {}], i) => ({
    id: `cd_test${i}`, lane: lane[kind], stage: stage[s], kind: 'action', title, ...extra,
  }));
  doc.connections = arrows.map(([a, b, extra = {}], i) => ({ id: `cn_test${i}`, from: `cd_test${a}`, to: `cd_test${b}`, ...extra }));
  stageFields.forEach((fields, i) => Object.assign(doc.stages[i], fields));
  await openStored(page, baseUrl, doc);
  return opened;
}

/**
 * Opens the editor on a new blank blueprint, as "Blank blueprint" on the start screen does:
 * nothing is stored until the first change.
 */
export async function openBlank(browser, baseUrl, { contextOptions = {} } = {}) {
  const opened = await openApp(browser, baseUrl, { path: '#/new', contextOptions });
  await opened.page.getByRole('grid', { name: 'Service blueprint' }).waitFor();
  return opened;
}

/**
 * Starts the static server and one headless Chromium for a test file, and stops them when
 * its tests are done; read `env.server.url` and `env.browser` inside tests.
 */
export function withBrowser() {
  const env = {};
  before(async () => {
    env.server = await startServer();
    env.browser = await launchBrowser();
  });
  after(async () => {
    await env.browser?.close();
    await env.server?.close();
  });
  return env;
}

const AXE = await readFile(new URL('../../node_modules/axe-core/axe.min.js', import.meta.url), 'utf8');

/**
 * Runs axe-core on the page (evaluated through the driver, as the page's CSP rightly refuses
 * inline scripts) and fails with every violation listed: rule, impact and where.
 */
export async function assertAxeClean(page, what, context = undefined) {
  const violations = await axeViolations(page, context);
  assert.deepEqual(violations, [], `axe-core on ${what}:\n  ${violations.join('\n  ')}`);
}

/** The violations axe-core finds on the page, one line each (rule, impact, where). */
export async function axeViolations(page, context = undefined) {
  await page.evaluate(AXE);
  const violations = await page.evaluate(
    async (ctx) => (await window.axe.run(ctx ?? document, { resultTypes: ['violations'] })).violations
      .map((v) => `${v.id} (${v.impact}): ${v.help}\n    ${v.nodes.slice(0, 5).map((n) => `${n.target.join(' ')}: ${n.failureSummary?.split('\n').slice(1, 3).join(' ')}`).join('\n    ')}`),
    context,
  );
  return violations;
}
