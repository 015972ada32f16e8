// The workshop server (y-sweet) for tests: start it on a loopback port with a data folder,
// stop it, restart it on the same port and folder. Used by scripts/test (as a command line),
// by the workshop tests in this folder and by the browser tests (imported).
//
// In a test:
//
//   import { workshopServer } from '../workshop/server.mjs';
//   const server = await workshopServer();   // the suite's server, or one of its own
//   server.url                               // 'ws://127.0.0.1:18080'
//   await server.stop(); await server.start(); // or: await server.restart()
//   await server.close();                    // at the end: stops it only if it started it
//
// Under scripts/test the suite's server is described by STAGELINE_WORKSHOP_URL (the address),
// STAGELINE_WORKSHOP_PIDFILE (holding its process ID), STAGELINE_WORKSHOP_DATA (its folder)
// and STAGELINE_WORKSHOP_BIN (the binary); `stop`/`start` act on that very server and keep
// the pid file current, so the script's exit trap stops whichever process runs last.
// Run by hand (no STAGELINE_WORKSHOP_PIDFILE), `workshopServer()` starts its own server
// with a fresh temporary folder on the port the build under test allows: the port of the
// `stageline-workshop-server` meta tag of $STAGELINE_DIST/index.html, else
// STAGELINE_WORKSHOP_PORT, else 18080 (scripts/test builds the app for that port).
//
// The command line (scripts/test uses it):
//   node tests/workshop/server.mjs start --port P --dir D --pidfile F [--log L] [--bin B]
//   node tests/workshop/server.mjs stop --pidfile F

import { spawn } from 'node:child_process';
import { mkdtempSync, openSync, readFileSync, writeFileSync, existsSync, closeSync } from 'node:fs';
import { request } from 'node:http';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

const ROOT = resolve(new URL('../..', import.meta.url).pathname);

/** The fixed loopback port the test build allows when nothing else says (see README). */
export const DEFAULT_TEST_PORT = 18080;

/** The y-sweet binary: STAGELINE_WORKSHOP_BIN, else the one scripts/workshop-server installs. */
export function workshopBinary() {
  return process.env.STAGELINE_WORKSHOP_BIN ?? join(ROOT, 'target/tools/bin/y-sweet');
}

/**
 * The port to run a test server on: the one the build in $STAGELINE_DIST was made for (its
 * `stageline-workshop-server` meta tag, which must name 127.0.0.1), else
 * STAGELINE_WORKSHOP_PORT, else DEFAULT_TEST_PORT.
 */
export function testPort() {
  const dist = process.env.STAGELINE_DIST;
  if (dist && existsSync(join(dist, 'index.html'))) {
    const html = readFileSync(join(dist, 'index.html'), 'utf8');
    const m = html.match(/<meta\s+name="stageline-workshop-server"\s+content="([^"]*)"/);
    if (m) {
      const url = new URL(m[1]);
      if (url.hostname !== '127.0.0.1') {
        throw new Error(`the build in ${dist} expects the workshop server ${m[1]}, not a loopback one: ` +
          'build the tests with STAGELINE_WORKSHOP_SERVER=ws://127.0.0.1:<port>');
      }
      return Number(url.port || 80);
    }
  }
  return Number(process.env.STAGELINE_WORKSHOP_PORT ?? DEFAULT_TEST_PORT);
}

/** The arguments y-sweet runs with: open (no --auth, as in a workshop on one machine). */
export function serverArgs(port, dir, checkpointSeconds = 1) {
  // Tests checkpoint every second (y-sweet's default is 10 s), so even a killed server loses
  // at most 1 s of edits.
  return ['serve', dir, '--host', '127.0.0.1', '--port', String(port), '--checkpoint-freq-seconds', String(checkpointSeconds)];
}

function sleep(ms) {
  return new Promise((ok) => setTimeout(ok, ms));
}

/** Whether the server on `port` answers GET /ready with 200. */
export function isReady(port) {
  return new Promise((ok) => {
    const req = request({ host: '127.0.0.1', port, path: '/ready', timeout: 1000 }, (res) => {
      res.resume();
      ok(res.statusCode === 200);
    });
    req.on('error', () => ok(false));
    req.on('timeout', () => {
      req.destroy();
      ok(false);
    });
    req.end();
  });
}

function alive(pid) {
  try {
    process.kill(pid, 0);
  } catch {
    return false;
  }
  // A child that exited but was not reaped yet still answers signal 0.
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return !/^\d+ \(.*\) Z/.test(stat);
  } catch {
    return false;
  }
}

/**
 * Starts y-sweet on 127.0.0.1:`port` persisting to `dir`, detached (it outlives this process
 * until stopped), and resolves with its process ID once it answers /ready (at most 15 s).
 */
