// Modal dialog for editing the intro (name, headline, location, industry) and
// About of your own profile. Sends only the fields that changed:
// PATCH /api/v1/members/me. The location field suggests places from
// GET /places/typeahead, and is a plain text field where that answers 404.
import { useEffect, useId, useRef, useState, type FormEvent, type RefObject } from 'react';
import { api, ApiError, errorMessage, isApiError, type Member, type ProfilePatch } from '../api';
import { FormError, TextArea, TextField } from '../components/Field';
import { placeSuggestions, TypeaheadField } from '../components/Typeahead';
import { charCount } from '../util';

type FieldName = keyof Required<ProfilePatch>;

export const PROFILE_LIMITS: Record<FieldName, { min: number; max: number }> = {
  first_name: { min: 1, max: 100 },
  last_name: { min: 1, max: 100 },
  headline: { min: 0, max: 220 },
  location: { min: 0, max: 100 },
  industry: { min: 0, max: 100 },
  about: { min: 0, max: 2600 },
};

const FIELD_ORDER: FieldName[] = ['first_name', 'last_name', 'headline', 'location', 'industry', 'about'];

const LABELS: Record<FieldName, string> = {
  first_name: 'First name',
  last_name: 'Last name',
  headline: 'Headline',
  location: 'Location',
  industry: 'Industry',
  about: 'About',
};

function validate(values: Record<FieldName, string>): Partial<Record<FieldName, string>> {
  const errors: Partial<Record<FieldName, string>> = {};
  for (const f of FIELD_ORDER) {
    const { min, max } = PROFILE_LIMITS[f];
    const n = charCount(values[f]);
    if (min > 0 && !values[f].trim()) errors[f] = `Enter your ${LABELS[f].toLowerCase()}.`;
    else if (n > max) errors[f] = `Use at most ${max.toLocaleString('en')} characters (${n.toLocaleString('en')} now).`;
  }
  return errors;
}

