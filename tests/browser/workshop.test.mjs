// Live workshops (issue 20), in real Chromium against the real workshop server (y-sweet,
// started by scripts/test; run by hand, tests/workshop/server.mjs starts one): two browser
// contexts in one room create, move, connect and edit and each sees the other's work;
// concurrent edits of one card both survive; a participant offline edits and comes back; the
// server is stopped and restarted mid-session; a late joiner gets the whole blueprint;
// presence shows the participants; undo undoes only one's own changes; two tabs of one
// browser on one blueprint merge instead of asking. Every test checks what is stored.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import {
  withBrowser, openApp, storedDoc, until, cell, center, mouseDrag, addCardByDoubleClick,
  storedWhen, openWith,
} from './support.mjs';
import { workshopServer } from '../workshop/server.mjs';

const VIEW = { viewport: { width: 1400, height: 900 } };
const ROOT = new URL('../../', import.meta.url).pathname;
const AXE = await readFile(`${ROOT}node_modules/axe-core/axe.min.js`, 'utf8');

const env = withBrowser();
let server;
before(async () => {
  server = await workshopServer();
});
after(async () => {
  await server?.close();
});

/** The workshop status in the header, as a user reads it. */
function status(page) {
  return page.locator('.live-status');
}

async function statusSays(page, re, message = `status ${re}`) {
  await until(async () => re.test((await status(page).textContent()) ?? ''), { timeout: 15_000, message });
}

/** Starts a workshop from the open blueprint as `name`; returns the room link. */
async function startWorkshop(page, name) {
  await page.getByRole('button', { name: 'Start a workshop…' }).click();
  const dialog = page.getByRole('dialog', { name: 'Start a live workshop' });
  await dialog.getByLabel('Your name (others see it)').fill(name);
  await dialog.getByRole('button', { name: 'Start the workshop' }).click();
  const live = page.getByRole('dialog', { name: 'Live workshop' });
  const field = live.getByLabel('Room link (anyone with it can edit)');
  await field.waitFor();
  const link = await field.inputValue();
  await live.getByRole('button', { name: 'Close' }).click();
  await statusSays(page, /^Workshop: live/);
  return link;
}

/** Opens a room link in a fresh browser context as `name`, and waits for the editor. */
async function join(link, name) {
  const context = await env.browser.newContext(VIEW);
  const page = await context.newPage();
  const problems = [];
  page.on('pageerror', (err) => problems.push(`page error: ${err.message}`));
  page.on('console', (msg) => {
    if (msg.type() === 'error') problems.push(`console error: ${msg.text()}`);
  });
  await page.goto(link);
  await page.getByLabel('Your name (others in the room see it)').fill(name);
  await page.getByRole('button', { name: 'Join' }).click();
  await page.getByRole('grid', { name: 'Service blueprint' }).waitFor({ timeout: 20_000 });
  await statusSays(page, /^Workshop: live/);
  return { context, page, problems: () => problems };
}

function card(page, title) {
  return page.locator('.card', { hasText: title });
}

/** A document's cards as comparable facts: id, cell, title, owner, in document order per cell. */
function facts(doc) {
  return doc.cards
    .map((c) => `${c.id}|${c.lane}|${c.stage}|${c.title}|${c.owner ?? ''}`)
    .sort();
}

/** Waits until every page's stored blueprint has the same cards and arrows, and returns one. */
async function converged(pages, check = () => true, message = 'all participants equal') {
  return until(async () => {
    const docs = await Promise.all(pages.map((p) => storedDoc(p)));
    const first = JSON.stringify([facts(docs[0]), docs[0].connections.map((c) => c.id).sort()]);
    const same = docs.every((d) => JSON.stringify([facts(d), d.connections.map((c) => c.id).sort()]) === first);
    return same && check(docs[0]) && docs[0];
  }, { timeout: 20_000, message });
}

