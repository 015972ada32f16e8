// The rest of issue 19: page keys do nothing behind an open modal dialog; cards' accessible
// names hold the words they show (axe label-content-name-mismatch); arrows are routed around
// the cards between their ends, on the canvas and in the SVG export alike; the viewer says
// what a shared link's loading repaired in words, in a report that can be dismissed.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { deflateRawSync } from 'node:zlib';
import {
  withBrowser, openApp, openWith, openStored, storedDoc, storedWhen, until, blankDoc, addCardByDoubleClick,
} from './support.mjs';

const ROOT = new URL('../../', import.meta.url).pathname;
const AXE = await readFile(`${ROOT}node_modules/axe-core/axe.min.js`, 'utf8');
const LAPTOP = { viewport: { width: 1440, height: 900 } };
const env = withBrowser();

async function hotel() {
  return JSON.parse(await readFile(`${ROOT}public/examples/hotel-stay.json`, 'utf8'));
}

/** A share link's fragment for `doc`, made outside the app (codec 1: raw DEFLATE, base64url). */
function viewFragment(doc) {
  return `#/view/1${deflateRawSync(Buffer.from(JSON.stringify(doc))).toString('base64url')}`;
}

/** Zooms to fit with the toolbar's Fit button and waits two frames for the render area. */
async function fit(page) {
  await page.getByRole('button', { name: /^Fit/ }).click();
  await until(async () => /fit to screen/i.test(await page.locator('body').innerText()), { message: 'fit message' });
  await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));
}

test('page keys do nothing while the share dialog is open: Ctrl+Z, zoom and Delete leave the blueprint as it was', async () => {
  const { context, page, problems } = await openWith(env.browser, env.server.url, [
    ['customer', 0, 'Books a room'],
    ['frontstage', 0, 'Confirms the booking'],
  ], [], LAPTOP);
  try {
    // An edit to undo: the second card deleted by keyboard.
    await page.locator('.card', { hasText: 'Confirms the booking' }).click();
    await page.keyboard.press('Delete');
    await storedWhen(page, (d) => d.cards.length === 1, 'the deletion saved');
    const zoom = () => page.locator('.toolbar__zoom').innerText();
    const zoomBefore = await zoom();
    await page.locator('.card', { hasText: 'Books a room' }).click();

    await page.getByRole('button', { name: 'Share & export…' }).click();
    const dialog = page.getByRole('dialog', { name: 'Share and export' });
    await dialog.waitFor();
    await until(() => page.evaluate(() => !!document.activeElement?.closest('dialog[open]')), { message: 'focus in the dialog' });
    for (const key of ['Control+z', 'Control+=', 'Delete', 'Alt+ArrowRight', 'n']) await page.keyboard.press(key);
    await page.keyboard.press('Escape');
    await dialog.waitFor({ state: 'detached' });

    assert.equal(await zoom(), zoomBefore, 'Ctrl+= behind the dialog did not zoom');
    // A later edit, saved: had Ctrl+Z reached the page, the deleted card would be back in it.
    await addCardByDoubleClick(page, 'Support processes', 1, 'Saved after the dialog');
    const doc = await storedWhen(page, (d) => d.cards.some((c) => c.title === 'Saved after the dialog'), 'the later edit saved');
    assert.deepEqual(doc.cards.map((c) => c.title).sort(), ['Books a room', 'Saved after the dialog']);
    assert.equal(doc.cards.find((c) => c.title === 'Books a room').stage, doc.stages[0].id, 'Alt+→ did not move the card');
    // The keys still work once the dialog is closed.
    await page.keyboard.press('Control+z');
    await storedWhen(page, (d) => !d.cards.some((c) => c.title === 'Saved after the dialog'), 'undo works again after the dialog');
    assert.deepEqual(problems(), []);
  } finally {
    await context.close();
  }
});

