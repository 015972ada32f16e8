// The page's Content-Security-Policy allows connections to this origin and the configured
// workshop server, nothing broader, and the build refuses a server address that could widen
// or break the policy (scripts/csp-hash.py, the Trunk hook that writes both).
//
//   STAGELINE_DIST=dist node --test tests/workshop/csp.test.mjs
// checks the build in $STAGELINE_DIST (default dist/); when STAGELINE_WORKSHOP_URL is set (as
// scripts/test does), the build must name exactly that server.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

const ROOT = resolve(new URL('../..', import.meta.url).pathname);
const DIST = resolve(process.env.STAGELINE_DIST ?? join(ROOT, 'dist'));
const HOOK = join(ROOT, 'scripts/csp-hash.py');

/** The policy of a page: directive name -> list of sources, in order. */
function policyOf(html) {
  const m = html.match(/<meta\s+http-equiv="Content-Security-Policy"\s+content="([^"]*)"/);
  assert.ok(m, 'the page has a Content-Security-Policy meta tag');
  const policy = new Map();
  for (const part of m[1].split(';')) {
    const [name, ...sources] = part.trim().split(/\s+/);
    if (!name) continue;
    assert.ok(!policy.has(name), `directive ${name} appears once`);
    policy.set(name, sources);
  }
  return policy;
}

function serverMeta(html) {
  const m = html.match(/<meta\s+name="stageline-workshop-server"\s+content="([^"]*)"/g);
  assert.equal(m?.length, 1, 'exactly one stageline-workshop-server meta tag');
  return m[0].match(/content="([^"]*)"/)[1];
}

/** Checks a built page's policy against index.html's: only the two placeholders differ. */
function checkBuilt(html, template, server) {
  const built = policyOf(html);
  const source = policyOf(template);
  assert.deepEqual([...built.keys()], [...source.keys()], 'the same directives as index.html');
  for (const [name, sources] of source) {
    const got = built.get(name);
    if (name === 'connect-src') {
      assert.deepEqual(got, ["'self'", server], "connect-src is exactly 'self' and the workshop server");
    } else if (name === 'script-src') {
      const fixed = sources.filter((s) => s !== "'sha256-TRUNK_LOADER_HASH'");
      assert.deepEqual(got.slice(0, fixed.length), fixed, 'script-src keeps its sources');
      for (const s of got.slice(fixed.length)) assert.match(s, /^'sha256-[A-Za-z0-9+/]{43}='$/, 'then only hashes');
    } else {
      assert.deepEqual(got, sources, `${name} is as in index.html`);
    }
  }
  for (const sources of built.values()) {
    for (const s of sources) {
      assert.ok(!s.includes('*'), `no wildcard (${s})`);
      assert.ok(!/^[a-z][a-z0-9+.-]*:$/i.test(s) || s === 'data:' || s === 'blob:', `no bare scheme (${s})`);
      assert.ok(!s.includes('__STAGELINE_WORKSHOP_SERVER__') && !s.includes('TRUNK_LOADER_HASH'), 'no placeholder left');
    }
  }
  assert.equal(serverMeta(html), server, 'the app is told the same server the policy allows');
}

const TEMPLATE = readFileSync(join(ROOT, 'index.html'), 'utf8');

test('the built page allows connections to itself and the workshop server only', { skip: !existsSync(join(DIST, 'index.html')) && `no build in ${DIST}` }, () => {
  const html = readFileSync(join(DIST, 'index.html'), 'utf8');
  const server = serverMeta(html);
  if (process.env.STAGELINE_WORKSHOP_URL) {
    assert.equal(server, process.env.STAGELINE_WORKSHOP_URL, 'built for the test server scripts/test runs');
  }
  assert.match(server, /^wss?:\/\/[^/]+$/);
  checkBuilt(html, TEMPLATE, server);
});

/** Runs the hook on a copy of index.html with a Trunk-like loader; returns [status, html, stderr]. */
function runHook(server) {
  const dir = mkdtempSync(join(tmpdir(), 'stageline-csp-'));
  const page = TEMPLATE.replace('</body>', '<script type="module">import init from "/app.js"; init();</script></body>');
  writeFileSync(join(dir, 'index.html'), page);
  const env = { ...process.env, TRUNK_STAGING_DIR: dir };
  if (server === undefined) delete env.STAGELINE_WORKSHOP_SERVER;
  else env.STAGELINE_WORKSHOP_SERVER = server;
  const run = spawnSync('python3', [HOOK], { env, encoding: 'utf8' });
  return [run.status, readFileSync(join(dir, 'index.html'), 'utf8'), run.stderr, page];
}

test('the build writes the configured server into the policy and the meta tag', () => {
  for (const [given, expected] of [
    [undefined, 'ws://127.0.0.1:8081'],
    ['ws://127.0.0.1:18080', 'ws://127.0.0.1:18080'],
    ['wss://Workshop.Example.org/', 'wss://workshop.example.org'],
    ['wss://workshop.example.org:8443', 'wss://workshop.example.org:8443'],
    ['ws://[::1]:8080', 'ws://[::1]:8080'],
  ]) {
    const [status, html, stderr] = runHook(given);
    assert.equal(status, 0, `${given}: ${stderr}`);
    checkBuilt(html, TEMPLATE, expected);
  }
});

test('the build refuses a server address that could widen or break the policy', () => {
  for (const hostile of [
    'ws://*',
    'ws://*.example.org',
    'ws:',
    'wss:',
    'https://example.org',
    'ws://example.org/path',
    'ws://example.org/d/room/ws/room',
    'ws://example.org?x=1',
    'ws://example.org#x',
    'ws://user:pw@example.org',
    "ws://example.org 'unsafe-inline'",
    'ws://example.org; script-src *',
    'ws://example.org, ws://evil.org',
    'ws://exa"mple.org',
    'ws://exa mple.org',
    'ws://example.org:0',
    'ws://example.org:65536',
    'ws://256.1.1.1',
    'ws://-example.org',
    'ws://[::1',
    'ws://[not:an:ip]',
    'example.org',
    ' ',
  ]) {
    const [status, html, stderr, page] = runHook(hostile);
    assert.notEqual(status, 0, `refused: ${hostile}`);
    assert.match(stderr, /STAGELINE_WORKSHOP_SERVER/, `the message names the variable (${hostile})`);
    assert.equal(html, page, `the page is left as it was (${hostile})`);
  }
});

test('a page without the server placeholders fails the build', () => {
  const dir = mkdtempSync(join(tmpdir(), 'stageline-csp-'));
  writeFileSync(join(dir, 'index.html'), TEMPLATE.replaceAll('__STAGELINE_WORKSHOP_SERVER__', 'ws://x'));
  const run = spawnSync('python3', [HOOK], { env: { ...process.env, TRUNK_STAGING_DIR: dir }, encoding: 'utf8' });
  assert.notEqual(run.status, 0);
  assert.match(run.stderr, /__STAGELINE_WORKSHOP_SERVER__ found 0 times/);
});

test('csp-hash.py --check gives the address as the page will hold it', () => {
  assert.equal(execFileSync('python3', [HOOK, '--check', 'WS://LocalHost:8080/'], { encoding: 'utf8' }).trim(), 'ws://localhost:8080');
  assert.notEqual(spawnSync('python3', [HOOK, '--check', 'ws://x/y']).status, 0);
});
