// The feed in the browser: the composer, a connection's feed with "Why am I
// seeing this?", reactions and comments, the author's post analytics, the
// remembered mode with "Show more", reshare / edit / delete, and muting.
//
// Members are created and connected through the API; the author writes the
// post from the composer. The feed index follows the change log and
// impressions are written every half second, so the test waits for both.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { artifactPath, browserSuite, fitsWidth, sleep, waitForText } from './support.mjs';

const { loginAs, settled, signup: apiSignup, call, connect } = browserSuite('feed');

/** The feed item of this post. */
function item(page, postId) {
  return page.locator(`[data-testid="feed-item"][data-post-id="${postId}"]`);
}

/**
 * Reload the home page until the post is in the feed (the index follows the
 * change log); with no post id, until the feed has any item.
 */
async function waitForFeedItem(page, postId, timeout = 15_000) {
  const deadline = Date.now() + timeout;
  const wanted = postId ? item(page, postId) : page.getByTestId('feed-item').first();
  for (;;) {
    await page.getByTestId('feed').waitFor();
    await settled(page);
    if ((await wanted.count()) > 0) return wanted;
    if (Date.now() > deadline) throw new Error(`post ${postId} did not appear in the feed`);
    await sleep(300);
    await page.reload();
  }
}

/** The post ids of the feed items, in order. */
async function feedIds(page) {
  return page.getByTestId('feed-item').evaluateAll((els) => els.map((e) => e.dataset.postId));
}

