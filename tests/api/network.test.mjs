// The network through the HTTP API: invitations, connections, degrees, paths, suggestions, follows, blocks,
// introductions. Runs on SQLite and PostgreSQL (tests/run.sh).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, Client, expectError } from './support.mjs';

let server;
before(async () => { server = await startServer({ args: ['--invitations-per-week', '5'] }); });
after(async () => { await server?.stop(); });

async function member(fields) {
  const c = new Client(server.base);
  await c.signup(fields);
  return c;
}

// a invites b (with a note, so any degree works) and b accepts.
async function connect(a, b) {
  const inv = await a.post('/api/v1/invitations', { to: b.member.handle, note: 'We met at the meetup' });
  assert.equal(inv.status, 201, inv.text);
  const acc = await b.post(`/api/v1/invitations/${inv.json.invitation.id}/accept`);
  assert.equal(acc.status, 200, acc.text);
  return acc.json.invitation;
}

test('invite, accept: both see 1st degree, a third member sees 2nd degree and the path', async () => {
  const [a, b, c] = [await member(), await member(), await member()];
  const sent = await a.post('/api/v1/invitations', { to: b.member.handle, note: 'Hello from the association' });
  assert.equal(sent.status, 201);
  const inv = sent.json.invitation;
  assert.ok(inv.id);
  assert.equal(inv.status, 'pending');
  assert.equal(inv.to.handle, b.member.handle);
  assert.equal(inv.note, 'Hello from the association');

  const received = await b.get('/api/v1/invitations?direction=received');
  assert.deepEqual(received.json.items.map((i) => i.id), [inv.id]);
  assert.equal(received.json.next_cursor, null);
  const outbox = await a.get('/api/v1/invitations?direction=sent');
  assert.deepEqual(outbox.json.items.map((i) => i.id), [inv.id]);

  const acc = await b.post(`/api/v1/invitations/${inv.id}/accept`);
  assert.equal(acc.status, 200);
  assert.equal(acc.json.invitation.status, 'accepted');

  assert.equal((await a.get(`/api/v1/members/${b.member.handle}`)).json.member.degree, 1);
  assert.equal((await b.get(`/api/v1/members/${a.member.handle}`)).json.member.degree, 1);
  assert.equal((await a.get(`/api/v1/members/${a.member.handle}`)).json.member.degree, 0);
  assert.equal((await c.get(`/api/v1/members/${a.member.handle}`)).json.member.degree, null);

  await connect(c, b);
  const viewA = (await c.get(`/api/v1/members/${a.member.handle}`)).json.member;
  assert.equal(viewA.degree, 2);
  assert.equal(viewA.relationship.mutual_count, 1);
  assert.equal(viewA.relationship.connected, false);

  const path = await c.get(`/api/v1/members/${c.member.handle}/path?to=${a.member.handle}`);
  assert.equal(path.status, 200);
  assert.equal(path.json.distance, 2);
  assert.deepEqual(path.json.path, [c.member.handle, b.member.handle, a.member.handle]);
  assert.deepEqual(path.json.members.map((m) => m.degree), [0, 1, 2]);

  const self = await c.get(`/api/v1/members/${c.member.handle}/path?to=${c.member.handle}`);
  assert.deepEqual(self.json, { distance: 0, path: [c.member.handle], members: self.json.members });
  const lone = await member();
  const none = await c.get(`/api/v1/members/${c.member.handle}/path?to=${lone.member.handle}`);
  assert.equal(none.json.distance, null);
  assert.deepEqual(none.json.path, []);
  expectError(assert, await c.get(`/api/v1/members/${c.member.handle}/path?to=nobody-here-xyz`), 404);
  expectError(assert, await c.get(`/api/v1/members/${c.member.handle}/path`), 400);

  const mutual = await c.get(`/api/v1/members/${a.member.handle}/mutual-connections`);
  assert.equal(mutual.json.count, 1);
  assert.equal(mutual.json.items[0].member.handle, b.member.handle);

  const size = await c.get('/api/v1/network/size');
  assert.deepEqual(size.json, { first_degree: 1, second_degree: 1 });
});

