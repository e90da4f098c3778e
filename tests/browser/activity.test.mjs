// A member's posts on their profile: the Activity card (the 3 newest posts),
// "Show all posts" with the activity page (/in/:handle/activity, PostCards with
// "Show more"), connections-only posts for connections only, the empty states
// and the narrow screen.
//
// Members, connections and posts are made through the API.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { artifactPath, browserSuite, fitsWidth, sleep } from './support.mjs';

const { loginAs, settled, signup: apiSignup, call, connect } = browserSuite('activity');

/** Posts through the API, one after the other (newest last); returns their ids as strings. */
async function writePosts(who, texts, visibility = 'anyone') {
  const ids = [];
  for (const text of texts) {
    const { post } = await call(who, 'POST', '/posts', { text, visibility });
    ids.push(String(post.id));
    await sleep(5);
  }
  return ids;
}

async function ids(locator) {
  return locator.evaluateAll((els) => els.map((e) => e.dataset.postId));
}

test('the Activity card shows the 3 newest posts; the activity page shows them all; connections-only posts for connections', { timeout: 180_000 }, async () => {
  const anna = await apiSignup('Anna', 'de Vries');
  const bram = await apiSignup('Bram', 'Jansen');
  const cas = await apiSignup('Cas', 'Bakker');
  await call(anna, 'PATCH', '/members/me', { headline: 'Product lead at Kring' });
  await connect(anna, bram);

  const marker = Date.now().toString(36);
  const publicIds = await writePosts(
    anna,
    [1, 2, 3, 4, 5].map((n) => `Activity post ${n} <${marker}> #KringActivity${n === 5 ? ` ${'long text '.repeat(60)}` : ''}`),
  );
  const [privateId] = await writePosts(anna, [`Only for my connections <${marker}>`], 'connections');
  const newestPublic = [...publicIds].reverse();

  // Cas (not connected) opens Anna's profile: the 3 newest public posts, newest first.
  const c = await loginAs(cas);
  await c.page.goto(`/in/${anna.handle}`);
  const activity = c.page.getByTestId('activity');
  await activity.getByRole('heading', { name: 'Activity' }).waitFor();
  await activity.getByTestId('activity-item').first().waitFor();
  assert.deepEqual(await ids(activity.getByTestId('activity-item')), newestPublic.slice(0, 3));
  assert.equal(await activity.getByTestId('activity-start-post').count(), 0, 'no "Start a post" on someone else\'s profile');
  const first = activity.getByTestId('activity-item').first();
  assert.match(await first.getByTestId('activity-item-text').textContent(), /Activity post 5/);
  assert.equal(await first.getByTestId('activity-item-visibility').getAttribute('data-visibility'), 'anyone');
  // The long text is clamped to three lines.
  const clamped = await first
    .getByTestId('activity-item-text')
    .evaluate((el) => el.scrollHeight > el.clientHeight + 2);
  assert.ok(clamped, 'the long post text is clamped');
  await c.page.screenshot({ path: artifactPath('activity-profile.png'), fullPage: true });

  // "Show all posts" opens the activity page with all 5 visible posts as PostCards (no connections-only post).
  await activity.getByTestId('activity-show-all').click();
  await c.page.waitForURL(`**/in/${anna.handle}/activity`);
  await c.page.getByTestId('activity-page-title').waitFor();
  assert.equal((await c.page.getByTestId('activity-page-title').textContent()).trim(), "Anna de Vries's activity");
  await c.page.getByTestId('activity-post').first().waitFor();
  await settled(c.page);
  while ((await c.page.getByTestId('activity-more').count()) > 0) {
    await c.page.getByTestId('activity-more').click();
    await settled(c.page);
  }
  assert.deepEqual(await ids(c.page.getByTestId('activity-post')), newestPublic);
  assert.equal(await c.page.locator(`[data-post-id="${privateId}"]`).count(), 0);
  assert.equal(await c.page.title(), 'Anna de Vries: activity | Kring');

  // Reactions work there: Cas likes the newest post.
  const top = c.page.getByTestId('activity-post').first();
  await top.getByTestId('post-react').click();
  await top.getByTestId('reaction-counts').waitFor();
  assert.equal(await top.getByTestId('post-react').getAttribute('aria-pressed'), 'true');
  await c.page.screenshot({ path: artifactPath('activity-page.png'), fullPage: true });
  assert.deepEqual(c.errors, []);

  // Bram (a connection) also sees the connections-only post, first.
  const b = await loginAs(bram);
  await b.page.goto(`/in/${anna.handle}`);
  const bActivity = b.page.getByTestId('activity');
  await bActivity.getByTestId('activity-item').first().waitFor();
  assert.deepEqual(await ids(bActivity.getByTestId('activity-item')), [privateId, ...newestPublic.slice(0, 2)]);
  assert.equal(
    await bActivity.getByTestId('activity-item').first().getByTestId('activity-item-visibility').getAttribute('data-visibility'),
    'connections',
  );
  // The reaction Cas left is counted on the compact item.
  const liked = bActivity.locator(`[data-post-id="${newestPublic[0]}"]`);
  assert.equal((await liked.getByTestId('activity-item-reactions').textContent()).trim(), '1 reaction');

  // Keyboard: the item's link is one tab stop and opens the post.
  await bActivity.getByTestId('activity-item').first().getByTestId('activity-item-link').focus();
  await b.page.keyboard.press('Enter');
  await b.page.waitForURL(`**/posts/${privateId}`);
  await b.page.getByTestId('post-card').waitFor();
  await b.page.goBack();
  await b.page.getByTestId('activity-show-all').waitFor();
  await b.page.getByTestId('activity-show-all').focus();
  await b.page.keyboard.press('Enter');
  await b.page.waitForURL(`**/in/${anna.handle}/activity`);
  await b.page.getByTestId('activity-post').first().waitFor();
  await settled(b.page);
  while ((await b.page.getByTestId('activity-more').count()) > 0) {
    await b.page.getByTestId('activity-more').click();
    await settled(b.page);
  }
  assert.deepEqual(await ids(b.page.getByTestId('activity-post')), [privateId, ...newestPublic]);
  assert.deepEqual(b.errors, []);

  // Anna's own profile: "Start a post" leads to the home feed's composer.
  const a = await loginAs(anna);
  await a.page.goto(`/in/${anna.handle}`);
  await a.page.getByTestId('activity-item').first().waitFor();
  assert.equal(await a.page.getByTestId('activity-item').count(), 3);
  await a.page.getByTestId('activity-start-post').click();
  await a.page.waitForURL((url) => url.pathname === '/');
  await a.page.getByTestId('composer').waitFor();
  assert.deepEqual(a.errors, []);

  // At 360 px the profile's activity and the activity page fit the screen.
  const narrow = await loginAs(cas, { width: 360, height: 740 });
  await narrow.page.goto(`/in/${anna.handle}`);
  await narrow.page.getByTestId('activity-item').first().waitFor();
  assert.ok(await fitsWidth(narrow.page), 'the profile has no horizontal scroll at 360 px');
  await narrow.page.getByTestId('activity').screenshot({ path: artifactPath('activity-360.png') });
  await narrow.page.goto(`/in/${anna.handle}/activity`);
  await narrow.page.getByTestId('activity-post').first().waitFor();
  await settled(narrow.page);
  assert.ok(await fitsWidth(narrow.page), 'the activity page has no horizontal scroll at 360 px');
  await narrow.page.screenshot({ path: artifactPath('activity-page-360.png'), fullPage: true });
  assert.deepEqual(narrow.errors, []);

  await Promise.all([a.context.close(), b.context.close(), c.context.close(), narrow.context.close()]);
});

