// Lighthouse's mobile performance run (its default: a Moto G Power on simulated slow 4G, 4×
// CPU slowdown) of one or more builds, each served as a static host serves it (compressed,
// scripts/lib/static-server.mjs), on a new visitor's first screen (the library page, `/`) and
// on the editor opening a template (`#/new/hotel-stay`). With several builds the runs are
// interleaved (A B A B …), because these machines are shared and noisy, and the table shows
// medians and each build's ratio to the first. Not part of scripts/test.
//
//   node bench/lighthouse.mjs [--runs 3] DIST [DIST …]

import { parseArgs } from 'node:util';
import { resolve } from 'node:path';
import { serveStatic } from '../scripts/lib/static-server.mjs';
import { markdownTable, median } from './stats.mjs';

const { values: opts, positionals } = parseArgs({
  allowPositionals: true,
  options: { runs: { type: 'string', default: '3' } },
});
const dists = (positionals.length ? positionals : ['dist']).map((d) => resolve(d));
const runs = Number(opts.runs);
const PAGES = [['library page (/)', ''], ['editor (#/new/hotel-stay)', '#/new/hotel-stay']];

const { default: lighthouse } = await import('lighthouse');
const { launch } = await import('chrome-launcher');

/** One Lighthouse performance run of `url`: the score and the metrics that make it. */
async function audit(port, url) {
  const { lhr } = await lighthouse(url, { port, onlyCategories: ['performance'], logLevel: 'error', output: 'json' });
  const a = lhr.audits;
  const wasmJs = (a['network-requests']?.details?.items ?? [])
    .filter((r) => /\.(wasm|js)$/.test(new URL(r.url).pathname))
    .reduce((n, r) => n + (r.transferSize ?? 0), 0);
  return {
    score: Math.round(lhr.categories.performance.score * 100),
    fcp: a['first-contentful-paint'].numericValue,
    lcp: a['largest-contentful-paint'].numericValue,
    tbt: a['total-blocking-time'].numericValue,
    si: a['speed-index'].numericValue,
    bytes: a['total-byte-weight'].numericValue,
    wasmJs,
  };
}

const servers = await Promise.all(dists.map((d) => serveStatic(() => d, { cacheControl: 'no-cache' })));
const chrome = await launch({
  chromePath: process.env.STAGELINE_CHROMIUM ?? '/usr/bin/chromium',
  chromeFlags: ['--headless=new', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
    '--disable-background-networking', '--disable-component-update', '--disable-sync'],
});
const results = dists.map(() => PAGES.map(() => []));
try {
  for (let run = 0; run < runs; run++) {
    for (const [b, server] of servers.entries()) {
      for (const [p, [, path]] of PAGES.entries()) {
        const url = `http://127.0.0.1:${server.address().port}/${path}`;
        const r = await audit(chrome.port, url);
        results[b][p].push(r);
        console.error(`run ${run + 1}, ${dists[b]}, ${PAGES[p][0]}: score ${r.score}, LCP ${Math.round(r.lcp)} ms, wasm+JS ${Math.round(r.wasmJs / 1024)} KB`);
      }
    }
  }
} finally {
  await chrome.kill();
  await Promise.all(servers.map((s) => new Promise((ok) => s.close(ok))));
}

const KEYS = [['score', 'score', (x) => String(Math.round(x))], ['fcp', 'FCP ms', (x) => x.toFixed(0)],
  ['lcp', 'LCP ms', (x) => x.toFixed(0)], ['tbt', 'TBT ms', (x) => x.toFixed(0)], ['si', 'Speed Index ms', (x) => x.toFixed(0)],
  ['wasmJs', 'wasm + JS transferred', (x) => `${Math.round(x / 1024)} KB`], ['bytes', 'all transferred', (x) => `${Math.round(x / 1024)} KB`]];
const rows = [];
for (const [p, [page]] of PAGES.entries()) {
  for (const [b, dist] of dists.entries()) {
    const cells = KEYS.map(([k, , fmt]) => {
      const m = median(results[b][p].map((r) => r[k]));
      const base = median(results[0][p].map((r) => r[k]));
      return b === 0 || !base ? fmt(m) : `${fmt(m)} (${(m / base).toFixed(2)}×)`;
    });
    rows.push([page, dist, ...cells]);
  }
}
console.log(`Lighthouse ${(await import('lighthouse/package.json', { with: { type: 'json' } })).default.version} mobile performance, medians of ${runs} interleaved runs:\n`);
console.log(markdownTable(['page', 'build', ...KEYS.map(([, h]) => h)], rows));
