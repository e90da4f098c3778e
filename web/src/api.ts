// The one module that talks to the Kring HTTP API.
//
// - Every request is same-origin JSON under /api/v1 and carries the session
//   cookie (credentials: 'same-origin').
// - The CSRF token handed out by signup, login and session is kept here and
//   sent as `X-CSRF-Token` on every state-changing request.
// - Any non-2xx answer becomes an `ApiError` built from the server's
//   `{"error":{"code","message","field"?}}` body.

export interface Member {
  id: string | number;
  handle: string;
  first_name: string;
  last_name: string;
  headline: string;
  about: string;
  location: string;
  created_at: string | number;
}

export interface SessionBody {
  member: Member;
  csrf_token: string;
}

/** Fields a member can change on their own profile. */
export type ProfilePatch = Partial<
  Pick<Member, 'first_name' | 'last_name' | 'headline' | 'about' | 'location'>
>;

export class ApiError extends Error {
  readonly status: number;
  readonly code: string;
  readonly field?: string;

  constructor(status: number, code: string, message: string, field?: string) {
    super(message);
    this.name = 'ApiError';
    this.status = status;
    this.code = code;
    if (field) this.field = field;
  }
}

export function isApiError(err: unknown): err is ApiError {
  return err instanceof ApiError;
}

/** A user-facing sentence for any error thrown by this module (or anything else). */
export function errorMessage(err: unknown): string {
  if (isApiError(err)) return err.message;
  return 'Something went wrong. Please try again.';
}

const API_BASE = '/api/v1';
const UNSAFE_METHODS = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

let csrfToken: string | null = null;

export function setCsrfToken(token: string | null): void {
  csrfToken = token;
}

export function getCsrfToken(): string | null {
  return csrfToken;
}

const FALLBACK_MESSAGES: Record<number, string> = {
  400: 'The request was not valid.',
  401: 'Please log in to continue.',
  403: 'You are not allowed to do that.',
  404: 'Not found.',
  409: 'That conflicts with existing data.',
  429: 'Too many attempts. Please wait a moment and try again.',
};

async function parseError(res: Response): Promise<ApiError> {
  let body: unknown = null;
  try {
    body = await res.json();
  } catch {
    // Not JSON (e.g. a proxy error page); fall through to a generic message.
  }
  const e =
    body && typeof body === 'object' && 'error' in body
      ? (body as { error?: unknown }).error
      : null;
  if (e && typeof e === 'object') {
    const { code, message, field } = e as Record<string, unknown>;
    return new ApiError(
      res.status,
      typeof code === 'string' ? code : `http_${res.status}`,
      typeof message === 'string' && message
        ? message
        : FALLBACK_MESSAGES[res.status] ?? 'Something went wrong. Please try again.',
      typeof field === 'string' && field ? field : undefined,
    );
  }
  return new ApiError(
    res.status,
    `http_${res.status}`,
    FALLBACK_MESSAGES[res.status] ??
      (res.status >= 500
        ? 'Kring is having trouble right now. Please try again shortly.'
        : 'Something went wrong. Please try again.'),
  );
}

export async function request<T>(method: string, path: string, body?: unknown): Promise<T> {
  const headers: Record<string, string> = { Accept: 'application/json' };
  if (body !== undefined) headers['Content-Type'] = 'application/json';
  if (UNSAFE_METHODS.has(method) && csrfToken) headers['X-CSRF-Token'] = csrfToken;

  let res: Response;
  try {
    res = await fetch(API_BASE + path, {
      method,
      headers,
      body: body === undefined ? undefined : JSON.stringify(body),
      credentials: 'same-origin',
      cache: 'no-store',
    });
  } catch {
    throw new ApiError(
      0,
      'network_error',
      "Can't reach Kring. Check your connection and try again.",
    );
  }

  if (!res.ok) throw await parseError(res);
  if (res.status === 204) return undefined as T;
  const text = await res.text();
  if (!text) return undefined as T;
  try {
    return JSON.parse(text) as T;
  } catch {
    throw new ApiError(res.status, 'bad_response', 'Kring sent an unexpected response.');
  }
}

function remember(body: SessionBody): SessionBody {
  setCsrfToken(body.csrf_token);
  return body;
}

export const api = {
  /** Current session, or null when not logged in. */
  async session(): Promise<SessionBody | null> {
    try {
      return remember(await request<SessionBody>('GET', '/auth/session'));
    } catch (err) {
      if (isApiError(err) && err.status === 401) {
        setCsrfToken(null);
        return null;
      }
      throw err;
    }
  },

  async signup(input: {
    email: string;
    password: string;
    first_name: string;
    last_name: string;
  }): Promise<SessionBody> {
    return remember(await request<SessionBody>('POST', '/auth/signup', input));
  },

  async login(input: { email: string; password: string }): Promise<SessionBody> {
    return remember(await request<SessionBody>('POST', '/auth/login', input));
  },

  async logout(): Promise<void> {
    try {
      await request<void>('POST', '/auth/logout');
    } finally {
      setCsrfToken(null);
    }
  },

  /** A member by handle; pass 'me' for the logged-in member. */
  async member(handle: string): Promise<Member> {
    const body = await request<{ member: Member }>(
      'GET',
      `/members/${encodeURIComponent(handle)}`,
    );
    return body.member;
  },

  async updateMe(patch: ProfilePatch): Promise<Member> {
    const body = await request<{ member: Member }>('PATCH', '/members/me', patch);
    return body.member;
  },
};
