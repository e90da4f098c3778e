// Profile sections through the HTTP API: positions, education, skills, languages, certifications, open to
// work, contact, visibility per section, handle changes, completeness, and bad input. Runs on both backends.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, Client, expectError, kringCli } from './support.mjs';

let server;
before(async () => { server = await startServer(); });
after(async () => { await server?.stop(); });

async function member(fields) {
  const c = new Client(server.base);
  await c.signup(fields);
  return c;
}

async function connect(a, b) {
  const inv = await a.post('/api/v1/invitations', { to: b.member.handle, note: 'Colleagues' });
  assert.equal(inv.status, 201, inv.text);
  assert.equal((await b.post(`/api/v1/invitations/${inv.json.invitation.id}/accept`)).status, 200);
}

const put = (c, p, body) => c.request('PUT', p, body);

test('positions, education and skills appear on the profile in the contract shape', async () => {
  const a = await member();
  const pos = await a.post('/api/v1/members/me/positions', {
    company: 'Rivierland Zorg', title: 'Registered Nurse', employment_type: 'part_time', location: 'Utrecht',
    start: { year: 2019, month: 3 }, description: 'Night shifts on the cardiology ward.',
    skills: ['wondzorg', 'Triage', 'JS'],
  });
  assert.equal(pos.status, 201, pos.text);
  const old = await a.post('/api/v1/members/me/positions', {
    company: 'Stadsziekenhuis', title: 'Nurse', start: { year: 2012 }, end: { year: 2019, month: 2 },
  });
  assert.equal(old.status, 201, old.text);
  const edu = await a.post('/api/v1/members/me/education', {
    school: 'Hogeschool Utrecht', degree: 'BSc', field: 'Nursing', start_year: 2008, end_year: 2012,
  });
  assert.equal(edu.status, 201, edu.text);
  const skills = await put(a, '/api/v1/members/me/skills', { skills: ['Patient Care', 'triage', 'Dutch', 'Excel'] });
  assert.equal(skills.status, 200, skills.text);

  const m = (await new Client(server.base).get(`/api/v1/members/${a.member.handle}`)).json.member;
  assert.equal(m.positions.length, 2);
  const [current, past] = m.positions;
  assert.deepEqual(current.company, { handle: null, name: 'Rivierland Zorg' });
  assert.equal(current.title, 'Registered Nurse');
  assert.deepEqual(current.start, { year: 2019, month: 3 });
  assert.equal(current.end, null);
  assert.equal(current.skills.length, 3);
  assert.ok(current.skills.includes('JavaScript'), `aliases map to the canonical skill: ${current.skills}`);
  assert.deepEqual(past.end, { year: 2019, month: 2 });
  assert.deepEqual(m.education.map((e) => [e.school.name, e.degree, e.field, e.start_year, e.end_year]),
    [['Hogeschool Utrecht', 'BSc', 'Nursing', 2008, 2012]]);
  // Each skill shows under its canonical name (the taxonomy's, or the member's own text), in the member's order.
  const canonical = [];
  for (const typed of ['Patient Care', 'triage', 'Dutch', 'Excel']) {
    const n = (await a.get(`/api/v1/skills/normalize?name=${encodeURIComponent(typed)}`)).json;
    canonical.push(n.skill ? n.skill.label_en : n.name);
  }
  assert.deepEqual(m.skills.map((s) => s.name), canonical);
  assert.deepEqual(m.skills.map((s) => s.pinned), [true, true, true, false]);
  for (const s of m.skills) assert.equal(s.endorsement_count, 0);

  // Reordering keeps the member's order; duplicates (after normalisation) collapse.
  const again = await put(a, '/api/v1/members/me/skills', { skills: ['Excel', 'patient care', 'Patient Care', 'My own craft'] });
  assert.deepEqual(again.json.skills.map((s) => s.name), [canonical[3], canonical[0], 'My own craft']);

  // Edit and delete.
  const edited = await put(a, `/api/v1/members/me/positions/${current.id}`, { ...current, id: undefined, current: undefined, title: 'Senior Nurse' });
  assert.equal(edited.status, 200, edited.text);
  assert.equal(edited.json.position.title, 'Senior Nurse');
  assert.equal((await a.del(`/api/v1/members/me/positions/${past.id}`)).status, 204);
  expectError(assert, await a.del(`/api/v1/members/me/positions/${past.id}`), 404);
  const other = await member();
  expectError(assert, await other.del(`/api/v1/members/me/positions/${current.id}`), 404);
  expectError(assert, await put(other, `/api/v1/members/me/positions/${current.id}`, { company: 'X', title: 'Y', start: { year: 2020 } }), 404);
});

