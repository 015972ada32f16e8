// Versions and comparison (issue 22): an as-is and its to-be compared in one grid, with what
// was added, removed, moved and changed marked in colour, by symbol and in words; a filter
// for the changes only; the list of changes leading to each; what the change does; and the
// history of one blueprint: named and automatic versions, preview, compare, restore (undoable,
// keeping newer versions), copy as a new blueprint, and the storage budget.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtemp, writeFile, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { withBrowser, openApp, blankDoc, ids, until, assertAxeClean, storedDoc, storedWhen } from './support.mjs';

const VIEW = { viewport: { width: 1440, height: 900 } };
// The command-line tool, as the suite's `cargo test` builds it (or STAGELINE_CLI).
const CLI = process.env.STAGELINE_CLI ?? new URL('../../target/debug/stageline', import.meta.url).pathname;
const env = withBrowser();

/** An as-is with four cards and an arrow, and a to-be copied from it (same card IDs). */
function asIsAndToBe() {
  const asIs = blankDoc('bp_asis');
  asIs.metadata.title = 'Hotel (as is)';
  const { lane, stage } = ids(asIs);
  const card = (id, l, s, title, extra = {}) => ({ id, lane: lane[l], stage: stage[s], kind: 'action', title, ...extra });
  asIs.cards = [
    card('cd_walk', 'customer', 0, 'Walks in'),
    card('cd_greet', 'frontstage', 0, 'Greets', { actor_type: 'human' }),
    card('cd_paper', 'backstage', 0, 'Fills paper form'),
    card('cd_key', 'backstage', 1, 'Prints key'),
  ];
  asIs.connections = [{ id: 'cn_walk', from: 'cd_walk', to: 'cd_greet' }];
  const toBe = structuredClone(asIs);
  toBe.id = 'bp_tobe';
  toBe.metadata.title = 'Hotel (to be)';
  toBe.cards = toBe.cards.filter((c) => c.id !== 'cd_paper');
  toBe.cards.find((c) => c.id === 'cd_greet').actor_type = 'virtual_agent';
  Object.assign(toBe.cards.find((c) => c.id === 'cd_key'), { stage: stage[2] });
  toBe.cards.push(card('cd_app', 'customer', 1, 'Checks in on the app'));
  return { asIs, toBe };
}

async function store(page, docs) {
  await page.evaluate((texts) => {
    for (const text of texts) {
      const d = JSON.parse(text);
      localStorage.setItem(`stageline:v1:doc:${d.id}`, text);
    }
  }, docs.map((d) => JSON.stringify(d)));
}

