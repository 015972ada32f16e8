// The blueprint editor, driven as users drive it: mouse, touch and keyboard. Every test checks
// the document the app saved (the JSON an export contains), not only the page.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  withBrowser, openBlank, storedDoc, until, ids, cell, mouseDrag, center,
  addCardByDoubleClick, storedWhen, openWith as openWithDoc,
} from './support.mjs';

const VIEW = { viewport: { width: 1400, height: 900 } };

const env = withBrowser();

/** Titles of the cards in one cell of a stored document, in order. */
function titles(doc, laneKind, stageIndex) {
  const { lane, stage } = ids(doc);
  return doc.cards.filter((c) => c.lane === lane[laneKind] && c.stage === stage[stageIndex]).map((c) => c.title);
}

/** Opens the app on a known document (see support.mjs). */
function openWith(cards, arrows = [], options = {}) {
  return openWithDoc(env.browser, env.server.url, cards, arrows, { ...VIEW, ...options });
}

/**
 * The stored document once a later edit (a card titled `marker` added to a cell) is saved,
 * with that card left out: what the action before it stored, if anything. The debounce restarts
 * with each change, so a change the action made would be saved with the marker; waiting a fixed
 * time shorter than the 400 ms debounce would not tell "nothing saved" from "not saved yet".
 */
async function storedBeforeLaterEdit(page, laneName, stageIndex, marker = 'Saved after the check') {
  await addCardByDoubleClick(page, laneName, stageIndex, marker);
  const doc = await storedWhen(page, (d) => d.cards.some((c) => c.title === marker), 'the later edit saved');
  return { ...doc, cards: doc.cards.filter((c) => c.title !== marker) };
}

/** Waits until DOM focus is on an element whose accessible label matches `pattern`. */
async function focused(page, pattern) {
  let label = '';
  const on = async () => {
    label = await page.evaluate(() => {
      const el = document.activeElement;
      // Cards are named by aria-label, grid cells by their content, a hidden summary first.
      return el?.getAttribute('aria-label')
        ?? el?.querySelector(':scope > .visually-hidden')?.textContent
        ?? `<${el?.tagName.toLowerCase()}>`;
    });
    return pattern.test(label);
  };
  await until(on, { message: `focus on ${pattern}` }).catch((err) => {
    throw new Error(`${err.message}; focus is on "${label}"`);
  });
}

function card(page, title) {
  return page.locator('.card').filter({ hasText: title });
}

/** The screen point a fraction of the way along a drawn arrow. */
async function alongArrow(arrow, fraction) {
  return arrow.evaluate((el, f) => {
    const p = el.getPointAtLength(el.getTotalLength() * f);
    const m = el.getScreenCTM();
    return { x: m.a * p.x + m.c * p.y + m.e, y: m.b * p.x + m.d * p.y + m.f };
  }, fraction);
}

