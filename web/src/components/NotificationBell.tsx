// The bell in the top bar: a link to /notifications with the unread count as a badge. The count is asked of
// the server (GET /notifications/unread-count) when the bell mounts, every 30 s, on every navigation and when
// the tab becomes visible again.
import { useEffect, type SVGProps } from 'react';
import { badgeText, refreshUnreadCount, setUnreadCount, UNREAD_POLL_MS, useUnreadCount } from '../notifications';
import { Link, useLocation } from '../router';
import '../notifications.css';

export function BellIcon(props: SVGProps<SVGSVGElement>) {
  return (
    <svg
      width={24}
      height={24}
      viewBox="0 0 24 24"
      fill="none"
      stroke="currentColor"
      strokeWidth={1.8}
      strokeLinecap="round"
      strokeLinejoin="round"
      aria-hidden="true"
      focusable="false"
      {...props}
    >
      <path d="M6 9.5a6 6 0 0 1 12 0c0 4.2 1.6 6.3 2.5 7.2H3.5C4.4 15.8 6 13.7 6 9.5Z" />
      <path d="M10 19.5a2 2 0 0 0 4 0" />
    </svg>
  );
}

export function NotificationBell() {
  const { pathname } = useLocation();
  const unread = useUnreadCount();
  const active = pathname === '/notifications';

  // On navigation (and first mount).
  useEffect(() => {
    void refreshUnreadCount();
  }, [pathname]);

  // Every 30 s while the tab is visible, and as soon as it becomes visible again.
  useEffect(() => {
    const timer = window.setInterval(() => {
      if (document.visibilityState !== 'hidden') void refreshUnreadCount();
    }, UNREAD_POLL_MS);
    function onVisible() {
      if (document.visibilityState === 'visible') void refreshUnreadCount();
    }
    document.addEventListener('visibilitychange', onVisible);
    return () => {
      window.clearInterval(timer);
      document.removeEventListener('visibilitychange', onVisible);
      setUnreadCount(null);  // logged out: the next member starts from their own count
    };
  }, []);

  const count = unread ?? 0;
  const label = count > 0 ? `Notifications, ${count} unread` : 'Notifications';
  return (
    <Link
      to="/notifications"
      className={`topbar__item${active ? ' is-active' : ''}`}
      aria-current={active ? 'page' : undefined}
      aria-label={label}
      data-testid="nav-notifications"
    >
      <span className="notification-bell">
        <BellIcon />
        {count > 0 && (
          <span className="notification-bell__badge" data-testid="notification-badge" aria-hidden="true">
            {badgeText(count)}
          </span>
        )}
      </span>
      <span className="topbar__label" aria-hidden="true">
        Notifications
      </span>
    </Link>
  );
}
