// Notifications through the HTTP API: what creates them (mentions, comments, replies, reactions, accepted
// invitations, endorsements, introductions), the rules (never yourself, never across a block, mentions only for
// members who can see the post, an edit notifies only new mentions), the reaction aggregate, deletes, read
// state, bad input and 401. Runs on SQLite and PostgreSQL (KRING_TEST_BACKEND=postgres, tests/run.sh).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, Client, expectError } from './support.mjs';
import { readZip } from '../support/linkedin_fixture.mjs';

let server;
before(async () => { server = await startServer(); });
after(async () => { await server?.stop(); });

async function member(fields) {
  const c = new Client(server.base);
  await c.signup(fields);
  return c;
}

async function connect(a, b) {
  const inv = await a.post('/api/v1/invitations', { to: b.member.handle, note: 'We met at the meetup' });
  assert.equal(inv.status, 201, inv.text);
  const acc = await b.post(`/api/v1/invitations/${inv.json.invitation.id}/accept`);
  assert.equal(acc.status, 200, acc.text);
}

async function post(c, body) {
  const r = await c.post('/api/v1/posts', body);
  assert.equal(r.status, 201, r.text);
  return r.json.post;
}

async function notifications(c, query = '') {
  const r = await c.get(`/api/v1/notifications${query}`);
  assert.equal(r.status, 200, r.text);
  return r.json;
}

async function unread(c) {
  const r = await c.get('/api/v1/notifications/unread-count');
  assert.equal(r.status, 200, r.text);
  return r.json.unread;
}

const name = (c) => `${(c.member ?? c).first_name} ${(c.member ?? c).last_name}`;  // a client or a member card

test('a mention notifies the member, who can open the post; marking it read', async () => {
  const [anna, bram] = [await member({ first_name: 'Anna' }), await member({ first_name: 'Bram' })];
  assert.equal(await unread(bram), 0);
  const p = await post(anna, { text: `Great talk by @${bram.member.handle} today ${'x'.repeat(200)}` });
  const page = await notifications(bram);
  assert.equal(page.unread, 1);
  assert.equal(page.next_cursor, null);
  assert.equal(page.items.length, 1);
  const n = page.items[0];
  assert.equal(typeof n.id, 'number');
  assert.equal(n.kind, 'mention');
  assert.equal(n.actor.handle, anna.member.handle);
  assert.equal(n.actor.first_name, 'Anna');
  assert.equal(n.post.id, p.id);
  assert.equal([...n.post.text].length, 141);  // the first 140 characters and an ellipsis
  assert.ok(p.text.startsWith(n.post.text.slice(0, -1)));
  assert.equal(n.comment_id, null);
  assert.equal(n.count, 1);
  assert.equal(n.text, `${name(anna)} mentioned you in a post`);
  assert.ok(Date.parse(n.created_at));
  assert.equal(n.read, false);
  assert.equal(await unread(bram), 1);
  assert.deepEqual((await notifications(anna)).items, []);

  const opened = await bram.get(`/api/v1/posts/${n.post.id}`);
  assert.equal(opened.status, 200, opened.text);
  assert.equal((await bram.post('/api/v1/notifications/read', { ids: [n.id] })).status, 204);
  assert.equal(await unread(bram), 0);
  const after = await notifications(bram);
  assert.equal(after.unread, 0);
  assert.equal(after.items[0].read, true);
  // Another member's ids are ignored (no error, nothing changes for them).
  const p2 = await post(anna, { text: `Again @${bram.member.handle}` });
  const mine = (await notifications(bram)).items.find((i) => i.post.id === p2.id);
  assert.equal((await anna.post('/api/v1/notifications/read', { ids: [mine.id] })).status, 204);
  assert.equal(await unread(bram), 1);
});