test('two participants in one room see each other create, move, connect and edit; presence; a late joiner gets it all', async () => {
  const a = await openWith(env.browser, env.server.url, [['customer', 0, 'Arrives at the desk']], [], VIEW);
  const link = await startWorkshop(a.page, 'Ana');
  assert.match(link, /#\/room\?server=ws%3A%2F%2F127\.0\.0\.1%3A\d+&id=[A-Za-z0-9_-]{22,}$/);
  // The room link carries the server and the room, never the document.
  assert.ok(!link.includes('Arrives'), 'no content in the link');
  const b = await join(link, 'Ben');
  try {
    await card(b.page, 'Arrives at the desk').waitFor();
    // Presence: both counted, each listed by name.
    await statusSays(a.page, /live, 2 people/);
    await statusSays(b.page, /live, 2 people/);

    // A creates; B sees it.
    await addCardByDoubleClick(a.page, 'Frontstage actions', 1, 'Greets the guest');
    await card(b.page, 'Greets the guest').waitFor();

    // B moves A's first card with the mouse; A's stored copy has the move.
    const from = await center(card(b.page, 'Arrives at the desk'));
    const to = await center(cell(b.page, 'Customer actions', 2));
    await mouseDrag(b.page, from, to);
    const doc0 = await storedDoc(a.page);
    await storedWhen(a.page, (d) => d.cards.find((c) => c.title === 'Arrives at the desk')?.stage === doc0.stages[2].id, 'the move reached A');

    // B connects the two cards with the keyboard (C, then the target, Enter).
    await card(b.page, 'Greets the guest').focus();
    await b.page.keyboard.press('c');
    await b.page.keyboard.press('ArrowUp');
    await b.page.keyboard.press('ArrowRight');
    await b.page.keyboard.press('Enter');
    await storedWhen(a.page, (d) => d.connections.length === 1, 'the arrow reached A');

    // B edits a field of A's card; A has it.
    await card(b.page, 'Greets the guest').click();
    const details = b.page.getByRole('complementary', { name: 'Details' });
    await details.getByLabel('Owner', { exact: true }).fill('Front desk');
    await details.getByLabel('Owner', { exact: true }).press('Tab');
    await storedWhen(a.page, (d) => d.cards.find((c) => c.title === 'Greets the guest')?.owner === 'Front desk', 'the edit reached A');

    // B's selection and pointer show on A's canvas in B's colour, with B's name.
    const greets = (await storedDoc(a.page)).cards.find((c) => c.title === 'Greets the guest').id;
    await a.page.locator(`.presence-card[data-card="${greets}"]`, { hasText: 'Ben' }).waitFor();
    const box = await cell(b.page, 'Backstage actions', 0).boundingBox();
    await b.page.mouse.move(box.x + 20, box.y + 20, { steps: 4 });
    await a.page.locator('.presence-pointer', { hasText: 'Ben' }).waitFor();
    // The card B edits is marked on A's screen; a drag in progress shows where B takes the
    // card, and is written only on the drop.
    await card(b.page, 'Greets the guest').focus();
    await b.page.keyboard.press('Enter');
    await b.page.getByRole('textbox', { name: 'Card title' }).waitFor();
    await a.page.locator(`.presence-card[data-card="${greets}"]`, { hasText: 'Ben is editing' }).waitFor();
    await b.page.keyboard.press('Escape');
    const start = await center(card(b.page, 'Greets the guest'));
    const over = await center(cell(b.page, 'Frontstage actions', 2));
    await b.page.mouse.move(start.x, start.y);
    await b.page.mouse.down();
    await b.page.mouse.move(start.x + 3, start.y + 3, { steps: 2 });
    await b.page.mouse.move(over.x, over.y, { steps: 8 });
    await a.page.locator(`.presence-card--drag[data-card="${greets}"]`).waitFor();
    const during = await storedDoc(a.page);
    assert.equal(during.cards.find((c) => c.id === greets).stage, doc0.stages[1].id, 'not written before the drop');
    await b.page.keyboard.press('Escape');
    await b.page.mouse.up();
    await a.page.locator('.presence-card--drag').waitFor({ state: 'detached' });
    // The participant list names both.
    await a.page.getByRole('button', { name: 'Workshop…' }).click();
    const people = a.page.getByRole('dialog', { name: 'Live workshop' }).getByRole('list', { name: 'In the room' });
    await people.getByText('Ben').waitFor();
    await people.getByText('Ana (you)').waitFor();
    await a.page.keyboard.press('Escape');

    // Both stored copies are the same blueprint.
    const doc = await converged([a.page, b.page], (d) => d.cards.length === 2 && d.connections.length === 1);

    // A late joiner gets the whole blueprint, and it is in their library too.
    const c = await join(link, 'Cleo');
    try {
      await card(c.page, 'Greets the guest').waitFor();
      const late = await converged([a.page, c.page], (d) => d.cards.length === 2 && d.connections.length === 1);
      assert.deepEqual(facts(late), facts(doc));
      await statusSays(a.page, /live, 3 people/);
      assert.deepEqual(c.problems(), []);
    } finally {
      await c.context.close();
    }
    // Leaving a workshop keeps the blueprint as an ordinary one.
    await statusSays(a.page, /live, 2 people/);
    await b.page.getByRole('button', { name: 'Workshop…' }).click();
    await b.page.getByRole('button', { name: 'Leave the workshop' }).click();
    await b.page.getByRole('button', { name: 'Start a workshop…' }).waitFor();
    assert.equal(await status(b.page).textContent(), '');
    await b.page.reload();
    await card(b.page, 'Greets the guest').waitFor();
    await statusSays(a.page, /live, only you/);
    assert.deepEqual(a.problems(), []);
    assert.deepEqual(b.problems(), []);
  } finally {
    await a.context.close();
    await b.context.close();
  }
});

test('concurrent edits of one card both survive, and a participant offline edits and merges when back', async () => {
  const a = await openWith(env.browser, env.server.url, [['customer', 0, 'Checks in']], [], VIEW);
  const link = await startWorkshop(a.page, 'Ana');
  const b = await join(link, 'Ben');
  try {
    await card(b.page, 'Checks in').waitFor();
    // B loses the network (Wi-Fi gone): the status says so, editing goes on.
    await b.context.setOffline(true);
    await statusSays(b.page, /^Workshop: offline/);
    // Both edit the same card at the same time, different fields; both add a card.
    await card(a.page, 'Checks in').click();
    const da = a.page.getByRole('complementary', { name: 'Details' });
    await da.getByLabel('Owner', { exact: true }).fill('Reception');
    await da.getByLabel('Owner', { exact: true }).press('Tab');
    await card(b.page, 'Checks in').focus();
    await b.page.keyboard.press('Enter');
    const title = b.page.getByRole('textbox', { name: 'Card title' });
    await title.fill('Checks in at the kiosk');
    await title.press('Enter');
    await addCardByDoubleClick(b.page, 'Backstage actions', 1, 'Made offline');
    await addCardByDoubleClick(a.page, 'Backstage actions', 2, 'Made online');
    await statusSays(b.page, /offline, \d+ changes? waiting/);
    await storedWhen(b.page, (d) => d.cards.some((c) => c.title === 'Made offline'), 'B stored its offline card');
    // Back online: both sides end equal, with every edit.
    await b.context.setOffline(false);
    await statusSays(b.page, /^Workshop: live/);
    const doc = await converged([a.page, b.page], (d) => d.cards.length === 3);
    const checks = doc.cards.find((c) => c.id === 'cd_test0');
    assert.equal(checks.title, 'Checks in at the kiosk', 'B\'s title survives');
    assert.equal(checks.owner, 'Reception', 'A\'s owner survives');
    assert.deepEqual(doc.cards.map((c) => c.title).sort(), ['Checks in at the kiosk', 'Made offline', 'Made online']);
    assert.doesNotMatch(await status(b.page).textContent(), /waiting/);
    assert.deepEqual(a.problems(), []);
    assert.deepEqual(b.problems().filter((p) => !/ERR_INTERNET_DISCONNECTED|WebSocket/.test(p)), []);
  } finally {
    await a.context.close();
    await b.context.close();
  }
});

test('the server stopped and restarted mid-session loses nothing, and undo undoes only one\'s own changes', async () => {
  const a = await openWith(env.browser, env.server.url, [['customer', 0, 'Pays the bill']], [], VIEW);
  const link = await startWorkshop(a.page, 'Ana');
  const b = await join(link, 'Ben');
  try {
    await card(b.page, 'Pays the bill').waitFor();
    await server.stop();
    await statusSays(a.page, /^Workshop: reconnecting/);
    await statusSays(b.page, /^Workshop: reconnecting/);
    await addCardByDoubleClick(a.page, 'Frontstage actions', 0, 'While down, A');
    await addCardByDoubleClick(b.page, 'Frontstage actions', 1, 'While down, B');
    await server.start();
    await statusSays(a.page, /^Workshop: live/);
    await statusSays(b.page, /^Workshop: live/);
    await converged([a.page, b.page], (d) => d.cards.length === 3);

    // Undo: A's last step was A's card; B renamed another card since. A undoes: A's card
    // goes, B's rename stays, in both stored copies.
    await card(b.page, 'Pays the bill').focus();
    await b.page.keyboard.press('Enter');
    const title = b.page.getByRole('textbox', { name: 'Card title' });
    await title.fill('Pays by card');
    await title.press('Enter');
    await card(a.page, 'Pays by card').waitFor();
    // (A's card took two steps: the card, then its title.)
    const undo = a.page.getByRole('button', { name: 'Undo' });
    assert.match(await undo.getAttribute('title'), /^Undo Edit title/);
    await undo.click();
    await converged([a.page, b.page], (d) => d.cards.some((c) => c.title === ''));
    await undo.click();
    const doc = await converged([a.page, b.page], (d) => d.cards.length === 2);
    assert.deepEqual(doc.cards.map((c) => c.title).sort(), ['Pays by card', 'While down, B']);

    // A late joiner after the restart gets everything from the server.
    const c = await join(link, 'Cleo');
    try {
      await converged([a.page, c.page], (d) => d.cards.length === 2);
    } finally {
      await c.context.close();
    }
    assert.deepEqual(a.problems().filter((p) => !/WebSocket/.test(p)), []);
    assert.deepEqual(b.problems().filter((p) => !/WebSocket/.test(p)), []);
  } finally {
    await server.start();
    await a.context.close();
    await b.context.close();
  }
});

test('two tabs of one browser on one blueprint merge their edits, typing included, and never ask which to keep', async () => {
  const { context, page: a, problems } = await openWith(env.browser, env.server.url, [['customer', 0, 'Shared']], [], VIEW);
  const id = (await storedDoc(a)).id;
  const b = await context.newPage();
  await b.goto(`${env.server.url}#/b/${id}`);
  await b.getByRole('grid', { name: 'Service blueprint' }).waitFor();
  try {
    await addCardByDoubleClick(a, 'Frontstage actions', 0, 'From A');
    await card(b, 'From A').waitFor();
    // B is typing a title while A saves another change: no question, nothing lost.
    const box = await cell(b, 'Backstage actions', 1).boundingBox();
    await b.mouse.dblclick(box.x + box.width / 2, box.y + box.height - 12);
    const field = b.getByRole('textbox', { name: 'Card title' });
    await field.waitFor();
    await b.keyboard.type('Typed in');
    await addCardByDoubleClick(a, 'Support processes', 2, 'From A again');
    await card(b, 'From A again').waitFor();
    await b.keyboard.type(' B');
    await b.keyboard.press('Enter');
    await card(a, 'Typed in B').waitFor();
    const doc = await converged([a, b], (d) => d.cards.length === 4);
    assert.deepEqual(doc.cards.map((c) => c.title).sort(), ['From A', 'From A again', 'Shared', 'Typed in B']);
    assert.equal(await a.getByRole('region', { name: 'Changed in another tab' }).count(), 0);
    assert.equal(await b.getByRole('region', { name: 'Changed in another tab' }).count(), 0);
    const keys = await a.evaluate(() => Object.keys(localStorage).filter((k) => k.startsWith('stageline:v1:doc:')));
    assert.equal(keys.length, 1, `no conflict copy: ${keys}`);
    assert.deepEqual(problems(), []);
  } finally {
    await context.close();
  }
});

test('a workshop blueprint whose shared state this browser lost stays here on its own, and the room stays as the others left it', async () => {
  const a = await openWith(env.browser, env.server.url, [['customer', 0, 'Orders a taxi']], [], VIEW);
  const link = await startWorkshop(a.page, 'Ana');
  const b = await join(link, 'Ben');
  let c;
  try {
    await card(b.page, 'Orders a taxi').waitFor();
    await statusSays(a.page, /live, 2 people/);
    const id = (await storedDoc(a.page)).id;
    // A closes the page, and the browser loses the engine's state (storage partly cleared, or
    // a write of it that failed), but keeps the blueprint and its workshop binding.
    const origin = new URL(env.server.url).origin;
    await a.page.goto(`${origin}/favicon.svg`);
    const kept = await a.page.evaluate((id) => {
      localStorage.removeItem(`stageline:v1:replica:${id}`);
      return localStorage.getItem(`stageline:v1:workshop:${id}`) !== null;
    }, id);
    assert.ok(kept, 'the binding is still stored before reopening');
    await statusSays(b.page, /live, only you/);
    await a.page.goto(`${env.server.url}#/b/${id}`);
    await card(a.page, 'Orders a taxi').waitFor();
    // A is told, in full, and the blueprint is an ordinary one here now.
    const report = a.page.locator('.load-report');
    await report.getByText('lost the workshop\'s shared state').waitFor();
    await a.page.getByRole('button', { name: 'Start a workshop…' }).waitFor();
    assert.equal(await a.page.evaluate((id) => localStorage.getItem(`stageline:v1:workshop:${id}`), id), null);
    // A's edits stay A's; the room goes on without them.
    await addCardByDoubleClick(a.page, 'Frontstage actions', 1, 'Only on this device');
    await storedWhen(a.page, (d) => d.cards.some((x) => x.title === 'Only on this device'), 'A kept its edit');
    await addCardByDoubleClick(b.page, 'Backstage actions', 1, 'In the room');
    await storedWhen(b.page, (d) => d.cards.some((x) => x.title === 'In the room'), 'B stored its card');
    c = await join(link, 'Cem');
    await card(c.page, 'In the room').waitFor();
    const room = await storedDoc(c.page);
    assert.deepEqual(room.cards.map((x) => x.title).sort(), ['In the room', 'Orders a taxi']);
    const mine = await storedDoc(a.page);
    assert.deepEqual(mine.cards.map((x) => x.title).sort(), ['Only on this device', 'Orders a taxi']);
    assert.deepEqual(b.problems(), []);
    assert.deepEqual(c.problems(), []);
  } finally {
    await a.context.close();
    await b.context.close();
    await c?.context.close();
  }
});

test('the workshop dialog and the join page have no axe-core violation', async () => {
  const a = await openWith(env.browser, env.server.url, [['customer', 0, 'Orders']], [], VIEW);
  try {
    // (Evaluated through the driver: the page's policy rightly refuses inline scripts.)
    const run = async (page, scope) => {
      await page.evaluate(AXE);
      return page.evaluate(async (sel) => (await window.axe.run(sel ? { include: [[sel]] } : document, { resultTypes: ['violations'] }))
        .violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`), scope);
    };
    await a.page.getByRole('button', { name: 'Start a workshop…' }).click();
    await a.page.getByRole('dialog', { name: 'Start a live workshop' }).waitFor();
    assert.deepEqual(await run(a.page, 'dialog[open]'), [], 'start dialog');
    const dialog = a.page.getByRole('dialog', { name: 'Start a live workshop' });
    await dialog.getByLabel('Your name (others see it)').fill('Ana');
    await dialog.getByRole('button', { name: 'Start the workshop' }).click();
    const live = a.page.getByRole('dialog', { name: 'Live workshop' });
    const link = await live.getByLabel('Room link (anyone with it can edit)').inputValue();
    assert.deepEqual(await run(a.page, 'dialog[open]'), [], 'live dialog');
    assert.deepEqual(await run(a.page, '.app-banner'), [], 'the header with the workshop status');
    const other = await env.browser.newContext(VIEW);
    try {
      const p = await other.newPage();
      await p.goto(link);
      await p.getByLabel('Your name (others in the room see it)').waitFor();
      assert.deepEqual(await run(p), [], 'join page');
    } finally {
      await other.close();
    }
  } finally {
    await a.context.close();
  }
});
