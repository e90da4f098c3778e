// /settings — settings and privacy:
//
// - Profile visibility: who may see each section (GET/PUT /members/me/visibility).
// - Profile viewing: how you appear on the profiles you view, and whether your
//   connections list is hidden (GET/PATCH /members/me/settings; where that is
//   missing, hide_connections falls back to /network/settings).
// - Your data: import a LinkedIn export ZIP or a JSON Resume, download your
//   JSON Resume or everything (ZIP).
// - Delete account: confirmed with the password (DELETE /members/me), then
//   logged out and back on the landing page.
import { useEffect, useId, useRef, useState, type FormEvent, type ReactNode } from 'react';
import {
  api,
  errorMessage,
  isApiError,
  type ImportResult,
  type Member,
  type ProfileViewMode,
  type VisibilityLevel,
  type VisibilityMap,
} from '../api';
import { CheckboxField, FormError, SelectField, TextField } from '../components/Field';
import { InlineError, LiveStatus } from '../components/Notice';
import { plural, useAction } from '../network';
import { fieldFor, SECTIONS, VIEW_MODES, VISIBILITY_LEVELS } from '../profile';
import { Link, navigate } from '../router';
import { useSession } from '../session';
import { useDocumentTitle } from '../util';

export function SettingsPage({ me }: { me: Member }) {
  useDocumentTitle('Settings');
  return (
    <div className="page settings" data-testid="settings-page">
      <h1 className="settings__title">Settings and privacy</h1>
      <VisibilityCard />
      <PrivacyCard />
      <YourDataCard me={me} />
      <DeleteAccountCard />
    </div>
  );
}

function Card({
  title,
  testId,
  intro,
  children,
  danger = false,
}: {
  title: string;
  testId: string;
  intro?: ReactNode;
  children: ReactNode;
  danger?: boolean;
}) {
  const id = useId();
  return (
    <section className={`card section${danger ? ' section--danger' : ''}`} aria-labelledby={id} data-testid={testId}>
      <div className="section__head">
        <h2 id={id} className="section__title">
          {title}
        </h2>
      </div>
      {intro && <p className="muted">{intro}</p>}
      {children}
    </section>
  );
}

// ---------- Profile visibility ----------

function VisibilityCard() {
  const [initial, setInitial] = useState<VisibilityMap | null>(null);
  const [values, setValues] = useState<VisibilityMap>({});
  const [loadError, setLoadError] = useState<string | null>(null);
  const [attempt, setAttempt] = useState(0);
  const [serverError, setServerError] = useState<{ message: string; field?: string } | null>(null);
  const [status, setStatus] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const selects = useRef(new Map<string, HTMLSelectElement | null>());
  const errorId = useId();

  useEffect(() => {
    let cancelled = false;
    setLoadError(null);
    api.visibility().then(
      (v) => {
        if (cancelled) return;
        setInitial(v);
        setValues(v);
      },
      (err) => !cancelled && setLoadError(errorMessage(err)),
    );
    return () => {
      cancelled = true;
    };
  }, [attempt]);

  const keys = SECTIONS.map((s) => s.key);
  const badKey = serverError ? fieldFor(serverError.field, 'visibility', keys) : null;

  async function onSubmit(ev: FormEvent) {
    ev.preventDefault();
    if (busy || !initial) return;
    setServerError(null);
    setStatus(null);
    const changes: VisibilityMap = {};
    for (const k of keys) if (values[k] && values[k] !== initial[k]) changes[k] = values[k];
    if (Object.keys(changes).length === 0) {
      setStatus('Nothing changed.');
      return;
    }
    setBusy(true);
    try {
      const saved = await api.setVisibility(changes);
      setInitial(saved);
      setValues(saved);
      setStatus('Visibility saved.');
    } catch (err) {
      const field = isApiError(err) ? err.field : undefined;
      setServerError({ message: errorMessage(err), field });
      const k = fieldFor(field, 'visibility', keys);
      if (k) selects.current.get(k)?.focus();
    } finally {
      setBusy(false);
    }
  }

  return (
    <Card
      title="Profile visibility"
      testId="settings-visibility"
      intro="Choose who can see each part of your profile. Your name, headline and photo are always visible."
    >
      {loadError ? (
        <>
          <InlineError message={loadError} />
          <button type="button" className="btn btn--ghost" onClick={() => setAttempt((n) => n + 1)}>
            Try again
          </button>
        </>
      ) : !initial ? (
        <p className="muted" aria-busy="true">
          Loading…
        </p>
      ) : (
        <form noValidate onSubmit={onSubmit}>
          <FormError id={errorId} message={serverError?.message ?? null} />
          <ul className="visibility-legend muted small">
            {VISIBILITY_LEVELS.map((l) => (
              <li key={l.value}>
                <strong>{l.label}</strong>: {l.hint.charAt(0).toLowerCase() + l.hint.slice(1)}
              </li>
            ))}
          </ul>
          <div className="visibility-grid">
            {SECTIONS.map((s) => (
              <SelectField
                key={s.key}
                ref={(el) => {
                  selects.current.set(s.key, el);
                }}
                label={s.label}
                value={values[s.key] ?? 'public'}
                error={badKey === s.key ? serverError?.message : undefined}
                invalid={badKey === s.key}
                onChange={(e) => {
                  setValues((v) => ({ ...v, [s.key]: e.target.value as VisibilityLevel }));
                  setStatus(null);
                  if (badKey === s.key) setServerError(null);
                }}
                data-testid={`visibility-${s.key}`}
              >
                {VISIBILITY_LEVELS.map((l) => (
                  <option key={l.value} value={l.value}>
                    {l.label}
                  </option>
                ))}
              </SelectField>
            ))}
          </div>
          <div className="form-actions">
            <button type="submit" className="btn btn--primary" disabled={busy} data-testid="visibility-save">
              {busy ? 'Saving…' : 'Save visibility'}
            </button>
          </div>
          <LiveStatus message={status} testId="visibility-status" />
        </form>
      )}
    </Card>
  );
}

