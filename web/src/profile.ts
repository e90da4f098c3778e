// Helpers for the profile sections: labels for the server's codes, dates and
// durations as people read them ("Mar 2019 – Present · 5 yrs 8 mos"), and
// which input a server field error ("position.end.year") belongs to.
import type {
  EmploymentType,
  EndorsementRelationship,
  Proficiency,
  ProfileViewMode,
  VisibilityLevel,
  WorkplaceType,
  YearMonth,
} from './api';

export const EMPLOYMENT_TYPES: { value: EmploymentType; label: string }[] = [
  { value: 'full_time', label: 'Full-time' },
  { value: 'part_time', label: 'Part-time' },
  { value: 'self_employed', label: 'Self-employed' },
  { value: 'freelance', label: 'Freelance' },
  { value: 'contract', label: 'Contract' },
  { value: 'internship', label: 'Internship' },
  { value: 'apprenticeship', label: 'Apprenticeship' },
  { value: 'seasonal', label: 'Seasonal' },
  { value: 'volunteer', label: 'Volunteer' },
];

export function employmentTypeLabel(value: string | null | undefined): string | null {
  if (!value) return null;
  return EMPLOYMENT_TYPES.find((t) => t.value === value)?.label ?? value.replace(/_/g, ' ');
}

export const PROFICIENCIES: { value: Proficiency; label: string }[] = [
  { value: 'elementary', label: 'Elementary proficiency' },
  { value: 'limited_working', label: 'Limited working proficiency' },
  { value: 'professional_working', label: 'Professional working proficiency' },
  { value: 'full_professional', label: 'Full professional proficiency' },
  { value: 'native', label: 'Native or bilingual proficiency' },
];

export function proficiencyLabel(value: string | null | undefined): string | null {
  if (!value) return null;
  return PROFICIENCIES.find((p) => p.value === value)?.label ?? value.replace(/_/g, ' ');
}

export const WORKPLACE_TYPES: { value: WorkplaceType; label: string }[] = [
  { value: 'on_site', label: 'On-site' },
  { value: 'hybrid', label: 'Hybrid' },
  { value: 'remote', label: 'Remote' },
];

export function workplaceLabel(value: string): string {
  return WORKPLACE_TYPES.find((w) => w.value === value)?.label ?? value.replace(/_/g, ' ');
}

export const VISIBILITY_LEVELS: { value: VisibilityLevel; label: string; hint: string }[] = [
  { value: 'public', label: 'Public', hint: 'Anyone, also people who are not logged in' },
  { value: 'members', label: 'Members', hint: 'Anyone logged in to Kring' },
  { value: 'connections', label: 'Connections', hint: 'Your 1st-degree connections' },
  { value: 'only_me', label: 'Only me', hint: 'Nobody else' },
];

export function visibilityLabel(value: string | null | undefined): string | null {
  if (!value) return null;
  return VISIBILITY_LEVELS.find((v) => v.value === value)?.label ?? value;
}

/** The sections whose visibility a member chooses, in profile order. */
export const SECTIONS: { key: string; label: string }[] = [
  { key: 'about', label: 'About' },
  { key: 'location', label: 'Location' },
  { key: 'positions', label: 'Experience' },
  { key: 'education', label: 'Education' },
  { key: 'skills', label: 'Skills' },
  { key: 'languages', label: 'Languages' },
  { key: 'certifications', label: 'Licenses & certifications' },
  { key: 'contact', label: 'Contact info' },
];

export const VIEW_MODES: { value: ProfileViewMode; label: string; hint: string }[] = [
  { value: 'name', label: 'Your name and headline', hint: 'The member sees who you are.' },
  {
    value: 'anonymous',
    label: 'Anonymous profile characteristics',
    hint: 'They see only your headline, e.g. "Someone: Nurse at Stadsziekenhuis".',
  },
  { value: 'private', label: 'Private mode', hint: 'They see "Someone in private mode".' },
];

