// Posts, reactions and comments through the HTTP API, with the bad input the feed issue lists. Runs on SQLite
// and PostgreSQL (tests/run.sh).
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

test('create, read, edit and delete a post with mentions, hashtags and links', async () => {
  const [a, b] = [await member(), await member()];
  const text = `Great talk by @${b.member.handle} and @no-such-member-xyz on #CPlusPlus #Kring https://example.org/a?b=1#frag`;
  const p = await post(a, { text });
  assert.ok(p.id);
  assert.equal(p.author.handle, a.member.handle);
  assert.equal(p.text, text);
  assert.equal(p.visibility, 'anyone');
  assert.equal(p.edited_at, null);
  assert.equal(p.reshare_of, null);
  assert.deepEqual(p.mentions, [b.member.handle]);
  assert.deepEqual([...p.hashtags].sort(), ['cplusplus', 'kring']);
  assert.deepEqual(p.reaction_counts, {});
  assert.equal(p.comment_count, 0);
  assert.equal(p.my_reaction, null);
  assert.ok(Date.parse(p.created_at));

  const anon = await new Client(server.base).get(`/api/v1/posts/${p.id}`);
  assert.equal(anon.status, 200);
  assert.equal(anon.json.post.text, text);

  expectError(assert, await b.patch(`/api/v1/posts/${p.id}`, { text: 'hijacked' }), 403);
  expectError(assert, await b.del(`/api/v1/posts/${p.id}`), 403);
  const edited = await a.patch(`/api/v1/posts/${p.id}`, { text: 'Edited #Other' });
  assert.equal(edited.status, 200, edited.text);
  assert.equal(edited.json.post.text, 'Edited #Other');
  assert.ok(edited.json.post.edited_at);
  assert.deepEqual(edited.json.post.hashtags, ['other']);

  const list = await b.get(`/api/v1/members/${a.member.handle}/posts`);
  assert.equal(list.status, 200);
  assert.deepEqual(list.json.items.map((i) => i.id), [p.id]);

  assert.equal((await a.del(`/api/v1/posts/${p.id}`)).status, 204);
  expectError(assert, await a.get(`/api/v1/posts/${p.id}`), 404);
  expectError(assert, await b.post(`/api/v1/posts/${p.id}/comments`, { text: 'too late' }), 404);
  expectError(assert, await b.post(`/api/v1/posts/${p.id}/reactions`, { type: 'like' }), 404);
  assert.deepEqual((await b.get(`/api/v1/members/${a.member.handle}/posts`)).json.items, []);
});

test('text limits and characters: 3,000 emoji allowed, 3,001 and empty rejected, zero-width and RTL verbatim', async () => {
  const a = await member();
  const emoji = '😀'.repeat(3000);
  const ok = await post(a, { text: emoji });
  assert.equal([...ok.text].length, 3000);
  assert.equal((await a.get(`/api/v1/posts/${ok.id}`)).json.post.text, emoji);
  expectError(assert, await a.post('/api/v1/posts', { text: emoji + '😀' }), 400);
  expectError(assert, await a.post('/api/v1/posts', { text: 'x'.repeat(3001) }), 400);
  expectError(assert, await a.post('/api/v1/posts', { text: '' }), 400);
  expectError(assert, await a.post('/api/v1/posts', { text: '   ' }), 400);
  expectError(assert, await a.post('/api/v1/posts', {}), 400);
  expectError(assert, await a.post('/api/v1/posts', { text: 'bell \u0007' }), 400);
  expectError(assert, await a.post('/api/v1/posts', { text: 42 }), 400);
  expectError(assert, await a.post('/api/v1/posts', { text: 'x', visibility: 'everyone' }), 400);
  expectError(assert, await a.post('/api/v1/posts', { text: 'x', extra: 1 }), 400);
  const badBytes = Buffer.concat([Buffer.from('{"text":"bad '), Buffer.from([0xff, 0xfe]), Buffer.from('"}')]);
  const invalid = await a.post('/api/v1/posts', badBytes, { raw: true, headers: { 'content-type': 'application/json' } });
  expectError(assert, invalid, 400);
  const tricky = '\u200Fשלום\u200B zero\u200Dwidth \u202Eevil\u202C 👩‍💻';
  const p = await post(a, { text: tricky });
  assert.equal(p.text, tricky);
  assert.equal((await a.get(`/api/v1/posts/${p.id}`)).json.post.text, tricky);
  expectError(assert, await new Client(server.base).post('/api/v1/posts', { text: 'anon' }), 401);
});

