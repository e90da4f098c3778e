// A tiny history-based router: no dependencies, just pushState + popstate.
//
//   const { pathname, search } = useLocation();
//   const params = matchPath('/in/:handle', pathname);   // { handle } | null
//   navigate('/in/ada');                                 // push
//   navigate('/login', { replace: true });               // replace
//   <Link to="/in/ada">Ada</Link>                        // client-side <a>
import {
  useEffect,
  useSyncExternalStore,
  type AnchorHTMLAttributes,
  type MouseEvent,
} from 'react';

const listeners = new Set<() => void>();

function notify(): void {
  for (const listener of listeners) listener();
}

if (typeof window !== 'undefined') {
  window.addEventListener('popstate', notify);
}

function subscribe(listener: () => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

function snapshot(): string {
  return window.location.pathname + window.location.search;
}

export interface Location {
  pathname: string;
  search: string;
  query: URLSearchParams;
}

export function useLocation(): Location {
  const href = useSyncExternalStore(subscribe, snapshot);
  const url = new URL(href, window.location.origin);
  return { pathname: url.pathname, search: url.search, query: url.searchParams };
}

export function navigate(to: string, opts: { replace?: boolean } = {}): void {
  const current = snapshot() + window.location.hash;
  if (to === current) return;
  if (opts.replace) window.history.replaceState(null, '', to);
  else window.history.pushState(null, '', to);
  if (!opts.replace) window.scrollTo(0, 0);
  notify();
}

/** Renders nothing; navigates (replacing history) once mounted. */
export function Redirect({ to }: { to: string }): null {
  useEffect(() => navigate(to, { replace: true }), [to]);
  return null;
}

/**
 * Match `pattern` ("/in/:handle") against `pathname`. Returns decoded params or
 * null. A trailing slash on the path is ignored.
 */
export function matchPath(pattern: string, pathname: string): Record<string, string> | null {
  const strip = (p: string) => (p.length > 1 && p.endsWith('/') ? p.slice(0, -1) : p);
  const want = strip(pattern).split('/');
  const have = strip(pathname).split('/');
  if (want.length !== have.length) return null;
  const params: Record<string, string> = {};
  for (let i = 0; i < want.length; i++) {
    const w = want[i];
    const h = have[i];
    if (w.startsWith(':')) {
      if (!h) return null;
      try {
        params[w.slice(1)] = decodeURIComponent(h);
      } catch {
        return null;
      }
    } else if (w !== h) {
      return null;
    }
  }
  return params;
}

/**
 * Only same-origin absolute paths are allowed as post-login destinations
 * ("/in/ada" yes; "//evil.example", "https://…", "/\\evil" no).
 */
export function safeNextPath(next: string | null | undefined): string | null {
  if (!next || !next.startsWith('/') || next.startsWith('//') || next.startsWith('/\\')) {
    return null;
  }
  return next;
}

type LinkProps = Omit<AnchorHTMLAttributes<HTMLAnchorElement>, 'href'> & {
  to: string;
  replace?: boolean;
};

export function Link({ to, replace, onClick, target, ...rest }: LinkProps) {
  function handleClick(e: MouseEvent<HTMLAnchorElement>) {
    onClick?.(e);
    if (
      e.defaultPrevented ||
      e.button !== 0 ||
      e.metaKey ||
      e.altKey ||
      e.ctrlKey ||
      e.shiftKey ||
      (target && target !== '_self')
    ) {
      return;
    }
    e.preventDefault();
    navigate(to, { replace });
  }
  return <a href={to} target={target} onClick={handleClick} {...rest} />;
}
