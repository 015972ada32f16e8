// What the benchmark installs in the page before the app starts (Playwright init script):
// the wasm memory, the time of every DOM change and of the frame painted after it, stored
// blueprint writes, and helpers that time one user action from its input event to the end of
// its handling and to the end of the frame that shows it.

/** The init script; runs in the page, so it may only use what the browser has. */
export function instrument() {
  const B = (window.__bench = {
    wasmMemory: null,
    wasmReady: null,
    lastMutation: null,
    painted: null,
    docWrites: [],
  });
  // The wasm instance's memory, whichever way the glue instantiates it.
  for (const name of ['instantiateStreaming', 'instantiate']) {
    const original = WebAssembly[name];
    if (!original) continue;
    WebAssembly[name] = async function (...args) {
      const result = await original.apply(this, args);
      const instance = result.instance ?? result;
      if (instance?.exports?.memory) {
        B.wasmMemory = instance.exports.memory;
        B.wasmReady = performance.now();
      }
      return result;
    };
  }
  // Stored blueprint writes (the fallback for pointerup-to-saved before the app marks saves).
  const setItem = Storage.prototype.setItem;
  Storage.prototype.setItem = function (key, value) {
    const result = setItem.call(this, key, value);
    // A whole blueprint (compact JSON starts with its format), whatever the key scheme.
    if (String(value).startsWith('{"format":"stageline.blueprint"')) B.docWrites.push(performance.now());
    return result;
  };
  // Calls `done` once the frame after now has been rendered (a message posted from
  // requestAnimationFrame runs after that frame's style, layout and paint).
  const afterFrame = (done) =>
    requestAnimationFrame(() => {
      const channel = new MessageChannel();
      channel.port1.onmessage = () => done(performance.now());
      channel.port2.postMessage(0);
    });
  B.afterFrame = afterFrame;
  // DOM changes are watched only from the first contentful paint on: an observer during the
  // first render would record every node the app creates (a MutationRecord each, and the
  // garbage collection they cause), work no user's browser does, inside the figure measured.
  // The observer starts when the paint entry is delivered, a little after the paint; changes
  // in between are covered by counting that moment itself as a change (settled can only be
  // later than the truth, never earlier).
  const changed = () => {
    B.lastMutation = performance.now();
    afterFrame((t) => {
      if (t >= B.lastMutation) B.painted = t;
    });
  };
  B.fcp = null;
  new PerformanceObserver((list, observer) => {
    const fcp = list.getEntriesByName('first-contentful-paint')[0];
    if (!fcp || B.fcp !== null) return;
    B.fcp = fcp.startTime;
    observer.disconnect();
    changed();
    new MutationObserver(changed).observe(document, {
      childList: true,
      subtree: true,
      attributes: true,
      characterData: true,
    });
  }).observe({ type: 'paint', buffered: true });

  /**
   * Times the next `eventType` event (of key `key`, if given): resolves with `handled` (input
   * event to the end of its task, microtasks included) and `painted` (to the end of the first
   * frame in which `ready()` holds), both in ms. The key matters for shortcuts: `Ctrl+Z`
   * starts with the Control key's own keydown, a separate task before the Z's.
   */
  B.timeNext = (eventType, ready, key = null) =>
    new Promise((resolve, reject) => {
      let t0 = null;
      let handled = null;
      const timer = setTimeout(() => reject(new Error(`no ${eventType} handled in time`)), 30_000);
      const onEvent = (ev) => {
        if (t0 !== null || (key !== null && ev.key?.toLowerCase() !== key)) return;
        t0 = performance.now();
        const channel = new MessageChannel();
        channel.port1.onmessage = () => (handled = performance.now() - t0);
        channel.port2.postMessage(0);
      };
      addEventListener(eventType, onEvent, true);
      // The frame that shows the result may come before the message that ends `handled`
      // (the browser renders right after the input task), so the two are awaited apart;
      // waiting for `handled` before looking at frames would count a later frame instead.
      let painted = null;
      const finish = () => {
        if (handled === null || painted === null) {
          setTimeout(finish, 5);
          return;
        }
        clearTimeout(timer);
        removeEventListener(eventType, onEvent, true);
        resolve({ handled, painted });
      };
      const tick = () => {
        if (t0 !== null && ready()) {
          const channel = new MessageChannel();
          channel.port1.onmessage = () => {
            painted = performance.now() - t0;
            finish();
          };
          channel.port2.postMessage(0);
        } else {
          requestAnimationFrame(tick);
        }
      };
      requestAnimationFrame(tick);
    });

  /** What an action waits for (named, because the page's CSP forbids building functions). */
  B.ready = {
    titleEditorOpen: () => document.querySelector('.card__title-editor') !== null,
    gone: (id) => document.getElementById(id) === null,
  };

  /** Starts collecting frames: rAF timestamps, and each frame's main-thread work. */
  B.startFrames = () => {
    const frames = { stamps: [], work: [], on: true };
    const loop = (ts) => {
      if (!frames.on) return;
      frames.stamps.push(ts);
      const channel = new MessageChannel();
      channel.port1.onmessage = () => frames.work.push(performance.now() - ts);
      channel.port2.postMessage(0);
      requestAnimationFrame(loop);
    };
    requestAnimationFrame(loop);
    B.frames = frames;
  };
  B.stopFrames = () => {
    B.frames.on = false;
    const s = B.frames.stamps;
    return { intervals: s.slice(1).map((t, i) => t - s[i]), work: B.frames.work };
  };
}