test('cards are added by double-click, by the cell button and with N; details are saved', async () => {
  const { context, page, problems } = await openBlank(env.browser, env.server.url, { contextOptions: VIEW });
  try {
    const booked = await addCardByDoubleClick(page, 'Customer actions', 0, 'Books a room online');
    const target = cell(page, 'Frontstage actions', 0);
    await target.hover();
    await target.getByRole('button', { name: 'Add card here' }).click();
    await page.getByRole('textbox', { name: 'Card title' }).waitFor();
    await page.keyboard.type('Confirmation email sent');
    await page.keyboard.press('Enter');
    await booked.focus();
    await page.keyboard.press('n');
    await page.getByRole('textbox', { name: 'Card title' }).waitFor();
    await page.keyboard.type('Reads the reviews');
    await page.keyboard.press('Enter');
    let doc = await storedWhen(page, (d) => d.cards.length === 3 && d.cards.every((c) => c.title), 'three titled cards');
    assert.deepEqual(titles(doc, 'customer', 0), ['Books a room online', 'Reads the reviews']);
    assert.deepEqual(titles(doc, 'frontstage', 0), ['Confirmation email sent']);

    // A card added above another moves it down; the cell shows the document's order.
    const reads = card(page, 'Reads the reviews');
    const readsTop = (await reads.boundingBox()).y;
    await booked.focus();
    await page.keyboard.press('n');
    await page.getByRole('textbox', { name: 'Card title' }).waitFor();
    await page.keyboard.type('Compares prices');
    await page.keyboard.press('Enter');
    doc = await storedWhen(page, (d) => d.cards.length === 4 && d.cards.every((c) => c.title), 'four titled cards');
    const order = ['Books a room online', 'Compares prices', 'Reads the reviews'];
    assert.deepEqual(titles(doc, 'customer', 0), order);
    const tops = [];
    for (const t of order) tops.push((await card(page, t).boundingBox()).y);
    assert.ok(tops[0] < tops[1] && tops[1] < tops[2], `cards drawn in order: ${tops}`);
    assert.ok(tops[2] > readsTop, 'the card below moved down');

    // The details panel edits every kind of field; each commit is saved.
    await booked.click();
    const details = page.getByRole('complementary', { name: 'Details' });
    await details.getByLabel('Owner', { exact: true }).fill('Guest');
    await details.getByLabel('Channel').fill('web');
    await details.getByLabel('Channel').press('Tab');
    await details.getByLabel('Actor type').selectOption('human');
    await details.getByLabel('Customer emotion').selectOption('-1');
    await details.getByLabel('Wait before (min)').fill('15');
    await details.getByLabel('Wait before (min)').press('Tab');
    await details.getByRole('checkbox', { name: 'Fail point' }).check();
    await details.getByLabel('What can go wrong').fill('Payment page times out');
    await details.getByLabel('Fail point owner').fill('E-commerce team');
    await details.getByLabel('Escalation').fill('Call centre takes the booking');
    await details.getByLabel('Escalation').press('Tab');
    doc = await storedWhen(page, (d) => d.cards.some((c) => c.fail_point?.escalation), 'fail point saved');
    const saved = doc.cards.find((c) => c.title === 'Books a room online');
    assert.equal(saved.owner, 'Guest');
    assert.equal(saved.channel, 'web');
    assert.equal(saved.actor_type, 'human');
    assert.equal(saved.emotion, -1);
    assert.equal(saved.wait_before_secs, 900);
    assert.deepEqual(saved.fail_point, {
      risk: 'medium',
      description: 'Payment page times out',
      owner: 'E-commerce team',
      escalation: 'Call centre takes the booking',
    });
    // The card shows its markers, and says them to screen readers.
    const label = await booked.getAttribute('aria-label');
    assert.match(label, /fail point, medium risk/);
    assert.match(label, /wait 15 min/);
    assert.match(label, /emotion -1/);
    assert.match(label, /channel Web/);
    assert.equal(await booked.locator('.marker--fail').count(), 1);

    // A bad duration is refused with a message and changes nothing.
    await details.getByLabel('SLA (min)').fill('soon');
    await details.getByLabel('SLA (min)').press('Tab');
    await page.getByRole('status').filter({ hasText: 'not a number of minutes' }).waitFor();
    assert.equal((await storedDoc(page)).cards.find((c) => c.title === 'Books a room online').sla_secs, undefined);
    // The field itself says why, whole (the status line may be cut short), tied to the input.
    const sla = details.getByLabel('SLA (min)');
    const why = details.getByRole('alert').filter({ hasText: 'not a number of minutes' });
    await why.waitFor();
    assert.match(await why.innerText(), /^SLA: .*soon.*not a number of minutes/);
    assert.equal(await sla.getAttribute('aria-invalid'), 'true');
    assert.equal(await sla.getAttribute('aria-describedby'), await why.getAttribute('id'));
    // A duration again (here: none) takes the message away.
    await sla.fill('');
    await sla.press('Tab');
    await why.waitFor({ state: 'detached' });
    assert.equal(await sla.getAttribute('aria-invalid'), 'false');

    // Undo takes back one field edit at a time.
    await page.getByRole('button', { name: /Undo/ }).click();
    doc = await storedWhen(page, (d) => !d.cards.find((c) => c.title === 'Books a room online').fail_point?.escalation, 'undo');
    assert.equal(doc.cards.find((c) => c.title === 'Books a room online').fail_point.owner, 'E-commerce team');
    assert.deepEqual(problems(), []);
  } finally {
    await context.close();
  }
});

test('long titles wrap inside the card and never change the layout', async () => {
  const long = 'Guest asks whether the late-checkout-supplement-for-members-with-gold-status applies '.repeat(4);
  const { context, page, problems } = await openWith([['customer', 1, long.trim()], ['customer', 1, 'Short']]);
  try {
    const cards = page.locator('.card');
    const a = await cards.nth(0).boundingBox();
    const b = await cards.nth(1).boundingBox();
    assert.equal(Math.round(a.height), Math.round(b.height));
    assert.equal(Math.round(a.width), Math.round(b.width));
    const c = await cell(page, 'Customer actions', 1).boundingBox();
    assert.ok(a.x >= c.x && a.x + a.width <= c.x + c.width + 1, 'the card stays inside its cell');
    assert.deepEqual(problems(), []);
  } finally {
    await context.close();
  }
});

