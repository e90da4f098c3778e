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

/** How far a member is from the viewer: 0 self, 1–3, null beyond 3 or for visitors. */
export type Degree = 0 | 1 | 2 | 3 | null;

/** A member as lists show them (connections, invitations, suggestions, …). */
export interface MemberCard {
  id: string | number;
  handle: string;
  first_name: string;
  last_name: string;
  headline: string;
  location: string;
  degree: Degree;
}

/** The viewer's relationship with a member (GET /members/{handle}, logged in, not yourself). */
export interface Relationship {
  connected: boolean;
  connected_at: string | null;
  invitation: null | { id: string | number; direction: 'sent' | 'received'; note: string };
  following: boolean;
  blocked: boolean;
  mutual_count: number;
}

/** A member's network counts, shown to everyone. */
export interface NetworkCounts {
  connections: number;
  followers: number;
  introductions_made: number;
  introductions_asked: number;
}

/** GET /members/{handle}: the member plus the network fields. */
export interface MemberProfile extends Member {
  degree?: Degree;
  relationship?: Relationship;
  network?: NetworkCounts;
}

export type InvitationStatus = 'pending' | 'accepted' | 'ignored' | 'withdrawn';

export interface Invitation {
  id: string | number;
  from: MemberCard;
  to: MemberCard;
  note: string;
  status: InvitationStatus;
  created_at: string | number;
  responded_at: string | number | null;
}

export interface InvitationLimit {
  limit: number;
  used: number;
  remaining: number;
  window_days: number;
  /** Seconds until another invitation can be sent, when none are left. */
  retry_after?: number;
  /** Why the limit is lower than usual, when it is. */
  reason?: string;
}

export interface Page<T> {
  items: T[];
  next_cursor: string | null;
}

export interface Connection {
  member: MemberCard;
  connected_at: string | number;
}

export interface PathAnswer {
  distance: number | null;
  path: string[];
  members: MemberCard[];
}

export interface NetworkSize {
  first_degree: number;
  second_degree: number;
}

/** One reason behind a suggestion. `value` and `detail` depend on the factor. */
export interface WhyFactor {
  factor: string;
  value?: unknown;
  detail?: unknown;
}

export interface Suggestion {
  member: MemberCard;
  score: number;
  why: WhyFactor[];
}

export type IntroductionStatus =
  | 'pending'
  | 'forwarded'
  | 'declined'
  | 'accepted'
  | 'rejected'
  | 'withdrawn';

export interface Introduction {
  id: string | number;
  requester: MemberCard;
  intermediary: MemberCard;
  target: MemberCard;
  message: string;
  reply: string;
  status: IntroductionStatus;
  created_at: string | number;
  updated_at: string | number;
}

export type IntroductionRole = 'all' | 'requested' | 'intermediary' | 'target';

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

  /** A member with degree, relationship and network counts. */
  async profile(handle: string): Promise<MemberProfile> {
    const body = await request<{ member: MemberProfile }>('GET', `/members/${enc(handle)}`);
    return body.member;
  },

  // ---- Invitations ----

  /** Invite a member. Answers 200 with status "accepted" when they had invited you already. */
  async invite(to: string, note?: string): Promise<Invitation> {
    const body = await request<{ invitation: Invitation }>(
      'POST',
      '/invitations',
      note ? { to, note } : { to },
    );
    return body.invitation;
  },

  invitations(
    direction: 'received' | 'sent',
    opts: { limit?: number; cursor?: string | null } = {},
  ): Promise<Page<Invitation>> {
    return request('GET', `/invitations${qs({ direction, ...opts })}`);
  },

  invitationLimit(): Promise<InvitationLimit> {
    return request('GET', '/invitations/limit');
  },

  async acceptInvitation(id: string | number): Promise<Invitation> {
    const body = await request<{ invitation: Invitation }>(
      'POST',
      `/invitations/${enc(id)}/accept`,
    );
    return body.invitation;
  },

  async ignoreInvitation(id: string | number): Promise<Invitation> {
    const body = await request<{ invitation: Invitation }>(
      'POST',
      `/invitations/${enc(id)}/ignore`,
    );
    return body.invitation;
  },

  withdrawInvitation(id: string | number): Promise<void> {
    return request('DELETE', `/invitations/${enc(id)}`);
  },

  // ---- Connections and the graph ----

  removeConnection(handle: string): Promise<void> {
    return request('DELETE', `/connections/${enc(handle)}`);
  },

  connections(
    handle: string,
    opts: { limit?: number; cursor?: string | null; q?: string } = {},
  ): Promise<Page<Connection>> {
    return request('GET', `/members/${enc(handle)}/connections${qs(opts)}`);
  },

  mutualConnections(
    handle: string,
    opts: { limit?: number } = {},
  ): Promise<Page<{ member: MemberCard }> & { count: number }> {
    return request('GET', `/members/${enc(handle)}/mutual-connections${qs(opts)}`);
  },

  /** The shortest chain from `from` (usually 'me') to `to`. */
  path(from: string, to: string): Promise<PathAnswer> {
    return request('GET', `/members/${enc(from)}/path${qs({ to })}`);
  },

  networkSize(): Promise<NetworkSize> {
    return request('GET', '/network/size');
  },

  suggestions(opts: { limit?: number; cursor?: string | null } = {}): Promise<Page<Suggestion>> {
    return request('GET', `/network/suggestions${qs(opts)}`);
  },

  dismissSuggestion(handle: string): Promise<void> {
    return request('POST', `/network/suggestions/${enc(handle)}/dismiss`);
  },

  // ---- Follow and block ----

  async setFollowing(handle: string, follow: boolean): Promise<boolean> {
    const body = await request<{ following: boolean }>(
      follow ? 'PUT' : 'DELETE',
      `/members/${enc(handle)}/follow`,
    );
    return body?.following ?? follow;
  },

  async setBlocked(handle: string, block: boolean): Promise<boolean> {
    const body = await request<{ blocked: boolean }>(
      block ? 'PUT' : 'DELETE',
      `/members/${enc(handle)}/block`,
    );
    return body?.blocked ?? block;
  },

  blocked(opts: { limit?: number; cursor?: string | null } = {}): Promise<Page<{ member: MemberCard }>> {
    return request('GET', `/network/blocked${qs(opts)}`);
  },

  // ---- Introductions ----

  async askIntroduction(input: {
    target: string;
    via: string;
    message: string;
  }): Promise<Introduction> {
    const body = await request<{ introduction: Introduction }>('POST', '/introductions', input);
    return body.introduction;
  },

  introductions(
    role: IntroductionRole,
    opts: { limit?: number; cursor?: string | null } = {},
  ): Promise<Page<Introduction>> {
    return request('GET', `/introductions${qs({ role, ...opts })}`);
  },

  async introductionAction(
    id: string | number,
    action: 'forward' | 'decline' | 'accept' | 'reject',
    note?: string,
  ): Promise<Introduction> {
    const body = await request<{ introduction: Introduction }>(
      'POST',
      `/introductions/${enc(id)}/${action}`,
      action === 'forward' ? (note ? { note } : {}) : undefined,
    );
    return body.introduction;
  },

  withdrawIntroduction(id: string | number): Promise<void> {
    return request('DELETE', `/introductions/${enc(id)}`);
  },
};

function enc(part: string | number): string {
  return encodeURIComponent(String(part));
}

/** "?a=1&b=x" from the defined, non-empty values (or "" when there are none). */
function qs(params: Record<string, string | number | null | undefined>): string {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) {
    if (v !== undefined && v !== null && v !== '') q.set(k, String(v));
  }
  const s = q.toString();
  return s ? `?${s}` : '';
}
