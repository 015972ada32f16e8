// Load benchmark of a live workshop (see README, "Live workshops: the server"): N simulated
// participants (JavaScript Yjs clients: npm yjs + y-websocket over ws) in one room of the real
// server (y-sweet, started here on a free loopback port with a temporary folder), each making
// R edits a second for S seconds. Prints a table and writes bench/workshop/results.json:
//   - latency: from an edit to its arrival at each other client, and to its arrival at every
//     other client (the slowest of them), p50 / p95 / max;
//   - bytes on the wire per edit (WebSocket payloads: sync and awareness messages);
//   - the server's memory (VmRSS from /proc) and CPU time;
//   - proof of convergence: every client received every other client's every edit, and all
//     replicas end with identical content and identical state vectors that hold every edit.
//
//   node bench/workshop/run.mjs [--clients 30] [--rate 2] [--seconds 60] [--out FILE]
//   (scripts/bench-workshop runs it; a quick run: --seconds 10)
//
// The edits look like a blueprint's: a client adds a card (a map with one entry per field)
// every fourth edit and edits its latest card's title otherwise. All clients share this one
// Node process, so the latencies include their own queueing: an upper bound of what separate
// browsers would see.

import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { monitorEventLoopDelay, performance } from 'node:perf_hooks';
import { freePort, startWorkshop, stopWorkshop } from '../../tests/workshop/server.mjs';
import { joinRoom, Y } from '../../tests/workshop/yclient.mjs';

const HERE = resolve(new URL('.', import.meta.url).pathname);

function options(argv) {
  const o = { clients: 30, rate: 2, seconds: 60, out: join(HERE, 'results.json') };
  for (let i = 0; i < argv.length; i += 2) {
    const key = argv[i].replace(/^--/, '');
    if (!(key in o) || argv[i + 1] === undefined) throw new Error(`unknown option ${argv[i]} (--clients --rate --seconds --out)`);
    o[key] = key === 'out' ? argv[i + 1] : Number(argv[i + 1]);
  }
  return o;
}

/** The server process's resident memory in bytes and CPU seconds so far. */
function serverUsage(pid) {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const rss = Number(status.match(/VmRSS:\s+(\d+) kB/)[1]) * 1024;
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
  const ticks = Number(stat[11]) + Number(stat[12]);
  return { rss, cpu: ticks / 100 };
}

function quantile(sorted, q) {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)];
}

function summary(values) {
  const s = Float64Array.from(values).sort();
  return { n: s.length, p50: quantile(s, 0.5), p95: quantile(s, 0.95), max: s[s.length - 1] };
}

/** JSON with every object's keys sorted, to compare replicas. */
function canonical(value) {
  return JSON.stringify(value, (_k, v) =>
    v && typeof v === 'object' && !Array.isArray(v) ? Object.fromEntries(Object.entries(v).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) : v,
  );
}

const sleep = (ms) => new Promise((ok) => setTimeout(ok, ms));
const mb = (bytes) => `${(bytes / 1024 / 1024).toFixed(1)} MB`;

