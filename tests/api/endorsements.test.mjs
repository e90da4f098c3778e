// Endorsements, endorsement requests, profile views and member settings through the HTTP API, in the shapes
// docs/api.md gives. Runs on SQLite and PostgreSQL (KRING_TEST_BACKEND=postgres).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { startServer, Client, expectError, kringCli, BACKEND } from './support.mjs';

let server;
before(async () => {
  server = await startServer();
  // Company and school pages have no API yet: they come from imports and the seed. Add two directly.
  sql("INSERT INTO companies (handle, name, created_at) VALUES ('rabobank', 'Rabobank', 0)");
  sql("INSERT INTO schools (handle, name, created_at) VALUES ('hogeschool-utrecht', 'Hogeschool Utrecht', 0)");
});
after(async () => { await server?.stop(); });

function sql(statement) {
  const url = server.database.url;
  if (BACKEND === 'postgres') execFileSync('psql', [url, '-qAtc', statement]);
  else execFileSync('sqlite3', ['-cmd', '.timeout 5000', url.replace(/^sqlite:/, ''), statement]);
}

async function member(fields) {
  const c = new Client(server.base);
  await c.signup(fields);
  return c;
}

async function connect(a, b) {
  const inv = await a.post('/api/v1/invitations', { to: b.member.handle, note: 'We worked together' });
  assert.equal(inv.status, 201, inv.text);
  assert.equal((await b.post(`/api/v1/invitations/${inv.json.invitation.id}/accept`)).status, 200);
}

const put = (c, p, body) => c.request('PUT', p, body);
const endorsementsOf = (handle, skill) => `/api/v1/members/${handle}/skills/${encodeURIComponent(skill)}/endorsements`;
const skillOf = (m, name) => m.skills.find((s) => s.name === name);

async function work(c, company, from, to) {
  const body = { company, title: 'Adviseur', start: { year: from } };
  if (to) body.end = { year: to };
  const r = await c.post('/api/v1/members/me/positions', body);
  assert.equal(r.status, 201, r.text);
  assert.equal(r.json.position.company.handle, 'rabobank');
}

async function study(c, school, from, to) {
  const r = await c.post('/api/v1/members/me/education', { school, start_year: from, end_year: to });
  assert.equal(r.status, 201, r.text);
}

