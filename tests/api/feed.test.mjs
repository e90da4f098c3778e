// The feed through the HTTP API: both modes, candidates and their reasons, visibility, blocks, mutes, the
// remembered mode, cursors, post analytics, deletes, and bad input. Runs on SQLite and PostgreSQL
// (tests/run.sh).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, Client, expectError } from './support.mjs';

let server;
before(async () => { server = await startServer(); });
after(async () => { await server?.stop(); });

async function member(first = 'Test', last = undefined) {
  const c = new Client(server.base);
  await c.signup(last === undefined ? { first_name: first } : { first_name: first, last_name: last });
  return c;
}

function fullName(c) {
  return `${c.member.first_name} ${c.member.last_name}`;
}

async function connect(a, b) {
  const inv = await a.post('/api/v1/invitations', { to: b.member.handle, note: 'We met at the meetup' });
  assert.equal(inv.status, 201, inv.text);
  const acc = await b.post(`/api/v1/invitations/${inv.json.invitation.id}/accept`);
  assert.equal(acc.status, 200, acc.text);
}

async function post(c, text, extra = {}) {
  const r = await c.post('/api/v1/posts', { text, ...extra });
  assert.equal(r.status, 201, r.text);
  return r.json.post;
}

async function feed(c, query = '') {
  const r = await c.get(`/api/v1/feed${query}`);
  assert.equal(r.status, 200, r.text);
  return r.json;
}

const ids = (page) => page.items.map((i) => i.post.id);

// Every page of a feed, following next_cursor.
async function allPages(c, mode, limit) {
  const seen = [];
  let cursor = null;
  for (let i = 0; i < 50; i++) {
    const page = await feed(c, `?mode=${mode}&limit=${limit}${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`);
    assert.ok(page.items.length <= limit);
    seen.push(...ids(page));
    cursor = page.next_cursor;
    if (!cursor) return seen;
  }
  throw new Error('too many pages');
}

test('the feed is for members only', async () => {
  expectError(assert, await new Client(server.base).get('/api/v1/feed'), 401);
  expectError(assert, await new Client(server.base).get('/api/v1/feed/preferences'), 401);
});

test('recent mode: connections, follows and followed hashtags, strictly newest first, within visibility', async () => {
  const [viewer, bert, cees, dirk, eva] = [await member('Vera'), await member('Bert', 'Bakker'), await member('Cees'),
    await member('Dirk', 'de Boer'), await member('Eva')];
  await connect(viewer, bert);
  await connect(viewer, cees);
  const p1 = await post(bert, 'First from Bert');
  const p2 = await post(cees, 'Then Cees', { visibility: 'connections' });
  const p3 = await post(bert, 'Bert again');
  // Dirk is followed, not connected: his connections-only post stays out.
  assert.equal((await viewer.request('PUT', `/api/v1/members/${dirk.member.handle}/follow`)).status, 200);
  const p4 = await post(dirk, 'Public from Dirk');
  await post(dirk, 'Only for my connections', { visibility: 'connections' });
  // A followed hashtag brings in a stranger's post; a connections-only one with it stays out.
  assert.equal((await viewer.request('PUT', '/api/v1/feed/hashtags/%23RustLang')).status, 204);
  const p5 = await post(eva, 'Learning #rustlang today');
  await post(eva, 'Secret #rustlang notes', { visibility: 'connections' });
  await post(eva, 'Unrelated to anything');
  const own = await post(viewer, 'My own post is not in my feed');

  const page = await feed(viewer, '?mode=recent');
  assert.equal(page.mode, 'recent');
  assert.deepEqual(ids(page), [p5.id, p4.id, p3.id, p2.id, p1.id]);
  assert.ok(!ids(page).includes(own.id));
  const byId = Object.fromEntries(page.items.map((i) => [i.post.id, i]));
  assert.equal(byId[p3.id].reason, `Your connection ${fullName(bert)} posted this`);
  assert.equal(byId[p4.id].reason, `You follow ${fullName(dirk)}`);
  assert.equal(byId[p5.id].reason, 'You follow #rustlang');
  for (const item of page.items) {
    assert.equal(item.why.factors.length, 1);
    assert.equal(item.why.factors[0].name, 'recency');
    assert.equal(typeof item.why.factors[0].label, 'string');
    assert.equal(typeof item.why.score, 'number');
  }
  // The post JSON is the same as GET /api/v1/posts/{id}.
  const single = await viewer.get(`/api/v1/posts/${p3.id}`);
  assert.deepEqual(byId[p3.id].post, single.json.post);
  assert.deepEqual(byId[p3.id].post.author.handle, bert.member.handle);
  assert.deepEqual(byId[p3.id].post.reaction_counts, {});
  assert.equal(byId[p3.id].post.comment_count, 0);
  assert.equal(byId[p3.id].post.my_reaction, null);

  const prefs = await viewer.get('/api/v1/feed/preferences');
  assert.equal(prefs.status, 200, prefs.text);
  assert.deepEqual(prefs.json.followed_hashtags, ['rustlang']);
});