test('a post reaches a connection, who reacts and comments; the author sees it in the analytics', { timeout: 180_000 }, async () => {
  const anna = await apiSignup('Anna', 'de Vries');
  const bram = await apiSignup('Bram', 'Jansen');
  await call(anna, 'PATCH', '/members/me', { headline: 'Product lead at Kring' });
  await connect(anna, bram);

  // Anna writes a post in the composer: the counter follows, and the limit is checked before sending.
  const a = await loginAs(anna);
  const composer = a.page.getByTestId('composer');
  await composer.getByTestId('composer-text').fill('x'.repeat(3001));
  await composer.getByText('3,001 / 3,000').waitFor();
  await composer.getByTestId('composer-submit').click();
  await composer.getByText('A post can have at most 3,000 characters.').waitFor();
  assert.equal(await composer.getByTestId('composer-text').getAttribute('aria-invalid'), 'true');

  const marker = Date.now().toString(36);
  const text = `Shipping the feed today <${marker}>! Thanks @${bram.handle} for the review. Notes: https://example.org/feed-notes #KringLaunch`;
  await composer.getByTestId('composer-text').fill(text);
  await composer.getByText(`${[...text].length} / 3,000`).waitFor();
  await composer.getByTestId('composer-visibility').selectOption('connections');
  await composer.getByTestId('composer-submit').click();
  await waitForText(a.page.getByTestId('composer-status'), 'Posted. Your connections can see it.');
  assert.equal(await composer.getByTestId('composer-text').inputValue(), '');

  // The new post is at the top of Anna's feed, with its links.
  const mine = a.page.getByTestId('feed-item').first();
  await mine.getByText(`<${marker}>`, { exact: false }).waitFor();
  const postId = await mine.getAttribute('data-post-id');
  assert.ok(postId, 'the item carries its post id');
  await waitForText(mine.getByTestId('post-visibility'), 'Connections only');
  assert.equal(await mine.getByTestId('post-mention').getAttribute('href'), `/in/${bram.handle}`);
  assert.equal(await mine.getByTestId('post-hashtag').textContent(), '#KringLaunch');
  const link = mine.getByTestId('post-link');
  assert.equal(await link.getAttribute('href'), 'https://example.org/feed-notes');
  assert.equal(await link.getAttribute('target'), '_blank');
  assert.match(await link.getAttribute('rel'), /noopener/);

  // Bram, her connection, finds it in his feed with Anna's card and a reason.
  const b = await loginAs(bram);
  const post = await waitForFeedItem(b.page, postId);
  await waitForText(post.getByTestId('post-author'), 'Anna de Vries');
  assert.equal(await post.getByTestId('post-author').getAttribute('href'), `/in/${anna.handle}`);
  await waitForText(post.getByTestId('post-author-degree'), '1st');
  await post.getByText('Product lead at Kring').waitFor();
  await post.getByText(`<${marker}>`, { exact: false }).waitFor();

  // "Why am I seeing this?" lists the ranking factors with their values and the score.
  const whyToggle = post.getByTestId('feed-why-toggle');
  assert.equal(await whyToggle.getAttribute('aria-expanded'), 'false');
  await whyToggle.click();
  assert.equal(await whyToggle.getAttribute('aria-expanded'), 'true');
  const why = post.getByTestId('feed-why');
  await why.waitFor({ state: 'visible' });
  const factors = why.getByTestId('feed-why-factor');
  assert.ok((await factors.count()) >= 1, 'at least one factor is listed');
  const firstLabel = (await factors.first().getByTestId('feed-why-label').textContent()).trim();
  assert.ok(firstLabel.length > 0, 'a factor has a label');
  const score = await why.getByTestId('feed-why-score').getAttribute('data-value');
  assert.ok(Number.isFinite(Number(score)), `the score is a number (${score})`);

  // Bram reacts with the keyboard: the picker opens on "Like"; he picks Insightful.
  await post.getByTestId('post-react-more').focus();
  await b.page.keyboard.press('Enter');
  const insightful = post.locator('[data-testid="reaction-option"][data-type="insightful"]');
  await insightful.waitFor({ state: 'visible' });
  await insightful.focus();
  await b.page.keyboard.press('Enter');
  await b.page.waitForFunction(
    (id) => document.querySelector(`[data-testid="feed-item"][data-post-id="${id}"] [data-testid="post-react"]`)
      ?.getAttribute('aria-pressed') === 'true',
    postId,
  );
  assert.equal(await post.getByTestId('post-react').getAttribute('data-reaction'), 'insightful');
  await post.locator('[data-testid="reaction-count"][data-type="insightful"]').waitFor();
  assert.equal(await post.locator('[data-testid="reaction-count"][data-type="insightful"]').getAttribute('data-count'), '1');

  // Changing it to Celebrate moves the count; the main button then removes it; Insightful again.
  await post.getByTestId('post-react-more').click();
  await post.locator('[data-testid="reaction-option"][data-type="celebrate"]').click();
  await post.locator('[data-testid="reaction-count"][data-type="celebrate"]').waitFor();
  assert.equal(await post.locator('[data-testid="reaction-count"][data-type="insightful"]').count(), 0);
  await post.getByTestId('post-react').click();
  await post.getByTestId('reaction-counts').waitFor({ state: 'detached' });
  assert.equal(await post.getByTestId('post-react').getAttribute('aria-pressed'), 'false');
  await post.getByTestId('post-react-more').click();
  await insightful.click();
  await post.locator('[data-testid="reaction-count"][data-type="insightful"]').waitFor();

  // Bram comments: "Comment" opens the conversation with the focus in the box.
  await post.getByTestId('post-comment').click();
  const box = post.getByTestId('comment-form-text');
  await b.page.waitForFunction(
    (id) => document.activeElement?.closest(`[data-post-id="${id}"]`) &&
      document.activeElement.getAttribute('data-testid') === 'comment-form-text',
    postId,
  );
  const comment = `Congratulations, Anna! <${marker}>`;
  await box.fill(comment);
  await post.getByTestId('comment-form-submit').click();
  await waitForText(post.getByTestId('comment-text'), comment);
  await waitForText(post.getByTestId('comment-author'), 'Bram Jansen');
  await waitForText(post.getByTestId('post-comment-count'), '1 comment');

  await b.page.evaluate(() => window.scrollTo(0, 0));
  await b.page.screenshot({ path: artifactPath('feed.png'), fullPage: true });

  // The reaction and the comment survive a reload.
  await b.page.reload();
  const again = await waitForFeedItem(b.page, postId);
  assert.equal(await again.getByTestId('post-react').getAttribute('data-reaction'), 'insightful');
  await waitForText(again.getByTestId('post-comment-count'), '1 comment');

  // Only the author sees a post's analytics.
  await b.page.goto(`/posts/${postId}/analytics`);
  await b.page.getByTestId('analytics-forbidden').waitFor();

  // Anna replies to the comment on her post's page.
  await a.page.goto(`/posts/${postId}`);
  const card = a.page.getByTestId('post-card');
  await waitForText(card.getByTestId('comment-text'), comment);
  await card.getByTestId('comment-reply').click();
  await card.getByTestId('reply-form-text').fill('Thank you, Bram!');
  await card.getByTestId('reply-form-submit').click();
  await waitForText(card.locator('[data-testid="reply"] [data-testid="comment-text"]'), 'Thank you, Bram!');

  // Anna opens the analytics from her post: Bram's impression and his reaction are there.
  await card.getByTestId('post-analytics').click();
  await a.page.waitForURL(`**/posts/${postId}/analytics`);
  const deadline = Date.now() + 15_000;
  for (;;) {
    await a.page.getByTestId('analytics-impressions').waitFor();
    const impressions = Number(await a.page.getByTestId('analytics-impressions').getAttribute('data-value'));
    if (impressions >= 1) break;
    if (Date.now() > deadline) throw new Error(`no impression recorded (last: ${impressions})`);
    await sleep(300);
    await a.page.reload();
  }
  assert.ok(Number(await a.page.getByTestId('analytics-unique-viewers').getAttribute('data-value')) >= 1);
  const reaction = a.page.locator('[data-testid="analytics-reaction"][data-type="insightful"]');
  assert.equal(await reaction.getAttribute('data-value'), '1');
  assert.equal(await a.page.getByTestId('analytics-reactions-total').getAttribute('data-value'), '1');
  assert.ok(Number(await a.page.getByTestId('analytics-comments').getAttribute('data-value')) >= 1);
  await a.page.getByTestId('analytics-reach').waitFor();
  await a.page.getByTestId('analytics-colleague-share').waitFor();
  await a.page.screenshot({ path: artifactPath('feed-analytics.png'), fullPage: true });

  assert.deepEqual(a.errors, []);
  assert.deepEqual(b.errors, []);
  await a.context.close();
  await b.context.close();
});

