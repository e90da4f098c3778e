// The profile sections in the browser: adding a position (with skills picked
// from the typeahead) and an education entry through the dialogs, ordering
// skills with the keyboard, completeness; importing a LinkedIn export ZIP from
// the Settings page; endorsing a connection's skill; and the rest of Settings
// (section visibility, anonymous viewing with "Who viewed your profile",
// deleting the account).
//
// Members are created (and connected) through the API to keep the tests fast;
// everything the test is about happens in the browser.
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { test } from 'node:test';
import { buildLinkedInZip } from '../support/linkedin_fixture.mjs';
import { artifactPath, browserSuite, DESKTOP_VIEWPORT, fitsWidth, sql, waitForText } from './support.mjs';

const suite = browserSuite('profile-sections');
const { password, loginAs, settled, signup: apiSignup, call, connect } = suite;

// ---- Browser helpers ----

async function percent(page) {
  const text = (await page.getByTestId('completeness-percent').textContent()).trim();
  assert.match(text, /^\d+%$/);
  return Number(text.slice(0, -1));
}

async function skillOrder(page) {
  return (await page.getByTestId('profile-skill-name').allTextContents()).map((t) => t.trim());
}

/** Type into a typeahead, wait for the suggestion `label` and pick it with the keyboard or the mouse. */
async function pickSuggestion(page, inputTestId, typed, label, { keyboard = false } = {}) {
  const input = page.getByTestId(inputTestId);
  await input.fill('');
  await input.pressSequentially(typed, { delay: 30 });
  const option = page.getByTestId(`${inputTestId}-option`).filter({ hasText: new RegExp(`^${label}\\b`) }).first();
  await option.waitFor();
  assert.equal(await input.getAttribute('aria-expanded'), 'true');
  if (keyboard) {
    const labels = (await page.getByTestId(`${inputTestId}-option`).allTextContents()).map((t) => t.trim());
    const index = labels.findIndex((t) => t === label || t.startsWith(`${label} `));
    assert.ok(index >= 0, `${label} is among ${JSON.stringify(labels)}`);
    for (let i = 0; i <= index; i++) await input.press('ArrowDown');
    assert.equal(await option.getAttribute('aria-selected'), 'true');
    await input.press('Enter');
  } else {
    await option.click();
  }
}

// ---- Tests ----

