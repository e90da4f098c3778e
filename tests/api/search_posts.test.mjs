// Post search through the HTTP API (issue 6): only posts visible to anyone by members who opted in to
// searchable posts (member_settings.searchable_posts, off by default); connections-only posts never match;
// edits and deletions follow; blocks hide; paging returns every match exactly once; bad input is a 400.
// Runs on SQLite and PostgreSQL (KRING_TEST_BACKEND=postgres under tests/support/with-postgres.sh).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, Client, expectError } from './support.mjs';

let server;
before(async () => { server = await startServer(); });
after(async () => { await server?.stop(); });

async function member(fields) {
  const c = new Client(server.base);
  await c.signup(fields);
  return c;
}
async function optIn(c, on = true) {
  const r = await c.patch('/api/v1/members/me/settings', { searchable_posts: on });
  assert.equal(r.status, 200, r.text);
}
async function post(c, body) {
  const r = await c.post('/api/v1/posts', body);
  assert.equal(r.status, 201, r.text);
  return r.json.post;
}
const search = (c, params) => c.get('/api/v1/search/posts?' + new URLSearchParams(params));
const ids = (r) => r.json.items.map((i) => i.post.id);

test('only opted-in authors, in the contract shape, with stemming and folding', async () => {
  const author = await member();
  const viewer = await member();
  const p = await post(author, { text: 'Onze zoekmachines draaien op Xapian, café-vriendelijk #kringzoek' });
  // Off by default: nothing matches.
  let r = await search(viewer, { q: 'xapian' });
  assert.equal(r.status, 200, r.text);
  assert.deepEqual(r.json.items, []);
  assert.equal(r.json.next_cursor, null);
  // Opting in indexes the posts already written.
  await optIn(author);
  r = await search(viewer, { q: 'xapian' });
  assert.deepEqual(ids(r), [p.id]);
  const item = r.json.items[0];
  const direct = await viewer.get(`/api/v1/posts/${p.id}`);
  assert.equal(direct.status, 200);
  assert.deepEqual(item.post, direct.json.post);
  assert.ok(Array.isArray(item.why) && item.why.some((w) => w.type === 'text'));
  // Dutch stemming (zoekmachines -> zoekmachine) and diacritics folding (cafe -> café).
  assert.deepEqual(ids(await search(viewer, { q: 'zoekmachine' })), [p.id]);
  assert.deepEqual(ids(await search(viewer, { q: 'cafe' })), [p.id]);
  // Opting out removes them again.
  await optIn(author, false);
  assert.deepEqual(ids(await search(viewer, { q: 'xapian' })), []);
});

test('connections-only posts never match, not even for connections or the author', async () => {
  const author = await member();
  const friend = await member();
  await optIn(author);
  const inv = await author.post('/api/v1/invitations', { to: friend.member.handle, note: 'Hallo' });
  assert.equal(inv.status, 201, inv.text);
  assert.equal((await friend.post(`/api/v1/invitations/${inv.json.invitation.id}/accept`)).status, 200);
  await post(author, { text: 'Vertrouwelijk plannetje quokkaplan', visibility: 'connections' });
  const open = await post(author, { text: 'Openbaar quokkaplan' });
  for (const c of [friend, author]) assert.deepEqual(ids(await search(c, { q: 'quokkaplan' })), [open.id]);
});

test('edits and deletions follow; blocked authors never match', async () => {
  const author = await member();
  const viewer = await member();
  await optIn(author);
  const p = await post(author, { text: 'Eerste versie over wombats' });
  assert.deepEqual(ids(await search(viewer, { q: 'wombats' })), [p.id]);
  assert.equal((await author.patch(`/api/v1/posts/${p.id}`, { text: 'Tweede versie over numbats' })).status, 200);
  assert.deepEqual(ids(await search(viewer, { q: 'wombats' })), []);
  assert.deepEqual(ids(await search(viewer, { q: 'numbats' })), [p.id]);
  assert.ok((await viewer.request('PUT', `/api/v1/members/${author.member.handle}/block`)).status < 300);
  assert.deepEqual(ids(await search(viewer, { q: 'numbats' })), []);
  const other = await member();
  assert.deepEqual(ids(await search(other, { q: 'numbats' })), [p.id]);
  assert.ok((await author.del(`/api/v1/posts/${p.id}`)).status < 300);
  assert.deepEqual(ids(await search(other, { q: 'numbats' })), []);
});

