// The navigation frame shown on every page.
//
// Members: wordmark · search · Home · My Network · Notifications (bell with the unread count) · Me menu.
// Visitors: wordmark · search · Log in · Join.
//
// New sections (Jobs, Messaging, …) slot into NAV_ITEMS below.
import { useEffect, useId, useRef, useState, type ComponentType, type SVGProps } from 'react';
import { api } from '../api';
import { useDismiss } from '../dismiss';
import { Link, navigate, useLocation } from '../router';
import { degreeLabel } from '../network';
import { SUGGESTION_TYPES, suggestionPath } from '../search';
import { useSession } from '../session';
import { fullName } from '../util';
import { Avatar } from './Avatar';
import { ChevronDownIcon, HomeIcon, NetworkIcon, SearchIcon } from './Icons';
import { NotificationBell } from './NotificationBell';
import { TypeaheadField, type Suggestion } from './Typeahead';
import { Wordmark } from './Wordmark';

interface NavItem {
  to: string;
  label: string;
  testId: string;
  icon: ComponentType<SVGProps<SVGSVGElement>>;
  /** Which paths count as "in this section" for aria-current. */
  match: (pathname: string) => boolean;
}

const NAV_ITEMS: NavItem[] = [
  { to: '/', label: 'Home', testId: 'nav-home', icon: HomeIcon, match: (p) => p === '/' },
  {
    to: '/network',
    label: 'My Network',
    testId: 'nav-network',
    icon: NetworkIcon,
    match: (p) => p === '/network' || p.startsWith('/network/') || p.startsWith('/mynetwork'),
  },
];

/** Members, companies, skills and schools as you type (GET /search/typeahead), each with its type. */
async function searchSuggestions(q: string): Promise<Suggestion[]> {
  const items = await api.searchTypeahead(q);
  // The key is where the suggestion leads: unique, and what picking it needs.
  return items.map((i) => {
    const degree = i.type === 'member' ? degreeLabel(i.degree ?? undefined) : null;
    return {
      key: suggestionPath(i),
      label: i.label,
      detail: `· ${SUGGESTION_TYPES[i.type] ?? i.type}${degree ? ` · ${degree}` : ''}`,
    };
  });
}

/**
 * The global search box: suggestions while typing; Enter runs a people search
 * (/search?q=…); a member opens the profile, a company its page, a skill or a
 * school a search with that filter.
 */
function SearchBox() {
  const { pathname, query } = useLocation();
  const onSearchPage = pathname === '/search';
  const current = onSearchPage ? query.get('q') ?? '' : '';
  const [text, setText] = useState(current);
  // Show the search the page runs (after a reload, back or a facet click).
  useEffect(() => setText(current), [current]);

  function run(q: string) {
    const words = q.trim();
    navigate(words ? `/search?${new URLSearchParams({ q: words })}` : '/search');
  }

  return (
    <form
      className="topbar__search"
      role="search"
      onSubmit={(e) => {
        e.preventDefault();
        run(text);
      }}
    >
      <SearchIcon className="topbar__search-icon" width={18} height={18} />
      <TypeaheadField
        id="global-search"
        testId="global-search"
        label="Search"
        hideLabel
        type="search"
        placeholder="Search"
        value={text}
        onChange={setText}
        suggest={searchSuggestions}
        onEnter={run}
        onPick={(s) => {
          setText('');
          navigate(s.key);
        }}
        enterKeyHint="search"
      />
    </form>
  );
}