test('add a position with skills and an education entry, order skills, completeness grows', { timeout: 180_000 }, async () => {
  const lotte = await apiSignup('Lotte', 'Vermeulen');
  const { context, page, errors } = await loginAs(lotte);
  await page.goto(`/in/${encodeURIComponent(lotte.handle)}`);
  await waitForText(page.getByTestId('profile-name'), lotte.name);
  const before = await percent(page);
  await page.getByTestId('experience-empty').waitFor();
  await page.getByTestId('profile-views-link').waitFor();

  // ---- A position through the dialog ----
  await page.getByTestId('experience-add').click();
  const dialog = page.getByTestId('position-dialog');
  await dialog.waitFor({ state: 'visible' });

  // Required fields are checked before anything is sent.
  await dialog.getByTestId('dialog-save').click();
  assert.equal(await page.getByTestId('position-title-input').getAttribute('aria-invalid'), 'true');
  assert.equal(await page.getByTestId('position-company-input').getAttribute('aria-invalid'), 'true');
  assert.equal(
    await page.evaluate(() => document.activeElement?.getAttribute('data-testid')),
    'position-title-input',
    'the first bad input has the focus',
  );

  await page.getByTestId('position-title-input').fill('Data engineer');
  await page.getByTestId('position-company-input').fill('Rabobank');
  await page.getByTestId('position-employment-type').selectOption('full_time');
  await page.getByTestId('position-location').fill('Utrecht, Netherlands');
  assert.equal(await page.getByTestId('position-current').isChecked(), true, 'a new position is current');
  await page.getByTestId('position-start-month').selectOption('3');
  await page.getByTestId('position-start-year').selectOption('2019');
  await page.getByTestId('position-description').fill('Streaming pipelines for payments.\nOn call one week in six.');

  // Skills: one picked with the keyboard, one with the mouse, one typed freely.
  await pickSuggestion(page, 'position-skills-input', 'pyth', 'Python', { keyboard: true });
  await pickSuggestion(page, 'position-skills-input', 'postg', 'PostgreSQL');
  await page.getByTestId('position-skills-input').fill('Payment rails');
  await page.getByTestId('position-skills-input').press('Enter');
  const chips = dialog.getByTestId('position-skills-chip');
  assert.deepEqual(
    (await chips.evaluateAll((els) => els.map((e) => e.getAttribute('data-value')))),
    ['Python', 'PostgreSQL', 'Payment rails'],
  );
  // Enter in the skill field adds a chip; it does not submit the form.
  await dialog.waitFor({ state: 'visible' });

  // A server field error ("position.start.year") is shown next to the start date.
  await page.route('**/api/v1/members/me/positions', (route) =>
    route.request().method() === 'POST'
      ? route.fulfill({
          status: 400,
          contentType: 'application/json',
          body: JSON.stringify({
            error: {
              code: 'invalid_argument',
              message: 'position.start.year must be a year from 1900 to 2100',
              field: 'position.start.year',
            },
          }),
        })
      : route.continue(),
  );
  await dialog.getByTestId('dialog-save').click();
  await waitForText(dialog.getByTestId('form-error'), 'Position.start.year must be a year from 1900 to 2100');
  await page.getByTestId('position-start').getByText('must be a year from 1900 to 2100').waitFor();
  assert.equal(await page.getByTestId('position-start-year').getAttribute('aria-invalid'), 'true');
  assert.equal(await page.getByTestId('position-title-input').getAttribute('aria-invalid'), null);
  await page.screenshot({ path: artifactPath('profile-sections-position-error.png') });
  await page.unroute('**/api/v1/members/me/positions');

  await dialog.getByTestId('dialog-save').click();
  await dialog.waitFor({ state: 'hidden' });
  const position = page.getByTestId('position').first();
  await waitForText(position.getByTestId('position-title'), 'Data engineer');
  await waitForText(position.getByTestId('position-company'), 'Rabobank · Full-time');
  assert.match((await position.getByTestId('position-period').textContent()).trim(), /^Mar 2019 – Present · \d+ yrs?( \d+ mos?)?$/);
  assert.deepEqual(
    (await position.getByTestId('position-skill').allTextContents()).map((t) => t.trim()),
    ['Python', 'PostgreSQL', 'Payment rails'],
  );
  await waitForText(position.getByTestId('position-description'), 'Streaming pipelines for payments.\nOn call one week in six.');

  // ---- An education entry ----
  await page.getByTestId('education-add').click();
  const edu = page.getByTestId('education-dialog');
  await edu.waitFor({ state: 'visible' });
  await page.getByTestId('education-school').fill('Hogeschool Utrecht');
  await page.getByTestId('education-degree').fill('Bachelor');
  await page.getByTestId('education-field').fill('Informatica');
  await page.getByTestId('education-start-year').selectOption('2010');
  await page.getByTestId('education-end-year').selectOption('2014');
  await edu.getByTestId('dialog-save').click();
  await edu.waitFor({ state: 'hidden' });
  const entry = page.getByTestId('education').first();
  await waitForText(entry.getByTestId('education-school-name'), 'Hogeschool Utrecht');
  await waitForText(entry.getByTestId('education-degree-text'), 'Bachelor, Informatica');
  await waitForText(entry.getByTestId('education-years'), '2010 – 2014');

  // ---- Skills: the position's skills joined the list; add three more, then move the last to the top ----
  const fromPosition = ['Python', 'PostgreSQL', 'Payment rails'];
  await page.getByTestId('skills-edit').click();
  const skills = page.getByTestId('skills-dialog');
  await skills.waitFor({ state: 'visible' });
  await pickSuggestion(page, 'skills-add-input', 'kubern', 'Kubernetes');
  await pickSuggestion(page, 'skills-add-input', 'sq', 'SQL', { keyboard: true });
  await page.getByTestId('skills-add-input').fill('Apache Kafka');
  await page.getByTestId('skills-add').click();
  await skills.getByTestId('dialog-save').click();
  await skills.waitFor({ state: 'hidden' });
  await page.waitForFunction(() => document.querySelectorAll('[data-testid="profile-skill-name"]').length === 6);
  const added = await skillOrder(page);
  assert.equal(added.length, 6);
  assert.deepEqual(added.slice(0, 3), fromPosition);
  assert.equal(added[3], 'Kubernetes');
  assert.equal(added[4], 'SQL');
  const third = added[5];
  assert.match(third, /kafka/i);

  await page.getByTestId('skills-edit').click();
  await skills.waitFor({ state: 'visible' });
  const up = skills.locator(`[data-testid="skills-editor-item"][data-name="${third}"] [data-testid="skill-move-up"]`);
  await up.focus();
  for (let i = 0; i < 5; i++) await page.keyboard.press('Enter');
  // At the top "Move up" is disabled, so the focus moved to "Move down" of the same skill.
  assert.equal(
    await page.evaluate(() => {
      const el = document.activeElement;
      return `${el?.closest('[data-testid="skills-editor-item"]')?.getAttribute('data-name')}/${el?.getAttribute('data-testid')}`;
    }),
    `${third}/skill-move-down`,
  );
  assert.deepEqual(
    await skills.getByTestId('skills-editor-item').evaluateAll((els) => els.map((e) => e.getAttribute('data-name'))),
    [third, ...fromPosition, 'Kubernetes', 'SQL'],
  );
  await skills.getByTestId('skills-editor-status').getByText('moved to position 1 of 6, pinned').waitFor();
  await page.screenshot({ path: artifactPath('profile-sections-skills-editor.png') });
  await skills.getByTestId('dialog-save').click();
  await skills.waitFor({ state: 'hidden' });

  // The order survives a reload.
  await page.reload();
  await page.getByTestId('profile-skills').waitFor();
  assert.deepEqual(await skillOrder(page), [third, ...fromPosition, 'Kubernetes', 'SQL']);

  // Completeness went up, and the next step opens the right editor.
  const afterPercent = await percent(page);
  assert.ok(afterPercent > before, `completeness grew (${before}% → ${afterPercent}%)`);
  const next = page.getByTestId('completeness-next');
  if (await next.count()) {
    const step = (await next.textContent()).trim();
    await next.click();
    if (/headline|about|location|industry|yourself/i.test(step)) {
      await page.getByTestId('edit-profile-dialog').waitFor({ state: 'visible' });
      await page.getByTestId('edit-cancel').click();
      await page.getByTestId('edit-profile-dialog').waitFor({ state: 'hidden' });
    } else {
      await page.locator('dialog[open]').first().waitFor();
      await page.locator('dialog[open] [data-testid="dialog-cancel"]').click();
    }
  }

  await settled(page);
  await page.evaluate(() => window.scrollTo(0, 0));
  await page.screenshot({ path: artifactPath('profile-sections.png'), fullPage: true });

  // The profile and the position dialog fit a 360 px wide screen.
  const narrow = await loginAs(lotte, { width: 360, height: 740 });
  await narrow.page.goto(`/in/${encodeURIComponent(lotte.handle)}`);
  await narrow.page.getByTestId('profile-experience').waitFor();
  await settled(narrow.page);
  assert.ok(await fitsWidth(narrow.page), 'the profile has no horizontal scroll at 360 px');
  await narrow.page.screenshot({ path: artifactPath('profile-sections-360.png'), fullPage: true });
  await narrow.page.getByTestId('position-edit').first().click();
  await narrow.page.getByTestId('position-dialog').waitFor({ state: 'visible' });
  assert.ok(await fitsWidth(narrow.page), 'the position dialog fits at 360 px');
  await narrow.page.screenshot({ path: artifactPath('profile-sections-dialog-360.png') });

  for (const s of [{ errors }, narrow]) assert.deepEqual(s.errors, [], 'no uncaught errors in the page');
  await narrow.context.close();
  await context.close();
});

