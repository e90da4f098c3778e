// /posts/:id/analytics — how a post is doing, for its author only
// (GET /posts/{id}/analytics): impressions, unique viewers, reactions by type,
// comments, reshares, the share of the engagement that came from the author's
// colleagues, and reach as a percentage of the author's followers.
import { useEffect, useState } from 'react';
import { api, errorMessage, isApiError, type Post, type PostAnalytics } from '../api';
import { EmbeddedPost } from '../components/EmbeddedPost';
import { InlineError } from '../components/Notice';
import { ReactionIcon } from '../components/PostIcons';
import { postPath, reactionInfo, reactionList, reactionTotal, percent, sharePercent } from '../feed';
import { plural } from '../network';
import { Link } from '../router';
import { useDocumentTitle } from '../util';
import { NotFoundPage } from './NotFound';

type Load =
  | { status: 'loading' }
  | { status: 'ok'; post: Post; analytics: PostAnalytics }
  | { status: 'missing' }
  | { status: 'forbidden'; post: Post | null }
  | { status: 'unavailable'; post: Post }
  | { status: 'error'; message: string };

const num = (n: number | null | undefined) => (typeof n === 'number' ? n.toLocaleString('en') : '—');

function Stat({
  label,
  value,
  raw,
  testId,
  detail,
}: {
  label: string;
  value: string;
  raw: number | null | undefined;
  testId: string;
  detail?: string;
}) {
  return (
    <div className="stat-tile" data-testid={testId} data-value={raw ?? ''}>
      <dt className="stat-tile__label">{label}</dt>
      <dd className="stat-tile__value">{value}</dd>
      {detail && <dd className="stat-tile__detail">{detail}</dd>}
    </div>
  );
}

export function PostAnalyticsPage({ id }: { id: string }) {
  const [load, setLoad] = useState<Load>({ status: 'loading' });
  const [attempt, setAttempt] = useState(0);
  useDocumentTitle('Post analytics');

  useEffect(() => {
    let cancelled = false;
    setLoad({ status: 'loading' });
    (async () => {
      let post: Post;
      try {
        post = await api.post(id);
      } catch (err) {
        if (cancelled) return;
        if (isApiError(err) && (err.status === 404 || err.status === 400)) setLoad({ status: 'missing' });
        else setLoad({ status: 'error', message: errorMessage(err) });
        return;
      }
      try {
        const { analytics } = await api.postAnalytics(id);
        if (!cancelled) setLoad({ status: 'ok', post, analytics });
      } catch (err) {
        if (cancelled) return;
        if (isApiError(err) && err.status === 403) setLoad({ status: 'forbidden', post });
        // The post is there, so a 404 means this server has no analytics (yet).
        else if (isApiError(err) && err.status === 404) setLoad({ status: 'unavailable', post });
        else setLoad({ status: 'error', message: errorMessage(err) });
      }
    })();
    return () => {
      cancelled = true;
    };
  }, [id, attempt]);

  if (load.status === 'missing') {
    return (
      <NotFoundPage
        heading="This post isn't available"
        text="It may have been deleted, or only its author's connections can see it."
      />
    );
  }

  return (
    <div className="page page--narrow analytics" data-testid="post-analytics-page">
      <section className="card section" aria-labelledby="analytics-title">
        <div className="section__head">
          <h1 id="analytics-title" className="section__title">
            Post analytics
          </h1>
          {(load.status === 'ok' || load.status === 'unavailable' || (load.status === 'forbidden' && load.post)) && (
            <Link to={postPath(id)} className="btn btn--ghost btn--sm" data-testid="analytics-view-post">
              View post
            </Link>
          )}
        </div>
        {load.status === 'loading' ? (
          <div aria-busy="true">
            <div className="skeleton skeleton--line skeleton--title" />
            <div className="skeleton skeleton--line" />
            <span className="visually-hidden">Loading analytics…</span>
          </div>
        ) : load.status === 'error' ? (
          <div>
            <InlineError message={load.message} testId="analytics-error" />
            <button type="button" className="btn btn--ghost" onClick={() => setAttempt((n) => n + 1)}>
              Try again
            </button>
          </div>
        ) : load.status === 'unavailable' ? (
          <p className="muted" data-testid="analytics-unavailable">
            Analytics aren't available on this server yet.
          </p>
        ) : load.status === 'forbidden' ? (
          <p className="muted" role="alert" data-testid="analytics-forbidden">
            Only the author of a post can see its analytics.
          </p>
        ) : (
          <Report post={load.post} a={load.analytics} />
        )}
      </section>
    </div>
  );
}

function Report({ post, a }: { post: Post; a: PostAnalytics }) {
  const reactions = reactionList(a.reactions);
  const totalReactions = reactionTotal(a.reactions);
  const most = Math.max(1, ...reactions.map((r) => r.count));
  return (
    <>
      <EmbeddedPost post={post} />

      <h2 className="subhead">Discovery</h2>
      <dl className="stat-grid">
        <Stat
          label="Impressions"
          value={num(a.impressions)}
          raw={a.impressions}
          testId="analytics-impressions"
          detail="Times the post was shown in a feed or opened."
        />
        <Stat
          label="Unique viewers"
          value={num(a.unique_viewers)}
          raw={a.unique_viewers}
          testId="analytics-unique-viewers"
          detail="Members who saw it at least once."
        />
        <Stat
          label="Reach"
          value={percent(a.reach_percent)}
          raw={a.reach_percent}
          testId="analytics-reach"
          detail={
            typeof a.audience === 'number'
              ? `Of the ${plural(a.audience, 'member')} who follow you or are connected to you.`
              : `Of your ${plural(a.followers ?? 0, 'follower')}.`
          }
        />
      </dl>

      <h2 className="subhead">Engagement</h2>
      <dl className="stat-grid">
        <Stat label="Reactions" value={num(totalReactions)} raw={totalReactions} testId="analytics-reactions-total" />
        <Stat label="Comments" value={num(a.comments)} raw={a.comments} testId="analytics-comments" />
        <Stat label="Reshares" value={num(a.reshares)} raw={a.reshares} testId="analytics-reshares" />
        <Stat
          label="From colleagues"
          value={sharePercent(a.colleague_engagement_share)}
          raw={a.colleague_engagement_share}
          testId="analytics-colleague-share"
          detail="Of the engagement came from people at your own company."
        />
      </dl>

      <h2 className="subhead">Reactions by type</h2>
      {reactions.length === 0 ? (
        <p className="muted small" data-testid="analytics-reactions-empty">
          No reactions yet.
        </p>
      ) : (
        <ul className="reaction-bars" data-testid="analytics-reactions">
          {reactions.map(({ type, count }) => {
              const info = reactionInfo(type);
              return (
                <li key={type} className="reaction-bars__row" data-testid="analytics-reaction" data-type={type} data-value={count}>
                  <span className="reaction-bars__label">
                    <ReactionIcon type={type} width={18} height={18} /> {info.label}
                  </span>
                  <span className="reaction-bars__bar" aria-hidden="true">
                    <span style={{ width: `${(count / most) * 100}%` }} />
                  </span>
                  <span className="reaction-bars__count">{count.toLocaleString('en')}</span>
                </li>
              );
            })}
        </ul>
      )}
    </>
  );
}
