import { useId, useRef, useState, type FormEvent, type RefObject } from 'react';
import { api, ApiError, errorMessage, isApiError } from '../api';
import { FormError, TextField } from '../components/Field';
import { Link, navigate, safeNextPath } from '../router';
import { useSession } from '../session';
import { useDocumentTitle } from '../util';

type FieldName = 'email' | 'password';

export function LoginPage({ next }: { next: string | null }) {
  useDocumentTitle('Log in');
  const { signedIn } = useSession();
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [errors, setErrors] = useState<Partial<Record<FieldName, string>>>({});
  const [serverError, setServerError] = useState<ApiError | null>(null);
  const [genericError, setGenericError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const errorId = useId();
  const emailRef = useRef<HTMLInputElement>(null);
  const passwordRef = useRef<HTMLInputElement>(null);
  const refs: Record<FieldName, RefObject<HTMLInputElement | null>> = {
    email: emailRef,
    password: passwordRef,
  };

  async function onSubmit(ev: FormEvent) {
    ev.preventDefault();
    if (busy) return;
    setServerError(null);
    setGenericError(null);
    const e: Partial<Record<FieldName, string>> = {};
    if (!email.trim()) e.email = 'Enter your email address.';
    if (!password) e.password = 'Enter your password.';
    setErrors(e);
    if (e.email || e.password) {
      (e.email ? emailRef : passwordRef).current?.focus();
      return;
    }
    setBusy(true);
    try {
      const body = await api.login({ email: email.trim(), password });
      signedIn(body);
      navigate(safeNextPath(next) ?? '/');
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
  // The server's message is shown in the banner and again under its field.
  const serverFieldError = (f: FieldName) => (bad(f) ? serverError?.message : undefined);

  return (
    <div className="auth">
      <section className="card auth__card" aria-labelledby="login-title">
        <h1 id="login-title">Log in</h1>
        <p className="muted auth__sub">Stay in touch with your professional world.</p>
        <FormError id={errorId} message={serverError?.message ?? genericError} />
        <form noValidate onSubmit={onSubmit} data-testid="login-form">
          <TextField
            ref={emailRef}
            label="Email"
            name="email"
            type="email"
            autoComplete="username"
            inputMode="email"
            value={email}
            onChange={(e) => {
              setEmail(e.target.value);
              if (errors.email) setErrors((x) => ({ ...x, email: undefined }));
              if (serverError?.field === 'email') setServerError(null);
            }}
            error={errors.email ?? serverFieldError('email')}
            invalid={bad('email')}
            required
            data-testid="login-email"
          />
          <TextField
            ref={passwordRef}
            label="Password"
            name="password"
            type="password"
            autoComplete="current-password"
            value={password}
            onChange={(e) => {
              setPassword(e.target.value);
              if (errors.password) setErrors((x) => ({ ...x, password: undefined }));
              if (serverError?.field === 'password') setServerError(null);
            }}
            error={errors.password ?? serverFieldError('password')}
            invalid={bad('password')}
            required
            data-testid="login-password"
          />
          <button
            type="submit"
            className="btn btn--primary btn--block btn--lg"
            disabled={busy}
            data-testid="login-submit"
          >
            {busy ? 'Logging in…' : 'Log in'}
          </button>
        </form>
        <p className="auth__switch">
          New to Kring?{' '}
          <Link to="/signup" data-testid="login-to-signup">
            Join now
          </Link>
        </p>
      </section>
    </div>
  );
}