export function EditProfileDialog({
  member,
  onClose,
  onSaved,
}: {
  member: Member & { industry?: string };
  onClose: () => void;
  onSaved: (member: Member) => void;
}) {
  const dialogRef = useRef<HTMLDialogElement>(null);
  const titleId = useId();
  const errorId = useId();
  const initial: Record<FieldName, string> = {
    first_name: member.first_name ?? '',
    last_name: member.last_name ?? '',
    headline: member.headline ?? '',
    location: member.location ?? '',
    industry: member.industry ?? '',
    about: member.about ?? '',
  };
  const [values, setValues] = useState(initial);
  const [errors, setErrors] = useState<Partial<Record<FieldName, string>>>({});
  const [serverError, setServerError] = useState<ApiError | null>(null);
  const [genericError, setGenericError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const refs: Record<FieldName, RefObject<HTMLInputElement | HTMLTextAreaElement | null>> = {
    first_name: useRef<HTMLInputElement>(null),
    last_name: useRef<HTMLInputElement>(null),
    headline: useRef<HTMLInputElement>(null),
    location: useRef<HTMLInputElement>(null),
    industry: useRef<HTMLInputElement>(null),
    about: useRef<HTMLTextAreaElement>(null),
  };

  useEffect(() => {
    const dialog = dialogRef.current;
    if (dialog && !dialog.open) dialog.showModal();
    return () => dialog?.close();
  }, []);

  function set(name: FieldName, value: string) {
    setValues((v) => ({ ...v, [name]: value }));
    if (errors[name]) setErrors((e) => ({ ...e, [name]: undefined }));
    if (serverError?.field === name) setServerError(null);
  }

  async function onSubmit(ev: FormEvent) {
    ev.preventDefault();
    if (busy) return;
    setServerError(null);
    setGenericError(null);
    const e = validate(values);
    setErrors(e);
    const firstBad = FIELD_ORDER.find((f) => e[f]);
    if (firstBad) {
      refs[firstBad].current?.focus();
      return;
    }
    const patch: ProfilePatch = {};
    for (const f of FIELD_ORDER) if (values[f] !== initial[f]) patch[f] = values[f];
    if (Object.keys(patch).length === 0) {
      onClose();
      return;
    }
    setBusy(true);
    try {
      const updated = await api.updateMe(patch);
      onSaved(updated);
    } catch (err) {
      setBusy(false);
      if (isApiError(err)) {
        setServerError(err);
        const f = err.field as FieldName | undefined;
        if (f && f in refs) refs[f].current?.focus();
      } else {
        setGenericError(errorMessage(err));
      }
    }
  }

  const bad = (f: FieldName) => serverError?.field === f;
  const common = (f: FieldName) => ({
    name: f,
    label: LABELS[f],
    value: values[f],
    max: PROFILE_LIMITS[f].max,
    // The server's message is shown in the banner and again under its field.
    error: errors[f] ?? (bad(f) ? serverError?.message : undefined),
    invalid: bad(f),
  });

  return (
    <dialog
      ref={dialogRef}
      className="dialog"
      aria-labelledby={titleId}
      data-testid="edit-profile-dialog"
      onCancel={(e) => {
        // Escape key: close through React state so the URL follows.
        e.preventDefault();
        if (!busy) onClose();
      }}
    >
      <form noValidate onSubmit={onSubmit} className="dialog__form" data-testid="edit-profile-form">
        <header className="dialog__header">
          <h2 id={titleId}>Edit intro</h2>
          <button
            type="button"
            className="icon-btn"
            aria-label="Close"
            onClick={onClose}
            disabled={busy}
            data-testid="edit-close"
          >
            <span aria-hidden="true">×</span>
          </button>
        </header>
        <div className="dialog__body">
          <FormError id={errorId} message={serverError?.message ?? genericError} />
          <p className="muted dialog__note">* Indicates required</p>
          <div className="field-row">
            <TextField
              ref={refs.first_name as RefObject<HTMLInputElement>}
              {...common('first_name')}
              label="First name *"
              autoComplete="given-name"
              required
              onChange={(e) => set('first_name', e.target.value)}
              data-testid="edit-first-name"
            />
            <TextField
              ref={refs.last_name as RefObject<HTMLInputElement>}
              {...common('last_name')}
              label="Last name *"
              autoComplete="family-name"
              required
              onChange={(e) => set('last_name', e.target.value)}
              data-testid="edit-last-name"
            />
          </div>
          <TextField
            ref={refs.headline as RefObject<HTMLInputElement>}
            {...common('headline')}
            placeholder="e.g. Backend engineer at Acme · Databases & search"
            onChange={(e) => set('headline', e.target.value)}
            data-testid="edit-headline"
          />
          <TypeaheadField
            ref={refs.location as RefObject<HTMLInputElement>}
            {...common('location')}
            placeholder="e.g. Utrecht, Netherlands"
            suggest={placeSuggestions}
            onChange={(v) => set('location', v)}
            testId="edit-location"
          />
          <TextField
            ref={refs.industry as RefObject<HTMLInputElement>}
            {...common('industry')}
            placeholder="e.g. Banking, Healthcare, Software"
            onChange={(e) => set('industry', e.target.value)}
            data-testid="edit-industry"
          />
          <TextArea
            ref={refs.about as RefObject<HTMLTextAreaElement>}
            {...common('about')}
            rows={7}
            placeholder="What do you work on? What are you looking for?"
            onChange={(e) => set('about', e.target.value)}
            data-testid="edit-about"
          />
        </div>
        <footer className="dialog__footer">
          <button
            type="button"
            className="btn btn--ghost"
            onClick={onClose}
            disabled={busy}
            data-testid="edit-cancel"
          >
            Cancel
          </button>
          <button type="submit" className="btn btn--primary" disabled={busy} data-testid="edit-save">
            {busy ? 'Saving…' : 'Save'}
          </button>
        </footer>
      </form>
    </dialog>
  );
}
