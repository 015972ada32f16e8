// Documents that are never lost (issue 5): the library and its URLs, autosave and its status,
// a full storage, a corrupted entry, two tabs on one blueprint, reloads mid-edit, export and
// import (file, drop, paste; broken, hostile and clashing files), and the first storage layout.
// Every test checks what is stored, not only what is shown.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import {
  withBrowser, openApp, storedDoc, until, cell, center, mouseDrag,
  addCardByDoubleClick, storedWhen, openWith, openBlank, blankDoc,
} from './support.mjs';

const VIEW = { viewport: { width: 1400, height: 900 } };

const env = withBrowser();

/** Everything in local storage, as an object. */
function storage(page) {
  return page.evaluate(() => Object.fromEntries(Object.keys(localStorage).map((k) => [k, localStorage.getItem(k)])));
}

/** The stored blueprints (parsed), by ID; broken ones as `{ broken: text }`. */
async function storedDocs(page) {
  const all = await storage(page);
  const docs = {};
  for (const [k, v] of Object.entries(all)) {
    if (!k.startsWith('stageline:v1:doc:')) continue;
    try { docs[k.slice('stageline:v1:doc:'.length)] = JSON.parse(v); } catch { docs[k.slice(17)] = { broken: v }; }
  }
  return docs;
}

/** The blueprint ID in the page's URL (`#/b/<id>`), once the editor is showing. */
async function openId(page) {
  await page.getByRole('grid', { name: 'Service blueprint' }).waitFor();
  const hash = await page.evaluate(() => location.hash);
  const m = /^#\/b\/(.+)$/.exec(hash);
  assert.ok(m, `an editor URL, got ${hash}`);
  return m[1];
}

function saveState(page) {
  return page.locator('.save-status').getAttribute('data-state');
}

async function library(page) {
  if ((await page.evaluate(() => location.hash)) !== '#/') {
    await page.getByRole('link', { name: 'Blueprints', exact: true }).click();
  }
  await page.getByRole('heading', { name: 'In this browser' }).waitFor();
}

function item(page, title) {
  return page.getByRole('list', { name: 'Blueprints' }).getByRole('listitem').filter({
    has: page.getByRole('link', { name: title, exact: true }),
  });
}

async function downloadText(page, click) {
  const [download] = await Promise.all([page.waitForEvent('download'), click()]);
  return { name: download.suggestedFilename(), text: await readFile(await download.path(), 'utf8') };
}