test('the mode switch is remembered across a reload; Show more pages through the feed', { timeout: 180_000 }, async () => {
  const cas = await apiSignup('Cas', 'de Wit');
  const dewi = await apiSignup('Dewi', 'Smit');
  await connect(cas, dewi);
  const ids = [];
  for (let i = 1; i <= 12; i++) {
    const { post } = await call(dewi, 'POST', '/posts', { text: `Note ${i} of 12 on data quality.` });
    ids.push(String(post.id));
  }
  const newestFirst = ids.slice().reverse();

  const c = await loginAs(cas);
  await waitForFeedItem(c.page);
  // "Most relevant" is the default.
  const modes = c.page.getByTestId('feed-mode');
  assert.equal(await modes.getAttribute('data-mode'), 'relevant');
  assert.equal(await c.page.getByTestId('feed-mode-relevant').getAttribute('aria-pressed'), 'true');

  await c.page.getByTestId('feed-mode-recent').click();
  await c.page.waitForFunction(() => document.querySelector('[data-testid="feed-mode"]')?.dataset.mode === 'recent');
  await settled(c.page);
  assert.equal(await c.page.getByTestId('feed-mode-recent').getAttribute('aria-pressed'), 'true');
  assert.equal(await c.page.getByTestId('feed-mode-relevant').getAttribute('aria-pressed'), 'false');
  // Most recent: newest first, ten at a time; "Show more" brings the rest without repeats.
  assert.deepEqual(await feedIds(c.page), newestFirst.slice(0, 10));
  await c.page.getByTestId('feed-more').click();
  await c.page.waitForFunction(() => document.querySelectorAll('[data-testid="feed-item"]').length === 12);
  assert.deepEqual(await feedIds(c.page), newestFirst);
  await c.page.getByTestId('feed-more').waitFor({ state: 'detached' });

  // The server remembers the mode: after a reload the switch still says "Most recent".
  await c.page.reload();
  await waitForFeedItem(c.page);
  assert.equal(await modes.getAttribute('data-mode'), 'recent');
  assert.equal(await c.page.getByTestId('feed-mode-recent').getAttribute('aria-pressed'), 'true');
  assert.equal((await call(cas, 'GET', '/feed/preferences')).mode, 'recent');

  // And back.
  await c.page.getByTestId('feed-mode-relevant').click();
  await c.page.waitForFunction(() => document.querySelector('[data-testid="feed-mode"]')?.dataset.mode === 'relevant');
  await c.page.reload();
  await waitForFeedItem(c.page);
  assert.equal(await modes.getAttribute('data-mode'), 'relevant');

  assert.deepEqual(c.errors, []);
  await c.context.close();
});