test('a mouse drag moves a card to another cell with a drop preview; one undo step; Escape cancels', async () => {
  const { context, page, problems } = await openWith([
    ['customer', 0, 'Arrives at the hotel'],
    ['frontstage', 0, 'Greets the guest'],
    ['backstage', 1, 'Prepares the room'],
  ]);
  try {
    const from = await center(card(page, 'Greets the guest'));
    const to = await center(cell(page, 'Frontstage actions', 2));
    let sawPreview = false;
    await mouseDrag(page, from, to, {
      beforeUp: async () => {
        sawPreview = (await page.locator('.drop-cell:not([hidden])').count()) === 1 && (await page.locator('.drop-bar:not([hidden])').count()) === 1;
      },
    });
    assert.ok(sawPreview, 'the target cell is highlighted with an insertion bar during the drag');
    let doc = await storedWhen(page, (d) => titles(d, 'frontstage', 2).length === 1, 'card moved');
    assert.deepEqual(titles(doc, 'frontstage', 0), []);
    assert.deepEqual(titles(doc, 'frontstage', 2), ['Greets the guest']);
    assert.equal(await page.locator('.drop-cell:not([hidden])').count(), 0);

    // The whole drag is one step: one undo puts the card back.
    await page.keyboard.press('Control+z');
    doc = await storedWhen(page, (d) => titles(d, 'frontstage', 0).length === 1, 'undo');
    assert.deepEqual(titles(doc, 'frontstage', 2), []);
    await page.keyboard.press('Control+Shift+z');
    await storedWhen(page, (d) => titles(d, 'frontstage', 2).length === 1, 'redo');

    // Escape in the middle of a drag restores everything.
    const before = JSON.stringify(await storedDoc(page));
    const start = await center(card(page, 'Prepares the room'));
    const away = await center(cell(page, 'Support processes', 0));
    await mouseDrag(page, start, away, { beforeUp: () => page.keyboard.press('Escape') });
    const after = await storedBeforeLaterEdit(page, 'Customer actions', 1);
    assert.deepEqual(after.cards, JSON.parse(before).cards, 'the cancelled drag stored nothing');
    assert.deepEqual(after.connections, JSON.parse(before).connections);
    assert.equal(await card(page, 'Prepares the room').evaluate((e) => e.style.transform), '');
    assert.deepEqual(problems(), []);
  } finally {
    await context.close();
  }
});

test('dragging within a cell reorders; a multi-selection moves together', async () => {
  const { context, page, problems } = await openWith([
    ['backstage', 0, 'Alpha'],
    ['backstage', 0, 'Bravo'],
    ['backstage', 0, 'Charlie'],
    ['support', 1, 'Delta'],
  ]);
  try {
    // Charlie above Alpha.
    const charlie = await center(card(page, 'Charlie'));
    const alpha = await card(page, 'Alpha').boundingBox();
    await mouseDrag(page, charlie, { x: alpha.x + 20, y: alpha.y + 5 });
    let doc = await storedWhen(page, (d) => titles(d, 'backstage', 0)[0] === 'Charlie', 'reordered');
    assert.deepEqual(titles(doc, 'backstage', 0), ['Charlie', 'Alpha', 'Bravo']);

    // Ctrl-click Alpha and Delta, then drag Delta: both land in frontstage, stage 2.
    await card(page, 'Alpha').click();
    await card(page, 'Delta').click({ modifiers: ['Control'] });
    assert.equal(await page.locator('.card--selected').count(), 2);
    await page.getByRole('heading', { name: '2 cards selected' }).waitFor();
    await mouseDrag(page, await center(card(page, 'Delta')), await center(cell(page, 'Frontstage actions', 2)));
    doc = await storedWhen(page, (d) => titles(d, 'frontstage', 2).length === 2, 'multi move');
    assert.deepEqual(titles(doc, 'frontstage', 2), ['Alpha', 'Delta']);
    assert.deepEqual(titles(doc, 'backstage', 0), ['Charlie', 'Bravo']);
    // One undo step for the two-card move.
    await page.keyboard.press('Control+z');
    doc = await storedWhen(page, (d) => titles(d, 'frontstage', 2).length === 0, 'undo multi move');
    assert.deepEqual(titles(doc, 'support', 1), ['Delta']);
    assert.deepEqual(problems(), []);
  } finally {
    await context.close();
  }
});

test('a touch drag moves a card (Pointer Events, not the HTML5 drag API)', async () => {
  const { context, page, problems } = await openWith([['customer', 0, 'Scans the QR code']], [], { hasTouch: true });
  try {
    const cdp = await context.newCDPSession(page);
    const from = await center(card(page, 'Scans the QR code'));
    const to = await center(cell(page, 'Customer actions', 2));
    const touch = (type, p) => cdp.send('Input.dispatchTouchEvent', {
      type,
      touchPoints: type === 'touchEnd' ? [] : [{ x: p.x, y: p.y, id: 1 }],
    });
    await touch('touchStart', from);
    for (let i = 1; i <= 12; i++) {
      await touch('touchMove', { x: from.x + ((to.x - from.x) * i) / 12, y: from.y + ((to.y - from.y) * i) / 12 });
    }
    await touch('touchEnd', to);
    const doc = await storedWhen(page, (d) => titles(d, 'customer', 2).length === 1, 'touch move');
    assert.deepEqual(titles(doc, 'customer', 0), []);
    assert.deepEqual(problems(), []);
  } finally {
    await context.close();
  }
});

