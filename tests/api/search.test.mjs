// People search and typeahead through the HTTP API: the contract shape, filters (company_country with
// started_before, skills, names, max_degree), paging, visibility, blocks and bad input. Runs on both backends.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { startServer, freshDatabase, kringCli, Client, expectError, BACKEND } from './support.mjs';

let server;
// Company pages exist only through seeds and imports: insert a few before the server starts.
before(async () => {
  const db = freshDatabase();
  kringCli(['migrate', '--db', db.url]);
  const sql = "INSERT INTO companies (handle, name, country, city, created_at) VALUES " +
    "('zoeklicht', 'Zoeklicht BV', 'Netherlands', 'Utrecht', 0), " +
    "('isarwerke', 'Isarwerke GmbH', 'Germany', 'Munich', 0), " +
    "('zoekhaven', 'Zoekhaven', 'NL', 'Rotterdam', 0); " +
    "INSERT INTO schools (handle, name, country, city, created_at) VALUES ('zoekschool', 'Zoekschool Delft', 'Netherlands', 'Delft', 0)";
  if (BACKEND === 'postgres') execFileSync('psql', [db.url, '-qAtc', sql]);
  else execFileSync('sqlite3', [db.url.replace(/^sqlite:/, ''), sql]);
  server = await startServer({ db });
  await makeWorld();
});
after(async () => { await server?.stop(); });

async function member({ headline, ...fields } = {}) {
  const c = new Client(server.base);
  await c.signup(fields);
  if (headline) {
    const r = await c.patch('/api/v1/members/me', { headline });
    assert.equal(r.status, 200, r.text);
  }
  return c;
}
async function connect(a, b) {
  const inv = await a.post('/api/v1/invitations', { to: b.member.handle, note: 'We met at the meetup' });
  assert.equal(inv.status, 201, inv.text);
  assert.equal((await b.post(`/api/v1/invitations/${inv.json.invitation.id}/accept`)).status, 200);
}
const put = (c, p, body) => c.request('PUT', p, body);
async function work(c, company, title, from, to) {
  const body = { company, title, start: { year: from } };
  if (to) body.end = { year: to };
  const r = await c.post('/api/v1/members/me/positions', body);
  assert.equal(r.status, 201, r.text);
}
const search = (c, params) => c.get('/api/v1/search/people?' + new URLSearchParams(params));
const handles = (r) => r.json.items.map((i) => i.member.handle);

// One small world shared by the tests: a unique word keeps each test's matches apart.
let viewer, nl2015, nl2021, de2010, friend;
async function makeWorld() {
  viewer = await member({ first_name: 'Vera', last_name: 'Zoeker' });
  nl2015 = await member({ first_name: 'Jan', last_name: 'de Vries', headline: 'Zoekmachine engineer' });
  nl2021 = await member({ first_name: 'Janneke', last_name: 'Vries', headline: 'Zoekmachine engineer' });
  de2010 = await member({ first_name: 'Jürgen', last_name: 'Müller', headline: 'Zoekmachine consultant' });
  friend = await member({ first_name: 'Fay', last_name: 'Vriendelijk', headline: 'Zoekmachine engineer' });
  await work(nl2015, { handle: 'zoeklicht' }, 'Search engineer', 2015);
  await work(nl2015, { handle: 'isarwerke' }, 'Engineer', 2008, 2014);
  await work(nl2021, { handle: 'zoekhaven' }, 'Search engineer', 2021);
  await work(de2010, { handle: 'isarwerke' }, 'Consultant', 2010);
  await work(de2010, 'Freelance Zoek', 'Owner', 2005);
  await put(nl2015, '/api/v1/members/me/skills', { skills: ['Python', 'SQL'] });
  await put(nl2021, '/api/v1/members/me/skills', { skills: ['Python'] });
  await connect(viewer, friend);
  await connect(friend, nl2015);
}

test('people search answers in the contract shape', async () => {
  const r = await search(viewer, { q: 'zoekmachine' });
  assert.equal(r.status, 200, r.text);
  assert.equal(r.json.items.length, 4);
  assert.ok('next_cursor' in r.json);
  assert.equal(r.json.next_cursor, null);
  assert.equal(typeof r.json.facets, 'object');
  for (const item of r.json.items) {
    assert.deepEqual(Object.keys(item.member).sort(), ['first_name', 'handle', 'headline', 'last_name']);
    assert.ok(item.degree === null || [1, 2, 3].includes(item.degree));
    assert.ok(Array.isArray(item.positions));
    assert.ok(Array.isArray(item.why) && item.why.length > 0);
    for (const p of item.positions) {
      assert.deepEqual(Object.keys(p).sort(), ['company', 'current', 'start_year', 'title']);
      assert.deepEqual(Object.keys(p.company).sort(), ['country', 'handle', 'name']);
      assert.equal(p.current, true);  // without country filters: current positions
    }
  }
  // Network proximity: the 1st-degree friend, then the 2nd-degree Jan, with equal text.
  assert.deepEqual(handles(r).slice(0, 2), [friend.member.handle, nl2015.member.handle]);
  assert.equal(r.json.items[0].degree, 1);
  assert.equal(r.json.items[1].degree, 2);
  assert.ok(r.json.items[0].why.some((w) => w.type === 'text' && w.fields.includes('headline')));
  assert.ok(r.json.items[0].why.some((w) => w.type === 'degree' && w.degree === 1));
  const jan = r.json.items[1];
  assert.deepEqual(jan.positions, [{ company: { handle: 'zoeklicht', name: 'Zoeklicht BV', country: 'Netherlands' },
    title: 'Search engineer', start_year: 2015, current: true }]);
  assert.ok(r.json.facets.current_company.some((f) => f.value === 'isarwerke' && f.count === 1));
});

