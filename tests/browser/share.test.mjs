// Stakeholder views (issue 6): a read-only link made in one browser opens in another with
// empty storage, changes nothing and stores nothing, filters by audience, and becomes an
// editable copy on request; hostile links are refused cleanly; the SVG picture of hostile
// text is inert XML; PNG and print work.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { deflateRawSync } from 'node:zlib';
import {
  withBrowser, openApp, openWith, storedDoc, until, cell, center, mouseDrag, blankDoc,
} from './support.mjs';

const VIEW = { viewport: { width: 1400, height: 900 } };
const env = withBrowser();

/** A link payload made outside the app: codec 1 is raw DEFLATE, base64url, no padding. */
function payload(bytes) {
  return `1${deflateRawSync(bytes).toString('base64url')}`;
}

async function storageKeys(page) {
  return page.evaluate(() => Object.keys(localStorage));
}

async function shareLink(page) {
  await page.getByRole('button', { name: 'Share & export…' }).click();
  const dialog = page.getByRole('dialog', { name: 'Share and export' });
  await dialog.waitFor();
  const link = await dialog.getByRole('textbox', { name: 'Read-only link' }).inputValue();
  await dialog.getByText(`${link.length} characters`).waitFor();
  return { dialog, link };
}

test('a read-only link opens in a fresh browser: read-only, stores nothing, filters by audience, and makes an editable copy', async () => {
  const { context, page, problems } = await openWith(env.browser, env.server.url, [
    ['customer', 0, 'Checks in', { fail_point: { risk: 'high', owner: 'Desk' } }],
    ['frontstage', 0, 'Greets the guest'],
    ['backstage', 1, 'Prepares the room'],
  ], [[0, 1], [1, 2]], VIEW);
  const original = await storedDoc(page);
  const { dialog, link } = await shareLink(page);
  assert.ok(link.startsWith(`${env.server.url}#/view/1`), link);
  assert.equal(await dialog.getByRole('alert').count(), 0, 'a short link gets no length warning');
  await context.close();

  const viewer = await openApp(env.browser, env.server.url, { path: link.slice(env.server.url.length), contextOptions: VIEW });
  const v = viewer.page;
  await v.getByRole('grid', { name: 'Service blueprint' }).waitFor();
  await v.getByText('Read-only', { exact: true }).waitFor();
  await v.getByRole('note').filter({ hasText: 'viewing a shared blueprint' }).waitFor();
  assert.equal(await v.locator('.card').count(), 3);
  assert.deepEqual(await storageKeys(v), [], 'opening a link stores nothing');

  // Nothing changes it: no add button, no double-click card, no drag, no keys.
  assert.equal(await v.locator('.cell__add:visible').count(), 0);
  const box = await cell(v, 'Customer actions', 2).boundingBox();
  await v.mouse.dblclick(box.x + box.width / 2, box.y + box.height - 12);
  assert.equal(await v.getByRole('textbox', { name: 'Card title' }).count(), 0);
  await mouseDrag(v, await center(v.locator('.card', { hasText: 'Greets the guest' })), await center(cell(v, 'Frontstage actions', 2)));
  await v.keyboard.press('Delete');
  await v.keyboard.press('n');
  await v.keyboard.press('Control+z');
  assert.equal(await v.locator('.card').count(), 3);
  assert.equal(await cell(v, 'Frontstage actions', 0).locator('.card').count(), 1, 'the card did not move');
  await v.getByText(/read-only view/).first().waitFor();

  // Details on click, read-only.
  await v.locator('.card', { hasText: 'Checks in' }).click();
  const details = v.getByRole('complementary', { name: 'Details' });
  const title = details.getByRole('textbox', { name: 'Title' });
  assert.equal(await title.inputValue(), 'Checks in');
  assert.ok(await title.isDisabled());

  // Zoom works.
  await v.getByRole('button', { name: 'Zoom in' }).click();
  await v.locator('.toolbar__zoom', { hasText: '125 %' }).waitFor();

  // Audience: hide the backstage lane; highlight fail points; the address follows.
  await v.getByRole('button', { name: 'Audience…' }).click();
  await v.getByRole('checkbox', { name: 'Backstage actions' }).uncheck();
  await until(async () => (await v.locator('.card').count()) === 2, { message: 'backstage hidden' });
  assert.equal(await v.getByRole('rowheader', { name: /Backstage/ }).count(), 0);
  await v.getByRole('checkbox', { name: 'Highlight fail points' }).check();
  await until(async () => /hide=.*fail=1/.test(await v.evaluate(() => location.hash)), { message: 'filter in the address' });
  const outline = await v.locator('.card--fail').evaluate((el) => getComputedStyle(el).outlineStyle);
  assert.equal(outline, 'solid');
  assert.deepEqual(await storageKeys(v), []);

  // The filtered address opens with the same filter.
  const filtered = await v.evaluate(() => location.href);
  const again = await openApp(env.browser, env.server.url, { path: filtered.slice(env.server.url.length), contextOptions: VIEW });
  await again.page.getByRole('grid', { name: 'Service blueprint' }).waitFor();
  assert.equal(await again.page.locator('.card').count(), 2);
  await again.context.close();

  // An editable copy goes into the library of this browser, whole (not filtered).
  await v.getByRole('button', { name: 'Make an editable copy' }).click();
  await until(async () => /^#\/b\//.test(await v.evaluate(() => location.hash)), { message: 'the editor' });
  await v.getByRole('grid', { name: 'Service blueprint' }).waitFor();
  const copy = await storedDoc(v);
  assert.notEqual(copy.id, original.id);
  assert.deepEqual(copy.cards, original.cards);
  const ends = (d) => d.connections.map((c) => [c.id, c.from, c.to]);
  assert.deepEqual(ends(copy), ends(original));
  assert.match(copy.metadata.title, /\(copy\)$/);
  assert.deepEqual(viewer.problems(), []);
  assert.deepEqual(problems(), []);
  await viewer.context.close();
});

test('hostile links are refused with a clear message and change nothing; script in text stays text', async () => {
  const doc = blankDoc();
  const valid = payload(Buffer.from(JSON.stringify(doc)));
  const cases = [
    ['garbage', '1!!!not-a-link', /character/i],
    ['truncated', valid.slice(0, Math.floor(valid.length / 2)), /cut|truncated|incomplete|ends/i],
    ['unknown codec', `9${valid.slice(1)}`, /version|codec/i],
    ['decompression bomb', payload(Buffer.alloc(100 * 1024 * 1024)), /too large|larger|limit/i],
    ['not JSON', payload(Buffer.from('hello, world')), /JSON|line 1/i],
    ['newer schema', payload(Buffer.from(JSON.stringify({ ...doc, schema_version: 99 }))), /99|newer|update/i],
  ];
  for (const [what, body, pattern] of cases) {
    const opened = await openApp(env.browser, env.server.url, { path: '', contextOptions: VIEW });
    const p = opened.page;
    const before = await p.evaluate(() => JSON.stringify(localStorage));
    await p.goto(`${env.server.url}#/view/${body}`);
    const heading = p.getByRole('heading', { name: 'This link cannot be opened' });
    await heading.waitFor({ timeout: 10_000 });
    const text = await p.locator('.problem__detail').textContent();
    assert.match(text, pattern, `${what}: ${text}`);
    assert.equal(await p.evaluate(() => JSON.stringify(localStorage)), before, `${what}: storage unchanged`);
    assert.deepEqual(opened.problems(), [], what);
    await opened.context.close();
  }

  // Script in text fields: the link opens, and the text is shown as text.
  const hostile = '<img src=x onerror="window.__pwned=1"><script>window.__pwned=2</script>';
  const evil = structuredClone(doc);
  evil.metadata.title = hostile;
  evil.cards = [{ id: 'cd_evil', lane: evil.lanes[1].id, stage: evil.stages[0].id, kind: 'action', title: hostile }];
  const opened = await openApp(env.browser, env.server.url, { path: `#/view/${payload(Buffer.from(JSON.stringify(evil)))}`, contextOptions: VIEW });
  const p = opened.page;
  await p.locator('.card', { hasText: hostile }).waitFor();
  await p.locator('.app-header__title', { hasText: hostile }).waitFor();
  assert.equal(await p.locator('.card img, .card script, .app-header img:not([src="favicon.svg"])').count(), 0);
  assert.equal(await p.evaluate(() => window.__pwned), undefined);
  assert.deepEqual(await storageKeys(p), []);
  assert.deepEqual(opened.problems(), []);
  await opened.context.close();
});

test('pictures: the SVG of hostile text is inert XML; PNG downloads; print shows the whole blueprint', async () => {
  const hostile = '"><svg onload="alert(1)"><script>alert(2)</script>]]><!--';
  const { context, page, problems } = await openWith(env.browser, env.server.url, [
    ['customer', 0, hostile, { description: '<a href="javascript:alert(3)">x</a>', links: [{ label: 'bad', url: 'javascript:alert(4)' }] }],
    ['frontstage', 0, 'Greets'],
  ], [[0, 1]], { ...VIEW, acceptDownloads: true });
  const { dialog } = await shareLink(page);
  const [svgDownload] = await Promise.all([page.waitForEvent('download'), dialog.getByRole('button', { name: 'SVG' }).click()]);
  assert.match(svgDownload.suggestedFilename(), /\.svg$/);
  const svg = await readFile(await svgDownload.path(), 'utf8');
  const verdict = await page.evaluate((text) => {
    const xml = new DOMParser().parseFromString(text, 'image/svg+xml');
    if (xml.getElementsByTagName('parsererror').length) return 'not well-formed XML';
    for (const el of xml.getElementsByTagName('*')) {
      const name = el.localName.toLowerCase();
      if (name === 'script' || name === 'foreignobject') return `element ${name}`;
      for (const attr of el.attributes) {
        if (attr.name.toLowerCase().startsWith('on')) return `attribute ${attr.name}`;
        if (/href$/i.test(attr.name) && !/^(https?:|mailto:|#)/i.test(attr.value.trim())) return `link ${attr.value}`;
      }
    }
    // The hostile title is there, as text.
    return xml.documentElement.textContent.includes('"><svg') ? 'ok' : 'text lost';
  }, svg);
  assert.equal(verdict, 'ok');

  const [pngDownload] = await Promise.all([page.waitForEvent('download'), dialog.getByRole('button', { name: 'PNG' }).click()]);
  assert.match(pngDownload.suggestedFilename(), /\.png$/);
  const png = await readFile(await pngDownload.path());
  assert.deepEqual([...png.subarray(0, 8)], [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
  assert.ok(png.length > 2000);
  await dialog.getByRole('button', { name: 'Close' }).last().click();

  // Printing shows the picture of the whole blueprint, landscape, and nothing else (once the
  // drawing code, loaded after the first frame, is there).
  await page.waitForFunction(() => performance.getEntriesByName('stageline:pictures').length > 0);
  await page.evaluate(() => window.dispatchEvent(new Event('beforeprint')));
  await page.emulateMedia({ media: 'print' });
  const picture = page.locator('img.print-picture').first();
  await until(() => picture.evaluate((img) => img.complete && img.naturalWidth > 0), { message: 'the printed picture' });
  assert.ok(await picture.isVisible());
  assert.equal(await page.getByRole('grid', { name: 'Service blueprint' }).isVisible(), false);
  await page.emulateMedia({ media: 'screen' });
  assert.deepEqual(problems(), []);
  await context.close();
});

test('audience filters in the editor: hide lanes, highlight fail points, dim below the line of visibility; the document keeps everything', async () => {
  const { context, page, problems } = await openWith(env.browser, env.server.url, [
    ['customer', 0, 'Checks in', { fail_point: { risk: 'high', owner: 'Desk' } }],
    ['backstage', 0, 'Prepares the room'],
    ['support', 1, 'Cleans'],
  ], [[0, 1]], VIEW);
  await page.getByRole('button', { name: 'Audience…' }).click();
  await page.getByRole('checkbox', { name: 'Backstage actions' }).uncheck();
  await page.locator('.card', { hasText: 'Prepares the room' }).waitFor({ state: 'detached' });
  assert.equal(await page.getByRole('rowheader', { name: /Backstage/ }).count(), 0);
  await page.getByRole('button', { name: 'Audience (filtered)…' }).waitFor();
  await page.getByRole('checkbox', { name: 'Highlight fail points' }).check();
  assert.equal(await page.locator('.card--fail').evaluate((el) => getComputedStyle(el).outlineStyle), 'solid');
  await page.getByRole('checkbox', { name: 'Dim everything below the line of visibility' }).check();
  const opacity = (name) => page.getByRole('row').filter({ has: page.getByRole('rowheader', { name }) })
    .evaluate((el) => getComputedStyle(el).opacity);
  assert.equal(await opacity(/Support/), '0.4');
  assert.equal(await opacity(/Customer/), '1');
  // The filter is a view: the stored blueprint keeps every lane and card.
  const doc = await storedDoc(page);
  assert.equal(doc.lanes.length, 5);
  assert.equal(doc.cards.length, 3);
  assert.ok(!JSON.stringify(doc).includes('hide'));
  await page.getByRole('checkbox', { name: 'Backstage actions' }).check();
  await page.locator('.card', { hasText: 'Prepares the room' }).waitFor();
  assert.deepEqual(problems(), []);
  await context.close();
});
