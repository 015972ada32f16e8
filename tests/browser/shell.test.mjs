// The app shell: the wasm app mounts under its Content-Security-Policy and reacts to the user.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, launchBrowser, openApp } from './support.mjs';

let server;
let browser;
before(async () => {
  server = await startServer();
  browser = await launchBrowser();
});
after(async () => {
  await browser?.close();
  await server?.close();
});

test('the app mounts with its header and an empty blueprint grid, without CSP violations', async () => {
  const { context, page, problems } = await openApp(browser, server.url);
  try {
    await assert.doesNotReject(page.getByRole('heading', { name: 'Stageline' }).waitFor());
    const grid = page.getByRole('grid', { name: 'Service blueprint' });
    await grid.waitFor();
    // The canonical lanes are row headers, and the grid says it has no stages yet.
    for (const lane of ['Customer actions', 'Frontstage actions', 'Backstage actions']) {
      assert.equal(await grid.getByRole('rowheader', { name: lane }).count(), 1, lane);
    }
    // Only the corner header: no stage columns yet.
    assert.equal(await grid.getByRole('columnheader').count(), 1);
    await page.getByText('This blueprint has no stages yet.').waitFor();
    const csp = await page.locator('meta[http-equiv="Content-Security-Policy"]').getAttribute('content');
    assert.match(csp, /script-src 'self' 'wasm-unsafe-eval' 'sha256-[A-Za-z0-9+/=]{44}'/);
    assert.doesNotMatch(csp, /TRUNK_LOADER_HASH|unsafe-eval'(?<!wasm-unsafe-eval')/);
    assert.deepEqual(problems(), []);
  } finally {
    await context.close();
  }
});

test('clicking "Add stage" and pressing Enter on it add stage columns', async () => {
  const { context, page, problems } = await openApp(browser, server.url);
  try {
    const grid = page.getByRole('grid', { name: 'Service blueprint' });
    const add = page.getByRole('button', { name: 'Add stage' });
    await add.click();
    await add.focus();
    await page.keyboard.press('Enter');
    const headers = await grid.getByRole('columnheader').allInnerTexts();
    assert.deepEqual(headers.slice(1).map((h) => h.trim()), ['Stage 1', 'Stage 2']);
    assert.equal(await page.getByText('This blueprint has no stages yet.').isVisible(), false);
    assert.equal(await grid.getAttribute('aria-colcount'), '3');
    assert.deepEqual(problems(), []);
  } finally {
    await context.close();
  }
});
