// A JavaScript Yjs client of a workshop room, as any Yjs application would join one: the npm
// packages `yjs` and `y-websocket` (its WebsocketProvider speaks the sync and awareness
// protocols of `y-protocols`) over `ws`. Used by the workshop tests and the load benchmark.
//
// y-sweet serves a room `<room>` at ws://host:port/d/<room>/ws/<room> (the document ID twice:
// y-websocket appends the room name to the server URL it is given, so the URL given is
// ws://host:port/d/<room>/ws). A y-websocket server would take ws://host:port/<room> instead.

import WebSocket from 'ws';
import * as Y from 'yjs';
import { WebsocketProvider } from 'y-websocket';

/** The WebSocket address of `room` on the y-sweet server at `server` (ws://host:port). */
export function roomUrl(server, room) {
  return `${server.replace(/\/+$/, '')}/d/${room}/ws/${room}`;
}

/** Bytes and messages this client sent and received (WebSocket payloads). */
export class Traffic {
  constructor() {
    this.sentBytes = 0;
    this.sentMessages = 0;
    this.receivedBytes = 0;
    this.receivedMessages = 0;
  }
}

/** A `ws` WebSocket that counts its traffic into `traffic`. */
function countingWebSocket(traffic) {
  return class CountingWebSocket extends WebSocket {
    constructor(url, protocols) {
      super(url, protocols);
      this.on('message', (data) => {
        traffic.receivedBytes += data.byteLength;
        traffic.receivedMessages += 1;
      });
    }

    send(data, ...rest) {
      traffic.sentBytes += data.byteLength;
      traffic.sentMessages += 1;
      super.send(data, ...rest);
    }
  };
}

/**
 * A Yjs document joined to `room` on `server`: `{ doc, provider, traffic, synced, close }`.
 * `synced` resolves once the server's state has arrived (sync step 2). BroadcastChannel is
 * off, so clients in one process meet only through the server.
 */
export function joinRoom(server, room, { doc = new Y.Doc(), name = 'js' } = {}) {
  const traffic = new Traffic();
  const provider = new WebsocketProvider(`${server.replace(/\/+$/, '')}/d/${room}/ws`, room, doc, {
    WebSocketPolyfill: countingWebSocket(traffic),
    disableBc: true,
    maxBackoffTime: 500,
  });
  provider.awareness.setLocalStateField('user', { name, color: '#1f6feb' });
  const synced = new Promise((ok) => {
    if (provider.synced) ok();
    else provider.once('sync', (isSynced) => isSynced && ok());
  });
  return {
    doc,
    provider,
    traffic,
    synced,
    /** Waits until the connection is up and the server's state has arrived again. */
    resynced() {
      return new Promise((ok) => {
        const check = () => {
          if (provider.wsconnected && provider.synced) {
            provider.off('sync', check);
            provider.off('status', check);
            ok();
          }
        };
        provider.on('sync', check);
        provider.on('status', check);
        check();
      });
    },
    close() {
      provider.awareness.setLocalState(null);
      provider.destroy();
      doc.destroy();
    },
  };
}

/** Resolves when `predicate()` holds, checked after every change of `doc` (at most `ms`). */
export function until(doc, predicate, ms = 10000, what = 'the expected state') {
  return new Promise((ok, fail) => {
    if (predicate()) return ok();
    const timer = setTimeout(() => {
      doc.off('update', check);
      fail(new Error(`timed out after ${ms} ms waiting for ${what}`));
    }, ms);
    function check() {
      if (predicate()) {
        clearTimeout(timer);
        doc.off('update', check);
        ok();
      }
    }
    doc.on('update', check);
  });
}

export { Y };