// ---------- Profile viewing and the connections list ----------

function PrivacyCard() {
  const [mode, setMode] = useState<ProfileViewMode>('name');
  const [hide, setHide] = useState(false);
  const [loaded, setLoaded] = useState(false);
  // The server has no /members/me/settings yet: only hide_connections, through /network/settings.
  const [legacy, setLegacy] = useState(false);
  const [loadError, setLoadError] = useState<string | null>(null);
  const [attempt, setAttempt] = useState(0);
  const [status, setStatus] = useState<string | null>(null);
  const action = useAction();
  const name = useId();
  const errorId = useId();

  useEffect(() => {
    let cancelled = false;
    setLoadError(null);
    (async () => {
      try {
        const s = await api.settings();
        if (cancelled) return;
        setMode(s.profile_view_mode ?? 'name');
        setHide(Boolean(s.hide_connections));
        setLegacy(false);
        setLoaded(true);
      } catch (err) {
        if (cancelled) return;
        if (isApiError(err) && err.status === 404) {
          try {
            const n = await api.networkSettings();
            if (cancelled) return;
            setHide(Boolean(n.hide_connections));
            setLegacy(true);
            setLoaded(true);
            return;
          } catch (err2) {
            if (!cancelled) setLoadError(errorMessage(err2));
            return;
          }
        }
        setLoadError(errorMessage(err));
      }
    })();
    return () => {
      cancelled = true;
    };
  }, [attempt]);

  async function onSubmit(ev: FormEvent) {
    ev.preventDefault();
    if (action.busy) return;
    setStatus(null);
    const r = await action.run(async () => {
      if (legacy) {
        const n = await api.updateNetworkSettings({ hide_connections: hide });
        return { profile_view_mode: mode, hide_connections: n.hide_connections };
      }
      return api.updateSettings({ profile_view_mode: mode, hide_connections: hide });
    });
    if (r.ok) {
      setMode(r.value.profile_view_mode ?? mode);
      setHide(Boolean(r.value.hide_connections));
      setStatus('Privacy settings saved.');
    }
  }

  return (
    <Card title="Profile viewing and connections" testId="settings-privacy">
      {loadError ? (
        <>
          <InlineError message={loadError} />
          <button type="button" className="btn btn--ghost" onClick={() => setAttempt((n) => n + 1)}>
            Try again
          </button>
        </>
      ) : !loaded ? (
        <p className="muted" aria-busy="true">
          Loading…
        </p>
      ) : (
        <form noValidate onSubmit={onSubmit}>
          <FormError id={errorId} message={action.error} />
          <fieldset className="field field--group" disabled={legacy}>
            <legend className="field__label">When you view someone's profile, they see</legend>
            {legacy && (
              <p className="muted small" data-testid="view-mode-unavailable">
                Choosing this is not available on this server yet.
              </p>
            )}
            {VIEW_MODES.map((m) => (
              <div key={m.value} className="field field--check">
                <input
                  id={`${name}-${m.value}`}
                  type="radio"
                  name={name}
                  className="field__check"
                  checked={mode === m.value}
                  onChange={() => {
                    setMode(m.value);
                    setStatus(null);
                  }}
                  aria-describedby={`${name}-${m.value}-hint`}
                  data-testid={`view-mode-${m.value}`}
                />
                <label htmlFor={`${name}-${m.value}`} className="field__check-label">
                  {m.label}
                  <span id={`${name}-${m.value}-hint`} className="field__hint field__check-hint">
                    {m.hint}
                  </span>
                </label>
              </div>
            ))}
          </fieldset>
          <CheckboxField
            label="Hide my connections list"
            hint="Your connections can no longer browse your list of connections. Shared connections are still shown."
            checked={hide}
            onChange={(e) => {
              setHide(e.target.checked);
              setStatus(null);
            }}
            data-testid="settings-hide-connections"
          />
          <div className="form-actions">
            <button type="submit" className="btn btn--primary" disabled={action.busy} data-testid="privacy-save">
              {action.busy ? 'Saving…' : 'Save'}
            </button>
          </div>
          <LiveStatus message={status} testId="privacy-status" />
        </form>
      )}
    </Card>
  );
}

