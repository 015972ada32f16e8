// Going from one page with a canvas to another in place, by the address alone (links, back and
// forward): the editor of one blueprint to another's, the editor to a comparison and back, the
// read-only viewer to the editor. Each page is built anew in the same document; nothing of the
// one before may be left running (a panic on a disposed value, a save of the wrong blueprint).

import test from 'node:test';
import assert from 'node:assert/strict';
import { blankDoc, openApp, until, withBrowser } from './support.mjs';

const env = withBrowser();

/** Two stored blueprints, A (the one opened last) and B, each with one card. */
function twoBlueprints() {
  const a = blankDoc('bp_navigatea1');
  a.metadata.title = 'Alpha';
  a.cards = [{ id: 'cd_alpha1', lane: a.lanes[1].id, stage: a.stages[0].id, kind: 'action', title: 'Alpha card' }];
  // Bravo is made apart from Alpha: the same stages and lanes under other IDs.
  const b = blankDoc('bp_navigateb1');
  b.metadata.title = 'Bravo';
  b.stages.forEach((st, i) => { st.id = `st_bravo${i}`; });
  b.lanes.forEach((ln, i) => { ln.id = `ln_bravo${i}`; });
  b.cards = [{ id: 'cd_bravo1', lane: b.lanes[1].id, stage: b.stages[0].id, kind: 'action', title: 'Bravo card' }];
  return [a, b];
}

async function seeded(browser, url) {
  const opened = await openApp(browser, url);
  const [a, b] = twoBlueprints();
  await opened.page.evaluate((docs) => {
    for (const text of docs) {
      const d = JSON.parse(text);
      localStorage.setItem(`stageline:v1:doc:${d.id}`, text);
    }
    localStorage.setItem('stageline:v1:last', 'bp_navigatea1');
  }, [JSON.stringify(a), JSON.stringify(b)]);
  return { ...opened, a, b };
}

/** Waits for the editor of the blueprint titled `title`. */
async function editorOf(page, title) {
  await page.getByRole('grid', { name: 'Service blueprint' }).waitFor();
  await until(async () => (await page.getByRole('gridcell').filter({ hasText: `${title} card` }).count()) === 1, {
    message: `the editor of ${title}`,
  });
}

test('the editor of one blueprint gives way to another by the address, and back and forward', async () => {
  const { context, page, problems, a, b } = await seeded(env.browser, env.server.url);
  await page.evaluate((id) => { location.hash = `#/b/${id}`; }, a.id);
  await editorOf(page, 'Alpha');
  // In place: the same document, no reload.
  await page.evaluate(() => { window.__samePage = true; });
  await page.evaluate((id) => { location.hash = `#/b/${id}`; }, b.id);
  await editorOf(page, 'Bravo');
  await page.goBack();
  await editorOf(page, 'Alpha');
  await page.goForward();
  await editorOf(page, 'Bravo');
  assert.equal(await page.evaluate(() => window.__samePage), true, 'no reload on the way');
  // An edit here lands in Bravo, not in Alpha.
  await page.getByRole('gridcell').filter({ hasText: 'Bravo card' }).first().click();
  await page.keyboard.press('F2');
  await page.keyboard.type(' edited');
  await page.keyboard.press('Enter');
  const stored = await until(async () => {
    const [x, y] = await page.evaluate(() => ['bp_navigatea1', 'bp_navigateb1']
      .map((id) => JSON.parse(localStorage.getItem(`stageline:v1:doc:${id}`))));
    return y.cards[0].title === 'Bravo card edited' && [x, y];
  }, { message: 'the edit saved into Bravo' });
  assert.equal(stored[0].cards[0].title, 'Alpha card', 'Alpha is untouched');
  assert.deepEqual(problems(), []);
  await context.close();
});

test('the editor gives way to a comparison and back in place', async () => {
  const { context, page, problems, a, b } = await seeded(env.browser, env.server.url);
  await page.evaluate((id) => { location.hash = `#/b/${id}`; }, a.id);
  await editorOf(page, 'Alpha');
  await page.evaluate(() => { window.__samePage = true; });
  await page.evaluate(([x, y]) => { location.hash = `#/compare/${x}/${y}`; }, [a.id, b.id]);
  const comparison = async () => {
    await page.locator('.compare').waitFor();
    // Two blueprints made apart: their stages and lanes are matched by name, and it says so.
    await page.getByText(/Matched by name, not by ID \(guesses\): 3 stages, 5 lanes/).waitFor();
    await page.getByRole('button', { name: /Card removed: "Alpha card"/ }).waitFor();
  };
  await comparison();
  await page.goBack();
  await editorOf(page, 'Alpha');
  await page.goForward();
  await comparison();
  // Its "Back to the blueprint" link goes back in place too, to a working editor.
  await page.getByRole('link', { name: 'Back to the blueprint' }).click();
  await editorOf(page, 'Bravo');
  await page.getByRole('gridcell').filter({ hasText: 'Bravo card' }).first().click();
  await page.keyboard.press('Delete');
  await until(async () => {
    const y = await page.evaluate(() => JSON.parse(localStorage.getItem('stageline:v1:doc:bp_navigateb1')));
    return y.cards.length === 0;
  }, { message: 'the deletion saved into Bravo' });
  assert.equal(await page.evaluate(() => window.__samePage), true, 'no reload on the way');
  assert.deepEqual(problems(), []);
  await context.close();
});
