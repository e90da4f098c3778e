// One post: in the feed (with the item's reason line and "Why am I seeing
// this?"), on its own page and on a hashtag's page.
//
//   reason line · Why am I seeing this?         (feed items)
//   author card (avatar, name, degree, headline), time · Edited · visibility   ⋯ menu
//   text with @mentions, #hashtags and links; the reshared post embedded
//   reaction counts · n comments
//   Like ▾ · Comment · Reshare · Analytics (your own posts)
//   comments (opened on demand)
//
// The ⋯ menu: your own post: Edit, Delete, View analytics; someone else's:
// Mute the author, Mute #tag (for each hashtag of the post).
import { useId, useState } from 'react';
import {
  api,
  errorMessage,
  type FeedItem,
  type FeedMode,
  type Member,
  type MemberCard,
  type Post,
  type ReactionType,
} from '../api';
import {
  analyticsPath,
  factorName,
  factorValue,
  POST_MAX,
  postPath,
  recount,
  reshareTarget,
} from '../feed';
import { plural, useAction } from '../network';
import { Link } from '../router';
import { charCount, fullName } from '../util';
import { ActionMenu } from './ActionMenu';
import { Avatar } from './Avatar';
import { Comments } from './Comments';
import { VISIBILITY_LABELS } from './Composer';
import { ConfirmDialog } from './ConfirmDialog';
import { EmbeddedPost } from './EmbeddedPost';
import { TextArea } from './Field';
import { DegreeBadge, profilePath } from './MemberRow';
import { InlineError } from './Notice';
import { ChartIcon, CommentIcon, ReshareIcon } from './PostIcons';
import { PostText } from './PostText';
import { ReactionButton, ReactionCountsLine } from './Reactions';
import { ReshareDialog } from './ReshareDialog';
import { TimeAgo } from './TimeAgo';

/** The most hashtags offered for muting in one post's menu. */
const MUTE_TAGS_MAX = 5;

export interface PostCardProps {
  post: Post;
  me: Member | null;
  /** Feed items: the reason line and the ranking (undefined elsewhere). */
  reason?: string;
  why?: FeedItem['why'];
  /** The post changed here (reaction, edit, comment count). */
  onChange: (post: Post) => void;
  onDeleted: () => void;
  onReshared?: (post: Post, original: string) => void;
  onMuteMember?: (member: MemberCard) => void;
  onMuteHashtag?: (tag: string) => void;
  /** The feed's mode, for the wording of "Why am I seeing this?". */
  mode?: FeedMode | null;
  /** Open the comments from the start (a post's own page). */
  commentsOpen?: boolean;
  testId?: string;
  headingLevel?: 2 | 3;
}

/** "Anna's post", for the labels of buttons that act on a post. */
function postLabel(post: Post, me: Member | null): string {
  if (me && me.handle === post.author.handle) return 'your post';
  return `${fullName(post.author)}'s post`;
}

