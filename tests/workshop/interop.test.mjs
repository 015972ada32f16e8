// Interoperability in a room of the real workshop server: Stageline's own engine (the Rust
// `Replica` of stageline-collab, over a WebSocket: tests/workshop/replica-client) and a
// JavaScript Yjs client (npm yjs + y-websocket) edit one blueprint. Proof that any Yjs client
// can join our rooms, and that our engine reads what such a client writes.
//
//   node --test tests/workshop/interop.test.mjs
// builds the replica client first (cargo, its own workspace; STAGELINE_REPLICA_CLIENT names a
// binary to use instead).

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { createInterface } from 'node:readline';
import { workshopServer } from './server.mjs';
import { joinRoom, roomUrl, until, Y } from './yclient.mjs';

const ROOT = resolve(new URL('../..', import.meta.url).pathname);
const EXAMPLE = join(ROOT, 'public/examples/hotel-stay.json');
const CLIENT_DIR = join(ROOT, 'tests/workshop/replica-client');
const CLIENT_TARGET = join(ROOT, 'target/workshop-replica-client');

let server;
let clientBin = process.env.STAGELINE_REPLICA_CLIENT;

before(async () => {
  if (!clientBin) {
    const env = { ...process.env, CARGO_TARGET_DIR: CLIENT_TARGET };
    for (const k of ['RUSTC', 'RUSTDOC', 'RUSTFLAGS', 'CARGO_BUILD_TARGET', 'CARGO_UNSTABLE_BUILD_STD']) delete env[k];
    const build = spawnSync('cargo', ['build', '--quiet', '--manifest-path', join(CLIENT_DIR, 'Cargo.toml')], {
      env,
      stdio: ['ignore', 'inherit', 'inherit'],
    });
    assert.equal(build.status, 0, 'the replica client builds');
    clientBin = join(CLIENT_TARGET, 'debug/stageline-workshop-replica-client');
  }
  server = await workshopServer({ anyPort: true });
});
after(async () => {
  await server?.close();
});

/** A Replica participant: `send(cmd)`, `next(event)` resolves with the next such event. */
function replica(url, clientId, mode, file) {
  const child = spawn(clientBin, [url, String(clientId), mode, ...(file ? [file] : [])], {
    stdio: ['pipe', 'pipe', 'inherit'],
  });
  const queue = [];
  const waiting = [];
  let exited = null;
  createInterface({ input: child.stdout }).on('line', (line) => {
    const event = JSON.parse(line);
    const i = waiting.findIndex((w) => w.name === event.event);
    if (i >= 0) waiting.splice(i, 1)[0].ok(event);
    else queue.push(event);
  });
  child.on('exit', (code) => {
    exited = code;
    for (const w of waiting.splice(0)) w.fail(new Error(`the replica client exited (${code}) before "${w.name}"`));
  });
  return {
    send(cmd) {
      child.stdin.write(`${JSON.stringify(cmd)}\n`);
    },
    next(name, ms = 10000) {
      const i = queue.findIndex((e) => e.event === name || e.event === 'error');
      if (i >= 0) {
        const e = queue.splice(i, 1)[0];
        return e.event === 'error' ? Promise.reject(new Error(e.message)) : Promise.resolve(e);
      }
      if (exited !== null) return Promise.reject(new Error(`the replica client exited (${exited})`));
      return new Promise((ok, fail) => {
        const timer = setTimeout(() => fail(new Error(`no "${name}" from the replica client within ${ms} ms`)), ms);
        waiting.push({ name, ok: (e) => (clearTimeout(timer), ok(e)), fail: (e) => (clearTimeout(timer), fail(e)) });
      });
    },
    /** The replica's document, asked for until `predicate(doc)` holds. */
    async docWhen(predicate, ms = 10000) {
      const deadline = Date.now() + ms;
      for (;;) {
        this.send({ cmd: 'dump' });
        const e = await this.next('doc');
        if (predicate(e.doc, e)) return e;
        if (Date.now() > deadline) throw new Error(`the replica's document did not reach the expected state: ${JSON.stringify(e.doc).slice(0, 300)}`);
        await new Promise((ok) => setTimeout(ok, 50));
      }
    },
    async close() {
      if (exited !== null) return;
      this.send({ cmd: 'close' });
      await this.next('closed').catch(() => {});
      child.kill();
    },
  };
}

