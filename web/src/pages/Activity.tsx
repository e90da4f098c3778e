// A member's posts (GET /members/{handle}/posts: the posts the viewer may
// see, newest first; 404 when a block hides the member).
//
// ActivitySection: the "Activity" card on a profile, with the 3 newest posts
// in a compact form (text clamped to three lines, time, reaction and comment
// counts; each opens /posts/{id}) and "Show all posts →".
// ActivityPage: /in/:handle/activity, all the posts as PostCards (react,
// comment, reshare) with "Show more".
import { useCallback, useEffect, useState } from 'react';
import { api, errorMessage, isApiError, type MemberProfile, type Page, type Post } from '../api';
import { Avatar } from '../components/Avatar';
import { VISIBILITY_LABELS } from '../components/Composer';
import { InlineError, LiveStatus } from '../components/Notice';
import { PostCard } from '../components/PostCard';
import { TimeAgo } from '../components/TimeAgo';
import '../activity.css';
import { postPath, reactionTotal } from '../feed';
import { plural, usePaged } from '../network';
import { Link, navigate } from '../router';
import { useSession } from '../session';
import { fullName, useDocumentTitle } from '../util';
import { LoadErrorPage, NotFoundPage } from './NotFound';

/** Posts shown on the profile. */
const PREVIEW_SIZE = 3;
/** Posts per page on the activity page. */
const PAGE_SIZE = 10;

export function activityPath(handle: string): string {
  return `/in/${encodeURIComponent(handle)}/activity`;
}

type Preview =
  | { status: 'loading' }
  | { status: 'ok'; posts: Post[] }
  | { status: 'hidden' }
  | { status: 'error'; message: string };

/** The "Activity" card of a profile. */
export function ActivitySection({ member, isMe }: { member: MemberProfile; isMe: boolean }) {
  const [load, setLoad] = useState<Preview>({ status: 'loading' });
  const [attempt, setAttempt] = useState(0);
  const handle = member.handle;
  const name = fullName(member);

  useEffect(() => {
    let cancelled = false;
    setLoad((l) => (l.status === 'ok' ? l : { status: 'loading' }));
    api.memberPosts(handle, { limit: PREVIEW_SIZE }).then(
      (page) => !cancelled && setLoad({ status: 'ok', posts: (page.items ?? []).slice(0, PREVIEW_SIZE) }),
      (err) => {
        if (cancelled) return;
        if (isApiError(err) && err.status === 404) setLoad({ status: 'hidden' });
        else setLoad({ status: 'error', message: errorMessage(err) });
      },
    );
    return () => {
      cancelled = true;
    };
  }, [handle, attempt]);

  if (load.status === 'hidden') return null;

  return (
    <section className="card section activity" aria-labelledby="activity-title" data-testid="activity">
      <div className="section__head">
        <h2 id="activity-title">Activity</h2>
        {isMe && (
          <Link to="/" className="btn btn--secondary btn--sm" data-testid="activity-start-post">
            Start a post
          </Link>
        )}
      </div>
      {load.status === 'loading' ? (
        <div aria-busy="true" data-testid="activity-loading">
          <div className="skeleton skeleton--line" />
          <div className="skeleton skeleton--line" />
          <span className="visually-hidden">Loading posts…</span>
        </div>
      ) : load.status === 'error' ? (
        <div>
          <InlineError message={load.message} testId="activity-error" />
          <button type="button" className="btn btn--ghost btn--sm" onClick={() => setAttempt((n) => n + 1)}>
            Try again
          </button>
        </div>
      ) : load.posts.length === 0 ? (
        <div className="activity__empty" data-testid="activity-empty">
          {isMe ? (
            <>
              <p className="muted">You haven't posted yet. Posts you share appear here.</p>
              <Link to="/" className="btn btn--primary btn--sm" data-testid="activity-share-first">
                Share your first post
              </Link>
            </>
          ) : (
            <p className="muted">{member.first_name || name} hasn't posted yet</p>
          )}
        </div>
      ) : (
        <>
          <ul className="activity__list" aria-label={isMe ? 'Your newest posts' : `${name}'s newest posts`}>
            {load.posts.map((post) => (
              <li key={post.id}>
                <ActivityItem post={post} />
              </li>
            ))}
          </ul>
          <div className="activity__foot">
            <Link to={activityPath(handle)} className="activity__all" data-testid="activity-show-all">
              Show all posts<span aria-hidden="true"> →</span>
            </Link>
          </div>
        </>
      )}
    </section>
  );
}