test('connections list: newest first, paged exactly once, readable by the member and their connections', async () => {
  const hub = await member();
  const others = [];
  for (let i = 0; i < 5; i++) {
    const o = await member({ first_name: i % 2 ? 'Odd' : 'Even' });
    await connect(o, hub);
    others.push(o);
  }
  const seen = [];
  let cursor = null;
  do {
    const r = await hub.get(`/api/v1/members/me/connections?limit=2${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`);
    assert.equal(r.status, 200);
    assert.ok(r.json.items.length <= 2);
    for (const item of r.json.items) {
      assert.equal(item.member.degree, 1);
      assert.match(item.connected_at, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?Z$/);
      seen.push(item);
    }
    cursor = r.json.next_cursor;
  } while (cursor);
  // Every connection exactly once, newest first, ties (same second) by member id ascending.
  assert.deepEqual(seen.map((i) => i.member.handle).sort(), others.map((o) => o.member.handle).sort());
  const order = [...seen].sort((x, y) => (x.connected_at === y.connected_at ? x.member.id - y.member.id
    : (x.connected_at < y.connected_at ? 1 : -1)));
  assert.deepEqual(seen.map((i) => i.member.id), order.map((i) => i.member.id));

  const filtered = await hub.get('/api/v1/members/me/connections?q=odd');
  assert.deepEqual(filtered.json.items.map((i) => i.member.first_name), ['Odd', 'Odd']);

  // A connection can read the list; a stranger cannot; hiding it keeps it to the member.
  assert.equal((await others[0].get(`/api/v1/members/${hub.member.handle}/connections`)).status, 200);
  const stranger = await member();
  expectError(assert, await stranger.get(`/api/v1/members/${hub.member.handle}/connections`), 403);
  assert.equal((await hub.patch('/api/v1/network/settings', { hide_connections: true })).json.hide_connections, true);
  expectError(assert, await others[0].get(`/api/v1/members/${hub.member.handle}/connections`), 403);
  assert.equal((await hub.get('/api/v1/members/me/connections')).status, 200);

  expectError(assert, await hub.get('/api/v1/members/me/connections?limit=0'), 400);
  expectError(assert, await hub.get('/api/v1/members/me/connections?limit=100000'), 400);
  expectError(assert, await hub.get('/api/v1/members/me/connections?cursor=garbage!'), 400, 'invalid_cursor');

  // Removing a connection takes effect at once.
  const r = await hub.del(`/api/v1/connections/${others[0].member.handle}`);
  assert.equal(r.status, 204);
  assert.equal((await hub.get(`/api/v1/members/${others[0].member.handle}`)).json.member.degree, null);
  expectError(assert, await hub.del(`/api/v1/connections/${others[0].member.handle}`), 404);
});

test('bad invitations get clear 4xx answers', async () => {
  const [a, b, c] = [await member(), await member(), await member()];
  expectError(assert, await a.post('/api/v1/invitations', { to: a.member.handle, note: 'me' }), 400);
  expectError(assert, await a.post('/api/v1/invitations', { to: 'no-such-member-xyz', note: 'x' }), 404);
  expectError(assert, await a.post('/api/v1/invitations', {}), 400);
  expectError(assert, await a.post('/api/v1/invitations', { to: 42 }), 400);
  expectError(assert, await a.post('/api/v1/invitations', { to: b.member.handle, note: 'x'.repeat(301) }), 400);
  // Beyond 3rd degree a note is required.
  expectError(assert, await a.post('/api/v1/invitations', { to: b.member.handle }), 400, 'note_required');

  const inv = (await a.post('/api/v1/invitations', { to: b.member.handle, note: 'Colleagues at the clinic' })).json.invitation;
  expectError(assert, await a.post('/api/v1/invitations', { to: b.member.handle, note: 'again' }), 409, 'invitation_pending');
  // Only the invited member can accept; others do not even see it.
  expectError(assert, await a.post(`/api/v1/invitations/${inv.id}/accept`), 403);
  expectError(assert, await c.post(`/api/v1/invitations/${inv.id}/accept`), 404);
  expectError(assert, await c.del(`/api/v1/invitations/${inv.id}`), 404);
  expectError(assert, await b.post('/api/v1/invitations/999999999/accept'), 404);
  expectError(assert, await b.post('/api/v1/invitations/abc/accept'), 404);

  // Ignoring closes it; a second answer conflicts.
  assert.equal((await b.post(`/api/v1/invitations/${inv.id}/ignore`)).json.invitation.status, 'ignored');
  expectError(assert, await b.post(`/api/v1/invitations/${inv.id}/accept`), 409);

  // Withdraw by the sender.
  const inv2 = (await c.post('/api/v1/invitations', { to: b.member.handle, note: 'hi' })).json.invitation;
  assert.equal((await c.del(`/api/v1/invitations/${inv2.id}`)).status, 204);
  assert.equal((await b.get('/api/v1/invitations')).json.items.length, 0);

  // Inviting back accepts the pending invitation.
  const inv3 = (await a.post('/api/v1/invitations', { to: c.member.handle, note: 'hello' })).json.invitation;
  const back = await c.post('/api/v1/invitations', { to: a.member.handle });
  assert.equal(back.status, 200);
  assert.equal(back.json.invitation.id, inv3.id);
  assert.equal(back.json.invitation.status, 'accepted');
  expectError(assert, await a.post('/api/v1/invitations', { to: c.member.handle, note: 'x' }), 409, 'already_connected');

  // Anonymous requests are refused.
  expectError(assert, await new Client(server.base).post('/api/v1/invitations', { to: b.member.handle }), 401);
});

