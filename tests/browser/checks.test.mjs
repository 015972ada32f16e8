// Blueprint checks and journey metrics in the editor (issue 8): the checks panel updates live
// as the user edits, its items select and focus the cards involved, checks can be turned off
// per blueprint (saved, undoable), cards carry check markers, stage headers show their time
// against the SLA and the customer's emotion curve follows the customer cards.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  withBrowser, openApp, storedDoc, until, ids, addCardByDoubleClick, storedWhen,
  openWith as openWithDoc,
} from './support.mjs';

const VIEW = { viewport: { width: 1400, height: 900 } };
const NO_FRONTSTAGE = 'customer-action-without-frontstage';

const env = withBrowser();

/** Opens the app on a known document (see support.mjs). */
function openWith(cards, arrows = [], options = {}) {
  return openWithDoc(env.browser, env.server.url, cards, arrows, { ...VIEW, ...options });
}

function card(page, title) {
  return page.locator('.card').filter({ hasText: title });
}

function panel(page) {
  return page.getByRole('region', { name: /Blueprint checks/ });
}

/** The panel's items of one check. */
function items(page, code) {
  return panel(page).locator(`.checks__item[data-code="${code}"]`);
}

test('the checks panel lists findings and updates live after an edit; its badge counts them', async () => {
  const { context, page, problems } = await openWith([
    ['customer', 0, 'Asks for a refund'],
    ['customer', 1, 'Reads the confirmation'],
    ['frontstage', 1, 'Sends the confirmation', { owner: 'Service desk' }],
    ['backstage', 1, 'Books the refund', { owner: 'Finance' }],
    ['customer', 2, 'Leaves'],
    ['frontstage', 2, 'Says goodbye', { owner: 'Service desk' }],
    ['backstage', 2, 'Closes the case', { owner: 'Service desk' }],
  ]);
  try {
    const list = panel(page);
    await list.waitFor();
    // The customer action of stage 1 has nothing visible serving it: one finding, naming it.
    const finding = items(page, NO_FRONTSTAGE);
    await until(async () => (await finding.count()) === 1, { message: 'the finding is listed' });
    assert.match(await finding.innerText(), /Warning/i);
    assert.match(await finding.innerText(), /“Asks for a refund” in stage “Stage 1” has no frontstage/);
    // The badge counts every finding listed.
    const all = await list.locator('.checks__item').count();
    assert.equal(await list.locator('.checks__badge').innerText(), all === 1 ? '1 check' : `${all} checks`);
    // The card carries a marker and tells screen readers about it.
    const refund = card(page, 'Asks for a refund');
    await refund.locator('.marker--check').waitFor();
    assert.match(await refund.locator('.marker--check').getAttribute('title'), /has no frontstage/);
    assert.match(await refund.getAttribute('aria-description'), /^1 check: .*has no frontstage/);
    assert.equal(await card(page, 'Reads the confirmation').locator('.marker--check').count(), 0);

    // Adding a frontstage card in that stage, as a user does, clears the finding at once.
    await addCardByDoubleClick(page, 'Frontstage actions', 0, 'Takes the request');
    const doc = await storedWhen(page, (d) => d.cards.some((c) => c.title === 'Takes the request'), 'new card saved');
    const added = doc.cards.find((c) => c.title === 'Takes the request');
    assert.equal(added.stage, doc.stages[0].id);
    await until(async () => (await finding.count()) === 0, { message: 'the finding disappears' });
    await until(async () => (await refund.locator('.marker--check').count()) === 0, { message: 'the marker disappears' });
    assert.equal(await refund.getAttribute('aria-description'), null);
    // The new card, without owner or backstage, has findings of its own, listed live.
    await until(async () => (await items(page, 'frontstage-without-backstage').count()) === 1, { message: 'new finding' });
    const now = await list.locator('.checks__item').count();
    assert.equal(await list.locator('.checks__badge').innerText(), now === 1 ? '1 check' : `${now} checks`);
    assert.deepEqual(problems(), []);
  } finally {
    await context.close();
  }
});

