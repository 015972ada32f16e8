// The canvas and the pictures with real content (issue 19): arrow labels that overlap nothing
// and chips that are not cut in the hotel template; a legend for the card markers; Fit that
// shows the whole blueprint; SVG and PNG exports that keep long names whole; the end-to-end
// time in the editor and the viewer, equal to what `stageline metrics` prints.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { fileURLToPath } from 'node:url';
import { withBrowser, openApp, openStored, until } from './support.mjs';

const env = withBrowser();
const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const HOTEL_FILE = `${ROOT}public/examples/hotel-stay.json`;
const LAPTOP = { viewport: { width: 1440, height: 900 } };
const TABLET = { viewport: { width: 1024, height: 768 }, hasTouch: true };
const PORTRAIT = { viewport: { width: 768, height: 1024 }, hasTouch: true };

/** Opens the editor on the blueprint `doc`, stored as the one opened last. */
async function openDoc(doc, contextOptions = {}) {
  const opened = await openApp(env.browser, env.server.url, { contextOptions });
  await openStored(opened.page, env.server.url, doc);
  await opened.page.getByRole('grid', { name: 'Service blueprint' }).waitFor();
  return opened;
}

async function hotel() {
  return JSON.parse(await readFile(HOTEL_FILE, 'utf8'));
}

/** Zooms to fit with the toolbar's Fit button and waits until the zoom has settled. */
async function fit(page) {
  await page.getByRole('button', { name: /^Fit/ }).click();
  await until(async () => /fit to screen/i.test(await page.locator('body').innerText()), { message: 'fit message' });
  // Two frames: the scaled canvas is laid out and the render area follows it.
  await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));
}

const overlap = (a, b) => a.left < b.right - 0.5 && b.left < a.right - 0.5 && a.top < b.bottom - 0.5 && b.top < a.bottom - 0.5;

test('hotel template: arrow labels overlap no other label, card or line name; chips are whole', async () => {
  const { context, page, problems } = await openDoc(await hotel(), LAPTOP);
  await fit(page);
  const boxes = await page.evaluate(() => {
    const rect = (el) => {
      const r = el.getBoundingClientRect();
      return { left: r.left, top: r.top, right: r.right, bottom: r.bottom };
    };
    const shown = [...document.querySelectorAll('.arrow__label')].filter((g) => getComputedStyle(g).display !== 'none');
    return {
      labels: shown.map((g) => ({ text: g.textContent, rect: rect(g) })),
      cards: [...document.querySelectorAll('.card')].map((c) => ({ text: c.getAttribute('aria-label'), rect: rect(c) })),
      lines: [...document.querySelectorAll('.derived-line__label')].map((l) => ({ text: l.textContent, rect: rect(l) })),
    };
  });
  const hotelDoc = await hotel();
  assert.equal(boxes.cards.length, hotelDoc.cards.length, 'every card is rendered after Fit');
  assert.equal(boxes.labels.length, hotelDoc.connections.length, 'every label has room in the hotel');
  for (const [i, a] of boxes.labels.entries()) {
    for (const b of boxes.labels.slice(i + 1)) {
      assert.ok(!overlap(a.rect, b.rect), `labels "${a.text}" and "${b.text}" overlap`);
    }
    for (const c of boxes.cards) assert.ok(!overlap(a.rect, c.rect), `label "${a.text}" covers card "${c.text}"`);
    for (const l of boxes.lines) assert.ok(!overlap(a.rect, l.rect), `label "${a.text}" covers "${l.text}"`);
  }
  // Every word of every label is on the canvas.
  const words = boxes.labels.map((l) => l.text).join(' ');
  for (const c of hotelDoc.connections) {
    for (const w of c.label.split(/\s+/)) assert.ok(words.includes(w), `"${w}" of "${c.label}" is shown`);
  }

  // No chip is cut: each fits its card, and its full text is in its accessible name.
  const chips = await page.evaluate(() => [...document.querySelectorAll('.card__markers')].map((row) => ({
    card: row.closest('.card').getAttribute('aria-label'),
    row: { scroll: row.scrollWidth, client: row.clientWidth },
    chips: [...row.querySelectorAll('.marker')].map((m) => ({
      text: m.textContent.trim(), scroll: m.scrollWidth, client: m.clientWidth,
    })),
  })));
  for (const { card, row, chips: list } of chips) {
    assert.ok(row.scroll <= row.client + 1, `the chips of "${card}" run out of the card (${row.scroll} > ${row.client})`);
    for (const chip of list) {
      assert.ok(chip.scroll <= chip.client + 1, `chip "${chip.text}" of "${card}" is cut`);
    }
  }
  // The chips are hidden from assistive technology; the card's name says them in words.
  const inPerson = chips.find((c) => c.chips.some((chip) => chip.text === 'In person'));
  assert.ok(inPerson, 'the hotel has an "In person" chip');
  assert.match(inPerson.card, /channel In person/);
  assert.deepEqual(problems(), []);
  await context.close();
});

