// Accessibility (issue 19, "Dialogs and keyboard" and "The read-only viewer"): one dialog
// behaviour everywhere (focus in, Tab trapped, Escape from anywhere inside, focus back), a
// skip link and landmarks, keyboard-reachable scrolling regions, visible labels that are the
// controls' names, SVG icons instead of emoji, a viewer with no editing affordances, and
// axe-core with no violation on every page and dialog, Lighthouse accessibility 100.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { withBrowser, openApp, openWith, until, assertAxeClean, axeViolations } from './support.mjs';

const VIEW = { viewport: { width: 1440, height: 900 } };
const ROOT = new URL('../../', import.meta.url).pathname;
const env = withBrowser();

/** What has focus: its tag, id, accessible label or text, and whether it is inside a dialog. */
function focused(page) {
  return page.evaluate(() => {
    const el = document.activeElement;
    return {
      tag: el?.tagName.toLowerCase(),
      id: el?.id ?? '',
      name: el?.getAttribute('aria-label') ?? el?.textContent?.trim() ?? '',
      inDialog: !!el?.closest('dialog[open]'),
      inGrid: !!el?.closest('[role=grid]'),
    };
  });
}

/** Opens the editor on a template (the hotel stay), as a user picking it from the library. */
async function openTemplate(browser, baseUrl) {
  const opened = await openApp(browser, baseUrl, { path: '#/new/hotel-stay', contextOptions: VIEW });
  await opened.page.getByRole('grid', { name: 'Service blueprint' }).waitFor();
  await opened.page.locator('.card').first().waitFor();
  return opened;
}

/** Makes a read-only link of the open blueprint through the share dialog, and closes it. */
async function shareLinkOf(page) {
  await page.getByRole('button', { name: 'Share & export…' }).click();
  const dialog = page.getByRole('dialog', { name: 'Share and export' });
  const link = await dialog.getByRole('textbox', { name: 'Read-only link' }).inputValue();
  await page.keyboard.press('Escape');
  await dialog.waitFor({ state: 'detached' });
  return link;
}

/** Opens `link` in a fresh context (nothing stored), as a stakeholder does. */
async function openViewer(browser, baseUrl, link) {
  const opened = await openApp(browser, baseUrl, { path: link.slice(baseUrl.length), contextOptions: VIEW });
  await opened.page.getByRole('grid', { name: 'Service blueprint' }).waitFor();
  await opened.page.locator('.card').first().waitFor();
  return opened;
}

test('the share dialog by keyboard: Enter moves focus in, Tab stays inside, Escape closes from anywhere inside, focus returns to the Share button', async () => {
  const { context, page, problems } = await openWith(env.browser, env.server.url, [['customer', 0, 'Checks in']], [], VIEW);
  const share = page.getByRole('button', { name: 'Share & export…' });
  await share.focus();
  await page.keyboard.press('Enter');
  const dialog = page.getByRole('dialog', { name: 'Share and export' });
  await dialog.waitFor();
  await until(async () => (await focused(page)).inDialog, { message: 'focus inside the dialog' });
  assert.equal((await focused(page)).id, 'share-copy', 'focus starts on "Copy link"');

  // Tab and Shift+Tab cycle inside the dialog, never reaching "Download JSON" behind it.
  const seen = new Set();
  for (let i = 0; i < 30; i++) {
    await page.keyboard.press('Tab');
    const f = await focused(page);
    assert.ok(f.inDialog, `Tab ${i + 1} left the dialog for ${JSON.stringify(f)}`);
    seen.add(`${f.tag}#${f.id}:${f.name}`);
  }
  assert.ok(seen.size >= 5, `Tab went round the dialog's controls: ${[...seen].join(', ')}`);
  for (let i = 0; i < 12; i++) {
    await page.keyboard.press('Shift+Tab');
    assert.ok((await focused(page)).inDialog, `Shift+Tab ${i + 1} left the dialog`);
  }

  // Escape from a control deep inside (the link's text box) closes it; focus is back.
  await dialog.getByRole('textbox', { name: 'Read-only link' }).focus();
  await page.keyboard.press('Escape');
  await dialog.waitFor({ state: 'detached' });
  await until(async () => (await focused(page)).name === 'Share & export…', { message: 'focus back on the Share button' });

  // Opened with the mouse and closed with its Close button: the same.
  await share.click();
  await dialog.waitFor();
  await until(async () => (await focused(page)).inDialog, { message: 'focus inside after a click' });
  await dialog.getByRole('button', { name: 'Close', exact: true }).click();
  await dialog.waitFor({ state: 'detached' });
  await until(async () => (await focused(page)).name === 'Share & export…', { message: 'focus back after Close' });
  assert.deepEqual(problems(), []);
  await context.close();
});