export function PostCard({
  post,
  me,
  reason,
  why,
  onChange,
  onDeleted,
  onReshared,
  onMuteMember,
  onMuteHashtag,
  mode,
  commentsOpen = false,
  testId = 'feed-item',
  headingLevel = 3,
}: PostCardProps) {
  const author = post.author;
  const mine = Boolean(me && me.handle === author.handle);
  const label = postLabel(post, me);
  const nameId = useId();
  const whyId = useId();
  const [showWhy, setShowWhy] = useState(false);
  const [showComments, setShowComments] = useState(commentsOpen);
  // Bumped by the Comment button: the comment box takes the focus.
  const [focusComment, setFocusComment] = useState(0);
  const [editing, setEditing] = useState(false);
  const [confirmDelete, setConfirmDelete] = useState(false);
  const [resharing, setResharing] = useState(false);
  const react = useAction();
  const Heading = headingLevel === 2 ? 'h2' : 'h3';
  const target = reshareTarget(post);
  const canReshare = Boolean(me) && target.visibility === 'anyone';
  const inFeed = Boolean(reason || why);

  async function setReaction(type: ReactionType | null) {
    const before = post.my_reaction;
    if (type) {
      const r = await react.run(() => api.react(post.id, type));
      if (r.ok) onChange({ ...post, my_reaction: r.value.my_reaction, reaction_counts: r.value.reaction_counts });
    } else {
      const r = await react.run(() => api.unreact(post.id));
      if (r.ok) onChange({ ...post, my_reaction: null, reaction_counts: recount(post.reaction_counts, before, null) });
    }
  }

  function openComments(focus: boolean) {
    if (focus) {
      setFocusComment((n) => n + 1);
      setShowComments(true);
    } else {
      setShowComments((open) => !open);
    }
  }

  return (
    <article
      className="card post"
      aria-labelledby={nameId}
      data-testid={testId}
      data-post-id={post.id}
      data-author={author.handle}
    >
      {inFeed && (
        <div className="post__context">
          {reason ? (
            <p className="post__reason" data-testid="feed-reason">
              {reason}
            </p>
          ) : (
            <span />
          )}
          {why && (
            <button
              type="button"
              className="link-btn small post__why-toggle"
              aria-expanded={showWhy}
              aria-controls={whyId}
              onClick={() => setShowWhy((s) => !s)}
              data-testid="feed-why-toggle"
            >
              Why am I seeing this?
            </button>
          )}
        </div>
      )}
      {why && (
        <div id={whyId} hidden={!showWhy} className="post__why" data-testid="feed-why">
          {showWhy && <WhyPanel why={why} mode={mode} />}
        </div>
      )}

      <header className="post__head">
        <Link to={profilePath(author.handle)} className="post__avatar" tabIndex={-1} aria-hidden="true">
          <Avatar member={author} size="md" />
        </Link>
        <div className="post__who">
          <Heading id={nameId} className="post__name">
            <Link to={profilePath(author.handle)} data-testid="post-author" data-handle={author.handle}>
              {fullName(author)}
            </Link>{' '}
            <DegreeBadge degree={author.degree} testId="post-author-degree" />
          </Heading>
          {author.headline && <p className="post__headline">{author.headline}</p>}
          <p className="post__meta">
            <Link to={postPath(post.id)} className="post__time-link" data-testid="post-time">
              <TimeAgo at={post.created_at} />
              <span className="visually-hidden">, open the post</span>
            </Link>
            {post.edited_at && (
              <>
                <span aria-hidden="true"> · </span>
                <span data-testid="post-edited">Edited</span>
              </>
            )}
            <span aria-hidden="true"> · </span>
            <span data-testid="post-visibility" data-visibility={post.visibility}>
              {VISIBILITY_LABELS[post.visibility] ?? post.visibility}
            </span>
          </p>
        </div>
        {me && (
          <ActionMenu label={`More actions for ${label}`} testId="post-menu">
            {(close) =>
              mine ? (
                <>
                  <li>
                    <button
                      type="button"
                      className="me-menu__link"
                      onClick={() => {
                        close();
                        setEditing(true);
                      }}
                      data-testid="post-edit"
                    >
                      Edit post
                    </button>
                  </li>
                  <li>
                    <Link to={analyticsPath(post.id)} className="me-menu__link" data-testid="post-analytics-menu">
                      View analytics
                    </Link>
                  </li>
                  <li className="me-menu__sep">
                    <button
                      type="button"
                      className="me-menu__link"
                      onClick={() => {
                        close();
                        setConfirmDelete(true);
                      }}
                      data-testid="post-delete"
                    >
                      Delete post
                    </button>
                  </li>
                </>
              ) : (
                <>
                  <li>
                    <Link to={postPath(post.id)} className="me-menu__link" data-testid="post-open">
                      Open post
                    </Link>
                  </li>
                  {onMuteMember && (
                    <li className="me-menu__sep">
                      <button
                        type="button"
                        className="me-menu__link"
                        onClick={() => {
                          close();
                          onMuteMember(author);
                        }}
                        data-testid="post-mute-member"
                      >
                        Mute {fullName(author)}
                      </button>
                    </li>
                  )}
                  {onMuteHashtag &&
                    post.hashtags.slice(0, MUTE_TAGS_MAX).map((tag) => (
                      <li key={tag}>
                        <button
                          type="button"
                          className="me-menu__link"
                          onClick={() => {
                            close();
                            onMuteHashtag(tag);
                          }}
                          data-testid="post-mute-hashtag"
                          data-tag={tag}
                        >
                          Mute #{tag}
                        </button>
                      </li>
                    ))}
                </>
              )
            }
          </ActionMenu>
        )}
      </header>

      {editing ? (
        <EditPost
          post={post}
          onCancel={() => setEditing(false)}
          onSaved={(p) => {
            setEditing(false);
            onChange(p);
          }}
        />
      ) : (
        <PostText text={post.text} mentions={post.mentions} hashtags={post.hashtags} testId="post-text" />
      )}
      {post.reshare_of && <EmbeddedPost post={post.reshare_of} />}

      {(post.comment_count > 0 || Object.keys(post.reaction_counts ?? {}).length > 0) && (
        <div className="post__counts">
          <ReactionCountsLine counts={post.reaction_counts ?? {}} />
          {post.comment_count > 0 && (
            <button
              type="button"
              className="link-btn link-btn--muted small post__comment-count"
              aria-expanded={showComments}
              onClick={() => openComments(false)}
              data-testid="post-comment-count"
              data-count={post.comment_count}
            >
              {plural(post.comment_count, 'comment')}
            </button>
          )}
        </div>
      )}

      {me ? (
        <div className="post__actions" role="group" aria-label={`Actions for ${label}`}>
          <ReactionButton mine={post.my_reaction} busy={react.busy} onReact={setReaction} postLabel={label} />
          <button
            type="button"
            className="post-action"
            aria-expanded={showComments}
            onClick={() => openComments(true)}
            data-testid="post-comment"
          >
            <CommentIcon />
            <span>Comment</span>
          </button>
          {canReshare && (
            <button type="button" className="post-action" onClick={() => setResharing(true)} data-testid="post-reshare">
              <ReshareIcon />
              <span>Reshare</span>
            </button>
          )}
          {mine && (
            <Link to={analyticsPath(post.id)} className="post-action" data-testid="post-analytics">
              <ChartIcon />
              <span>Analytics</span>
            </Link>
          )}
        </div>
      ) : (
        <p className="post__login muted small">
          <Link to={`/login?next=${encodeURIComponent(postPath(post.id))}`}>Log in</Link> to react or comment.
        </p>
      )}
      <InlineError message={react.error} testId="post-action-error" />

      {showComments && (
        <Comments
          post={post}
          me={me}
          focusSignal={focusComment}
          onCountChange={(d) => onChange({ ...post, comment_count: Math.max(0, post.comment_count + d) })}
        />
      )}

      {confirmDelete && (
        <ConfirmDialog
          title="Delete post?"
          text="The post, its comments and its reactions will be removed for everyone. Reshares stay, without your post."
          confirmLabel="Delete"
          busyLabel="Deleting…"
          onConfirm={async () => {
            await api.deletePost(post.id);
            setConfirmDelete(false);
            onDeleted();
          }}
          onClose={() => setConfirmDelete(false)}
        />
      )}
      {resharing && (
        <ReshareDialog
          original={target}
          onClose={() => setResharing(false)}
          onReshared={(p) => {
            setResharing(false);
            onReshared?.(p, fullName(target.author));
          }}
        />
      )}
    </article>
  );
}

