// A small modal asking "are you sure?" before a destructive action. The action
// runs here so its error can be shown inside the dialog.
import { useEffect, useId, useRef, useState, type FormEvent } from 'react';
import { errorMessage } from '../api';
import { FormError } from './Field';

export function ConfirmDialog({
  title,
  text,
  confirmLabel,
  busyLabel = 'Working…',
  onConfirm,
  onClose,
}: {
  title: string;
  text: string;
  confirmLabel: string;
  busyLabel?: string;
  /** Runs the action; the dialog stays open and shows the message if it throws. */
  onConfirm: () => Promise<void>;
  onClose: () => void;
}) {
  const dialogRef = useRef<HTMLDialogElement>(null);
  const cancelRef = useRef<HTMLButtonElement>(null);
  const titleId = useId();
  const textId = useId();
  const errorId = useId();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    const dialog = dialogRef.current;
    if (dialog && !dialog.open) dialog.showModal();
    cancelRef.current?.focus();
    return () => dialog?.close();
  }, []);

  async function onSubmit(ev: FormEvent) {
    ev.preventDefault();
    if (busy) return;
    setBusy(true);
    setError(null);
    try {
      await onConfirm();
    } catch (err) {
      setBusy(false);
      setError(errorMessage(err));
    }
  }

  return (
    <dialog
      ref={dialogRef}
      className="dialog dialog--small"
      role="alertdialog"
      aria-labelledby={titleId}
      aria-describedby={textId}
      data-testid="confirm-dialog"
      onCancel={(e) => {
        e.preventDefault();
        if (!busy) onClose();
      }}
    >
      <form noValidate onSubmit={onSubmit} className="dialog__form">
        <header className="dialog__header">
          <h2 id={titleId}>{title}</h2>
        </header>
        <div className="dialog__body">
          <FormError id={errorId} message={error} />
          <p id={textId}>{text}</p>
        </div>
        <footer className="dialog__footer">
          <button
            ref={cancelRef}
            type="button"
            className="btn btn--ghost"
            onClick={onClose}
            disabled={busy}
            data-testid="confirm-cancel"
          >
            Cancel
          </button>
          <button type="submit" className="btn btn--danger" disabled={busy} data-testid="confirm-ok">
            {busy ? busyLabel : confirmLabel}
          </button>
        </footer>
      </form>
    </dialog>
  );
}
