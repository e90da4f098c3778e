// The conversation under a post: top-level comments oldest first (paged),
// each with its newest replies, a form to comment and one to reply. A reply to
// a reply joins the top-level comment's thread (one level, as the server keeps
// it). The comment's author and the post's author can delete a comment.
import { useCallback, useEffect, useId, useRef, useState, type FormEvent, type ReactNode } from 'react';
import { api, errorMessage, type Member, type Post, type PostComment } from '../api';
import { COMMENT_MAX } from '../feed';
import { plural, usePaged } from '../network';
import { Link } from '../router';
import { asSentence, charCount, fullName } from '../util';
import { Avatar } from './Avatar';
import { ConfirmDialog } from './ConfirmDialog';
import { DegreeBadge, profilePath } from './MemberRow';
import { InlineError } from './Notice';
import { PostText } from './PostText';
import { TimeAgo } from './TimeAgo';

const PAGE_SIZE = 20;

/** A comment (or reply) box: labelled text area, counter, Post / Cancel. */
export function CommentForm({
  label,
  placeholder,
  submitLabel,
  testId,
  autoFocus,
  focusSignal = 0,
  onSubmit,
  onCancel,
}: {
  label: string;
  placeholder: string;
  submitLabel: string;
  testId: string;
  autoFocus?: boolean;
  /** The box takes the focus whenever this number goes up. */
  focusSignal?: number;
  /** Sends the text; throws to keep it and show the message. */
  onSubmit: (text: string) => Promise<void>;
  onCancel?: () => void;
}) {
  const [text, setText] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const inputId = useId();
  const metaId = useId();
  const ref = useRef<HTMLTextAreaElement>(null);
  const count = charCount(text);
  const over = count > COMMENT_MAX;

  useEffect(() => {
    if (focusSignal > 0) ref.current?.focus();
  }, [focusSignal]);

  async function submit(e: FormEvent) {
    e.preventDefault();
    if (busy) return;
    if (!text.trim()) {
      setError('Write something first.');
      ref.current?.focus();
      return;
    }
    if (over) {
      setError(`A comment can have at most ${COMMENT_MAX.toLocaleString('en')} characters.`);
      ref.current?.focus();
      return;
    }
    setBusy(true);
    setError(null);
    try {
      await onSubmit(text);
      setText('');
    } catch (err) {
      setError(errorMessage(err));
      ref.current?.focus();
    } finally {
      setBusy(false);
    }
  }

  return (
    <form className="comment-form" onSubmit={submit} noValidate data-testid={testId}>
      <label htmlFor={inputId} className="visually-hidden">
        {label}
      </label>
      <div className={`comment-form__box${error || over ? ' field--invalid' : ''}`}>
        <textarea
          ref={ref}
          id={inputId}
          className="field__control comment-form__input"
          rows={text.includes('\n') || count > 60 ? 3 : 1}
          placeholder={placeholder}
          value={text}
          onChange={(e) => {
            setText(e.target.value);
            if (error) setError(null);
          }}
          aria-invalid={Boolean(error) || over || undefined}
          aria-describedby={metaId}
          onKeyDown={(e) => {
            // Ctrl+Enter (⌘+Enter) sends, as in most comment boxes; Enter alone is a new line.
            if (e.key === 'Enter' && (e.ctrlKey || e.metaKey)) void submit(e);
          }}
          autoFocus={autoFocus}
          data-testid={`${testId}-text`}
        />
      </div>
      <div className="comment-form__meta">
        <span id={metaId} className={error ? 'field__error' : 'field__hint'} role="alert">
          {error ? asSentence(error) : ''}
        </span>
        {text && (
          <span className={over ? 'field__count field__count--over' : 'field__count'}>
            {count.toLocaleString('en')} / {COMMENT_MAX.toLocaleString('en')}
          </span>
        )}
        <span className="comment-form__actions">
          {onCancel && (
            <button type="button" className="btn btn--ghost btn--sm" onClick={onCancel} disabled={busy}>
              Cancel
            </button>
          )}
          {(text || onCancel) && (
            <button type="submit" className="btn btn--primary btn--sm" disabled={busy} data-testid={`${testId}-submit`}>
              {busy ? 'Posting…' : submitLabel}
            </button>
          )}
        </span>
      </div>
    </form>
  );
}

function CommentView({
  comment,
  canDelete,
  onReply,
  onDelete,
  children,
}: {
  comment: PostComment;
  canDelete: boolean;
  onReply?: () => void;
  onDelete: () => void;
  children?: ReactNode;
}) {
  const a = comment.author;
  return (
    <li className="comment" data-testid={comment.parent ? 'reply' : 'comment'} data-id={comment.id}>
      <Link to={profilePath(a.handle)} className="comment__avatar" tabIndex={-1} aria-hidden="true">
        <Avatar member={a} size="sm" />
      </Link>
      <div className="comment__main">
        <div className="comment__bubble">
          <div className="comment__head">
            <span className="comment__name">
              <Link to={profilePath(a.handle)} data-testid="comment-author">
                {fullName(a)}
              </Link>{' '}
              <DegreeBadge degree={a.degree} />
            </span>
            <TimeAgo at={comment.created_at} className="comment__time" />
          </div>
          {a.headline && <div className="comment__headline">{a.headline}</div>}
          <PostText text={comment.text} tags={false} className="comment__text" testId="comment-text" />
        </div>
        <div className="comment__actions">
          {onReply && (
            <button type="button" className="link-btn small" onClick={onReply} data-testid="comment-reply">
              Reply<span className="visually-hidden"> to {fullName(a)}</span>
            </button>
          )}
          {canDelete && (
            <button type="button" className="link-btn small link-btn--muted" onClick={onDelete} data-testid="comment-delete">
              Delete<span className="visually-hidden"> comment by {fullName(a)}</span>
            </button>
          )}
        </div>
        {children}
      </div>
    </li>
  );
}