// ---------- Your data ----------

const MAX_IMPORT_BYTES = 50 * 1024 * 1024;

const IMPORTED: Record<string, [string, string]> = {
  positions: ['position', 'positions'],
  education: ['education entry', 'education entries'],
  skills: ['skill', 'skills'],
  languages: ['language', 'languages'],
  certifications: ['certification', 'certifications'],
  connections: ['LinkedIn connection who is on Kring', 'LinkedIn connections who are on Kring'],
};

function ImportSummary({ result, testId }: { result: ImportResult; testId: string }) {
  // In profile order; kinds this page doesn't know go last.
  const order = ['profile', 'positions', 'education', 'skills', 'languages', 'certifications', 'connections'];
  const rank = (k: string) => (order.includes(k) ? order.indexOf(k) : order.length);
  const entries = Object.entries(result.imported ?? {}).sort(([a], [b]) => rank(a) - rank(b));
  const skipped = result.skipped ?? [];
  return (
    <div className="import-result" data-testid={testId} role="status">
      <p className="import-result__head">
        <strong>Import finished.</strong>
      </p>
      <ul className="plain-list">
        {entries.map(([kind, value]) => {
          if (typeof value === 'boolean') {
            return (
              <li key={kind} data-testid="import-count" data-kind={kind} data-value={String(value)}>
                {kind === 'profile'
                  ? value
                    ? 'Your name, headline, location and summary were updated.'
                    : 'Your name, headline and summary were left as they were.'
                  : `${kind}: ${value ? 'yes' : 'no'}`}
              </li>
            );
          }
          const n = typeof value === 'number' ? value : 0;
          const [one, many] = IMPORTED[kind] ?? [kind.replace(/_/g, ' '), kind.replace(/_/g, ' ')];
          return (
            <li key={kind} data-testid="import-count" data-kind={kind} data-value={String(n)}>
              {kind === 'connections'
                ? `${plural(n, one, many)} (suggested to you, not connected)`
                : `${plural(n, one, many)} imported`}
            </li>
          );
        })}
      </ul>
      {skipped.length > 0 && (
        <details className="import-result__skipped" data-testid="import-skipped">
          <summary>
            {plural(skipped.length, 'row')} skipped
          </summary>
          <ul className="plain-list">
            {skipped.map((s, i) => (
              <li key={`${s.file}-${s.line}-${i}`} data-testid="import-skipped-row">
                <code>{s.file}</code>
                {s.line !== null && s.line !== undefined && <>, line {s.line}</>}: {s.reason}
              </li>
            ))}
          </ul>
        </details>
      )}
      <p>
        <Link to="/in/me" data-testid="import-view-profile">
          View your profile
        </Link>
      </p>
    </div>
  );
}

function saveBlob(blob: Blob, filename: string) {
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = filename;
  a.rel = 'noopener';
  document.body.appendChild(a);
  a.click();
  a.remove();
  window.setTimeout(() => URL.revokeObjectURL(url), 60_000);
}

