// Byte compatibility with JavaScript Yjs (run by collab/tests/js_compat.rs when the npm
// packages yjs, y-protocols and lib0 are installed). Reads a Stageline (yrs) V1 update as
// base64 on stdin, applies it to a Yjs document, reports what Yjs reads, then edits the
// document as a JavaScript client would (renames a card, adds one, sets a number) and prints
// the messages a y-websocket client would send: sync step 2, the edit's update, awareness.
import * as fs from 'node:fs';
import * as Y from 'yjs';
import * as syncProtocol from 'y-protocols/sync';
import * as awarenessProtocol from 'y-protocols/awareness';
import * as encoding from 'lib0/encoding';

const b64 = (u8) => Buffer.from(u8).toString('base64');
const input = Buffer.from(fs.readFileSync(0, 'utf8').trim(), 'base64');
const doc = new Y.Doc();
Y.applyUpdate(doc, new Uint8Array(input));

const meta = doc.getMap('meta');
const cards = doc.getMap('cards');
const fromRust = {
  id: meta.get('id'),
  title: meta.get('metadata.title'),
  cards: [...cards.entries()]
    .map(([id, m]) => ({ id, title: m.get('title'), pos: m.get('$pos'), lane: m.get('lane') }))
    .sort((a, b) => (a.pos < b.pos ? -1 : a.pos > b.pos ? 1 : 0)),
};

let editUpdate = null;
doc.on('update', (u) => { editUpdate = u; });
doc.transact(() => {
  const first = cards.get(fromRust.cards[0].id);
  first.set('title', 'Renamed in JavaScript');
  first.set('typical_duration_secs', 90);
  const card = new Y.Map();
  cards.set('cd_from_js', card);
  card.set('id', 'cd_from_js');
  card.set('lane', fromRust.cards[0].lane);
  card.set('stage', first.get('stage'));
  card.set('kind', 'touchpoint');
  card.set('title', 'Added in JavaScript');
  card.set('emotion', -1);
  card.set('$pos', 'zz');
});

const step2 = encoding.createEncoder();
encoding.writeVarUint(step2, 0); // messageSync
syncProtocol.writeSyncStep2(step2, doc, Y.encodeStateVector(new Y.Doc()));

const update = encoding.createEncoder();
encoding.writeVarUint(update, 0);
syncProtocol.writeUpdate(update, editUpdate);

const awareness = new awarenessProtocol.Awareness(doc);
awareness.setLocalState({ user: { name: 'Jo', color: '#FF0000' }, pointer: { x: 1.5, y: 2 } });
const aw = encoding.createEncoder();
encoding.writeVarUint(aw, 1); // messageAwareness
encoding.writeVarUint8Array(aw, awarenessProtocol.encodeAwarenessUpdate(awareness, [doc.clientID]));
awareness.destroy();

process.stdout.write(JSON.stringify({
  fromRust,
  clientID: doc.clientID,
  step2: b64(encoding.toUint8Array(step2)),
  update: b64(encoding.toUint8Array(update)),
  awareness: b64(encoding.toUint8Array(aw)),
}));
doc.destroy();