test('reshare with commentary, edit and delete your own post, mute an author and a hashtag', { timeout: 180_000 }, async () => {
  const eva = await apiSignup('Eva', 'Mulder');
  const finn = await apiSignup('Finn', 'Bakker');
  const gijs = await apiSignup('Gijs', 'Peters');
  await connect(eva, finn);
  await connect(eva, gijs);
  const { post: original } = await call(finn, 'POST', '/posts', { text: 'Our #opensource release is out: https://example.org/release' });
  const { post: tagged } = await call(gijs, 'POST', '/posts', { text: 'Weekend reading on #Gardening.' });
  const { post: other } = await call(gijs, 'POST', '/posts', { text: 'Hiring two engineers in Utrecht.' });

  const e = await loginAs(eva);
  await e.page.getByTestId('feed-mode-recent').click();
  await e.page.waitForFunction(() => document.querySelector('[data-testid="feed-mode"]')?.dataset.mode === 'recent');
  const orig = await waitForFeedItem(e.page, original.id);

  // Reshare with her own words: it appears at the top with the original embedded.
  await orig.getByTestId('post-reshare').click();
  const dialog = e.page.getByTestId('reshare-dialog');
  await dialog.waitFor({ state: 'visible' });
  await dialog.getByTestId('post-embed').getByText('release is out').waitFor();
  await dialog.getByTestId('reshare-text').fill('Worth a look, well done Finn.');
  await dialog.getByTestId('dialog-save').click();
  await dialog.waitFor({ state: 'detached' });
  await waitForText(e.page.getByTestId('feed-status').locator('span').first(), "You reshared Finn Bakker's post.");
  const reshare = e.page.getByTestId('feed-item').first();
  await waitForText(reshare.getByTestId('post-text'), 'Worth a look, well done Finn.');
  await reshare.getByTestId('post-embed').getByText('release is out').waitFor();
  const reshareId = await reshare.getAttribute('data-post-id');
  assert.equal((await call(eva, 'GET', `/posts/${reshareId}`)).post.reshare_of.id, original.id);

  // Edit: the text changes and the post is marked as edited.
  await reshare.getByTestId('post-menu').click();
  await reshare.getByTestId('post-edit').click();
  await reshare.getByTestId('post-edit-text').fill('Worth a look. Well done, Finn!');
  await reshare.getByTestId('post-edit-save').click();
  await waitForText(reshare.getByTestId('post-text'), 'Worth a look. Well done, Finn!');
  await waitForText(reshare.getByTestId('post-edited'), 'Edited');

  // Delete, after confirming.
  await reshare.getByTestId('post-menu').click();
  await reshare.getByTestId('post-delete').click();
  await e.page.getByTestId('confirm-ok').click();
  await e.page.locator(`[data-testid="feed-item"][data-post-id="${reshareId}"]`).waitFor({ state: 'detached' });
  await e.page.reload();
  await waitForFeedItem(e.page, original.id);
  assert.equal(await item(e.page, reshareId).count(), 0, 'the deleted post is gone after a reload');

  // Mute a hashtag from an item's menu: its posts leave the feed; Undo brings them back.
  const gardening = item(e.page, tagged.id);
  await gardening.getByTestId('post-menu').click();
  await gardening.locator('[data-testid="post-mute-hashtag"][data-tag="gardening"]').click();
  await gardening.waitFor({ state: 'detached' });
  await e.page.getByTestId('feed-status').getByText("You won't see posts with #gardening in your feed.").waitFor();
  assert.deepEqual((await call(eva, 'GET', '/feed/preferences')).muted_hashtags, ['gardening']);
  await e.page.getByTestId('feed-undo').click();
  await waitForFeedItem(e.page, tagged.id);

  // Mute an author: both of Gijs's posts go, also after a reload; unmute from the Muted list.
  const hiring = item(e.page, other.id);
  await hiring.getByTestId('post-menu').click();
  await hiring.getByTestId('post-mute-member').click();
  await hiring.waitFor({ state: 'detached' });
  assert.equal(await item(e.page, tagged.id).count(), 0);
  await e.page.reload();
  await waitForFeedItem(e.page, original.id);
  assert.equal(await item(e.page, other.id).count(), 0, 'a muted author stays out after a reload');
  await e.page.getByTestId('feed-muted').locator('summary').click();
  const muted = e.page.locator(`[data-testid="feed-muted-member"][data-handle="${gijs.handle}"]`);
  await muted.getByTestId('feed-unmute-member').click();
  await waitForFeedItem(e.page, other.id);

  // The feed fits a 360 px wide screen.
  const narrow = await loginAs(eva, { width: 360, height: 740 });
  await waitForFeedItem(narrow.page, original.id);
  await narrow.page.getByTestId('feed-why-toggle').first().click();
  assert.ok(await fitsWidth(narrow.page), 'the feed has no horizontal scroll at 360 px');
  await narrow.page.screenshot({ path: artifactPath('feed-360.png'), fullPage: true });

  assert.deepEqual(e.errors, []);
  assert.deepEqual(narrow.errors, []);
  await e.context.close();
  await narrow.context.close();
});
