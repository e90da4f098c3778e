// The frame shared by the profile section editors: a modal <dialog> with a
// title, the form-level error banner, the fields, and Cancel / Save (plus an
// optional Delete on the left). Escape closes it unless it is saving; the
// focus then goes back to the button that opened it.
//
// Buttons carry data-testid "dialog-save", "dialog-cancel" and "dialog-delete";
// tests find them inside the dialog's own test id.
import { useEffect, useId, useRef, type FormEvent, type ReactNode } from 'react';
import { FormError } from './Field';

export function EditDialog({
  title,
  testId,
  busy,
  error,
  onClose,
  onSubmit,
  onDelete,
  deleteLabel = 'Delete',
  submitLabel = 'Save',
  busyLabel = 'Saving…',
  small = false,
  children,
}: {
  title: string;
  testId: string;
  busy: boolean;
  /** The server's message (or any other), shown in the banner above the fields. */
  error: string | null;
  onClose: () => void;
  onSubmit: () => void;
  onDelete?: () => void;
  deleteLabel?: string;
  submitLabel?: string;
  busyLabel?: string;
  small?: boolean;
  children: ReactNode;
}) {
  const dialogRef = useRef<HTMLDialogElement>(null);
  const titleId = useId();
  const errorId = useId();

  useEffect(() => {
    const dialog = dialogRef.current;
    const opener = document.activeElement instanceof HTMLElement ? document.activeElement : null;
    if (dialog && !dialog.open) dialog.showModal();
    return () => {
      dialog?.close();
      // The dialog leaves the page with this component, so the browser can't hand the focus back
      // to the button that opened it; do that here (unless another dialog has it by now).
      window.setTimeout(() => {
        if (opener?.isConnected && !document.activeElement?.closest('dialog[open]')) opener.focus();
      }, 0);
    };
  }, []);

  function submit(ev: FormEvent) {
    ev.preventDefault();
    if (!busy) onSubmit();
  }

  return (
    <dialog
      ref={dialogRef}
      className={`dialog${small ? ' dialog--small' : ''}`}
      aria-labelledby={titleId}
      data-testid={testId}
      onCancel={(e) => {
        e.preventDefault();
        if (!busy) onClose();
      }}
    >
      <form noValidate onSubmit={submit} className="dialog__form">
        <header className="dialog__header">
          <h2 id={titleId}>{title}</h2>
          <button
            type="button"
            className="icon-btn"
            aria-label="Close"
            onClick={onClose}
            disabled={busy}
            data-testid="dialog-close"
          >
            <span aria-hidden="true">×</span>
          </button>
        </header>
        <div className="dialog__body">
          <FormError id={errorId} message={error} />
          {children}
        </div>
        <footer className={`dialog__footer${onDelete ? ' dialog__footer--split' : ''}`}>
          {onDelete && (
            <button
              type="button"
              className="btn btn--ghost btn--danger-text"
              onClick={onDelete}
              disabled={busy}
              data-testid="dialog-delete"
            >
              {deleteLabel}
            </button>
          )}
          <div className="dialog__footer-end">
            <button type="button" className="btn btn--ghost" onClick={onClose} disabled={busy} data-testid="dialog-cancel">
              Cancel
            </button>
            <button type="submit" className="btn btn--primary" disabled={busy} data-testid="dialog-save">
              {busy ? busyLabel : submitLabel}
            </button>
          </div>
        </footer>
      </form>
    </dialog>
  );
}