test('a label with no room shows while its arrow is hovered', async () => {
  // Long labels on every pair of the first ten cards cannot all have room.
  const base = await hotel();
  const cards = base.cards.slice(0, 10);
  const connections = cards.flatMap((a, i) => cards.slice(i + 1).map((b, j) => ({
    id: `cn_crowd${i}_${j}`, from: a.id, to: b.id, kind: 'handoff', label: `a crowded and rather long label ${i} ${j}`,
  })));
  const { context, page, problems } = await openDoc({ ...base, connections }, LAPTOP);
  const hidden = page.locator('.arrow__label--unplaced');
  await until(async () => (await hidden.count()) > 0, { message: 'an unplaced label' });
  assert.ok(!(await hidden.first().isVisible()), 'not shown at rest');
  // Hover a point of an unplaced label's arrow over a cell's empty space (cards take
  // precedence over arrows).
  const point = await page.evaluate(() => {
    for (const label of document.querySelectorAll('.arrow__label--unplaced')) {
      let path = label.previousElementSibling;
      while (path && !path.classList.contains('arrow__line')) path = path.previousElementSibling;
      if (!path) continue;
      const m = path.getScreenCTM();
      const length = path.getTotalLength();
      for (let k = 1; k < 40; k++) {
        const at = path.getPointAtLength((length * k) / 40);
        const x = at.x * m.a + m.e;
        const y = at.y * m.d + m.f;
        const under = document.elementFromPoint(x, y);
        if (under?.classList.contains('cell')) return { x, y, id: path.dataset.connection };
      }
    }
    return null;
  });
  assert.ok(point, 'an unplaced label\'s arrow passes over a cell');
  await page.mouse.move(point.x - 3, point.y);
  await page.mouse.move(point.x, point.y);
  const revealed = page.locator('.arrow__label--revealed');
  await until(async () => (await revealed.count()) === 1, { message: 'the hovered arrow\'s label' });
  assert.ok(await revealed.isVisible());
  assert.deepEqual(problems(), []);
  await context.close();
});

test('a legend explains the "!" and "⚠" markers, in the editor and the viewer', async () => {
  const { context, page, problems } = await openDoc(await hotel(), LAPTOP);
  const legend = page.getByRole('list', { name: 'Marker legend' });
  await legend.waitFor();
  assert.ok(await legend.isVisible());
  const items = await legend.getByRole('listitem').allInnerTexts();
  assert.ok(items.some((t) => t.includes('⚠') && /fail point/i.test(t)), items.join(' | '));
  assert.ok(items.some((t) => t.includes('!') && /check/i.test(t)), items.join(' | '));
  // The cards say the same in their names (their markers are hidden from screen readers).
  const fail = page.locator('.card:has(.marker--fail)').first();
  assert.match(await fail.getAttribute('aria-label'), /fail point, \w+ risk/);

  // The viewer shows the same key.
  await page.getByRole('button', { name: 'Share & export…' }).click();
  const dialog = page.getByRole('dialog', { name: 'Share and export' });
  const link = await dialog.getByRole('textbox', { name: 'Read-only link' }).inputValue();
  const viewer = await openApp(env.browser, env.server.url, { path: link.slice(env.server.url.length), contextOptions: LAPTOP });
  const viewerLegend = viewer.page.getByRole('list', { name: 'Marker legend' });
  await viewerLegend.waitFor();
  assert.ok(await viewerLegend.isVisible());
  // The metrics are computed after the first frame; wait for them rather than read at once.
  const viewerTime = viewer.page.locator('.canvas-key__time');
  await until(async () => /^End to end /.test(await viewerTime.innerText()), { message: 'the viewer\'s end-to-end time' });
  assert.deepEqual(viewer.problems(), []);
  await viewer.context.close();
  assert.deepEqual(problems(), []);
  await context.close();
});