const example = JSON.parse(readFileSync(EXAMPLE, 'utf8'));
const titles = (doc) => Object.fromEntries(doc.cards.map((c) => [c.id, c.title]));

test('a JavaScript Yjs client and Stageline\'s Replica edit one blueprint in a room of the real server', async () => {
  const room = randomBytes(16).toString('base64url');
  const url = roomUrl(server.url, room);
  // Our engine creates the room: it seeds it with a shipped example.
  const creator = replica(url, 1001, 'seed', EXAMPLE);
  const js = joinRoom(server.url, room, { name: 'JavaScript' });
  let late;
  try {
    await creator.next('synced');
    creator.send({ cmd: 'presence', name: 'Rust replica', color: '#aa3300' });
    await creator.next('presence_sent');

    // Every Yjs client ID the engine writes with must fit in 32 bits, as Yjs' own do: the
    // server (y-sweet 0.9.1, yrs 0.19) reads client IDs as 32-bit numbers, so a larger one
    // reaches everyone else truncated, as another client, and the room diverges.
    creator.send({ cmd: 'state' });
    const state = Uint8Array.from((await creator.next('state')).bytes.split(',').map(Number));
    const wide = [...Y.decodeStateVector(Y.encodeStateVectorFromUpdate(state)).keys()].filter((id) => id >= 2 ** 32);
    assert.deepEqual(wide, [], 'client IDs of the engine above 32 bits (the server truncates them)');

    // The JavaScript client sees the whole blueprint in the engine's model: one map per card,
    // keyed by its ID, one entry per field.
    await js.synced;
    const cards = js.doc.getMap('cards');
    await until(js.doc, () => cards.size === example.cards.length, 10000, 'every card at the JS client');
    for (const card of example.cards) assert.equal(cards.get(card.id).get('title'), card.title, card.id);
    assert.equal(js.doc.getMap('stages').size, example.stages.length);
    assert.equal(js.doc.getMap('lanes').size, example.lanes.length);
    // ... and the engine's presence in the usual awareness shape ({ user: { name, color } }).
    const names = () => [...js.provider.awareness.getStates().values()].map((s) => s.user?.name);
    for (let t = Date.now(); !names().includes('Rust replica'); ) {
      assert.ok(Date.now() - t < 5000, `the replica's presence reached the JS client (${names()})`);
      await new Promise((ok) => setTimeout(ok, 50));
    }

    // JS edits a card's title; the engine reads it, and the document it makes is valid.
    const [first, second, third] = example.cards;
    cards.get(first.id).set('title', 'Edited in JavaScript');
    const seen = await creator.docWhen((doc) => titles(doc)[first.id] === 'Edited in JavaScript');
    assert.deepEqual(seen.warnings, [], 'the JS edit needs no repair');

    // The engine edits another card; JS sees it.
    creator.send({ cmd: 'set_card_title', card: second.id, title: 'Edited by the replica' });
    assert.equal((await creator.next('committed')).sent, true);
    await until(js.doc, () => cards.get(second.id).get('title') === 'Edited by the replica', 5000, "the replica's edit at JS");

    // Both edit one card at once, different fields: both changes stay, on both sides.
    creator.send({ cmd: 'set_card_title', card: third.id, title: 'Title by the replica' });
    cards.get(third.id).set('description', 'Description by JavaScript');
    await creator.next('committed');
    const both = (get) => get('title') === 'Title by the replica' && get('description') === 'Description by JavaScript';
    await until(js.doc, () => both((k) => cards.get(third.id).get(k)), 5000, 'both fields at JS');
    await creator.docWhen((doc) => both((k) => doc.cards.find((c) => c.id === third.id)[k]));

    // A late joiner with our engine gets everything, including what JS wrote, and sees both
    // others present.
    late = replica(url, 2002, 'join');
    await late.next('synced');
    const a = await creator.docWhen(() => true);
    const b = await late.docWhen((doc, e) => titles(doc)[first.id] === 'Edited in JavaScript' && e.peers.includes('JavaScript'));
    assert.deepEqual(b.doc, a.doc, 'the late joiner has the same blueprint');
    assert.ok(b.peers.includes('Rust replica'), `peers: ${b.peers}`);
  } finally {
    await creator.close();
    await late?.close();
    js.close();
  }
});