test('relevant mode: connections\' comments and reactions bring posts in, never past their visibility', async () => {
  const viewer = await member('Vera');
  const anna = await member('Anna', 'de Vries');
  const jan = await member('Jan', 'Jansen');
  const stranger = await member('Stan');
  const other = await member('Otto');
  await connect(viewer, anna);
  await connect(viewer, jan);
  await connect(stranger, anna);  // Anna sees Stan's connections-only posts; the viewer does not

  const open = await post(stranger, 'An open question about databases');
  const closed = await post(stranger, 'For my connections only', { visibility: 'connections' });
  const liked = await post(other, 'Something Jan liked');
  const fromJan = await post(jan, 'Jan writes something');

  assert.equal((await anna.post(`/api/v1/posts/${open.id}/comments`, { text: 'Good question!' })).status, 201);
  assert.equal((await anna.post(`/api/v1/posts/${closed.id}/reactions`, { type: 'like' })).status, 201);
  assert.equal((await anna.post(`/api/v1/posts/${closed.id}/comments`, { text: 'Agreed' })).status, 201);
  assert.equal((await jan.post(`/api/v1/posts/${liked.id}/reactions`, { type: 'celebrate' })).status, 201);

  const page = await feed(viewer, '?mode=relevant&limit=50');
  assert.equal(page.mode, 'relevant');
  const got = ids(page);
  assert.ok(got.includes(open.id), 'a post a connection commented on is a candidate');
  assert.ok(got.includes(liked.id), 'a post a connection reacted to is a candidate');
  assert.ok(got.includes(fromJan.id));
  assert.ok(!got.includes(closed.id), 'a connections-only post never leaks through a connection\'s reaction');
  assert.equal(new Set(got).size, got.length, 'no duplicates');
  const byId = Object.fromEntries(page.items.map((i) => [i.post.id, i]));
  assert.equal(byId[open.id].reason, 'Anna de Vries commented on this');
  assert.equal(byId[liked.id].reason, 'Jan Jansen reacted to this');
  assert.equal(byId[fromJan.id].reason, 'Your connection Jan Jansen posted this');
  for (const item of page.items) {
    assert.equal(typeof item.why.score, 'number');
    assert.ok(item.why.factors.length >= 2);
    const sum = item.why.factors.reduce((s, f) => s + f.value, 0);
    assert.ok(Math.abs(sum - item.why.score) < 1e-9, 'the factors add up to the score');
    for (const f of item.why.factors) {
      assert.equal(typeof f.name, 'string');
      assert.equal(typeof f.label, 'string');
      assert.ok(f.label.length > 0);
    }
  }
  assert.ok(byId[open.id].why.factors.some((f) => f.name === 'freshness'));
  assert.ok(byId[open.id].why.factors.some((f) => f.name === 'quality' && f.label.includes('1 comment')));

  // Not in recent mode either, and not for a stranger to the post's author.
  assert.ok(!ids(await feed(viewer, '?mode=recent&limit=50')).includes(closed.id));
});

test('affinity: a member the viewer interacts with ranks higher, and the label says why', async () => {
  const viewer = await member('Vera');
  const [close, distant] = [await member('Close'), await member('Distant')];
  await connect(viewer, close);
  await connect(viewer, distant);
  const older = await post(close, 'An older post by someone I like');
  for (let i = 0; i < 3; i++) {
    const p = await post(close, `Post ${i}`);
    assert.equal((await viewer.post(`/api/v1/posts/${p.id}/reactions`, { type: 'like' })).status, 201);
  }
  const newer = await post(distant, 'A newer post by someone I never interact with');
  const page = await feed(viewer, '?mode=relevant&limit=50');
  const got = ids(page);
  assert.ok(got.indexOf(older.id) < got.indexOf(newer.id), `affinity outranks a little freshness: ${got}`);
  const item = page.items.find((i) => i.post.id === older.id);
  const affinity = item.why.factors.find((f) => f.name === 'affinity');
  assert.ok(affinity && affinity.value > 0);
  assert.equal(affinity.label, 'You reacted to 3 of Close\'s posts in the last month');
});

