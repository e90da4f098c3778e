// Sign up through the UI, edit the headline, check it survives a reload and
// is visible to an anonymous visitor.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { artifactPath, browserSuite, uniqueEmail, waitForText } from './support.mjs';

const { newPage } = browserSuite('profile');

test('sign up, edit headline, reload, and view anonymously', { timeout: 120_000 }, async () => {
  const { context, page, errors: pageErrors } = await newPage();

  // Sign up.
  await page.goto('/signup');
  await page.getByTestId('signup-first-name').fill('Ada');
  await page.getByTestId('signup-last-name').fill('Lovelace');
  await page.getByTestId('signup-email').fill(uniqueEmail('ada'));
  await page.getByTestId('signup-password').fill('analytical-engine-1843');
  await page.getByTestId('signup-submit').click();

  // Lands on the new member's own profile.
  await page.waitForURL(/\/in\/[^/?#]+$/);
  const handle = decodeURIComponent(new URL(page.url()).pathname.split('/').pop());
  assert.ok(handle.length > 0, 'profile URL has a handle');
  await waitForText(page.getByTestId('profile-name'), 'Ada Lovelace');
  await page.getByTestId('nav-me').waitFor();

  // Edit the headline through the dialog. Text is stored verbatim, so use
  // characters that would break naive HTML rendering.
  const headline = `Mathematician & first programmer <${Date.now().toString(36)}>`;
  await page.getByTestId('profile-edit').click();
  const dialog = page.getByTestId('edit-profile-dialog');
  await dialog.waitFor({ state: 'visible' });
  await page.getByTestId('edit-headline').fill(headline);
  await page.getByTestId('edit-save').click();
  await dialog.waitFor({ state: 'hidden' });
  await waitForText(page.getByTestId('profile-headline'), headline);
  assert.match(new URL(page.url()).pathname, /^\/in\//, 'back on the profile URL after saving');

  // Survives a reload (served by the SPA fallback, data from the server).
  await page.reload();
  await waitForText(page.getByTestId('profile-headline'), headline);
  await waitForText(page.getByTestId('profile-name'), 'Ada Lovelace');
  await page.getByTestId('profile-edit').waitFor();

  await page.screenshot({ path: artifactPath('profile.png'), fullPage: true });
  assert.deepEqual(pageErrors, [], 'no uncaught errors in the page');

  // An anonymous visitor sees the same headline, but no edit button.
  const { context: anon, page: anonPage } = await newPage();
  await anonPage.goto(`/in/${encodeURIComponent(handle)}`);
  await waitForText(anonPage.getByTestId('profile-headline'), headline);
  await waitForText(anonPage.getByTestId('profile-name'), 'Ada Lovelace');
  assert.equal(await anonPage.getByTestId('profile-edit').count(), 0, 'no edit button for visitors');
  assert.equal(await anonPage.getByTestId('nav-me').count(), 0, 'visitor has no Me menu');
  await anonPage.getByTestId('nav-login').waitFor();
  await anonPage.screenshot({ path: artifactPath('profile-anonymous.png'), fullPage: true });

  await anon.close();
  await context.close();
});