test('endorse: relationship recorded, status codes, counts and highlights on the profile', async () => {
  const [owner, colleague, colleague2, classmate, friend, stranger, former] =
    [await member(), await member(), await member(), await member(), await member(), await member(), await member()];
  await work(owner, 'Rabobank', 2015);
  await work(colleague, 'Rabobank', 2017);
  await work(colleague2, 'Rabobank', 2012, 2016);
  await work(former, 'Rabobank', 2001, 2004);  // left before the owner came: not a colleague
  await study(owner, 'Hogeschool Utrecht', 2008, 2012);
  await study(classmate, 'Hogeschool Utrecht', 2010, 2014);
  assert.equal((await put(owner, '/api/v1/members/me/skills', { skills: ['SQL', 'Project Management', 'Excel'] })).status, 200);
  for (const c of [colleague, colleague2, classmate, friend, former]) await connect(owner, c);
  const h = owner.member.handle;

  // What an endorsement would record, before endorsing.
  let seen = (await colleague.get(`/api/v1/members/${h}`)).json.member;
  assert.deepEqual(seen.relationship.endorsement_basis, { relationship: 'worked_together', context: 'Rabobank' });
  assert.equal(skillOf(seen, 'SQL').endorsed_by_viewer, false);
  assert.equal(skillOf(seen, 'SQL').highlight, null);
  assert.deepEqual((await former.get(`/api/v1/members/${h}`)).json.member.relationship.endorsement_basis,
    { relationship: 'connection', context: null });
  assert.equal((await stranger.get(`/api/v1/members/${h}`)).json.member.relationship.endorsement_basis, undefined);

  const r = await colleague.post(endorsementsOf(h, 'SQL'));
  assert.equal(r.status, 201, r.text);
  const e = r.json.endorsement;
  assert.ok(e.id);
  assert.equal(e.skill.name, 'SQL');
  assert.equal(typeof e.skill.key, 'string');
  assert.equal(e.endorser.handle, colleague.member.handle);
  assert.equal(e.relationship, 'worked_together');
  assert.equal(e.context, 'Rabobank');
  assert.match(e.created_at, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?Z$/);

  expectError(assert, await colleague.post(endorsementsOf(h, 'sql')), 409, 'already_endorsed');
  expectError(assert, await stranger.post(endorsementsOf(h, 'SQL')), 403);
  expectError(assert, await owner.post(endorsementsOf(h, 'SQL')), 400);
  expectError(assert, await owner.post(endorsementsOf('me', 'SQL')), 400);
  expectError(assert, await colleague.post(endorsementsOf(h, 'COBOL')), 404);
  expectError(assert, await colleague.post(endorsementsOf('nobody-here-xyz', 'SQL')), 404);
  expectError(assert, await new Client(server.base).post(endorsementsOf(h, 'SQL')), 401);

  // The skill by its key and by its name in any case.
  const byKey = await colleague2.post(endorsementsOf(h, e.skill.key));
  assert.equal(byKey.status, 201, byKey.text);
  assert.equal(byKey.json.endorsement.relationship, 'worked_together');
  const pm = await classmate.post(endorsementsOf(h, 'project management'));
  assert.equal(pm.status, 201, pm.text);
  const pmName = (await owner.get('/api/v1/members/me')).json.member.skills[1].name;  // as the taxonomy shows it
  assert.equal(pm.json.endorsement.skill.name, pmName);
  assert.equal(pm.json.endorsement.relationship, 'studied_together');
  assert.equal(pm.json.endorsement.context, 'Hogeschool Utrecht');
  for (const c of [friend, former]) {
    const x = await c.post(endorsementsOf(h, 'SQL'));
    assert.equal(x.status, 201, x.text);
    assert.equal(x.json.endorsement.relationship, 'connection');
    assert.equal(x.json.endorsement.context, null);
  }

  // Counts and highlights, for anyone; endorsed_by_viewer for the viewer.
  const anon = (await new Client(server.base).get(`/api/v1/members/${h}`)).json.member;
  assert.equal(skillOf(anon, 'SQL').endorsement_count, 4);
  assert.equal(skillOf(anon, 'SQL').highlight, 'Endorsed by 2 colleagues from Rabobank');
  assert.equal(skillOf(anon, 'SQL').endorsed_by_viewer, false);
  assert.equal(skillOf(anon, pmName).endorsement_count, 1);
  assert.equal(skillOf(anon, pmName).highlight, 'Endorsed by 1 classmate from Hogeschool Utrecht');
  assert.equal(skillOf(anon, 'Microsoft Excel').highlight, null);
  seen = (await colleague.get(`/api/v1/members/${h}`)).json.member;
  assert.equal(skillOf(seen, 'SQL').endorsed_by_viewer, true);
  assert.equal(skillOf(seen, pmName).endorsed_by_viewer, false);

  // The list, paged, with its summary.
  const first = await stranger.get(`${endorsementsOf(h, 'SQL')}?limit=3`);
  assert.equal(first.status, 200, first.text);
  assert.equal(first.json.summary, 'Endorsed by 2 colleagues from Rabobank');
  assert.equal(first.json.items.length, 3);
  assert.equal(first.json.items[0].hidden, undefined);
  assert.ok(first.json.next_cursor);
  const second = await stranger.get(`${endorsementsOf(h, 'SQL')}?limit=3&cursor=${encodeURIComponent(first.json.next_cursor)}`);
  assert.equal(second.json.items.length, 1);
  assert.equal(second.json.next_cursor, null);
  const all = [...first.json.items, ...second.json.items].map((x) => x.endorser.handle).sort();
  assert.deepEqual(all, [colleague, colleague2, friend, former].map((c) => c.member.handle).sort());
  expectError(assert, await stranger.get(endorsementsOf(h, 'COBOL')), 404);
  const none = await stranger.get(endorsementsOf(h, 'Excel'));
  assert.deepEqual([none.json.items, none.json.summary, none.json.next_cursor], [[], null, null]);

  // Withdrawing.
  assert.equal((await friend.del(endorsementsOf(h, 'SQL'))).status, 204);
  expectError(assert, await friend.del(endorsementsOf(h, 'SQL')), 404);
  expectError(assert, await stranger.del(endorsementsOf(h, 'SQL')), 404);
  assert.equal(skillOf((await owner.get('/api/v1/members/me')).json.member, 'SQL').endorsement_count, 3);
});

