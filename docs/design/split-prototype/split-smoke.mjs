// Smoke test of a split build: the app starts, the lazily loaded chunk is fetched, the details
// panel fills in, and selecting a card shows its fields. Usage: node smoke.mjs <dist>
import { chromium } from '/work/main/node_modules/playwright-core/index.mjs';
import { serveStatic } from '/work/main/scripts/lib/static-server.mjs';
const dist = process.argv[2];
const server = await serveStatic(() => dist, { cacheControl: 'no-store' });
const url = `http://127.0.0.1:${server.address().port}/`;
const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', headless: true,
  args: ['--no-sandbox','--disable-gpu','--disable-quic','--no-first-run','--disable-background-networking','--disable-component-update','--disable-sync'] });
const page = await (await browser.newContext()).newPage();
const problems = [], requests = [];
page.on('pageerror', (e) => problems.push('pageerror: ' + e.message));
page.on('console', (m) => { if (m.type() === 'error') problems.push('console: ' + m.text()); });
page.on('response', async (r) => { const h = await r.allHeaders(); requests.push(`${r.status()} ${r.url().replace(url, '/')} ${h['content-encoding'] ?? ''}`); });
const t0 = Date.now();
await page.goto(url + (process.argv[3] ?? ''));
await page.getByRole('banner').waitFor({ timeout: 30000 });
const tBanner = Date.now() - t0;
// Open the editor from the home page if we landed there: first "New"/template button.
const aside = page.locator('aside.details');
let editor = await aside.count();
if (!editor) {
  const btn = page.getByRole('button', { name: /new blueprint|blank|start/i }).first();
  if (await btn.count()) await btn.click();
  else await page.getByRole('link').first().click();
}
await aside.waitFor({ timeout: 15000 });
await page.waitForFunction(() => document.querySelector('aside.details')?.querySelector('input,textarea,select,h2,h3'), null, { timeout: 15000 });
const tPanel = Date.now() - t0;
const panelText = (await aside.innerText()).slice(0, 200).replace(/\s+/g, ' ');
// Select the first card, if any, and see the card fields.
let cardFields = 'no card';
const card = page.locator('.card__title').first();
if (await card.count()) {
  await card.click();
  await page.waitForTimeout(500);
  cardFields = (await aside.innerText()).slice(0, 160).replace(/\s+/g, ' ');
}
console.log(JSON.stringify({ tBanner, tPanel, panelText, cardFields, problems, requests: requests.filter(r => /wasm|\.js/.test(r)) }, null, 1));
await browser.close(); server.close();
process.exit(problems.length ? 1 : 0);