test('the weekly invitation limit answers 429 with retry_after', async () => {
  const a = await member();
  const limit = await a.get('/api/v1/invitations/limit');
  assert.deepEqual({ limit: limit.json.limit, used: limit.json.used }, { limit: 5, used: 0 });
  for (let i = 0; i < 5; i++) {
    const b = await member();
    assert.equal((await a.post('/api/v1/invitations', { to: b.member.handle, note: 'hi' })).status, 201);
  }
  const b = await member();
  const r = await a.post('/api/v1/invitations', { to: b.member.handle, note: 'hi' });
  expectError(assert, r, 429, 'invitation_limit');
  assert.ok(r.json.error.retry_after > 0 && r.json.error.retry_after <= 7 * 24 * 3600 + 1);
  assert.equal((await a.get('/api/v1/invitations/limit')).json.remaining, 0);
});

test('people you may know: ranked with reasons, excludes connections and pending, dismiss, changes at once', async () => {
  const me = await member();
  const [f1, f2, f3] = [await member(), await member(), await member()];
  for (const f of [f1, f2, f3]) await connect(f, me);
  const strong = await member({ first_name: 'Strong' });
  const weak = await member({ first_name: 'Weak' });
  await connect(strong, f1);
  await connect(strong, f2);
  await connect(weak, f3);

  let s = await me.get('/api/v1/network/suggestions?limit=10');
  assert.equal(s.status, 200);
  const handles = s.json.items.map((i) => i.member.handle);
  assert.ok(handles.indexOf(strong.member.handle) >= 0 && handles.indexOf(weak.member.handle) >= 0, s.text);
  assert.ok(handles.indexOf(strong.member.handle) < handles.indexOf(weak.member.handle), 'two mutuals rank above one');
  for (const h of [me, f1, f2, f3].map((c) => c.member.handle)) assert.ok(!handles.includes(h));
  const top = s.json.items.find((i) => i.member.handle === strong.member.handle);
  assert.equal(top.member.degree, 2);
  const mutual = top.why.find((w) => w.factor === 'mutual_connections');
  assert.ok(mutual && mutual.value > 0, JSON.stringify(top.why));
  assert.match(mutual.detail, /^2 mutual connections/);
  assert.ok(Math.abs(top.score - top.why.reduce((x, w) => x + w.value, 0)) < 1e-9);

  // A pending invitation removes the suggestion; dismissing removes another.
  await me.post('/api/v1/invitations', { to: strong.member.handle });
  assert.equal((await me.post(`/api/v1/network/suggestions/${weak.member.handle}/dismiss`)).status, 204);
  s = await me.get('/api/v1/network/suggestions');
  assert.ok(!s.json.items.some((i) => [strong.member.handle, weak.member.handle].includes(i.member.handle)));

  // A new connection changes suggestions at once.
  const newcomer = await member();
  await connect(newcomer, f1);
  s = await me.get('/api/v1/network/suggestions');
  assert.ok(s.json.items.some((i) => i.member.handle === newcomer.member.handle));
  expectError(assert, await me.get('/api/v1/network/suggestions?limit=0'), 400);
});

test('block hides both members from each other and removes the connection', async () => {
  const [a, b, c] = [await member(), await member(), await member()];
  await connect(a, b);
  await connect(b, c);
  await a.request('PUT', `/api/v1/members/${b.member.handle}/follow`);
  const blocked = await a.request('PUT', `/api/v1/members/${b.member.handle}/block`);
  assert.equal(blocked.status, 200);
  assert.equal(blocked.json.blocked, true);
  expectError(assert, await a.get(`/api/v1/members/${b.member.handle}`), 404);
  expectError(assert, await b.get(`/api/v1/members/${a.member.handle}`), 404);
  expectError(assert, await b.post('/api/v1/invitations', { to: a.member.handle, note: 'hi' }), 404);
  assert.equal((await a.get('/api/v1/network/size')).json.first_degree, 0);
  assert.deepEqual((await a.get('/api/v1/network/blocked')).json.items.map((i) => i.member.handle), [b.member.handle]);
  const cList = await c.get(`/api/v1/members/${c.member.handle}/connections`);
  assert.ok(!(await a.get('/api/v1/network/following')).json.items.some((i) => i.member?.handle === b.member.handle));
  assert.equal(cList.json.items.length, 1);
  // Anonymous visitors still see both public profiles.
  assert.equal((await new Client(server.base).get(`/api/v1/members/${b.member.handle}`)).status, 200);
  assert.equal((await a.del(`/api/v1/members/${b.member.handle}/block`)).json.blocked, false);
  assert.equal((await a.get(`/api/v1/members/${b.member.handle}`)).status, 200);
});