/** One post in the Activity card: the whole item opens the post (one tab stop, the time link). */
function ActivityItem({ post }: { post: Post }) {
  const reshared = post.reshare_of;
  const text = post.text.trim() || reshared?.text.trim() || '';
  const reactions = reactionTotal(post.reaction_counts);
  return (
    <div className="activity-item" data-testid="activity-item" data-post-id={post.id}>
      <p className="activity-item__meta small muted">
        <span>{reshared ? (post.text.trim() ? 'Reshared with thoughts' : 'Reshared a post') : 'Posted'}</span>
        <span aria-hidden="true"> · </span>
        <Link to={postPath(post.id)} className="activity-item__open" data-testid="activity-item-link">
          <TimeAgo at={post.created_at} />
          <span className="visually-hidden">, open the post</span>
        </Link>
        <span aria-hidden="true"> · </span>
        <span data-testid="activity-item-visibility" data-visibility={post.visibility}>
          {VISIBILITY_LABELS[post.visibility] ?? post.visibility}
        </span>
      </p>
      {text && (
        <p className="activity-item__text" data-testid="activity-item-text">
          {text}
        </p>
      )}
      {(reactions > 0 || post.comment_count > 0) && (
        <p className="activity-item__counts small muted">
          {reactions > 0 && <span data-testid="activity-item-reactions">{plural(reactions, 'reaction')}</span>}
          {reactions > 0 && post.comment_count > 0 && <span aria-hidden="true"> · </span>}
          {post.comment_count > 0 && (
            <span data-testid="activity-item-comments">{plural(post.comment_count, 'comment')}</span>
          )}
        </p>
      )}
    </div>
  );
}

type Owner =
  | { status: 'loading' }
  | { status: 'ok'; member: MemberProfile }
  | { status: 'missing' }
  | { status: 'error'; message: string };

