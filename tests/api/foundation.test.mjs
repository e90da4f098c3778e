// Black-box tests of the foundation contract: accounts, sessions, CSRF, members, API keys, limits, errors.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import net from 'node:net';
import { startServer, Client, expectError, kringCli } from './support.mjs';

let server;
before(async () => { server = await startServer(); });
after(async () => { await server?.stop(); });

const client = () => new Client(server.base);

test('healthz answers ok once ready', async () => {
  const r = await client().get('/healthz');
  assert.equal(r.status, 200);
  assert.deepEqual(r.json, { status: 'ok' });
});

test('signup returns the member, a CSRF token and a hardened session cookie', async () => {
  const c = client();
  const r = await c.post('/api/v1/auth/signup', {
    email: 'Anna.Jansen@Example.org', password: 'long enough pw', first_name: 'Anna', last_name: 'Jansen',
  });
  assert.equal(r.status, 201);
  assert.equal(r.json.member.first_name, 'Anna');
  assert.match(r.json.member.handle, /^anna-jansen(-\d+)?$/);
  assert.equal(typeof r.json.member.id, 'number');
  assert.ok(r.json.csrf_token.length >= 20);
  const cookie = r.headers.get('set-cookie');
  assert.match(cookie, /kring_session=/);
  assert.match(cookie, /HttpOnly/);
  assert.match(cookie, /SameSite=Lax/);
  assert.doesNotMatch(cookie, /Secure/);
  const s = await c.get('/api/v1/auth/session');
  assert.equal(s.status, 200);
  assert.equal(s.json.member.id, r.json.member.id);
  assert.equal(s.json.csrf_token, r.json.csrf_token);
});

test('duplicate email (in any case) is 409; short password and bad input are 400 naming the field', async () => {
  const c = client();
  await c.signup({ email: 'dup@example.org' });
  expectError(assert, await client().post('/api/v1/auth/signup', {
    email: 'DUP@example.org', password: 'another password', first_name: 'A', last_name: 'B',
  }), 409);
  let r = await client().post('/api/v1/auth/signup', {
    email: 'short@example.org', password: '123456789', first_name: 'A', last_name: 'B',
  });
  expectError(assert, r, 400);
  assert.equal(r.json.error.field, 'password');
  r = await client().post('/api/v1/auth/signup', { email: 'x@example.org', password: '0123456789', first_name: 'A' });
  expectError(assert, r, 400);
  assert.equal(r.json.error.field, 'last_name');
  r = await client().post('/api/v1/auth/signup', { email: 'not-an-email', password: '0123456789', first_name: 'A', last_name: 'B' });
  assert.equal(r.json.error.field, 'email');
  r = await client().post('/api/v1/auth/signup', { email: 'y@example.org', password: 1234567890, first_name: 'A', last_name: 'B' });
  expectError(assert, r, 400);
  assert.equal(r.json.error.field, 'password');
  r = await client().post('/api/v1/auth/signup', { email: 'z@example.org', password: '0123456789', first_name: '   ', last_name: 'B' });
  assert.equal(r.json.error.field, 'first_name');
});

test('login: right password 200; wrong password and unknown email 401 with the same message', async () => {
  const c = client();
  await c.signup();
  const ok = await client().post('/api/v1/auth/login', { email: c.email.toUpperCase(), password: c.password });
  assert.equal(ok.status, 200);
  assert.equal(ok.json.member.id, c.member.id);
  assert.ok(ok.json.csrf_token);
  const wrong = await client().post('/api/v1/auth/login', { email: c.email, password: 'wrong password!' });
  const unknown = await client().post('/api/v1/auth/login', { email: 'nobody@example.org', password: 'wrong password!' });
  expectError(assert, wrong, 401);
  expectError(assert, unknown, 401);
  assert.equal(wrong.json.error.message, unknown.json.error.message);
});

test('logout ends the session; it needs the CSRF token like any cookie-authenticated write', async () => {
  const c = client();
  await c.signup();
  expectError(assert, await c.post('/api/v1/auth/logout', undefined, { csrf: false }), 403, 'csrf_failed');
  const r = await c.post('/api/v1/auth/logout');
  assert.equal(r.status, 204);
  expectError(assert, await c.get('/api/v1/auth/session'), 401);
  expectError(assert, await c.get('/api/v1/members/me'), 401);
});

test('a stolen cookie replayed after logout is refused', async () => {
  const c = client();
  await c.signup();
  const cookie = c.cookie;
  await c.post('/api/v1/auth/logout');
  const thief = client();
  thief.cookie = cookie;
  expectError(assert, await thief.get('/api/v1/auth/session'), 401);
});

