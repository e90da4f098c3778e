// /company/:handle — a minimal company page: name, location, followers and
// Follow / Unfollow (GET /companies/{handle}, PUT/DELETE …/follow).
import { useEffect, useState } from 'react';
import { api, errorMessage, isApiError, type Company } from '../api';
import { BuildingIcon, LocationIcon } from '../components/Icons';
import { InlineError, LiveStatus } from '../components/Notice';
import { plural, useAction } from '../network';
import { Link } from '../router';
import { useSession } from '../session';
import { useDocumentTitle } from '../util';
import { LoadErrorPage, NotFoundPage } from './NotFound';

type Load =
  | { status: 'loading' }
  | { status: 'ok'; company: Company }
  | { status: 'missing' }
  | { status: 'error'; message: string };

export function CompanyPage({ handle }: { handle: string }) {
  const { me } = useSession();
  const [load, setLoad] = useState<Load>({ status: 'loading' });
  const [attempt, setAttempt] = useState(0);
  const [status, setStatus] = useState<string | null>(null);
  const action = useAction();

  useEffect(() => {
    let cancelled = false;
    setLoad({ status: 'loading' });
    api.company(handle).then(
      (company) => !cancelled && setLoad({ status: 'ok', company }),
      (err) => {
        if (cancelled) return;
        if (isApiError(err) && err.status === 404) setLoad({ status: 'missing' });
        else setLoad({ status: 'error', message: errorMessage(err) });
      },
    );
    return () => {
      cancelled = true;
    };
  }, [handle, attempt]);

  const company = load.status === 'ok' ? load.company : null;
  useDocumentTitle(company ? company.name : load.status === 'missing' ? 'Company not found' : null);

  if (load.status === 'missing') {
    return (
      <NotFoundPage
        heading="This company page doesn't exist"
        text="The link may be broken, or the page may have been removed."
      />
    );
  }

  if (load.status === 'error') {
    return (
      <LoadErrorPage
        heading="We couldn't load this company"
        message={load.message}
        testId="company-error"
        onRetry={() => setAttempt((n) => n + 1)}
      />
    );
  }

  if (!company) {
    return (
      <div className="page page--profile" aria-busy="true">
        <section className="card profile-card" data-testid="company-loading">
          <div className="profile-card__banner" />
          <div className="profile-card__body">
            <div className="skeleton skeleton--line skeleton--title company__skeleton" />
            <div className="skeleton skeleton--line" />
            <span className="visually-hidden">Loading company…</span>
          </div>
        </section>
      </div>
    );
  }

  const where = [company.city, company.country].filter(Boolean).join(', ');
  const path = `/company/${encodeURIComponent(company.handle)}`;

  async function toggleFollow(c: Company) {
    setStatus(null);
    const r = await action.run(() => api.setFollowingCompany(c.handle, !c.following));
    if (!r.ok) return;
    const following = r.value;
    setStatus(following ? `You now follow ${c.name}.` : `You no longer follow ${c.name}.`);
    // Re-read for the follower count; keep the answer's state if that fails.
    try {
      setLoad({ status: 'ok', company: await api.company(c.handle) });
    } catch {
      setLoad({
        status: 'ok',
        company: { ...c, following, followers: Math.max(0, c.followers + (following ? 1 : -1)) },
      });
    }
  }

  return (
    <div className="page page--profile">
      <section className="card profile-card" aria-labelledby="company-name" data-testid="company-card">
        <div className="profile-card__banner" aria-hidden="true" />
        <div className="profile-card__body">
          <div className="profile-card__top">
            <span className="company__logo" aria-hidden="true">
              <BuildingIcon width={56} height={56} />
            </span>
          </div>
          <h1 id="company-name" className="profile-card__name" data-testid="company-name">
            {company.name}
          </h1>
          <ul className="profile-card__meta">
            {where && (
              <li data-testid="company-location">
                <LocationIcon />
                <span>{where}</span>
              </li>
            )}
            <li data-testid="company-followers">{plural(company.followers ?? 0, 'follower')}</li>
          </ul>
          <div className="profile-actions">
            {me ? (
              <button
                type="button"
                className={company.following ? 'btn btn--secondary' : 'btn btn--primary'}
                disabled={action.busy}
                onClick={() => toggleFollow(company)}
                data-testid="company-follow"
              >
                {company.following ? 'Unfollow' : 'Follow'}
              </button>
            ) : (
              <Link
                to={`/login?next=${encodeURIComponent(path)}`}
                className="btn btn--primary"
                data-testid="company-login-to-follow"
              >
                Log in to follow
              </Link>
            )}
          </div>
          <InlineError message={action.error} testId="company-error-message" />
          <LiveStatus message={status} testId="company-status" />
        </div>
      </section>
    </div>
  );
}