async function main() {
  const o = options(process.argv.slice(2));
  // Each y-websocket provider listens for the process's exit.
  process.setMaxListeners(0);
  const dir = mkdtempSync(join(tmpdir(), 'stageline-bench-workshop-'));
  const port = await freePort();
  // As scripts/workshop-server runs it: y-sweet's default checkpoint every 10 s.
  const pid = await startWorkshop({ port, dir: join(dir, 'data'), log: join(dir, 'server.log'), checkpointSeconds: 10 });
  const server = `ws://127.0.0.1:${port}`;
  const room = randomBytes(16).toString('base64url');
  const memory = { idle: serverUsage(pid).rss, peak: 0 };
  const cpuStart = serverUsage(pid).cpu;
  const sampler = setInterval(() => {
    memory.peak = Math.max(memory.peak, serverUsage(pid).rss);
  }, 250);

  // sent[i][n]: when client i made its edit n; arrivals[i][n]: one time per receiver.
  const sent = [];
  const arrivals = [];
  const clients = [];
  try {
    // The room's creator first, then everyone else at once (as a link pasted into chat).
    for (let i = 0; i < o.clients; i++) {
      const c = joinRoom(server, room, { name: `P${i}` });
      clients.push(c);
      sent.push([]);
      arrivals.push([]);
      if (i === 0) await c.synced;
    }
    await Promise.all(clients.map((c) => c.synced));
    // Count traffic from here on: the edits, not the joining.
    const base = clients.map((c) => ({ ...c.traffic }));

    clients.forEach((c, receiver) => {
      c.doc.getMap('cards').observeDeep((events, txn) => {
        if (txn.local) return;
        const now = performance.now();
        for (const e of events) {
          if (e.target === c.doc.getMap('cards')) {
            for (const key of e.keysChanged) record(e.target.get(key)?.get?.('title'), receiver, now);
          } else if (e.keysChanged.has('title')) {
            record(e.target.get('title'), receiver, now);
          }
        }
      });
    });
    function record(title, receiver, now) {
      const m = typeof title === 'string' && title.match(/^t(\d+):(\d+)$/);
      if (!m) return;
      const [i, n] = [Number(m[1]), Number(m[2])];
      const at = (arrivals[i][n] ??= new Map());
      if (!at.has(receiver)) at.set(receiver, now - sent[i][n]);
    }

    // How long this process's event loop (all clients) kept messages waiting.
    const loop = monitorEventLoopDelay({ resolution: 5 });
    loop.enable();
    // Each client edits at `rate` per second from a random phase, for `seconds`.
    const period = 1000 / o.rate;
    const start = performance.now();
    const end = start + o.seconds * 1000;
    await Promise.all(
      clients.map(async (c, i) => {
        await sleep(Math.random() * period);
        const cards = c.doc.getMap('cards');
        let n = 0;
        let next = performance.now();
        while (performance.now() < end) {
          const title = `t${i}:${n}`;
          sent[i][n] = performance.now();
          c.doc.transact(() => {
            if (n % 4 === 0) {
              const card = new Y.Map();
              cards.set(`c${i}-${n / 4}`, card);
              card.set('lane', `lane-${i % 7}`);
              card.set('stage', `stage-${n % 12}`);
              card.set('kind', 'action');
              card.set('$pos', `a${String(n).padStart(4, '0')}`);
              card.set('title', title);
            } else {
              cards.get(`c${i}-${Math.floor(n / 4)}`).set('title', title);
            }
          });
          n += 1;
          next += period;
          await sleep(Math.max(0, next - performance.now()));
        }
      }),
    );
    loop.disable();
    const edits = sent.reduce((sum, s) => sum + s.length, 0);

    // Wait for the last edits to arrive everywhere (at most 10 s).
    const expected = edits * (o.clients - 1);
    const delivered = () => arrivals.reduce((sum, a) => sum + a.reduce((s, m) => s + (m?.size ?? 0), 0), 0);
    const settle = performance.now() + 10000;
    while (delivered() < expected && performance.now() < settle) await sleep(50);
    await sleep(500);

    // Latency: each delivery, and each edit's arrival at every other client (its slowest).
    const each = [];
    const all = [];
    const windows = [];
    let missing = 0;
    for (let i = 0; i < o.clients; i++) {
      for (let n = 0; n < sent[i].length; n++) {
        const at = arrivals[i][n];
        missing += o.clients - 1 - (at?.size ?? 0);
        if (!at) continue;
        each.push(...at.values());
        (windows[Math.floor((sent[i][n] - start) / 10000)] ??= []).push(...at.values());
        if (at.size === o.clients - 1) all.push(Math.max(...at.values()));
      }
    }
    const traffic = clients.map((c, i) => ({
      sent: c.traffic.sentBytes - base[i].sentBytes,
      received: c.traffic.receivedBytes - base[i].receivedBytes,
      sentMessages: c.traffic.sentMessages - base[i].sentMessages,
    }));
    const sentBytes = traffic.reduce((s, t) => s + t.sent, 0);
    const receivedBytes = traffic.reduce((s, t) => s + t.received, 0);

    // Convergence: identical content and state vectors, holding every client's every write.
    // (Keys and clients sorted: each replica integrated them in its own order.)
    const json = clients.map((c) => canonical(c.doc.getMap('cards').toJSON()));
    const vectors = clients.map((c) => canonical(Object.fromEntries(Y.decodeStateVector(Y.encodeStateVector(c.doc)))));
    const identical = json.every((j) => j === json[0]) && vectors.every((v) => v === vectors[0]);
    const sv = Y.decodeStateVector(Y.encodeStateVector(clients[0].doc));
    const everyEdit = clients.every((c) => sv.get(c.doc.clientID) === Y.getState(c.doc.store, c.doc.clientID));
    const cardsExpected = sent.reduce((s, e) => s + Math.ceil(e.length / 4), 0);
    const finalCards = clients[0].doc.getMap('cards');
    const lastTitles = sent.every((e, i) => {
      const last = e.length - 1;
      return last < 0 || finalCards.get(`c${i}-${Math.floor(last / 4)}`)?.get('title') === `t${i}:${last}`;
    });

    const end_ = serverUsage(pid);
    const result = {
      date: new Date().toISOString(),
      server: 'y-sweet 0.9.1 (patched, scripts/lib)',
      clients: o.clients,
      rate: o.rate,
      seconds: o.seconds,
      edits,
      deliveries: { expected, received: expected - missing, missing },
      latencyMs: { each: summary(each), all: summary(all), eachBy10s: windows.map((w) => summary(w ?? [])) },
      bytesPerEdit: {
        sentByEditor: sentBytes / edits,
        receivedPerOtherClient: receivedBytes / edits / (o.clients - 1),
        serverOut: receivedBytes / edits,
      },
      serverMemory: { idle: memory.idle, peak: Math.max(memory.peak, end_.rss), end: end_.rss },
      serverCpuSeconds: end_.cpu - cpuStart,
      clientEventLoopDelayMs: { p50: loop.percentile(50) / 1e6, p95: loop.percentile(95) / 1e6, max: loop.max / 1e6 },
      machineLoad: readFileSync('/proc/loadavg', 'utf8').split(' ').slice(0, 3).map(Number),
      converged: { identical, everyEdit, cards: finalCards.size, cardsExpected, lastTitles },
      documentBytes: Y.encodeStateAsUpdate(clients[0].doc).length,
    };
    print(result);
    writeFileSync(o.out, `${JSON.stringify(result, null, 2)}\n`);
    const ok = identical && everyEdit && missing === 0 && finalCards.size === cardsExpected && lastTitles;
    if (!ok) {
      console.error('workshop bench: the replicas did not converge with every edit (see above)');
      process.exitCode = 1;
    }
  } finally {
    clearInterval(sampler);
    for (const c of clients) c.close();
    await stopWorkshop(pid);
    rmSync(dir, { recursive: true, force: true });
  }
}

