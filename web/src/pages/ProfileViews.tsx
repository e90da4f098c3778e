// /me/views — who viewed your profile (GET /members/me/profile-views), newest
// first. Each viewer appears the way they chose in their settings: by name,
// anonymously by headline ("Someone: Nurse at …") or not at all ("Someone in
// private mode").
import { useCallback, useState } from 'react';
import { api, type ProfileView } from '../api';
import { EyeIcon } from '../components/Icons';
import { MemberRow } from '../components/MemberRow';
import { InlineError } from '../components/Notice';
import { plural, usePaged } from '../network';
import { Link } from '../router';
import { shortDate, useDocumentTitle } from '../util';

const PAGE_SIZE = 20;

function keyOf(v: ProfileView): string {
  const who = v.mode === 'name' ? v.viewer.handle : v.mode === 'anonymous' ? v.headline : '';
  return `${v.mode}:${who}:${v.viewed_at}`;
}

function When({ at }: { at: string | number }) {
  const d = shortDate(at);
  return d ? <div className="member-row__meta">Viewed {d}</div> : null;
}

function Someone({ view, text }: { view: ProfileView; text: string }) {
  return (
    <li className="member-row" data-testid="profile-view" data-mode={view.mode}>
      <span className="avatar avatar--md avatar--anonymous" aria-hidden="true">
        <EyeIcon width={22} height={22} />
      </span>
      <div className="member-row__body">
        <div className="member-row__name" data-testid="profile-view-text">
          {text}
        </div>
        <When at={view.viewed_at} />
      </div>
    </li>
  );
}

export function ProfileViewsPage() {
  useDocumentTitle('Who viewed your profile');
  const [total, setTotal] = useState<number | null>(null);
  const fetchPage = useCallback(async (cursor: string | null) => {
    const page = await api.profileViews({ cursor, limit: PAGE_SIZE });
    if (!cursor && typeof page.total_90_days === 'number') setTotal(page.total_90_days);
    return page;
  }, []);
  const views = usePaged(fetchPage, 'views', keyOf);

  return (
    <div className="page page--narrow">
      <section className="card section" aria-labelledby="views-title" data-testid="profile-views">
        <div className="section__head">
          <h1 id="views-title" className="section__title">
            Who viewed your profile
          </h1>
        </div>
        {total !== null && (
          <p data-testid="profile-views-total">
            <strong>{plural(total, 'profile view')}</strong> in the last 90 days
          </p>
        )}
        <p className="muted small">
          Members appear the way they chose in their settings. Choose how you appear to others in{' '}
          <Link to="/settings">Settings</Link>.
        </p>
        {views.status === 'loading' ? (
          <p className="muted" aria-busy="true">
            Loading profile views…
          </p>
        ) : views.status === 'error' ? (
          <div>
            <InlineError message={views.error} testId="profile-views-error" />
            <button type="button" className="btn btn--ghost" onClick={views.reload}>
              Try again
            </button>
          </div>
        ) : views.items.length === 0 ? (
          <p className="muted empty" data-testid="profile-views-empty">
            Nobody has viewed your profile in the last 90 days.
          </p>
        ) : (
          <ul className="member-list" aria-label="Profile views">
            {views.items.map((v) =>
              v.mode === 'name' ? (
                <MemberRow key={keyOf(v)} member={v.viewer} testId="profile-view">
                  <When at={v.viewed_at} />
                </MemberRow>
              ) : v.mode === 'anonymous' ? (
                <Someone key={keyOf(v)} view={v} text={`Someone: ${v.headline || 'a Kring member'}`} />
              ) : (
                <Someone key={keyOf(v)} view={v} text="Someone in private mode" />
              ),
            )}
          </ul>
        )}
        {views.hasMore && (
          <div className="list-more">
            <button
              type="button"
              className="btn btn--ghost"
              onClick={views.loadMore}
              disabled={views.loadingMore}
              data-testid="profile-views-more"
            >
              {views.loadingMore ? 'Loading…' : 'Show more'}
            </button>
          </div>
        )}
        <InlineError message={views.moreError} />
      </section>
    </div>
  );
}