test('blocks and mutes leave posts out; preferences list the mutes', async () => {
  const viewer = await member('Vera');
  const [anna, bert, carl] = [await member('Anna'), await member('Bert'), await member('Carl')];
  await connect(viewer, anna);
  await connect(viewer, bert);
  const a1 = await post(anna, 'Anna on #kubernetes');
  const b1 = await post(bert, 'Bert on something');
  const c1 = await post(carl, 'Carl, a stranger');
  assert.equal((await bert.post(`/api/v1/posts/${c1.id}/comments`, { text: 'Nice' })).status, 201);
  assert.deepEqual(new Set(ids(await feed(viewer, '?mode=relevant'))), new Set([a1.id, b1.id, c1.id]));

  // Mute a member: gone in both modes, also as the subject of "X commented on this".
  assert.equal((await viewer.request('PUT', `/api/v1/feed/mutes/members/${bert.member.handle}`)).status, 204);
  assert.equal((await viewer.request('PUT', `/api/v1/feed/mutes/members/${bert.member.handle}`)).status, 204);
  assert.deepEqual(ids(await feed(viewer, '?mode=recent')), [a1.id]);
  assert.deepEqual(ids(await feed(viewer, '?mode=relevant')), [a1.id]);
  // Mute a hashtag.
  assert.equal((await viewer.request('PUT', '/api/v1/feed/mutes/hashtags/Kubernetes')).status, 204);
  assert.deepEqual(ids(await feed(viewer, '?mode=relevant')), []);
  const prefs = await viewer.get('/api/v1/feed/preferences');
  assert.equal(prefs.status, 200);
  assert.deepEqual(prefs.json.muted_members.map((m) => m.handle), [bert.member.handle]);
  assert.deepEqual(prefs.json.muted_hashtags, ['kubernetes']);
  // Unmute both.
  assert.equal((await viewer.del(`/api/v1/feed/mutes/members/${bert.member.handle}`)).status, 204);
  assert.equal((await viewer.del('/api/v1/feed/mutes/hashtags/kubernetes')).status, 204);
  assert.deepEqual(new Set(ids(await feed(viewer, '?mode=relevant'))), new Set([a1.id, b1.id, c1.id]));

  // Block: the blocked member's posts are gone, whoever blocked whom.
  assert.equal((await carl.request('PUT', `/api/v1/members/${viewer.member.handle}/block`)).status, 200);
  assert.ok(!ids(await feed(viewer, '?mode=relevant')).includes(c1.id));
  assert.equal((await viewer.request('PUT', `/api/v1/members/${anna.member.handle}/block`)).status, 200);
  const after = ids(await feed(viewer, '?mode=relevant'));
  assert.ok(!after.includes(a1.id) && !after.includes(c1.id));
  assert.ok(!ids(await feed(viewer, '?mode=recent')).includes(a1.id));

  // Unknown members and bad hashtags.
  expectError(assert, await viewer.request('PUT', '/api/v1/feed/mutes/members/no-such-member-xyz'), 404);
  expectError(assert, await viewer.del('/api/v1/feed/mutes/members/no-such-member-xyz'), 404);
  expectError(assert, await viewer.request('PUT', `/api/v1/feed/mutes/members/${viewer.member.handle}`), 400);
  expectError(assert, await viewer.request('PUT', '/api/v1/feed/mutes/hashtags/two%20words'), 400);
  expectError(assert, await viewer.request('PUT', '/api/v1/feed/mutes/hashtags/12345'), 400);
  expectError(assert, await viewer.request('PUT', `/api/v1/feed/mutes/hashtags/${'x'.repeat(101)}`), 400);
});

test('the mode is remembered: relevant by default, the last one given afterwards', async () => {
  const viewer = await member();
  assert.equal((await feed(viewer)).mode, 'relevant');
  assert.equal((await viewer.get('/api/v1/feed/preferences')).json.mode, 'relevant');
  assert.equal((await feed(viewer, '?mode=recent')).mode, 'recent');
  assert.equal((await feed(viewer)).mode, 'recent');
  assert.equal((await viewer.get('/api/v1/feed/preferences')).json.mode, 'recent');
  assert.equal((await feed(viewer, '?mode=relevant')).mode, 'relevant');
  assert.equal((await feed(viewer, '?limit=5')).mode, 'relevant');
});