test('connections-only posts: visible to the author and 1st-degree connections; blocks hide either way', async () => {
  const [a, b, c] = [await member(), await member(), await member()];
  await connect(a, b);
  const closed = await post(a, { text: 'For my network only', visibility: 'connections' });
  const open = await post(a, { text: 'For everyone' });
  assert.equal((await b.get(`/api/v1/posts/${closed.id}`)).status, 200);
  expectError(assert, await c.get(`/api/v1/posts/${closed.id}`), 404);
  expectError(assert, await new Client(server.base).get(`/api/v1/posts/${closed.id}`), 404);
  expectError(assert, await c.post(`/api/v1/posts/${closed.id}/comments`, { text: 'hi' }), 404);
  expectError(assert, await c.post(`/api/v1/posts/${closed.id}/reactions`, { type: 'like' }), 404);
  expectError(assert, await c.patch(`/api/v1/posts/${closed.id}`, { text: 'x' }), 404);

  assert.deepEqual((await c.get(`/api/v1/members/${a.member.handle}/posts`)).json.items.map((i) => i.id), [open.id]);
  assert.deepEqual((await b.get(`/api/v1/members/${a.member.handle}/posts`)).json.items.map((i) => i.id),
    [open.id, closed.id]);

  // Reshares.
  expectError(assert, await b.post('/api/v1/posts', { text: '', reshare_of: closed.id }), 400);
  expectError(assert, await c.post('/api/v1/posts', { text: '', reshare_of: closed.id }), 404);
  expectError(assert, await c.post('/api/v1/posts', { text: '', reshare_of: 999999999 }), 404);
  const reshare = await post(c, { text: '', reshare_of: open.id });
  assert.equal(reshare.reshare_of.id, open.id);
  assert.equal(reshare.reshare_of.author.handle, a.member.handle);
  const withCommentary = await post(c, { text: 'Worth reading', reshare_of: open.id });
  assert.equal(withCommentary.text, 'Worth reading');

  assert.equal((await c.request('PUT', `/api/v1/members/${a.member.handle}/block`)).status, 200);
  expectError(assert, await c.get(`/api/v1/posts/${open.id}`), 404);
  expectError(assert, await a.get(`/api/v1/posts/${reshare.id}`), 404);
  expectError(assert, await c.post(`/api/v1/posts/${open.id}/reactions`, { type: 'like' }), 404);
});

test('reactions: one per member, changeable, counted per type; unknown type is a 400', async () => {
  const [a, b, c] = [await member(), await member(), await member()];
  const p = await post(a, { text: 'React!' });
  const first = await b.post(`/api/v1/posts/${p.id}/reactions`, { type: 'like' });
  assert.equal(first.status, 201, first.text);
  assert.deepEqual(first.json.reaction_counts, { like: 1 });
  const again = await b.post(`/api/v1/posts/${p.id}/reactions`, { type: 'like' });
  assert.equal(again.status, 200);
  assert.deepEqual(again.json.reaction_counts, { like: 1 });
  const changed = await b.post(`/api/v1/posts/${p.id}/reactions`, { type: 'insightful' });
  assert.equal(changed.status, 200);
  assert.deepEqual(changed.json.reaction_counts, { insightful: 1 });
  assert.equal((await c.post(`/api/v1/posts/${p.id}/reactions`, { type: 'insightful' })).status, 201);
  const seen = (await b.get(`/api/v1/posts/${p.id}`)).json.post;
  assert.deepEqual(seen.reaction_counts, { insightful: 2 });
  assert.equal(seen.my_reaction, 'insightful');
  expectError(assert, await b.post(`/api/v1/posts/${p.id}/reactions`, { type: 'dislike' }), 400);
  expectError(assert, await b.post(`/api/v1/posts/${p.id}/reactions`, {}), 400);
  expectError(assert, await b.post('/api/v1/posts/999999999/reactions', { type: 'like' }), 404);
  assert.equal((await b.del(`/api/v1/posts/${p.id}/reactions`)).status, 204);
  const after = (await b.get(`/api/v1/posts/${p.id}`)).json.post;
  assert.deepEqual(after.reaction_counts, { insightful: 1 });
  assert.equal(after.my_reaction, null);
});