test('the shortcut sheet is the same dialog: focus in, Tab trapped, Escape closes, focus returns to its button', async () => {
  const { context, page, problems } = await openWith(env.browser, env.server.url, [], [], VIEW);
  const button = page.getByRole('button', { name: 'Shortcuts (?)' });
  await button.focus();
  await page.keyboard.press('Enter');
  const sheet = page.getByRole('dialog', { name: 'Keyboard shortcuts' });
  await sheet.waitFor();
  await until(async () => (await focused(page)).inDialog, { message: 'focus inside the sheet' });
  for (let i = 0; i < 4; i++) {
    await page.keyboard.press('Tab');
    assert.ok((await focused(page)).inDialog, `Tab ${i + 1} left the sheet`);
  }
  await page.keyboard.press('Escape');
  await sheet.waitFor({ state: 'detached' });
  await until(async () => (await focused(page)).name === 'Shortcuts (?)', { message: 'focus back on Shortcuts' });
  assert.deepEqual(problems(), []);
  await context.close();
});

test('a skip link, first in tab order and visible on focus, reaches the grid in one Tab and Enter, in the editor and the viewer', async () => {
  const { context, page, problems } = await openWith(env.browser, env.server.url, [['customer', 0, 'Checks in']], [], VIEW);
  const check = async (p) => {
    await p.keyboard.press('Tab');
    const skip = p.getByRole('link', { name: 'Skip to the blueprint' });
    assert.equal((await focused(p)).name, 'Skip to the blueprint', 'the first Tab stop is the skip link');
    const box = await skip.boundingBox();
    assert.ok(box && box.width > 20 && box.height > 10 && box.y >= 0 && box.x >= 0, `visible on focus: ${JSON.stringify(box)}`);
    await p.keyboard.press('Enter');
    await until(async () => (await focused(p)).inGrid, { message: 'focus in the grid' });
    assert.match(p.url(), /#\/(b|new|view)\//, 'the route stays');
  };
  await check(page);
  const link = await shareLinkOf(page);
  const viewer = await openViewer(env.browser, env.server.url, link);
  await check(viewer.page);
  assert.deepEqual([...problems(), ...viewer.problems()], []);
  await viewer.context.close();
  await context.close();
});

test('the read-only viewer has no editing affordances: no header buttons, lane-kind selects or add-card buttons in the page at all', async () => {
  const { context, page } = await openTemplate(env.browser, env.server.url);
  const grid = page.getByRole('grid', { name: 'Service blueprint' });
  assert.ok(await grid.locator('.header-actions button').count() > 10, 'the editor has them');
  assert.ok(await grid.locator('select.lane-header__kind').count() >= 5);
  const link = await shareLinkOf(page);
  await context.close();

  const viewer = await openViewer(env.browser, env.server.url, link);
  const v = viewer.page;
  const vgrid = v.getByRole('grid', { name: 'Service blueprint' });
  assert.equal(await vgrid.locator('button').count(), 0, 'no buttons in the read-only grid (cards are not buttons here)');
  assert.equal(await vgrid.locator('select, input, textarea').count(), 0, 'no form controls in the read-only grid');
  assert.equal(await v.locator('.cell__add, .header-actions').count(), 0);
  // The lane kind is still said, as text.
  assert.equal(await vgrid.locator('.lane-header__kind', { hasText: 'Evidence' }).count(), 1);
  assert.deepEqual(viewer.problems(), []);
  await viewer.context.close();
});

test('the lane-kind select has a visible label, and every visible label starts the control\'s accessible name', async () => {
  const { context, page, problems } = await openTemplate(env.browser, env.server.url);
  const select = page.getByLabel('New lane kind', { exact: true });
  assert.equal(await select.evaluate((el) => el.tagName), 'SELECT');
  assert.ok(await page.getByText('New lane kind', { exact: true }).isVisible(), 'the label is visible');

  // WCAG 2.5.3: a control whose aria-label differs from what it shows is named by the words
  // it shows, first. Checked on the editor, the library and the viewer.
  const mismatches = (p) => p.evaluate(() => {
    const shown = (el) => {
      const clone = el.cloneNode(true);
      clone.querySelectorAll('.visually-hidden, [aria-hidden="true"], input, select, textarea').forEach((n) => n.remove());
      return clone.textContent.replace(/\s+/g, ' ').trim().toLowerCase();
    };
    const bad = [];
    for (const el of document.querySelectorAll('button[aria-label], a[aria-label], label, [role=button][aria-label]')) {
      // (Cards are named by their title and markers: checked by axe-core below.)
      if (!el.getClientRects().length || el.closest('.card')) continue;
      const text = shown(el).replace(/…$/, '');
      if (!/[a-z]/.test(text)) continue;
      let name = el.getAttribute('aria-label');
      if (el.tagName === 'LABEL') {
        const control = el.control;
        name = control?.getAttribute('aria-label') ?? null;
      }
      if (name && !name.toLowerCase().startsWith(text)) bad.push(`"${text}" named "${name}"`);
    }
    return bad;
  });
  assert.deepEqual(await mismatches(page), [], 'editor');
  const link = await shareLinkOf(page);
  await page.goto(`${env.server.url}#/`);
  await page.getByRole('heading', { level: 2 }).first().waitFor();
  assert.deepEqual(await mismatches(page), [], 'library');
  const viewer = await openViewer(env.browser, env.server.url, link);
  assert.deepEqual(await mismatches(viewer.page), [], 'viewer');
  assert.deepEqual([...problems(), ...viewer.problems()], []);
  await viewer.context.close();
  await context.close();
});

test('icons are the app\'s own SVG (hidden from assistive technology), never emoji or symbol glyphs', async () => {
  const { context, page, problems } = await openTemplate(env.browser, env.server.url);
  // Select a card so the details panel shows its lists' remove buttons too.
  const glyphs = (p) => p.evaluate(() => {
    const symbol = /[\u2190-\u21ff\u2300-\u23ff\u25a0-\u25ff\u2600-\u27bf\u2b00-\u2bff\u2212\u{1f300}-\u{1faff}]/u;
    return [...document.querySelectorAll('button, a, [role=button], .checks__chevron, .save-status')]
      .filter((el) => el.getClientRects().length && !el.closest('.card'))
      .map((el) => el.textContent.trim())
      .filter((t) => symbol.test(t));
  });
  assert.deepEqual(await glyphs(page), [], 'editor');
  const icons = await page.locator('button svg.icon, a svg.icon').evaluateAll((svgs) => svgs.map((s) => s.getAttribute('aria-hidden')));
  assert.ok(icons.length > 20, `SVG icons in the controls: ${icons.length}`);
  assert.ok(icons.every((h) => h === 'true'), 'every icon is hidden from assistive technology');
  // The icon-only buttons keep a name.
  for (const name of ['Move lane up', 'Move lane down', 'Rename lane', 'Delete lane', 'Move stage left', 'Delete stage', 'Zoom in', 'Zoom out']) {
    assert.ok(await page.getByRole('button', { name, exact: true }).count() > 0, name);
  }
  const link = await shareLinkOf(page);
  const viewer = await openViewer(env.browser, env.server.url, link);
  assert.deepEqual(await glyphs(viewer.page), [], 'viewer');
  assert.deepEqual([...problems(), ...viewer.problems()], []);
  await viewer.context.close();
  await context.close();
});

test('the viewer\'s details panel and checks list, which scroll, can be reached and scrolled by keyboard', async () => {
  const { context, page } = await openTemplate(env.browser, env.server.url);
  const link = await shareLinkOf(page);
  await context.close();
  const viewer = await openViewer(env.browser, env.server.url, link);
  const v = viewer.page;
  for (const [what, selector] of [['details panel', 'aside.details'], ['checks list', '.checks__list']]) {
    const el = v.locator(selector).first();
    assert.equal(await el.getAttribute('tabindex'), '0', `${what} is a tab stop`);
    assert.ok((await el.getAttribute('aria-label'))?.length > 0, `${what} has a name`);
  }
  // Tab reaches the panel; the arrow keys then scroll it.
  const panel = v.locator('aside.details');
  await panel.focus();
  const scrollable = await panel.evaluate((el) => el.scrollHeight > el.clientHeight);
  if (scrollable) {
    await v.keyboard.press('PageDown');
    await until(() => panel.evaluate((el) => el.scrollTop > 0), { message: 'the panel scrolls by keyboard' });
  }
  assert.deepEqual(viewer.problems(), []);
  await viewer.context.close();
});

test('axe-core finds no violation of any impact on the library, the editor with a template, the viewer and every dialog', async () => {
  const { context, page, problems } = await openTemplate(env.browser, env.server.url);
  // Every page and dialog is checked before failing, so one run lists all that is wrong.
  const found = [];
  const check = async (p, what) => found.push(...(await axeViolations(p)).map((v) => `${what}: ${v}`));
  await check(page, 'the editor with a template open');

  await page.getByRole('button', { name: 'Share & export…' }).click();
  const share = page.getByRole('dialog', { name: 'Share and export' });
  await share.waitFor();
  await check(page, 'the share and export dialog');
  await page.keyboard.press('Escape');
  await share.waitFor({ state: 'detached' });

  await page.getByRole('button', { name: 'Shortcuts (?)' }).click();
  const sheet = page.getByRole('dialog', { name: 'Keyboard shortcuts' });
  await sheet.waitFor();
  await check(page, 'the shortcut sheet');
  await page.keyboard.press('Escape');
  await sheet.waitFor({ state: 'detached' });

  const link = await shareLinkOf(page);
  const exported = await readFile(`${ROOT}public/examples/hotel-stay.json`);

  // The library, then an import that fails and one that clashes with a stored blueprint.
  await page.goto(`${env.server.url}#/`);
  await page.getByRole('heading', { level: 2 }).first().waitFor();
  await check(page, 'the library');
  const open = page.getByLabel(/^Open a file/);
  await open.setInputFiles({ name: 'broken.json', mimeType: 'application/json', buffer: Buffer.from('{"stages": [') });
  const failed = page.getByRole('alertdialog', { name: 'Nothing was imported' });
  await failed.waitFor();
  await check(page, 'the import failure dialog');
  await failed.getByRole('button', { name: 'Close' }).click();
  await failed.waitFor({ state: 'detached' });
  // The same file twice: the second import finds the first stored.
  const file = { name: 'hotel.json', mimeType: 'application/json', buffer: exported };
  await open.setInputFiles(file);
  await page.getByRole('grid', { name: 'Service blueprint' }).waitFor();
  await page.goto(`${env.server.url}#/`);
  await page.getByRole('heading', { level: 2 }).first().waitFor();
  await page.getByLabel(/^Open a file/).setInputFiles(file);
  const clash = page.getByRole('alertdialog', { name: 'This blueprint is already here' });
  await clash.waitFor();
  await check(page, 'the import clash dialog');
  await clash.getByRole('button', { name: 'Cancel' }).click();

  // The viewer and its shortcut sheet.
  const viewer = await openViewer(env.browser, env.server.url, link);
  await check(viewer.page, 'the read-only viewer');
  await viewer.page.getByRole('button', { name: 'Shortcuts (?)' }).click();
  await viewer.page.getByRole('dialog', { name: 'Keyboard shortcuts' }).waitFor();
  await check(viewer.page, 'the viewer\'s shortcut sheet');
  assert.deepEqual([...problems(), ...viewer.problems()], []);
  await viewer.context.close();
  await context.close();
  assert.deepEqual(found, [], `axe-core:\n  ${found.join('\n  ')}`);
});

test('axe-core finds no violation in the question about a change from another tab', async () => {
  const { context, page: a, problems } = await openWith(env.browser, env.server.url, [['customer', 0, 'Shared']], [], VIEW);
  const id = await a.evaluate(() => localStorage.getItem('stageline:v1:last'));
  const b = await context.newPage();
  // Tab B is a tab that cannot merge (no BroadcastChannel, like a tab of an older version):
  // the autosave's question is what keeps both versions then.
  await b.addInitScript(() => { delete window.BroadcastChannel; });
  await b.goto(`${env.server.url}#/b/${id}`);
  await b.getByRole('grid', { name: 'Service blueprint' }).waitFor();
  // B has an unsaved change (a title being typed) when A's save arrives.
  await b.locator('.card', { hasText: 'Shared' }).dblclick();
  await b.getByRole('textbox', { name: 'Card title' }).waitFor();
  await b.keyboard.type(' here');
  await a.evaluate((id) => {
    const key = `stageline:v1:doc:${id}`;
    const doc = JSON.parse(localStorage.getItem(key));
    doc.metadata.title = 'Renamed in A';
    localStorage.setItem(key, JSON.stringify(doc));
  }, id);
  const question = b.getByText('Changed in another tab', { exact: true });
  await question.waitFor();
  await assertAxeClean(b, 'the conflict question');
  assert.deepEqual(problems(), []);
  await context.close();
});

test('Lighthouse accessibility is 100 on the editor and the viewer', { timeout: 180_000 }, async () => {
  const { context, page } = await openTemplate(env.browser, env.server.url);
  const link = await shareLinkOf(page);
  await context.close();

  const { default: lighthouse } = await import('lighthouse');
  const { launch } = await import('chrome-launcher');
  const chrome = await launch({
    chromePath: process.env.STAGELINE_CHROMIUM ?? '/usr/bin/chromium',
    chromeFlags: [
      '--headless=new', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
      '--disable-background-networking', '--disable-component-update', '--disable-sync',
    ],
  });
  try {
    for (const [what, url] of [['editor', `${env.server.url}#/new/hotel-stay`], ['viewer', link]]) {
      const result = await lighthouse(url, {
        port: chrome.port,
        onlyCategories: ['accessibility'],
        logLevel: 'error',
        output: 'json',
        formFactor: 'desktop',
        screenEmulation: { disabled: true },
        throttlingMethod: 'provided',
        disableStorageReset: false,
      });
      const category = result.lhr.categories.accessibility;
      const failing = category.auditRefs
        .map((r) => result.lhr.audits[r.id])
        .filter((a) => a.score !== null && a.score < 1)
        .map((a) => `${a.id}: ${a.title}`);
      assert.equal(category.score, 1, `Lighthouse accessibility on the ${what}: ${category.score}; failing: ${failing.join('; ')}`);
    }
  } finally {
    await chrome.kill();
  }
});