test('cursors page through both modes without gaps or duplicates', async () => {
  const viewer = await member();
  const authors = [await member('A'), await member('B'), await member('C')];
  for (const a of authors) await connect(viewer, a);
  const made = [];
  for (let i = 0; i < 7; i++) made.push((await post(authors[i % 3], `Post number ${i}`)).id);

  const recent = await allPages(viewer, 'recent', 2);
  assert.deepEqual(recent, [...made].reverse());
  const relevant = await allPages(viewer, 'relevant', 3);
  assert.equal(relevant.length, made.length);
  assert.deepEqual(new Set(relevant), new Set(made));
  // The ranked list stays put while paging, even when a new post arrives in between.
  const first = await feed(viewer, '?mode=relevant&limit=3');
  await post(authors[0], 'A late arrival');
  const second = await feed(viewer, `?mode=relevant&limit=3&cursor=${encodeURIComponent(first.next_cursor)}`);
  const rest = ids(second);
  assert.equal(rest.filter((id) => ids(first).includes(id)).length, 0);
  assert.ok(rest.every((id) => made.includes(id)));

  // A cursor of the other mode, or a tampered one, is a 400.
  const recentPage = await feed(viewer, '?mode=recent&limit=2');
  expectError(assert, await viewer.get(`/api/v1/feed?mode=relevant&cursor=${encodeURIComponent(recentPage.next_cursor)}`), 400);
  expectError(assert, await viewer.get(`/api/v1/feed?mode=recent&cursor=${encodeURIComponent(first.next_cursor)}`), 400);
  expectError(assert, await viewer.get('/api/v1/feed?cursor=not-a-cursor'), 400);
  expectError(assert, await viewer.get('/api/v1/feed?mode=recent&cursor=%F0%9F%98%80'), 400);
});

test('a deleted post disappears from every feed at once', async () => {
  const [author, fan, other] = [await member(), await member(), await member()];
  await connect(author, fan);
  await connect(fan, other);
  const p = await post(author, 'Here today');
  assert.equal((await fan.post(`/api/v1/posts/${p.id}/comments`, { text: 'Gone tomorrow?' })).status, 201);
  assert.ok(ids(await feed(fan, '?mode=recent')).includes(p.id));
  assert.ok(ids(await feed(other, '?mode=relevant')).includes(p.id));
  const paged = await feed(fan, '?mode=relevant&limit=1');
  assert.equal((await author.del(`/api/v1/posts/${p.id}`)).status, 204);
  assert.ok(!ids(await feed(fan, '?mode=recent')).includes(p.id));
  assert.ok(!ids(await feed(fan, '?mode=relevant')).includes(p.id));
  assert.ok(!ids(await feed(other, '?mode=relevant')).includes(p.id));
  if (paged.next_cursor) {
    const next = await feed(fan, `?mode=relevant&cursor=${encodeURIComponent(paged.next_cursor)}`);
    assert.ok(!ids(next).includes(p.id));
  }
});