function ImportForm({
  title,
  text,
  accept,
  testId,
  run,
  check,
}: {
  title: string;
  text: ReactNode;
  accept: string;
  testId: string;
  run: (file: File) => Promise<ImportResult>;
  /** A message when the chosen file can't be right. */
  check: (file: File) => string | null;
}) {
  const { updateMe } = useSession();
  const [file, setFile] = useState<File | null>(null);
  const [fileError, setFileError] = useState<string | null>(null);
  const [result, setResult] = useState<ImportResult | null>(null);
  const action = useAction();
  const inputRef = useRef<HTMLInputElement>(null);
  const id = useId();

  async function onSubmit(ev: FormEvent) {
    ev.preventDefault();
    if (action.busy) return;
    setResult(null);
    if (!file) {
      setFileError('Choose a file first.');
      inputRef.current?.focus();
      return;
    }
    const bad = check(file);
    if (bad) {
      setFileError(bad);
      inputRef.current?.focus();
      return;
    }
    setFileError(null);
    const r = await action.run(() => run(file));
    if (r.ok) {
      setResult(r.value);
      // The import may have changed your name and headline.
      api.member('me').then(updateMe, () => {});
    }
  }

  return (
    <form noValidate onSubmit={onSubmit} className="data-block" data-testid={testId}>
      <h3 className="data-block__title">{title}</h3>
      <p className="muted small">{text}</p>
      <div className={`field${fileError ? ' field--invalid' : ''}`}>
        <label className="field__label" htmlFor={id}>
          File
        </label>
        <input
          ref={inputRef}
          id={id}
          type="file"
          accept={accept}
          className="field__file"
          aria-invalid={fileError ? true : undefined}
          aria-describedby={`${id}-meta`}
          onChange={(e) => {
            setFile(e.target.files?.[0] ?? null);
            setFileError(null);
            setResult(null);
            action.setError(null);
          }}
          data-testid={`${testId}-file`}
        />
        <div className="field__meta">
          <span id={`${id}-meta`} className={fileError ? 'field__error' : 'field__hint'}>
            {fileError ?? 'At most 50 MB.'}
          </span>
        </div>
      </div>
      <button type="submit" className="btn btn--secondary" disabled={action.busy} data-testid={`${testId}-submit`}>
        {action.busy ? 'Importing…' : 'Import'}
      </button>
      <InlineError message={action.error} testId={`${testId}-error`} />
      {result && <ImportSummary result={result} testId={`${testId}-result`} />}
    </form>
  );
}

function YourDataCard({ me }: { me: Member }) {
  const resume = useAction();
  const everything = useAction();
  const [status, setStatus] = useState<string | null>(null);

  async function download(
    action: ReturnType<typeof useAction>,
    fetchFile: () => Promise<{ blob: Blob; filename: string }>,
  ) {
    setStatus(null);
    const r = await action.run(fetchFile);
    if (r.ok) {
      saveBlob(r.value.blob, r.value.filename);
      setStatus(`Downloaded ${r.value.filename}.`);
    }
  }

  return (
    <Card title="Your data" testId="settings-data" intro="Bring your profile with you, and take everything with you when you go.">
      <ImportForm
        title="Import from LinkedIn"
        testId="import-linkedin"
        accept=".zip,application/zip"
        text={
          <>
            In LinkedIn, go to Settings → Data privacy → Get a copy of your data, and upload the ZIP file it sends you.
            Positions, education, skills, languages and certifications are added to your profile; LinkedIn connections
            who are on Kring are suggested to you.
          </>
        }
        check={(f) =>
          f.size > MAX_IMPORT_BYTES
            ? 'The file is larger than 50 MB.'
            : !/\.zip$/i.test(f.name) && f.type !== 'application/zip' && f.type !== 'application/x-zip-compressed'
              ? 'Choose the ZIP file from LinkedIn.'
              : null
        }
        run={(f) => api.importLinkedIn(f)}
      />
      <ImportForm
        title="Import a JSON Resume"
        testId="import-json-resume"
        accept=".json,application/json"
        text={
          <>
            A <code>resume.json</code> in the{' '}
            <a href="https://jsonresume.org/schema" target="_blank" rel="noopener noreferrer">
              JSON Resume format
            </a>
            .
          </>
        }
        check={(f) => (f.size > MAX_IMPORT_BYTES ? 'The file is larger than 50 MB.' : null)}
        run={(f) => api.importJsonResume(f)}
      />
      <div className="data-block" data-testid="export">
        <h3 className="data-block__title">Download your data</h3>
        <p className="muted small">
          Your profile as a JSON Resume, or everything you created or received on Kring as a ZIP file (profile,
          connections, positions, …) for {me.first_name || 'you'}.
        </p>
        <div className="form-actions form-actions--start">
          <button
            type="button"
            className="btn btn--secondary"
            disabled={resume.busy}
            onClick={() => download(resume, api.exportJsonResume)}
            data-testid="export-json-resume"
          >
            {resume.busy ? 'Preparing…' : 'Download JSON Resume'}
          </button>
          <button
            type="button"
            className="btn btn--secondary"
            disabled={everything.busy}
            onClick={() => download(everything, api.exportAll)}
            data-testid="export-all"
          >
            {everything.busy ? 'Preparing…' : 'Download all your data'}
          </button>
        </div>
        <InlineError message={resume.error ?? everything.error} testId="export-error" />
        <LiveStatus message={status} testId="export-status" />
      </div>
    </Card>
  );
}

