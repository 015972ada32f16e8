// The published JSON Schema and the file format (issue 19).
//
// The schema validates out of the box in the two validators teams use most: Ajv (draft
// 2020-12, default strict mode, with ajv-formats) and Python's jsonschema (Draft202012Validator
// with a FormatChecker, via tests/schema/validate.py in the venv scripts/lib/setup.sh makes).
// Both accept every shipped example and every valid fixture of the current schema version,
// and reject documents the format forbids. These tests need no browser.
//
// Then, in the browser: a file another tool wrote keeps its content, but Stageline writes its
// own `generator` when it stores or exports it.
//
// STAGELINE_SCHEMA points the validator tests at another schema file (e.g. an older one, to
// see them fail); STAGELINE_PYTHON at another Python with jsonschema installed.

import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import Ajv2020 from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import { withBrowser, openApp, storedDoc, until } from './support.mjs';

const ROOT = new URL('../..', import.meta.url).pathname;
const SCHEMA = process.env.STAGELINE_SCHEMA ?? join(ROOT, 'public/schema/blueprint.schema.json');
const PYTHON = process.env.STAGELINE_PYTHON ?? join(ROOT, 'target/py/bin/python');

/** Every `*.json` document in a folder of the repository, by file name (no index.json). */
function documentsIn(dir) {
  return Object.fromEntries(readdirSync(join(ROOT, dir))
    .filter((f) => f.endsWith('.json') && f !== 'index.json')
    .sort()
    .map((f) => [`${dir}/${f}`, JSON.parse(readFileSync(join(ROOT, dir, f), 'utf8'))]));
}

/** The schema version the committed schema describes (its `SchemaVersion` constant). */
const CURRENT_VERSION = JSON.parse(readFileSync(SCHEMA, 'utf8')).$defs.SchemaVersion.const;

/**
 * An older document as the migrations make it: every step so far (1 → 2) only adds optional
 * fields, so that is the document with the current version stamped.
 */
function migrated(docs) {
  return Object.fromEntries(Object.entries(docs)
    .map(([name, doc]) => [name, { ...doc, schema_version: CURRENT_VERSION }]));
}

const VALID = {
  ...documentsIn('public/examples'),
  ...migrated(documentsIn('schema/tests/fixtures/v1')),
  ...migrated(documentsIn('schema/tests/fixtures/migrations')),
};

const BASE = {
  format: 'stageline.blueprint',
  schema_version: CURRENT_VERSION,
  id: 'bp_x',
  stages: [{ id: 'st_1', name: 'Arrival' }],
  lanes: [{ id: 'ln_1', kind: 'customer', name: 'Customer actions' }],
  cards: [{ id: 'cd_1', lane: 'ln_1', stage: 'st_1', kind: 'action', title: 'Check in' }],
};

/** BASE with `change` applied to a deep copy. */
function variant(change) {
  const doc = structuredClone(BASE);
  change(doc);
  return doc;
}

/** Documents the format forbids, each with what is wrong. */
const INVALID = {
  'emotion as a string': variant((d) => { d.cards[0].emotion = '7'; }),
  'emotion out of range': variant((d) => { d.cards[0].emotion = 7; }),
  'missing stages': variant((d) => { delete d.stages; }),
  'missing lanes': variant((d) => { delete d.lanes; }),
  'another format': variant((d) => { d.format = 'other'; }),
  'a newer schema version': variant((d) => { d.schema_version = CURRENT_VERSION + 1; }),
  'an older schema version (it is migrated, not valid as it is)': variant((d) => { d.schema_version = 1; }),
  'an unknown blueprint kind': variant((d) => { d.metadata = { kind: 'as-is' }; }),
  'a derived_from with a bad ID': variant((d) => { d.metadata = { derived_from: { blueprint: 'bad id', title: 'x' } }; }),
  'an ID with a space': variant((d) => { d.id = 'bad id'; }),
  'a negative duration': variant((d) => { d.cards[0].typical_duration_secs = -5; }),
  'a fractional duration': variant((d) => { d.cards[0].wait_before_secs = 1.5; }),
  'a KPI value as text': variant((d) => { d.cards[0].kpis = [{ name: 'NPS', value: 'high' }]; }),
  'a javascript: link': variant((d) => { d.cards[0].links = [{ label: 'x', url: 'javascript:alert(1)' }]; }),
  'a timestamp that is not one': variant((d) => { d.metadata = { created: 'yesterday' }; }),
  'an unknown card kind': variant((d) => { d.cards[0].kind = 'sticker'; }),
};

