// Search in the browser: the top bar's typeahead, people search with facets,
// "Why this result", filters kept in the URL, and the Companies tab.
//
// The members are created, given positions and skills, and connected through
// the API. The search index follows the change log, so the test first polls
// the API until they can be found.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { artifactPath, browserSuite, fitsWidth, sleep, waitForText } from './support.mjs';

const { loginAs, settled, signup: apiSignup, call, connect } = browserSuite('search');

/** The handles of the listed results, in order. */
async function resultHandles(page) {
  return page.getByTestId('search-result').evaluateAll((rows) => rows.map((r) => r.dataset.handle));
}

/** Poll the API until the people search answers `total` for `path`. */
async function waitForIndex(who, path, total, timeout = 15_000) {
  const deadline = Date.now() + timeout;
  let last;
  while (Date.now() < deadline) {
    last = await call(who, 'GET', path);
    if (last.total === total) return last;
    await sleep(200);
  }
  throw new Error(`${path}: expected ${total} results, last saw ${last?.total}`);
}

test('typeahead, people search with facets, why this result, filters in the URL', { timeout: 180_000 }, async () => {
  // Vera searches. Anton is her connection (1st), Bea is Anton's (2nd), Cor is Bea's (3rd), Dirk is nobody's.
  const vera = await apiSignup('Vera', 'Jansen');
  const anton = await apiSignup('Anton', 'Vos');
  const bea = await apiSignup('Bea', 'Vos');
  const cor = await apiSignup('Cor', 'Vos');
  const dirk = await apiSignup('Dirk', 'Vos');

  await call(anton, 'PATCH', '/members/me', { headline: 'Data engineer', location: 'Utrecht, Netherlands' });
  await call(anton, 'POST', '/members/me/positions', {
    company: 'Rabobank',
    title: 'Data engineer',
    start: { year: 2016, month: 3 },
  });
  const { skills } = await call(anton, 'PUT', '/members/me/skills', { skills: ['Python', 'SQL'] });
  await call(bea, 'POST', '/members/me/positions', { company: 'ING', title: 'Analyst', start: { year: 2020 } });
  await call(bea, 'PUT', '/members/me/skills', { skills: ['Python'] });
  await call(cor, 'POST', '/members/me/positions', { company: 'Rabobank', title: 'Developer', start: { year: 2019 } });
  await call(cor, 'PUT', '/members/me/skills', { skills: ['Java'] });
  await call(dirk, 'POST', '/members/me/positions', { company: 'ING', title: 'Tester', start: { year: 2021 } });

  await connect(vera, anton);
  await connect(anton, bea);
  await connect(bea, cor);
  const python = skills.find((s) => s.name === 'Python');
  await call(vera, 'POST', `/members/${anton.handle}/skills/${encodeURIComponent(python.key)}/endorsements`);

  await waitForIndex(vera, '/search/people?q=vos', 4);
  await waitForIndex(vera, '/search/people?q=vos&current_company=Rabobank&skill=Python', 1);

  const { page, errors } = await loginAs(vera);

  // Three letters in the top bar: members come up with their type and degree, the network first; picking one
  // opens the profile.
  const box = page.getByTestId('global-search');
  await box.click();
  await box.pressSequentially('vos');
  const antonOption = page.getByTestId('global-search-option').filter({ hasText: 'Anton Vos' });
  await antonOption.waitFor();
  assert.match(await antonOption.textContent(), /Member · 1st/);
  const members = await page
    .getByTestId('global-search-option')
    .filter({ hasText: 'Member' })
    .evaluateAll((els) => els.map((e) => e.textContent));
  assert.match(members[0], /Anton Vos/);
  assert.match(members[1], /Bea Vos.*2nd/);
  await antonOption.click();
  await page.waitForURL(`**/in/${anton.handle}`);
  await waitForText(page.getByTestId('profile-name'), 'Anton Vos');

  // A skill runs a search with that skill.
  await box.fill('');
  await box.pressSequentially('pyt');
  const skillOption = page.getByTestId('global-search-option').filter({ hasText: 'Python' });
  await skillOption.first().waitFor();
  assert.match(await skillOption.first().textContent(), /Skill/);
  await skillOption.first().click();
  await page.waitForURL(/\/search\?skill=Python$/);
  await settled(page);
  assert.deepEqual((await resultHandles(page)).sort(), [anton.handle, bea.handle].sort());

  // Enter runs a people search for what was typed.
  await box.fill('');
  await box.pressSequentially('vos');
  await page.getByTestId('global-search-option').first().waitFor();
  await box.press('Enter');
  await page.waitForURL(/\/search\?q=vos$/);
  await waitForText(page.getByTestId('search-total'), '4 results');
  assert.deepEqual(
    (await resultHandles(page)).sort(),
    [anton.handle, bea.handle, cor.handle, dirk.handle].sort(),
  );
  // Closer members rank higher; each result shows its degree and current position.
  assert.equal((await resultHandles(page))[0], anton.handle);
  const antonRow = page.locator(`[data-testid="search-result"][data-handle="${anton.handle}"]`);
  await waitForText(antonRow.getByTestId('search-result-degree'), '1st');
  await waitForText(antonRow.getByTestId('search-result-position'), 'Data engineer at Rabobank · since 2016');
  await page.screenshot({ path: artifactPath('search-results.png'), fullPage: true });
  // Degree counts: 1st to 3rd can be ticked (max_degree), members outside the network are only counted.
  const degreeValues = await page
    .locator('[data-testid="facet-option"][data-facet="degree"]:has([data-testid="facet-check"])')
    .evaluateAll((els) => els.map((e) => e.dataset.value));
  assert.deepEqual(degreeValues, ['1', '2', '3']);
  assert.match(await page.getByTestId('facet-degree').textContent(), /Outside your network \(1\)/);

  // The company facet narrows the list, and its count says by how much.
  const rabobank = page.locator('[data-testid="facet-option"][data-facet="current_company"][data-value="Rabobank"]');
  await waitForText(rabobank.locator('label'), 'Rabobank (2)');
  await rabobank.getByTestId('facet-check').check();
  await page.waitForURL(/current_company=Rabobank/);
  await waitForText(page.getByTestId('search-total'), '2 results');
  assert.deepEqual((await resultHandles(page)).sort(), [anton.handle, cor.handle].sort());

  // Then a skill facet: only Anton is left.
  const pythonFacet = page.locator('[data-testid="facet-option"][data-facet="skill"]').filter({ hasText: 'Python' });
  await pythonFacet.getByTestId('facet-check').check();
  await page.waitForURL(/skill=/);
  await waitForText(page.getByTestId('search-total'), '1 result');
  assert.deepEqual(await resultHandles(page), [anton.handle]);
  assert.equal(await page.getByTestId('active-filter').count(), 2);

  // Why this result: the degree and the matched skill with its endorsement.
  await antonRow.getByTestId('search-why-toggle').click();
  const why = antonRow.getByTestId('search-why');
  await why.locator('[data-type="degree"]').waitFor();
  assert.match(await why.locator('[data-type="degree"]').textContent(), /1st-degree connection/);
  assert.equal(
    (await why.locator('[data-type="skill"]').textContent()).trim(),
    'Has the skill Python, with 1 endorsement.',
  );
  await page.screenshot({ path: artifactPath('search-why.png'), fullPage: true });

  // Max degree 1 (from the filter form, the facets cleared): only Vera's connection.
  await page.getByTestId('filters-clear').click();
  await waitForText(page.getByTestId('search-total'), '4 results');
  await page.getByTestId('filter-max-degree').selectOption('1');
  await page.getByTestId('filter-apply').click();
  await page.waitForURL(/max_degree=1/);
  await waitForText(page.getByTestId('search-total'), '1 result');
  assert.deepEqual(await resultHandles(page), [anton.handle]);

  // A reload keeps the search and its filters.
  await page.reload();
  await waitForText(page.getByTestId('search-total'), '1 result');
  assert.deepEqual(await resultHandles(page), [anton.handle]);
  assert.equal(await page.getByTestId('filter-max-degree').inputValue(), '1');
  assert.equal(await box.inputValue(), 'vos');
  const url = new URL(page.url());
  assert.equal(url.searchParams.get('q'), 'vos');
  assert.equal(url.searchParams.get('max_degree'), '1');

  // The server's errors are shown inline.
  await page.goto(`/search?q=${'x'.repeat(1001)}`);
  await page.getByTestId('search-error').waitFor();
  assert.match(await page.getByTestId('search-error').textContent(), /too long/);

  assert.deepEqual(errors, []);
});

