// /search — people search (GET /search/people) with facets, more filters and
// "Why this result"; the Companies tab uses GET /search/companies. Every
// filter lives in the URL query, so a search can be shared and reloaded.
import { useCallback, useEffect, useId, useRef, useState, type FormEvent, type ReactNode } from 'react';
import {
  api,
  type CompanyResult,
  type FacetName,
  type FacetValue,
  type PeopleSearchPage,
  type PersonResult,
} from '../api';
import { Avatar } from '../components/Avatar';
import { CheckboxField, SelectField, TextField } from '../components/Field';
import { BuildingIcon } from '../components/Icons';
import { DegreeBadge, profilePath } from '../components/MemberRow';
import { InlineError } from '../components/Notice';
import { degreeLabel, plural, usePaged } from '../network';
import { Link, navigate, useLocation } from '../router';
import {
  FACET_FILTER,
  FACET_TITLES,
  FILTER_LABELS,
  maxDegreeLabel,
  peopleFilters,
  positionLine,
  sameValue,
  searchPath,
  whySentence,
  type PeopleFilter,
} from '../search';
import { fullName, useDocumentTitle } from '../util';

const PAGE_SIZE = 10;
const FACETS: FacetName[] = ['current_company', 'city', 'country', 'skill', 'degree'];

export function SearchPage() {
  const { query } = useLocation();
  const tab = query.get('tab') === 'companies' ? 'companies' : 'people';
  const filters = peopleFilters(query);
  const text = filters.get('q') ?? '';
  useDocumentTitle(text ? `${text} - Search` : 'Search');

  return (
    <div className="page search" data-testid="search-page">
      <div className="search__tabs" role="navigation" aria-label="Search in">
        <Link
          to={searchPath(filters)}
          className={`search__tab${tab === 'people' ? ' is-active' : ''}`}
          aria-current={tab === 'people' ? 'page' : undefined}
          data-testid="search-tab-people"
        >
          People
        </Link>
        <Link
          to={searchPath(filters, 'companies')}
          className={`search__tab${tab === 'companies' ? ' is-active' : ''}`}
          aria-current={tab === 'companies' ? 'page' : undefined}
          data-testid="search-tab-companies"
        >
          Companies
        </Link>
      </div>
      {tab === 'people' ? <PeopleSearch filters={filters} /> : <CompanySearch text={text} />}
    </div>
  );
}

// ---------- People ----------

function PeopleSearch({ filters }: { filters: URLSearchParams }) {
  const key = filters.toString();
  const [meta, setMeta] = useState<Pick<PeopleSearchPage, 'facets' | 'total'> | null>(null);
  const current = useRef(key);
  useEffect(() => {
    current.current = key;
  }, [key]);
  const fetchPage = useCallback(
    async (cursor: string | null) => {
      const page = await api.searchPeople(new URLSearchParams(key), { cursor, limit: PAGE_SIZE });
      if (!cursor && current.current === key) setMeta({ facets: page.facets, total: page.total });
      return page;
    },
    [key],
  );
  const results = usePaged(fetchPage, key, (r: PersonResult) => r.member.handle);
  const headingId = useId();

  /** Go to the same search with `change` applied to its filters. */
  const apply = useCallback(
    (change: (params: URLSearchParams) => void) => {
      const next = new URLSearchParams(key);
      change(next);
      navigate(searchPath(peopleFilters(next)));
    },
    [key],
  );

  return (
    <div className="search__layout">
      <aside className="search__side" aria-label="Filters">
        <ActiveFilters filters={filters} facets={meta?.facets} apply={apply} />
        <FacetsCard filters={filters} facets={results.status === 'ok' ? meta?.facets : undefined} apply={apply} />
        <MoreFilters key={key} filters={filters} apply={apply} />
      </aside>
      <section className="card section search__main" aria-labelledby={headingId} data-testid="search-results">
        <div className="section__head">
          <h1 id={headingId} className="section__title">
            {filters.get('q') ? <>People matching “{filters.get('q')}”</> : 'People'}
          </h1>
          {results.status === 'ok' && meta && (
            <span className="muted small search__total" data-testid="search-total" data-total={meta.total}>
              {plural(meta.total, 'result')}
            </span>
          )}
        </div>
        {results.status === 'loading' ? (
          <p className="muted" aria-busy="true">
            Searching…
          </p>
        ) : results.status === 'error' ? (
          <div>
            <InlineError message={results.error} testId="search-error" />
            <button type="button" className="btn btn--ghost" onClick={results.reload}>
              Try again
            </button>
          </div>
        ) : results.items.length === 0 ? (
          <p className="muted empty" data-testid="search-empty">
            No members match this search. Try fewer words or remove a filter.
          </p>
        ) : (
          <ul className="member-list" aria-label="People">
            {results.items.map((r) => (
              <PersonRow key={r.member.handle} result={r} />
            ))}
          </ul>
        )}
        {results.status === 'ok' && results.hasMore && (
          <div className="list-more">
            <button
              type="button"
              className="btn btn--ghost"
              onClick={results.loadMore}
              disabled={results.loadingMore}
              data-testid="search-more"
            >
              {results.loadingMore ? 'Loading…' : 'Show more'}
            </button>
          </div>
        )}
        <InlineError message={results.moreError} testId="search-more-error" />
      </section>
    </div>
  );
}