function WhyPanel({ why, mode }: { why: NonNullable<FeedItem['why']>; mode?: FeedMode | null }) {
  const factors = why.factors ?? [];
  return (
    <>
      <p className="post__why-intro small">
        {mode === 'recent'
          ? 'Most recent lists the posts of your network newest first: the score is the time of posting.'
          : "Kring ranks your feed by these factors. Each one adds to or takes from the post's score."}
      </p>
      <table className="why-table small">
        <caption className="visually-hidden">Ranking factors</caption>
        <thead>
          <tr>
            <th scope="col">Factor</th>
            <th scope="col" className="why-table__value">
              Value
            </th>
          </tr>
        </thead>
        <tbody>
          {factors.map((f, i) => (
            <tr key={`${f.name}-${i}`} data-testid="feed-why-factor" data-factor={f.name} data-value={f.value}>
              <th scope="row">
                <span className="why-table__label" data-testid="feed-why-label">
                  {f.label || factorName(f.name)}
                </span>
                {f.label && <span className="why-table__name">{factorName(f.name)}</span>}
              </th>
              <td className="why-table__value">{factorValue(f.value)}</td>
            </tr>
          ))}
          {factors.length === 0 && (
            <tr>
              <td colSpan={2} className="muted">
                No factors were reported for this post.
              </td>
            </tr>
          )}
        </tbody>
        <tfoot>
          <tr>
            <th scope="row">Score</th>
            <td className="why-table__value" data-testid="feed-why-score" data-value={why.score}>
              {factorValue(why.score)}
            </td>
          </tr>
        </tfoot>
      </table>
    </>
  );
}

function EditPost({
  post,
  onCancel,
  onSaved,
}: {
  post: Post;
  onCancel: () => void;
  onSaved: (post: Post) => void;
}) {
  const [text, setText] = useState(post.text);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  async function save() {
    if (!text.trim() && !post.reshare_of) {
      setError('Write something, or delete the post instead.');
      return;
    }
    if (charCount(text) > POST_MAX) {
      setError(`A post can have at most ${POST_MAX.toLocaleString('en')} characters.`);
      return;
    }
    setBusy(true);
    setError(null);
    try {
      onSaved(await api.editPost(post.id, text));
    } catch (err) {
      setError(errorMessage(err));
      setBusy(false);
    }
  }

  return (
    <form
      className="post__edit"
      noValidate
      onSubmit={(e) => {
        e.preventDefault();
        if (!busy) void save();
      }}
      onKeyDown={(e) => {
        if (e.key === 'Escape' && !busy) {
          e.stopPropagation();
          onCancel();
        }
      }}
    >
      <TextArea
        label="Edit your post"
        value={text}
        max={POST_MAX}
        error={error}
        onChange={(e) => setText(e.target.value)}
        autoFocus
        data-testid="post-edit-text"
      />
      <div className="inline-form__actions">
        <button type="button" className="btn btn--ghost btn--sm" onClick={onCancel} disabled={busy} data-testid="post-edit-cancel">
          Cancel
        </button>
        <button type="submit" className="btn btn--primary btn--sm" disabled={busy} data-testid="post-edit-save">
          {busy ? 'Saving…' : 'Save'}
        </button>
      </div>
    </form>
  );
}