test('the owner hides and removes endorsements received', async () => {
  const [owner, a, b, other] = [await member(), await member(), await member(), await member()];
  await put(owner, '/api/v1/members/me/skills', { skills: ['Triage'] });
  await connect(owner, a);
  await connect(owner, b);
  const h = owner.member.handle;
  const ea = (await a.post(endorsementsOf(h, 'Triage'))).json.endorsement;
  const eb = (await b.post(endorsementsOf(h, 'Triage'))).json.endorsement;

  const hide = await owner.patch(`/api/v1/members/me/endorsements/${ea.id}`, { hidden: true });
  assert.equal(hide.status, 200, hide.text);
  assert.equal(hide.json.endorsement.id, ea.id);
  assert.equal(hide.json.endorsement.hidden, true);
  assert.equal(hide.json.endorsement.endorser.handle, a.member.handle);
  expectError(assert, await other.patch(`/api/v1/members/me/endorsements/${ea.id}`, { hidden: false }), 404);
  expectError(assert, await owner.patch(`/api/v1/members/me/endorsements/${ea.id}`, { hidden: 'yes' }), 400);
  expectError(assert, await owner.patch(`/api/v1/members/me/endorsements/${ea.id}`, {}), 400);
  expectError(assert, await owner.patch('/api/v1/members/me/endorsements/999999', { hidden: true }), 404);

  const m = (await other.get(`/api/v1/members/${h}`)).json.member;
  assert.equal(skillOf(m, 'Triage').endorsement_count, 1);
  assert.equal(skillOf(m, 'Triage').highlight, 'Endorsed by 1 connection');
  assert.deepEqual((await other.get(endorsementsOf(h, 'Triage'))).json.items.map((x) => x.id), [eb.id]);
  const mine = (await owner.get(endorsementsOf('me', 'Triage'))).json.items;
  assert.deepEqual(mine.map((x) => [x.id, x.hidden]).sort(), [[ea.id, true], [eb.id, false]].sort());
  // The endorser still sees that they endorsed it.
  assert.equal(skillOf((await a.get(`/api/v1/members/${h}`)).json.member, 'Triage').endorsed_by_viewer, true);

  assert.equal((await owner.patch(`/api/v1/members/me/endorsements/${ea.id}`, { hidden: false })).json.endorsement.hidden, false);
  expectError(assert, await other.del(`/api/v1/members/me/endorsements/${eb.id}`), 404);
  assert.equal((await owner.del(`/api/v1/members/me/endorsements/${eb.id}`)).status, 204);
  expectError(assert, await owner.del(`/api/v1/members/me/endorsements/${eb.id}`), 404);
  assert.equal(skillOf((await other.get(`/api/v1/members/${h}`)).json.member, 'Triage').endorsement_count, 1);
});