test('connections-only posts mention only connections; nobody is notified of their own actions', async () => {
  const [anna, bram, cees] = [await member(), await member(), await member()];
  await connect(anna, bram);
  assert.equal((await notifications(anna)).items[0].kind, 'invitation_accepted');
  await anna.post('/api/v1/notifications/read', { all: true });
  const p = await post(anna, {
    text: `Between us @${bram.member.handle} @${cees.member.handle} @${anna.member.handle}`, visibility: 'connections',
  });
  assert.deepEqual((await notifications(bram)).items.map((i) => [i.kind, i.post.id]), [['mention', p.id]]);
  assert.deepEqual((await notifications(cees)).items, []);
  expectError(assert, await cees.get(`/api/v1/posts/${p.id}`), 404);
  // Her own comment and reaction on her own post notify nobody (Bram only took part by being mentioned).
  assert.equal((await anna.post(`/api/v1/posts/${p.id}/comments`, { text: 'And me' })).status, 201);
  assert.equal((await anna.post(`/api/v1/posts/${p.id}/reactions`, { type: 'like' })).status, 201);
  assert.equal(await unread(anna), 0);
  assert.equal((await notifications(bram)).items.length, 1);
  // When the connection ends, the notification about the connections-only post is left out.
  assert.equal((await anna.del(`/api/v1/connections/${bram.member.handle}`)).status, 204);
  assert.deepEqual((await notifications(bram)).items, []);
  assert.equal(await unread(bram), 0);
});

test('blocks: existing notifications between the two go, and no new ones are made', async () => {
  const [anna, bram] = [await member(), await member()];
  const p = await post(anna, { text: `Hi @${bram.member.handle}` });
  assert.equal((await bram.post(`/api/v1/posts/${p.id}/comments`, { text: 'Hi!' })).status, 201);
  assert.equal(await unread(anna), 1);
  assert.equal(await unread(bram), 1);
  assert.equal((await bram.request('PUT', `/api/v1/members/${anna.member.handle}/block`)).status, 200);
  assert.deepEqual((await notifications(anna)).items, []);
  assert.deepEqual((await notifications(bram)).items, []);
  await post(anna, { text: `Still there @${bram.member.handle}?` });
  assert.equal(await unread(bram), 0);
  // Unblocking does not bring anything back; new mentions reach again.
  assert.equal((await bram.del(`/api/v1/members/${anna.member.handle}/block`)).status, 200);
  assert.equal(await unread(bram), 0);
  await post(anna, { text: `Welcome back @${bram.member.handle}` });
  assert.equal(await unread(bram), 1);
});

test('reactions aggregate into one unread notification per post', async () => {
  const [anna, bram, cees, dirk] = [await member(), await member(), await member(), await member()];
  const p = await post(anna, { text: 'React to this' });
  for (const [c, type] of [[bram, 'like'], [cees, 'celebrate'], [dirk, 'insightful']]) {
    assert.equal((await c.post(`/api/v1/posts/${p.id}/reactions`, { type })).status, 201);
  }
  assert.equal((await bram.post(`/api/v1/posts/${p.id}/reactions`, { type: 'love' })).status, 200);  // a change
  let page = await notifications(anna);
  assert.equal(page.items.length, 1);
  let n = page.items[0];
  assert.equal(n.kind, 'reaction');
  assert.equal(n.count, 3);
  assert.equal(n.post.id, p.id);
  assert.equal(n.text, `${name(n.actor)} and 2 others reacted to your post`);
  assert.equal(page.unread, 1);
  assert.equal((await dirk.del(`/api/v1/posts/${p.id}/reactions`)).status, 204);
  n = (await notifications(anna)).items[0];
  assert.equal(n.count, 2);
  assert.equal(n.text, `${name(n.actor)} and 1 other reacted to your post`);
  // Once read, the next reaction starts a new one.
  assert.equal((await anna.post('/api/v1/notifications/read', { ids: [n.id] })).status, 204);
  assert.equal((await dirk.post(`/api/v1/posts/${p.id}/reactions`, { type: 'funny' })).status, 201);
  page = await notifications(anna);
  assert.deepEqual(page.items.map((i) => [i.count, i.read]), [[1, false], [2, true]]);
  assert.equal(page.items[0].text, `${name(dirk)} reacted to your post`);
});

