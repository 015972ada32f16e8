// The Stageline benchmark: drives headless Chromium over generated blueprints and prints a
// table of medians (also written as JSON). Run it with scripts/bench, which builds first.
//
//   node bench/run.mjs [--dist DIR] [--cli PATH] [--sizes 100,1000,3000] [--runs 5] [--out FILE]

import { execFileSync } from 'node:child_process';
import { mkdtemp, writeFile } from 'node:fs/promises';
import { availableParallelism, cpus, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { launchBrowser, startServer } from '../tests/browser/support.mjs';
import * as measure from './measure.mjs';
import { bytes, markdownTable, median, ms, quantile } from './stats.mjs';

const ROOT = resolve(new URL('..', import.meta.url).pathname);
const { values: opts } = parseArgs({
  options: {
    dist: { type: 'string', default: process.env.STAGELINE_DIST ?? '/tmp/dist-bench' },
    cli: { type: 'string', default: join(ROOT, 'target/release/stageline') },
    sizes: { type: 'string', default: '100,1000,3000' },
    runs: { type: 'string', default: '5' },
    out: { type: 'string', default: join(ROOT, 'bench/results.json') },
  },
});
const sizes = opts.sizes.split(',').map(Number);
const runs = Number(opts.runs);
const dist = resolve(opts.dist);

/**
 * Raw, gzip and brotli sizes of the built wasm and JS, per part (the first screen, each part
 * that loads on demand with the shared chunks it needs, everything), from `scripts/size --json`.
 */
function bundleSizes() {
  const out = execFileSync(join(ROOT, 'scripts/size'), ['--json', dist], { encoding: 'utf8' });
  return JSON.parse(out).parts.map(({ part, files, raw, gzip, brotli }) => ({ part, files: files.length, raw, gzip, brotli }));
}

/** Writes the blueprint of `cards` cards and `seed` with `stageline generate`; its path. */
function generate(dir, cards, seed) {
  const file = join(dir, `bp-${cards}-${seed}.json`);
  execFileSync(opts.cli, ['generate', '--cards', String(cards), '--seed', String(seed), '-o', file]);
  return file;
}

/** One run at one size: load, memory, drag, add and undo, export, import, share. */
async function oneRun(browser, baseUrl, doc, importFile, importTitle) {
  const app = await measure.openBlueprint(browser, baseUrl, doc);
  try {
    const mem = await measure.memory(app);
    const drag = await measure.drag(app);
    const edit = await measure.addAndUndo(app);
    const exported = await measure.exportJson(app);
    const shared = await measure.share(app);
    const imported = await measure.importJson(app, importFile, importTitle);
    const reloaded = await measure.reload(app);
    const problems = app.problems();
    if (problems.length) throw new Error(problems.join('\n'));
    return {
      loadToRender: app.loadToRender,
      startToRender: app.startToRender,
      render: app.render,
      settled: app.settled,
      ...mem,
      dragMoves: drag.moves,
      frameInterval: { p50: quantile(drag.intervals, 0.5), p95: quantile(drag.intervals, 0.95), max: quantile(drag.intervals, 1) },
      frameWork: { p50: quantile(drag.work, 0.5), p95: quantile(drag.work, 0.95), max: quantile(drag.work, 1) },
      pointerupToSaved: drag.pointerupToSaved,
      savedVia: drag.savedVia,
      add: edit.add,
      undo: edit.undo,
      addAgain: edit.addAgain,
      undoAgain: edit.undoAgain,
      exportMs: exported,
      importMs: imported,
      share: shared,
      reload: reloaded,
    };
  } finally {
    await app.context.close();
  }
}

/** Medians over runs of every numeric figure (nested objects too). */
function medians(list) {
  const first = list[0];
  const out = {};
  for (const key of Object.keys(first)) {
    const v = first[key];
    if (v !== null && typeof v === 'object') out[key] = medians(list.map((r) => r[key] ?? {}));
    else if (typeof v === 'number' || v === null) out[key] = median(list.map((r) => r[key]));
    else out[key] = v;
  }
  return out;
}

function tables(result) {
  const timing = markdownTable(
    ['cards', 'load → render', 'app start → render', 'canvas render', 'load → settled', 'next visit: load → render / canvas render', 'drag frame interval p50 / p95 / max', 'drag frame work p50 / p95 / max', 'pointerup → saved', 'add card (handled / painted)', 'undo (handled / painted)', `add card again (median of ${measure.REPEATED_EDITS}: handled / painted)`, 'undo again (handled / painted)'],
    result.sizes.map(({ cards, median: m }) => [
      cards.toLocaleString('en'),
      ms(m.loadToRender),
      ms(m.startToRender),
      ms(m.render),
      ms(m.settled),
      `${ms(m.reload.loadToRender)} / ${ms(m.reload.render)}`,
      `${ms(m.frameInterval.p50)} / ${ms(m.frameInterval.p95)} / ${ms(m.frameInterval.max)}`,
      `${ms(m.frameWork.p50)} / ${ms(m.frameWork.p95)} / ${ms(m.frameWork.max)}`,
      ms(m.pointerupToSaved),
      `${ms(m.add.handled)} / ${ms(m.add.painted)}`,
      `${ms(m.undo.handled)} / ${ms(m.undo.painted)}`,
      `${ms(m.addAgain.handled)} / ${ms(m.addAgain.painted)}`,
      `${ms(m.undoAgain.handled)} / ${ms(m.undoAgain.painted)}`,
    ]),
  );
  const io = markdownTable(
    ['cards', 'export JSON (app / to download)', 'import JSON (app / to shown)', 'share encode / decode', 'share link length', 'open link → render', 'JS heap', 'wasm memory'],
    result.sizes.map(({ cards, median: m }) => [
      cards.toLocaleString('en'),
      `${ms(m.exportMs.app)} / ${ms(m.exportMs.toDownload)}`,
      `${ms(m.importMs.app)} / ${ms(m.importMs.toShown)}`,
      `${ms(m.share.encode)} / ${ms(m.share.decode)}`,
      m.share.length === null ? 'n/a' : Math.round(m.share.length).toLocaleString('en'),
      ms(m.share.openToRender),
      bytes(m.jsHeap),
      bytes(m.wasmMemory),
    ]),
  );
  const size = markdownTable(
    ['part (wasm + JS, with the shared chunks it needs)', 'files', 'raw', 'gzip -9', 'brotli -q 11'],
    result.bundle.map((p) => [p.part, String(p.files), bytes(p.raw), bytes(p.gzip), bytes(p.brotli)]),
  );
  return `${timing}\n\n${io}\n\n${size}`;
}

const browser = await launchBrowser();
const server = await startServer(dist);
const dir = await mkdtemp(join(tmpdir(), 'stageline-bench-'));
try {
  const result = {
    date: new Date().toISOString(),
    machine: {
      nproc: availableParallelism(),
      cpu: cpus()[0]?.model ?? 'unknown',
      chromium: browser.version(),
      node: process.version,
    },
    runs,
    bundle: bundleSizes(),
    sizes: [],
  };
  for (const cards of sizes) {
    const file = generate(dir, cards, 1);
    const doc = await measure.readDoc(file);
    const importFile = generate(dir, cards, 2);
    const importTitle = JSON.parse(await measure.readDoc(importFile)).metadata.title;
    const all = [];
    for (let r = 0; r < runs; r++) {
      process.stderr.write(`bench: ${cards} cards, run ${r + 1} of ${runs}\n`);
      all.push(await oneRun(browser, server.url, doc, importFile, importTitle));
    }
    result.sizes.push({ cards, median: medians(all), runs: all });
  }
  await writeFile(opts.out, `${JSON.stringify(result, null, 2)}\n`);
  const m = result.machine;
  console.log(`Stageline benchmark, ${result.date}: ${m.nproc} cores (${m.cpu}), Chromium ${m.chromium}, medians of ${runs} runs; times in ms\n`);
  console.log(tables(result));
  console.log(`\nWritten to ${opts.out}`);
} finally {
  await server.close();
  await browser.close();
}