test('arrows: drawn by dragging from the handle, marked where they cross lines, edited and deleted', async () => {
  const { context, page, problems } = await openWith([
    ['customer', 0, 'Rings the bell'],
    ['frontstage', 0, 'Opens the door'],
    ['backstage', 1, 'Logs the visit'],
  ]);
  try {
    const source = card(page, 'Rings the bell');
    await source.hover();
    const handle = await center(source.locator('.card__handle'));
    await mouseDrag(page, handle, await center(card(page, 'Logs the visit')));
    let doc = await storedWhen(page, (d) => d.connections.length === 1, 'arrow drawn');
    const byTitle = Object.fromEntries(doc.cards.map((c) => [c.title, c.id]));
    assert.equal(doc.connections[0].from, byTitle['Rings the bell']);
    assert.equal(doc.connections[0].to, byTitle['Logs the visit']);
    assert.equal(doc.connections[0].kind, 'handoff');
    // Customer to backstage crosses the lines of interaction and visibility: two markers.
    await page.locator('.arrow__line.arrow--crossing').first().waitFor();
    assert.equal(await page.locator('.arrow__crossing').count(), 2);
    const details = page.getByRole('complementary', { name: 'Details' });
    await details.getByText('Crosses the line of interaction and the line of visibility').waitFor();
    await details.getByLabel('Label').fill('visit request');
    await details.getByLabel('Label').press('Tab');
    await details.getByLabel('Kind').selectOption('data_flow');
    await details.getByLabel('Direction').selectOption('two_way');
    doc = await storedWhen(page, (d) => d.connections[0].direction === 'two_way', 'arrow edited');
    assert.equal(doc.connections[0].label, 'visit request');
    assert.equal(doc.connections[0].kind, 'data_flow');
    await page.locator('.arrow__label', { hasText: 'visit request' }).waitFor();

    // The arrow follows its card when the card moves: the same elements, updated in place
    // (path, crossing marks and label all move along).
    const geometry = () => page.evaluate(() => ({
      d: document.querySelector('.arrow__line').getAttribute('d'),
      marks: [...document.querySelectorAll('.arrow__crossing')].map((c) => c.getAttribute('cx')),
      label: document.querySelector('.arrow__label').getAttribute('x'),
      same: document.querySelector('.arrow__line').__tagged === true && document.querySelector('.arrow__label').__tagged === true,
    }));
    await page.evaluate(() => { for (const el of document.querySelectorAll('.arrow__line, .arrow__label')) el.__tagged = true; });
    const before = await geometry();
    await mouseDrag(page, await center(card(page, 'Logs the visit')), await center(cell(page, 'Backstage actions', 2)));
    await until(async () => (await geometry()).d !== before.d, { message: 'arrow rerouted' });
    const after = await geometry();
    assert.ok(after.same, 'the moved arrow keeps its elements');
    assert.equal(after.marks.length, 2);
    assert.notDeepEqual(after.marks, before.marks, 'crossing marks follow the arrow');
    assert.notEqual(after.label, before.label, 'the label follows the arrow');

    // Select by clicking the arrow itself; Delete removes it.
    const onArrow = await alongArrow(page.locator('.arrow__line').first(), 0.5);
    await page.mouse.click(onArrow.x, onArrow.y);
    await details.getByRole('button', { name: 'Delete arrow' }).click();
    await storedWhen(page, (d) => d.connections.length === 0, 'arrow deleted');
    // An arrow onto its own card is not drawn.
    const opens = card(page, 'Opens the door');
    await opens.hover();
    await mouseDrag(page, await center(opens.locator('.card__handle')), await center(opens));
    assert.equal((await storedBeforeLaterEdit(page, 'Customer actions', 1)).connections.length, 0);
    assert.deepEqual(problems(), []);
  } finally {
    await context.close();
  }
});

