// The network in the browser: invitations from a profile, accepting them on
// My network, degree badges, "How you're connected", people you may know,
// introductions, follow and block.
//
// The first member of each scenario signs up (or logs in) through the UI; the
// others are created and connected through the API to keep the tests fast.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { artifactPath, browserSuite, fitsWidth, uniqueEmail, waitForText } from './support.mjs';

const { password, newPage, loginAs, settled, signup: apiSignup, connect } = browserSuite('network');

// ---- Browser helpers ----

/** The list item with this test id for this member. */
function row(page, testId, handle) {
  return page.locator(`[data-testid="${testId}"][data-handle="${handle}"]`);
}

// ---- Tests ----

test('invite from a profile, accept on My network, 1st and 2nd degree, the path', { timeout: 180_000 }, async () => {
  // A signs up through the UI.
  const a = await newPage();
  await a.page.goto('/signup');
  await a.page.getByTestId('signup-first-name').fill('Anouk');
  await a.page.getByTestId('signup-last-name').fill('Visser');
  const aEmail = uniqueEmail('anouk');
  await a.page.getByTestId('signup-email').fill(aEmail);
  await a.page.getByTestId('signup-password').fill(password);
  await a.page.getByTestId('signup-submit').click();
  await a.page.waitForURL(/\/in\/[^/?#]+$/);
  const aHandle = decodeURIComponent(new URL(a.page.url()).pathname.split('/').pop());
  await waitForText(a.page.getByTestId('profile-name'), 'Anouk Visser');
  // Your own profile has no degree badge and no relationship actions.
  assert.equal(await a.page.getByTestId('profile-degree').count(), 0);
  assert.equal(await a.page.getByTestId('profile-actions').count(), 0);

  const bram = await apiSignup('Bram', 'Jansen');
  const cas = await apiSignup('Cas', 'de Wit');

  // A opens B's profile: not connected in any way yet, so no badge and "Connect".
  await a.page.goto(`/in/${encodeURIComponent(bram.handle)}`);
  await waitForText(a.page.getByTestId('profile-name'), bram.name);
  await a.page.getByTestId('profile-connect').waitFor();
  assert.equal(await a.page.getByTestId('profile-degree').count(), 0);

  await a.page.getByTestId('profile-connect').click();
  const dialog = a.page.getByTestId('connect-dialog');
  await dialog.waitFor({ state: 'visible' });

  // Beyond 2nd degree the server wants a note; its message is shown and the note is marked.
  await a.page.getByTestId('connect-send').click();
  const formError = dialog.getByTestId('form-error');
  await formError.waitFor();
  assert.ok((await formError.textContent()).trim().length > 0, 'the server message is shown');
  assert.equal(await a.page.getByTestId('connect-note').getAttribute('aria-invalid'), 'true');
  await a.page.screenshot({ path: artifactPath('network-note-required.png') });

  // Over 300 characters is caught by the counter before sending.
  await a.page.getByTestId('connect-note').fill('x'.repeat(301));
  await dialog.getByText('301 / 300').waitFor();
  await a.page.getByTestId('connect-send').click();
  await dialog.getByText(/at most 300 characters/).waitFor();
  await dialog.waitFor({ state: 'visible' });

  const note = `Hi Bram, we met at the Utrecht data meetup <${Date.now().toString(36)}>.`;
  await a.page.getByTestId('connect-note').fill(note);
  await dialog.getByText(`${note.length} / 300`).waitFor();
  await a.page.getByTestId('connect-send').click();
  await dialog.waitFor({ state: 'hidden' });
  await waitForText(a.page.getByTestId('profile-status'), 'Invitation sent to Bram.');
  await a.page.getByTestId('profile-pending').waitFor();
  await a.page.getByTestId('profile-withdraw').waitFor();
  await a.page.screenshot({ path: artifactPath('network-invitation-sent.png'), fullPage: true });

  // B logs in, opens My network from the top bar and sees the invitation with its note.
  const b = await loginAs(bram);
  await b.page.getByTestId('nav-network').click();
  await b.page.waitForURL('**/network');
  const invitation = row(b.page, 'invitation-received', aHandle);
  await invitation.waitFor();
  await waitForText(invitation.getByTestId('invitation-received-name'), 'Anouk Visser');
  await waitForText(invitation.getByTestId('invitation-note'), note);
  await settled(b.page);
  await b.page.screenshot({ path: artifactPath('network-invitation-received.png'), fullPage: true });

  await invitation.getByTestId('invitation-accept').click();
  await waitForText(b.page.getByTestId('invitations-status'), 'You and Anouk Visser are now connected.');
  await invitation.waitFor({ state: 'detached' });
  await row(b.page, 'connection', aHandle).waitFor();
  await waitForText(b.page.getByTestId('network-first'), '1');

  // Both see "1st" on each other's profile.
  await b.page.goto(`/in/${encodeURIComponent(aHandle)}`);
  await waitForText(b.page.getByTestId('profile-degree'), '1st');
  await b.page.getByTestId('profile-remove-connection').waitFor();
  await a.page.reload();
  await waitForText(a.page.getByTestId('profile-degree'), '1st');
  await a.page.getByTestId('profile-remove-connection').waitFor();
  assert.equal(await a.page.getByTestId('profile-pending').count(), 0);
  await waitForText(a.page.getByTestId('profile-connections'), '1');

  // B connects with C through the API.
  await connect(bram, cas);

  // C sees A as 2nd degree, the mutual connection and the path C → B → A.
  const c = await loginAs(cas);
  await c.page.goto(`/in/${encodeURIComponent(aHandle)}`);
  await waitForText(c.page.getByTestId('profile-degree'), '2nd');
  await waitForText(c.page.getByTestId('profile-mutual-count'), '1 mutual connection');
  await waitForText(c.page.getByTestId('profile-mutual-name'), bram.name);
  await c.page.getByTestId('profile-ask-intro').waitFor();
  const steps = c.page.getByTestId('profile-path').getByTestId('path-step');
  await steps.nth(2).waitFor();
  assert.deepEqual(
    await steps.evaluateAll((els) => els.map((e) => e.getAttribute('data-handle'))),
    [cas.handle, bram.handle, aHandle],
  );
  const names = await steps.locator('a').allTextContents();
  assert.deepEqual(names.map((n) => n.trim()), [cas.name, bram.name, 'Anouk Visser']);
  await settled(c.page);
  await c.page.screenshot({ path: artifactPath('network-path.png'), fullPage: true });

  // A's own network counts are visible to C ("giving as well as taking").
  await waitForText(c.page.getByTestId('profile-connections'), '1');
  await c.page.getByTestId('profile-introductions').getByText('giving as well as taking').waitFor();

  // The pages fit a 360 px wide screen.
  const narrow = await loginAs(cas, { width: 360, height: 740 });
  for (const path of ['/network', `/in/${encodeURIComponent(aHandle)}`]) {
    await narrow.page.goto(path);
    await narrow.page.locator('main').waitFor();
    await settled(narrow.page);
    assert.ok(await fitsWidth(narrow.page), `${path} has no horizontal scroll at 360 px`);
  }
  await narrow.page.screenshot({ path: artifactPath('network-profile-360.png'), fullPage: true });
  await narrow.page.goto('/network');
  await settled(narrow.page);
  await narrow.page.screenshot({ path: artifactPath('network-360.png'), fullPage: true });

  for (const s of [a, b, c, narrow]) {
    assert.deepEqual(s.errors, [], 'no uncaught errors in the page');
    await s.context.close();
  }
});

test('people you may know shows the reason, and Dismiss removes the suggestion', { timeout: 120_000 }, async () => {
  const pim = await apiSignup('Pim', 'Bakker');
  const quinn = await apiSignup('Quinn', 'Mulder');
  const roos = await apiSignup('Roos', 'Smit');
  await connect(pim, quinn);
  await connect(quinn, roos);

  const p = await loginAs(pim);
  await p.page.goto('/network');
  const card = row(p.page, 'suggestion', roos.handle);
  await card.waitFor();
  await waitForText(card.getByTestId('suggestion-name'), roos.name);
  const reasons = (await card.getByTestId('suggestion-why').allTextContents()).map((t) => t.trim());
  assert.ok(
    reasons.some((t) => /^1 mutual connection\b/.test(t)),
    `a mutual-connection reason is shown (got ${JSON.stringify(reasons)})`,
  );
  assert.ok(reasons.some((t) => t.includes(quinn.name)), `the reason names ${quinn.name}`);
  // Already connected members are not suggested.
  assert.equal(await row(p.page, 'suggestion', quinn.handle).count(), 0);
  await settled(p.page);
  await p.page.screenshot({ path: artifactPath('network-suggestions.png'), fullPage: true });

  await card.getByTestId('suggestion-dismiss').click();
  await card.waitFor({ state: 'detached' });
  await waitForText(p.page.getByTestId('suggestions-status'), `${roos.name} won't be suggested again.`);

  // Still gone after a reload.
  await p.page.reload();
  await p.page.getByTestId('suggestions').waitFor();
  await settled(p.page);
  assert.equal(await row(p.page, 'suggestion', roos.handle).count(), 0);

  assert.deepEqual(p.errors, []);
  await p.context.close();
});

test('ask for an introduction, forward it with a note, accept it', { timeout: 150_000 }, async () => {
  const xander = await apiSignup('Xander', 'Bos');
  const yara = await apiSignup('Yara', 'Kok');
  const zoe = await apiSignup('Zoë', 'Peters');
  await connect(xander, yara);
  await connect(yara, zoe);

  // Z asks Y for an introduction to X from X's profile.
  const z = await loginAs(zoe);
  await z.page.goto(`/in/${encodeURIComponent(xander.handle)}`);
  await waitForText(z.page.getByTestId('profile-degree'), '2nd');
  await z.page.getByTestId('profile-ask-intro').click();
  const dialog = z.page.getByTestId('intro-dialog');
  await dialog.waitFor({ state: 'visible' });
  await z.page.waitForFunction(
    (h) => [...document.querySelectorAll('[data-testid="intro-via"] option')].some((o) => o.value === h),
    yara.handle,
  );
  await z.page.getByTestId('intro-via').selectOption(yara.handle);
  const message = 'I am moving into data engineering and would love to hear how Xander got started.';
  await z.page.getByTestId('intro-message').fill(message);
  await z.page.screenshot({ path: artifactPath('network-intro-dialog.png') });
  await z.page.getByTestId('intro-send').click();
  await dialog.waitFor({ state: 'hidden' });
  await z.page.getByTestId('profile-status').getByText('Introduction request sent.').waitFor();

  // Y forwards it with a note.
  const y = await loginAs(yara);
  await y.page.goto('/network');
  const toForward = row(y.page, 'intro-item', zoe.handle);
  await toForward.waitFor();
  await waitForText(toForward.getByTestId('intro-message-text'), message);
  await toForward.getByTestId('intro-forward').click();
  const reply = 'Zoë is great to work with; happy to introduce you two.';
  await toForward.getByTestId('intro-forward-note').fill(reply);
  await toForward.getByTestId('intro-forward-send').click();
  await y.page.getByTestId('introductions-status').getByText('You passed').waitFor();
  assert.equal(await toForward.getByTestId('intro-status').getAttribute('data-status'), 'forwarded');
  assert.equal(await toForward.getByTestId('intro-forward').count(), 0);
  await y.page.screenshot({ path: artifactPath('network-intro-forwarded.png'), fullPage: true });

  // X sees the introduction with both texts and accepts: X and Z are connected.
  const x = await loginAs(xander);
  await x.page.goto('/network');
  const received = x.page
    .getByTestId('introductions-target')
    .locator(`[data-testid="intro-item"][data-handle="${zoe.handle}"]`);
  await received.waitFor();
  await waitForText(received.getByTestId('intro-message-text'), message);
  await waitForText(received.getByTestId('intro-reply-text'), reply);
  await settled(x.page);
  await x.page.screenshot({ path: artifactPath('network-intro-received.png'), fullPage: true });
  await received.getByTestId('intro-accept').click();
  await waitForText(x.page.getByTestId('introductions-status'), `You and ${zoe.name} are now connected.`);
  await row(x.page, 'connection', zoe.handle).waitFor();

  await z.page.reload();
  await waitForText(z.page.getByTestId('profile-degree'), '1st');

  for (const s of [x, y, z]) {
    assert.deepEqual(s.errors, []);
    await s.context.close();
  }
});

test('connection search, follow, block from the More menu and unblock on My network', { timeout: 120_000 }, async () => {
  const eva = await apiSignup('Eva', 'Dekker');
  const finn = await apiSignup('Finn', 'Hendriks');
  const gijs = await apiSignup('Gijs', 'Vos');
  await connect(eva, finn);
  await connect(eva, gijs);

  const e = await loginAs(eva);
  await e.page.goto('/network');
  await row(e.page, 'connection', finn.handle).waitFor();
  await row(e.page, 'connection', gijs.handle).waitFor();
  await e.page.getByTestId('connections-search').fill('gij');
  await row(e.page, 'connection', finn.handle).waitFor({ state: 'detached' });
  await row(e.page, 'connection', gijs.handle).waitFor();
  await e.page.getByTestId('connections-search').fill('nobody-like-this');
  await e.page.getByText('No connections match “nobody-like-this”.').waitFor();

  // Follow and unfollow.
  await e.page.goto(`/in/${encodeURIComponent(finn.handle)}`);
  await waitForText(e.page.getByTestId('profile-follow'), 'Follow');
  await e.page.getByTestId('profile-follow').click();
  await waitForText(e.page.getByTestId('profile-follow'), 'Unfollow');
  await waitForText(e.page.getByTestId('profile-followers'), '1');
  await e.page.getByTestId('profile-follow').click();
  await waitForText(e.page.getByTestId('profile-follow'), 'Follow');

  // Block through the More menu (with a confirmation), then unblock on My network.
  await e.page.getByTestId('profile-more').click();
  await e.page.getByTestId('profile-block').click();
  await e.page.getByTestId('confirm-dialog').waitFor({ state: 'visible' });
  await e.page.getByTestId('confirm-ok').click();
  await e.page.getByTestId('profile-blocked').waitFor();
  assert.equal(await e.page.getByTestId('profile-degree').count(), 0, 'no degree badge once blocked');
  await e.page.screenshot({ path: artifactPath('network-blocked.png'), fullPage: true });

  await e.page.goto('/network');
  const blocked = row(e.page, 'blocked-member', finn.handle);
  await blocked.waitFor();
  await blocked.getByRole('button', { name: 'Unblock' }).click();
  await blocked.waitFor({ state: 'detached' });
  await e.page.goto(`/in/${encodeURIComponent(finn.handle)}`);
  await waitForText(e.page.getByTestId('profile-name'), finn.name);

  assert.deepEqual(e.errors, []);
  await e.context.close();
});