function PersonRow({ result }: { result: PersonResult }) {
  const { member, degree, positions, why } = result;
  const lines = why
    .map((w) => ({ type: w.type, text: whySentence(w) }))
    .filter((l): l is { type: typeof l.type; text: string } => Boolean(l.text));
  return (
    <li className="member-row" data-testid="search-result" data-handle={member.handle}>
      <Link to={profilePath(member.handle)} className="member-row__avatar" tabIndex={-1} aria-hidden="true">
        <Avatar member={member} size="md" />
      </Link>
      <div className="member-row__body">
        <div className="member-row__name">
          <Link to={profilePath(member.handle)} data-testid="search-result-name">
            {fullName(member)}
          </Link>{' '}
          <DegreeBadge degree={degree ?? undefined} testId="search-result-degree" />
        </div>
        {member.headline && <div className="member-row__headline">{member.headline}</div>}
        {positions?.length > 0 && (
          <ul className="search-result__positions">
            {positions.map((p, i) => (
              <li key={i} data-testid="search-result-position">
                {positionLine(p)}
              </li>
            ))}
          </ul>
        )}
        {lines.length > 0 && (
          <details className="search-why" data-testid="search-why">
            <summary data-testid="search-why-toggle">Why this result</summary>
            <ul>
              {lines.map((l, i) => (
                <li
                  key={i}
                  className={l.type === 'score' ? 'muted small' : undefined}
                  data-testid="why-line"
                  data-type={l.type}
                >
                  {l.text}
                </li>
              ))}
            </ul>
          </details>
        )}
      </div>
    </li>
  );
}

// ---------- Filters ----------

type Apply = (change: (params: URLSearchParams) => void) => void;

function filterValueLabel(key: PeopleFilter, value: string, facets: PeopleSearchPage['facets']): string {
  if (key === 'max_degree') return maxDegreeLabel(value);
  if (key === 'open_to_work') return value === 'true' ? 'Yes' : 'No';
  // A facet's value may be a code or an id ("NL", "python"); show its label.
  const facet = FACETS.find((f) => FACET_FILTER[f] === key);
  const known = facet ? facets?.[facet]?.find((v) => sameValue(v.value, value)) : undefined;
  return known?.label || value;
}

/** The filters in force as chips, each with a remove button, and "Clear all". */
function ActiveFilters({
  filters,
  facets,
  apply,
}: {
  filters: URLSearchParams;
  facets: PeopleSearchPage['facets'];
  apply: Apply;
}) {
  const chips = [...filters.entries()].filter(([k]) => k !== 'q') as [PeopleFilter, string][];
  if (!chips.length) return null;
  return (
    <section className="card section" aria-label="Filters in use" data-testid="active-filters">
      <ul className="chips">
        {chips.map(([k, v]) => {
          const label = `${FILTER_LABELS[k]}: ${filterValueLabel(k, v, facets)}`;
          return (
            <li key={`${k}=${v}`} className="chip" data-testid="active-filter" data-key={k} data-value={v}>
              <span>{label}</span>
              <button
                type="button"
                className="chip__remove"
                aria-label={`Remove ${label}`}
                onClick={() =>
                  apply((p) => {
                    const rest = p.getAll(k).filter((x) => x !== v);
                    p.delete(k);
                    for (const x of rest) p.append(k, x);
                  })
                }
                data-testid="active-filter-remove"
              >
                <span aria-hidden="true">×</span>
              </button>
            </li>
          );
        })}
      </ul>
      <button
        type="button"
        className="btn btn--ghost btn--sm"
        onClick={() =>
          apply((p) => {
            for (const k of [...p.keys()]) if (k !== 'q') p.delete(k);
          })
        }
        data-testid="filters-clear"
      >
        Clear all filters
      </button>
    </section>
  );
}

