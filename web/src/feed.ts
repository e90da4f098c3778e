// Feed helpers: reaction types and their labels, the limits the server checks,
// post text split into plain text, @mentions, #hashtags and links (rendered by
// components/PostText.tsx as React elements, never as HTML), relative times,
// and the numbers of "Why am I seeing this?" and post analytics.
import type { FeedMode, Post, PostSummary, ReactionCounts, ReactionType } from './api';
import { parseTimestamp } from './util';

/** The server's limits, in Unicode code points. */
export const POST_MAX = 3000;
export const COMMENT_MAX = 1250;

/** The reaction types in the order they are offered (icons: components/PostIcons.tsx). */
export const REACTIONS: { type: ReactionType; label: string }[] = [
  { type: 'like', label: 'Like' },
  { type: 'celebrate', label: 'Celebrate' },
  { type: 'support', label: 'Support' },
  { type: 'insightful', label: 'Insightful' },
  { type: 'funny', label: 'Funny' },
  { type: 'love', label: 'Love' },
];

export function reactionInfo(type: string): { type: string; label: string } {
  return REACTIONS.find((r) => r.type === type) ?? { type, label: type };
}

export function reactionTotal(counts: ReactionCounts | null | undefined): number {
  let n = 0;
  for (const v of Object.values(counts ?? {})) n += typeof v === 'number' ? v : 0;
  return n;
}

/** Counts in the order of REACTIONS (then any type the app doesn't know), only types with reactions. */
export function reactionList(counts: ReactionCounts | null | undefined): { type: string; count: number }[] {
  const entries = Object.entries(counts ?? {}).filter(([, n]) => typeof n === 'number' && n > 0) as [
    string,
    number,
  ][];
  const rank = (t: string) => {
    const i = REACTIONS.findIndex((r) => r.type === t);
    return i < 0 ? REACTIONS.length : i;
  };
  return entries.sort((a, b) => rank(a[0]) - rank(b[0])).map(([type, count]) => ({ type, count }));
}

/** The counts after the viewer's reaction changed from `from` to `to` (either may be null). */
export function recount(
  counts: ReactionCounts,
  from: ReactionType | null,
  to: ReactionType | null,
): ReactionCounts {
  const next: ReactionCounts = { ...counts };
  if (from) {
    const n = (next[from] ?? 0) - 1;
    if (n > 0) next[from] = n;
    else delete next[from];
  }
  if (to) next[to] = (next[to] ?? 0) + 1;
  return next;
}

export const MODE_LABELS: Record<FeedMode, string> = {
  relevant: 'Most relevant',
  recent: 'Most recent',
};

export function postPath(id: string | number): string {
  return `/posts/${encodeURIComponent(String(id))}`;
}

export function analyticsPath(id: string | number): string {
  return `${postPath(id)}/analytics`;
}

export function hashtagPath(tag: string): string {
  return `/feed/hashtag/${encodeURIComponent(tag)}`;
}

/** Which post a Reshare button reshares: a reshare without commentary passes its original on. */
export function reshareTarget(post: Post): PostSummary {
  return !post.text.trim() && post.reshare_of ? post.reshare_of : post;
}

// ---- Post text ----

export type Segment =
  | { kind: 'text'; text: string }
  | { kind: 'mention'; text: string; handle: string }
  | { kind: 'hashtag'; text: string; tag: string }
  | { kind: 'url'; text: string; href: string };

/** "#Café" → "cafe", as the server folds hashtags (lower case, accents dropped). */
export function foldTag(raw: string): string {
  return raw.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase();
}