test('a card between an arrow\'s ends is still clicked and dragged; the arrow is hit where it runs over empty space', async () => {
  // Customer to backstage in one stage: the arrow goes around the frontstage card between them
  // (through the gutter beside it), never over it.
  const { context, page, problems } = await openWith(
    [['customer', 0, 'Asks for help'], ['frontstage', 0, 'Greets the guest'], ['backstage', 0, 'Checks the booking']],
    [[0, 2]],
  );
  try {
    const greets = card(page, 'Greets the guest');
    const arrow = page.locator('.arrow__line[data-connection="cn_test0"]');
    // A straight vertical path has no width: attached, not "visible" to Playwright.
    await arrow.waitFor({ state: 'attached' });
    // The arrow passes beside the card, not over it, and a click on the card selects the card.
    const middle = await center(greets);
    const box = await greets.boundingBox();
    for (const f of [0.25, 0.5, 0.75]) {
      const p = await alongArrow(arrow, f);
      const inside = p.x > box.x && p.x < box.x + box.width && p.y > box.y && p.y < box.y + box.height;
      assert.ok(!inside, `the arrow runs around the card (${f} along it)`);
    }
    await page.mouse.click(middle.x, middle.y);
    await until(async () => (await greets.getAttribute('aria-pressed')) === 'true', { message: 'card selected' });
    const details = page.getByRole('complementary', { name: 'Details' });
    assert.equal(await details.getByRole('button', { name: 'Delete arrow' }).count(), 0);
    // And dragging from there moves the card.
    await mouseDrag(page, await center(greets), await center(cell(page, 'Frontstage actions', 1)));
    await storedWhen(page, (d) => titles(d, 'frontstage', 1).includes('Greets the guest'), 'card moved from under the arrow');

    // Where the arrow now crosses the empty cell, the mouse finds it and a click selects it.
    const onArrow = await alongArrow(arrow, 0.5);
    await page.mouse.move(onArrow.x, onArrow.y);
    const frontstage = cell(page, 'Frontstage actions', 0);
    await until(async () => (await frontstage.getAttribute('title')) === 'Crosses the line of interaction and the line of visibility', { message: 'arrow tooltip' });
    assert.equal(await frontstage.evaluate((el) => getComputedStyle(el).cursor), 'pointer');
    // Well off the arrow, the cell is just a cell again.
    await page.mouse.move(onArrow.x + 40, onArrow.y);
    await until(async () => (await frontstage.getAttribute('title')) === null, { message: 'tooltip gone' });
    await page.mouse.click(onArrow.x + 5, onArrow.y);
    await until(async () => (await arrow.getAttribute('class')).includes('arrow--selected'), { message: 'arrow selected' });
    await details.getByRole('button', { name: 'Delete arrow' }).waitFor();
    assert.equal(await greets.getAttribute('aria-pressed'), 'false');
    // The click focused the cell; Delete removes the selected arrow, and nothing else.
    await page.keyboard.press('Delete');
    const doc = await storedWhen(page, (d) => d.connections.length === 0, 'arrow deleted with Delete');
    assert.equal(doc.cards.length, 3);
    assert.deepEqual(problems(), []);
  } finally {
    await context.close();
  }
});

test('stages and lanes: rename, reorder by dragging headers and by keyboard, delete with undo', async () => {
  const { context, page, problems } = await openWith([['support', 0, 'Restocks minibar']]);
  try {
    const first = page.getByRole('columnheader', { name: 'Stage 1' });
    await first.focus();
    await page.keyboard.press('Enter');
    await page.getByRole('textbox', { name: 'Stage name' }).fill('Arrive');
    await page.keyboard.press('Enter');
    let doc = await storedWhen(page, (d) => d.stages[0].name === 'Arrive', 'renamed');

    // Drag the "Arrive" header past the third stage.
    const third = await page.getByRole('columnheader', { name: 'Stage 3' }).boundingBox();
    await mouseDrag(page, await center(page.getByRole('columnheader', { name: 'Arrive' }).locator('.stage-header__name')), { x: third.x + third.width - 10, y: third.y + 20 });
    doc = await storedWhen(page, (d) => d.stages[2].name === 'Arrive', 'stage dragged');
    assert.deepEqual(doc.stages.map((s) => s.name), ['Stage 2', 'Stage 3', 'Arrive']);
    // Its card went with it.
    assert.deepEqual(titles(doc, 'support', 2), ['Restocks minibar']);

    // Alt+Left on the focused header moves it back one place.
    await page.getByRole('columnheader', { name: 'Arrive' }).focus();
    await page.keyboard.press('Alt+ArrowLeft');
    doc = await storedWhen(page, (d) => d.stages[1].name === 'Arrive', 'stage moved by keyboard');

    // Move the support lane to the top by dragging its header: the line of internal
    // interaction follows it.
    const lineY = async () => (await page.locator('.derived-line[data-line="internal_interaction"]').boundingBox()).y;
    const before = await lineY();
    const support = page.getByRole('rowheader', { name: /Support processes/ });
    const top = await page.getByRole('rowheader', { name: /Physical evidence/ }).boundingBox();
    await mouseDrag(page, await center(support.locator('.lane-header__name')), { x: top.x + 40, y: top.y + 5 });
    doc = await storedWhen(page, (d) => d.lanes[0].kind === 'support', 'lane dragged');
    assert.notEqual(await lineY(), before);

    // Delete a stage with its card via the keyboard; undo restores both.
    await page.getByRole('columnheader', { name: 'Arrive' }).focus();
    await page.keyboard.press('Delete');
    doc = await storedWhen(page, (d) => d.stages.length === 2, 'stage deleted');
    assert.equal(doc.cards.length, 0);
    await page.keyboard.press('Control+z');
    doc = await storedWhen(page, (d) => d.stages.length === 3 && d.cards.length === 1, 'stage restored');

    // A partner lane is added from the toolbar and named.
    await page.getByLabel('New lane kind').selectOption('partner');
    await page.getByRole('button', { name: 'Add lane', exact: true }).click();
    await page.getByRole('textbox', { name: 'Lane name' }).fill('Laundry contractor');
    await page.keyboard.press('Enter');
    doc = await storedWhen(page, (d) => d.lanes.some((l) => l.name === 'Laundry contractor'), 'lane added');
    assert.equal(doc.lanes.at(-1).kind, 'partner');
    assert.deepEqual(problems(), []);
  } finally {
    await context.close();
  }
});