test('endorsement requests: ask a connection, list, fulfilled by endorsing, dismiss', async () => {
  const [asker, friend, stranger] = [await member(), await member(), await member()];
  await put(asker, '/api/v1/members/me/skills', { skills: ['SQL', 'Excel'] });
  await connect(asker, friend);
  const url = `/api/v1/members/${friend.member.handle}/endorsement-requests`;

  const r = await asker.post(url, { skill: 'sql', message: 'Would you endorse my SQL?' });
  assert.equal(r.status, 201, r.text);
  const req = r.json.request;
  assert.equal(req.requester.handle, asker.member.handle);
  assert.equal(req.skill.name, 'SQL');
  assert.equal(typeof req.skill.key, 'string');
  assert.equal(req.message, 'Would you endorse my SQL?');
  assert.equal(req.status, 'pending');
  assert.match(req.created_at, /Z$/);

  expectError(assert, await asker.post(url, { skill: 'SQL' }), 409, 'request_pending');
  expectError(assert, await asker.post(`/api/v1/members/${stranger.member.handle}/endorsement-requests`, { skill: 'SQL' }), 403);
  expectError(assert, await asker.post(`/api/v1/members/${asker.member.handle}/endorsement-requests`, { skill: 'SQL' }), 400);
  expectError(assert, await asker.post(url, { skill: 'COBOL' }), 400);
  expectError(assert, await asker.post(url, {}), 400);
  expectError(assert, await asker.post(url, { skill: 'SQL', extra: 1 }), 400);

  const excel = (await asker.post(url, { skill: 'Excel' })).json.request;
  let inbox = await friend.get('/api/v1/endorsement-requests');
  assert.equal(inbox.status, 200);
  assert.deepEqual(inbox.json.items.map((x) => x.id).sort(), [req.id, excel.id].sort());
  assert.equal(inbox.json.next_cursor, null);
  const paged = await friend.get('/api/v1/endorsement-requests?limit=1');
  assert.equal(paged.json.items.length, 1);
  assert.ok(paged.json.next_cursor);
  assert.deepEqual((await asker.get('/api/v1/endorsement-requests')).json.items, []);

  // Endorsing fulfils the request.
  assert.equal((await friend.post(endorsementsOf(asker.member.handle, 'SQL'))).status, 201);
  inbox = await friend.get('/api/v1/endorsement-requests');
  assert.deepEqual(inbox.json.items.map((x) => x.id), [excel.id]);
  expectError(assert, await asker.post(url, { skill: 'SQL' }), 409, 'already_endorsed');

  expectError(assert, await asker.post(`/api/v1/endorsement-requests/${excel.id}/dismiss`), 404);
  const d = await friend.post(`/api/v1/endorsement-requests/${excel.id}/dismiss`);
  assert.equal(d.status, 200, d.text);
  assert.equal(d.json.request.status, 'dismissed');
  assert.deepEqual((await friend.get('/api/v1/endorsement-requests')).json.items, []);
  expectError(assert, await friend.post(`/api/v1/endorsement-requests/${req.id}/dismiss`), 409, 'request_closed');
});

test('a block deletes the endorsements between the two members, both ways', async () => {
  const [a, b] = [await member(), await member()];
  await put(a, '/api/v1/members/me/skills', { skills: ['SQL'] });
  await put(b, '/api/v1/members/me/skills', { skills: ['SQL'] });
  await connect(a, b);
  assert.equal((await a.post(endorsementsOf(b.member.handle, 'SQL'))).status, 201);
  assert.equal((await b.post(endorsementsOf(a.member.handle, 'SQL'))).status, 201);
  assert.equal((await a.request('PUT', `/api/v1/members/${b.member.handle}/block`)).status, 200);
  assert.equal((await a.request('DELETE', `/api/v1/members/${b.member.handle}/block`)).status, 200);
  const anon = new Client(server.base);
  assert.equal(skillOf((await anon.get(`/api/v1/members/${a.member.handle}`)).json.member, 'SQL').endorsement_count, 0);
  assert.equal(skillOf((await anon.get(`/api/v1/members/${b.member.handle}`)).json.member, 'SQL').endorsement_count, 0);
});

async function views(c, until) {
  const deadline = Date.now() + 5000;
  for (;;) {
    const r = await c.get('/api/v1/members/me/profile-views');
    assert.equal(r.status, 200, r.text);
    if (until(r.json) || Date.now() > deadline) return r.json;
    await new Promise((res) => setTimeout(res, 100));
  }
}

