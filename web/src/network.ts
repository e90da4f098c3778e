// Helpers shared by the network pages: degree labels, suggestion reasons as
// readable lines, a paged-list hook and a hook for one-off actions.
import { useCallback, useEffect, useRef, useState } from 'react';
import { errorMessage, type Degree, type Page, type WhyFactor } from './api';

/** "1st", "2nd", "3rd" — or null for yourself, beyond 3rd degree and visitors. */
export function degreeLabel(degree: Degree | undefined): string | null {
  switch (degree) {
    case 1:
      return '1st';
    case 2:
      return '2nd';
    case 3:
      return '3rd';
    default:
      return null;
  }
}

/** Invitations to people at 3rd degree or beyond (or unknown) need a note. */
export function noteRequired(degree: Degree | undefined): boolean {
  return degree === 3 || degree === null || degree === undefined;
}

export const INVITATION_NOTE_MAX = 300;

export function plural(n: number, one: string, many = `${one}s`): string {
  return `${n.toLocaleString('en')} ${n === 1 ? one : many}`;
}

// ---- Suggestion reasons ----

function asNumber(x: unknown): number | null {
  if (typeof x === 'number' && Number.isFinite(x)) return x;
  if (typeof x === 'string' && /^\d+$/.test(x.trim())) return Number(x);
  return null;
}

function pick(o: Record<string, unknown>, keys: string[]): unknown {
  for (const k of keys) if (o[k] !== undefined && o[k] !== null && o[k] !== '') return o[k];
  return undefined;
}

/** "2019–2021", "since 2019", "2019" from years given in several shapes. */
function period(from: unknown, to: unknown): string | null {
  const a = asNumber(from) ?? (typeof from === 'string' && from ? from : null);
  const b = asNumber(to) ?? (typeof to === 'string' && to ? to : null);
  if (a !== null && b !== null) return String(a) === String(b) ? String(a) : `${a}–${b}`;
  if (a !== null) return `since ${a}`;
  if (b !== null) return `until ${b}`;
  return null;
}

/** Plain words for a value or detail: strings as they are, lists joined, objects by their usual fields. */
function words(x: unknown): string | null {
  if (x === null || x === undefined) return null;
  if (typeof x === 'string') return x.trim() || null;
  if (typeof x === 'number') return String(x);
  if (Array.isArray(x)) {
    const parts = x.map(words).filter((p): p is string => Boolean(p));
    return parts.length ? parts.join(', ') : null;
  }
  if (typeof x === 'object') {
    const o = x as Record<string, unknown>;
    const name = words(pick(o, ['name', 'company', 'company_name', 'school', 'school_name', 'city', 'title']));
    const when =
      words(pick(o, ['period', 'years'])) ??
      period(pick(o, ['from', 'start', 'start_year', 'since']), pick(o, ['to', 'end', 'end_year', 'until']));
    return [name, when].filter(Boolean).join(' ') || null;
  }
  return null;
}

function listOf(x: unknown): string[] {
  if (Array.isArray(x)) return x.map(words).filter((p): p is string => Boolean(p));
  const w = words(x);
  return w ? [w] : [];
}


/**
 * One readable line for a suggestion factor. The server sends `detail` as a
 * finished sentence ("12 mutual connections, including Bea Smit", "Both at
 * Rabobank, 2019–2021") and `value` as the factor's weight in the score; the
 * wording below is only for answers without such a sentence.
 */
export function whyLine({ factor, detail }: WhyFactor): string {
  if (typeof detail === 'string' && detail.trim()) {
    const d = detail.trim();
    return d.charAt(0).toUpperCase() + d.slice(1);
  }
  const count = (x: unknown) => {
    const n = asNumber(x);
    return n !== null && Number.isInteger(n) ? n : null;
  };
  switch (factor) {
    case 'mutual_connections': {
      const n = count(detail) ?? (Array.isArray(detail) ? detail.length : null);
      if (n !== null) return plural(n, 'mutual connection');
      return 'Mutual connections';
    }
    case 'worked_together': {
      const where = words(detail);
      return where ? `Worked together at ${where}` : 'Worked together';
    }
    case 'studied_together': {
      const where = words(detail);
      return where ? `Studied together at ${where}` : 'Studied together';
    }
    case 'same_city': {
      const city = words(detail);
      return city ? `Also in ${city}` : 'Lives in the same city';
    }
    case 'shared_skills': {
      const names = listOf(detail);
      const n = names.length;
      const head = n > 0 ? plural(n, 'shared skill') : 'Shared skills';
      return names.length ? `${head}: ${names.join(', ')}` : head;
    }
    case 'known_from_linkedin':
      return 'You know each other from LinkedIn';
    default: {
      const label = factor.replace(/_/g, ' ');
      const head = label.charAt(0).toUpperCase() + label.slice(1);
      const extra = words(detail);
      return extra ? `${head}: ${extra}` : head;
    }
  }
}