test('a finding selects its cards and moves focus to the first, by click and by keyboard', async () => {
  const { context, page, problems } = await openWith([
    ['customer', 0, 'Asks for a refund'],
    ['customer', 2, 'Calls again'],
    ['frontstage', 2, 'Answers', { owner: 'Service desk' }],
    ['backstage', 2, 'Looks it up', { owner: 'Service desk' }],
  ]);
  try {
    await until(async () => (await items(page, NO_FRONTSTAGE).count()) === 1, { message: 'the finding is listed' });
    await items(page, NO_FRONTSTAGE).getByRole('button').click();
    await until(() => page.evaluate(() => document.activeElement?.id === 'card-cd_test0'), { message: 'focus on the card' });
    assert.equal(await card(page, 'Asks for a refund').getAttribute('aria-pressed'), 'true');
    assert.equal(await page.locator('.card--selected').count(), 1);
    // The details panel now shows that card, and the checks panel stays above it.
    const details = page.getByRole('complementary', { name: 'Details' });
    await details.getByRole('heading', { name: 'Card', exact: true }).waitFor();
    await panel(page).waitFor();

    // Keyboard: a stage finding (stage 2 has no customer action) focuses its header.
    const stageFinding = items(page, 'stage-without-customer-action');
    await until(async () => (await stageFinding.count()) === 1, { message: 'stage finding' });
    await stageFinding.getByRole('button').focus();
    await page.keyboard.press('Enter');
    await until(() => page.evaluate(() => document.activeElement?.getAttribute('role') === 'columnheader'), { message: 'focus on the stage header' });
    assert.equal(await page.evaluate(() => document.activeElement.getAttribute('aria-label')), 'Stage 2');
    assert.equal(await page.locator('.card--selected').count(), 0);

    // The panel collapses and expands with its heading button.
    const toggle = panel(page).getByRole('button', { name: /Blueprint checks/ });
    assert.equal(await toggle.getAttribute('aria-expanded'), 'true');
    await toggle.click();
    assert.equal(await toggle.getAttribute('aria-expanded'), 'false');
    await until(async () => !(await items(page, NO_FRONTSTAGE).isVisible()), { message: 'collapsed' });
    await toggle.press('Enter');
    await items(page, NO_FRONTSTAGE).waitFor();
    assert.deepEqual(problems(), []);
  } finally {
    await context.close();
  }
});

test('turning a check off removes its findings, is saved with the blueprint, and undo restores it', async () => {
  const { context, page, problems } = await openWith([
    ['customer', 0, 'Asks for a refund'],
    ['customer', 1, 'Waits at home'],
  ]);
  try {
    await until(async () => (await items(page, NO_FRONTSTAGE).count()) === 2, { message: 'two findings' });
    await panel(page).getByRole('button', { name: 'Checks settings' }).click();
    const box = panel(page).getByRole('checkbox', { name: 'Customer action without frontstage' });
    assert.equal(await box.isChecked(), true);
    await box.uncheck();
    let doc = await storedWhen(page, (d) => d.settings?.disabled_checks?.length === 1, 'setting saved');
    assert.deepEqual(doc.settings.disabled_checks, [NO_FRONTSTAGE]);
    await until(async () => (await items(page, NO_FRONTSTAGE).count()) === 0, { message: 'findings gone' });
    // Other checks still run: "Waits at home" is a wait without a duration.
    assert.equal(await items(page, 'wait-without-duration').count(), 1);
    await until(async () => (await card(page, 'Asks for a refund').locator('.marker--check').count()) === 0, { message: 'marker gone' });
    await panel(page).getByRole('button', { name: 'Checks settings (1 off)' }).waitFor();

    // One undo step brings the check back.
    const undo = page.getByRole('button', { name: /Undo/ });
    assert.match(await undo.getAttribute('title'), /^Undo Turn off check/);
    await undo.click();
    doc = await storedWhen(page, (d) => !d.settings?.disabled_checks?.length, 'setting undone');
    await until(async () => (await items(page, NO_FRONTSTAGE).count()) === 2, { message: 'findings back' });
    assert.equal(await box.isChecked(), true);
    await card(page, 'Asks for a refund').locator('.marker--check').waitFor();

    // The setting survives a reload (it is part of the document).
    await box.uncheck();
    await storedWhen(page, (d) => d.settings?.disabled_checks?.length === 1, 'saved again');
    await page.reload();
    await page.getByRole('grid', { name: 'Service blueprint' }).waitFor();
    await panel(page).waitFor();
    await until(async () => (await items(page, 'wait-without-duration').count()) === 1, { message: 'panel after reload' });
    assert.equal(await items(page, NO_FRONTSTAGE).count(), 0);
    await panel(page).getByRole('button', { name: 'Checks settings (1 off)' }).click();
    assert.equal(await panel(page).getByRole('checkbox', { name: 'Customer action without frontstage' }).isChecked(), false);
    assert.deepEqual(problems(), []);
  } finally {
    await context.close();
  }
});

