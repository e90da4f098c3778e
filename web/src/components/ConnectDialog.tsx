// "Connect" with an optional note (required beyond 2nd degree): POST /invitations.
import { useEffect, useId, useRef, useState, type FormEvent } from 'react';
import { api, ApiError, errorMessage, isApiError, type Degree, type Invitation } from '../api';
import { INVITATION_NOTE_MAX, noteRequired } from '../network';
import { charCount, fullName } from '../util';
import { FormError, TextArea } from './Field';

export function ConnectDialog({
  member,
  onClose,
  onSent,
}: {
  member: { handle: string; first_name: string; last_name: string; degree?: Degree };
  onClose: () => void;
  onSent: (invitation: Invitation) => void;
}) {
  const dialogRef = useRef<HTMLDialogElement>(null);
  const noteRef = useRef<HTMLTextAreaElement>(null);
  const titleId = useId();
  const errorId = useId();
  const [note, setNote] = useState('');
  const [noteError, setNoteError] = useState<string | null>(null);
  const [serverError, setServerError] = useState<ApiError | null>(null);
  const [genericError, setGenericError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const required = noteRequired(member.degree);
  const name = fullName(member);

  useEffect(() => {
    const dialog = dialogRef.current;
    if (dialog && !dialog.open) dialog.showModal();
    noteRef.current?.focus();
    return () => dialog?.close();
  }, []);

  async function onSubmit(ev: FormEvent) {
    ev.preventDefault();
    if (busy) return;
    setServerError(null);
    setGenericError(null);
    const n = charCount(note);
    if (n > INVITATION_NOTE_MAX) {
      setNoteError(`Use at most ${INVITATION_NOTE_MAX} characters (${n} now).`);
      noteRef.current?.focus();
      return;
    }
    setNoteError(null);
    setBusy(true);
    try {
      // The server decides whether a note is needed; its message is shown as is.
      const invitation = await api.invite(member.handle, note.trim() ? note : undefined);
      onSent(invitation);
    } catch (err) {
      setBusy(false);
      if (isApiError(err)) {
        setServerError(err);
        if (err.code === 'note_required' || err.field === 'note') noteRef.current?.focus();
      } else {
        setGenericError(errorMessage(err));
      }
    }
  }

  const noteBad = Boolean(serverError && (serverError.code === 'note_required' || serverError.field === 'note'));

  return (
    <dialog
      ref={dialogRef}
      className="dialog dialog--small"
      aria-labelledby={titleId}
      data-testid="connect-dialog"
      onCancel={(e) => {
        e.preventDefault();
        if (!busy) onClose();
      }}
    >
      <form noValidate onSubmit={onSubmit} className="dialog__form">
        <header className="dialog__header">
          <h2 id={titleId}>Connect with {name}</h2>
          <button type="button" className="icon-btn" aria-label="Close" onClick={onClose} disabled={busy}>
            <span aria-hidden="true">×</span>
          </button>
        </header>
        <div className="dialog__body">
          <FormError id={errorId} message={serverError?.message ?? genericError} />
          <p className="muted dialog__note">
            {required
              ? `You and ${member.first_name || name} don't share a connection yet, so add a note saying how you know each other.`
              : 'A short note helps people remember where you met.'}
          </p>
          <TextArea
            ref={noteRef}
            label={required ? 'Note (required)' : 'Add a note (optional)'}
            value={note}
            max={INVITATION_NOTE_MAX}
            rows={4}
            error={noteError ?? (noteBad ? serverError?.message : undefined)}
            invalid={noteBad}
            describedBy={errorId}
            placeholder="e.g. We met at the Utrecht Rust meetup last spring."
            onChange={(e) => {
              setNote(e.target.value);
              setNoteError(null);
            }}
            data-testid="connect-note"
          />
        </div>
        <footer className="dialog__footer">
          <button type="button" className="btn btn--ghost" onClick={onClose} disabled={busy} data-testid="connect-cancel">
            Cancel
          </button>
          <button type="submit" className="btn btn--primary" disabled={busy} data-testid="connect-send">
            {busy ? 'Sending…' : 'Send invitation'}
          </button>
        </footer>
      </form>
    </dialog>
  );
}