test('a position at a company page links to it', async () => {
  const a = await member();
  // The demo seed is not loaded here: make a company page through the seed of another database? Use the
  // company handle path with an unknown handle (400) and a name that matches no page (free text).
  expectError(assert, await a.post('/api/v1/members/me/positions', { company: { handle: 'no-such-company' }, title: 'X', start: { year: 2020 } }), 400);
  const r = await a.post('/api/v1/members/me/positions', { company: { name: 'Free Text BV' }, title: 'Owner', start: { year: 2020 } });
  assert.deepEqual(r.json.position.company, { handle: null, name: 'Free Text BV' });
});

test('bad input gets a 4xx naming the field, and nothing is stored', async () => {
  const a = await member();
  const cases = [
    [{ company: 'X', title: 'Y', start: { year: 2020, month: 13 } }, 'position.start.month'],
    [{ company: 'X', title: 'Y', start: { year: 2020 }, end: { year: 2019 } }, 'position.end'],
    [{ company: 'X', title: 'Y', start: 'March 2020' }, 'position.start'],
    [{ company: 'X', title: 'Y' }, 'position.start'],
    [{ company: 'X', title: '', start: { year: 2020 } }, 'position.title'],
    [{ company: 'X', title: 'Y', start: { year: 20200 } }, 'position.start.year'],
    [{ company: 'X', title: 'Y', start: { year: 2020 }, skills: ['a', 'b', 'c', 'd', 'e', 'f'] }, 'position.skills'],
    [{ company: 'X', title: 'Y', start: { year: 2020 }, employment_type: 'boss' }, 'position.employment_type'],
    [{ company: 'X', title: 'Y', start: { year: 2020 }, salary: 1 }, 'position.salary'],
  ];
  for (const [body, field] of cases) {
    const r = await a.post('/api/v1/members/me/positions', body);
    expectError(assert, r, 400);
    assert.equal(r.json.error.field, field, JSON.stringify(body));
  }
  const many = Array.from({ length: 10000 }, (_, i) => `Skill ${i}`);
  const r = await put(a, '/api/v1/members/me/skills', { skills: many });
  expectError(assert, r, 400);
  assert.equal(r.json.error.field, 'skills');
  const huge = await a.patch('/api/v1/members/me', { about: 'x'.repeat(1024 * 1024) });
  assert.ok([400, 413].includes(huge.status), `1 MB about: ${huge.status}`);
  expectError(assert, await a.post('/api/v1/members/me/education', { school: 'S', start_year: 2012, end_year: 2010 }), 400);
  expectError(assert, await put(a, '/api/v1/members/me/languages', { languages: [{ name: 'Dutch', proficiency: 'fluent-ish' }] }), 400);
  expectError(assert, await put(a, '/api/v1/members/me/contact', { website: 'javascript:alert(1)' }), 400);
  expectError(assert, await put(a, '/api/v1/members/me/open-to-work', { roles: [], visibility: 'everyone' }), 400);
  expectError(assert, await put(a, '/api/v1/members/me/visibility', { positions: 'friends' }), 400);
  expectError(assert, await put(a, '/api/v1/members/me/visibility', { salary: 'public' }), 400);

  // HTML and SQL are stored verbatim.
  const nasty = `<script>alert("x")</script>'; DROP TABLE positions;--`;
  const ok = await a.post('/api/v1/members/me/positions', { company: nasty, title: nasty, start: { year: 2020 } });
  assert.equal(ok.status, 201);
  const m = (await a.get('/api/v1/members/me')).json.member;
  assert.equal(m.positions.length, 1);
  assert.equal(m.positions[0].title, nasty);
});

