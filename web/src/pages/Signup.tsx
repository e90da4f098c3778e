import { useId, useRef, useState, type FormEvent } from 'react';
import { api, ApiError, errorMessage, isApiError } from '../api';
import { FormError, TextField } from '../components/Field';
import { Link, navigate } from '../router';
import { useSession } from '../session';
import { charCount, useDocumentTitle } from '../util';

export const MIN_PASSWORD = 10;

type FieldName = 'first_name' | 'last_name' | 'email' | 'password';
const FIELD_ORDER: FieldName[] = ['first_name', 'last_name', 'email', 'password'];

export function SignupPage() {
  useDocumentTitle('Join Kring');
  const { signedIn } = useSession();
  const [values, setValues] = useState<Record<FieldName, string>>({
    first_name: '',
    last_name: '',
    email: '',
    password: '',
  });
  const [errors, setErrors] = useState<Partial<Record<FieldName, string>>>({});
  const [serverError, setServerError] = useState<ApiError | null>(null);
  const [genericError, setGenericError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [showPassword, setShowPassword] = useState(false);
  const errorId = useId();
  const refs = {
    first_name: useRef<HTMLInputElement>(null),
    last_name: useRef<HTMLInputElement>(null),
    email: useRef<HTMLInputElement>(null),
    password: useRef<HTMLInputElement>(null),
  };

  function set(name: FieldName, value: string) {
    setValues((v) => ({ ...v, [name]: value }));
    if (errors[name]) setErrors((e) => ({ ...e, [name]: undefined }));
    if (serverError?.field === name) setServerError(null);
  }

  function validate(): Partial<Record<FieldName, string>> {
    const e: Partial<Record<FieldName, string>> = {};
    if (!values.first_name.trim()) e.first_name = 'Enter your first name.';
    else if (charCount(values.first_name) > 100) e.first_name = 'Use at most 100 characters.';
    if (!values.last_name.trim()) e.last_name = 'Enter your last name.';
    else if (charCount(values.last_name) > 100) e.last_name = 'Use at most 100 characters.';
    if (!values.email.trim()) e.email = 'Enter your email address.';
    else if (!/^[^\s@]+@[^\s@]+$/.test(values.email.trim())) e.email = 'Enter a valid email address.';
    if (charCount(values.password) < MIN_PASSWORD)
      e.password = `Use at least ${MIN_PASSWORD} characters.`;
    return e;
  }

  async function onSubmit(ev: FormEvent) {
    ev.preventDefault();
    if (busy) return;
    setServerError(null);
    setGenericError(null);
    const e = validate();
    setErrors(e);
    const first = FIELD_ORDER.find((f) => e[f]);
    if (first) {
      refs[first].current?.focus();
      return;
    }
    setBusy(true);
    try {
      const body = await api.signup({
        email: values.email.trim(),
        password: values.password,
        first_name: values.first_name,
        last_name: values.last_name,
      });
      signedIn(body);
      navigate(`/in/${encodeURIComponent(body.member.handle)}`);
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
      <section className="card auth__card" aria-labelledby="signup-title">
        <h1 id="signup-title">Join Kring</h1>
        <p className="muted auth__sub">Make the most of your professional life.</p>
        <FormError id={errorId} message={serverError?.message ?? genericError} />
        <form noValidate onSubmit={onSubmit} data-testid="signup-form">
          <div className="field-row">
            <TextField
              ref={refs.first_name}
              label="First name"
              name="first_name"
              autoComplete="given-name"
              value={values.first_name}
              onChange={(e) => set('first_name', e.target.value)}
              error={errors.first_name ?? serverFieldError('first_name')}
              invalid={bad('first_name')}
              required
              data-testid="signup-first-name"
            />
            <TextField
              ref={refs.last_name}
              label="Last name"
              name="last_name"
              autoComplete="family-name"
              value={values.last_name}
              onChange={(e) => set('last_name', e.target.value)}
              error={errors.last_name ?? serverFieldError('last_name')}
              invalid={bad('last_name')}
              required
              data-testid="signup-last-name"
            />
          </div>
          <TextField
            ref={refs.email}
            label="Email"
            name="email"
            type="email"
            autoComplete="email"
            inputMode="email"
            value={values.email}
            onChange={(e) => set('email', e.target.value)}
            error={errors.email ?? serverFieldError('email')}
            invalid={bad('email')}
            required
            data-testid="signup-email"
          />
          <div className="password-field">
            <TextField
              ref={refs.password}
              label="Password"
              name="password"
              type={showPassword ? 'text' : 'password'}
              autoComplete="new-password"
              value={values.password}
              onChange={(e) => set('password', e.target.value)}
              hint={`At least ${MIN_PASSWORD} characters.`}
              error={errors.password ?? serverFieldError('password')}
              invalid={bad('password')}
              required
              data-testid="signup-password"
            />
            <button
              type="button"
              className="password-field__toggle"
              aria-pressed={showPassword}
              onClick={() => setShowPassword((s) => !s)}
            >
              {showPassword ? 'Hide' : 'Show'}
            </button>
          </div>
          <button
            type="submit"
            className="btn btn--primary btn--block btn--lg"
            disabled={busy}
            data-testid="signup-submit"
          >
            {busy ? 'Creating your account…' : 'Join Kring'}
          </button>
        </form>
        <p className="auth__switch">
          Already on Kring?{' '}
          <Link to="/login" data-testid="signup-to-login">
            Log in
          </Link>
        </p>
      </section>
    </div>
  );
}