test('post analytics: the author only, with impressions, reactions, comments, reshares and reach', async () => {
  const author = await member('Auke');
  const [fan, follower, stranger] = [await member('Fan'), await member('Follower'), await member('Stranger')];
  await connect(author, fan);
  assert.equal((await follower.request('PUT', `/api/v1/members/${author.member.handle}/follow`)).status, 200);
  const p = await post(author, 'Measure me');
  const hidden = await post(author, 'Connections only', { visibility: 'connections' });

  const empty = await author.get(`/api/v1/posts/${p.id}/analytics`);
  assert.equal(empty.status, 200, empty.text);
  assert.deepEqual(empty.json.analytics.reactions,
    { like: 0, celebrate: 0, support: 0, insightful: 0, funny: 0, love: 0 });
  assert.equal(empty.json.analytics.impressions, 0);
  assert.equal(empty.json.analytics.followers, 1);

  // Two members see it in their feeds (one twice), react, comment and reshare.
  assert.ok(ids(await feed(fan, '?mode=recent')).includes(p.id));
  assert.ok(ids(await feed(fan, '?mode=relevant')).includes(p.id));
  assert.ok(ids(await feed(follower, '?mode=recent')).includes(p.id));
  assert.equal((await fan.post(`/api/v1/posts/${p.id}/reactions`, { type: 'insightful' })).status, 201);
  assert.equal((await follower.post(`/api/v1/posts/${p.id}/reactions`, { type: 'like' })).status, 201);
  assert.equal((await fan.post(`/api/v1/posts/${p.id}/comments`, { text: 'Measured' })).status, 201);
  await post(follower, '', { reshare_of: p.id });

  let a;
  for (let i = 0; i < 100; i++) {  // impressions are written in the background
    a = (await author.get(`/api/v1/posts/${p.id}/analytics`)).json.analytics;
    if (a.impressions >= 3) break;
    await new Promise((r) => setTimeout(r, 100));
  }
  assert.equal(a.impressions, 3);
  assert.equal(a.unique_viewers, 2);
  assert.equal(a.reactions.insightful, 1);
  assert.equal(a.reactions.like, 1);
  assert.equal(a.comments, 1);
  assert.equal(a.reshares, 1);
  assert.equal(a.colleague_engagement_share, 0);
  assert.equal(a.followers, 1);
  assert.equal(a.reach_percent, 100);  // 2 viewers, an audience of 2 (1 connection, 1 follower)

  // Others who can see it: 403; who cannot: 404; nobody: 401.
  expectError(assert, await fan.get(`/api/v1/posts/${p.id}/analytics`), 403);
  expectError(assert, await stranger.get(`/api/v1/posts/${p.id}/analytics`), 403);
  expectError(assert, await stranger.get(`/api/v1/posts/${hidden.id}/analytics`), 404);
  expectError(assert, await fan.get(`/api/v1/posts/${hidden.id}/analytics`), 403);
  expectError(assert, await author.get('/api/v1/posts/999999999/analytics'), 404);
  expectError(assert, await author.get('/api/v1/posts/abc/analytics'), 404);
  expectError(assert, await new Client(server.base).get(`/api/v1/posts/${p.id}/analytics`), 401);
});

test('engagement bait and link-only reshares rank lower than a plain post', async () => {
  const viewer = await member();
  const author = await member('Bo');
  const other = await member('Cor');
  await connect(viewer, author);
  await connect(viewer, other);
  const original = await post(other, 'A real thought about #testing');
  const reshare = await post(author, '', { reshare_of: original.id });
  const bait = await post(other, 'Comment YES if you agree! Let\'s connect!');
  const page = await feed(viewer, '?mode=relevant&limit=50');
  const byId = Object.fromEntries(page.items.map((i) => [i.post.id, i]));
  assert.ok(byId[bait.id].why.factors.some((f) => f.name === 'engagement_bait' && f.value < 0));
  assert.ok(byId[reshare.id].why.factors.some((f) => f.name === 'no_commentary' && f.value < 0));
  assert.equal(byId[reshare.id].post.reshare_of.id, original.id);
  assert.ok(byId[original.id].why.score > byId[bait.id].why.score);
});

test('bad input is a 4xx JSON error, never a 500', async () => {
  const viewer = await member();
  for (const q of ['?mode=bogus', '?mode=', '?limit=0', '?limit=51', '?limit=abc', '?limit=-1', '?limit=1.5',
    '?unknown=1', '?mode=recent&x=y', '?cursor=%00', '?cursor=' + 'A'.repeat(5000), '?mode=RECENT']) {
    const r = await viewer.get(`/api/v1/feed${q}`);
    expectError(assert, r, 400);
  }
  assert.equal((await feed(viewer, '?limit=50')).items.length, 0);
  assert.equal((await feed(viewer, '?limit=1&mode=recent')).next_cursor, null);
  expectError(assert, await viewer.get('/api/v1/feed/preferences?x=1'), 400);
  for (const tag of ['%E2%80%8B', '%23', '%20', '-']) {
    const r = await viewer.request('PUT', `/api/v1/feed/mutes/hashtags/${tag}`);
    assert.ok(r.status >= 400 && r.status < 500, `${tag}: ${r.status}`);
  }
  const ok = await viewer.request('PUT', '/api/v1/feed/mutes/hashtags/caf%C3%A9');
  assert.equal(ok.status, 204);
  assert.deepEqual((await viewer.get('/api/v1/feed/preferences')).json.muted_hashtags, ['cafe']);
});