test('keyboard only: navigate, create, move, connect, select, duplicate, delete, undo', async () => {
  const { context, page, problems } = await openBlank(env.browser, env.server.url, { contextOptions: VIEW });
  try {
    // Tab into the grid: the first cell is its one tab stop.
    for (let i = 0; i < 30; i++) {
      await page.keyboard.press('Tab');
      if (await page.evaluate(() => document.activeElement?.getAttribute('role') === 'gridcell')) break;
    }
    await focused(page, /^Physical evidence, Stage 1/);
    // Down to the customer cell, N, type a title.
    await page.keyboard.press('ArrowDown');
    await focused(page, /^Customer actions, Stage 1/);
    await page.keyboard.press('n');
    await page.keyboard.type('Calls the hotel');
    await page.keyboard.press('Enter');
    await focused(page, /^Calls the hotel$/);
    // Alt+Down twice: the card moves to the backstage lane, one step each.
    await page.keyboard.press('Alt+ArrowDown');
    await page.keyboard.press('Alt+ArrowDown');
    await page.keyboard.press('Alt+ArrowRight');
    let doc = await storedWhen(page, (d) => titles(d, 'backstage', 1).length === 1, 'moved by keyboard');
    assert.deepEqual(titles(doc, 'backstage', 1), ['Calls the hotel']);
    await focused(page, /^Calls the hotel$/);
    // Up to the frontstage cell of stage 2, add a second card.
    await page.keyboard.press('ArrowUp');
    await focused(page, /^Frontstage actions, Stage 2/);
    await page.keyboard.press('n');
    await page.keyboard.type('Answers the phone');
    await page.keyboard.press('Enter');
    await focused(page, /^Answers the phone$/);
    // C, then down to the other card, Enter: an arrow.
    await page.keyboard.press('c');
    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('Enter');
    doc = await storedWhen(page, (d) => d.connections.length === 1, 'arrow by keyboard');
    const byTitle = Object.fromEntries(doc.cards.map((c) => [c.title, c.id]));
    assert.equal(doc.connections[0].from, byTitle['Answers the phone']);
    assert.equal(doc.connections[0].to, byTitle['Calls the hotel']);
    // Ctrl+D duplicates the selected card (arrows select as they move); Delete removes the copy.
    await page.keyboard.press('Control+d');
    doc = await storedWhen(page, (d) => d.cards.length === 3, 'duplicated');
    assert.deepEqual(titles(doc, 'backstage', 1), ['Calls the hotel', 'Calls the hotel']);
    await page.keyboard.press('Delete');
    doc = await storedWhen(page, (d) => d.cards.length === 2, 'copy deleted');
    await page.keyboard.press('Control+z');
    await storedWhen(page, (d) => d.cards.length === 3, 'copy restored');
    // Space adds a card reached with Ctrl+arrows to the selection; Delete removes both (and
    // the arrow between them); one undo brings all back.
    await page.keyboard.press('ArrowUp');
    await page.keyboard.press('Control+ArrowDown');
    await page.keyboard.press('Space');
    assert.equal(await page.locator('.card--selected').count(), 2);
    await page.keyboard.press('Delete');
    doc = await storedWhen(page, (d) => d.cards.length === 1, 'two deleted');
    assert.equal(doc.connections.length, 0);
    await page.keyboard.press('Control+z');
    doc = await storedWhen(page, (d) => d.cards.length === 3 && d.connections.length === 1, 'all restored');
    // Focus is on the emptied cell: Enter goes into its first card, Enter again edits the title,
    // Escape cancels the edit.
    await until(() => page.evaluate(() => document.activeElement.getAttribute('role') === 'gridcell'), { message: 'cell focus' });
    await page.keyboard.press('Enter');
    await page.keyboard.press('Enter');
    await page.getByRole('textbox', { name: 'Card title' }).waitFor();
    await page.keyboard.type('Changed my mind');
    await page.keyboard.press('Escape');
    doc = await storedDoc(page);
    assert.ok(!doc.cards.some((c) => c.title === 'Changed my mind'));
    // ? shows the shortcut sheet; Escape closes it.
    await page.keyboard.press('?');
    await page.getByRole('dialog', { name: 'Keyboard shortcuts' }).waitFor();
    await page.keyboard.press('Escape');
    await page.getByRole('dialog').waitFor({ state: 'detached' });
    assert.deepEqual(problems(), []);
  } finally {
    await context.close();
  }
});