function facetOptionLabel(facet: FacetName, v: FacetValue): string {
  if (facet === 'degree') return degreeLabel(Number(v.value) as 1 | 2 | 3) ?? v.label;
  return v.label || v.value;
}

/** The facets of the current results: a checkbox per value, with its count. */
function FacetsCard({
  filters,
  facets,
  apply,
}: {
  filters: URLSearchParams;
  facets: PeopleSearchPage['facets'];
  apply: Apply;
}) {
  const groups = FACETS.map((name) => ({ name, values: facets?.[name] ?? [] })).filter((g) => g.values.length);
  return (
    <section className="card section" aria-labelledby="facets-title" data-testid="search-facets">
      <div className="section__head">
        <h2 id="facets-title" className="section__title">
          Narrow down
        </h2>
      </div>
      {!facets ? (
        <p className="muted small">The counts appear with the results.</p>
      ) : groups.length === 0 ? (
        <p className="muted small">Nothing to narrow down by.</p>
      ) : (
        groups.map(({ name, values }) => {
          const key = FACET_FILTER[name];
          const chosen = filters.getAll(key);
          return (
            <fieldset key={name} className="facet" data-testid={`facet-${name}`}>
              <legend className="facet__title">{FACET_TITLES[name]}</legend>
              {name === 'degree' && <p className="muted small facet__hint">Shows members up to the degree you tick.</p>}
              <ul className="facet__list">
                {values.map((v) => {
                  if (name === 'degree' && !degreeLabel(Number(v.value) as 1 | 2 | 3)) {
                    // Members outside the network can't be chosen with max_degree; just count them.
                    return (
                      <li key={v.value} className="muted small facet__other" data-testid="facet-option" data-facet={name} data-value={v.value}>
                        Outside your network ({v.count.toLocaleString('en')})
                      </li>
                    );
                  }
                  const checked = chosen.some((c) => sameValue(c, v.value) || sameValue(c, v.label));
                  return (
                    <li key={v.value} data-testid="facet-option" data-facet={name} data-value={v.value}>
                      <CheckboxField
                        label={`${facetOptionLabel(name, v)} (${v.count.toLocaleString('en')})`}
                        checked={checked}
                        onChange={() =>
                          apply((p) => {
                            const others = p
                              .getAll(key)
                              .filter((c) => !sameValue(c, v.value) && !sameValue(c, v.label));
                            p.delete(key);
                            // Several skills must all match; the other filters take one value.
                            if (name === 'skill') for (const c of others) p.append(key, c);
                            if (!checked) p.append(key, v.value);
                          })
                        }
                        data-testid="facet-check"
                      />
                    </li>
                  );
                })}
              </ul>
            </fieldset>
          );
        })
      )}
    </section>
  );
}

const FORM_FIELDS = [
  'q',
  'first_name',
  'last_name',
  'max_degree',
  'company_country',
  'started_before',
  'school',
] as const;
type FormField = (typeof FORM_FIELDS)[number];