test('the activity page pages with "Show more"; empty states', { timeout: 120_000 }, async () => {
  const dirk = await apiSignup('Dirk', 'Visser');
  const eva = await apiSignup('Eva', 'Smit');
  const posted = await writePosts(
    dirk,
    Array.from({ length: 12 }, (_, i) => `Dirk's post number ${i + 1}`),
  );
  const newest = [...posted].reverse();

  const e = await loginAs(eva);
  await e.page.goto(`/in/${dirk.handle}/activity`);
  await e.page.getByTestId('activity-post').first().waitFor();
  await settled(e.page);
  const firstPage = await ids(e.page.getByTestId('activity-post'));
  assert.ok(firstPage.length < 12, 'the first page holds fewer than 12 posts');
  assert.deepEqual(firstPage, newest.slice(0, firstPage.length));
  await e.page.getByTestId('activity-more').click();
  await e.page.getByTestId('activity-more').waitFor({ state: 'detached' });
  assert.deepEqual(await ids(e.page.getByTestId('activity-post')), newest);

  // Someone who hasn't posted: "Eva hasn't posted yet" for others, "Share your first post" for herself.
  const d = await loginAs(dirk);
  await d.page.goto(`/in/${eva.handle}`);
  await d.page.getByTestId('activity-empty').waitFor();
  assert.equal((await d.page.getByTestId('activity-empty').textContent()).trim(), "Eva hasn't posted yet");
  assert.equal(await d.page.getByTestId('activity-show-all').count(), 0);

  await e.page.goto(`/in/${eva.handle}`);
  const share = e.page.getByTestId('activity-share-first');
  await share.waitFor();
  assert.equal((await share.textContent()).trim(), 'Share your first post');
  assert.equal(await share.getAttribute('href'), '/');
  await e.page.getByTestId('activity-start-post').waitFor();
  await share.click();
  await e.page.getByTestId('composer').waitFor();

  // /in/me/activity goes to your own activity.
  await e.page.goto('/in/me/activity');
  await e.page.waitForURL(`**/in/${eva.handle}/activity`);
  await e.page.getByTestId('activity-page-empty').waitFor();
  assert.equal((await e.page.getByTestId('activity-page-title').textContent()).trim(), 'Your activity');

  assert.deepEqual(e.errors, []);
  assert.deepEqual(d.errors, []);
  await Promise.all([d.context.close(), e.context.close()]);
});