test('every card of the hotel template holds the words it shows in its name (axe label-content-name-mismatch)', async () => {
  const { context, page, problems } = await openApp(env.browser, env.server.url, { path: '#/new/hotel-stay', contextOptions: LAPTOP });
  try {
    await page.getByRole('grid', { name: 'Service blueprint' }).waitFor();
    await fit(page);
    const doc = await hotel();
    assert.equal(await page.locator('.card').count(), doc.cards.length, 'every card rendered');
    await page.evaluate(AXE);
    const found = await page.evaluate(async () => {
      const r = await window.axe.run(document, { runOnly: ['label-content-name-mismatch'], resultTypes: ['violations', 'passes'] });
      return {
        violations: r.violations.flatMap((v) => v.nodes.map((n) => `${n.target.join(' ')}: ${n.failureSummary}`)),
        passed: r.passes.flatMap((v) => v.nodes.map((n) => n.target.join(' '))).filter((t) => t.startsWith('#card-')).length,
      };
    });
    assert.deepEqual(found.violations, []);
    assert.ok(found.passed > 0, 'the rule checked the cards');
    assert.deepEqual(problems(), []);
  } finally {
    await context.close();
  }
});

test('arrows of the hotel template run around the cards between their ends, and the SVG export draws the same routes', async () => {
  const doc = await hotel();
  const { context, page, problems } = await openApp(env.browser, env.server.url, { contextOptions: { ...LAPTOP, acceptDownloads: true } });
  try {
    await openStored(page, env.server.url, doc);
    await fit(page);
    const ends = Object.fromEntries(doc.connections.map((c) => [c.id, [c.from, c.to]]));
    const result = await page.evaluate((ends) => {
      const cards = [...document.querySelectorAll('.card')].map((el) => ({ id: el.id.replace(/^card-/, ''), r: el.getBoundingClientRect() }));
      const through = [];
      const paths = {};
      for (const path of document.querySelectorAll('path.arrow__line')) {
        const id = path.dataset.connection;
        paths[id] = path.getAttribute('d');
        const m = path.getScreenCTM();
        const length = path.getTotalLength();
        for (let s = 0; s <= length; s += 2) {
          const p = path.getPointAtLength(s);
          const x = m.a * p.x + m.c * p.y + m.e;
          const y = m.b * p.x + m.d * p.y + m.f;
          for (const c of cards) {
            // Its own two cards may be touched at their edges, no card may be entered.
            const inset = 2;
            if (x > c.r.left + inset && x < c.r.right - inset && y > c.r.top + inset && y < c.r.bottom - inset) {
              through.push(`${id} (${ends[id].join(' → ')}) through ${c.id} at ${Math.round(x)},${Math.round(y)}`);
              break;
            }
          }
        }
      }
      return { through: [...new Set(through.map((t) => t.replace(/ at .*/, '')))], paths };
    }, ends);
    assert.equal(Object.keys(result.paths).length, doc.connections.length, 'every arrow drawn');
    assert.deepEqual(result.through, []);

    // The SVG export: the same path for each arrow, in document order.
    await page.getByRole('button', { name: 'Share & export…' }).click();
    const dialog = page.getByRole('dialog', { name: 'Share and export' });
    await dialog.waitFor();
    const [download] = await Promise.all([page.waitForEvent('download'), dialog.getByRole('button', { name: 'SVG' }).click()]);
    const svg = await readFile(await download.path(), 'utf8');
    const exported = [...svg.matchAll(/<path d="([^"]+)"[^>]*marker-end="url\(#sl-arrowhead\)"/g)].map((m) => m[1]);
    assert.deepEqual(exported, doc.connections.map((c) => result.paths[c.id]));
    assert.deepEqual(problems(), []);
  } finally {
    await context.close();
  }
});

test('the viewer lists what a shared link\'s loading repaired, in words, and the list can be dismissed', async () => {
  const doc = blankDoc('bp_repairedlink');
  doc.metadata.title = 'Repaired link';
  doc.cards = [
    { id: 'cd_one', lane: doc.lanes[1].id, stage: doc.stages[0].id, kind: 'action', title: 'Books online', links: [{ label: 'bad', url: 'javascript:alert(1)' }] },
    { id: 'cd_one', lane: doc.lanes[2].id, stage: doc.stages[1].id, kind: 'action', title: 'Confirms' },
  ];
  const { context, page, problems } = await openApp(env.browser, env.server.url, { path: viewFragment(doc), contextOptions: LAPTOP });
  try {
    await page.getByRole('grid', { name: 'Service blueprint' }).waitFor();
    const report = page.getByRole('region', { name: /^Opened the shared link: 2 things were repaired/ });
    await report.waitFor();
    const items = await report.getByRole('listitem').allInnerTexts();
    assert.equal(items.length, 2, items.join('\n'));
    assert.ok(items.some((t) => t.includes('javascript:') && t.includes('Books online')), items.join('\n'));
    assert.ok(items.some((t) => t.includes('the same ID') && t.includes('Confirms')), items.join('\n'));
    const body = await page.locator('body').innerText();
    assert.ok(!body.includes('problem(s)'), 'no "problem(s)" count');
    await report.getByRole('button', { name: 'Dismiss' }).click();
    await report.waitFor({ state: 'detached' });
    assert.deepEqual(await page.evaluate(() => Object.keys(localStorage)), [], 'the viewer stores nothing');
    assert.deepEqual(problems(), []);
  } finally {
    await context.close();
  }
});

test('"+ Add link" adds a link only with an address the next load keeps: typed without https://, refused in words, cancelled with Escape, nothing repaired on reload', async () => {
  const { context, page, problems } = await openWith(env.browser, env.server.url, [['customer', 0, 'Reads the menu']], [], LAPTOP);
  try {
    await page.locator('.card', { hasText: 'Reads the menu' }).click();
    const details = page.getByRole('complementary', { name: 'Details' });
    const add = details.getByRole('button', { name: '+ Add link' });
    const form = details.getByRole('group', { name: 'New link' });
    const url = form.getByLabel('URL');

    // Escape cancels: nothing stored, focus back on the button.
    await add.click();
    await until(async () => url.evaluate((el) => el === document.activeElement), { message: 'the URL field has focus' });
    await page.keyboard.type('half typed');
    await page.keyboard.press('Escape');
    await add.waitFor();
    await until(async () => add.evaluate((el) => el === document.activeElement), { message: 'focus back on + Add link' });

    // An address that is not a link is refused in full, beside the field, and nothing stored.
    await add.click();
    await url.fill('javascript:alert(1)');
    await url.press('Enter');
    const alert = form.getByRole('alert');
    await until(async () => /^Link not saved: "javascript:alert\(1\)" must start with https:\/\//.test(await alert.innerText()), { message: 'the reason shown' });
    assert.equal(await url.getAttribute('aria-invalid'), 'true');
    await page.evaluate(AXE);
    const violations = await page.evaluate(async () => (await window.axe.run('.link-draft', { resultTypes: ['violations'] })).violations.map((v) => v.id));
    assert.deepEqual(violations, []);

    // A web address typed as people type it gets https://; the label as typed.
    await form.getByLabel('Label').fill('Menu');
    await url.fill('example.com/menu');
    await url.press('Enter');
    await add.waitFor();
    const doc = await storedWhen(page, (d) => d.cards[0].links?.length === 1, 'the link stored');
    assert.deepEqual(doc.cards[0].links, [{ label: 'Menu', url: 'https://example.com/menu' }]);
    assert.equal(await details.getByLabel('URL').inputValue(), 'https://example.com/menu');

    // Reloaded, the blueprint opens as it was: nothing to repair.
    await page.reload();
    await page.getByRole('grid', { name: 'Service blueprint' }).waitFor();
    assert.equal(await page.locator('.load-report').count(), 0, 'no repair report');
    assert.deepEqual((await storedDoc(page)).cards[0].links, [{ label: 'Menu', url: 'https://example.com/menu' }]);
    assert.deepEqual(problems(), []);
  } finally {
    await context.close();
  }
});