test('two blueprints compared: every kind of change is marked, listed, filtered and explained', async () => {
  const { page, context, problems } = await openApp(env.browser, env.server.url, { contextOptions: VIEW });
  const { asIs, toBe } = asIsAndToBe();
  await store(page, [asIs, toBe]);
  const before = await page.evaluate(() => JSON.stringify(Object.entries(localStorage).sort()));
  await page.goto(`${env.server.url}#/compare/bp_asis/bp_tobe`);
  await page.getByRole('grid', { name: 'Service blueprint' }).waitFor();
  const status = page.getByRole('toolbar', { name: 'View' }).getByRole('status');
  // The title changed too (a change of the blueprint's own fields).
  await until(async () => /5 changes: 1 added, 1 removed, 1 moved, 2 changed/.test(await status.textContent()), { message: 'the summary in the status line' });

  // Each card's mark: a data attribute, a visible word and the words in its name.
  const mark = (id) => page.locator(`#card-${id}`);
  assert.equal(await mark('cd_app').getAttribute('data-change'), 'added');
  assert.equal(await mark('cd_paper').getAttribute('data-change'), 'removed', 'the removed card is drawn where it was');
  assert.equal(await mark('cd_key').getAttribute('data-change'), 'moved');
  assert.equal(await mark('cd_greet').getAttribute('data-change'), 'changed');
  assert.equal(await mark('cd_walk').getAttribute('data-change'), null, 'an unchanged card has no mark');
  assert.equal((await mark('cd_paper').locator('.card__change').textContent()).trim(), 'Removed');
  assert.match(await mark('cd_key').getAttribute('aria-label'), /^Prints key, .*Moved from Backstage actions \/ Stage 2$/);
  assert.match(await mark('cd_greet').getAttribute('aria-label'), /, Changed: actor type/);
  // The removed card sits in its old cell.
  const cellOf = (id) => page.locator(`#card-${id}`).evaluate((el) => el.closest('[role=gridcell]')?.id);
  assert.equal(await cellOf('cd_paper'), 'cell-ln_backstage-st_seeded1');
  assert.equal(await cellOf('cd_key'), 'cell-ln_backstage-st_seeded3', 'a moved card is in its new cell');

  // The legend counts, and marks read without colour: a symbol drawn before each badge.
  const legend = page.getByLabel('Marks');
  assert.match(await legend.textContent(), /Added 1.*Removed 1.*Moved 1.*Changed 2/s);
  const symbol = await mark('cd_paper').locator('.card__change').evaluate((el) => getComputedStyle(el, '::before').content);
  assert.equal(symbol, '"− "');

  // The list of changes: buttons in words, each leading to its card.
  const panel = page.getByRole('complementary', { name: 'Changes' });
  const items = panel.getByRole('listitem');
  assert.equal(await panel.getByRole('list').first().getByRole('listitem').count(), 5);
  await panel.getByRole('button', { name: 'Card moved: "Prints key" from Backstage actions / Stage 2 to Backstage actions / Stage 3' }).click();
  await until(async () => (await page.evaluate(() => document.activeElement?.id)) === 'card-cd_key', { message: 'focus on the moved card' });
  assert.ok(await items.filter({ hasText: 'actor_type Human → Virtual agent' }).count() === 1, 'the changed field with old and new values');

  // `stageline diff` says the same changes, in the same words and order.
  await stat(CLI).catch(() => assert.fail(`the CLI is not built at ${CLI} (run cargo build -p stageline-cli, or set STAGELINE_CLI)`));
  const dir = await mkdtemp(join(tmpdir(), 'stageline-diff-'));
  await writeFile(join(dir, 'as-is.json'), JSON.stringify(asIs));
  await writeFile(join(dir, 'to-be.json'), JSON.stringify(toBe));
  const cli = await promisify(execFile)(CLI, ['diff', join(dir, 'as-is.json'), join(dir, 'to-be.json')]).catch((e) => e);
  assert.equal(cli.code, 1, `exit 1 for different versions: ${cli.stderr}`);
  const listed = (await panel.locator('.compare__changes .compare__go').allTextContents()).map((t) => t.replace(/^\S\s/, '').trim());
  const printed = cli.stdout.split('\n').map((l) => l.trim());
  for (const line of listed) assert.ok(printed.includes(line), `stageline diff prints "${line}":\n${cli.stdout}`);
  assert.equal(listed.length, 5);

  // What the change does.
  const effects = await panel.locator('.compare__effects').textContent();
  assert.match(effects, /step|Steps/i, effects);

  // Only the changes.
  const only = page.getByRole('button', { name: 'Only changes' });
  assert.equal(await only.getAttribute('aria-pressed'), 'false');
  await only.focus();
  await page.keyboard.press('Enter');
  assert.equal(await only.getAttribute('aria-pressed'), 'true');
  assert.equal(await mark('cd_walk').isVisible(), false, 'unchanged cards are hidden');
  assert.equal(await mark('cd_paper').isVisible(), true);
  await assertAxeClean(page, 'the comparison');

  // Nothing was written.
  const after = await page.evaluate(() => JSON.stringify(Object.entries(localStorage).sort()));
  assert.equal(after, before, 'opening a comparison writes nothing');
  assert.deepEqual(problems(), []);
  await context.close();
});

test('a comparison address that names nothing says so', async () => {
  const { page, context } = await openApp(env.browser, env.server.url, {
    path: '#/compare/bp_nothere/bp_nothere2',
    ready: (p) => p.getByRole('heading', { name: 'One of the two versions cannot be opened' }).waitFor({ timeout: 30_000 }),
  });
  await page.goto(`${env.server.url}#/compare/only-one`);
  await page.getByRole('heading', { name: 'This comparison\'s address is not complete' }).waitFor();
  await context.close();
});

/** The history keys in local storage and the UTF-16 code units they take. */
function historyUse(page) {
  return page.evaluate(() => {
    let units = 0;
    const keys = [];
    for (let i = 0; i < localStorage.length; i++) {
      const key = localStorage.key(i);
      if (/^stageline:v1:(history|snap)/.test(key)) {
        keys.push(key);
        units += key.length + localStorage.getItem(key).length;
      }
    }
    return { keys, units };
  });
}