export function Comments({
  post,
  me,
  focusSignal = 0,
  onCountChange,
}: {
  post: Post;
  me: Member | null;
  /** The comment box takes the focus whenever this number goes up. */
  focusSignal?: number;
  /** Comments were added (+n) or removed (-n). */
  onCountChange: (delta: number) => void;
}) {
  const postId = post.id;
  const fetchPage = useCallback(
    (cursor: string | null) => api.comments(postId, { cursor, limit: PAGE_SIZE }),
    [postId],
  );
  const list = usePaged(fetchPage, String(postId), (c: PostComment) => String(c.id));
  const [replyTo, setReplyTo] = useState<string | number | null>(null);
  const [deleting, setDeleting] = useState<PostComment | null>(null);
  const isPostAuthor = Boolean(me && me.handle === post.author.handle);
  const canDelete = (c: PostComment) => Boolean(me && (me.handle === c.author.handle || isPostAuthor));

  async function addComment(text: string) {
    const c = await api.addComment(postId, text);
    list.update((items) => [...items, { ...c, replies: [], reply_count: 0 }]);
    onCountChange(1);
  }

  async function addReply(parent: PostComment, text: string) {
    const r = await api.addComment(postId, text, parent.id);
    list.update((items) =>
      items.map((c) =>
        c.id === parent.id
          ? { ...c, replies: [...(c.replies ?? []), r], reply_count: (c.reply_count ?? 0) + 1 }
          : c,
      ),
    );
    onCountChange(1);
    setReplyTo(null);
  }

  async function remove(c: PostComment) {
    await api.deleteComment(c.id);
    setDeleting(null);
    if (c.parent) {
      list.update((items) =>
        items.map((t) =>
          t.id === c.parent
            ? {
                ...t,
                replies: (t.replies ?? []).filter((r) => r.id !== c.id),
                reply_count: Math.max(0, (t.reply_count ?? 1) - 1),
              }
            : t,
        ),
      );
      onCountChange(-1);
    } else {
      list.update((items) => items.filter((t) => t.id !== c.id));
      // A top-level comment takes its replies with it.
      onCountChange(-(1 + (c.reply_count ?? c.replies?.length ?? 0)));
    }
  }

  return (
    <div className="comments" data-testid="comments">
      {me ? (
        <div className="comments__new">
          <Avatar member={me} size="sm" />
          <CommentForm
            label={`Comment on ${fullName(post.author)}'s post`}
            placeholder="Add a comment…"
            submitLabel="Comment"
            testId="comment-form"
            focusSignal={focusSignal}
            onSubmit={addComment}
          />
        </div>
      ) : (
        <p className="muted small">
          <Link to={`/login?next=${encodeURIComponent(window.location.pathname)}`}>Log in</Link> to comment.
        </p>
      )}
      {list.status === 'loading' ? (
        <p className="muted small" aria-busy="true">
          Loading comments…
        </p>
      ) : list.status === 'error' ? (
        <div>
          <InlineError message={list.error} testId="comments-error" />
          <button type="button" className="btn btn--ghost btn--sm" onClick={list.reload}>
            Try again
          </button>
        </div>
      ) : list.items.length === 0 ? null : (
        <ul className="comment-list" aria-label="Comments">
          {list.items.map((c) => {
            const replies = c.replies ?? [];
            const hidden = (c.reply_count ?? replies.length) - replies.length;
            return (
              <CommentView
                key={c.id}
                comment={c}
                canDelete={canDelete(c)}
                onReply={me ? () => setReplyTo(c.id) : undefined}
                onDelete={() => setDeleting(c)}
              >
                {hidden > 0 && (
                  <p className="muted small comment__more-replies">
                    {plural(hidden, 'earlier reply', 'earlier replies')} not shown
                  </p>
                )}
                {replies.length > 0 && (
                  <ul className="comment-list comment-list--replies" aria-label={`Replies to ${fullName(c.author)}`}>
                    {replies.map((r) => (
                      <CommentView
                        key={r.id}
                        comment={r}
                        canDelete={canDelete(r)}
                        onReply={me ? () => setReplyTo(c.id) : undefined}
                        onDelete={() => setDeleting(r)}
                      />
                    ))}
                  </ul>
                )}
                {replyTo === c.id && me && (
                  <div className="comments__new comments__new--reply">
                    <Avatar member={me} size="sm" />
                    <CommentForm
                      label={`Reply to ${fullName(c.author)}`}
                      placeholder="Add a reply…"
                      submitLabel="Reply"
                      testId="reply-form"
                      autoFocus
                      onSubmit={(text) => addReply(c, text)}
                      onCancel={() => setReplyTo(null)}
                    />
                  </div>
                )}
              </CommentView>
            );
          })}
        </ul>
      )}
      {list.status === 'ok' && list.hasMore && (
        <button
          type="button"
          className="link-btn small comments__more"
          onClick={list.loadMore}
          disabled={list.loadingMore}
          data-testid="comments-more"
        >
          {list.loadingMore ? 'Loading…' : 'Show more comments'}
        </button>
      )}
      <InlineError message={list.moreError} />
      {deleting && (
        <ConfirmDialog
          title="Delete comment?"
          text={
            deleting.parent || !(deleting.reply_count ?? deleting.replies?.length)
              ? 'The comment will be removed for everyone.'
              : 'The comment and its replies will be removed for everyone.'
          }
          confirmLabel="Delete"
          busyLabel="Deleting…"
          onConfirm={() => remove(deleting)}
          onClose={() => setDeleting(null)}
        />
      )}
    </div>
  );
}