test('per-section visibility: public, members, connections, only me', async () => {
  const [owner, friend, stranger] = [await member(), await member(), await member()];
  await connect(owner, friend);
  await owner.post('/api/v1/members/me/positions', { company: 'Grachtenbank', title: 'Analyst', start: { year: 2021 } });
  await put(owner, '/api/v1/members/me/skills', { skills: ['SQL'] });
  await put(owner, '/api/v1/members/me/contact', { email: 'owner@example.org', phone: '+31 6 1234 5678' });
  await owner.patch('/api/v1/members/me', { about: 'Private thoughts' });
  const vis = await put(owner, '/api/v1/members/me/visibility', { positions: 'members', skills: 'connections', about: 'only_me' });
  assert.equal(vis.status, 200);
  assert.equal(vis.json.visibility.contact, 'connections');

  const anon = (await new Client(server.base).get(`/api/v1/members/${owner.member.handle}`)).json.member;
  assert.equal(anon.positions, undefined);
  assert.equal(anon.skills, undefined);
  assert.equal(anon.about, undefined);
  assert.equal(anon.contact, undefined);
  assert.deepEqual(anon.hidden_sections.sort(), ['about', 'contact', 'positions', 'skills']);

  const asStranger = (await stranger.get(`/api/v1/members/${owner.member.handle}`)).json.member;
  assert.equal(asStranger.positions.length, 1);
  assert.equal(asStranger.skills, undefined);
  assert.equal(asStranger.contact, undefined);

  const asFriend = (await friend.get(`/api/v1/members/${owner.member.handle}`)).json.member;
  assert.deepEqual(asFriend.skills.map((s) => s.name), ['SQL']);
  assert.equal(asFriend.contact.email, 'owner@example.org');
  assert.equal(asFriend.about, undefined);
  assert.equal(asFriend.completeness, undefined);

  const self = (await owner.get('/api/v1/members/me')).json.member;
  assert.equal(self.about, 'Private thoughts');
  assert.ok(self.completeness.percent > 0);
  assert.equal(self.visibility.about, 'only_me');
});

test('anonymous reads come from the profile cache and follow every change at once', async () => {
  const [owner, friend] = [await member(), await member()];
  const anon = new Client(server.base);
  const read = async () => (await anon.get(`/api/v1/members/${owner.member.handle}`)).json.member;
  const hits = async () => Number((await anon.get('/metrics')).text.match(/^kring_profile_cache_hits_total (\d+)$/m)[1]);
  await owner.patch('/api/v1/members/me', { about: 'Shown to everyone', headline: 'First' });
  await put(owner, '/api/v1/members/me/skills', { skills: ['SQL', 'Rust'] });
  const first = await read();
  assert.equal(first.about, 'Shown to everyone');
  const before = await hits();
  assert.deepEqual(await read(), first);
  assert.ok((await hits()) > before, 'a second read is a cache hit');

  // Each change is visible to the very next anonymous read.
  await owner.patch('/api/v1/members/me', { headline: 'Second' });
  assert.equal((await read()).headline, 'Second');
  await put(owner, '/api/v1/members/me/visibility', { about: 'connections', skills: 'only_me' });
  const hidden = await read();
  assert.equal(hidden.about, undefined, 'a section made private never comes from a cached body');
  assert.equal(hidden.skills, undefined);
  assert.deepEqual(hidden.hidden_sections.sort(), ['about', 'contact', 'skills']);  // contact: connections by default
  await connect(owner, friend);
  assert.equal((await read()).network.connections, 1);
  await put(owner, '/api/v1/members/me/visibility', { skills: 'public' });
  await friend.request('POST', `/api/v1/members/${owner.member.handle}/skills/SQL/endorsements`);
  const endorsed = await read();
  assert.equal(endorsed.skills.find((x) => x.name === 'SQL').endorsement_count, 1);
  assert.equal(endorsed.skills.find((x) => x.name === 'SQL').endorsed_by_viewer, false);
  const asFriend = (await friend.get(`/api/v1/members/${owner.member.handle}`)).json.member;
  assert.equal(asFriend.skills.find((x) => x.name === 'SQL').endorsed_by_viewer, true);
  assert.equal(asFriend.about, 'Shown to everyone');
});

