// Route table and page frame. Add new sections here (and to NAV_ITEMS in
// components/TopBar.tsx).
import type { ReactNode } from 'react';
import { TopBar } from './components/TopBar';
import { ActivityPage } from './pages/Activity';
import { CompanyPage } from './pages/Company';
import { HashtagPage } from './pages/Hashtag';
import { HomePage } from './pages/Home';
import { LandingPage } from './pages/Landing';
import { LoginPage } from './pages/Login';
import { NetworkPage } from './pages/Network';
import { NotFoundPage } from './pages/NotFound';
import { NotificationsPage } from './pages/Notifications';
import { PostPage } from './pages/Post';
import { PostAnalyticsPage } from './pages/PostAnalytics';
import { ProfilePage } from './pages/Profile';
import { ProfileViewsPage } from './pages/ProfileViews';
import { SearchPage } from './pages/Search';
import { SettingsPage } from './pages/Settings';
import { SignupPage } from './pages/Signup';
import { matchPath, Redirect, safeNextPath, useLocation } from './router';
import { useSession } from './session';

function loginFor(pathname: string, search: string): string {
  return `/login?next=${encodeURIComponent(pathname + search)}`;
}

function Routes(): ReactNode {
  const { state, me, reload } = useSession();
  const { pathname, search, query } = useLocation();

  if (state.status === 'loading') {
    return (
      <div className="page page--center" aria-busy="true" data-testid="app-loading">
        <span className="spinner" aria-hidden="true" />
        <span className="visually-hidden">Loading Kring…</span>
      </div>
    );
  }

  if (state.status === 'error') {
    return (
      <div className="page page--narrow">
        <section className="card placeholder" role="alert" data-testid="app-error">
          <h1>Kring can't be reached</h1>
          <p className="muted">{state.message}</p>
          <button type="button" className="btn btn--primary" onClick={reload}>
            Try again
          </button>
        </section>
      </div>
    );
  }

  if (pathname === '/') {
    return me ? <HomePage me={me} /> : <LandingPage />;
  }

  if (matchPath('/signup', pathname)) {
    return me ? <Redirect to="/" /> : <SignupPage />;
  }

  if (matchPath('/login', pathname)) {
    const next = query.get('next');
    return me ? <Redirect to={safeNextPath(next) ?? '/'} /> : <LoginPage next={next} />;
  }

  const activity = matchPath('/in/:handle/activity', pathname);
  if (activity) {
    if (activity.handle === 'me') {
      return <Redirect to={me ? `/in/${encodeURIComponent(me.handle)}/activity` : loginFor(pathname, search)} />;
    }
    return <ActivityPage key={activity.handle} handle={activity.handle} />;
  }

  const profile = matchPath('/in/:handle', pathname);
  if (profile) {
    if (profile.handle === 'me') {
      return <Redirect to={me ? `/in/${encodeURIComponent(me.handle)}` : loginFor(pathname, search)} />;
    }
    return <ProfilePage key={profile.handle} handle={profile.handle} editing={false} />;
  }

  if (matchPath('/settings/profile', pathname)) {
    if (!me) return <Redirect to={loginFor(pathname, search)} />;
    return <ProfilePage key={me.handle} handle={me.handle} editing />;
  }

  if (matchPath('/settings', pathname)) {
    if (!me) return <Redirect to={loginFor(pathname, search)} />;
    return <SettingsPage me={me} />;
  }

  if (matchPath('/me/views', pathname)) {
    if (!me) return <Redirect to={loginFor(pathname, search)} />;
    return <ProfileViewsPage />;
  }

  const company = matchPath('/company/:handle', pathname);
  if (company) {
    return <CompanyPage key={company.handle} handle={company.handle} />;
  }

  if (matchPath('/network', pathname)) {
    if (!me) return <Redirect to={loginFor(pathname, search)} />;
    return <NetworkPage me={me} />;
  }

  if (matchPath('/notifications', pathname)) {
    if (!me) return <Redirect to={loginFor(pathname, search)} />;
    return <NotificationsPage />;
  }

  if (matchPath('/search', pathname)) {
    if (!me) return <Redirect to={loginFor(pathname, search)} />;
    return <SearchPage />;
  }

  const analytics = matchPath('/posts/:id/analytics', pathname);
  if (analytics) {
    if (!me) return <Redirect to={loginFor(pathname, search)} />;
    return <PostAnalyticsPage key={analytics.id} id={analytics.id} />;
  }

  const post = matchPath('/posts/:id', pathname);
  if (post) {
    return <PostPage key={post.id} id={post.id} />;
  }

  const hashtag = matchPath('/feed/hashtag/:tag', pathname);
  if (hashtag) {
    if (!me) return <Redirect to={loginFor(pathname, search)} />;
    return <HashtagPage key={hashtag.tag} tag={hashtag.tag} />;
  }

  // The feed is the home page.
  if (matchPath('/feed', pathname)) {
    return <Redirect to="/" />;
  }

  // The old address of the network page.
  if (matchPath('/mynetwork', pathname)) {
    return <Redirect to="/network" />;
  }

  return <NotFoundPage />;
}

export function App() {
  return (
    <>
      <a href="#main" className="skip-link">
        Skip to content
      </a>
      <TopBar />
      <main id="main" tabIndex={-1} className="main">
        <Routes />
      </main>
      <footer className="footer">
        <span>Kring · a self-hostable professional network</span>
      </footer>
    </>
  );
}
