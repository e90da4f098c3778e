// Who is logged in. Loaded once from GET /auth/session when the app starts,
// then updated by signup, login, logout and profile edits.
import {
  createContext,
  useCallback,
  useContext,
  useEffect,
  useMemo,
  useState,
  type ReactNode,
} from 'react';
import { api, errorMessage, type Member, type SessionBody } from './api';

export type SessionState =
  | { status: 'loading' }
  | { status: 'error'; message: string }
  | { status: 'anonymous' }
  | { status: 'member'; member: Member };

interface SessionApi {
  state: SessionState;
  /** The logged-in member, or null (also while loading). */
  me: Member | null;
  /** Store a session returned by signup or login. */
  signedIn(body: SessionBody): void;
  /** Replace the stored member after a profile edit. */
  updateMe(member: Member): void;
  logout(): Promise<void>;
  reload(): void;
}

const SessionContext = createContext<SessionApi | null>(null);

export function SessionProvider({ children }: { children: ReactNode }) {
  const [state, setState] = useState<SessionState>({ status: 'loading' });
  const [attempt, setAttempt] = useState(0);

  useEffect(() => {
    let cancelled = false;
    api.session().then(
      (body) => {
        if (cancelled) return;
        setState(body ? { status: 'member', member: body.member } : { status: 'anonymous' });
      },
      (err) => {
        if (!cancelled) setState({ status: 'error', message: errorMessage(err) });
      },
    );
    return () => {
      cancelled = true;
    };
  }, [attempt]);

  const signedIn = useCallback((body: SessionBody) => {
    setState({ status: 'member', member: body.member });
  }, []);

  const updateMe = useCallback((member: Member) => {
    setState((s) => (s.status === 'member' ? { status: 'member', member } : s));
  }, []);

  const logout = useCallback(async () => {
    try {
      await api.logout();
    } finally {
      // Even if the server call failed, forget the member locally.
      setState({ status: 'anonymous' });
    }
  }, []);

  const reload = useCallback(() => {
    setState({ status: 'loading' });
    setAttempt((n) => n + 1);
  }, []);

  const value = useMemo<SessionApi>(
    () => ({
      state,
      me: state.status === 'member' ? state.member : null,
      signedIn,
      updateMe,
      logout,
      reload,
    }),
    [state, signedIn, updateMe, logout, reload],
  );

  return <SessionContext.Provider value={value}>{children}</SessionContext.Provider>;
}

export function useSession(): SessionApi {
  const ctx = useContext(SessionContext);
  if (!ctx) throw new Error('useSession must be used inside <SessionProvider>');
  return ctx;
}