test('profile views: recorded once a day in the viewer\'s mode, listed newest first for the owner', async () => {
  const [owner, named, anonymous, hidden] = [await member(), await member(), await member(), await member()];
  assert.equal((await anonymous.patch('/api/v1/members/me', { headline: 'Nurse at UMC Utrecht' })).status, 200);
  assert.equal((await anonymous.patch('/api/v1/members/me/settings', { profile_view_mode: 'anonymous' })).status, 200);
  assert.equal((await hidden.patch('/api/v1/members/me/settings', { profile_view_mode: 'private' })).status, 200);
  const h = owner.member.handle;
  for (const c of [named, anonymous, hidden, named]) {
    assert.equal((await c.get(`/api/v1/members/${h}`)).status, 200);
    await new Promise((res) => setTimeout(res, 20));
  }
  // Not recorded: the owner, a logged-out visitor, an API key acting as nobody.
  await owner.get(`/api/v1/members/${h}`);
  await owner.get('/api/v1/members/me');
  await new Client(server.base).get(`/api/v1/members/${h}`);
  const key = kringCli(['admin', 'api-key', 'create', '--db', server.database.url, '--name', 'views']).trim().split('\n').pop();
  const admin = new Client(server.base);
  admin.headers = { authorization: `Bearer ${key}` };
  assert.equal((await admin.get(`/api/v1/members/${h}`)).status, 200);

  // Views are written in the background: wait until named's second view has moved their row to the top.
  const list = await views(owner, (j) => j.total_90_days >= 3 && j.items[0]?.mode === 'name');
  await new Promise((res) => setTimeout(res, 700));  // anything recorded by mistake has been flushed by now
  const settled = await views(owner, () => true);
  assert.equal(settled.total_90_days, 3);
  assert.deepEqual(settled.items.map((i) => i.mode), list.items.map((i) => i.mode));
  // Named's second view moved their row to the top.
  assert.deepEqual(settled.items.map((i) => i.mode), ['name', 'private', 'anonymous']);
  const [n, p, a] = settled.items;
  assert.equal(n.viewer.handle, named.member.handle);
  assert.deepEqual(Object.keys(p).sort(), ['mode', 'viewed_at']);
  assert.deepEqual(Object.keys(a).sort(), ['headline', 'mode', 'viewed_at']);
  assert.equal(a.headline, 'Nurse at UMC Utrecht');
  assert.match(n.viewed_at, /Z$/);
  assert.ok(n.viewed_at >= p.viewed_at && p.viewed_at >= a.viewed_at);
  assert.equal(settled.next_cursor, null);

  const page1 = (await owner.get('/api/v1/members/me/profile-views?limit=2')).json;
  assert.equal(page1.items.length, 2);
  assert.ok(page1.next_cursor);
  const page2 = (await owner.get(`/api/v1/members/me/profile-views?limit=2&cursor=${encodeURIComponent(page1.next_cursor)}`)).json;
  assert.deepEqual(page2.items.map((i) => i.mode), ['anonymous']);
  assert.equal(page2.next_cursor, null);
  expectError(assert, await owner.get('/api/v1/members/me/profile-views?cursor=garbage!'), 400);
  expectError(assert, await new Client(server.base).get('/api/v1/members/me/profile-views'), 401);
  // The viewers' own lists stay empty.
  assert.equal((await named.get('/api/v1/members/me/profile-views')).json.total_90_days, 0);
});

test('settings: read, change, validation', async () => {
  const [m, friend] = [await member(), await member()];
  await connect(m, friend);
  const s = await m.get('/api/v1/members/me/settings');
  assert.equal(s.status, 200);
  assert.deepEqual(s.json, { profile_view_mode: 'name', hide_connections: false, searchable_posts: false });

  expectError(assert, await m.patch('/api/v1/members/me/settings', { profile_view_mode: 'invisible' }), 400);
  expectError(assert, await m.patch('/api/v1/members/me/settings', { profile_view_mode: 3 }), 400);
  expectError(assert, await m.patch('/api/v1/members/me/settings', { hide_connections: 'yes' }), 400);
  expectError(assert, await m.patch('/api/v1/members/me/settings', { searchable_posts: null }), 400);
  expectError(assert, await m.patch('/api/v1/members/me/settings', { theme: 'dark' }), 400);
  expectError(assert, await m.patch('/api/v1/members/me/settings', [1]), 400);
  const bad = await m.patch('/api/v1/members/me/settings', { profile_view_mode: 'invisible' });
  assert.equal(bad.json.error.field, 'profile_view_mode');

  const r = await m.patch('/api/v1/members/me/settings', { profile_view_mode: 'private', searchable_posts: true });
  assert.equal(r.status, 200, r.text);
  assert.deepEqual(r.json, { profile_view_mode: 'private', hide_connections: false, searchable_posts: true });
  const h = await m.patch('/api/v1/members/me/settings', { hide_connections: true });
  assert.deepEqual(h.json, { profile_view_mode: 'private', hide_connections: true, searchable_posts: true });
  // The same setting as /network/settings.
  assert.equal((await m.get('/api/v1/network/settings')).json.hide_connections, true);
  expectError(assert, await friend.get(`/api/v1/members/${m.member.handle}/connections`), 403);
  await m.patch('/api/v1/network/settings', { hide_connections: false });
  assert.equal((await m.get('/api/v1/members/me/settings')).json.hide_connections, false);
  assert.deepEqual((await m.patch('/api/v1/members/me/settings', {})).json,
    { profile_view_mode: 'private', hide_connections: false, searchable_posts: true });
  expectError(assert, await new Client(server.base).get('/api/v1/members/me/settings'), 401);
});