/** What an endorsement from the viewer will record, as a sentence. */
export function endorsementBasisText(basis: { relationship?: EndorsementRelationship | string; context?: string | null }): string {
  const where = basis.context?.trim();
  switch (basis.relationship) {
    case 'worked_together':
      return where ? `You worked together at ${where}` : 'You worked together';
    case 'studied_together':
      return where ? `You studied together at ${where}` : 'You studied together';
    default:
      return where ? `You are connected (${where})` : 'You are connected on Kring';
  }
}

// ---------- Dates ----------

export const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
export const MONTHS_LONG = [
  'January',
  'February',
  'March',
  'April',
  'May',
  'June',
  'July',
  'August',
  'September',
  'October',
  'November',
  'December',
];

/** "Mar 2019", or "2019" without a month. */
export function formatYearMonth(ym: YearMonth | null | undefined): string | null {
  if (!ym || !ym.year) return null;
  return ym.month && ym.month >= 1 && ym.month <= 12 ? `${MONTHS[ym.month - 1]} ${ym.year}` : String(ym.year);
}

/**
 * "5 yrs 8 mos" between two months, both counted (as LinkedIn does: Mar–May is
 * 3 mos). A missing start month counts from January, a missing end month to
 * December; a missing end is "now".
 */
export function durationText(start: YearMonth, end: YearMonth | null, now = new Date()): string | null {
  if (!start?.year) return null;
  const from = start.year * 12 + ((start.month ?? 1) - 1);
  const to = end?.year
    ? end.year * 12 + ((end.month ?? 12) - 1)
    : now.getFullYear() * 12 + now.getMonth();
  const months = to - from + 1;
  if (months <= 0) return null;
  const y = Math.floor(months / 12);
  const m = months % 12;
  const parts: string[] = [];
  if (y > 0) parts.push(`${y} ${y === 1 ? 'yr' : 'yrs'}`);
  if (m > 0) parts.push(`${m} ${m === 1 ? 'mo' : 'mos'}`);
  return parts.join(' ');
}

/** "Mar 2019 – Present · 5 yrs 8 mos". */
export function periodText(start: YearMonth | null, end: YearMonth | null, current: boolean): string | null {
  const a = formatYearMonth(start);
  if (!a || !start) return null;
  const b = current || !end ? 'Present' : formatYearMonth(end);
  const d = durationText(start, current ? null : end);
  return `${a} – ${b}${d ? ` · ${d}` : ''}`;
}

/** "2010 – 2014", "2010 – ", " – 2014" or null. */
export function yearsText(start: number | null | undefined, end: number | null | undefined): string | null {
  if (start && end) return start === end ? String(start) : `${start} – ${end}`;
  if (start) return `${start} – Present`;
  if (end) return `Until ${end}`;
  return null;
}

/** Years for the date pickers: next few years down to 1940 (the server accepts 1900–2100). */
export function yearOptions(ahead = 0): number[] {
  const top = new Date().getFullYear() + ahead;
  const out: number[] = [];
  for (let y = top; y >= 1940; y--) out.push(y);
  return out;
}

// ---------- Server field errors ----------

/**
 * Which of a form's inputs a server field error names. The server prefixes the
 * body's fields ("position.end.year", "languages[1].name", "contact.email");
 * the longest known key that the rest starts with wins.
 */
export function fieldFor<K extends string>(
  field: string | undefined,
  prefix: string,
  known: readonly K[],
): K | null {
  if (!field) return null;
  let rest = field;
  if (prefix && (rest === prefix || rest.startsWith(`${prefix}.`) || rest.startsWith(`${prefix}[`))) {
    rest = rest.slice(prefix.length).replace(/^\./, '');
  }
  let best: K | null = null;
  for (const k of known) {
    if (rest === k || rest.startsWith(`${k}.`) || rest.startsWith(`${k}[`)) {
      if (!best || k.length > best.length) best = k;
    }
  }
  return best;
}

/** Only http(s) links are rendered as links (member text is never trusted as a URL). */
export function safeUrl(url: string | null | undefined): string | null {
  if (!url) return null;
  const u = url.trim();
  return /^https?:\/\/[^\s]+$/i.test(u) ? u : null;
}

/** "ann.example/portfolio" for showing a URL without its scheme. */
export function displayUrl(url: string): string {
  return url.replace(/^https?:\/\//i, '').replace(/\/$/, '');
}