test('editing notifies only newly mentioned members; deleting removes what a post or comment caused', async () => {
  const [anna, bram, cees, dirk] = [await member(), await member(), await member(), await member()];
  const p = await post(anna, { text: `Hello @${bram.member.handle}` });
  assert.equal((await anna.patch(`/api/v1/posts/${p.id}`, { text: `Hello @${bram.member.handle} and @${cees.member.handle}` })).status, 200);
  assert.equal((await anna.patch(`/api/v1/posts/${p.id}`, { text: `Hello @${bram.member.handle} and @${cees.member.handle}!` })).status, 200);
  assert.equal((await notifications(bram)).items.length, 1);
  assert.equal((await notifications(cees)).items.length, 1);

  // Comments and replies: the post's author, the replied-to comment's author, mentioned members.
  const top = await bram.post(`/api/v1/posts/${p.id}/comments`, { text: 'Thanks!' });
  assert.equal(top.status, 201, top.text);
  const reply = await cees.post(`/api/v1/posts/${p.id}/comments`, { text: `Same, @${dirk.member.handle}`, parent: top.json.comment.id });
  assert.equal(reply.status, 201, reply.text);
  assert.deepEqual((await notifications(anna)).items.map((i) => [i.kind, i.comment_id]),
    [['comment', reply.json.comment.id], ['comment', top.json.comment.id]]);
  const bramItems = (await notifications(bram)).items;
  assert.deepEqual(bramItems.map((i) => i.kind), ['reply', 'mention']);
  assert.equal(bramItems[0].text, `${name(cees)} replied to your comment`);
  const dirkItems = (await notifications(dirk)).items;
  assert.deepEqual(dirkItems.map((i) => [i.kind, i.text]), [['mention', `${name(cees)} mentioned you in a comment`]]);
  assert.equal((await notifications(anna)).items[0].text, `${name(cees)} commented on your post`);

  // Deleting the comment takes the reply and their notifications; deleting the post takes the rest.
  assert.equal((await bram.del(`/api/v1/comments/${top.json.comment.id}`)).status, 204);
  assert.deepEqual((await notifications(anna)).items, []);
  assert.deepEqual((await notifications(dirk)).items, []);
  assert.deepEqual((await notifications(bram)).items.map((i) => i.kind), ['mention']);
  assert.equal((await anna.del(`/api/v1/posts/${p.id}`)).status, 204);
  for (const c of [bram, cees, dirk]) {
    assert.deepEqual((await notifications(c)).items, []);
    assert.equal(await unread(c), 0);
  }
});

test('accepted invitations, endorsements and introductions', async () => {
  const [anna, bram, cees] = [await member({ first_name: 'Anna' }), await member(), await member()];
  await connect(anna, bram);
  let n = (await notifications(anna)).items[0];
  assert.deepEqual([n.kind, n.actor.handle, n.post, n.text],
    ['invitation_accepted', bram.member.handle, null, `${name(bram)} accepted your invitation to connect`]);

  assert.equal((await anna.request('PUT', '/api/v1/members/me/skills', { skills: ['SQL'] })).status, 200);
  const e = await bram.post(`/api/v1/members/${anna.member.handle}/skills/SQL/endorsements`);
  assert.equal(e.status, 201, e.text);
  n = (await notifications(anna)).items[0];
  assert.deepEqual([n.kind, n.actor.handle, n.skill, n.text],
    ['endorsement', bram.member.handle, 'SQL', `${name(bram)} endorsed you for SQL`]);
  // Withdrawing the endorsement withdraws its notification.
  assert.equal((await bram.del(`/api/v1/members/${anna.member.handle}/skills/SQL/endorsements`)).status, 204);
  assert.deepEqual((await notifications(anna)).items.map((i) => i.kind), ['invitation_accepted']);

  await connect(bram, cees);
  const r = await cees.post('/api/v1/introductions', { target: anna.member.handle, via: bram.member.handle, message: 'Would love to meet Anna' });
  assert.equal(r.status, 201, r.text);
  n = (await notifications(bram)).items[0];
  assert.deepEqual([n.kind, n.actor.handle, n.text], ['introduction', cees.member.handle, `${name(cees)} asked you for an introduction`]);
  assert.equal((await notifications(anna)).items.length, 1);
  assert.equal((await bram.post(`/api/v1/introductions/${r.json.introduction.id}/forward`, { note: 'Cees is great' })).status, 200);
  n = (await notifications(anna)).items[0];
  assert.deepEqual([n.kind, n.actor.handle, n.text], ['introduction', cees.member.handle, `${name(cees)} would like to be introduced to you`]);
});