function MeMenu() {
  const { me, logout } = useSession();
  const [open, setOpen] = useState(false);
  const [busy, setBusy] = useState(false);
  const rootRef = useRef<HTMLDivElement>(null);
  const buttonRef = useRef<HTMLButtonElement>(null);
  const menuId = useId();
  const { pathname } = useLocation();

  // Close on an outside press, Escape (the focus goes back to the button) or navigation.
  useDismiss(open, () => setOpen(false), { inside: rootRef, returnFocus: buttonRef, closeOnNavigation: true });

  if (!me) return null;
  const profilePath = `/in/${encodeURIComponent(me.handle)}`;
  const onOwnProfile =
    pathname === profilePath ||
    pathname === `/in/${me.handle}` ||
    pathname.startsWith('/settings') ||
    pathname.startsWith('/me/');

  async function onLogout() {
    setBusy(true);
    try {
      await logout();
    } catch {
      // The session is cleared locally either way.
    } finally {
      setBusy(false);
      setOpen(false);
      navigate('/');
    }
  }

  return (
    <div className="me-menu" ref={rootRef}>
      <button
        ref={buttonRef}
        type="button"
        className={`topbar__item me-menu__button${onOwnProfile ? ' is-active' : ''}`}
        aria-expanded={open}
        aria-controls={menuId}
        data-testid="nav-me"
        onClick={() => setOpen((o) => !o)}
      >
        <Avatar member={me} size="sm" />
        <span className="topbar__label">
          Me <ChevronDownIcon width={14} height={14} />
        </span>
      </button>
      <div id={menuId} className="me-menu__panel" hidden={!open}>
        <div className="me-menu__who">
          <Avatar member={me} size="md" />
          <div>
            <div className="me-menu__name">{fullName(me)}</div>
            {me.headline && <div className="me-menu__headline">{me.headline}</div>}
          </div>
        </div>
        <ul className="me-menu__list">
          <li>
            <Link to={profilePath} className="me-menu__link" data-testid="nav-view-profile">
              View profile
            </Link>
          </li>
          <li>
            <Link to="/settings/profile" className="me-menu__link" data-testid="nav-edit-profile">
              Edit profile
            </Link>
          </li>
          <li>
            <Link to="/me/views" className="me-menu__link" data-testid="nav-profile-views">
              Who viewed your profile
            </Link>
          </li>
          <li className="me-menu__sep">
            <Link to="/settings" className="me-menu__link" data-testid="nav-settings">
              Settings &amp; privacy
            </Link>
          </li>
          <li className="me-menu__sep">
            <button
              type="button"
              className="me-menu__link"
              data-testid="nav-logout"
              onClick={onLogout}
              disabled={busy}
            >
              {busy ? 'Logging out…' : 'Log out'}
            </button>
          </li>
        </ul>
      </div>
    </div>
  );
}

export function TopBar() {
  const { state } = useSession();
  const { pathname, search } = useLocation();
  const member = state.status === 'member';

  // Send visitors back where they were after logging in.
  const here = pathname + search;
  const loginHref =
    pathname === '/' || pathname === '/login' || pathname === '/signup'
      ? '/login'
      : `/login?next=${encodeURIComponent(here)}`;

  return (
    <header className="topbar">
      <div className="topbar__inner">
        <Link to="/" className="topbar__brand" aria-label="Kring home" data-testid="nav-logo">
          <Wordmark />
        </Link>
        <SearchBox />
        <nav className="topbar__nav" aria-label="Main">
          {member && (
            <ul className="topbar__list">
              {NAV_ITEMS.map(({ to, label, testId, icon: Icon, match }) => {
                const active = match(pathname);
                return (
                  <li key={to}>
                    <Link
                      to={to}
                      className={`topbar__item${active ? ' is-active' : ''}`}
                      aria-current={active ? 'page' : undefined}
                      data-testid={testId}
                    >
                      <Icon />
                      <span className="topbar__label">{label}</span>
                    </Link>
                  </li>
                );
              })}
              <li>
                <NotificationBell />
              </li>
              <li>
                <MeMenu />
              </li>
            </ul>
          )}
          {state.status === 'anonymous' && (
            <ul className="topbar__list topbar__list--auth">
              <li>
                <Link to={loginHref} className="btn btn--ghost" data-testid="nav-login">
                  Log in
                </Link>
              </li>
              <li>
                <Link to="/signup" className="btn btn--primary" data-testid="nav-join">
                  Join
                </Link>
              </li>
            </ul>
          )}
        </nav>
      </div>
    </header>
  );
}