test('paging returns every match exactly once', async () => {
  const author = await member();
  const viewer = await member();
  await optIn(author);
  const made = new Set();
  for (let i = 0; i < 7; i++) made.add((await post(author, { text: `Pagineren test ${i} ${'platypus '.repeat(i + 1)}` })).id);
  const seen = [];
  let cursor = null;
  for (let pages = 0; pages < 10; pages++) {
    const params = { q: 'platypus', limit: '3' };
    if (cursor) params.cursor = cursor;
    const r = await search(viewer, params);
    assert.equal(r.status, 200, r.text);
    assert.ok(r.json.items.length <= 3);
    seen.push(...ids(r));
    cursor = r.json.next_cursor;
    if (!cursor) break;
  }
  assert.equal(seen.length, made.size);
  assert.deepEqual(new Set(seen), made);
  // A cursor continues only its own query.
  const first = await search(viewer, { q: 'platypus', limit: '3' });
  expectError(assert, await search(viewer, { q: 'pagineren', limit: '3', cursor: first.json.next_cursor }), 400);
});

test('bad input: 400s, empty queries, operators, login required', async () => {
  const viewer = await member();
  const empty = await search(viewer, { q: '' });
  assert.equal(empty.status, 200);
  assert.deepEqual(empty.json.items, []);
  assert.deepEqual((await search(viewer, {})).json.items, []);
  expectError(assert, await search(viewer, { q: 'x'.repeat(1001) }), 400);
  expectError(assert, await search(viewer, { q: 'x', limit: '0' }), 400);
  expectError(assert, await search(viewer, { q: 'x', limit: '51' }), 400);
  expectError(assert, await search(viewer, { q: 'x', limit: '100000' }), 400);
  expectError(assert, await search(viewer, { q: 'x', cursor: 'garbage' }), 400);
  const first = await search(viewer, { q: 'x', limit: '1' });
  assert.equal(first.status, 200);
  expectError(assert, await search(viewer, { q: 'x', colour: 'blue' }), 400);
  for (const q of ['AND OR NOT', '"unterminated', 'title:foo*', '((((', '-', 'NEAR/3 a']) {
    const r = await search(viewer, { q });
    assert.equal(r.status, 200, `${q}: ${r.text}`);
  }
  const anonymous = new Client(server.base);
  assert.equal((await search(anonymous, { q: 'x' })).status, 401);
});

test('tampered cursors are rejected', async () => {
  const author = await member();
  const viewer = await member();
  await optIn(author);
  for (let i = 0; i < 3; i++) await post(author, { text: `Cursorproef echidna ${i}` });
  const r = await search(viewer, { q: 'echidna', limit: '1' });
  assert.ok(r.json.next_cursor);
  const c = r.json.next_cursor;
  const tampered = c.slice(0, -2) + (c.at(-2) === 'A' ? 'B' : 'A') + c.slice(-1);
  expectError(assert, await search(viewer, { q: 'echidna', limit: '1', cursor: tampered }), 400);
});

test('a deleted member\'s posts disappear', async () => {
  const author = await member();
  const viewer = await member();
  await optIn(author);
  const p = await post(author, { text: 'Afscheid van de bilby' });
  assert.deepEqual(ids(await search(viewer, { q: 'bilby' })), [p.id]);
  assert.equal((await author.del('/api/v1/members/me', { password: author.password })).status, 204);
  assert.deepEqual(ids(await search(viewer, { q: 'bilby' })), []);
});
