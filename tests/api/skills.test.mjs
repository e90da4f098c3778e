// Skills through the HTTP API: typeahead and normalisation against the shipped taxonomy. Runs on SQLite and
// PostgreSQL (tests/run.sh). Public endpoints: no log-in needed.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, Client, expectError } from './support.mjs';

let server;
let anon;
before(async () => {
  server = await startServer();
  anon = new Client(server.base);
});
after(async () => { await server?.stop(); });

const typeahead = (params) => anon.get(`/api/v1/skills/typeahead?${new URLSearchParams(params)}`);
const normalize = (name) => anon.get(`/api/v1/skills/normalize?${new URLSearchParams({ name })}`);

test('typeahead ranks label prefixes, answers in the requested language and says what matched', async () => {
  const jav = await typeahead({ q: 'jav' });
  assert.equal(jav.status, 200, jav.text);
  assert.deepEqual(jav.json.items.slice(0, 2).map((i) => i.id), ['java', 'javascript']);
  assert.deepEqual(Object.keys(jav.json.items[0]).sort(), ['id', 'label', 'matched']);

  const js = await typeahead({ q: 'JS' });
  assert.equal(js.json.items[0].id, 'javascript');
  assert.equal(js.json.items[0].label, 'JavaScript');
  assert.equal(js.json.items[0].matched, 'JS');

  const nl = await typeahead({ q: 'verple', lang: 'nl' });
  assert.equal(nl.json.items[0].id, 'nursing');
  assert.equal(nl.json.items[0].label, 'Verpleegkunde');
  const en = await typeahead({ q: 'verpleegkunde', lang: 'en' });
  assert.equal(en.json.items[0].label, 'Nursing');
  assert.equal(en.json.items[0].matched, 'Verpleegkunde');

  const pm = await typeahead({ q: 'project-man' });
  assert.equal(pm.json.items[0].id, 'project-management');
});

test('typeahead limits: default 10, at most 25; empty q gives no items', async () => {
  assert.equal((await typeahead({ q: 'a' })).json.items.length, 10);
  assert.equal((await typeahead({ q: 'a', limit: '25' })).json.items.length, 25);
  assert.equal((await typeahead({ q: 'a', limit: '3' })).json.items.length, 3);
  assert.deepEqual((await typeahead({ q: '' })).json, { items: [] });
  assert.deepEqual((await typeahead({})).json, { items: [] });
  assert.deepEqual((await typeahead({ q: 'zzqqxx' })).json, { items: [] });
  expectError(assert, await typeahead({ q: 'a', limit: '26' }), 400);
  expectError(assert, await typeahead({ q: 'a', limit: '0' }), 400);
  expectError(assert, await typeahead({ q: 'a', limit: 'ten' }), 400);
  expectError(assert, await typeahead({ q: 'a', lang: 'de' }), 400);
});

test('typeahead rejects q over 100 characters naming the field', async () => {
  const long = await typeahead({ q: 'x'.repeat(101) });
  expectError(assert, long, 400);
  assert.equal(long.json.error.field, 'q');
  assert.equal((await typeahead({ q: 'é'.repeat(100) })).status, 200);
});

test('normalize maps aliases, spellings and Dutch labels to canonical skills; unknown stays as typed', async () => {
  const cases = [
    ['JS', 'javascript'],
    ['projectmanagement', 'project-management'],
    ['Project-management', 'project-management'],
    ['  Project Management ', 'project-management'],
    ['boekhouden', 'accounting'],
    ['Verpleegkunde', 'nursing'],
    ['Diëtetiek', 'dietetics'],
  ];
  for (const [typed, id] of cases) {
    const r = await normalize(typed);
    assert.equal(r.status, 200, r.text);
    assert.equal(r.json.skill?.id, id, typed);
    assert.equal(r.json.name, typed.trim());
  }
  const nursing = (await normalize('verpleging')).json.skill;
  assert.deepEqual(nursing, { id: 'nursing', label_en: 'Nursing', label_nl: 'Verpleegkunde' });

  const unknown = await normalize('  Kringvlechten ');
  assert.equal(unknown.status, 200);
  assert.deepEqual(unknown.json, { skill: null, name: 'Kringvlechten' });
  expectError(assert, await normalize('y'.repeat(101)), 400);
});
