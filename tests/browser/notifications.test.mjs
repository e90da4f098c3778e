// Notifications in the browser: Anna mentions Bram in a post from the composer; Bram sees the count on the
// bell in the top bar, opens /notifications, reads "Anna de Vries mentioned you in a post", clicks through to
// the post (the mention is a link to his profile) and the count goes to 0. Then "Mark all as read" for a
// reaction, and the page at 360 px.
//
// Members are created and connected through the API.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { artifactPath, browserSuite, waitForText } from './support.mjs';

const { loginAs, signup: apiSignup, call, connect } = browserSuite('notifications');

test('a mention reaches the bell, the notifications page and the post; reading it clears the count', async () => {
  const anna = await apiSignup('Anna', 'de Vries');
  const bram = await apiSignup('Bram', 'Jansen');
  await connect(anna, bram);
  // Bram's "accepted" notification goes to Anna; Bram starts with none.
  const b = await loginAs(bram);
  const bell = b.page.getByTestId('nav-notifications');
  await bell.waitFor();
  assert.equal(await b.page.getByTestId('notification-badge').count(), 0);
  assert.equal(await bell.getAttribute('aria-label'), 'Notifications');

  // Anna writes a post mentioning Bram in the composer.
  const a = await loginAs(anna);
  const marker = Date.now().toString(36);
  const text = `Thanks @${bram.handle} for reviewing the notifications work <${marker}>`;
  await a.page.getByTestId('composer-text').fill(text);
  await a.page.getByTestId('composer-submit').click();
  await a.page.getByTestId('composer-status').waitFor();
  // Anna has the notification that Bram accepted her invitation.
  await waitForText(a.page.getByTestId('notification-badge'), '1');

  // Bram's bell shows it after a navigation (it also polls every 30 s).
  await b.page.getByTestId('nav-network').click();
  await waitForText(b.page.getByTestId('notification-badge'), '1');
  assert.equal(await bell.getAttribute('aria-label'), 'Notifications, 1 unread');

  await bell.click();
  await b.page.waitForURL('**/notifications');
  const item = b.page.getByTestId('notification').first();
  await waitForText(item.getByTestId('notification-text'), 'Unread: Anna de Vries mentioned you in a post');
  assert.equal(await item.getAttribute('data-read'), 'false');
  assert.equal(await item.getAttribute('data-kind'), 'mention');
  assert.equal(await item.getByTestId('notification-actor').getAttribute('href'), `/in/${anna.handle}`);
  await item.getByTestId('notification-excerpt').getByText(`<${marker}>`, { exact: false }).waitFor();
  await b.page.screenshot({ path: artifactPath('notifications.png'), fullPage: true });

  // Clicking through opens the post, with the mention as a link to Bram's profile; the count goes to 0.
  await item.getByTestId('notification-open').click();
  await b.page.waitForURL(/\/posts\/\d+$/);
  const card = b.page.getByTestId('post-card');
  await card.getByText(`<${marker}>`, { exact: false }).waitFor();
  assert.equal(await card.getByTestId('post-mention').getAttribute('href'), `/in/${bram.handle}`);
  await b.page.getByTestId('notification-badge').waitFor({ state: 'detached' });
  assert.equal(await bell.getAttribute('aria-label'), 'Notifications');
  assert.equal((await call(bram, 'GET', '/notifications/unread-count')).unread, 0);

  // Back on the page the item is read.
  await b.page.goBack();
  await b.page.waitForURL('**/notifications');
  await waitForText(b.page.getByTestId('notification').first().getByTestId('notification-text'),
    'Anna de Vries mentioned you in a post');
  assert.equal(await b.page.getByTestId('notification').first().getAttribute('data-read'), 'true');

  // A reaction to Bram's own post, then "Mark all as read".
  const { post } = await call(bram, 'POST', '/posts', { text: `My own post <${marker}>` });
  await call(anna, 'POST', `/posts/${post.id}/reactions`, { type: 'celebrate' });
  await b.page.reload();
  await waitForText(b.page.getByTestId('notification-badge'), '1');
  const first = b.page.getByTestId('notification').first();
  await waitForText(first.getByTestId('notification-text'), 'Unread: Anna de Vries reacted to your post');
  await b.page.getByTestId('notifications-mark-all').click();
  await b.page.getByTestId('notification-badge').waitFor({ state: 'detached' });
  assert.equal(await first.getAttribute('data-read'), 'true');
  assert.ok(await b.page.getByTestId('notifications-mark-all').isDisabled());

  // Anna opens hers: the accepted invitation leads to Bram's profile.
  await a.page.getByTestId('nav-notifications').click();
  const accepted = a.page.getByTestId('notification').first();
  await waitForText(accepted.getByTestId('notification-text'), 'Unread: Bram Jansen accepted your invitation to connect');
  await accepted.getByTestId('notification-open').click();
  await a.page.waitForURL(`**/in/${bram.handle}`);
  await a.page.getByTestId('notification-badge').waitFor({ state: 'detached' });

  assert.deepEqual(a.errors, []);
  assert.deepEqual(b.errors, []);
  await a.context.close();
  await b.context.close();
});

test('the notifications page fits 360 px', async () => {
  const cees = await apiSignup('Cees', 'van den Berg-Oudenhoven');
  const dirk = await apiSignup('Dirk', 'Smit');
  await call(dirk, 'POST', '/posts', { text: `A long word for @${cees.handle}: ${'Donaudampfschiffahrt'.repeat(8)}` });
  const c = await loginAs(cees, { width: 360, height: 740 });
  await waitForText(c.page.getByTestId('notification-badge'), '1');
  await c.page.getByTestId('nav-notifications').click();
  await c.page.getByTestId('notification').first().waitFor();
  const overflow = await c.page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
  assert.ok(overflow <= 0, `the page scrolls sideways by ${overflow}px`);
  await c.page.screenshot({ path: artifactPath('notifications-360.png'), fullPage: true });
  assert.deepEqual(c.errors, []);
  await c.context.close();
});