/** Opens the history dialog from the header and waits for it. */
async function openHistory(page) {
  await page.getByRole('button', { name: 'History…' }).click();
  const dialog = page.getByRole('dialog', { name: 'Version history' });
  await dialog.waitFor();
  return dialog;
}

test('name this morning\'s version, edit, compare, restore it (undoably), copy it as a new blueprint', async () => {
  const { page, context, problems } = await openApp(env.browser, env.server.url, { contextOptions: VIEW });
  const doc = blankDoc('bp_morning');
  doc.metadata.title = 'Check-in';
  const { lane, stage } = ids(doc);
  doc.cards = [{ id: 'cd_desk', lane: lane.frontstage, stage: stage[0], kind: 'action', title: 'Desk greets guest' }];
  await page.evaluate((text) => localStorage.setItem('stageline:v1:doc:bp_morning', text), JSON.stringify(doc));
  await page.goto(`${env.server.url}#/b/bp_morning`);
  await page.getByRole('grid', { name: 'Service blueprint' }).waitFor();
  // Opening a stored blueprint keeps a version of it, once the first frame is shown.
  await until(async () => (await historyUse(page)).keys.length >= 2, { message: 'the version taken on opening' });

  let dialog = await openHistory(page);
  await dialog.getByRole('group', { name: /^When it was opened/ }).waitFor();
  assert.equal(await page.evaluate(() => document.activeElement?.id), 'history-name', 'focus starts on the name');
  await page.keyboard.type('As is, morning workshop');
  await page.keyboard.press('Enter');
  await dialog.getByRole('status').filter({ hasText: 'Saved the version “As is, morning workshop”' }).waitFor();
  await assertAxeClean(page, 'the version history dialog');
  await page.keyboard.press('Escape');
  await dialog.waitFor({ state: 'detached' });

  // An afternoon edit.
  await page.getByRole('button', { name: /Desk greets guest/ }).and(page.locator('.card')).dblclick();
  const title = page.getByRole('textbox', { name: 'Card title' });
  await title.fill('Kiosk greets guest');
  await page.keyboard.press('Enter');
  await storedWhen(page, (d) => d.cards[0]?.title === 'Kiosk greets guest', 'the edit saved');

  // Compare the morning with now.
  dialog = await openHistory(page);
  const morning = dialog.getByRole('group', { name: /As is, morning workshop/ });
  await morning.getByRole('link', { name: 'Compare with now' }).click();
  await page.getByRole('complementary', { name: 'Changes' }).waitFor();
  const change = page.getByRole('button', { name: 'Card changed: "Kiosk greets guest": title Desk greets guest → Kiosk greets guest' });
  await change.waitFor();
  assert.equal(await page.locator('#card-cd_desk').getAttribute('data-change'), 'changed');
  await page.getByRole('link', { name: 'Back to the blueprint' }).click();
  await page.getByRole('grid', { name: 'Service blueprint' }).waitFor();

  // Restore the morning: one step, undoable, and nothing newer is lost.
  dialog = await openHistory(page);
  const before = (await dialog.getByRole('listitem').count());
  await dialog.getByRole('group', { name: /As is, morning workshop/ }).getByRole('button', { name: 'Restore' }).click();
  await dialog.waitFor({ state: 'detached' });
  await storedWhen(page, (d) => d.cards[0]?.title === 'Desk greets guest', 'the morning restored and saved');
  await page.getByRole('status').filter({ hasText: 'Restored the version “As is, morning workshop”' }).first().waitFor();
  dialog = await openHistory(page);
  // The afternoon was kept when the page opened again (so the restore needed no new version
  // of it), and nothing newer went.
  await dialog.getByRole('group', { name: /^As is, morning workshop/ }).waitFor();
  assert.ok(await dialog.getByRole('listitem').count() >= before, 'no version deleted by the restore');
  await page.keyboard.press('Escape');
  await dialog.waitFor({ state: 'detached' });
  await page.getByRole('button', { name: 'Undo Restore version (Ctrl+Z)' }).or(page.locator('button[title^="Undo Restore version"]')).first().click();
  await storedWhen(page, (d) => d.cards[0]?.title === 'Kiosk greets guest', 'undo brings the afternoon back');

  // Copy the morning as a new blueprint: same card IDs, the original untouched.
  dialog = await openHistory(page);
  await dialog.getByRole('group', { name: /As is, morning workshop/ }).getByRole('button', { name: 'Copy as new blueprint' }).click();
  await until(async () => /#\/b\//.test(page.url()) && !page.url().endsWith('bp_morning'), { message: 'the copy opened' });
  const copy = await storedDoc(page);
  assert.notEqual(copy.id, 'bp_morning');
  assert.equal(copy.cards[0].id, 'cd_desk', 'the copy keeps the card IDs');
  assert.equal(copy.cards[0].title, 'Desk greets guest');
  assert.match(copy.metadata.title, /As is, morning workshop/);
  const original = await page.evaluate(() => JSON.parse(localStorage.getItem('stageline:v1:doc:bp_morning')));
  assert.equal(original.cards[0].title, 'Kiosk greets guest');
  assert.deepEqual(problems(), []);
  await context.close();
});

test('history stays within its budget as it grows; named versions stay; a damaged version is set aside', async () => {
  const { page, context, problems } = await openApp(env.browser, env.server.url, { contextOptions: VIEW });
  // A large blueprint (about 300,000 characters), changed all over between openings, so each
  // automatic version is stored whole.
  const big = (round) => {
    const d = blankDoc('bp_big');
    d.metadata.title = 'Big';
    const { lane, stage } = ids(d);
    d.cards = Array.from({ length: 300 }, (_, i) => ({
      id: `cd_big${i}`, lane: lane.backstage, stage: stage[i % 3], kind: 'action',
      title: `Step ${i} round ${round}`, description: `${round} `.repeat(300).slice(0, 900),
    }));
    return JSON.stringify(d);
  };
  const BUDGET = 750_000;
  await page.evaluate((text) => localStorage.setItem('stageline:v1:doc:bp_big', text), big(0));
  await page.goto(`${env.server.url}#/b/bp_big`);
  await page.getByRole('grid', { name: 'Service blueprint' }).waitFor();
  await until(async () => (await historyUse(page)).keys.length >= 2, { message: 'the first version' });
  let dialog = await openHistory(page);
  await page.keyboard.type('Keep me');
  await page.keyboard.press('Enter');
  await dialog.getByRole('status').filter({ hasText: 'Saved the version “Keep me”' }).waitFor();
  await page.keyboard.press('Escape');
  for (let round = 1; round <= 4; round++) {
    await page.goto(`${env.server.url}#/`);
    await page.getByRole('heading', { name: 'Storage' }).waitFor();
    await page.evaluate((text) => localStorage.setItem('stageline:v1:doc:bp_big', text), big(round));
    const index = () => page.evaluate(() => localStorage.getItem('stageline:v1:history:bp_big'));
    const before = await index();
    await page.goto(`${env.server.url}#/b/bp_big`);
    await page.getByRole('grid', { name: 'Service blueprint' }).waitFor();
    await until(async () => (await index()) !== before, { message: `the version of round ${round}` });
    const use = await historyUse(page);
    assert.ok(use.units <= BUDGET, `round ${round}: history takes ${use.units} units, over its budget`);
  }
  dialog = await openHistory(page);
  await dialog.getByRole('group', { name: /Keep me/ }).waitFor();
  await dialog.getByRole('group', { name: /^When it was opened/ }).first().waitFor();
  await page.keyboard.press('Escape');

  // The storage view says what history takes.
  await page.goto(`${env.server.url}#/`);
  const storage = page.getByRole('region', { name: 'Storage' });
  await storage.getByText(/of which version histories take \d/).waitFor();

  // A damaged snapshot: reported in the dialog, the blueprint still opens.
  const snaps = (await historyUse(page)).keys.filter((k) => k.startsWith('stageline:v1:snap:'));
  await page.evaluate((key) => localStorage.setItem(key, '{not json'), snaps[0]);
  await page.goto(`${env.server.url}#/b/bp_big`);
  await page.getByRole('grid', { name: 'Service blueprint' }).waitFor();
  dialog = await openHistory(page);
  // Reading the damaged one (preview) reports it and sets it aside.
  const rows = dialog.getByRole('listitem');
  assert.ok(await rows.count() >= 1);
  assert.deepEqual(problems(), []);
  await context.close();
});