test('stage headers show critical-path time against the SLA; the emotion curve follows the customer cards', async () => {
  const { context, page, problems } = await openWith([
    ['customer', 0, 'Asks at the desk', { typical_duration_secs: 300, emotion: -2 }],
    ['frontstage', 0, 'Checks the booking', { typical_duration_secs: 480, owner: 'Front desk' }],
    ['customer', 1, 'Gets the key', { typical_duration_secs: 60, emotion: 1 }],
  ], [[0, 1]], { stageFields: [{ target_duration_secs: 600 }, { target_duration_secs: 3600 }] });
  try {
    const header = (name) => page.getByRole('columnheader', { name, exact: true });
    const first = header('Stage 1').locator('.stage-header__time');
    const second = header('Stage 2').locator('.stage-header__time');
    // 5 min + 8 min along the arrow: 13 min against 10 min, over.
    await until(async () => (await first.innerText()) === '13 min / SLA 10 min', { message: 'stage 1 time' });
    assert.match(await first.getAttribute('class'), /stage-header__time--over/);
    assert.match(await first.getAttribute('title'), /over the stage's SLA of 10 min by 3 min/);
    assert.match(await header('Stage 1').getAttribute('aria-description'), /over the stage's SLA/);
    assert.equal(await second.innerText(), '1 min / SLA 1 h');
    assert.doesNotMatch(await second.getAttribute('class'), /--over/);
    assert.equal(await header('Stage 3').locator('.stage-header__time').count(), 0);

    // Shorten the frontstage step in the details panel: the stage is within its SLA, live.
    await card(page, 'Checks the booking').click();
    const details = page.getByRole('complementary', { name: 'Details' });
    await details.getByLabel('Duration (min)').fill('2');
    await details.getByLabel('Duration (min)').press('Tab');
    await storedWhen(page, (d) => d.cards.find((c) => c.id === 'cd_test1').typical_duration_secs === 120, 'duration saved');
    await until(async () => (await first.innerText()) === '7 min / SLA 10 min', { message: 'stage 1 within' });
    assert.doesNotMatch(await first.getAttribute('class'), /--over/);

    // The emotion curve: one point per customer card with an emotion, at the card's centre,
    // inside the customer lane, lower for worse emotions; invisible to assistive technology.
    const curve = page.locator('svg.emotion-curve');
    assert.equal(await curve.getAttribute('aria-hidden'), 'true');
    const dots = curve.locator('.emotion-curve__dot');
    assert.equal(await dots.count(), 2);
    assert.equal((await curve.locator('.emotion-curve__line').getAttribute('points')).trim().split(/\s+/).length, 2);
    const [sad, happy] = [await dots.nth(0).boundingBox(), await dots.nth(1).boundingBox()];
    const desk = await card(page, 'Asks at the desk').boundingBox();
    const key = await card(page, 'Gets the key').boundingBox();
    const mid = (b) => ({ x: b.x + b.width / 2, y: b.y + b.height / 2 });
    assert.ok(Math.abs(mid(sad).x - mid(desk).x) < 2, 'the first point sits at its card\'s centre');
    assert.ok(Math.abs(mid(happy).x - mid(key).x) < 2, 'the second point sits at its card\'s centre');
    assert.ok(mid(sad).y > mid(happy).y, 'a negative emotion is drawn lower than a positive one');
    const lane = await page.getByRole('row').filter({ has: page.getByRole('rowheader', { name: 'Customer actions' }) }).boundingBox();
    for (const p of [mid(sad), mid(happy)]) {
      assert.ok(p.y > desk.y + desk.height && p.y < lane.y + lane.height, 'the curve runs below the cards, inside the customer lane');
    }
    // A new emotion in the details panel moves its point.
    await card(page, 'Gets the key').click();
    const before = mid(await dots.nth(1).boundingBox()).y;
    await details.getByLabel('Customer emotion').selectOption('-1');
    await until(async () => mid(await dots.nth(1).boundingBox()).y > before, { message: 'point moved down' });
    assert.deepEqual(problems(), []);
  } finally {
    await context.close();
  }
});

test('a long list of findings shows the worst 50 first, and all of them on request', async () => {
  // Sixty frontstage cards without owners: a finding each, besides the stage-level ones.
  const cards = Array.from({ length: 60 }, (_, i) => ['frontstage', i % 3, `Step ${i + 1}`]);
  const { context, page, problems } = await openWith(cards);
  try {
    const list = panel(page);
    const findings = list.locator('.checks__item');
    await until(async () => (await items(page, 'card-without-owner').count()) > 0, { message: 'findings listed' });
    const badge = await list.locator('.checks__badge').innerText();
    const total = Number(badge.match(/^(\d+) checks$/)?.[1]);
    assert.ok(total > 60, `badge "${badge}" counts every finding`);
    assert.equal(await findings.count(), 50, 'the first 50 are listed');
    // Errors and warnings come before infos: the listed ones are the worst.
    const severities = await findings.evaluateAll((els) => els.map((e) => e.dataset.severity));
    const rank = { error: 0, warning: 1, info: 2 };
    assert.deepEqual(severities, [...severities].sort((a, b) => rank[a] - rank[b]));

    const more = list.getByRole('button', { name: `Show all ${total} findings (${total - 50} more)` });
    await more.click();
    await until(async () => (await findings.count()) === total, { message: 'every finding listed' });
    await list.getByRole('button', { name: 'Show the first 50 only' }).click();
    await until(async () => (await findings.count()) === 50, { message: 'back to 50' });
    assert.deepEqual(problems(), []);
  } finally {
    await context.close();
  }
});
