// Portability through the HTTP API: LinkedIn export import (contract shape, 400 for garbage, 413 for big and
// bomb archives), JSON Resume export and import, the member data export ZIP, and account deletion (204, the
// handle 404, log-in 401, the old session 401, connections no longer list them). Runs on SQLite and PostgreSQL
// (tests/run.sh).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { startServer, Client, expectError, kringCli } from './support.mjs';
import { buildLinkedInZip, buildZipBomb, readZip } from '../support/linkedin_fixture.mjs';

let server;
before(async () => { server = await startServer(); });
after(async () => { await server?.stop(); });

async function member(fields) {
  const c = new Client(server.base);
  await c.signup(fields);
  return c;
}

async function connect(a, b) {
  const inv = await a.post('/api/v1/invitations', { to: b.member.handle, note: 'Hello' });
  assert.equal(inv.status, 201, inv.text);
  const acc = await b.post(`/api/v1/invitations/${inv.json.invitation.id}/accept`);
  assert.equal(acc.status, 200, acc.text);
}

function postZip(client, zip, opts = {}) {
  return client.request('POST', '/api/v1/imports/linkedin', zip, {
    raw: true, headers: { 'content-type': 'application/zip' }, ...opts,
  });
}

test('LinkedIn import: contract shape, sections, connections matched by email as known contacts', async () => {
  const tag = randomBytes(4).toString('hex');
  const eva = await member({ email: `eva-${tag}@example.org`, first_name: 'Eva', last_name: 'Bakker' });
  const sanne = await member();
  const zip = buildLinkedInZip({
    connections: [
      { firstName: 'Eva', lastName: 'Bakker', url: `https://www.linkedin.com/in/eva-${tag}`,
        email: `EVA-${tag}@Example.org`, company: 'UMC', position: 'Arts', connectedOn: '02 Jan 2020' },
      { firstName: 'Piet', lastName: 'Elders', url: `https://www.linkedin.com/in/piet-${tag}`, email: '',
        company: '', position: '', connectedOn: '01 Feb 2019' },
    ],
    rawRows: { positions: ['Kapot BV,Tester,,,Marchember 2019,'] },
  });
  const r = await postZip(sanne, zip);
  assert.equal(r.status, 200, r.text);
  assert.deepEqual(Object.keys(r.json.imported).sort(),
    ['certifications', 'connections', 'education', 'languages', 'positions', 'profile', 'skills']);
  assert.deepEqual(r.json.imported, {
    profile: true, positions: 3, education: 2, skills: 4, languages: 3, certifications: 1, connections: 1,
  });
  assert.equal(r.json.skipped.length, 1);
  assert.deepEqual(Object.keys(r.json.skipped[0]).sort(), ['file', 'line', 'reason']);
  assert.equal(r.json.skipped[0].file, 'Posities.csv');
  assert.equal(r.json.skipped[0].line, 5);
  assert.match(r.json.skipped[0].reason, /Started On/);

  const me = (await sanne.get('/api/v1/members/me')).json.member;
  assert.equal(me.first_name, 'Sanne');
  assert.equal(me.headline, 'Verpleegkundige bij Stadsziekenhuis Utrecht');
  assert.ok(me.positions.some((p) => p.company.name === 'Café Noël' && p.location === 'Zürich, Schweiz'
    && p.start.year === 2015 && p.start.month === 1 && p.end.month === 10));
  assert.deepEqual(me.languages.map((l) => l.proficiency), ['native', 'full_professional', 'limited_working']);

  // Known contacts feed "people you may know"; nobody got connected.
  const sugg = await sanne.get('/api/v1/network/suggestions');
  assert.equal(sugg.status, 200, sugg.text);
  assert.ok(JSON.stringify(sugg.json).includes(eva.member.handle), 'Eva is suggested');
  assert.equal((await sanne.get(`/api/v1/members/${eva.member.handle}`)).json.member.degree, null);
});