test('members: read by handle and as me; unknown handle 404; anonymous me 401', async () => {
  const c = client();
  const m = await c.signup({ first_name: 'Zoë', last_name: "O'Brien" });
  assert.match(m.handle, /^zoe-o-brien(-\d+)?$/);
  const pub = await client().get(`/api/v1/members/${m.handle}`);
  assert.equal(pub.status, 200);
  for (const k of ['id', 'handle', 'first_name', 'last_name', 'headline', 'about', 'location']) {
    assert.ok(k in pub.json.member, `member has ${k}`);
  }
  assert.equal(pub.json.member.first_name, 'Zoë');
  const me = await c.get('/api/v1/members/me');
  assert.equal(me.json.member.handle, m.handle);
  expectError(assert, await client().get('/api/v1/members/no-such-member-here'), 404);
  expectError(assert, await client().get('/api/v1/members/me'), 401);
});

test('handles are unique: two members with one name get distinct handles', async () => {
  const a = await client().signup({ first_name: 'Pieter', last_name: 'Post' });
  const b = await client().signup({ first_name: 'Pieter', last_name: 'Post' });
  assert.notEqual(a.handle, b.handle);
  assert.match(b.handle, /^pieter-post-\d+$/);
});

test('PATCH /members/me stores text verbatim and is visible at once', async () => {
  const c = client();
  const m = await c.signup();
  const evil = `<script>alert("x")</script> '; DROP TABLE members; -- 🎉`;
  const r = await c.patch('/api/v1/members/me', { headline: evil, about: 'Line one\nLine two', location: 'Utrecht' });
  assert.equal(r.status, 200);
  assert.equal(r.json.member.headline, evil);
  const again = await client().get(`/api/v1/members/${m.handle}`);
  assert.equal(again.json.member.headline, evil);
  assert.equal(again.json.member.about, 'Line one\nLine two');
  assert.equal(again.json.member.location, 'Utrecht');
});

test('PATCH without the CSRF token is 403; bad fields are 400 naming the field', async () => {
  const c = client();
  await c.signup();
  expectError(assert, await c.patch('/api/v1/members/me', { headline: 'x' }, { csrf: false }), 403);
  const wrongToken = await c.patch('/api/v1/members/me', { headline: 'x' }, { csrf: false, headers: { 'x-csrf-token': 'nope' } });
  expectError(assert, wrongToken, 403);
  let r = await c.patch('/api/v1/members/me', { headline: 'x'.repeat(221) });
  expectError(assert, r, 400);
  assert.equal(r.json.error.field, 'headline');
  r = await c.patch('/api/v1/members/me', { about: 'a'.repeat(1_000_000) });
  assert.ok([400, 413].includes(r.status));
  r = await c.patch('/api/v1/members/me', { first_name: '' });
  assert.equal(r.json.error.field, 'first_name');
  r = await c.patch('/api/v1/members/me', { headline: 42 });
  assert.equal(r.json.error.field, 'headline');
  r = await c.patch('/api/v1/members/me', { favourite_colour: 'blue' });
  assert.equal(r.json.error.field, 'favourite_colour');
  r = await c.patch('/api/v1/members/me', { headline: 'bell\u0007' });
  assert.equal(r.json.error.field, 'headline');
  expectError(assert, await client().patch('/api/v1/members/me', { headline: 'x' }), 401);
});

test('admin API key: wrong key 401; Kring-As acts as the member without CSRF; every act is audited', async () => {
  const out = kringCli(['admin', 'api-key', 'create', '--db', server.database.url, '--name', 'tests']);
  const key = out.trim().split('\n').pop();
  assert.match(key, /^kring_/);
  const bad = client();
  bad.headers = { authorization: 'Bearer kring_not-a-real-key-at-all' };
  expectError(assert, await bad.get('/api/v1/members/me'), 401);

  const m = await client().signup();
  const admin = client();
  admin.headers = { authorization: `Bearer ${key}`, 'kring-as': m.handle };
  const me = await admin.get('/api/v1/members/me');
  assert.equal(me.status, 200);
  assert.equal(me.json.member.id, m.id);
  const r = await admin.patch('/api/v1/members/me', { headline: 'Set by an admin' });
  assert.equal(r.status, 200);
  assert.equal(r.json.member.headline, 'Set by an admin');

  const noAs = client();
  noAs.headers = { authorization: `Bearer ${key}` };
  expectError(assert, await noAs.patch('/api/v1/members/me', { headline: 'x' }), 400);
  const ghost = client();
  ghost.headers = { authorization: `Bearer ${key}`, 'kring-as': 'nobody-by-this-handle' };
  expectError(assert, await ghost.get('/api/v1/members/me'), 404);

  const log = await noAs.get('/api/v1/admin/audit-log?limit=10');
  assert.equal(log.status, 200);
  const patch = log.json.items.find((e) => e.method === 'PATCH' && e.acting_handle === m.handle && e.status === 200);
  assert.ok(patch, 'the PATCH made as the member is in the audit log');
  assert.equal(patch.acting_member_id, m.id);
  assert.equal(patch.path, '/api/v1/members/me');
  // Members cannot read the audit log.
  const member = client();
  await member.signup();
  expectError(assert, await member.get('/api/v1/admin/audit-log'), 403);
  expectError(assert, await noAs.get('/api/v1/admin/audit-log?cursor=bm9wZQ'), 400, 'invalid_cursor');
  expectError(assert, await noAs.get('/api/v1/admin/audit-log?limit=0'), 400);
});

