// The app shell: the wasm app mounts under its Content-Security-Policy, shows an ARIA grid of
// the canonical lanes and the derived lines, and reacts to the user.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { withBrowser, openApp, storedDoc, until } from './support.mjs';

const env = withBrowser();

test('the app mounts: header, ARIA grid with canonical lanes and lines, no CSP violation', async () => {
  const { context, page, problems } = await openApp(env.browser, env.server.url);
  try {
    await page.getByRole('heading', { name: 'Stageline' }).waitFor();
    const grid = page.getByRole('grid', { name: 'Service blueprint' });
    await grid.waitFor();
    const lanes = await grid.getByRole('rowheader').allInnerTexts();
    assert.deepEqual(
      lanes.map((t) => t.split('\n')[0].trim()),
      ['Physical evidence', 'Customer actions', 'Frontstage actions', 'Backstage actions', 'Support processes'],
    );
    // A new blueprint starts with three stages (plus the corner header).
    assert.equal(await grid.getByRole('columnheader').count(), 4);
    for (const line of ['Line of interaction', 'Line of visibility', 'Line of internal interaction']) {
      assert.equal(await page.locator('.derived-line__label', { hasText: line }).count(), 1, line);
    }
    const csp = await page.locator('meta[http-equiv="Content-Security-Policy"]').getAttribute('content');
    assert.match(csp, /script-src 'self' 'wasm-unsafe-eval' 'sha256-[A-Za-z0-9+/=]{44}'/);
    assert.doesNotMatch(csp, /TRUNK_LOADER_HASH/);
    assert.doesNotMatch(csp, /script-src[^;]*'unsafe-inline'/);
    // The new blueprint is already stored, through the schema's format.
    const doc = await until(() => storedDoc(page), { message: 'stored blueprint' });
    assert.equal(doc.format, 'stageline.blueprint');
    assert.equal(doc.schema_version, 1);
    assert.deepEqual(problems(), []);
  } finally {
    await context.close();
  }
});

test('clicking "Add stage" adds a stage the user names by typing', async () => {
  const { context, page, problems } = await openApp(env.browser, env.server.url);
  try {
    await page.getByRole('button', { name: 'Add stage', exact: true }).click();
    const field = page.getByRole('textbox', { name: 'Stage name' });
    await field.waitFor();
    await field.fill('Check out');
    await page.keyboard.press('Enter');
    await page.getByRole('columnheader', { name: 'Check out' }).waitFor();
    const doc = await until(async () => {
      const d = await storedDoc(page);
      return d.stages.length === 4 && d;
    }, { message: 'four stages stored' });
    assert.equal(doc.stages[3].name, 'Check out');
    assert.deepEqual(problems(), []);
  } finally {
    await context.close();
  }
});
