import { useEffect } from 'react';
import type { Member } from './api';

/** Server messages are lower-case sentences ("password must be …"); show them capitalised. */
export function asSentence(message: string): string {
  return message ? message.charAt(0).toUpperCase() + message.slice(1) : message;
}

export function fullName(m: Pick<Member, 'first_name' | 'last_name'>): string {
  return [m.first_name, m.last_name].filter(Boolean).join(' ');
}

export function initials(m: Pick<Member, 'first_name' | 'last_name'>): string {
  const first = Array.from(m.first_name.trim())[0] ?? '';
  const last = Array.from(m.last_name.trim())[0] ?? '';
  return (first + last).toUpperCase() || '?';
}

/**
 * Length as people (and the server's limits) count it: Unicode code points,
 * so an emoji counts once rather than as two UTF-16 units.
 */
export function charCount(s: string): number {
  let n = 0;
  for (const _ of s) n++;
  return n;
}

/** Parses `created_at` given as an ISO-8601 string or Unix seconds/milliseconds. */
export function parseTimestamp(value: string | number | null | undefined): Date | null {
  if (value === null || value === undefined || value === '') return null;
  let d: Date;
  if (typeof value === 'number' || /^\d+$/.test(value)) {
    const n = Number(value);
    d = new Date(n < 1e12 ? n * 1000 : n);
  } else {
    // "2025-03-01 12:00:00" (SQL style) is not ISO; make it so.
    d = new Date(/^\d{4}-\d{2}-\d{2} \d/.test(value) ? value.replace(' ', 'T') : value);
  }
  return Number.isNaN(d.getTime()) ? null : d;
}

export function monthYear(value: string | number | null | undefined): string | null {
  const d = parseTimestamp(value);
  return d ? new Intl.DateTimeFormat('en', { month: 'long', year: 'numeric' }).format(d) : null;
}

export function useDocumentTitle(title: string | null): void {
  useEffect(() => {
    document.title = title ? `${title} | Kring` : 'Kring';
  }, [title]);
}

/** "3 Mar 2026" for a timestamp, or null when it can't be read. */
export function shortDate(value: string | number | null | undefined): string | null {
  const d = parseTimestamp(value);
  return d
    ? new Intl.DateTimeFormat('en-GB', { day: 'numeric', month: 'short', year: 'numeric' }).format(d)
    : null;
}
