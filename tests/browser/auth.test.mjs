// Sign-up, log-in and navigation flows, including how server errors are shown.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { artifactPath, browserSuite, fitsWidth, uniqueEmail, waitForText } from './support.mjs';

const { password, newPage, loginAs, settled } = browserSuite('auth');
const email = uniqueEmail('grace');
let handle;

/** Fill in and send the sign-up form. */
async function signup(page, { first, last, mail, pass }) {
  await page.getByTestId('signup-first-name').fill(first);
  await page.getByTestId('signup-last-name').fill(last);
  await page.getByTestId('signup-email').fill(mail);
  await page.getByTestId('signup-password').fill(pass);
  await page.getByTestId('signup-submit').click();
}

test('landing, sign-up validation, duplicate email, log out, log in', { timeout: 120_000 }, async () => {
  const { context, page, errors } = await newPage();

  // Anonymous visitors get the landing page and the Join / Log in links.
  await page.goto('/');
  await page.getByTestId('landing').waitFor();
  await page.getByTestId('nav-login').waitFor();
  assert.equal(await page.getByTestId('nav-home').count(), 0);
  await page.getByTestId('landing-join').click();
  await page.waitForURL('**/signup');

  // Client-side check: a short password never reaches the server.
  await signup(page, { first: 'Grace', last: 'Hopper', mail: email, pass: 'short' });
  await page.getByText('Use at least 10 characters.').waitFor();
  assert.match(new URL(page.url()).pathname, /^\/signup$/);

  // Real sign-up lands on the new profile.
  await page.getByTestId('signup-password').fill(password);
  await page.getByTestId('signup-submit').click();
  await page.waitForURL(/\/in\/[^/?#]+$/);
  handle = decodeURIComponent(new URL(page.url()).pathname.split('/').pop());
  await waitForText(page.getByTestId('profile-name'), 'Grace Hopper');

  // Home shows the welcome card linking back to the profile.
  await page.getByTestId('nav-home').click();
  await page.getByTestId('welcome-card').waitFor();
  await page.getByTestId('feed-placeholder').getByText('Your feed arrives soon').waitFor();
  await page.getByTestId('nav-network').click();
  await page.waitForURL('**/network');
  await page.getByTestId('network-page').waitFor();
  await page.getByTestId('nav-home').click();
  await page.getByTestId('welcome-profile-link').click();
  await page.waitForURL(`**/in/${encodeURIComponent(handle)}`);

  // Log out through the Me menu.
  await page.getByTestId('nav-me').click();
  await page.getByTestId('nav-logout').click();
  await page.getByTestId('landing').waitFor();
  await page.reload();
  await page.getByTestId('landing').waitFor();

  // Signing up again with the same email shows the server's message.
  await page.goto('/signup');
  await signup(page, { first: 'Grace', last: 'Again', mail: email, pass: password });
  const formError = page.getByTestId('form-error');
  await formError.waitFor();
  assert.ok((await formError.textContent()).trim().length > 0, 'server message is shown');
  assert.match(new URL(page.url()).pathname, /^\/signup$/);

  // Wrong password: the server's 401 message is shown next to the form.
  await page.goto('/login');
  await page.getByTestId('login-email').fill(email);
  await page.getByTestId('login-password').fill('not-the-password');
  await page.getByTestId('login-submit').click();
  await page.getByTestId('form-error').waitFor();
  await page.screenshot({ path: artifactPath('login-error.png') });

  // Correct password with ?next= returns to the requested page.
  await page.goto(`/login?next=${encodeURIComponent(`/in/${handle}`)}`);
  await page.getByTestId('login-email').fill(email);
  await page.getByTestId('login-password').fill(password);
  await page.getByTestId('login-submit').click();
  await page.waitForURL(`**/in/${encodeURIComponent(handle)}`);
  await page.getByTestId('profile-edit').waitFor();

  assert.deepEqual(errors, []);
  await context.close();
});

test('not-found pages and protected routes', { timeout: 60_000 }, async () => {
  const { context, page, errors } = await newPage();

  await page.goto('/no/such/page');
  await page.getByTestId('not-found').getByText('Page not found').waitFor();

  await page.goto('/in/nobody-by-this-handle-x9');
  await page.getByTestId('not-found').getByText("This profile doesn't exist").waitFor();

  // Editing needs a session: visitors are sent to log in and come back.
  await page.goto('/settings/profile');
  await page.waitForURL((url) => url.pathname === '/login' && url.searchParams.get('next') === '/settings/profile');
  await page.getByTestId('login-email').fill(email);
  await page.getByTestId('login-password').fill(password);
  await page.getByTestId('login-submit').click();
  await page.waitForURL('**/settings/profile');
  await page.getByTestId('edit-profile-dialog').waitFor({ state: 'visible' });
  await page.getByTestId('edit-cancel').click();
  await page.waitForURL(`**/in/${encodeURIComponent(handle)}`);

  assert.deepEqual(errors, []);
  await context.close();
});

test('character limits and server field errors in the edit dialog', { timeout: 60_000 }, async () => {
  const { context, page, errors } = await loginAs({ email });

  // A headline over the 220 limit is caught by the counter before sending.
  await page.goto('/settings/profile');
  await page.getByTestId('edit-profile-dialog').waitFor({ state: 'visible' });
  await page.getByTestId('edit-headline').fill('x'.repeat(221));
  await page.getByText('221 / 220').waitFor();
  await page.getByTestId('edit-save').click();
  assert.equal(await page.getByTestId('edit-headline').getAttribute('aria-invalid'), 'true');
  await page.getByTestId('edit-profile-dialog').waitFor({ state: 'visible' });

  // Exactly at the limit is accepted.
  await page.getByTestId('edit-headline').fill('y'.repeat(220));
  await page.getByTestId('edit-save').click();
  await page.getByTestId('edit-profile-dialog').waitFor({ state: 'hidden' });
  await waitForText(page.getByTestId('profile-headline'), 'y'.repeat(220));

  // A server-side field error (faked here, the UI must not care where it comes
  // from) is shown next to the form and the field is highlighted.
  await page.route('**/api/v1/members/me', (route) =>
    route.request().method() === 'PATCH'
      ? route.fulfill({
          status: 400,
          contentType: 'application/json',
          body: JSON.stringify({
            error: { code: 'invalid_field', message: 'Location is not allowed here.', field: 'location' },
          }),
        })
      : route.continue(),
  );
  await page.getByTestId('profile-edit').click();
  await page.getByTestId('edit-location').fill('Somewhere');
  await page.getByTestId('edit-save').click();
  await waitForText(page.getByTestId('form-error'), 'Location is not allowed here.');
  assert.equal(await page.getByTestId('edit-location').getAttribute('aria-invalid'), 'true');
  assert.equal(await page.getByTestId('edit-headline').getAttribute('aria-invalid'), null);
  await page.screenshot({ path: artifactPath('edit-field-error.png') });
  await page.unroute('**/api/v1/members/me');
  await page.getByTestId('edit-cancel').click();
  await page.getByTestId('edit-profile-dialog').waitFor({ state: 'hidden' });

  assert.deepEqual(errors, []);
  await context.close();
});

test('pages fit a 360 px wide screen', { timeout: 60_000 }, async () => {
  const { context, page } = await newPage({ width: 360, height: 740 });

  for (const path of ['/', '/signup', '/login', `/in/${encodeURIComponent(handle)}`]) {
    await page.goto(path);
    await page.locator('main').waitFor();
    await settled(page);
    assert.ok(await fitsWidth(page), `${path} has no horizontal scroll at 360 px`);
  }
  await page.screenshot({ path: artifactPath('profile-360.png'), fullPage: true });
  await context.close();
});