/** /in/:handle/activity — all of a member's posts. */
export function ActivityPage({ handle }: { handle: string }) {
  const { me } = useSession();
  const [owner, setOwner] = useState<Owner>({ status: 'loading' });
  const [attempt, setAttempt] = useState(0);
  const [status, setStatus] = useState<string | null>(null);

  useEffect(() => {
    let cancelled = false;
    setOwner({ status: 'loading' });
    api.profile(handle).then(
      (member) => !cancelled && setOwner({ status: 'ok', member }),
      (err) => {
        if (cancelled) return;
        if (isApiError(err) && err.status === 404) setOwner({ status: 'missing' });
        else setOwner({ status: 'error', message: errorMessage(err) });
      },
    );
    return () => {
      cancelled = true;
    };
  }, [handle, attempt]);

  // A retired handle answers with the member's current one: show the current URL.
  const currentHandle = owner.status === 'ok' ? owner.member.handle : null;
  useEffect(() => {
    if (currentHandle && currentHandle !== handle) navigate(activityPath(currentHandle), { replace: true });
  }, [currentHandle, handle]);

  const fetchPage = useCallback(
    (cursor: string | null): Promise<Page<Post>> => api.memberPosts(handle, { limit: PAGE_SIZE, cursor }),
    [handle],
  );
  const posts = usePaged(fetchPage, handle, (p: Post) => String(p.id));

  const member = owner.status === 'ok' ? owner.member : null;
  const name = member ? fullName(member) : null;
  const isMe = Boolean(me && member && String(me.id) === String(member.id));
  const blocked = Boolean(member?.relationship?.blocked);
  useDocumentTitle(name ? `${name}: activity` : owner.status === 'missing' ? 'Profile not found' : null);

  if (owner.status === 'missing') {
    return (
      <NotFoundPage
        heading="This profile doesn't exist"
        text="The link may be broken, or the member may have changed their handle or left Kring."
      />
    );
  }

  if (owner.status === 'error') {
    return (
      <LoadErrorPage
        heading="We couldn't load these posts"
        message={owner.message}
        testId="activity-page-error"
        onRetry={() => setAttempt((n) => n + 1)}
      />
    );
  }

  function changed(post: Post) {
    posts.update((items) => items.map((p) => (p.id === post.id ? post : p)));
  }

  const profileLink = member ? `/in/${encodeURIComponent(member.handle)}` : null;

  return (
    <div className="page page--narrow activity-page" data-testid="activity-page">
      <section className="card section activity-page__head" aria-labelledby="activity-page-title">
        {member && profileLink ? (
          <div className="activity-page__who">
            <Link to={profileLink} tabIndex={-1} aria-hidden="true">
              <Avatar member={member} size="md" />
            </Link>
            <div className="activity-page__titles">
              <h1 id="activity-page-title" className="section__title" data-testid="activity-page-title">
                {isMe ? 'Your activity' : `${name}'s activity`}
              </h1>
              <p className="small muted">
                <Link to={profileLink} data-testid="activity-page-profile">
                  {isMe ? 'Back to your profile' : `${name}'s profile`}
                </Link>
                {member.headline && (
                  <>
                    <span aria-hidden="true"> · </span>
                    <span>{member.headline}</span>
                  </>
                )}
              </p>
            </div>
            {isMe && (
              <Link to="/" className="btn btn--secondary btn--sm activity-page__start" data-testid="activity-start-post">
                Start a post
              </Link>
            )}
          </div>
        ) : (
          <div aria-busy="true">
            <h1 id="activity-page-title" className="section__title">
              Activity
            </h1>
            <span className="visually-hidden">Loading…</span>
          </div>
        )}
      </section>
      <LiveStatus message={status} testId="activity-page-status" />

      {blocked ? (
        <p className="card section muted" data-testid="activity-page-blocked">
          You blocked this member. Unblock them on <Link to={profileLink ?? '/'}>their profile</Link> to see their
          posts.
        </p>
      ) : posts.status === 'loading' || !member ? (
        <p className="muted" aria-busy="true">
          Loading posts…
        </p>
      ) : posts.status === 'error' ? (
        <div className="card section">
          <InlineError message={posts.error} testId="activity-page-posts-error" />
          <button type="button" className="btn btn--ghost" onClick={posts.reload}>
            Try again
          </button>
        </div>
      ) : posts.items.length === 0 ? (
        <div className="card section activity__empty" data-testid="activity-page-empty">
          {isMe ? (
            <>
              <p className="muted">You haven't posted yet.</p>
              <Link to="/" className="btn btn--primary btn--sm" data-testid="activity-share-first">
                Share your first post
              </Link>
            </>
          ) : (
            <p className="muted">{member.first_name || name} hasn't posted yet</p>
          )}
        </div>
      ) : (
        <ul className="feed__list" aria-label={isMe ? 'Your posts' : `${name}'s posts`}>
          {posts.items.map((post) => (
            <li key={post.id}>
              <PostCard
                post={post}
                me={me}
                headingLevel={2}
                testId="activity-post"
                onChange={changed}
                onDeleted={() => posts.update((items) => items.filter((p) => p.id !== post.id))}
                onReshared={(p, original) => {
                  // A reshare is one of your own posts: it goes on top of your activity.
                  if (isMe) posts.update((items) => [p, ...items]);
                  setStatus(`You reshared ${original}'s post.`);
                }}
              />
            </li>
          ))}
        </ul>
      )}
      {!blocked && posts.status === 'ok' && posts.hasMore && (
        <div className="feed__more">
          <button
            type="button"
            className="btn btn--secondary"
            onClick={posts.loadMore}
            disabled={posts.loadingMore}
            data-testid="activity-more"
          >
            {posts.loadingMore ? 'Loading…' : 'Show more'}
          </button>
        </div>
      )}
      <InlineError message={posts.moreError} testId="activity-page-more-error" />
    </div>
  );
}