test('the library: templates, open, rename, duplicate, delete with undo and trash, search; every blueprint has its own URL', async () => {
  const { context, page, problems } = await openWith(env.browser, env.server.url, [], [], VIEW);
  const first = await openId(page);
  await library(page);
  assert.equal(await page.evaluate(() => location.hash), '#/');
  await item(page, 'Untitled blueprint').waitFor();

  // A template opens as a new blueprint of its own, stored once it is changed.
  await page.getByRole('link', { name: 'Template: Hotel stay' }).click();
  await page.locator('.app-header__title', { hasText: 'Hotel stay' }).waitFor();
  assert.equal(await page.evaluate(() => location.hash), '#/new/hotel-stay');
  assert.equal(Object.keys(await storedDocs(page)).length, 1, 'not stored before a change');
  await page.getByRole('button', { name: 'Add stage', exact: true }).click();
  await page.getByRole('textbox', { name: 'Stage name' }).fill('Review');
  await page.keyboard.press('Enter');
  await until(async () => /^#\/b\//.test(await page.evaluate(() => location.hash)), { message: 'stored and named' });
  const hotel = await openId(page);
  assert.notEqual(hotel, first);
  assert.equal((await storedDocs(page))[hotel].cards.length, 23);
  assert.equal((await storedDocs(page))[hotel].stages.at(-1).name, 'Review');

  // Back and forward move between the library and the editor.
  await page.goBack();
  await page.getByRole('heading', { name: 'In this browser' }).waitFor();
  await page.goForward();
  assert.equal(await openId(page), hotel);
  await library(page);

  // Rename, with the keyboard.
  await page.getByRole('button', { name: 'Rename Untitled blueprint' }).click();
  const input = page.getByRole('textbox', { name: 'New title for Untitled blueprint' });
  await input.fill('Workshop A');
  await input.press('Enter');
  await item(page, 'Workshop A').waitFor();
  assert.equal((await storedDocs(page))[first].metadata.title, 'Workshop A');

  // Duplicate, then search.
  await page.getByRole('button', { name: 'Duplicate Workshop A', exact: true }).click();
  await item(page, 'Workshop A (copy)').waitFor();
  assert.equal(Object.keys(await storedDocs(page)).length, 3);
  await page.getByRole('searchbox', { name: 'Search blueprints' }).fill('COPY');
  await until(async () => (await page.getByRole('list', { name: 'Blueprints' }).getByRole('listitem').count()) === 1, { message: 'search' });
  await page.getByRole('searchbox', { name: 'Search blueprints' }).fill('');

  // Delete is recoverable: undo, and the trash.
  await page.getByRole('button', { name: 'Delete Workshop A (copy)', exact: true }).click();
  await item(page, 'Workshop A (copy)').waitFor({ state: 'detached' });
  await page.getByRole('button', { name: 'Undo' }).click();
  await item(page, 'Workshop A (copy)').waitFor();
  await page.getByRole('button', { name: 'Delete Workshop A (copy)', exact: true }).click();
  await page.getByText('Trash (1)').click();
  await page.getByRole('button', { name: 'Restore Workshop A (copy)', exact: true }).click();
  await item(page, 'Workshop A (copy)').waitFor();
  assert.equal(Object.keys(await storedDocs(page)).length, 3, 'deleting to the trash keeps the document');

  // Deleting forever takes two presses and removes the document.
  await page.getByRole('button', { name: 'Delete Workshop A (copy)', exact: true }).click();
  await page.getByText('Trash (1)').click();
  await page.getByRole('button', { name: 'Delete Workshop A (copy) forever' }).click();
  await page.getByRole('button', { name: 'Confirm: delete Workshop A (copy) forever' }).click();
  await until(async () => Object.keys(await storedDocs(page)).length === 2, { message: 'purged' });

  // A blueprint's URL opens it after a reload, and the link in the library opens it too.
  await item(page, 'Workshop A').getByRole('link').click();
  assert.equal(await openId(page), first);
  await page.reload();
  assert.equal(await openId(page), first);
  await page.locator('.app-header__title', { hasText: 'Workshop A' }).waitFor();
  // An unknown ID explains itself instead of showing an empty editor.
  await page.goto(`${env.server.url}#/b/bp_nothere`);
  await page.getByRole('heading', { name: 'This blueprint is not in this browser' }).waitFor();
  assert.deepEqual(problems(), []);
  await context.close();
});

test('autosave shows its status; a reload right after an edit or in the middle of a drag loses nothing saved', async () => {
  const { context, page, problems } = await openWith(env.browser, env.server.url, [['customer', 0, 'Walks in']], [], VIEW);
  await page.evaluate(() => {
    window.__states = [];
    const el = document.querySelector('.save-status');
    new MutationObserver(() => window.__states.push(el.getAttribute('data-state'))).observe(el, { attributes: true });
  });
  await addCardByDoubleClick(page, 'Customer actions', 1, 'Rings the bell');
  await until(async () => (await saveState(page)) === 'saved', { message: 'saved' });
  const states = await page.evaluate(() => window.__states);
  assert.equal(states[0], 'saving', states.join());
  assert.equal(states.at(-1), 'saved', states.join());
  assert.ok(states.every((s) => s === 'saving' || s === 'saved'), states.join());
  await page.getByRole('status').filter({ hasText: 'Saved in this browser' }).waitFor();

  // An edit followed at once by a reload (inside the debounce) is flushed as the page goes.
  await addCardByDoubleClick(page, 'Customer actions', 2, 'Leaves');
  await page.reload();
  await page.locator('.card', { hasText: 'Leaves' }).waitFor();
  assert.ok((await storedDoc(page)).cards.some((c) => c.title === 'Leaves'));

  // A reload in the middle of a drag loses the drag only.
  const before = JSON.stringify((await storedDoc(page)).cards);
  const from = await center(page.locator('.card', { hasText: 'Walks in' }));
  const to = await center(cell(page, 'Customer actions', 2));
  await page.mouse.move(from.x, from.y);
  await page.mouse.down();
  await page.mouse.move(to.x, to.y, { steps: 8 });
  await page.reload();
  await page.locator('.card', { hasText: 'Walks in' }).waitFor();
  assert.equal(JSON.stringify((await storedDoc(page)).cards), before);
  await page.mouse.up();
  assert.deepEqual(problems(), []);
  await context.close();
});

test('a full storage: the change is not saved, the status says why and offers a backup; nothing stored is lost', async () => {
  const { context, page, problems } = await openWith(env.browser, env.server.url, [['customer', 0, 'Walks in']], [], { ...VIEW, acceptDownloads: true });
  // Fill the origin's storage to its quota with someone else's data.
  const fill = (from) => page.evaluate((start) => {
    let n = start;
    for (let size = 1 << 20; size >= 16; size >>= 1) {
      const chunk = 'x'.repeat(size);
      for (;;) {
        try { localStorage.setItem(`other:${n}`, chunk); n++; } catch { break; }
      }
    }
    return n;
  }, from);
  const snapshots = () => page.evaluate(() => Object.keys(localStorage).filter((k) => k.startsWith('stageline:v1:snap:')).length);
  // The version kept on opening is the first thing that gives way: blueprints win over history.
  await until(async () => (await snapshots()) > 0, { message: 'the version kept on opening' });
  let junk = await fill(0);
  assert.ok(junk > 0);
  await addCardByDoubleClick(page, 'Customer actions', 1, 'Makes room');
  await storedWhen(page, (d) => d.cards.some((c) => c.title === 'Makes room'), 'saved in the room history made');
  assert.equal(await snapshots(), 0, 'the automatic version went to make room');
  const storedBefore = JSON.stringify(await storedDoc(page));
  // Now nothing can give way.
  junk = await fill(junk);
  await addCardByDoubleClick(page, 'Customer actions', 1, 'Asks for help');
  await until(async () => (await saveState(page)) === 'failed', { message: 'a failed save' });
  await page.getByText(/Not saved: .*full/).waitFor();
  // The stored copy and the other data are untouched.
  assert.equal(JSON.stringify(await storedDoc(page)), storedBefore);
  assert.equal(await page.evaluate(() => Object.keys(localStorage).filter((k) => k.startsWith('other:')).length), junk);
  // The backup holds the unsaved change.
  const backup = await downloadText(page, () => page.getByRole('button', { name: 'Download a backup' }).click());
  assert.match(backup.name, /\.stageline\.json$/);
  assert.ok(JSON.parse(backup.text).cards.some((c) => c.title === 'Asks for help'));
  // Once there is room again, the next change saves everything.
  await page.evaluate(() => Object.keys(localStorage).filter((k) => k.startsWith('other:')).forEach((k) => localStorage.removeItem(k)));
  await addCardByDoubleClick(page, 'Customer actions', 2, 'Thanks the clerk');
  const doc = await storedWhen(page, (d) => d.cards.length === 4 && d.cards.every((c) => c.title), 'all four cards saved');
  assert.deepEqual(doc.cards.map((c) => c.title).sort(), ['Asks for help', 'Makes room', 'Thanks the clerk', 'Walks in']);
  assert.equal(await saveState(page), 'saved');
  assert.deepEqual(problems(), []);
  await context.close();
});

test('a corrupted stored blueprint is kept as it is and reported, never replaced by a blank', async () => {
  const { context, page, problems } = await openBlank(env.browser, env.server.url, { contextOptions: { ...VIEW, acceptDownloads: true } });
  await addCardByDoubleClick(page, 'Customer actions', 0, 'Precious work');
  const good = await storedWhen(page, (d) => d.cards[0]?.title === 'Precious work', 'saved');
  const id = await openId(page);
  const garbage = JSON.stringify(good).slice(0, 200);
  await page.evaluate(([k, v]) => localStorage.setItem(k, v), [`stageline:v1:doc:${id}`, garbage]);

  await page.reload();
  await page.getByRole('heading', { name: 'This blueprint cannot be opened' }).waitFor();
  await page.getByText(/ends before it is complete|line 1/).first().waitFor();
  const raw = await downloadText(page, () => page.getByRole('button', { name: 'Download the stored text' }).click());
  assert.equal(raw.text, garbage);

  // Opening the app afresh does not start a blank over it: the library reports it.
  await page.goto(env.server.url);
  await page.getByRole('heading', { name: 'Blueprints that cannot be opened' }).waitFor();
  await page.getByText(id).first().waitFor();
  const all = await storage(page);
  assert.equal(all[`stageline:v1:doc:${id}`], garbage, 'the broken entry is untouched');
  assert.equal(Object.keys(all).filter((k) => k.startsWith('stageline:v1:doc:')).length, 1, 'no blank was created');
  assert.deepEqual(problems(), []);
  await context.close();
});

test('two tabs on one blueprint: a saved change shows in the other; concurrent changes ask, and both versions are kept', async () => {
  const { context, page: a, problems } = await openWith(env.browser, env.server.url, [], [], VIEW);
  const id = await openId(a);
  const b = await context.newPage();
  // Tab B is a tab that cannot merge (no BroadcastChannel, like a tab of an older version):
  // the autosave's question is what keeps both versions then.
  await b.addInitScript(() => { delete window.BroadcastChannel; });
  // Tab B's timers stand still, so its change stays unsaved while A saves.
  await b.clock.install();
  await b.goto(`${env.server.url}#/b/${id}`);
  await b.clock.runFor(50);
  await b.getByRole('grid', { name: 'Service blueprint' }).waitFor();

  // A saves; B, with nothing unsaved, follows.
  await addCardByDoubleClick(a, 'Customer actions', 0, 'From A');
  await storedWhen(a, (d) => d.cards.length === 1, 'A saved');
  await b.locator('.card', { hasText: 'From A' }).waitFor();

  // B changes something and, before it saves, A saves another change.
  const box = await cell(b, 'Customer actions', 1).boundingBox();
  await b.mouse.dblclick(box.x + box.width / 2, box.y + box.height - 12);
  await b.clock.runFor(20);
  await b.getByRole('textbox', { name: 'Card title' }).waitFor();
  await b.keyboard.type('From B');
  // (Another tab's save, written straight to storage: interacting with tab A could hide B,
  // and a hidden tab rightly saves at once.)
  await a.evaluate(() => {
    const id = localStorage.getItem('stageline:v1:last');
    const key = `stageline:v1:doc:${id}`;
    const doc = JSON.parse(localStorage.getItem(key));
    const customer = doc.lanes.find((l) => l.kind === 'customer').id;
    doc.cards.push({ id: 'cd_fromaagain', lane: customer, stage: doc.stages[2].id, kind: 'action', title: 'From A again' });
    localStorage.setItem(key, JSON.stringify(doc));
  });
  // B was typing the title: a conflict, whether or not B's new card was saved meanwhile.
  const notice = b.getByRole('region', { name: 'Changed in another tab' });
  await notice.waitFor();
  await b.keyboard.press('Enter');
  await b.clock.runFor(20);
  await b.locator('.card', { hasText: 'From B' }).waitFor();
  await notice.getByRole('button', { name: 'Keep mine (keep the other as a copy)' }).click();
  await notice.waitFor({ state: 'detached' });

  const docs = Object.values(await storedDocs(a));
  assert.equal(docs.length, 2);
  const mine = docs.find((d) => d.id === id);
  const copy = docs.find((d) => d.id !== id);
  assert.deepEqual(mine.cards.map((c) => c.title).sort(), ['From A', 'From B']);
  // (B's new card may have been stored untitled before A's write, then it is in A's version too.)
  assert.deepEqual(copy.cards.map((c) => c.title).filter(Boolean).sort(), ['From A', 'From A again']);
  assert.equal(copy.metadata.title, 'Untitled blueprint (conflict copy)');
  // A, with nothing unsaved, now shows what B kept.
  await a.locator('.card', { hasText: 'From B' }).waitFor();
  assert.deepEqual(problems(), []);
  await context.close();
});

test('typing is never lost when another tab saves: the question takes no focus, no keystroke answers it, and the text is stored', async () => {
  const { context, page: a, problems } = await openWith(env.browser, env.server.url, [['customer', 0, 'Shared']], [], VIEW);
  const id = await openId(a);
  const b = await context.newPage();
  // Tab B is a tab that cannot merge (no BroadcastChannel, like a tab of an older version):
  // the autosave's question is what keeps both versions then.
  await b.addInitScript(() => { delete window.BroadcastChannel; });
  await b.goto(`${env.server.url}#/b/${id}`);
  await b.getByRole('grid', { name: 'Service blueprint' }).waitFor();

  // B starts a new card and is typing its title when A saves.
  const box = await cell(b, 'Customer actions', 1).boundingBox();
  await b.mouse.dblclick(box.x + box.width / 2, box.y + box.height - 12);
  const field = b.getByRole('textbox', { name: 'Card title' });
  await field.waitFor();
  await b.keyboard.type('Half');
  await a.evaluate((id) => {
    const key = `stageline:v1:doc:${id}`;
    const doc = JSON.parse(localStorage.getItem(key));
    doc.cards.push({ id: 'cd_froma', lane: doc.cards[0].lane, stage: doc.stages[2].id, kind: 'action', title: 'From A' });
    localStorage.setItem(key, JSON.stringify(doc));
  }, id);
  const notice = b.getByRole('region', { name: 'Changed in another tab' });
  await notice.waitFor();
  // The field keeps focus: Space and the rest of the words go into the title, Enter ends it.
  assert.equal(await b.evaluate(() => document.activeElement?.getAttribute('aria-label')), 'Card title');
  await b.keyboard.type(' way there');
  await b.keyboard.press('Enter');
  await b.locator('.card', { hasText: 'Half way there' }).waitFor();
  assert.ok(await notice.isVisible(), 'the question is still open: no keystroke answered it');

  // While the user decides, what was typed is stored in the conflict copy; A's version stays.
  const copyOf = async () => Object.values(await storedDocs(b)).find((d) => d.id !== id);
  await until(async () => (await copyOf())?.cards.some((c) => c.title === 'Half way there'), { message: 'typed title in the conflict copy' });
  const copy = await copyOf();
  assert.equal(copy.metadata.title, 'Untitled blueprint (conflict copy)');
  const theirs = (await storedDocs(b))[id].cards.map((c) => c.title);
  assert.ok(theirs.includes('From A') && theirs.includes('Shared'), `A's version stays: ${theirs}`);
  assert.ok(!theirs.includes('Half way there'), 'nothing of B is written over A');

  // "Show the other version": B shows A's work, and the typed title is in the library.
  await notice.getByRole('button', { name: 'Show the other version (keep mine as a copy)' }).click();
  await b.locator('.card', { hasText: 'From A' }).waitFor();
  const docs = Object.values(await storedDocs(b));
  assert.equal(docs.length, 2, 'one copy, not one per save');
  assert.deepEqual((await copyOf()).cards.map((c) => c.title).sort(), ['Half way there', 'Shared']);
  assert.deepEqual(problems(), []);
  await context.close();
});

test('a tab hidden while a title is being typed stores the text', async () => {
  const { context, page, problems } = await openWith(env.browser, env.server.url, [['customer', 0, 'Old title']], [], VIEW);
  await page.locator('.card', { hasText: 'Old title' }).dblclick();
  const field = page.getByRole('textbox', { name: 'Card title' });
  await field.waitFor();
  await field.fill('Typed before the tab was hidden');
  // The page is hidden (another tab, a closed laptop) with the field still open.
  await page.evaluate(() => {
    Object.defineProperty(document, 'visibilityState', { value: 'hidden', configurable: true });
    document.dispatchEvent(new Event('visibilitychange', { bubbles: true }));
  });
  await storedWhen(page, (d) => d.cards[0].title === 'Typed before the tab was hidden', 'typed title stored');
  assert.deepEqual(problems(), []);
  await context.close();
});

test('export and import: the round trip gives the same document; imports never overwrite; bad files are refused clearly', async () => {
  const hostile = '<img src=x onerror="window.__pwned=1">';
  const { context, page, problems } = await openWith(env.browser, env.server.url, [
    ['customer', 0, hostile], ['frontstage', 0, 'Greets'],
  ], [[0, 1]], { ...VIEW, acceptDownloads: true });
  const exported = await downloadText(page, () => page.getByRole('button', { name: 'Download JSON' }).click());
  const stored = JSON.parse(exported.text);
  const seeded = await storedDoc(page);
  assert.equal(stored.id, seeded.id);
  assert.deepEqual(stored.cards.map((c) => c.title), [hostile, 'Greets']);
  assert.equal(stored.connections.length, 1);
  await context.close();

  // A fresh browser with no storage imports the file: the very same document.
  const fresh = await openApp(env.browser, env.server.url, { contextOptions: VIEW });
  const p = fresh.page;
  await library(p);
  const file = { name: exported.name, mimeType: 'application/json', buffer: Buffer.from(exported.text) };
  await p.getByLabel('Open a file…').setInputFiles(file);
  assert.equal(await openId(p), stored.id);
  assert.deepEqual(await storedDoc(p), stored);
  // Hostile text is shown as text.
  await p.locator('.card', { hasText: hostile }).waitFor();
  assert.equal(await p.locator('.card img').count(), 0);
  assert.equal(await p.evaluate(() => window.__pwned), undefined);

  // The same file again asks, and "import as a copy" keeps both.
  await library(p);
  await p.getByLabel('Open a file…').setInputFiles(file);
  const ask = p.getByRole('alertdialog', { name: 'This blueprint is already here' });
  await ask.waitFor();
  await ask.getByRole('button', { name: 'Import as a copy' }).click();
  const copyId = await openId(p);
  assert.notEqual(copyId, stored.id);
  let docs = await storedDocs(p);
  assert.deepEqual(docs[stored.id], stored, 'the original is unchanged');
  assert.deepEqual(docs[copyId].cards, stored.cards);

  // Broken, mistyped and too-new files: a clear message naming what and where; nothing changes.
  // (The copy's version on opening is kept once the editor is idle: that comes first.)
  await until(async () => (await storage(p))[`stageline:v1:history:${copyId}`], { timeout: 30_000, message: 'the version on opening the copy' });
  const before = await storage(p);
  const cases = [
    ['truncated.json', exported.text.slice(0, 120), /ends before it is complete|line \d+/],
    ['wrong-type.json', JSON.stringify({ ...stored, stages: [{ id: 5 }] }), /stages\[0\]\.id/],
    ['newer.json', JSON.stringify({ ...stored, schema_version: 99 }), /99/],
    ['not-a-blueprint.json', '{"hello": "world"}', /format/],
  ];
  for (const [name, text, pattern] of cases) {
    await library(p);
    await p.getByLabel('Open a file…').setInputFiles({ name, mimeType: 'application/json', buffer: Buffer.from(text) });
    const failed = p.getByRole('alertdialog', { name: 'Nothing was imported' });
    await failed.waitFor();
    const message = await failed.textContent();
    assert.match(message, new RegExp(name.replace('.', '\\.')));
    assert.match(message, pattern, `${name}: ${message}`);
    await failed.getByRole('button', { name: 'Close' }).click();
    await failed.waitFor({ state: 'detached' });
  }
  assert.deepEqual(await storage(p), before, 'refused files change nothing');

  // Paste and drop import too (as new blueprints: these have new IDs).
  const pasted = { ...stored, id: 'bp_pasted', metadata: { ...stored.metadata, title: 'Pasted plan' } };
  await p.evaluate((text) => {
    const data = new DataTransfer();
    data.setData('text/plain', text);
    document.body.dispatchEvent(new ClipboardEvent('paste', { clipboardData: data, bubbles: true }));
  }, JSON.stringify(pasted));
  assert.equal(await openId(p), 'bp_pasted');
  await p.locator('.app-header__title', { hasText: 'Pasted plan' }).waitFor();
  const dropped = { ...stored, id: 'bp_dropped', metadata: { ...stored.metadata, title: 'Dropped plan' } };
  await p.evaluate((text) => {
    const data = new DataTransfer();
    data.items.add(new File([text], 'dropped.json', { type: 'application/json' }));
    document.body.dispatchEvent(new DragEvent('dragover', { dataTransfer: data, bubbles: true, cancelable: true }));
    document.body.dispatchEvent(new DragEvent('drop', { dataTransfer: data, bubbles: true, cancelable: true }));
  }, JSON.stringify(dropped));
  await until(async () => (await p.evaluate(() => location.hash)) === '#/b/bp_dropped', { message: 'dropped file opened' });
  docs = await storedDocs(p);
  assert.equal(docs.bp_dropped.metadata.title, 'Dropped plan');
  assert.deepEqual(fresh.problems(), []);
  assert.deepEqual(problems(), []);
  await fresh.context.close();
});

/** Pastes `text` outside any text field, as Ctrl+V on the page does. */
async function paste(page, text) {
  await page.evaluate((t) => {
    const data = new DataTransfer();
    data.setData('text/plain', t);
    document.body.dispatchEvent(new ClipboardEvent('paste', { clipboardData: data, bubbles: true, cancelable: true }));
  }, text);
}

test('every paste gets an answer, and messages end in one full stop', async () => {
  const { context, page, problems } = await openApp(env.browser, env.server.url, { contextOptions: VIEW });
  await library(page);
  const before = await storage(page);
  for (const [what, text, pattern] of [
    ['an array', '[1, 2, 3]', /pasted text: .*found an array/i],
    ['a number', '42', /not JSON/],
    ['plain words', 'hello there', /not JSON/],
    ['nothing', '', /no text/],
    ['a truncated blueprint', JSON.stringify(blankDoc()).slice(0, 90), /pasted text.*truncated/i],
  ]) {
    await paste(page, text);
    const failed = page.getByRole('alertdialog', { name: 'Nothing was imported' });
    await failed.waitFor({ timeout: 5000 }).catch(() => assert.fail(`no answer to pasting ${what}`));
    const message = await failed.locator('.dialog__error').textContent();
    assert.match(message, pattern, `${what}: ${message}`);
    assert.doesNotMatch(message, /\.\.|\.\s*\.$/, `${what}: one full stop: ${message}`);
    assert.match(message, /^[A-Z]/, `${what}: starts as a sentence: ${message}`);
    await failed.getByRole('button', { name: 'Close' }).click();
    await failed.waitFor({ state: 'detached' });
  }
  assert.deepEqual(await storage(page), before, 'nothing was stored');
  assert.deepEqual(problems(), []);
  await context.close();
});

test('an import that repairs something says what and where, in full, until dismissed', async () => {
  const { context, page, problems } = await openApp(env.browser, env.server.url, { contextOptions: VIEW });
  await library(page);
  const doc = blankDoc('bp_needsrepair');
  doc.metadata.title = 'Needs repair';
  doc.cards = [
    { id: 'cd_a', lane: 'ln_customer', stage: 'st_seeded1', kind: 'action', title: 'Books online', links: [{ label: 'Bad', url: 'javascript:alert(1)' }] },
    { id: 'cd_b', lane: 'ln_nowhere', stage: 'st_seeded2', kind: 'action', title: 'Lost card' },
  ];
  await page.getByLabel('Open a file…').setInputFiles({ name: 'needs-repair.json', mimeType: 'application/json', buffer: Buffer.from(JSON.stringify(doc)) });
  const report = page.getByRole('region', { name: /Imported “Needs repair” from needs-repair\.json: 2 things were repaired/ });
  await report.waitFor();
  const items = await report.getByRole('listitem').allInnerTexts();
  assert.equal(items.length, 2, items.join(' | '));
  assert.ok(items.some((t) => /javascript:alert\(1\)/.test(t) && /Books online/.test(t)), `the dropped link, named with its card: ${items}`);
  assert.ok(items.some((t) => /Lost card/.test(t) && /Unplaced cards/.test(t)), `the moved card and where it went: ${items}`);
  // The whole text is on screen, not cut off at an edge.
  for (const li of await report.getByRole('listitem').all()) {
    const fits = await li.evaluate((el) => el.scrollWidth <= el.clientWidth + 1);
    assert.ok(fits, 'the message is not cut off');
  }
  await report.getByRole('button', { name: 'Dismiss' }).click();
  await report.waitFor({ state: 'detached' });
  assert.deepEqual(problems(), []);
  await context.close();
});

test('copy JSON puts the blueprint on the clipboard', async () => {
  const { context, page, problems } = await openWith(env.browser, env.server.url, [['customer', 0, 'Walks in']], [], {
    ...VIEW, permissions: ['clipboard-read', 'clipboard-write'],
  });
  await page.getByRole('button', { name: 'Copy JSON' }).click();
  await page.getByText('Copied the blueprint').waitFor();
  const text = await page.evaluate(() => navigator.clipboard.readText());
  assert.deepEqual(JSON.parse(text), await storedDoc(page));
  assert.deepEqual(problems(), []);
  await context.close();
});

test('blueprints stored by the first storage layout (no index) open and appear in the library; usage and persistence are shown', async () => {
  const { context, page, problems } = await openApp(env.browser, env.server.url, { contextOptions: VIEW });
  const doc = blankDoc('bp_firstlayout');
  doc.metadata.title = 'Kept from the first version';
  await page.evaluate((text) => {
    localStorage.clear();
    localStorage.setItem('stageline:v1:doc:bp_firstlayout', text);
    localStorage.setItem('stageline:v1:last', 'bp_firstlayout');
  }, JSON.stringify(doc));
  await page.goto(env.server.url);
  assert.equal(await openId(page), 'bp_firstlayout');
  await library(page);
  await item(page, 'Kept from the first version').waitFor();
  assert.ok((await storage(page))['stageline:v1:index'], 'the index was built');
  await page.getByText(/Stageline uses \d+ KB of this browser's local storage/).waitFor();
  const persist = page.getByRole('button', { name: /Keep my blueprints/ });
  if (await persist.count()) {
    await persist.click();
    await page.getByText(/The browser (will keep|declined)/).waitFor();
  }
  assert.deepEqual(problems(), []);
  await context.close();
});