test('company_country with started_before selects current positions there, and lists exactly those', async () => {
  for (const cc of ['Netherlands', 'netherlands', 'NL', 'nl']) {
    const r = await search(viewer, { company_country: cc, started_before: '2020' });
    assert.equal(r.status, 200, r.text);
    assert.deepEqual(handles(r), [nl2015.member.handle], cc);
    assert.deepEqual(r.json.items[0].positions.map((p) => p.company.handle), ['zoeklicht']);
  }
  const later = await search(viewer, { company_country: 'NL', started_before: '2022' });
  assert.deepEqual(handles(later).sort(), [nl2015.member.handle, nl2021.member.handle].sort());
  // Jan worked in Germany, but not currently: only Jürgen, with his German position (not the freelance one).
  const de = await search(viewer, { company_country: 'Germany' });
  assert.deepEqual(handles(de), [de2010.member.handle]);
  assert.deepEqual(de.json.items[0].positions.map((p) => p.company.handle), ['isarwerke']);
  assert.equal((await search(viewer, { company_country: 'DE', started_before: '2010' })).json.items.length, 0);
});

test('names, skills, companies, degree and diacritics', async () => {
  assert.deepEqual(handles(await search(viewer, { first_name: 'jan' })), [nl2015.member.handle]);
  assert.deepEqual(handles(await search(viewer, { last_name: 'DE VRIES' })), [nl2015.member.handle]);
  assert.deepEqual(handles(await search(viewer, { q: 'jurgen muller' })), [de2010.member.handle]);
  const both = await search(viewer, { skill: 'python' });
  assert.equal(both.json.items.length, 2);
  const all = await search(viewer, new URLSearchParams([['skill', 'python'], ['skill', 'sql']]));
  assert.deepEqual(handles(all), [nl2015.member.handle]);
  assert.ok(all.json.items[0].why.some((w) => w.type === 'skill' && w.skill && typeof w.endorsements === 'number'));
  assert.deepEqual(handles(await search(viewer, { current_company: 'isarwerke' })), [de2010.member.handle]);
  assert.deepEqual(handles(await search(viewer, { past_company: 'isarwerke' })), [nl2015.member.handle]);
  const d1 = await search(viewer, { q: 'zoekmachine', max_degree: '1' });
  assert.deepEqual(handles(d1), [friend.member.handle]);
  const d2 = await search(viewer, { q: 'zoekmachine', max_degree: '2' });
  assert.deepEqual(handles(d2), [friend.member.handle, nl2015.member.handle]);
  assert.deepEqual(d2.json.items.map((i) => i.degree), [1, 2]);
});

test('paging returns every match exactly once', async () => {
  const word = 'pagina' + Date.now().toString(36);
  const made = new Set();
  for (let i = 0; i < 7; i++) made.add((await member({ first_name: 'P' + i, last_name: 'Pager', headline: `${word} tester` })).member.handle);
  const seen = [];
  let cursor;
  let pages = 0;
  do {
    const params = { q: word, limit: '3' };
    if (cursor) params.cursor = cursor;
    const r = await search(viewer, params);
    assert.equal(r.status, 200, r.text);
    seen.push(...handles(r));
    cursor = r.json.next_cursor;
    pages++;
  } while (cursor && pages < 10);
  assert.equal(pages, 3);
  assert.equal(seen.length, 7);
  assert.deepEqual(new Set(seen), made);
});

test('hidden sections and blocks do not match', async () => {
  const owner = await member({ first_name: 'Olga', last_name: 'Geheim', headline: 'Analist' });
  const stranger = await member();
  await put(owner, '/api/v1/members/me/skills', { skills: ['Fortran'] });
  assert.equal((await search(stranger, { skill: 'fortran' })).json.items.length, 1);
  assert.equal((await put(owner, '/api/v1/members/me/visibility', { skills: 'connections' })).status, 200);
  assert.equal((await search(stranger, { skill: 'fortran' })).json.items.length, 0);
  assert.equal((await search(stranger, { q: 'fortran' })).json.items.length, 0);
  assert.equal((await search(stranger, { q: 'geheim' })).json.items.length, 1);
  assert.equal((await stranger.request('PUT', `/api/v1/members/${owner.member.handle}/block`)).status < 300, true);
  assert.equal((await search(stranger, { q: 'geheim' })).json.items.length, 0);
  assert.equal((await search(owner, { last_name: stranger.member.last_name })).json.items.length, 0);
});