// ---------- Delete account ----------

function DeleteAccountCard() {
  const [open, setOpen] = useState(false);
  return (
    <Card
      title="Delete account"
      testId="settings-delete"
      danger
      intro="Your profile, connections, invitations, endorsements and everything else you created are erased at once. This can't be undone; download your data first if you want to keep it."
    >
      <button type="button" className="btn btn--danger" onClick={() => setOpen(true)} data-testid="delete-account">
        Delete account
      </button>
      {open && <DeleteAccountDialog onClose={() => setOpen(false)} />}
    </Card>
  );
}

function DeleteAccountDialog({ onClose }: { onClose: () => void }) {
  const { logout } = useSession();
  const dialogRef = useRef<HTMLDialogElement>(null);
  const passwordRef = useRef<HTMLInputElement>(null);
  const titleId = useId();
  const textId = useId();
  const errorId = useId();
  const [password, setPassword] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [fieldError, setFieldError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    const dialog = dialogRef.current;
    if (dialog && !dialog.open) dialog.showModal();
    passwordRef.current?.focus();
    return () => dialog?.close();
  }, []);

  async function onSubmit(ev: FormEvent) {
    ev.preventDefault();
    if (busy) return;
    setError(null);
    if (!password) {
      setFieldError('Enter your password to confirm.');
      passwordRef.current?.focus();
      return;
    }
    setFieldError(null);
    setBusy(true);
    try {
      await api.deleteAccount(password);
    } catch (err) {
      setBusy(false);
      setError(errorMessage(err));
      // A wrong password (401/403) belongs to the password field.
      if (isApiError(err) && (err.status === 401 || err.status === 403 || err.field === 'password')) {
        setFieldError(errorMessage(err));
        passwordRef.current?.select();
      }
      return;
    }
    // The account is gone, and its session with it.
    try {
      await logout();
    } catch {
      // Forgotten locally either way.
    }
    navigate('/', { replace: true });
  }

  return (
    <dialog
      ref={dialogRef}
      className="dialog dialog--small"
      role="alertdialog"
      aria-labelledby={titleId}
      aria-describedby={textId}
      data-testid="delete-account-dialog"
      onCancel={(e) => {
        e.preventDefault();
        if (!busy) onClose();
      }}
    >
      <form noValidate onSubmit={onSubmit} className="dialog__form">
        <header className="dialog__header">
          <h2 id={titleId}>Delete your account?</h2>
        </header>
        <div className="dialog__body">
          <FormError id={errorId} message={error} />
          <p id={textId}>Everything is erased right away and can't be restored. Enter your password to confirm.</p>
          <TextField
            ref={passwordRef}
            label="Password"
            type="password"
            autoComplete="current-password"
            value={password}
            error={fieldError}
            describedBy={errorId}
            onChange={(e) => {
              setPassword(e.target.value);
              setFieldError(null);
            }}
            data-testid="delete-password"
          />
        </div>
        <footer className="dialog__footer">
          <button type="button" className="btn btn--ghost" onClick={onClose} disabled={busy} data-testid="delete-cancel">
            Cancel
          </button>
          <button type="submit" className="btn btn--danger" disabled={busy} data-testid="delete-confirm">
            {busy ? 'Deleting…' : 'Delete my account'}
          </button>
        </footer>
      </form>
    </dialog>
  );
}
