// Two browser pages in one workshop room: the time from one participant committing an edit
// (Enter on a card title) to the edit being on the other participant's screen (the card's
// text in the DOM), through the real server on loopback. Prints p50, p95 and max over the
// edits, for a blueprint of CARDS cards. A benchmark, not a test: it prints figures.
//
//   node bench/workshop/screens.mjs [--cards 300] [--edits 40]
// Needs a release build in dist/ (or STAGELINE_DIST) made for the server it starts (scripts/test
// builds for ws://127.0.0.1:18080, the default here).

import { startServer, launchBrowser, blankDoc, openStored } from '../../tests/browser/support.mjs';
import { workshopServer } from '../../tests/workshop/server.mjs';

const args = Object.fromEntries(process.argv.slice(2).reduce((acc, a, i, all) => {
  if (a.startsWith('--')) acc.push([a.slice(2), all[i + 1]]);
  return acc;
}, []));
const CARDS = Number(args.cards ?? 300);
const EDITS = Number(args.edits ?? 40);
const VIEW = { viewport: { width: 1400, height: 900 } };

function quantile(sorted, q) {
  if (sorted.length === 0) return NaN;
  const i = Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1));
  return sorted[i];
}

const ws = await workshopServer();
const site = await startServer();
const browser = await launchBrowser();
try {
  const doc = blankDoc('bp_benchscreens1');
  for (let i = doc.stages.length; i < 12; i++) doc.stages.push({ id: `st_bench${i}`, name: `Stage ${i + 1}` });
  doc.cards = Array.from({ length: CARDS }, (_, i) => ({
    id: `cd_bench${i}`,
    lane: doc.lanes[i % doc.lanes.length].id,
    stage: doc.stages[Math.floor(i / doc.lanes.length) % doc.stages.length].id,
    kind: 'action',
    title: `Card ${i}`,
  }));
  const actx = await browser.newContext(VIEW);
  const a = await actx.newPage();
  await a.goto(site.url);
  await a.getByRole('banner').waitFor({ timeout: 30_000 });
  await openStored(a, site.url, doc);
  await a.getByRole('button', { name: 'Start a workshop…' }).click();
  await a.getByLabel('Your name (others see it)').fill('Ana');
  await a.getByRole('button', { name: 'Start the workshop' }).click();
  const link = await a.getByLabel('Room link (anyone with it can edit)').inputValue();
  await a.getByRole('button', { name: 'Close' }).click();

  const bctx = await browser.newContext(VIEW);
  const b = await bctx.newPage();
  await b.goto(link);
  await b.getByLabel('Your name (others in the room see it)').fill('Ben');
  await b.getByRole('button', { name: 'Join' }).click();
  await b.getByRole('grid', { name: 'Service blueprint' }).waitFor({ timeout: 30_000 });
  await b.locator('.card', { hasText: 'Card 0' }).first().waitFor();

  // A notes when each title is committed; B notes when each appears on screen.
  await a.evaluate(() => {
    window.__sent = {};
    document.addEventListener('keydown', (e) => {
      const t = e.target;
      if (e.key === 'Enter' && (t instanceof HTMLInputElement || t instanceof HTMLTextAreaElement) && /^Edit \d+$/.test(t.value)) {
        window.__sent[t.value] = performance.timeOrigin + performance.now();
      }
    }, true);
  });
  await b.evaluate(() => {
    window.__seen = {};
    new MutationObserver(() => {
      for (const el of document.querySelectorAll('.card')) {
        const m = /Edit \d+/.exec(el.textContent ?? '');
        if (m && !(m[0] in window.__seen)) window.__seen[m[0]] = performance.timeOrigin + performance.now();
      }
    }).observe(document.body, { subtree: true, childList: true, characterData: true });
  });

  const first = a.locator('.card', { hasText: 'Card 0' }).first();
  await first.focus();
  let previous = 'Card 0';
  for (let k = 1; k <= EDITS; k++) {
    const title = `Edit ${k}`;
    await a.keyboard.press('Enter');
    const field = a.getByRole('textbox', { name: 'Card title' });
    await field.fill(title);
    await field.press('Enter');
    await b.waitForFunction((t) => t in window.__seen, title, { timeout: 10_000 });
    previous = title;
  }
  const sent = await a.evaluate(() => window.__sent);
  const seen = await b.evaluate(() => window.__seen);
  const latencies = Object.keys(sent)
    .filter((t) => t in seen)
    .map((t) => seen[t] - sent[t])
    .sort((x, y) => x - y);
  if (latencies.length === 0) throw new Error(`no edit measured: sent ${JSON.stringify(sent)}, seen ${JSON.stringify(seen)}`);
  const line = (label, v) => console.log(`${label.padEnd(44)}${v}`);
  console.log(`\nTwo browser pages in one room, ${CARDS} cards, ${latencies.length} title edits (${previous} last)`);
  line('edit on the other screen, p50 (ms)', quantile(latencies, 0.5).toFixed(1));
  line('edit on the other screen, p95 (ms)', quantile(latencies, 0.95).toFixed(1));
  line('edit on the other screen, max (ms)', latencies[latencies.length - 1].toFixed(1));
  line('target p95 (ms)', '300');
  await actx.close();
  await bctx.close();
} finally {
  await browser.close();
  await site.close();
  await ws.close();
}
