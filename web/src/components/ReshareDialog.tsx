// Reshare a post with your own commentary (optional; up to 3,000 characters).
// The original is shown below the text as it will be embedded.
import { useState } from 'react';
import { api, errorMessage, type Post, type PostSummary, type PostVisibility } from '../api';
import { POST_MAX } from '../feed';
import { charCount } from '../util';
import { VISIBILITY_LABELS } from './Composer';
import { EditDialog } from './EditDialog';
import { SelectField, TextArea } from './Field';
import { EmbeddedPost } from './EmbeddedPost';

export function ReshareDialog({
  original,
  onClose,
  onReshared,
}: {
  original: PostSummary;
  onClose: () => void;
  onReshared: (post: Post) => void;
}) {
  const [text, setText] = useState('');
  const [visibility, setVisibility] = useState<PostVisibility>('anyone');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [fieldError, setFieldError] = useState<string | null>(null);

  async function submit() {
    if (charCount(text) > POST_MAX) {
      setFieldError(`Your commentary can have at most ${POST_MAX.toLocaleString('en')} characters.`);
      return;
    }
    setFieldError(null);
    setBusy(true);
    setError(null);
    try {
      const post = await api.createPost({ text, visibility, reshare_of: original.id });
      onReshared(post);
    } catch (err) {
      setError(errorMessage(err));
      setBusy(false);
    }
  }

  return (
    <EditDialog
      title="Reshare"
      testId="reshare-dialog"
      busy={busy}
      error={error}
      onClose={onClose}
      onSubmit={submit}
      submitLabel="Reshare"
      busyLabel="Resharing…"
    >
      <TextArea
        label="Add your thoughts (optional)"
        hint="Reshares with something of your own reach more people."
        value={text}
        max={POST_MAX}
        error={fieldError}
        onChange={(e) => setText(e.target.value)}
        autoFocus
        data-testid="reshare-text"
      />
      <SelectField
        label="Who can see it"
        value={visibility}
        onChange={(e) => setVisibility(e.target.value as PostVisibility)}
        data-testid="reshare-visibility"
      >
        <option value="anyone">{VISIBILITY_LABELS.anyone}</option>
        <option value="connections">{VISIBILITY_LABELS.connections}</option>
      </SelectField>
      <EmbeddedPost post={original} />
    </EditDialog>
  );
}