test('LinkedIn import: 400 for garbage, 413 for bombs and big uploads, 401 anonymous, 403 without CSRF', async () => {
  const m = await member();
  expectError(assert, await postZip(m, Buffer.from('First Name,Last Name\nNot,A zip\n')), 400, 'invalid_zip');
  expectError(assert, await postZip(m, Buffer.from([0x50, 0x4b, 0x03, 0x04, 1, 2, 3])), 400, 'invalid_zip');
  expectError(assert, await postZip(m, buildZipBomb()), 413, 'zip_too_large');
  expectError(assert, await postZip(m, buildZipBomb({ bytes: 1024, declaredSize: 300 * 1024 * 1024 })), 413,
    'zip_too_large');
  const big = Buffer.alloc(50 * 1024 * 1024 + 1, 0x50);
  expectError(assert, await postZip(m, big), 413, 'payload_too_large');
  // Nothing was written.
  const me = (await m.get('/api/v1/members/me')).json.member;
  assert.equal(me.first_name, 'Test');
  assert.deepEqual(me.positions, []);

  expectError(assert, await postZip(new Client(server.base), buildLinkedInZip()), 401);
  expectError(assert, await postZip(m, buildLinkedInZip(), { csrf: false }), 403, 'csrf_failed');
});

test('JSON Resume: export, then import into another account reproduces the profile', async () => {
  const a = await member();
  const b = await member();
  assert.equal((await postZip(a, buildLinkedInZip({ connections: [] }))).status, 200);
  const put = await a.request('PUT', '/api/v1/members/me/skills', { skills: ['Triage', 'Wondzorg', 'Reanimatie'] });
  assert.equal(put.status, 200, put.text);

  const exp = await a.get('/api/v1/members/me/export/json-resume');
  assert.equal(exp.status, 200, exp.text);
  const doc = exp.json;
  assert.equal(doc.basics.name, 'Sanne de Vries');
  assert.equal(doc.basics.label, 'Verpleegkundige bij Stadsziekenhuis Utrecht');
  assert.equal(doc.work.length, 3);
  assert.ok(doc.work.every((w) => typeof w.name === 'string' && typeof w.position === 'string'));
  assert.equal(doc.work.find((w) => w.name === 'Café Noël').endDate, '2018-10');
  assert.deepEqual(doc.skills.map((s) => s.name), ['Triage', 'Wondzorg', 'Reanimatie']);
  assert.equal(doc.languages[0].language, 'Nederlands');
  assert.match(doc.languages[0].fluency, /Native/);
  assert.equal(doc.education[0].institution, 'Hogeschool Utrecht');

  const imp = await b.post('/api/v1/imports/json-resume', doc);
  assert.equal(imp.status, 200, imp.text);
  assert.deepEqual(imp.json.imported, {
    profile: true, positions: 3, education: 2, skills: 3, languages: 3, certifications: 1,
  });
  assert.deepEqual(imp.json.skipped, []);
  const pa = (await a.get('/api/v1/members/me')).json.member;
  const pb = (await b.get('/api/v1/members/me')).json.member;
  const strip = (list, keys) => list.map((x) => Object.fromEntries(keys.map((k) => [k, x[k]])));
  const pk = ['title', 'location', 'start', 'end', 'current', 'description', 'skills'];
  assert.deepEqual(strip(pb.positions, pk), strip(pa.positions, pk));
  assert.deepEqual(pb.positions.map((p) => p.company.name), pa.positions.map((p) => p.company.name));
  const ek = ['degree', 'field', 'start_year', 'end_year'];
  assert.deepEqual(strip(pb.education, ek), strip(pa.education, ek));
  assert.deepEqual(pb.skills.map((s) => s.name), pa.skills.map((s) => s.name));
  assert.deepEqual(pb.languages, pa.languages);

  expectError(assert, await b.post('/api/v1/imports/json-resume', { work: 'lots' }), 400);
  expectError(assert, await b.post('/api/v1/imports/json-resume', { basics: { name: 42 } }), 400);
  const raw = await b.request('POST', '/api/v1/imports/json-resume', '{"work": [', { raw: true });
  expectError(assert, raw, 400, 'invalid_json');
  expectError(assert, await new Client(server.base).get('/api/v1/members/me/export/json-resume'), 401);
});

