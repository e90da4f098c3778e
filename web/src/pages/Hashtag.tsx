// /feed/hashtag/:tag — where a #hashtag in a post leads: Follow the hashtag
// (its posts join your Most recent feed: PUT/DELETE /feed/hashtags/{tag}) or
// Mute it (PUT/DELETE /feed/mutes/hashtags/{tag}), and the posts
// with it that post search can find (GET /search/posts: posts visible to
// anyone, by members who made their posts searchable).
import { useCallback, useEffect, useState } from 'react';
import { api, type Page, type Post, type PostSearchResult } from '../api';
import { InlineError, LiveStatus } from '../components/Notice';
import { PostCard } from '../components/PostCard';
import { usePaged, useAction } from '../network';
import { useSession } from '../session';
import { useDocumentTitle } from '../util';

const PAGE_SIZE = 10;

export function HashtagPage({ tag }: { tag: string }) {
  const { me } = useSession();
  useDocumentTitle(`#${tag}`);
  // null until the preferences are read (or when the server has none).
  const [muted, setMuted] = useState<boolean | null>(null);
  const [followed, setFollowed] = useState<boolean | null>(null);
  const [status, setStatus] = useState<string | null>(null);
  const action = useAction();

  useEffect(() => {
    let cancelled = false;
    api.feedPreferences().then(
      (p) => {
        if (cancelled) return;
        setMuted(p.muted_hashtags.includes(tag));
        setFollowed(p.followed_hashtags ? p.followed_hashtags.includes(tag) : null);
      },
      () => {
        if (cancelled) return;
        setMuted(null);
        setFollowed(null);
      },
    );
    return () => {
      cancelled = true;
    };
  }, [tag]);

  const fetchPage = useCallback(
    async (cursor: string | null): Promise<Page<PostSearchResult>> => {
      const page = await api.searchPosts({ q: tag, cursor, limit: PAGE_SIZE });
      return { ...page, items: (page.items ?? []).filter((r) => r.post.hashtags?.includes(tag)) };
    },
    [tag],
  );
  const posts = usePaged(fetchPage, tag, (r: PostSearchResult) => String(r.post.id));

  async function toggleMute() {
    if (muted === null) return;
    setStatus(null);
    const next = !muted;
    const r = await action.run(() => api.setHashtagMuted(tag, next));
    if (!r.ok) return;
    setMuted(next);
    setStatus(next ? `You won't see posts with #${tag} in your feed.` : `Posts with #${tag} are back in your feed.`);
  }

  async function toggleFollow() {
    if (followed === null) return;
    setStatus(null);
    const next = !followed;
    const r = await action.run(() => api.setHashtagFollowed(tag, next));
    if (!r.ok) return;
    setFollowed(next);
    setStatus(next ? `You follow #${tag}: its posts join your feed.` : `You no longer follow #${tag}.`);
  }

  function changed(post: Post) {
    posts.update((items) => items.map((r) => (r.post.id === post.id ? { ...r, post } : r)));
  }

  return (
    <div className="page page--narrow hashtag-page" data-testid="hashtag-page">
      <section className="card section" aria-labelledby="hashtag-title">
        <div className="section__head">
          <h1 id="hashtag-title" className="section__title" data-testid="hashtag-title">
            #{tag}
          </h1>
          <div className="hashtag-page__actions">
            {followed !== null && (
              <button
                type="button"
                className={followed ? 'btn btn--secondary btn--sm' : 'btn btn--primary btn--sm'}
                aria-pressed={followed}
                disabled={action.busy}
                onClick={() => void toggleFollow()}
                data-testid="hashtag-follow"
              >
                {followed ? 'Following' : 'Follow'}
              </button>
            )}
            {muted !== null && (
              <button
                type="button"
                className={muted ? 'btn btn--secondary btn--sm' : 'btn btn--ghost btn--sm'}
                aria-pressed={muted}
                disabled={action.busy}
                onClick={() => void toggleMute()}
                data-testid="hashtag-mute"
              >
                {muted ? 'Muted in your feed' : 'Mute in your feed'}
              </button>
            )}
          </div>
        </div>
        <p className="muted small">
          Posts visible to anyone, from members who let their posts be found in search.
        </p>
        <InlineError message={action.error} testId="hashtag-error" />
        <LiveStatus message={status} testId="hashtag-status" />
      </section>

      {posts.status === 'loading' ? (
        <p className="muted" aria-busy="true">
          Looking for posts…
        </p>
      ) : posts.status === 'error' ? (
        <div className="card section">
          <InlineError message={posts.error} testId="hashtag-posts-error" />
          <button type="button" className="btn btn--ghost" onClick={posts.reload}>
            Try again
          </button>
        </div>
      ) : posts.items.length === 0 ? (
        <p className="card section muted" data-testid="hashtag-empty">
          No posts with #{tag} to show.
        </p>
      ) : (
        <ul className="feed__list" aria-label={`Posts with #${tag}`}>
          {posts.items.map((r) => (
            <li key={r.post.id}>
              <PostCard
                post={r.post}
                me={me}
                headingLevel={2}
                testId="hashtag-post"
                onChange={changed}
                onDeleted={() => posts.update((items) => items.filter((x) => x.post.id !== r.post.id))}
              />
            </li>
          ))}
        </ul>
      )}
      {posts.status === 'ok' && posts.hasMore && (
        <div className="feed__more">
          <button
            type="button"
            className="btn btn--secondary"
            onClick={posts.loadMore}
            disabled={posts.loadingMore}
            data-testid="hashtag-more"
          >
            {posts.loadingMore ? 'Loading…' : 'Show more'}
          </button>
        </div>
      )}
      <InlineError message={posts.moreError} />
    </div>
  );
}