test('import a LinkedIn export ZIP from Settings and see the positions on the profile', { timeout: 120_000 }, async () => {
  const sanne = await apiSignup('Sanne', 'Dekker');
  const { context, page, errors } = await loginAs(sanne);

  // Settings is in the Me menu.
  await page.getByTestId('nav-me').click();
  await page.getByTestId('nav-settings').click();
  await page.waitForURL('**/settings');
  await page.getByTestId('settings-data').waitFor();

  const zip = buildLinkedInZip();
  await page.getByTestId('import-linkedin-file').setInputFiles({
    name: 'Basic_LinkedInDataExport_03-15-2024.zip',
    mimeType: 'application/zip',
    buffer: zip,
  });
  const answer = page.waitForResponse(
    (r) => r.url().endsWith('/api/v1/imports/linkedin') && r.request().method() === 'POST',
  );
  await page.getByTestId('import-linkedin-submit').click();
  const response = await answer;
  const request = response.request();
  assert.equal(request.headers()['content-type'], 'application/zip');
  assert.ok(request.headers()['x-csrf-token'], 'the CSRF header is sent');
  const body = await response.json();
  assert.equal(response.status(), 200, JSON.stringify(body));

  // The counts from the answer, and the skipped rows when there are any.
  const result = page.getByTestId('import-linkedin-result');
  await result.waitFor();
  const positions = result.locator('[data-testid="import-count"][data-kind="positions"]');
  assert.equal(await positions.getAttribute('data-value'), String(body.imported.positions));
  assert.ok(body.imported.positions >= 3, `three positions imported (${JSON.stringify(body.imported)})`);
  await waitForText(positions, `${body.imported.positions} positions imported`);
  const skipped = body.skipped ?? [];
  assert.equal(await result.getByTestId('import-skipped-row').count(), skipped.length);
  await page.evaluate(() => window.scrollTo(0, 0));
  await page.screenshot({ path: artifactPath('profile-sections-import.png'), fullPage: true });

  // The imported positions are on the profile.
  await result.getByTestId('import-view-profile').click();
  await page.waitForURL(/\/in\/[^/?#]+$/);
  await page.getByTestId('profile-experience').waitFor();
  const titles = (await page.getByTestId('position-title').allTextContents()).map((t) => t.trim());
  for (const t of ['Verpleegkundige SEH', 'Bediening', 'Leerling-verpleegkundige']) {
    assert.ok(titles.includes(t), `${t} is on the profile (${JSON.stringify(titles)})`);
  }
  const companies = (await page.getByTestId('position-company').allTextContents()).map((t) => t.trim());
  assert.ok(companies.some((c) => c.startsWith('Café Noël')), `Café Noël survives Latin-1 (${JSON.stringify(companies)})`);
  await settled(page);
  await page.evaluate(() => window.scrollTo(0, 0));
  await page.screenshot({ path: artifactPath('profile-sections-imported-profile.png'), fullPage: true });

  // Take it all out again: the JSON Resume and the full export are downloaded as files.
  await page.goto('/settings');
  const resumeDownload = page.waitForEvent('download');
  await page.getByTestId('export-json-resume').click();
  const resume = await resumeDownload;
  const resumeFile = artifactPath('profile-sections-resume.json');
  await resume.saveAs(resumeFile);
  const doc = JSON.parse(await readFile(resumeFile, 'utf8'));
  assert.ok(
    doc.work?.some((w) => w.position === 'Verpleegkundige SEH'),
    'the JSON Resume has the imported position',
  );
  const allDownload = page.waitForEvent('download');
  await page.getByTestId('export-all').click();
  const all = await allDownload;
  assert.match(all.suggestedFilename(), /^kring-export-.*\.zip$/);
  await waitForText(page.getByTestId('export-status'), `Downloaded ${all.suggestedFilename()}.`);

  // Another member brings that JSON Resume in.
  const tom = await apiSignup('Tom', 'Brouwer');
  const t = await loginAs(tom);
  await t.page.goto('/settings');
  await t.page.getByTestId('import-json-resume-file').setInputFiles(resumeFile);
  await t.page.getByTestId('import-json-resume-submit').click();
  const jsonResult = t.page.getByTestId('import-json-resume-result');
  await jsonResult.waitFor();
  assert.equal(
    await jsonResult.locator('[data-testid="import-count"][data-kind="positions"]').getAttribute('data-value'),
    String(body.imported.positions),
  );
  await t.page.goto(`/in/${encodeURIComponent(tom.handle)}`);
  await t.page.getByTestId('position-title').getByText('Verpleegkundige SEH').waitFor();

  for (const s of [{ errors }, t]) assert.deepEqual(s.errors, [], 'no uncaught errors in the page');
  await t.context.close();
  await context.close();
});

test('a 1st-degree connection endorses a skill; the owner sees the count and highlight', { timeout: 120_000 }, async () => {
  // Company pages have no API yet (they come from imports and the seed): add Rabobank's directly, so both
  // positions link to it and the two count as colleagues. Without a database at hand they are just connections.
  const companyPage = sql(
    suite.server,
    "INSERT INTO companies (handle, name, city, country, created_at) VALUES ('rabobank', 'Rabobank', 'Utrecht', 'Netherlands', 0) ON CONFLICT (handle) DO NOTHING",
  );
  const owner = await apiSignup('Iris', 'Koster');
  const colleague = await apiSignup('Daan', 'Willems');
  const start = { year: 2018, month: 1 };
  await call(owner, 'POST', '/members/me/positions', { company: 'Rabobank', title: 'Data engineer', start });
  await call(colleague, 'POST', '/members/me/positions', { company: 'Rabobank', title: 'Analyst', start });
  await call(owner, 'PUT', '/members/me/skills', { skills: ['SQL', 'Python', 'Data modelling'] });
  await connect(owner, colleague);

  const seen = (await call(colleague, 'GET', `/members/${owner.handle}`)).member;
  assert.equal(seen.degree, 1);
  const basisText = companyPage ? 'You worked together at Rabobank' : 'You are connected on Kring';
  const highlight = companyPage ? 'Endorsed by 1 colleague from Rabobank' : 'Endorsed by 1 connection';
  if (companyPage) {
    assert.deepEqual(seen.relationship.endorsement_basis, { relationship: 'worked_together', context: 'Rabobank' });
  }

  // The colleague sees what their endorsement will record, and endorses SQL.
  const c = await loginAs(colleague);
  await c.page.goto(`/in/${encodeURIComponent(owner.handle)}`);
  await waitForText(c.page.getByTestId('profile-degree'), '1st');
  await waitForText(c.page.getByTestId('endorsement-basis'), `Your endorsement will record: ${basisText}`);
  const sqlSkill = c.page.locator('[data-testid="profile-skill"][data-key="sql"]');
  const button = sqlSkill.getByTestId('skill-endorse');
  await waitForText(button, 'Endorse SQL');
  assert.equal(await button.getAttribute('aria-pressed'), 'false');
  assert.equal(await button.getAttribute('aria-describedby'), await c.page.getByTestId('endorsement-basis').getAttribute('id'));
  await button.click();
  await waitForText(button, 'Endorsed ✓ SQL');
  assert.equal(await button.getAttribute('aria-pressed'), 'true');
  await waitForText(sqlSkill.getByTestId('skill-endorsements'), '1 endorsement');
  await waitForText(sqlSkill.getByTestId('skill-highlight'), highlight);
  await waitForText(c.page.getByTestId('skills-status'), `You endorsed ${owner.first} for SQL.`);

  // Withdraw and endorse again: the toggle works both ways.
  await button.click();
  await waitForText(button, 'Endorse SQL');
  assert.equal(await sqlSkill.getByTestId('skill-endorsements').count(), 0);
  assert.equal(await sqlSkill.getByTestId('skill-highlight').count(), 0);
  await button.click();
  await waitForText(button, 'Endorsed ✓ SQL');
  await settled(c.page);
  await c.page.evaluate(() => window.scrollTo(0, 0));
  await c.page.screenshot({ path: artifactPath('profile-sections-endorse.png'), fullPage: true });

  // The owner sees the count and the highlight; no Endorse buttons on their own profile.
  const o = await loginAs(owner);
  await o.page.goto(`/in/${encodeURIComponent(owner.handle)}`);
  const ownSql = o.page.locator('[data-testid="profile-skill"][data-key="sql"]');
  await waitForText(ownSql.getByTestId('skill-endorsements'), '1 endorsement');
  await waitForText(ownSql.getByTestId('skill-highlight'), highlight);
  assert.equal(await o.page.getByTestId('skill-endorse').count(), 0);
  assert.equal(await o.page.getByTestId('endorsement-basis').count(), 0);
  await settled(o.page);
  await o.page.evaluate(() => window.scrollTo(0, 0));
  await o.page.screenshot({ path: artifactPath('profile-sections-endorsed-owner.png'), fullPage: true });

  // The company has a page, so the position links to it: name, location, Follow / Unfollow.
  if (companyPage) {
    await o.page.getByTestId('position-company-link').click();
    await o.page.waitForURL('**/company/rabobank');
    await waitForText(o.page.getByTestId('company-name'), 'Rabobank');
    await waitForText(o.page.getByTestId('company-location'), 'Utrecht, Netherlands');
    await waitForText(o.page.getByTestId('company-followers'), '0 followers');
    await o.page.getByTestId('company-follow').click();
    await waitForText(o.page.getByTestId('company-follow'), 'Unfollow');
    await waitForText(o.page.getByTestId('company-followers'), '1 follower');
    await o.page.screenshot({ path: artifactPath('profile-sections-company.png'), fullPage: true });
    await o.page.getByTestId('company-follow').click();
    await waitForText(o.page.getByTestId('company-follow'), 'Follow');
    await waitForText(o.page.getByTestId('company-followers'), '0 followers');
  }

  for (const s of [c, o]) {
    assert.deepEqual(s.errors, [], 'no uncaught errors in the page');
    await s.context.close();
  }
});

test('settings: section visibility, viewing anonymously, who viewed your profile, delete account', { timeout: 150_000 }, async () => {
  const owner = await apiSignup('Noor', 'Hendriks');
  const viewer = await apiSignup('Ruben', 'Smits');
  await call(owner, 'POST', '/members/me/positions', { company: 'Stadsziekenhuis', title: 'Nurse', start: { year: 2020 } });
  await call(viewer, 'PATCH', '/members/me', { headline: 'Recruiter at Zorgwerk' });

  // The owner makes Experience visible to themselves only.
  const o = await loginAs(owner);
  await o.page.goto('/settings');
  await o.page.getByTestId('visibility-positions').selectOption('only_me');
  await o.page.getByTestId('visibility-save').click();
  await waitForText(o.page.getByTestId('visibility-status'), 'Visibility saved.');
  await o.page.reload();
  await o.page.getByTestId('visibility-save').waitFor();
  assert.equal(await o.page.getByTestId('visibility-positions').inputValue(), 'only_me');
  await o.page.goto(`/in/${encodeURIComponent(owner.handle)}`);
  await waitForText(o.page.getByTestId('profile-experience').getByTestId('section-visibility'), 'Visible to: only me');

  // A visitor sees nothing of it.
  const anon = await suite.browser.newContext({ baseURL: suite.server.baseURL, viewport: DESKTOP_VIEWPORT });
  const anonPage = await anon.newPage();
  await anonPage.goto(`/in/${encodeURIComponent(owner.handle)}`);
  await waitForText(anonPage.getByTestId('profile-name'), owner.name);
  await settled(anonPage);
  assert.equal(await anonPage.getByTestId('profile-experience').count(), 0, 'no Experience for visitors');
  assert.equal(await anonPage.getByText('Stadsziekenhuis').count(), 0);
  await anon.close();

  // The viewer browses anonymously, then opens the owner's profile.
  const v = await loginAs(viewer);
  await v.page.goto('/settings');
  await v.page.getByTestId('view-mode-anonymous').check();
  await v.page.getByTestId('privacy-save').click();
  await waitForText(v.page.getByTestId('privacy-status'), 'Privacy settings saved.');
  await v.page.goto(`/in/${encodeURIComponent(owner.handle)}`);
  await waitForText(v.page.getByTestId('profile-name'), owner.name);

  // The owner sees "Someone: <headline>" (views are recorded in the background, so look again until it is there).
  await o.page.reload();
  await o.page.getByTestId('profile-views-link').click();
  await o.page.waitForURL('**/me/views');
  const view = o.page.locator('[data-testid="profile-view"][data-mode="anonymous"]');
  for (let i = 0; i < 20; i++) {
    await settled(o.page);
    if (await view.count()) break;
    await new Promise((r) => setTimeout(r, 500));
    await o.page.reload();
  }
  await view.waitFor();
  await waitForText(view.getByTestId('profile-view-text'), 'Someone: Recruiter at Zorgwerk');
  assert.equal(await o.page.locator(`[data-testid="profile-view"][data-handle="${viewer.handle}"]`).count(), 0);
  await o.page.getByTestId('profile-views-total').waitFor();
  await settled(o.page);
  await o.page.evaluate(() => window.scrollTo(0, 0));
  await o.page.screenshot({ path: artifactPath('profile-sections-views.png'), fullPage: true });

  // The viewer deletes their account: a wrong password first, then the right one.
  await v.page.goto('/settings');
  await v.page.getByTestId('delete-account').click();
  const dialog = v.page.getByTestId('delete-account-dialog');
  await dialog.waitFor({ state: 'visible' });
  await v.page.getByTestId('delete-password').fill('not-my-password');
  await v.page.getByTestId('delete-confirm').click();
  await dialog.getByTestId('form-error').waitFor();
  assert.equal(await v.page.getByTestId('delete-password').getAttribute('aria-invalid'), 'true');
  await v.page.screenshot({ path: artifactPath('profile-sections-delete.png') });
  await v.page.getByTestId('delete-password').fill(password);
  await v.page.getByTestId('delete-confirm').click();
  await v.page.getByTestId('landing').waitFor();
  assert.equal(new URL(v.page.url()).pathname, '/');
  await v.page.getByTestId('nav-login').waitFor();
  await v.page.goto(`/in/${encodeURIComponent(viewer.handle)}`);
  await v.page.getByTestId('not-found').waitFor();

  for (const s of [o, v]) {
    assert.deepEqual(s.errors, [], 'no uncaught errors in the page');
    await s.context.close();
  }
});