test('HTTP errors: malformed JSON 400, unknown route 404, wrong method 405, big body 413', async () => {
  const c = client();
  let r = await c.request('POST', '/api/v1/auth/login', '{"email":', { raw: true });
  expectError(assert, r, 400, 'invalid_json');
  r = await c.request('POST', '/api/v1/auth/login', '[1,2]', { raw: true });
  expectError(assert, r, 400);
  expectError(assert, await c.get('/api/v1/does-not-exist'), 404);
  r = await c.del('/api/v1/auth/session');
  expectError(assert, r, 405);
  assert.match(r.headers.get('allow'), /GET/);
  r = await c.request('POST', '/api/v1/auth/login', 'x'.repeat((1 << 20) + 10), { raw: true });
  expectError(assert, r, 413);
});

test('oversized headers get 431 and the server keeps serving', async () => {
  const reply = await new Promise((resolve, reject) => {
    const sock = net.connect(server.port, '127.0.0.1', () => {
      sock.write(`GET /healthz HTTP/1.1\r\nHost: x\r\nX-Big: ${'a'.repeat(20000)}\r\n\r\n`);
    });
    let data = '';
    sock.on('data', (d) => { data += d; });
    sock.on('end', () => resolve(data));
    sock.on('close', () => resolve(data));
    sock.on('error', reject);
  });
  assert.match(reply, /^HTTP\/1\.1 431/);
  assert.equal((await client().get('/healthz')).status, 200);
});

test('garbage on the wire gets 400 and does not disturb other clients', async () => {
  const reply = await new Promise((resolve) => {
    const sock = net.connect(server.port, '127.0.0.1', () => sock.write('\x00\x01NOT HTTP AT ALL\r\n\r\n'));
    let data = '';
    sock.on('data', (d) => { data += d; });
    sock.on('close', () => resolve(data));
    sock.on('error', () => resolve(data));
  });
  assert.match(reply, /^HTTP\/1\.1 400/);
  assert.equal((await client().get('/healthz')).status, 200);
});

test('GET / serves the web app; client-side routes fall back to it; /api paths never do', async () => {
  const r = await client().get('/');
  assert.equal(r.status, 200);
  assert.match(r.headers.get('content-type'), /text\/html/);
  const deep = await client().get('/in/someone');
  assert.equal(deep.status, 200);
  assert.match(deep.headers.get('content-type'), /text\/html/);
  expectError(assert, await client().get('/api/v2/whatever'), 404);
});

test('metrics expose per-route request counts and latency histograms', async () => {
  await client().get('/api/v1/members/no-such-member-here');
  const r = await client().get('/metrics');
  assert.equal(r.status, 200);
  assert.match(r.text, /kring_http_requests_total\{route="GET \/api\/v1\/members\/\{handle\}",status="4xx"\} \d+/);
  assert.match(r.text, /kring_http_request_duration_seconds_bucket\{route="GET \/healthz",le="\+Inf"\} \d+/);
  assert.match(r.text, /kring_ready 1/);
});

test('concurrent writes all commit (group commit) and each is visible', async () => {
  const c = client();
  const m = await c.signup();
  const results = await Promise.all(Array.from({ length: 40 }, (_, i) => c.patch('/api/v1/members/me', { about: `version ${i}` })));
  for (const r of results) assert.equal(r.status, 200);
  const final = await client().get(`/api/v1/members/${m.handle}`);
  assert.match(final.json.member.about, /^version \d+$/);
});