test('full export: a ZIP attachment with profile.json and the CSV files', async () => {
  const a = await member();
  const b = await member({ email: `private-${randomBytes(4).toString('hex')}@example.org` });
  await connect(b, a);
  assert.equal((await postZip(a, buildLinkedInZip({ connections: [] }))).status, 200);
  // Feed choices are the member's data too.
  const post = await b.post('/api/v1/posts', { text: 'Seen in the feed #export' });
  assert.equal(post.status, 201, post.text);
  assert.equal((await a.get('/api/v1/feed?mode=recent')).status, 200);
  assert.equal((await a.request('PUT', `/api/v1/feed/mutes/hashtags/${encodeURIComponent('Noise')}`)).status, 204);
  for (let i = 0; i < 50; i++) {  // impressions are written in the background
    const stats = await b.get(`/api/v1/posts/${post.json.post.id}/analytics`);
    if (stats.json.analytics.impressions > 0) break;
    await new Promise((r) => setTimeout(r, 100));
  }

  const res = await fetch(`${server.base}/api/v1/members/me/export`, { headers: { cookie: a.cookie } });
  assert.equal(res.status, 200);
  assert.equal(res.headers.get('content-type'), 'application/zip');
  assert.match(res.headers.get('content-disposition'), /^attachment; filename="kring-export-.*\.zip"$/);
  const files = readZip(Buffer.from(await res.arrayBuffer()));
  for (const f of ['profile.json', 'connections.csv', 'positions.csv', 'education.csv', 'skills.csv',
    'endorsements_received.csv', 'endorsements_given.csv', 'invitations.csv']) {
    assert.ok(files.has(f), `${f} is in the export`);
  }
  const data = JSON.parse(files.get('profile.json').toString('utf8'));
  assert.equal(data.member.handle, a.member.handle);
  assert.equal(data.account.email, a.email);
  assert.equal(data.profile.positions.length, 3);
  assert.ok(data.profile.positions.some((p) => p.title === 'Verpleegkundige SEH'));
  assert.deepEqual(data.connections.map((c) => c.member), [{ handle: b.member.handle, name: `${b.member.first_name} ${b.member.last_name}` }]);
  assert.equal(data.invitations.received.length, 1);
  assert.equal(data.feed.mode, 'recent');
  assert.deepEqual(data.feed.muted_hashtags.map((m) => m.tag), ['noise']);
  assert.deepEqual(data.feed.muted_members, []);
  assert.deepEqual(data.feed.impressions.map((i) => i.post_id), [post.json.post.id]);
  assert.ok(!files.get('profile.json').toString('utf8').includes(b.email), 'no one else\'s email');
  assert.match(files.get('positions.csv').toString('utf8'), /^Company Name,Title,/);
  assert.match(files.get('positions.csv').toString('utf8'), /Café Noël,Bediening/);

  expectError(assert, await new Client(server.base).get('/api/v1/members/me/export'), 401);
});

test('account deletion: password checked, then the member is gone everywhere', async () => {
  const x = await member();
  const y = await member();
  await connect(x, y);
  assert.equal((await y.get('/api/v1/members/me/connections')).json.items.length, 1);

  expectError(assert, await x.del('/api/v1/members/me', { password: x.password }, { csrf: false }), 403, 'csrf_failed');
  expectError(assert, await x.del('/api/v1/members/me', {}), 400);
  expectError(assert, await x.del('/api/v1/members/me', { password: 'not the password' }), 403, 'wrong_password');
  assert.equal((await x.get('/api/v1/members/me')).status, 200);

  const oldCookie = x.cookie;
  const del = await x.del('/api/v1/members/me', { password: x.password });
  assert.equal(del.status, 204, del.text);

  expectError(assert, await y.get(`/api/v1/members/${x.member.handle}`), 404);
  const login = await new Client(server.base).post('/api/v1/auth/login', { email: x.email, password: x.password });
  expectError(assert, login, 401);
  const stale = new Client(server.base);
  stale.cookie = oldCookie;
  expectError(assert, await stale.get('/api/v1/auth/session'), 401);
  expectError(assert, await stale.get('/api/v1/members/me'), 401);
  assert.deepEqual((await y.get('/api/v1/members/me/connections')).json.items, []);
  assert.equal((await y.get('/api/v1/network/size')).json.first_degree, 0);
  expectError(assert, await new Client(server.base).del('/api/v1/members/me', { password: 'x' }), 401);
});

test('account deletion with an admin key acting as the member still needs the password', async () => {
  const out = kringCli(['admin', 'api-key', 'create', '--db', server.database.url, '--name', 'portability']);
  const key = out.trim().split('\n').pop();
  const m = await member();
  const admin = new Client(server.base);
  admin.headers = { authorization: `Bearer ${key}`, 'kring-as': m.member.handle };
  expectError(assert, await admin.del('/api/v1/members/me', {}), 400);
  expectError(assert, await admin.del('/api/v1/members/me', { password: 'guessing wrong' }), 403, 'wrong_password');
  assert.equal((await admin.del('/api/v1/members/me', { password: m.password })).status, 204);
  expectError(assert, await m.get('/api/v1/members/me'), 401);
});