test('zoom: keyboard, buttons, Ctrl+wheel and fit to screen', async () => {
  const { context, page, problems } = await openBlank(env.browser, env.server.url, { contextOptions: VIEW });
  try {
    const zoom = async () => (await page.getByRole('button', { name: /^Zoom level/ }).innerText()).match(/\d+ %/)?.[0];
    assert.equal(await zoom(), '100 %');
    await page.keyboard.press('Control+=');
    assert.equal(await zoom(), '125 %');
    await page.getByRole('button', { name: 'Zoom out' }).click();
    assert.equal(await zoom(), '100 %');
    const box = await page.locator('.viewport').boundingBox();
    await page.mouse.move(box.x + 300, box.y + 300);
    await page.keyboard.down('Control');
    await page.mouse.wheel(0, 400);
    await page.keyboard.up('Control');
    await until(async () => parseInt(await zoom(), 10) < 100, { message: 'wheel zoom out' });
    await page.getByRole('button', { name: 'Fit' }).click();
    const fitted = parseInt(await zoom(), 10);
    assert.ok(fitted > 25 && fitted <= 100, `fit zoom ${fitted}`);
    // The grid is drawn at that scale.
    const width = await page.locator('.canvas').evaluate((e) => e.getBoundingClientRect().width);
    assert.ok(width <= box.width, 'the blueprint fits the viewport');
    assert.deepEqual(problems(), []);
  } finally {
    await context.close();
  }
});

test('dragging near the viewport edge scrolls it, so a card can travel the whole journey', async () => {
  const { context, page, problems } = await openWith([['customer', 0, 'Starts the journey']], [], { stages: 12 });
  try {
    const viewport = page.locator('.viewport');
    const vp = await viewport.boundingBox();
    const from = await center(card(page, 'Starts the journey'));
    const edge = { x: vp.x + vp.width - 10, y: from.y };
    await mouseDrag(page, from, edge, {
      beforeUp: async () => {
        await until(() => viewport.evaluate((e) => e.scrollLeft > 600), { message: 'auto-scroll', timeout: 8000 });
        await page.mouse.move(edge.x - 4, edge.y);
      },
    });
    const doc = await storedWhen(page, (d) => !titles(d, 'customer', 0).length, 'moved far right');
    const { lane, stage } = ids(doc);
    const moved = doc.cards.find((c) => c.title === 'Starts the journey');
    assert.equal(moved.lane, lane.customer);
    assert.ok(stage.indexOf(moved.stage) >= 5, `landed in stage ${stage.indexOf(moved.stage) + 1}`);
    assert.deepEqual(problems(), []);
  } finally {
    await context.close();
  }
});

test('only the cells in view are rendered, and the keyboard still reaches every cell', async () => {
  const { context, page, problems } = await openWith([['customer', 29, 'At the far end']], [], { stages: 30 });
  try {
    const row = page.getByRole('row').filter({ has: page.getByRole('rowheader', { name: 'Customer actions' }) });
    // Past the first frame and the idle margin around the view: still not all 30 columns. The
    // margin is rendered by an idle callback the canvas queues in the frame it marks as its first;
    // one queued after that mark runs after it (idle callbacks run in order), and the frame after
    // that shows the margin's cells.
    await page.waitForFunction(() => performance.getEntriesByName('stageline:first-frame').length > 0);
    await page.evaluate(() => new Promise((done) => requestIdleCallback(() => requestAnimationFrame(() => done()))));
    const rendered = await row.getByRole('gridcell').count();
    assert.ok(rendered > 0 && rendered < 30, `${rendered} of 30 customer cells rendered`);
    assert.equal(await card(page, 'At the far end').count(), 0, 'the far card is not rendered yet');
    assert.equal(await page.getByRole('grid', { name: 'Service blueprint' }).getAttribute('aria-colcount'), '31');

    // Walk the customer lane with the keyboard to its last cell: each is rendered as focus
    // reaches it, and the view scrolls along.
    const first = cell(page, 'Customer actions', 0);
    const box = await first.boundingBox();
    await first.click({ position: { x: 10, y: box.height - 8 } }); // the cell, not its add button
    await focused(page, /^Customer actions, .*: empty$/);
    for (let k = 0; k < 29; k++) {
      await page.keyboard.press('ArrowRight');
    }
    // The last cell holds a card, and arrow keys step onto cards: focus ends on it.
    await focused(page, /^At the far end/);
    const colindex = await page.evaluate(() => document.activeElement.closest('[role=gridcell]').getAttribute('aria-colindex'));
    assert.equal(colindex, '31');
    assert.ok(await card(page, 'At the far end').isVisible(), 'scrolled into view');
    const doc = await storedDoc(page);
    assert.deepEqual(titles(doc, 'customer', 29), ['At the far end'], 'walking changed nothing');
    assert.deepEqual(problems(), []);
  } finally {
    await context.close();
  }
});