test('paging, mark all as read, the export and account deletion', async () => {
  const [anna, bram] = [await member(), await member()];
  const ids = [];
  for (let i = 0; i < 5; i++) ids.push((await post(anna, { text: `Post ${i} for @${bram.member.handle}` })).id);
  const seen = [];
  let cursor = null;
  for (let i = 0; i < 10; i++) {
    const page = await notifications(bram, `?limit=2${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`);
    assert.ok(page.items.length <= 2);
    seen.push(...page.items.map((n) => n.post.id));
    cursor = page.next_cursor;
    if (!cursor) break;
  }
  assert.deepEqual(seen, [...ids].reverse());
  assert.equal(await unread(bram), 5);
  assert.equal((await bram.post('/api/v1/notifications/read', { all: true })).status, 204);
  assert.equal(await unread(bram), 0);
  assert.ok((await notifications(bram)).items.every((n) => n.read));

  const res = await fetch(`${server.base}/api/v1/members/me/export`, { headers: { cookie: bram.cookie } });
  assert.equal(res.status, 200);
  const data = JSON.parse(readZip(Buffer.from(await res.arrayBuffer())).get('profile.json').toString('utf8'));
  assert.equal(data.notifications.length, 5);
  assert.equal(data.notifications[0].kind, 'mention');
  assert.deepEqual(data.notifications[0].actor, { handle: anna.member.handle, name: name(anna) });
  assert.equal(data.notifications[0].post_id, ids[4]);
  assert.ok(data.notifications[0].read_at);

  // Deleting the actor's account removes what they caused.
  assert.equal((await anna.del('/api/v1/members/me', { password: anna.password })).status, 204);
  assert.deepEqual((await notifications(bram)).items, []);
});

test('bad input is a 400 with a JSON error; anonymous requests are 401', async () => {
  const c = await member();
  const anon = new Client(server.base);
  expectError(assert, await anon.get('/api/v1/notifications'), 401);
  expectError(assert, await anon.get('/api/v1/notifications/unread-count'), 401);
  expectError(assert, await anon.post('/api/v1/notifications/read', { all: true }), 401);

  for (const q of ['?limit=0', '?limit=101', '?limit=abc', '?cursor=garbage', '?cursor=%00%01']) {
    expectError(assert, await c.get(`/api/v1/notifications${q}`), 400);
  }
  const bad = [
    {}, { ids: [] }, { ids: 'all' }, { ids: ['1'] }, { ids: [0] }, { ids: [-3] }, { ids: [1.5] }, { ids: [null] },
    { all: false }, { all: 'yes' }, { all: true, ids: [1] }, { read: true }, { ids: Array.from({ length: 101 }, (_, i) => i + 1) },
    [], 'hello', null,
  ];
  for (const body of bad) {
    expectError(assert, await c.post('/api/v1/notifications/read', body), 400);
  }
  expectError(assert, await c.post('/api/v1/notifications/read', '{"ids": [1,', { raw: true, headers: { 'content-type': 'application/json' } }), 400);
  expectError(assert, await c.post('/api/v1/notifications/read', { ids: [1e30] }), 400);
  // Unknown ids are not an error: they are not the member's.
  assert.equal((await c.post('/api/v1/notifications/read', { ids: [9007199254740993] })).status, 204);
});
