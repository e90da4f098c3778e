// The demo seed (`kring seed`): deterministic members, connections and a few weeks of posts with reactions and
// comments, so that the demo account's feed, search and network have something to show. Runs on both backends.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, Client, freshDatabase, kringCli } from './support.mjs';

const servers = [];
after(async () => { for (const s of servers) await s.stop(); });

async function seeded(args = []) {
  const db = freshDatabase();
  const out = kringCli(['seed', '--db', db.url, '--members', '400', '--seed', '7', ...args]);
  const server = await startServer({ db });
  servers.push(server);
  const demo = new Client(server.base);
  const login = await demo.post('/api/v1/auth/login', { email: 'demo@kring.example', password: 'kring-demo-pass' });
  assert.equal(login.status, 200, login.text);
  return { out, server, demo };
}

test('the demo account has a feed of recent posts with engagement, each with its reason', async () => {
  const { out, demo } = await seeded();
  const [, posts, reactions, comments] = out.match(/(\d+) posts, (\d+) reactions and (\d+) comments/).map(Number);
  assert.ok(posts > 400 * 0.3 * 14 * 0.7, `posts: ${out}`);
  assert.ok(reactions > posts, `reactions: ${out}`);
  assert.ok(comments > 0, `comments: ${out}`);

  const feed = await demo.get('/api/v1/feed?mode=relevant&limit=20');
  assert.equal(feed.status, 200, feed.text);
  assert.equal(feed.json.items.length, 20);
  for (const item of feed.json.items) {
    assert.ok(item.reason.length > 0);
    assert.ok(item.why.factors.length > 0);
    assert.notEqual(item.post.author.handle, 'demi-kring', 'your own posts are not in your feed');
    assert.ok(Date.now() - Date.parse(item.post.created_at) <= 15 * 24 * 3600 * 1000, 'posts are recent');
  }
  assert.ok(feed.json.items.some((i) => Object.keys(i.post.reaction_counts).length > 0), 'some posts have reactions');
  const recent = await demo.get('/api/v1/feed?mode=recent&limit=20');
  const times = recent.json.items.map((i) => Date.parse(i.post.created_at));
  assert.deepEqual(times, [...times].sort((a, b) => b - a));

  // The demo account's own posts have an audience to look at in analytics.
  const mine = await demo.get('/api/v1/members/demi-kring/posts?limit=5');
  assert.equal(mine.status, 200, mine.text);
  assert.equal(mine.json.items.length, 2);
  const stats = await demo.get(`/api/v1/posts/${mine.json.items[0].id}/analytics`);
  assert.equal(stats.status, 200, stats.text);
  assert.ok(Object.values(stats.json.analytics.reactions).reduce((a, b) => a + b, 0) > 0);
});

test('the same seed writes the same network and posts; --post-days 0 writes none', async () => {
  const seed = (...extra) => {
    const db = freshDatabase();
    try {
      return kringCli(['seed', '--db', db.url, '--members', '150', '--seed', '3', ...extra]);
    } finally {
      db.drop();
    }
  };
  const a = seed();
  assert.match(a, /seeded 150 members, \d+ connections, [1-9]\d* posts/);
  assert.equal(seed(), a);
  assert.match(seed('--post-days', '0'), / 0 posts, 0 reactions and 0 comments/);
});