test('the schema compiles in Ajv 2020-12 in its default strict mode, with ajv-formats', () => {
  const schema = JSON.parse(readFileSync(SCHEMA, 'utf8'));
  const complaints = [];
  const logger = { log() {}, warn: (...m) => complaints.push(m.join(' ')), error: (...m) => complaints.push(m.join(' ')) };
  const ajv = new Ajv2020({ allErrors: true, logger });
  addFormats(ajv);
  const validate = ajv.compile(schema);
  assert.deepEqual(complaints, [], 'strict mode has nothing to say about the schema');
  assert.ok(Object.keys(VALID).length >= 5, Object.keys(VALID).join(', '));
  for (const [name, doc] of Object.entries(VALID)) {
    assert.ok(validate(doc), `${name}: ${ajv.errorsText(validate.errors)}`);
  }
  assert.ok(validate(BASE), ajv.errorsText(validate.errors));
  for (const [name, doc] of Object.entries(INVALID)) {
    assert.equal(validate(doc), false, `Ajv accepts ${name}`);
  }
});

test("the schema is usable as it is in Python's jsonschema (Draft202012Validator, FormatChecker)", () => {
  assert.ok(existsSync(PYTHON), `no ${PYTHON}: run scripts/test (setup.sh makes the venv), or set STAGELINE_PYTHON`);
  const documents = { ...VALID, base: BASE, ...INVALID };
  const out = execFileSync(PYTHON, [join(ROOT, 'tests/schema/validate.py')], {
    input: JSON.stringify({ schema: SCHEMA, documents }),
    encoding: 'utf8',
    timeout: 60_000,
  });
  const { schema_errors: schemaErrors, results } = JSON.parse(out);
  assert.deepEqual(schemaErrors, [], 'the schema uses only what the validator knows');
  for (const name of [...Object.keys(VALID), 'base']) {
    assert.deepEqual(results[name], [], `${name} is valid`);
  }
  for (const name of Object.keys(INVALID)) {
    assert.ok(results[name]?.length > 0, `Python accepts ${name}`);
  }
});

describe('in the browser', () => {
  const env = withBrowser();

  test("a file from another tool is stored and exported with Stageline's generator", async () => {
    const { context, page, problems } = await openApp(env.browser, env.server.url, {
      contextOptions: { viewport: { width: 1400, height: 900 }, acceptDownloads: true },
    });
    const foreign = variant((d) => {
      d.id = 'bp_foreign';
      d.generator = { name: 'OtherTool', version: '9.9' };
      d.metadata = { title: 'Made elsewhere' };
    });
    await page.evaluate((text) => {
      const data = new DataTransfer();
      data.setData('text/plain', text);
      document.body.dispatchEvent(new ClipboardEvent('paste', { clipboardData: data, bubbles: true }));
    }, JSON.stringify(foreign));
    await until(async () => (await page.evaluate(() => location.hash)) === '#/b/bp_foreign', { message: 'the pasted blueprint opened' });
    await page.getByRole('grid', { name: 'Service blueprint' }).waitFor();
    const stored = await until(async () => {
      const doc = await storedDoc(page);
      return doc.id === 'bp_foreign' && doc;
    }, { message: 'the pasted blueprint stored' });
    assert.equal(stored.generator.name, 'Stageline', JSON.stringify(stored.generator));
    assert.equal(stored.cards[0].title, 'Check in');

    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('button', { name: 'Download JSON' }).first().click(),
    ]);
    const exported = JSON.parse(await readFile(await download.path(), 'utf8'));
    assert.equal(exported.id, 'bp_foreign');
    assert.equal(exported.generator.name, 'Stageline', JSON.stringify(exported.generator));
    assert.match(exported.generator.version, /^\d+\.\d+\.\d+/);
    assert.deepEqual(exported.cards, stored.cards);
    assert.deepEqual(problems(), []);
    await context.close();
  });
});