test('open to work is shown to recruiters only unless the member says everyone', async () => {
  const [seeker, recruiter, peer] = [await member(), await member(), await member()];
  const r = await put(seeker, '/api/v1/members/me/open-to-work', {
    roles: ['Data Analyst'], locations: ['Utrecht'], workplace_types: ['hybrid'], visibility: 'recruiters',
  });
  assert.equal(r.status, 200, r.text);
  const key = kringCli(['admin', 'api-key', 'create', '--db', server.database.url, '--name', 'tests']).trim().split('\n').pop();
  const admin = new Client(server.base);
  admin.headers = { authorization: `Bearer ${key}` };
  assert.equal((await put(admin, `/api/v1/admin/members/${recruiter.member.handle}/recruiter`, { recruiter: true })).status, 200);
  expectError(assert, await put(peer, `/api/v1/admin/members/${peer.member.handle}/recruiter`, { recruiter: true }), 403);

  assert.equal((await peer.get(`/api/v1/members/${seeker.member.handle}`)).json.member.open_to_work, null);
  assert.equal((await new Client(server.base).get(`/api/v1/members/${seeker.member.handle}`)).json.member.open_to_work, null);
  assert.deepEqual((await recruiter.get(`/api/v1/members/${seeker.member.handle}`)).json.member.open_to_work.roles, ['Data Analyst']);
  assert.deepEqual((await seeker.get('/api/v1/members/me')).json.member.open_to_work.workplace_types, ['hybrid']);
  await put(seeker, '/api/v1/members/me/open-to-work', { roles: ['Data Analyst'], visibility: 'everyone' });
  assert.deepEqual((await peer.get(`/api/v1/members/${seeker.member.handle}`)).json.member.open_to_work.roles, ['Data Analyst']);
  assert.equal((await seeker.del('/api/v1/members/me/open-to-work')).status, 204);
  assert.equal((await peer.get(`/api/v1/members/${seeker.member.handle}`)).json.member.open_to_work, null);
});

test('languages, certifications, completeness names the next step', async () => {
  const a = await member();
  let c = (await a.get('/api/v1/members/me/completeness')).json;
  assert.equal(c.next_section, 'headline');
  const start = c.percent;
  await a.patch('/api/v1/members/me', { headline: 'Teacher at Kompas Onderwijs' });
  c = (await a.get('/api/v1/members/me/completeness')).json;
  assert.ok(c.percent > start);
  assert.notEqual(c.next_section, 'headline');
  assert.equal(typeof c.next_step, 'string');

  const langs = await put(a, '/api/v1/members/me/languages', { languages: [{ name: 'Dutch', proficiency: 'native' }, { name: 'English', proficiency: 'full_professional' }] });
  assert.equal(langs.status, 200, langs.text);
  const cert = await a.post('/api/v1/members/me/certifications', { name: 'BIG registration', issuer: 'CIBG', issued: { year: 2015, month: 6 }, credential_url: 'https://example.org/big' });
  assert.equal(cert.status, 201, cert.text);
  const m = (await a.get('/api/v1/members/me')).json.member;
  assert.deepEqual(m.languages, [{ name: 'Dutch', proficiency: 'native' }, { name: 'English', proficiency: 'full_professional' }]);
  assert.equal(m.certifications[0].name, 'BIG registration');
  assert.equal((await a.del(`/api/v1/members/me/certifications/${cert.json.certification.id}`)).status, 204);
});

test('handles change and the old one redirects', async () => {
  const a = await member();
  const old = a.member.handle;
  const wanted = `nurse-${Math.random().toString(36).slice(2, 8)}`;
  const r = await put(a, '/api/v1/members/me/handle', { handle: wanted });
  assert.equal(r.status, 200, r.text);
  assert.equal(r.json.member.handle, wanted);
  const viaOld = await new Client(server.base).get(`/api/v1/members/${old}`);
  assert.equal(viaOld.status, 301);
  assert.equal(viaOld.headers.get('location'), `/api/v1/members/${wanted}`);
  const followed = await fetch(`${server.base}/api/v1/members/${old}`);
  assert.equal((await followed.json()).member.handle, wanted);

  const b = await member();
  expectError(assert, await put(b, '/api/v1/members/me/handle', { handle: wanted }), 409, 'handle_taken');
  expectError(assert, await put(b, '/api/v1/members/me/handle', { handle: old }), 409, 'handle_taken');
  expectError(assert, await put(b, '/api/v1/members/me/handle', { handle: 'Bad Handle!' }), 400);
  expectError(assert, await put(b, '/api/v1/members/me/handle', { handle: 'me' }), 400);
  // The owner may take their old handle back.
  assert.equal((await put(a, '/api/v1/members/me/handle', { handle: old })).status, 200);
});

test('skill typeahead and normalisation', async () => {
  const r = await new Client(server.base).get('/api/v1/skills/typeahead?q=javas');
  assert.equal(r.status, 200);
  assert.ok(r.json.items.some((i) => i.label === 'JavaScript'), r.text);
});