test('bad input is a clear 400, never a 500', async () => {
  expectError(assert, await search(viewer, { limit: '0' }), 400);
  expectError(assert, await search(viewer, { limit: '100000' }), 400);
  const unknown = await search(viewer, { q: 'x', colour: 'blue', size: 'xl' });
  expectError(assert, unknown, 400);
  assert.match(unknown.json.error.message, /colour/);
  assert.match(unknown.json.error.message, /size/);
  expectError(assert, await search(viewer, { q: 'x'.repeat(10000) }), 400);
  expectError(assert, await search(viewer, { max_degree: '4' }), 400);
  expectError(assert, await search(viewer, { started_before: 'soon' }), 400);
  expectError(assert, await search(viewer, { open_to_work: 'maybe' }), 400);
  expectError(assert, await search(viewer, { cursor: 'garbage!!' }), 400);
  // A real cursor, altered or reused for another search.
  const word = 'cursor' + Date.now().toString(36);
  for (let i = 0; i < 3; i++) await member({ headline: word });
  const first = await search(viewer, { q: word, limit: '1' });
  assert.ok(first.json.next_cursor);
  const c = first.json.next_cursor;
  const altered = c.slice(0, -2) + (c.at(-2) === 'A' ? 'B' : 'A') + c.slice(-1);
  assert.notEqual(altered, c);
  expectError(assert, await search(viewer, { q: word, limit: '1', cursor: altered }), 400);
  expectError(assert, await search(viewer, { q: 'other', limit: '1', cursor: c }), 400);
  for (const q of ['AND', '"unclosed', 'a OR (b', 'NOT', '-', 'title:x', '*', 'x NEAR y', '((((', '\u0000']) {
    const r = await search(viewer, { q });
    assert.ok(r.status === 200 || r.status === 400, `${q}: ${r.status} ${r.text}`);
  }
  const empty = await search(viewer, { q: '' });
  assert.equal(empty.status, 200);
  const anon = new Client(server.base);
  expectError(assert, await search(anon, { q: 'x' }), 401);
});

test('company search pages through company pages by name', async () => {
  const cs = (params) => viewer.get('/api/v1/search/companies?' + new URLSearchParams(params));
  const r = await cs({ q: 'zoek' });
  assert.equal(r.status, 200, r.text);
  assert.deepEqual(r.json.items.map((c) => c.handle), ['zoekhaven', 'zoeklicht']);
  assert.deepEqual(r.json.items[1], { handle: 'zoeklicht', name: 'Zoeklicht BV', country: 'Netherlands', city: 'Utrecht' });
  assert.deepEqual((await cs({ q: 'Zoeklicht BV' })).json.items.map((c) => c.handle), ['zoeklicht']);
  assert.deepEqual((await cs({ q: 'gmbh' })).json.items.map((c) => c.handle), ['isarwerke']);
  const first = await cs({ limit: '2' });
  assert.equal(first.json.items.length, 2);
  const second = await cs({ limit: '2', cursor: first.json.next_cursor });
  assert.equal(second.json.items.length, 1);
  assert.equal(second.json.next_cursor, null);
  const all = [...first.json.items, ...second.json.items].map((c) => c.handle);
  assert.deepEqual(new Set(all), new Set(['zoeklicht', 'zoekhaven', 'isarwerke']));
  expectError(assert, await cs({ q: 'x', limit: '0' }), 400);
  expectError(assert, await cs({ q: 'x', colour: 'red' }), 400);
  expectError(assert, await cs({ q: 'other', limit: '2', cursor: first.json.next_cursor }), 400);
});

test('typeahead finds members, companies, skills and schools by prefix', async () => {
  const ta = (q) => viewer.get('/api/v1/search/typeahead?' + new URLSearchParams({ q }));
  const r = await ta('zoek');
  assert.equal(r.status, 200, r.text);
  const types = new Set(r.json.items.map((i) => i.type));
  assert.ok(types.has('member') && types.has('company') && types.has('school'), r.text);
  for (const i of r.json.items) assert.equal(typeof i.label, 'string');
  assert.ok(r.json.items.some((i) => i.type === 'company' && i.handle === 'zoeklicht' && i.label === 'Zoeklicht BV'));
  assert.ok(r.json.items.some((i) => i.type === 'member' && i.handle === viewer.member.handle));
  // Members say how close they are, and the viewer's network comes first: "vri" matches Jan de Vries (2nd
  // degree), Janneke Vries (not connected) and Fay Vriendelijk (1st).
  const vri = (await ta('vri')).json.items.filter((x) => x.type === 'member');
  assert.deepEqual(
    vri.map((i) => [i.handle, i.degree]),
    [[friend.member.handle, 1], [nl2015.member.handle, 2], [nl2021.member.handle, null]],
  );
  const skills = await ta('pyth');
  assert.ok(skills.json.items.some((i) => i.type === 'skill' && /python/i.test(i.label)), skills.text);
  const jur = await ta('jür');
  assert.ok(jur.json.items.some((i) => i.type === 'member' && i.handle === de2010.member.handle), jur.text);
  assert.deepEqual((await ta('')).json.items, []);
  expectError(assert, await ta('x'.repeat(10000)), 400);
});