test('paths never pass through a member the viewer blocked or was blocked by', async () => {
  const [p, q, r, s, t] = [await member(), await member(), await member(), await member(), await member()];
  await connect(p, q); await connect(q, r); await connect(p, s); await connect(s, t); await connect(t, r);
  const before = await r.get(`/api/v1/members/me/path?to=${p.member.handle}`);
  assert.deepEqual(before.json.path, [r.member.handle, q.member.handle, p.member.handle]);
  await q.request('PUT', `/api/v1/members/${r.member.handle}/block`);
  const after = await r.get(`/api/v1/members/me/path?to=${p.member.handle}`);
  assert.deepEqual(after.json.path, [r.member.handle, t.member.handle, s.member.handle, p.member.handle]);
  assert.equal(after.json.distance, 3);
});

test('follow members and companies', async () => {
  const [a, b] = [await member(), await member()];
  assert.equal((await a.request('PUT', `/api/v1/members/${b.member.handle}/follow`)).json.following, true);
  const view = (await a.get(`/api/v1/members/${b.member.handle}`)).json.member;
  assert.equal(view.relationship.following, true);
  assert.equal(view.network.followers, 1);
  const following = await a.get('/api/v1/network/following');
  assert.deepEqual(following.json.items.map((i) => [i.kind, i.member.handle]), [['member', b.member.handle]]);
  assert.equal((await a.del(`/api/v1/members/${b.member.handle}/follow`)).json.following, false);
  assert.equal((await a.get(`/api/v1/members/${b.member.handle}`)).json.member.network.followers, 0);
  expectError(assert, await a.request('PUT', `/api/v1/members/${a.member.handle}/follow`), 400);
  expectError(assert, await a.request('PUT', '/api/v1/companies/no-such-company/follow'), 404);
});

test('introductions: ask a mutual connection, forward, accept; everyone sees the outcome', async () => {
  const [me, via, target, stranger] = [await member(), await member(), await member(), await member()];
  await connect(me, via);
  await connect(via, target);
  expectError(assert, await me.post('/api/v1/introductions', { target: target.member.handle, via: stranger.member.handle, message: 'hi' }), 400);
  expectError(assert, await me.post('/api/v1/introductions', { target: target.member.handle, via: via.member.handle, message: '' }), 400);
  const r = await me.post('/api/v1/introductions', { target: target.member.handle, via: via.member.handle, message: 'I would like to learn about logistics' });
  assert.equal(r.status, 201, r.text);
  const intro = r.json.introduction;
  assert.equal(intro.status, 'pending');
  expectError(assert, await me.post('/api/v1/introductions', { target: target.member.handle, via: via.member.handle, message: 'again' }), 409);

  // The target does not see it before it is forwarded; strangers never do.
  assert.equal((await target.get('/api/v1/introductions')).json.items.length, 0);
  expectError(assert, await stranger.post(`/api/v1/introductions/${intro.id}/forward`), 404);
  expectError(assert, await me.post(`/api/v1/introductions/${intro.id}/forward`), 403);
  const fwd = await via.post(`/api/v1/introductions/${intro.id}/forward`, { note: 'Anna knows her stuff' });
  assert.equal(fwd.json.introduction.status, 'forwarded');
  const seen = (await target.get('/api/v1/introductions?role=target')).json.items;
  assert.deepEqual(seen.map((i) => [i.id, i.reply]), [[intro.id, 'Anna knows her stuff']]);
  const acc = await target.post(`/api/v1/introductions/${intro.id}/accept`);
  assert.equal(acc.json.introduction.status, 'accepted');
  assert.equal((await me.get(`/api/v1/members/${target.member.handle}`)).json.member.degree, 1);
  for (const c of [me, via, target]) {
    const items = (await c.get('/api/v1/introductions')).json.items;
    assert.equal(items.find((i) => i.id === intro.id).status, 'accepted');
  }
  // Giving as well as taking.
  const viaProfile = (await me.get(`/api/v1/members/${via.member.handle}`)).json.member;
  assert.equal(viaProfile.network.introductions_made, 1);
  assert.equal((await me.get('/api/v1/members/me')).json.member.network.introductions_asked, 1);
  expectError(assert, await me.get('/api/v1/introductions?role=boss'), 400);
});