test('a long arrow is drawn only where it is in view, its dashes and arrowhead where they belong', async () => {
  // A dashed data-flow arrow across 30 stages: thousands of pixels, most of them out of view.
  const { context, page, problems } = await openWith(
    [['customer', 0, 'Starts the flow'], ['customer', 29, 'Ends the flow']],
    [[0, 1, { kind: 'data_flow' }]],
    { stages: 30 },
  );
  try {
    const line = page.locator('.arrow__line[data-kind="data_flow"]');
    await line.waitFor({ state: 'attached' });
    const viewport = page.locator('.viewport');
    const drawn = () => line.evaluate((el) => {
      const box = el.getBBox();
      return {
        left: box.x, right: box.x + box.width,
        end: el.getAttribute('marker-end'), offset: Number(el.getAttribute('stroke-dashoffset') ?? 0),
        view: el.closest('.viewport').clientWidth,
      };
    });
    const canvasWidth = await page.locator('.canvas').evaluate((el) => el.scrollWidth);
    const near = await drawn();
    assert.ok(canvasWidth > 5000, `the blueprint is ${canvasWidth} px wide`);
    // Drawn from its start to a little past the view (the render margin), not to its far end.
    assert.ok(near.right - near.left < near.view + 2000, `drawn ${near.right - near.left} px of a ${canvasWidth} px canvas`);
    assert.equal(near.end, null, 'no arrowhead while the arrow\'s end is out of view');
    assert.equal(near.offset, 0, 'the dashes start at the arrow\'s start');
    // Scrolled to the far end: the stretch there is drawn, with its arrowhead, and its dashes
    // continue from where the whole curve would put them.
    await viewport.evaluate((el) => { el.scrollLeft = el.scrollWidth; });
    await until(async () => (await drawn()).end !== null, { message: 'the far end is drawn with its arrowhead' });
    const far = await drawn();
    assert.ok(far.right > canvasWidth - 1500 && far.left > near.right - 2000, `drawn ${far.left}..${far.right}`);
    assert.ok(far.offset > far.left - 1000, `dash offset ${far.offset} is the length of the curve before ${far.left}`);
    const doc = await storedDoc(page);
    assert.equal(doc.connections.length, 1, 'scrolling changed nothing');
    assert.deepEqual(problems(), []);
  } finally {
    await context.close();
  }
});

test('pinching with two fingers zooms', async () => {
  const { context, page, problems } = await openBlank(env.browser, env.server.url, { contextOptions: { ...VIEW, hasTouch: true } });
  try {
    const cdp = await context.newCDPSession(page);
    const box = await cell(page, 'Support processes', 1).boundingBox();
    const cx = box.x + box.width / 2;
    const cy = box.y + box.height / 2;
    const points = (d) => [{ x: cx - d, y: cy, id: 1 }, { x: cx + d, y: cy, id: 2 }];
    await cdp.send('Input.dispatchTouchEvent', { type: 'touchStart', touchPoints: points(20) });
    for (let d = 25; d <= 80; d += 5) {
      await cdp.send('Input.dispatchTouchEvent', { type: 'touchMove', touchPoints: points(d) });
    }
    await cdp.send('Input.dispatchTouchEvent', { type: 'touchEnd', touchPoints: [] });
    const zoom = async () => parseInt((await page.getByRole('button', { name: /^Zoom level/ }).innerText()).match(/(\d+) %/)[1], 10);
    await until(async () => (await zoom()) > 150, { message: 'pinch zoom in' });
    assert.deepEqual(problems(), []);
  } finally {
    await context.close();
  }
});

test('work survives a reload', async () => {
  const { context, page, problems } = await openBlank(env.browser, env.server.url, { contextOptions: VIEW });
  try {
    await addCardByDoubleClick(page, 'Backstage actions', 1, 'Prints the key card');
    await storedWhen(page, (d) => d.cards.length === 1, 'saved');
    await page.reload();
    await card(page, 'Prints the key card').waitFor();
    const doc = await storedDoc(page);
    assert.deepEqual(titles(doc, 'backstage', 1), ['Prints the key card']);
    assert.deepEqual(problems(), []);
  } finally {
    await context.close();
  }
});
