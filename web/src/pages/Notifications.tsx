// /notifications — what happened to you, newest first (GET /notifications): mentions, comments, replies,
// reactions (one line per post: "Anna and 3 others reacted to your post"), accepted invitations, endorsements
// and introductions. Unread items are highlighted; opening one marks it read and goes to the post it is about
// (else the member's profile, or /network for an introduction). "Mark all as read" clears the rest.
import { useCallback, type MouseEvent } from 'react';
import { Avatar } from '../components/Avatar';
import { profilePath } from '../components/MemberRow';
import { InlineError } from '../components/Notice';
import { TimeAgo } from '../components/TimeAgo';
import { usePaged, useAction } from '../network';
import {
  decrementUnread,
  notificationPath,
  notificationsApi,
  setUnreadCount,
  useUnreadCount,
  type NotificationItem,
} from '../notifications';
import { Link, navigate } from '../router';
import { fullName, useDocumentTitle } from '../util';

const PAGE_SIZE = 20;

function keyOf(n: NotificationItem): string {
  return String(n.id);
}

/** The server's sentence with the actor's name (which it starts with) as a link to their profile. */
function Sentence({ n }: { n: NotificationItem }) {
  const name = fullName(n.actor);
  const rest = n.text.startsWith(name) ? n.text.slice(name.length) : null;
  if (rest === null) return <>{n.text}</>;
  return (
    <>
      <Link to={profilePath(n.actor.handle)} className="notification__actor" data-testid="notification-actor">
        {name}
      </Link>
      {rest}
    </>
  );
}

function Row({ n, onOpen }: { n: NotificationItem; onOpen: (n: NotificationItem, e: MouseEvent) => void }) {
  const to = notificationPath(n);
  return (
    <li
      className={`notification${n.read ? '' : ' notification--unread'}`}
      data-testid="notification"
      data-kind={n.kind}
      data-read={n.read ? 'true' : 'false'}
    >
      <Link to={profilePath(n.actor.handle)} className="notification__avatar" tabIndex={-1} aria-hidden="true">
        <Avatar member={n.actor} size="md" />
      </Link>
      <div className="notification__body">
        <p className="notification__text" data-testid="notification-text">
          {!n.read && <span className="visually-hidden">Unread: </span>}
          <Sentence n={n} />
        </p>
        {n.post && n.post.text && (
          <p className="notification__excerpt prewrap muted" dir="auto" data-testid="notification-excerpt">
            {n.post.text}
          </p>
        )}
        <div className="notification__meta">
          <Link to={to} className="notification__open" data-testid="notification-open" onClick={(e) => onOpen(n, e)}>
            {n.post ? 'View post' : n.kind === 'introduction' ? 'View introductions' : 'View profile'}
          </Link>
          <span aria-hidden="true"> · </span>
          <TimeAgo at={n.created_at} className="muted" />
        </div>
      </div>
      {!n.read && <span className="notification__dot" aria-hidden="true" />}
    </li>
  );
}

export function NotificationsPage() {
  useDocumentTitle('Notifications');
  const unread = useUnreadCount();
  const fetchPage = useCallback(async (cursor: string | null) => {
    const page = await notificationsApi.list({ cursor, limit: PAGE_SIZE });
    if (typeof page?.unread === 'number') setUnreadCount(page.unread);
    return page;
  }, []);
  const list = usePaged(fetchPage, 'notifications', keyOf);
  const markAll = useAction();

  async function onOpen(n: NotificationItem, e: MouseEvent) {
    if (e.button !== 0 || e.metaKey || e.altKey || e.ctrlKey || e.shiftKey) {
      if (!n.read) void notificationsApi.markRead([n.id]).then(() => decrementUnread(1), () => undefined);
      return;
    }
    e.preventDefault();
    const to = notificationPath(n);
    if (!n.read) {
      try {
        // Marked before leaving, so the bell's next count already leaves it out.
        await notificationsApi.markRead([n.id]);
        decrementUnread(1);
        list.update((items) => items.map((i) => (i.id === n.id ? { ...i, read: true } : i)));
      } catch {
        // Open it anyway; it stays unread.
      }
    }
    navigate(to);
  }

  async function onMarkAll() {
    const r = await markAll.run(() => notificationsApi.markAllRead());
    if (r.ok) {
      setUnreadCount(0);
      list.update((items) => items.map((i) => ({ ...i, read: true })));
    }
  }

  const anyUnread = (unread ?? 0) > 0 || list.items.some((i) => !i.read);

  return (
    <div className="page page--narrow">
      <section className="card section" aria-labelledby="notifications-title" data-testid="notifications">
        <div className="section__head">
          <h1 id="notifications-title" className="section__title">
            Notifications
          </h1>
          <button
            type="button"
            className="btn btn--ghost"
            onClick={onMarkAll}
            disabled={!anyUnread || markAll.busy}
            data-testid="notifications-mark-all"
          >
            {markAll.busy ? 'Marking…' : 'Mark all as read'}
          </button>
        </div>
        <InlineError message={markAll.error} testId="notifications-mark-all-error" />
        {list.status === 'loading' ? (
          <p className="muted" aria-busy="true">
            Loading notifications…
          </p>
        ) : list.status === 'error' ? (
          <div>
            <InlineError message={list.error} testId="notifications-error" />
            <button type="button" className="btn btn--ghost" onClick={list.reload}>
              Try again
            </button>
          </div>
        ) : list.items.length === 0 ? (
          <p className="muted empty" data-testid="notifications-empty">
            Nothing new. When someone mentions you, comments on or reacts to your posts, accepts your invitation or
            endorses you, you'll see it here.
          </p>
        ) : (
          <ul className="notification-list" aria-label="Notifications">
            {list.items.map((n) => (
              <Row key={keyOf(n)} n={n} onOpen={onOpen} />
            ))}
          </ul>
        )}
        {list.hasMore && (
          <div className="list-more">
            <button
              type="button"
              className="btn btn--ghost"
              onClick={list.loadMore}
              disabled={list.loadingMore}
              data-testid="notifications-more"
            >
              {list.loadingMore ? 'Loading…' : 'Show more'}
            </button>
          </div>
        )}
        <InlineError message={list.moreError} />
      </section>
    </div>
  );
}