// A link, a mention or a hashtag, in that order of preference at each position.
const TOKEN = /(https?:\/\/[^\s<>"]+)|(@[A-Za-z0-9-]+)|(#[\p{L}\p{M}\p{N}_]+)/gu;
const WORD_BEFORE_MENTION = /[A-Za-z0-9_.\-@]$/;
const WORD_BEFORE_TAG = /[\p{L}\p{M}\p{N}_#&]$/u;
const TRAILING_PUNCTUATION = /[.,;:!?'")\]}>]+$/;

/** Drops trailing punctuation from a URL, keeping a ")" that closes a "(" inside it. */
function trimUrl(url: string): string {
  let end = url.length;
  for (;;) {
    const m = TRAILING_PUNCTUATION.exec(url.slice(0, end));
    if (!m) break;
    const ch = url[end - 1];
    if (ch === ')') {
      const inner = url.slice(0, end - 1);
      const open = (inner.match(/\(/g) ?? []).length;
      const close = (inner.match(/\)/g) ?? []).length;
      if (open > close) break;
    }
    end -= 1;
  }
  return url.slice(0, end);
}

function isHttpUrl(s: string): boolean {
  try {
    const u = new URL(s);
    return (u.protocol === 'http:' || u.protocol === 'https:') && Boolean(u.hostname);
  } catch {
    return false;
  }
}

/**
 * Splits member text into segments. Mentions are links only when the server
 * recognised them (`mentions`; without a list none are), hashtags when they
 * are among `hashtags` (without a list, every well-formed one), links when
 * they start with http:// or https://. The rules for where a mention or
 * hashtag may start follow the server's (not inside a word or an e-mail
 * address; digits alone are no hashtag).
 */
export function segments(
  text: string,
  opts: { mentions?: string[] | null; hashtags?: string[] | null; tags?: boolean } = {},
): Segment[] {
  const mentions = opts.mentions ? new Set(opts.mentions.map((h) => h.toLowerCase())) : null;
  const hashtags = opts.hashtags ? new Set(opts.hashtags) : null;
  const linkTags = opts.tags ?? true;
  const out: Segment[] = [];
  let plain = '';
  let last = 0;
  const flush = () => {
    if (plain) out.push({ kind: 'text', text: plain });
    plain = '';
  };

  TOKEN.lastIndex = 0;
  for (let m = TOKEN.exec(text); m; m = TOKEN.exec(text)) {
    const before = text.slice(0, m.index);
    let token: Segment | null = null;
    let used = m[0].length;
    if (m[1]) {
      const url = trimUrl(m[1]);
      if (isHttpUrl(url)) {
        token = { kind: 'url', text: url, href: url };
        used = url.length;
      }
    } else if (m[2]) {
      const raw = m[2].replace(/-+$/, '');
      const handle = raw.slice(1).toLowerCase();
      if (handle && !WORD_BEFORE_MENTION.test(before) && mentions?.has(handle)) {
        token = { kind: 'mention', text: raw, handle };
        used = raw.length;
      }
    } else if (m[3]) {
      const raw = m[3];
      const tag = foldTag(raw.slice(1));
      const digitsOnly = /^\d+$/.test(raw.slice(1));
      if (linkTags && !digitsOnly && !WORD_BEFORE_TAG.test(before) && (!hashtags || hashtags.has(tag))) {
        token = { kind: 'hashtag', text: raw, tag };
      }
    }
    plain += text.slice(last, m.index);
    if (token) {
      flush();
      out.push(token);
      plain += m[0].slice(used);
    } else {
      plain += m[0];
    }
    last = m.index + m[0].length;
  }
  plain += text.slice(last);
  flush();
  return out;
}

// ---- Time ----

const UNITS: [number, Intl.RelativeTimeFormatUnit, string][] = [
  [60, 'second', 's'],
  [60, 'minute', 'm'],
  [24, 'hour', 'h'],
  [7, 'day', 'd'],
  [4.35, 'week', 'w'],
  [12, 'month', 'mo'],
  [Number.POSITIVE_INFINITY, 'year', 'y'],
];

/**
 * How long ago, short ("3h") and in words ("3 hours ago"), plus the full date
 * for a tooltip and the ISO string for <time>. Null when it can't be read.
 */
export function timeAgo(
  value: string | number | null | undefined,
  now: number = Date.now(),
): { short: string; long: string; full: string; iso: string } | null {
  const d = parseTimestamp(value);
  if (!d) return null;
  const full = new Intl.DateTimeFormat('en-GB', { dateStyle: 'long', timeStyle: 'short' }).format(d);
  let amount = Math.max(0, (now - d.getTime()) / 1000);
  if (amount < 45) return { short: 'now', long: 'just now', full, iso: d.toISOString() };
  for (const [size, unit, abbr] of UNITS) {
    if (amount < size) {
      const n = Math.max(1, Math.floor(amount));
      const long = new Intl.RelativeTimeFormat('en', { numeric: 'always' }).format(-n, unit);
      return { short: `${n}${abbr}`, long, full, iso: d.toISOString() };
    }
    amount /= size;
  }
  return { short: full, long: full, full, iso: d.toISOString() };
}

// ---- Numbers ----

/** A factor's value or a score as people read it: up to three decimals, a sign for contributions. */
export function factorValue(value: number, signed = false): string {
  if (typeof value !== 'number' || !Number.isFinite(value)) return String(value);
  // Small contributions keep two significant digits rather than showing as "0" (or "-0").
  const opts: Intl.NumberFormatOptions =
    value !== 0 && Math.abs(value) < 0.001 ? { maximumSignificantDigits: 2 } : { maximumFractionDigits: 3 };
  let s = value.toLocaleString('en', opts);
  if (s === '-0') s = '0';
  return signed && value > 0 ? `+${s}` : s;
}

/** "Affinity" from "affinity", "Author diversity" from "author_diversity". */
export function factorName(name: string): string {
  const s = name.replace(/[_-]+/g, ' ').trim();
  return s ? s.charAt(0).toUpperCase() + s.slice(1) : name;
}

/** "42%" from a percentage (or "42.5%"); "—" when there is nothing to show. */
export function percent(value: number | null | undefined): string {
  if (typeof value !== 'number' || !Number.isFinite(value)) return '—';
  return `${value.toLocaleString('en', { maximumFractionDigits: 1 })}%`;
}

/** A share 0..1 as a percentage ("25%"). */
export function sharePercent(value: number | null | undefined): string {
  if (typeof value !== 'number' || !Number.isFinite(value)) return '—';
  return percent(value * 100);
}