/** Filters typed in: names, degree, company country + start year, school, open to work. Applied together. */
function MoreFilters({ filters, apply }: { filters: URLSearchParams; apply: Apply }) {
  const [values, setValues] = useState<Record<FormField, string>>(
    () => Object.fromEntries(FORM_FIELDS.map((f) => [f, filters.get(f) ?? ''])) as Record<FormField, string>,
  );
  const [openToWork, setOpenToWork] = useState(filters.get('open_to_work') === 'true');
  const [yearError, setYearError] = useState<string | null>(null);
  const set = (f: FormField) => (e: { target: { value: string } }) =>
    setValues((v) => ({ ...v, [f]: e.target.value }));

  function onSubmit(e: FormEvent) {
    e.preventDefault();
    const year = values.started_before.trim();
    if (year && !/^\d{4}$/.test(year)) {
      setYearError('Enter a year, such as 2020.');
      return;
    }
    setYearError(null);
    apply((p) => {
      for (const f of FORM_FIELDS) {
        p.delete(f);
        if (values[f].trim()) p.set(f, values[f].trim());
      }
      p.delete('open_to_work');
      if (openToWork) p.set('open_to_work', 'true');
    });
  }

  return (
    <section className="card section" aria-labelledby="more-filters-title" data-testid="search-filters">
      <div className="section__head">
        <h2 id="more-filters-title" className="section__title">
          Filters
        </h2>
      </div>
      <form onSubmit={onSubmit} noValidate>
        <TextField label="Keywords" value={values.q} onChange={set('q')} data-testid="filter-q" />
        <TextField label="First name" value={values.first_name} onChange={set('first_name')} data-testid="filter-first-name" />
        <TextField label="Last name" value={values.last_name} onChange={set('last_name')} data-testid="filter-last-name" />
        <SelectField label="Degree" value={values.max_degree} onChange={set('max_degree')} data-testid="filter-max-degree">
          <option value="">Anyone</option>
          <option value="1">{maxDegreeLabel('1')}</option>
          <option value="2">{maxDegreeLabel('2')}</option>
          <option value="3">{maxDegreeLabel('3')}</option>
        </SelectField>
        <FilterGroup legend="Current company">
          <TextField
            label="Company country"
            hint="A country name or code, such as NL"
            value={values.company_country}
            onChange={set('company_country')}
            data-testid="filter-company-country"
          />
          <TextField
            label="Started before (year)"
            inputMode="numeric"
            value={values.started_before}
            onChange={set('started_before')}
            error={yearError}
            data-testid="filter-started-before"
          />
        </FilterGroup>
        <TextField label="School" value={values.school} onChange={set('school')} data-testid="filter-school" />
        <CheckboxField
          label="Open to work"
          checked={openToWork}
          onChange={(e) => setOpenToWork(e.target.checked)}
          data-testid="filter-open-to-work"
        />
        <button type="submit" className="btn btn--primary btn--block" data-testid="filter-apply">
          Show results
        </button>
      </form>
    </section>
  );
}

function FilterGroup({ legend, children }: { legend: string; children: ReactNode }) {
  return (
    <fieldset className="field--group">
      <legend className="field__label">{legend}</legend>
      {children}
    </fieldset>
  );
}

// ---------- Companies ----------

function CompanySearch({ text }: { text: string }) {
  const [total, setTotal] = useState<number | null>(null);
  const current = useRef(text);
  useEffect(() => {
    current.current = text;
  }, [text]);
  const fetchPage = useCallback(
    async (cursor: string | null) => {
      const page = await api.searchCompanies({ q: text, cursor, limit: PAGE_SIZE });
      if (!cursor && current.current === text) setTotal(page.total);
      return page;
    },
    [text],
  );
  const companies = usePaged(fetchPage, `companies:${text}`, (c: CompanyResult) => c.handle);

  return (
    <section className="card section search__companies" aria-labelledby="companies-title" data-testid="company-results">
      <div className="section__head">
        <h1 id="companies-title" className="section__title">
          {text ? <>Companies matching “{text}”</> : 'Companies'}
        </h1>
        {companies.status === 'ok' && total !== null && (
          <span className="muted small search__total" data-testid="company-total">
            {plural(total, 'company', 'companies')}
          </span>
        )}
      </div>
      {companies.status === 'loading' ? (
        <p className="muted" aria-busy="true">
          Searching…
        </p>
      ) : companies.status === 'error' ? (
        <div>
          <InlineError message={companies.error} testId="search-error" />
          <button type="button" className="btn btn--ghost" onClick={companies.reload}>
            Try again
          </button>
        </div>
      ) : companies.items.length === 0 ? (
        <p className="muted empty" data-testid="company-results-empty">
          No company pages match this search.
        </p>
      ) : (
        <ul className="member-list" aria-label="Companies">
          {companies.items.map((c) => (
            <li key={c.handle} className="member-row" data-testid="company-result" data-handle={c.handle}>
              <span className="avatar avatar--md avatar--anonymous" aria-hidden="true">
                <BuildingIcon width={22} height={22} />
              </span>
              <div className="member-row__body">
                <div className="member-row__name">
                  <Link to={`/company/${encodeURIComponent(c.handle)}`} data-testid="company-result-name">
                    {c.name}
                  </Link>
                </div>
                {(c.city || c.country) && (
                  <div className="member-row__headline">{[c.city, c.country].filter(Boolean).join(', ')}</div>
                )}
              </div>
            </li>
          ))}
        </ul>
      )}
      {companies.status === 'ok' && companies.hasMore && (
        <div className="list-more">
          <button
            type="button"
            className="btn btn--ghost"
            onClick={companies.loadMore}
            disabled={companies.loadingMore}
            data-testid="companies-more"
          >
            {companies.loadingMore ? 'Loading…' : 'Show more'}
          </button>
        </div>
      )}
      <InlineError message={companies.moreError} />
    </section>
  );
}
