// Places through the HTTP API: typeahead and normalisation against Debian's GeoNames cities and iso-codes
// countries. Public endpoints: no log-in needed. Needs libtimezonemap-data and iso-codes (make deps installs
// them); without them the server answers with no places and these tests fail.
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

const typeahead = (params) => anon.get(`/api/v1/places/typeahead?${new URLSearchParams(params)}`);
const normalize = (q) => anon.get(`/api/v1/places/normalize?${new URLSearchParams({ q })}`);

test('typeahead: "utr" offers Utrecht, Netherlands; alternate names and "city, country" work', async () => {
  const utr = await typeahead({ q: 'utr' });
  assert.equal(utr.status, 200, utr.text);
  const labels = utr.json.items.map((i) => i.label);
  assert.ok(labels.includes('Utrecht, Netherlands'), labels.join('; '));
  assert.deepEqual(utr.json.items[0], {
    label: 'Utrecht, Netherlands', city: 'Utrecht', country: 'Netherlands', country_code: 'NL',
  });

  const hague = await typeahead({ q: 'den haa' });
  assert.equal(hague.json.items[0].label, 'The Hague, Netherlands');
  const munich = await typeahead({ q: 'München' });
  assert.equal(munich.json.items[0].label, 'Munich, Germany');
  const inBelgium = await typeahead({ q: 'br, belg', limit: '20' });
  assert.ok(inBelgium.json.items.length > 0);
  for (const item of inBelgium.json.items) assert.equal(item.country_code, 'BE', item.label);

  // A whole country is a place too: city is null.
  const nl = await typeahead({ q: 'nederla' });
  assert.deepEqual(nl.json.items[0], { label: 'Netherlands', city: null, country: 'Netherlands', country_code: 'NL' });
});

test('typeahead limits: default 8, at most 20; empty q gives no items; q over 100 characters is a 400', async () => {
  assert.equal((await typeahead({ q: 'a' })).json.items.length, 8);
  assert.equal((await typeahead({ q: 'a', limit: '20' })).json.items.length, 20);
  assert.equal((await typeahead({ q: 'a', limit: '3' })).json.items.length, 3);
  expectError(assert, await typeahead({ q: 'a', limit: '21' }), 400);
  expectError(assert, await typeahead({ q: 'a', limit: '0' }), 400);
  expectError(assert, await typeahead({ q: 'a', limit: 'x' }), 400);
  assert.deepEqual((await typeahead({ q: '' })).json, { items: [] });
  assert.deepEqual((await typeahead({ q: '   ' })).json, { items: [] });
  assert.deepEqual((await anon.get('/api/v1/places/typeahead')).json, { items: [] });

  const long = await typeahead({ q: 'a'.repeat(101) });
  expectError(assert, long, 400);
  assert.equal(long.json.error.field, 'q');
  assert.equal((await typeahead({ q: 'a'.repeat(100) })).status, 200);
  // Characters, not bytes: 100 two-byte characters are fine.
  assert.equal((await typeahead({ q: 'ü'.repeat(100) })).status, 200);
});

test('normalize: "den haag" is The Hague, with English and Dutch country names', async () => {
  const r = await normalize('den haag');
  assert.equal(r.status, 200, r.text);
  assert.deepEqual(r.json.place, {
    label: 'The Hague, Netherlands',
    city: 'The Hague',
    country: 'Netherlands',
    country_nl: 'Nederland',
    country_code: 'NL',
    geoname_id: 2747373,
  });
  assert.equal((await normalize('Bruxelles')).json.place.label, 'Brussels, Belgium');
  assert.equal((await normalize('utrecht, nl')).json.place.label, 'Utrecht, Netherlands');
  assert.equal((await normalize('Munich, Germany')).json.place.country_nl, 'Duitsland');
  const country = (await normalize('Nederland')).json.place;
  assert.equal(country.label, 'Netherlands');
  assert.equal(country.city, null);
  assert.equal(country.geoname_id, null);
});

test('normalize: an unknown place is null; q over 100 characters is a 400 naming q', async () => {
  assert.deepEqual((await normalize('Kleindorp aan de Rijn')).json, { place: null });
  assert.deepEqual((await normalize('')).json, { place: null });
  assert.deepEqual((await normalize('Amsterdam, Germany')).json, { place: null });
  const long = await normalize('x'.repeat(101));
  expectError(assert, long, 400);
  assert.equal(long.json.error.field, 'q');
  expectError(assert, await anon.get('/api/v1/places/normalize?q=%FF'), 400);
});