test('show more, the Companies tab and a narrow screen', { timeout: 120_000 }, async () => {
  const viewer = await apiSignup('Wim', 'Smit');
  const members = [];
  for (const first of ['Ada', 'Bob', 'Cas', 'Eva', 'Fem', 'Gijs', 'Hein', 'Ines', 'Jet', 'Kees', 'Lot', 'Mik']) {
    members.push(await apiSignup(first, 'Brouwer'));
  }
  await waitForIndex(viewer, '/search/people?q=brouwer', members.length);

  const { page, errors } = await loginAs(viewer);
  await page.goto('/search?q=brouwer');
  await waitForText(page.getByTestId('search-total'), '12 results');
  assert.equal(await page.getByTestId('search-result').count(), 10);
  await page.getByTestId('search-more').click();
  await page.waitForFunction(() => document.querySelectorAll('[data-testid="search-result"]').length === 12);
  assert.equal(await page.getByTestId('search-more').count(), 0);
  const handles = await resultHandles(page);
  assert.equal(new Set(handles).size, 12);

  // The Companies tab keeps the words. Company pages are read when the server starts, and this
  // fresh database has none, so the tab says so.
  await page.getByTestId('search-tab-companies').click();
  await page.waitForURL(/tab=companies&q=brouwer/);
  await page.getByTestId('company-results-empty').waitFor();
  await page.screenshot({ path: artifactPath('search-companies.png') });
  await page.getByTestId('search-tab-people').click();
  await page.waitForURL(/\/search\?q=brouwer$/);
  await waitForText(page.getByTestId('search-total'), '12 results');

  // 360 px: no horizontal scrolling; the results come before the filters.
  await page.setViewportSize({ width: 360, height: 800 });
  await settled(page);
  assert.ok(await fitsWidth(page));
  await page.screenshot({ path: artifactPath('search-narrow.png'), fullPage: false });

  assert.deepEqual(errors, []);
});
