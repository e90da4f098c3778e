// The composer at the top of the feed: text up to 3,000 characters with a live
// counter, who can see the post (Anyone / Connections only), and Post. The
// limits are checked before sending; the server's message is shown in the
// banner otherwise. On success the text is cleared and the new post handed up.
import { useId, useRef, useState, type FormEvent } from 'react';
import { api, errorMessage, type Member, type Post, type PostVisibility } from '../api';
import { POST_MAX } from '../feed';
import { charCount } from '../util';
import { Avatar } from './Avatar';
import { FormError, SelectField, TextArea } from './Field';
import { LiveStatus } from './Notice';

export const VISIBILITY_LABELS: Record<PostVisibility, string> = {
  anyone: 'Anyone',
  connections: 'Connections only',
};

export function Composer({ me, onPosted }: { me: Member; onPosted: (post: Post) => void }) {
  const [text, setText] = useState('');
  const [visibility, setVisibility] = useState<PostVisibility>('anyone');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [fieldError, setFieldError] = useState<string | null>(null);
  const [status, setStatus] = useState<string | null>(null);
  const textRef = useRef<HTMLTextAreaElement>(null);
  const errorId = useId();
  const titleId = useId();

  async function submit(e: FormEvent) {
    e.preventDefault();
    if (busy) return;
    setStatus(null);
    setError(null);
    if (!text.trim()) {
      setFieldError('Write something to post.');
      textRef.current?.focus();
      return;
    }
    if (charCount(text) > POST_MAX) {
      setFieldError(`A post can have at most ${POST_MAX.toLocaleString('en')} characters.`);
      textRef.current?.focus();
      return;
    }
    setFieldError(null);
    setBusy(true);
    try {
      const post = await api.createPost({ text, visibility });
      setText('');
      setStatus(visibility === 'connections' ? 'Posted. Your connections can see it.' : 'Posted. Anyone can see it.');
      onPosted(post);
    } catch (err) {
      setError(errorMessage(err));
      textRef.current?.focus();
    } finally {
      setBusy(false);
    }
  }

  return (
    <section className="card composer" aria-labelledby={titleId} data-testid="composer">
      <h2 id={titleId} className="visually-hidden">
        Start a post
      </h2>
      <form noValidate onSubmit={submit}>
        <FormError id={errorId} message={error} />
        <div className="composer__row">
          <Avatar member={me} size="md" />
          <TextArea
            ref={textRef}
            className="composer__field"
            label="Start a post"
            placeholder="What do you want to talk about?"
            hint="Mention people with @handle; add #hashtags."
            value={text}
            max={POST_MAX}
            error={fieldError}
            invalid={Boolean(error)}
            describedBy={errorId}
            onChange={(e) => {
              setText(e.target.value);
              if (fieldError) setFieldError(null);
              if (status) setStatus(null);
            }}
            data-testid="composer-text"
          />
        </div>
        <div className="composer__actions">
          <SelectField
            className="composer__visibility"
            label="Who can see it"
            value={visibility}
            onChange={(e) => setVisibility(e.target.value as PostVisibility)}
            data-testid="composer-visibility"
          >
            <option value="anyone">{VISIBILITY_LABELS.anyone}</option>
            <option value="connections">{VISIBILITY_LABELS.connections}</option>
          </SelectField>
          <button type="submit" className="btn btn--primary" disabled={busy} data-testid="composer-submit">
            {busy ? 'Posting…' : 'Post'}
          </button>
        </div>
      </form>
      <LiveStatus message={status} testId="composer-status" />
    </section>
  );
}