export async function startWorkshop({ port, dir, bin = workshopBinary(), log, pidfile, checkpointSeconds } = {}) {
  if (!existsSync(bin)) {
    throw new Error(`no workshop server at ${bin}: run scripts/workshop-server once (it installs y-sweet)`);
  }
  if (await isReady(port)) {
    throw new Error(`something already answers on 127.0.0.1:${port}: stop it or choose another port`);
  }
  const out = log ? openSync(log, 'a') : 'ignore';
  const child = spawn(bin, serverArgs(port, dir, checkpointSeconds), {
    detached: true,
    stdio: ['ignore', out, out],
    env: { ...process.env, RUST_LOG: process.env.RUST_LOG ?? 'warn' },
  });
  if (typeof out === 'number') closeSync(out);
  let exited = null;
  child.on('exit', (code, signal) => {
    exited = { code, signal };
  });
  child.unref();
  if (pidfile) writeFileSync(pidfile, `${child.pid}\n`);
  const deadline = Date.now() + 15000;
  while (!(await isReady(port))) {
    if (exited) throw new Error(`y-sweet exited at start (${JSON.stringify(exited)}); see ${log ?? 'its output'}`);
    if (Date.now() > deadline) throw new Error(`y-sweet did not answer on port ${port} within 15 s`);
    await sleep(50);
  }
  return child.pid;
}

/**
 * Stops the server with process ID `pid` as Ctrl+C does (SIGINT: y-sweet then writes every
 * document to its folder and exits), waiting at most 10 s before killing it outright.
 */
export async function stopWorkshop(pid) {
  if (!pid || !alive(pid)) return;
  process.kill(pid, 'SIGINT');
  const deadline = Date.now() + 10000;
  while (alive(pid)) {
    if (Date.now() > deadline) {
      process.kill(pid, 'SIGKILL');
      break;
    }
    await sleep(25);
  }
  while (alive(pid)) await sleep(25);
}

/** A free loopback port (for tests and benchmarks that need no particular one). */
export function freePort() {
  return new Promise((ok, fail) => {
    const s = createServer();
    s.once('error', fail);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address();
      s.close(() => ok(port));
    });
  });
}

/**
 * A handle on a workshop server for a test: the suite's (under scripts/test) or, run by hand,
 * one started now with a fresh folder, on the port the build under test allows (see
 * testPort), or with `{ anyPort: true }` (tests without a browser) on any free port. A server
 * the handle started is stopped by `close()`, and at the latest when this process exits.
 * `url` is the address the app is given.
 */
export async function workshopServer({ anyPort = false } = {}) {
  const pidfile = process.env.STAGELINE_WORKSHOP_PIDFILE;
  if (pidfile && process.env.STAGELINE_WORKSHOP_URL) {
    const url = new URL(process.env.STAGELINE_WORKSHOP_URL);
    return handle({
      port: Number(url.port),
      dir: process.env.STAGELINE_WORKSHOP_DATA,
      log: process.env.STAGELINE_WORKSHOP_LOG,
      pidfile,
      owned: false,
    });
  }
  const port = anyPort ? await freePort() : testPort();
  const dir = mkdtempSync(join(tmpdir(), 'stageline-workshop-'));
  const h = handle({ port, dir, log: join(dir, '..', `${dir.split('/').pop()}.log`), pidfile: null, owned: true });
  await h.start();
  // Never outlive the test process (a test that fails before close() included).
  process.on('exit', () => {
    try {
      if (h.pid && alive(h.pid)) process.kill(h.pid, 'SIGINT');
    } catch {
      // already gone
    }
  });
  return h;
}

function handle({ port, dir, log, pidfile, owned }) {
  let pid = pidfile && existsSync(pidfile) ? Number(readFileSync(pidfile, 'utf8')) : null;
  const h = {
    url: `ws://127.0.0.1:${port}`,
    port,
    dir,
    get pid() {
      return pid;
    },
    /** Starts the server (same port, same folder) unless it runs. */
    async start() {
      if (pid && alive(pid)) return;
      pid = await startWorkshop({ port, dir, log, pidfile: pidfile ?? undefined });
    },
    /** Stops it (SIGINT, documents written to the folder first). */
    async stop() {
      await stopWorkshop(pid);
    },
    /** Kills it without warning (SIGKILL): what a crash does. */
    async kill() {
      if (pid && alive(pid)) process.kill(pid, 'SIGKILL');
      while (pid && alive(pid)) await sleep(25);
    },
    async restart() {
      await h.stop();
      await h.start();
    },
    /** At the end of a test: stops the server if this handle started it, else leaves it running. */
    async close() {
      if (owned) await h.stop();
      else await h.start();
    },
  };
  return h;
}

async function cli(argv) {
  const [command, ...rest] = argv;
  const opts = {};
  for (let i = 0; i < rest.length; i += 2) {
    if (!rest[i].startsWith('--') || rest[i + 1] === undefined) throw new Error(`bad argument ${rest[i]}`);
    opts[rest[i].slice(2)] = rest[i + 1];
  }
  if (command === 'start') {
    const pid = await startWorkshop({
      port: Number(opts.port),
      dir: opts.dir,
      log: opts.log,
      bin: opts.bin ?? workshopBinary(),
      pidfile: opts.pidfile,
    });
    console.log(`workshop server: ws://127.0.0.1:${opts.port} (pid ${pid}, data in ${opts.dir})`);
  } else if (command === 'stop') {
    if (existsSync(opts.pidfile)) await stopWorkshop(Number(readFileSync(opts.pidfile, 'utf8')));
  } else {
    throw new Error('usage: server.mjs start --port P --dir D --pidfile F [--log L] [--bin B] | stop --pidfile F');
  }
}

if (process.argv[1] && resolve(process.argv[1]) === resolve(new URL(import.meta.url).pathname)) {
  cli(process.argv.slice(2)).catch((err) => {
    console.error(`workshop server: ${err.message}`);
    process.exit(1);
  });
}