// ---- Hooks ----

export interface Paged<T> {
  status: 'loading' | 'ok' | 'error';
  items: T[];
  error: string | null;
  /** True when the server has more (a next_cursor). */
  hasMore: boolean;
  loadingMore: boolean;
  moreError: string | null;
  loadMore: () => void;
  reload: () => void;
  /** Change the loaded items locally (e.g. drop one after an action). */
  update: (fn: (items: T[]) => T[]) => void;
}

interface PagedState<T> {
  status: 'loading' | 'ok' | 'error';
  items: T[];
  next: string | null;
  error: string | null;
  loadingMore: boolean;
  moreError: string | null;
}

/**
 * A list read page by page with `next_cursor`. The first page is (re)loaded
 * whenever `key` changes; answers to outdated requests are ignored.
 */
export function usePaged<T>(
  fetchPage: (cursor: string | null) => Promise<Page<T>>,
  key: string,
  keyOf: (item: T) => string,
): Paged<T> {
  const [state, setState] = useState<PagedState<T>>({
    status: 'loading',
    items: [],
    next: null,
    error: null,
    loadingMore: false,
    moreError: null,
  });
  const [attempt, setAttempt] = useState(0);
  const fetchRef = useRef(fetchPage);
  const keyOfRef = useRef(keyOf);
  const stateRef = useRef(state);
  const generation = useRef(0);
  useEffect(() => {
    fetchRef.current = fetchPage;
    keyOfRef.current = keyOf;
  });
  useEffect(() => {
    stateRef.current = state;
  }, [state]);

  useEffect(() => {
    const gen = ++generation.current;
    setState((s) => ({ ...s, status: s.status === 'ok' ? 'ok' : 'loading', error: null }));
    fetchRef.current(null).then(
      (page) => {
        if (gen !== generation.current) return;
        setState({
          status: 'ok',
          items: page?.items ?? [],
          next: page?.next_cursor ?? null,
          error: null,
          loadingMore: false,
          moreError: null,
        });
      },
      (err) => {
        if (gen !== generation.current) return;
        setState((s) => ({ ...s, status: 'error', error: errorMessage(err), loadingMore: false }));
      },
    );
  }, [key, attempt]);

  const loadMore = useCallback(() => {
    const current = stateRef.current;
    if (!current.next || current.loadingMore) return;
    const gen = generation.current;
    setState((s) => ({ ...s, loadingMore: true, moreError: null }));
    fetchRef.current(current.next).then(
      (page) => {
        if (gen !== generation.current) return;
        setState((s) => {
          const seen = new Set(s.items.map((i) => keyOfRef.current(i)));
          const fresh = (page?.items ?? []).filter((i) => !seen.has(keyOfRef.current(i)));
          return {
            ...s,
            items: [...s.items, ...fresh],
            next: page?.next_cursor ?? null,
            loadingMore: false,
          };
        });
      },
      (err) => {
        if (gen !== generation.current) return;
        setState((s) => ({ ...s, loadingMore: false, moreError: errorMessage(err) }));
      },
    );
  }, []);

  const reload = useCallback(() => setAttempt((n) => n + 1), []);
  const update = useCallback(
    (fn: (items: T[]) => T[]) => setState((s) => ({ ...s, items: fn(s.items) })),
    [],
  );

  return {
    status: state.status,
    items: state.items,
    error: state.error,
    hasMore: Boolean(state.next),
    loadingMore: state.loadingMore,
    moreError: state.moreError,
    loadMore,
    reload,
    update,
  };
}

/** One button's worth of server call: busy flag and the error message to show next to it. */
export function useAction() {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const run = useCallback(
    async <R>(fn: () => Promise<R>): Promise<{ ok: true; value: R } | { ok: false }> => {
      setBusy(true);
      setError(null);
      try {
        const value = await fn();
        setBusy(false);
        return { ok: true, value };
      } catch (err) {
        setBusy(false);
        setError(errorMessage(err));
        return { ok: false };
      }
    },
    [],
  );
  return { busy, error, setError, run };
}
