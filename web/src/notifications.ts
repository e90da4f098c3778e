// Notifications: the API calls and the unread count shared by the top bar's bell and the /notifications page.
//
// The count lives in a small store outside React (`useUnreadCount`), so marking notifications read on the page
// updates the bell at once; the bell refreshes it from the server every 30 s and on every navigation.
import { useSyncExternalStore } from 'react';
import { request, type MemberCard, type Page } from './api';

export type NotificationKind =
  | 'mention'
  | 'comment'
  | 'reply'
  | 'reaction'
  | 'invitation_accepted'
  | 'endorsement'
  | 'introduction';

export interface NotificationItem {
  id: number;
  kind: NotificationKind | string;
  actor: MemberCard;
  /** The post it is about, with the first 140 characters of its text. */
  post: { id: number; text: string } | null;
  comment_id: number | null;
  /** Endorsements: the skill's name. */
  skill: string | null;
  /** Reactions: how many members the notification counts. */
  count: number;
  /** "Anna de Vries mentioned you in a post". */
  text: string;
  created_at: string;
  read: boolean;
}

export interface NotificationPage extends Page<NotificationItem> {
  unread: number;
}

export const UNREAD_POLL_MS = 30_000;

export const notificationsApi = {
  list(opts: { limit?: number; cursor?: string | null } = {}): Promise<NotificationPage> {
    const q = new URLSearchParams();
    if (opts.limit) q.set('limit', String(opts.limit));
    if (opts.cursor) q.set('cursor', opts.cursor);
    const qs = q.toString();
    return request<NotificationPage>('GET', `/notifications${qs ? `?${qs}` : ''}`);
  },
  unreadCount(): Promise<{ unread: number }> {
    return request<{ unread: number }>('GET', '/notifications/unread-count');
  },
  markRead(ids: Array<number | string>): Promise<void> {
    return request<void>('POST', '/notifications/read', { ids: ids.map(Number) });
  },
  markAllRead(): Promise<void> {
    return request<void>('POST', '/notifications/read', { all: true });
  },
};

// ---- the shared unread count

let unread: number | null = null;
const listeners = new Set<() => void>();

function emit(): void {
  for (const l of listeners) l();
}

export function setUnreadCount(n: number | null): void {
  if (n === unread) return;
  unread = n;
  emit();
}

/** Lowers the count by `n` at once (items marked read), without waiting for the next poll. */
export function decrementUnread(n: number): void {
  if (unread === null || n <= 0) return;
  setUnreadCount(Math.max(0, unread - n));
}

let inFlight: Promise<void> | null = null;

/** Asks the server for the count; failures keep the last known value. */
export function refreshUnreadCount(): Promise<void> {
  if (!inFlight) {
    inFlight = notificationsApi
      .unreadCount()
      .then((r) => setUnreadCount(typeof r?.unread === 'number' ? r.unread : 0))
      .catch(() => {
        /* keep the last value; the next poll tries again */
      })
      .finally(() => {
        inFlight = null;
      });
  }
  return inFlight;
}

export function useUnreadCount(): number | null {
  return useSyncExternalStore(
    (l) => {
      listeners.add(l);
      return () => listeners.delete(l);
    },
    () => unread,
  );
}

/** Where a notification leads: the post it is about, else the actor's profile (introductions: /network). */
export function notificationPath(n: NotificationItem): string {
  if (n.post) return `/posts/${encodeURIComponent(String(n.post.id))}`;
  if (n.kind === 'introduction') return '/network';
  return `/in/${encodeURIComponent(n.actor.handle)}`;
}

/** "99+" beyond 99. */
export function badgeText(n: number): string {
  return n > 99 ? '99+' : String(n);
}
