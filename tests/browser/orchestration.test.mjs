// The orchestration view (issue 22): a band under the stage headers, switched on and off with
// a toggle button, one cell per stage with the shares of people and automation, front and back
// of house, the level it fits (docs/orchestration.md) and the handoffs between automation and
// people, which the canvas marks while the band is on. Read by a screen reader as one
// sentence per stage; axe-core finds nothing with the band on.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { withBrowser, openWith, until } from './support.mjs';

const VIEW = { viewport: { width: 1440, height: 900 } };
const ROOT = new URL('../../', import.meta.url).pathname;
const AXE = await readFile(`${ROOT}node_modules/axe-core/axe.min.js`, 'utf8');
const env = withBrowser();

/** The violations axe-core finds on the page, one line each (rule, impact, where). */
async function axeViolations(page) {
  await page.evaluate(AXE);
  return page.evaluate(async () => (await window.axe.run(document, { resultTypes: ['violations'] })).violations
    .map((v) => `${v.id} (${v.impact}): ${v.help} at ${v.nodes.slice(0, 3).map((n) => n.target.join(' ')).join(', ')}`));
}

// Check in: two virtual-agent steps and a person at the front, a manager at the back; a
// virtual agent hands over to the person (cn_test0) and asks the manager for an approval
// (cn_test1); the two virtual-agent steps pass work between them (cn_test2: not marked).
// Stage 2 has one typed step: not enough information.
const CARDS = [
  ['frontstage', 0, 'Bot greets', { actor_type: 'virtual_agent' }],
  ['frontstage', 0, 'Bot checks ID', { actor_type: 'virtual_agent' }],
  ['frontstage', 0, 'Agent helps', { actor_type: 'human' }],
  ['backstage', 0, 'Manager approves', { actor_type: 'human' }],
  ['frontstage', 1, 'Clerk files', { actor_type: 'human' }],
];
const ARROWS = [
  [1, 2, { kind: 'handoff' }],
  [0, 3, { kind: 'handoff' }],
  [0, 1, { kind: 'handoff' }],
];

const CHECK_IN =
  'Check in: 4 steps, human 2, virtual agent 2; front of house 3, back of house 1; '
  + 'level Virtual agents with copilots; 2 handoffs from automation to a person';