test('comments: one level of replies, paging, deletion by the comment or post author', async () => {
  const [a, b, c] = [await member(), await member(), await member()];
  const p = await post(a, { text: 'Discuss' });
  const top = await b.post(`/api/v1/posts/${p.id}/comments`, { text: 'First!' });
  assert.equal(top.status, 201, top.text);
  const tc = top.json.comment;
  assert.equal(tc.post_id, p.id);
  assert.equal(tc.author.handle, b.member.handle);
  assert.equal(tc.parent, null);
  const replies = [];
  for (let i = 0; i < 5; i++) {
    const r = await a.post(`/api/v1/posts/${p.id}/comments`, { text: `Reply ${i}`, parent: i === 0 ? tc.id : replies.at(-1) });
    assert.equal(r.status, 201, r.text);
    assert.equal(r.json.comment.parent, tc.id);
    replies.push(r.json.comment.id);
  }
  const second = (await c.post(`/api/v1/posts/${p.id}/comments`, { text: 'Second' })).json.comment;
  expectError(assert, await c.post(`/api/v1/posts/${p.id}/comments`, { text: '' }), 400);
  expectError(assert, await c.post(`/api/v1/posts/${p.id}/comments`, { text: 'x'.repeat(1251) }), 400);
  assert.equal((await c.post(`/api/v1/posts/${p.id}/comments`, { text: 'é'.repeat(1250) })).status, 201);
  expectError(assert, await c.post(`/api/v1/posts/${p.id}/comments`, { text: 'x', parent: 999999999 }), 404);

  const page1 = await new Client(server.base).get(`/api/v1/posts/${p.id}/comments?limit=2`);
  assert.equal(page1.status, 200);
  assert.deepEqual(page1.json.items.map((i) => i.id), [tc.id, second.id]);
  assert.equal(page1.json.items[0].reply_count, 5);
  assert.deepEqual(page1.json.items[0].replies.map((r) => r.id), replies.slice(2));
  assert.ok(page1.json.next_cursor);
  const page2 = await a.get(`/api/v1/posts/${p.id}/comments?limit=2&cursor=${encodeURIComponent(page1.json.next_cursor)}`);
  assert.equal(page2.json.items.length, 1);
  assert.equal(page2.json.next_cursor, null);
  expectError(assert, await a.get(`/api/v1/posts/${p.id}/comments?cursor=garbage`), 400);
  assert.equal((await a.get(`/api/v1/posts/${p.id}`)).json.post.comment_count, 8);

  expectError(assert, await c.del(`/api/v1/comments/${tc.id}`), 403);
  assert.equal((await c.del(`/api/v1/comments/${second.id}`)).status, 204);  // its author
  assert.equal((await a.del(`/api/v1/comments/${tc.id}`)).status, 204);      // the post's author, replies go too
  expectError(assert, await a.del(`/api/v1/comments/${tc.id}`), 404);
  assert.equal((await a.get(`/api/v1/posts/${p.id}`)).json.post.comment_count, 1);
});
