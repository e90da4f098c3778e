// Search helpers: the filters as they live in the /search URL (so a search can
// be shared and reloaded), links for the top bar's suggestions, and the
// server's `why` entries as readable sentences.
import type { FacetName, SearchPosition, SearchSuggestion, SearchWhy } from './api';
import { degreeLabel, plural } from './network';

/** The people-search parameters the page keeps in its URL, in this order. */
export const PEOPLE_FILTERS = [
  'q',
  'first_name',
  'last_name',
  'max_degree',
  'skill',
  'current_company',
  'past_company',
  'company_country',
  'started_before',
  'city',
  'country',
  'school',
  'open_to_work',
] as const;

export type PeopleFilter = (typeof PEOPLE_FILTERS)[number];

/** Which filter a facet sets. The degree facet sets the largest degree shown. */
export const FACET_FILTER: Record<FacetName, PeopleFilter> = {
  current_company: 'current_company',
  city: 'city',
  country: 'country',
  skill: 'skill',
  degree: 'max_degree',
};

export const FACET_TITLES: Record<FacetName, string> = {
  current_company: 'Current company',
  city: 'City',
  country: 'Country',
  skill: 'Skill',
  degree: 'Degree',
};

export const FILTER_LABELS: Record<PeopleFilter, string> = {
  q: 'Keywords',
  first_name: 'First name',
  last_name: 'Last name',
  max_degree: 'Degree',
  skill: 'Skill',
  current_company: 'Current company',
  past_company: 'Past company',
  company_country: 'Company country',
  started_before: 'Started before',
  city: 'City',
  country: 'Country',
  school: 'School',
  open_to_work: 'Open to work',
};

/** Only the known, non-empty filters of a URL query (the page ignores anything else). */
export function peopleFilters(query: URLSearchParams): URLSearchParams {
  const out = new URLSearchParams();
  for (const key of PEOPLE_FILTERS) {
    for (const v of query.getAll(key)) {
      if (v.trim()) out.append(key, v.trim());
    }
  }
  return out;
}

/** "/search?q=…" (or "/search?tab=companies&q=…"). */
export function searchPath(params: URLSearchParams, tab: 'people' | 'companies' = 'people'): string {
  const q = new URLSearchParams(params);
  if (tab === 'companies') {
    const text = q.get('q');
    const only = new URLSearchParams({ tab: 'companies' });
    if (text) only.set('q', text);
    return `/search?${only}`;
  }
  const s = q.toString();
  return s ? `/search?${s}` : '/search';
}

/** Case-insensitive equality, as the server compares filter values. */
export function sameValue(a: string, b: string): boolean {
  return a.trim().toLocaleLowerCase() === b.trim().toLocaleLowerCase();
}

/** Where a top-bar suggestion leads. */
export function suggestionPath(s: SearchSuggestion): string {
  switch (s.type) {
    case 'member':
      return `/in/${encodeURIComponent(s.handle)}`;
    case 'company':
      return `/company/${encodeURIComponent(s.handle)}`;
    case 'skill':
      return searchPath(new URLSearchParams({ skill: s.label }));
    case 'school':
      return searchPath(new URLSearchParams({ school: s.label }));
  }
}

export const SUGGESTION_TYPES: Record<SearchSuggestion['type'], string> = {
  member: 'Member',
  company: 'Company',
  skill: 'Skill',
  school: 'School',
};

/** "1st", "2nd or closer", "3rd or closer" for the max_degree filter. */
export function maxDegreeLabel(value: string): string {
  const n = Number(value);
  const label = degreeLabel(n === 1 || n === 2 || n === 3 ? n : undefined);
  if (!label) return value;
  return n === 1 ? `${label} connections` : `${label} degree or closer`;
}

/** "Data engineer at Rabobank · since 2018". */
export function positionLine(p: SearchPosition): string {
  const where = p.company?.name ? ` at ${p.company.name}` : '';
  const since = p.start_year ? ` · since ${p.start_year}` : '';
  return `${p.title || 'Works'}${where}${since}`;
}

const FIELD_WORDS: Record<string, string> = {
  name: 'name',
  headline: 'headline',
  about: 'about',
  positions: 'experience',
  skills: 'skills',
  education: 'education',
};

function joinWords(words: string[]): string {
  if (words.length <= 1) return words.join('');
  return `${words.slice(0, -1).join(', ')} and ${words[words.length - 1]}`;
}

/** One sentence per `why` entry ("Your search matched their headline and skills."). */
export function whySentence(why: SearchWhy): string | null {
  switch (why.type) {
    case 'text': {
      const fields = (why.fields ?? []).map((f) => FIELD_WORDS[f] ?? f.replace(/_/g, ' '));
      return fields.length
        ? `Your search matched their ${joinWords(fields)}.`
        : 'Your search matched their profile.';
    }
    case 'skill': {
      const n = typeof why.endorsements === 'number' ? why.endorsements : 0;
      const name = why.name || why.skill;
      return n > 0
        ? `Has the skill ${name}, with ${plural(n, 'endorsement')}.`
        : `Has the skill ${name} (no endorsements yet).`;
    }
    case 'position': {
      const country = why.company?.country ? ` (${why.company.country})` : '';
      const since = why.start_year ? ` since ${why.start_year}` : '';
      return `Works as ${why.title || 'a member'} at ${why.company?.name ?? 'a company'}${country}${since}.`;
    }
    case 'degree': {
      switch (why.degree) {
        case 1:
          return 'A 1st-degree connection: you are connected.';
        case 2:
          return 'A 2nd-degree connection: you have a connection in common.';
        case 3:
          return 'A 3rd-degree connection: connected to one of your 2nd-degree connections.';
        default:
          return 'Outside your network.';
      }
    }
    case 'score': {
      const f = (x: number) => (typeof x === 'number' ? x.toFixed(2) : '–');
      return `Relevance ${f(why.score)}: text ${f(why.text)}, network ${f(why.proximity)}, endorsements ${f(
        why.evidence,
      )}, profile completeness ${f(why.completeness)}.`;
    }
    default:
      return null;
  }
}