test('the band is switched on with the keyboard, reads per stage and marks the handoffs', async () => {
  const { context, page, problems } = await openWith(env.browser, env.server.url, CARDS, ARROWS, {
    stageFields: [{ name: 'Check in' }],
    ...VIEW,
  });
  const toggle = page.getByRole('button', { name: 'Orchestration' });
  const region = page.getByRole('region', { name: 'Orchestration by stage' });
  assert.equal(await toggle.getAttribute('aria-pressed'), 'false');
  assert.equal(await region.count(), 0, 'no band until it is switched on');
  await page.waitForSelector('path.arrow__line[data-connection="cn_test0"]', { state: 'attached' });
  const marked = page.locator('path.arrow__line[data-connection].arrow--automation-handoff');
  assert.equal(await marked.count(), 0, 'no arrow marked while the band is off');

  // Keyboard: Tab from the audience button reaches the toggle; Space switches it on.
  await page.getByRole('button', { name: /^Audience/ }).focus();
  await page.keyboard.press('Tab');
  assert.equal(await page.evaluate(() => document.activeElement?.textContent?.trim()), 'Orchestration');
  await page.keyboard.press('Space');
  await until(async () => (await toggle.getAttribute('aria-pressed')) === 'true', { message: 'aria-pressed true' });
  // The region itself has no height (its cells are placed over the room the layout leaves).
  await region.waitFor({ state: 'attached' });

  // Each stage's cell: one sentence for screen readers, the level and counts on screen.
  const cell = (stage) => region.locator(`.orchestration__cell[data-stage="${stage}"]`);
  const sentence = (stage) => cell(stage).locator('.visually-hidden').textContent();
  assert.equal(await sentence('st_seeded1'), CHECK_IN);
  assert.equal(await cell('st_seeded1').getAttribute('data-level'), 'virtual_agents_with_copilots');
  assert.equal(await cell('st_seeded1').locator('.orchestration__level').textContent(), 'Virtual agents with copilots');
  assert.equal(await cell('st_seeded1').locator('.orchestration__counts').textContent(), 'Human 2, virtual agent 2');
  assert.equal(await cell('st_seeded1').locator('.orchestration__houses').textContent(), 'Front 3 · back 1');
  const marks = await cell('st_seeded1').locator('.orchestration__segment').allTextContents();
  assert.deepEqual(marks, ['H', 'V'], 'the bar marks its parts with letters, not colour alone');
  assert.equal(await cell('st_seeded2').getAttribute('data-level'), 'none');
  assert.match(await sentence('st_seeded2'), /^Stage 2: 1 step, human 1; level Not enough information$/);
  assert.equal(await sentence('st_seeded3'), 'Stage 3: 0 steps; level Not enough information');

  // The band sits between the stage headers and the first lane.
  const header = await page.getByRole('columnheader', { name: /Check in/ }).boundingBox();
  const band = await cell('st_seeded1').boundingBox();
  const firstLane = await page.locator('.grid-row[aria-rowindex="2"]').boundingBox();
  assert.ok(band.y >= header.y + header.height - 1, `band ${band.y} under the header ${header.y + header.height}`);
  assert.ok(firstLane.y >= band.y + band.height - 1, `first lane ${firstLane.y} under the band ${band.y + band.height}`);
  assert.ok(Math.abs(band.x - header.x) <= 1, 'the cell lines up with its stage');

  // The handoffs between automation and people are marked, by kind; the others are not.
  const arrow = (id) => page.locator(`path.arrow__line[data-connection="${id}"]`);
  await until(async () => (await marked.count()) === 2, { message: 'two marked arrows' });
  assert.equal(await arrow('cn_test0').getAttribute('data-automation-handoff'), 'automation_to_person');
  assert.equal(await arrow('cn_test1').getAttribute('data-automation-handoff'), 'automation_to_back_office');
  assert.equal(await arrow('cn_test2').getAttribute('data-automation-handoff'), null);
  assert.ok(await page.getByText('Handoff between automation and people').isVisible(), 'the legend explains the mark');

  const violations = await axeViolations(page);
  assert.deepEqual(violations, [], `axe-core with the band on:\n  ${violations.join('\n  ')}`);

  // An edit updates the band: the person's step goes to a copilot.
  await page.locator('.card', { hasText: 'Agent helps' }).click();
  const details = page.getByRole('complementary', { name: 'Details' });
  await details.getByLabel('Actor type').selectOption('human_with_copilot');
  await until(async () => (await sentence('st_seeded1')).startsWith('Check in: 4 steps, human 1, virtual agent 2, human + copilot 1;'), {
    message: 'the band follows the edit',
  });

  // Enter switches it off again: the band and the marks go.
  await toggle.focus();
  await page.keyboard.press('Enter');
  await until(async () => (await toggle.getAttribute('aria-pressed')) === 'false', { message: 'aria-pressed false' });
  await region.waitFor({ state: 'detached' });
  await until(async () => (await marked.count()) === 0, { message: 'no marked arrows' });
  // The switch is the session's, never the document's.
  const stored = await page.evaluate(() => localStorage.getItem(`stageline:v1:doc:${localStorage.getItem('stageline:v1:last')}`));
  assert.ok(!stored.includes('orchestration'), 'nothing about the band is saved');

  assert.deepEqual(problems(), []);
  await context.close();
});

test('the SVG export shows the band when the editor shows it, and not otherwise', async () => {
  const { context, page, problems } = await openWith(env.browser, env.server.url, CARDS, ARROWS, {
    stageFields: [{ name: 'Check in' }],
    ...VIEW,
    acceptDownloads: true,
  });
  /** The SVG the share dialog downloads: its band's cells (level and title) and marked arrows. */
  const exported = async () => {
    await page.getByRole('button', { name: 'Share & export…' }).click();
    const dialog = page.getByRole('dialog', { name: 'Share and export' });
    await dialog.waitFor();
    const [download] = await Promise.all([page.waitForEvent('download'), dialog.getByRole('button', { name: 'SVG' }).click()]);
    const svg = await readFile(await download.path(), 'utf8');
    await page.keyboard.press('Escape');
    await dialog.waitFor({ state: 'detached' });
    return page.evaluate((source) => {
      const xml = new DOMParser().parseFromString(source, 'image/svg+xml');
      const cells = [...xml.querySelectorAll('g.orchestration__cell')].map((g) => ({
        level: g.getAttribute('data-level'),
        title: g.querySelector('title')?.textContent,
        marks: [...g.querySelectorAll('text')].map((t) => t.textContent).filter((t) => t.length === 1),
      }));
      const marked = [...xml.querySelectorAll('path')].filter((p) => p.getAttribute('stroke') === '#6b3fa0').length;
      return { cells, marked };
    }, svg);
  };
  const off = await exported();
  assert.deepEqual(off, { cells: [], marked: 0 }, 'no band in the picture while the editor shows none');
  await page.getByRole('button', { name: 'Orchestration' }).click();
  await page.getByRole('region', { name: 'Orchestration by stage' }).waitFor({ state: 'attached' });
  const on = await exported();
  assert.equal(on.cells.length, 3, 'one cell per stage');
  assert.deepEqual(on.cells[0], { level: 'virtual_agents_with_copilots', title: CHECK_IN, marks: ['H', 'V'] });
  assert.equal(on.cells[1].level, 'none');
  assert.equal(on.marked, 2, 'the two handoffs between automation and people are marked');
  assert.deepEqual(problems(), []);
  await context.close();
});