for (const [name, size] of [['1440x900', LAPTOP], ['a tablet (1024x768)', TABLET], ['a portrait tablet (768x1024)', PORTRAIT]]) {
  test(`Fit shows every header and card of the hotel template at ${name}`, async () => {
    const { context, page, problems } = await openDoc(await hotel(), size);
    await fit(page);
    const outside = await page.evaluate(() => {
      const vp = document.querySelector('.viewport');
      const v = vp.getBoundingClientRect();
      const room = { left: v.left + vp.clientLeft, top: v.top + vp.clientTop };
      room.right = room.left + vp.clientWidth;
      room.bottom = room.top + vp.clientHeight;
      const items = document.querySelectorAll('.stage-header, .lane-header, .card, .derived-line__label');
      return [...items].filter((el) => {
        const r = el.getBoundingClientRect();
        return r.left < room.left - 0.5 || r.top < room.top - 0.5 || r.right > room.right + 0.5 || r.bottom > room.bottom + 0.5;
      }).map((el) => `${el.className}: ${el.getAttribute('aria-label') ?? el.textContent.slice(0, 40)}`);
    });
    assert.deepEqual(outside, []);
    const counts = await page.evaluate(() => ({
      cards: document.querySelectorAll('.card').length, lanes: document.querySelectorAll('.lane-header').length,
    }));
    const doc = await hotel();
    assert.deepEqual(counts, { cards: doc.cards.length, lanes: doc.lanes.length });
    assert.deepEqual(problems(), []);
    await context.close();
  });
}

test('the SVG and PNG exports keep long stage, lane and card names whole', async () => {
  const base = await hotel();
  const stageName = 'Customer hands over the keys, the bags and the parking ticket';
  const laneName = 'Backstage contact person and the night shift duty manager';
  const title = 'The porter brings the luggage up and explains the safe, the minibar and breakfast';
  base.stages[0].name = stageName;
  base.lanes[3].name = laneName;
  base.cards[0].title = title;
  const { context, page, problems } = await openDoc(base, { ...LAPTOP, acceptDownloads: true });
  await page.getByRole('button', { name: 'Share & export…' }).click();
  const dialog = page.getByRole('dialog', { name: 'Share and export' });
  await dialog.waitFor();
  const [svgDownload] = await Promise.all([page.waitForEvent('download'), dialog.getByRole('button', { name: 'SVG' }).click()]);
  const svg = await readFile(await svgDownload.path(), 'utf8');
  const { text, width, height } = await page.evaluate((source) => {
    const xml = new DOMParser().parseFromString(source, 'image/svg+xml');
    const root = xml.documentElement;
    const texts = [...xml.getElementsByTagName('text')].map((t) => t.textContent);
    return { text: texts.join(' '), width: Number(root.getAttribute('width')), height: Number(root.getAttribute('height')) };
  }, svg);
  assert.ok(!text.includes('…'), 'nothing is shortened with an ellipsis');
  for (const name of [stageName, laneName, title]) {
    for (const word of name.split(/\s+/)) assert.ok(text.includes(word), `"${word}" of "${name}" is in the SVG`);
  }
  const [pngDownload] = await Promise.all([page.waitForEvent('download'), dialog.getByRole('button', { name: 'PNG' }).click()]);
  const png = await readFile(await pngDownload.path());
  assert.deepEqual([...png.subarray(0, 8)], [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
  // The PNG is drawn from that SVG: the same proportions, so the grown headers are in it.
  const [pw, ph] = [png.readUInt32BE(16), png.readUInt32BE(20)];
  assert.ok(Math.abs(pw / ph - width / height) < 0.02, `PNG ${pw}x${ph} vs SVG ${width}x${height}`);
  assert.deepEqual(problems(), []);
  await context.close();
});

test('the editor shows the end-to-end time that `stageline metrics` prints', async () => {
  const run = promisify(execFile);
  const { stdout: json } = await run('cargo', ['run', '-q', '-p', 'stageline-cli', '--', 'metrics', '--json', HOTEL_FILE], {
    cwd: ROOT, maxBuffer: 1 << 24, timeout: 900_000,
  });
  const metrics = JSON.parse(json);
  const { stdout: table } = await run('cargo', ['run', '-q', '-p', 'stageline-cli', '--', 'metrics', HOTEL_FILE], {
    cwd: ROOT, maxBuffer: 1 << 24, timeout: 900_000,
  });
  // "End to end  <time>  <target>  <status> ...", columns two or more spaces apart.
  const row = table.split('\n').find((l) => l.startsWith('End to end'));
  const [, time, target] = row.split(/\s{2,}/);

  const { context, page, problems } = await openDoc(await hotel(), LAPTOP);
  const shown = page.locator('.canvas-key__time');
  await until(async () => (await shown.innerText()).startsWith('End to end'), { message: 'the end-to-end time' });
  assert.equal(Number(await shown.getAttribute('data-seconds')), metrics.end_to_end.time.critical_path_secs);
  const text = await shown.innerText();
  assert.ok(text.startsWith(`End to end ${time}`), `${text} vs ${row}`);
  if (target !== '-') assert.ok(text.includes(`target ${target}`), `${text} vs ${row}`);
  assert.deepEqual(problems(), []);
  await context.close();
});
