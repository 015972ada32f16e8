// The app shell: the wasm app mounts under its Content-Security-Policy, shows an ARIA grid of
// the canonical lanes and the derived lines, and reacts to the user.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { withBrowser, openApp, openBlank, storedDoc, until, blankDoc, addCardByDoubleClick } from './support.mjs';

const env = withBrowser();

test('a first visit shows where to start and stores nothing; a blank blueprint is kept once it is changed', async () => {
  const { context, page, problems } = await openApp(env.browser, env.server.url);
  try {
    // Where to start: blank, the templates, a file.
    await page.getByRole('heading', { name: 'Start a blueprint' }).waitFor();
    await page.getByRole('link', { name: /^Blank blueprint/ }).waitFor();
    const templates = JSON.parse(await readFile(new URL('../../public/examples/index.json', import.meta.url), 'utf8'));
    for (const t of templates) {
      await page.getByRole('link', { name: `Template: ${t.title}` }).waitFor();
    }
    await page.getByLabel('Open a file…').waitFor();
    const stored = () => page.evaluate(() => Object.keys(localStorage).filter((k) => k.startsWith('stageline:')));
    assert.deepEqual(await stored(), [], 'opening the app stores nothing');

    // A blank blueprint, looked at and left, is not kept.
    await page.getByRole('link', { name: /^Blank blueprint/ }).click();
    await page.getByRole('grid', { name: 'Service blueprint' }).waitFor();
    await page.getByRole('link', { name: 'Blueprints', exact: true }).click();
    await page.getByRole('heading', { name: 'In this browser' }).waitFor();
    assert.deepEqual(await stored(), [], 'an untouched blank is not kept');
    await page.getByText('No blueprints yet').waitFor();

    // Changed once, it is stored and has its own address.
    await page.getByRole('link', { name: /^Blank blueprint/ }).click();
    await addCardByDoubleClick(page, 'Customer actions', 0, 'Arrives');
    const doc = await until(() => storedDoc(page).catch(() => null), { message: 'stored blueprint' });
    await until(async () => (await page.evaluate(() => location.hash)) === `#/b/${doc.id}`, { message: 'its own address' });
    await page.reload();
    await page.locator('.card', { hasText: 'Arrives' }).waitFor();
    assert.deepEqual(problems(), []);
  } finally {
    await context.close();
  }
});

test('the app mounts: header, ARIA grid with canonical lanes and lines, no CSP violation', async () => {
  const { context, page, problems } = await openBlank(env.browser, env.server.url);
  try {
    await page.getByRole('heading', { name: 'Stageline' }).waitFor();
    const grid = page.getByRole('grid', { name: 'Service blueprint' });
    const lanes = await grid.getByRole('rowheader').allInnerTexts();
    assert.deepEqual(
      lanes.map((t) => t.split('\n')[0].trim()),
      ['Physical evidence', 'Customer actions', 'Frontstage actions', 'Backstage actions', 'Support processes'],
    );
    // The tests' seeded blank (support.mjs) is the app's own.
    assert.deepEqual(blankDoc().lanes.map((l) => l.name), lanes.map((t) => t.split('\n')[0].trim()));
    // A new blueprint starts with three stages (plus the corner header).
    assert.equal(await grid.getByRole('columnheader').count(), 4);
    for (const line of ['Line of interaction', 'Line of visibility', 'Line of internal interaction']) {
      assert.equal(await page.locator('.derived-line__label', { hasText: line }).count(), 1, line);
    }
    const csp = await page.locator('meta[http-equiv="Content-Security-Policy"]').getAttribute('content');
    assert.match(csp, /script-src 'self' 'wasm-unsafe-eval' 'sha256-[A-Za-z0-9+/=]{44}'/);
    assert.doesNotMatch(csp, /TRUNK_LOADER_HASH/);
    assert.doesNotMatch(csp, /script-src[^;]*'unsafe-inline'/);
    assert.deepEqual(problems(), []);
  } finally {
    await context.close();
  }
});

test('clicking "Add stage" adds a stage the user names by typing', async () => {
  const { context, page, problems } = await openBlank(env.browser, env.server.url);
  try {
    await page.getByRole('button', { name: 'Add stage', exact: true }).click();
    const field = page.getByRole('textbox', { name: 'Stage name' });
    await field.waitFor();
    await field.fill('Check out');
    await page.keyboard.press('Enter');
    await page.getByRole('columnheader', { name: 'Check out' }).waitFor();
    const doc = await until(async () => {
      const d = await storedDoc(page);
      return d.stages[3]?.name === 'Check out' && d;
    }, { message: 'four stages stored' });
    assert.equal(doc.stages[3].name, 'Check out');
    assert.deepEqual(problems(), []);
  } finally {
    await context.close();
  }
});
