// The home feed: the composer, "Sort by: Most relevant / Most recent" (the
// server remembers the choice; the switch shows the mode the server answered
// with), the items with their reason line and "Why am I seeing this?",
// "Show more" with next_cursor, and muting an item's author or hashtags (with
// Undo, and a list of what is muted to unmute later).
//
// A server without the feed (GET /feed answers 404) shows the placeholder
// card; the composer still works.
import { useCallback, useEffect, useId, useRef, useState } from 'react';
import {
  api,
  errorMessage,
  isApiError,
  type FeedItem,
  type FeedMode,
  type FeedPage,
  type FeedPreferences,
  type Member,
  type MemberCard,
  type Post,
} from '../api';
import { Composer } from '../components/Composer';
import { MemberRow } from '../components/MemberRow';
import { InlineError } from '../components/Notice';
import { PostCard } from '../components/PostCard';
import { MODE_LABELS } from '../feed';
import { usePaged } from '../network';
import { Link } from '../router';
import { fullName } from '../util';

const PAGE_SIZE = 10;
const MODES: FeedMode[] = ['relevant', 'recent'];

interface Notice {
  text: string;
  undo?: () => void;
}

export function Feed({ me }: { me: Member }) {
  // The mode asked for: null at first, so the server answers with the one it remembers.
  const [requested, setRequested] = useState<FeedMode | null>(null);
  // The mode the server answered with.
  const [mode, setMode] = useState<FeedMode | null>(null);
  const [unavailable, setUnavailable] = useState(false);
  // A mode was picked and its first page is on its way.
  const [switching, setSwitching] = useState(false);
  const [notice, setNotice] = useState<Notice | null>(null);
  const [actionError, setActionError] = useState<string | null>(null);
  const [prefs, setPrefs] = useState<FeedPreferences | null>(null);
  const modeRef = useRef<FeedMode | null>(null);
  const firstPage = useRef(0);
  const titleId = useId();

  const fetchPage = useCallback(
    async (cursor: string | null): Promise<FeedPage> => {
      if (cursor) return api.feed({ mode: modeRef.current ?? requested, cursor, limit: PAGE_SIZE });
      const gen = ++firstPage.current;
      try {
        const page = await api.feed({ mode: requested, limit: PAGE_SIZE });
        if (gen === firstPage.current) {
          const answered = page.mode ?? requested ?? 'relevant';
          modeRef.current = answered;
          setMode(answered);
          setUnavailable(false);
        }
        return page;
      } catch (err) {
        if (isApiError(err) && err.status === 404) {
          if (gen === firstPage.current) setUnavailable(true);
          return { items: [], next_cursor: null, mode: requested ?? 'relevant' };
        }
        throw err;
      } finally {
        if (gen === firstPage.current) setSwitching(false);
      }
    },
    [requested],
  );
  const feed = usePaged(fetchPage, requested ?? 'remembered', (i: FeedItem) => String(i.post.id));

  const loadPrefs = useCallback(() => {
    api.feedPreferences().then(setPrefs, () => setPrefs(null));
  }, []);
  useEffect(loadPrefs, [loadPrefs]);

  function changed(post: Post) {
    feed.update((items) => items.map((i) => (i.post.id === post.id ? { ...i, post } : i)));
  }

  function removed(id: Post['id']) {
    feed.update((items) => items.filter((i) => i.post.id !== id));
  }

  function prepend(post: Post) {
    feed.update((items) => [{ post, reason: '', why: null }, ...items.filter((i) => i.post.id !== post.id)]);
  }

  async function mute(kind: 'member' | 'hashtag', key: string, name: string) {
    setActionError(null);
    setNotice(null);
    try {
      if (kind === 'member') await api.setMemberMuted(key, true);
      else await api.setHashtagMuted(key, true);
    } catch (err) {
      setActionError(errorMessage(err));
      return;
    }
    feed.update((items) =>
      items.filter((i) => (kind === 'member' ? i.post.author.handle !== key : !i.post.hashtags.includes(key))),
    );
    setNotice({
      text: kind === 'member' ? `You won't see posts by ${name} in your feed.` : `You won't see posts with #${key} in your feed.`,
      undo: () => void unmute(kind, key, name),
    });
    loadPrefs();
  }

  async function unmute(kind: 'member' | 'hashtag', key: string, name: string) {
    setActionError(null);
    try {
      if (kind === 'member') await api.setMemberMuted(key, false);
      else await api.setHashtagMuted(key, false);
    } catch (err) {
      setActionError(errorMessage(err));
      return;
    }
    setNotice({
      text: kind === 'member' ? `Posts by ${name} are back in your feed.` : `Posts with #${key} are back in your feed.`,
    });
    loadPrefs();
    feed.reload();
  }

  const mutedCount = (prefs?.muted_members.length ?? 0) + (prefs?.muted_hashtags.length ?? 0);

  return (
    <section className="feed" aria-labelledby={titleId} data-testid="feed">
      <h2 id={titleId} className="visually-hidden">
        Your feed
      </h2>
      <Composer me={me} onPosted={prepend} />

      {!unavailable && (
        <div className="feed__bar">
          <div className="feed__modes" role="group" aria-label="Sort the feed by" data-testid="feed-mode" data-mode={mode ?? ''}>
            <span className="feed__modes-label" aria-hidden="true">
              Sort by:
            </span>
            {MODES.map((m) => (
              <button
                key={m}
                type="button"
                className={`feed__mode${mode === m ? ' is-active' : ''}`}
                aria-pressed={mode === m}
                onClick={() => {
                  if (m === mode || switching) return;
                  setNotice(null);
                  setSwitching(true);
                  if (m === requested) feed.reload();
                  else setRequested(m);
                }}
                data-testid={`feed-mode-${m}`}
              >
                {MODE_LABELS[m]}
              </button>
            ))}
          </div>
          {prefs && mutedCount > 0 && (
            <details className="feed-muted" data-testid="feed-muted">
              <summary>Muted ({mutedCount})</summary>
              <div className="feed-muted__panel">
                {prefs.muted_members.length > 0 && (
                  <ul className="member-list" aria-label="Muted members">
                    {prefs.muted_members.map((m: MemberCard) => (
                      <MemberRow
                        key={m.handle}
                        member={m}
                        testId="feed-muted-member"
                        actions={
                          <button
                            type="button"
                            className="btn btn--secondary btn--sm"
                            onClick={() => void unmute('member', m.handle, fullName(m))}
                            data-testid="feed-unmute-member"
                          >
                            Unmute<span className="visually-hidden"> {fullName(m)}</span>
                          </button>
                        }
                      />
                    ))}
                  </ul>
                )}
                {prefs.muted_hashtags.length > 0 && (
                  <ul className="chips" aria-label="Muted hashtags">
                    {prefs.muted_hashtags.map((tag) => (
                      <li key={tag} className="chip" data-testid="feed-muted-hashtag" data-tag={tag}>
                        <span>#{tag}</span>
                        <button
                          type="button"
                          className="chip__remove"
                          aria-label={`Unmute #${tag}`}
                          onClick={() => void unmute('hashtag', tag, tag)}
                          data-testid="feed-unmute-hashtag"
                        >
                          <span aria-hidden="true">×</span>
                        </button>
                      </li>
                    ))}
                  </ul>
                )}
              </div>
            </details>
          )}
        </div>
      )}

      <div role="status" aria-live="polite" className="notice-slot">
        {notice && (
          <p className="live-status feed__notice" data-testid="feed-status">
            <span>{notice.text}</span>
            {notice.undo && (
              <button type="button" className="link-btn" onClick={notice.undo} data-testid="feed-undo">
                Undo
              </button>
            )}
          </p>
        )}
      </div>
      <InlineError message={actionError} testId="feed-action-error" />

      {feed.status === 'loading' || (switching && feed.status !== 'error') ? (
        <div className="card section" aria-busy="true" data-testid="feed-loading">
          <div className="skeleton skeleton--line skeleton--title" />
          <div className="skeleton skeleton--line" />
          <div className="skeleton skeleton--line" />
          <span className="visually-hidden">Loading your feed…</span>
        </div>
      ) : feed.status === 'error' ? (
        <div className="card section">
          <InlineError message={feed.error} testId="feed-error" />
          <button type="button" className="btn btn--ghost" onClick={feed.reload}>
            Try again
          </button>
        </div>
      ) : feed.items.length === 0 ? (
        <section className="card placeholder" data-testid="feed-placeholder">
          <h2>Your feed arrives soon</h2>
          <p className="muted">
            Posts from the people you know will appear here, each with a short note on why you are seeing it.
          </p>
          {!unavailable && (
            <p className="muted">
              Connect with people you know on <Link to="/network">My Network</Link>, or write the first post above.
            </p>
          )}
        </section>
      ) : (
        <ul className="feed__list" aria-label="Posts" data-testid="feed-list">
          {feed.items.map((item) => (
            <li key={item.post.id}>
              <PostCard
                post={item.post}
                me={me}
                reason={item.reason}
                why={item.why}
                mode={mode}
                onChange={changed}
                onDeleted={() => {
                  removed(item.post.id);
                  setNotice({ text: 'Your post was deleted.' });
                }}
                onReshared={(post, original) => {
                  prepend(post);
                  setNotice({ text: `You reshared ${original}'s post.` });
                }}
                onMuteMember={(m) => void mute('member', m.handle, fullName(m))}
                onMuteHashtag={(tag) => void mute('hashtag', tag, tag)}
              />
            </li>
          ))}
        </ul>
      )}
      {feed.status === 'ok' && feed.hasMore && !switching && (
        <div className="feed__more">
          <button
            type="button"
            className="btn btn--secondary"
            onClick={feed.loadMore}
            disabled={feed.loadingMore}
            data-testid="feed-more"
          >
            {feed.loadingMore ? 'Loading…' : 'Show more'}
          </button>
        </div>
      )}
      <InlineError message={feed.moreError} testId="feed-more-error" />
    </section>
  );
}