function print(r) {
  const f = (x) => x.toFixed(1);
  const rows = [
    ['participants × edits/s × seconds', `${r.clients} × ${r.rate} × ${r.seconds}`],
    ['edits made', `${r.edits}`],
    ['deliveries (edit at another client)', `${r.deliveries.received} of ${r.deliveries.expected}`],
    ['edit → each other client p50 / p95 / max', `${f(r.latencyMs.each.p50)} / ${f(r.latencyMs.each.p95)} / ${f(r.latencyMs.each.max)} ms`],
    ['edit → every other client p50 / p95 / max', `${f(r.latencyMs.all.p50)} / ${f(r.latencyMs.all.p95)} / ${f(r.latencyMs.all.max)} ms`],
    ['edit → each other client p95 by 10 s of the run', r.latencyMs.eachBy10s.map((w) => f(w.p95)).join(' / ') + ' ms'],
    ['bytes per edit: sent by its author', `${f(r.bytesPerEdit.sentByEditor)} B`],
    ['bytes per edit: received by each other client', `${f(r.bytesPerEdit.receivedPerOtherClient)} B`],
    ['bytes per edit: sent by the server in all', `${f(r.bytesPerEdit.serverOut)} B`],
    ['server memory (RSS) idle / peak / end', `${mb(r.serverMemory.idle)} / ${mb(r.serverMemory.peak)} / ${mb(r.serverMemory.end)}`],
    ['server CPU time', `${r.serverCpuSeconds.toFixed(1)} s in ${r.seconds} s`],
    ['room at the end (encoded state)', `${(r.documentBytes / 1024).toFixed(0)} KB`],
    ['clients\' event-loop delay p50 / p95 / max (queueing in this process)', `${f(r.clientEventLoopDelayMs.p50)} / ${f(r.clientEventLoopDelayMs.p95)} / ${f(r.clientEventLoopDelayMs.max)} ms`],
    ['machine load average (1, 5, 15 min)', r.machineLoad.join(', ')],
    ['replicas identical (content, state vectors)', r.converged.identical ? 'yes' : 'NO'],
    ['every edit in every replica', r.converged.everyEdit && r.converged.lastTitles && r.converged.cards === r.converged.cardsExpected ? `yes (${r.converged.cards} cards)` : 'NO'],
  ];
  console.log('| measure | value |\n| --- | --- |');
  for (const [k, v] of rows) console.log(`| ${k} | ${v} |`);
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
