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
  /** 1st-degree viewers: what an endorsement from you would record. */
  endorsement_basis?: { relationship: EndorsementRelationship; context: string | null } | null;
}

/** A member's network counts, shown to everyone. */
export interface NetworkCounts {
  connections: number;
  followers: number;
  introductions_made: number;
  introductions_asked: number;
}

/** GET /members/{handle}: the member plus the network fields and the profile sections. */
export interface MemberProfile extends Member {
  degree?: Degree;
  relationship?: Relationship;
  network?: NetworkCounts;
  city?: string;
  country?: string;
  country_code?: string;
  industry?: string;
  // Sections: a key is absent when the viewer may not see it (it is then in hidden_sections).
  positions?: Position[];
  education?: Education[];
  skills?: ProfileSkill[];
  languages?: Language[];
  certifications?: Certification[];
  contact?: ContactInfo | null;
  open_to_work?: OpenToWork | null;
  hidden_sections?: string[];
  /** Yourself only. */
  completeness?: Completeness;
  /** Yourself only: who may see each section. */
  visibility?: VisibilityMap;
}

// ---- Profile sections ----

/** A company or school: linked to its page when it has one (handle), else just a name. */
export interface OrgRef {
  handle: string | null;
  name: string;
}

export interface YearMonth {
  year: number;
  month: number | null;
}

export type EmploymentType =
  | 'full_time'
  | 'part_time'
  | 'self_employed'
  | 'freelance'
  | 'contract'
  | 'internship'
  | 'apprenticeship'
  | 'seasonal'
  | 'volunteer';

export interface Position {
  id: string | number;
  company: OrgRef;
  title: string;
  employment_type: EmploymentType | '';
  location: string;
  start: YearMonth | null;
  end: YearMonth | null;
  current: boolean;
  description: string;
  skills: string[];
}

/** POST/PUT /members/me/positions: company as a name (or {handle}). */
export interface PositionInput {
  company: string | { handle: string } | { name: string };
  title: string;
  employment_type?: EmploymentType | '';
  location?: string;
  start: { year: number; month?: number | null };
  end?: { year: number; month?: number | null } | null;
  description?: string;
  skills?: string[];
}

export interface Education {
  id: string | number;
  school: OrgRef;
  degree: string;
  field: string;
  start_year: number | null;
  end_year: number | null;
  activities: string;
}

export interface EducationInput {
  school: string | { handle: string } | { name: string };
  degree?: string;
  field?: string;
  start_year?: number | null;
  end_year?: number | null;
  activities?: string;
}

export interface ProfileSkill {
  key: string;
  name: string;
  endorsement_count: number;
  pinned: boolean;
  endorsed_by_viewer?: boolean;
  /** "Endorsed by 3 colleagues from Rabobank", or null. */
  highlight?: string | null;
}

export type Proficiency =
  | 'elementary'
  | 'limited_working'
  | 'professional_working'
  | 'full_professional'
  | 'native';

export interface Language {
  name: string;
  proficiency: Proficiency | '';
}

export interface Certification {
  id: string | number;
  name: string;
  issuer: string;
  issued: YearMonth | null;
  expires: YearMonth | null;
  credential_url: string;
}

export interface CertificationInput {
  name: string;
  issuer?: string;
  issued?: { year: number; month?: number | null } | null;
  expires?: { year: number; month?: number | null } | null;
  credential_url?: string;
}

export interface ContactInfo {
  email: string;
  phone: string;
  website: string;
}

export type WorkplaceType = 'on_site' | 'hybrid' | 'remote';

export interface OpenToWork {
  roles: string[];
  locations: string[];
  workplace_types: WorkplaceType[];
  visibility: 'recruiters' | 'everyone';
}

export interface Completeness {
  percent: number;
  next_section: string;
  next_step: string;
}

export type VisibilityLevel = 'public' | 'members' | 'connections' | 'only_me';
export type VisibilityMap = Partial<Record<string, VisibilityLevel>>;

export interface SkillSuggestion {
  id: string;
  label: string;
  matched: string;
}

export interface PlaceSuggestion {
  label: string;
  city: string | null;
  country: string;
  country_code: string;
}

// ---- Endorsements ----

export type EndorsementRelationship = 'worked_together' | 'studied_together' | 'connection';

export interface Endorsement {
  id: string | number;
  skill: { key: string; name: string };
  endorser: MemberCard;
  relationship: EndorsementRelationship;
  context: string;
  created_at: string | number;
  hidden?: boolean;
}

// ---- Companies ----

export interface Company {
  id: string | number;
  handle: string;
  name: string;
  country: string;
  city: string;
  followers: number;
  following: boolean;
}

// ---- Settings, profile views, your data ----

export type ProfileViewMode = 'name' | 'anonymous' | 'private';

export interface MemberSettings {
  profile_view_mode: ProfileViewMode;
  hide_connections: boolean;
  searchable_posts?: boolean;
}

export type ProfileView =
  | { mode: 'name'; viewer: MemberCard; viewed_at: string | number }
  | { mode: 'anonymous'; headline: string; viewed_at: string | number }
  | { mode: 'private'; viewed_at: string | number };

export interface ImportResult {
  imported: Partial<Record<string, number | boolean>>;
  skipped?: { file: string; line: number | null; reason: string }[];
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

// ---- Search ----

/** A position as search results list it (current ones, or those the country filters selected). */
export interface SearchPosition {
  company: { handle: string | null; name: string; country: string | null };
  title: string;
  start_year: number | null;
  current: boolean;
}

/** Why a member matched a people search. */
export type SearchWhy =
  | { type: 'text'; fields: string[] }
  | { type: 'skill'; skill: string; name: string; endorsements: number }
  | ({ type: 'position' } & SearchPosition)
  | { type: 'degree'; degree: Degree }
  | { type: 'score'; score: number; text: number; proximity: number; evidence: number; completeness: number };

export interface PersonResult {
  member: Pick<MemberCard, 'handle' | 'first_name' | 'last_name' | 'headline'>;
  degree: Degree;
  positions: SearchPosition[];
  why: SearchWhy[];
}

export type FacetName = 'current_company' | 'city' | 'country' | 'skill' | 'degree';

export interface FacetValue {
  value: string;
  label: string;
  count: number;
}

export interface PeopleSearchPage extends Page<PersonResult> {
  facets?: Partial<Record<FacetName, FacetValue[]>>;
  total: number;
}

export interface CompanyResult {
  handle: string;
  name: string;
  country: string | null;
  city: string | null;
}

export interface SearchSuggestion {
  type: 'member' | 'company' | 'skill' | 'school';
  handle: string;
  label: string;
  /** Members: how close to the viewer (the network is suggested first); null beyond the 3rd degree. */
  degree?: 1 | 2 | 3 | null;
}

// ---- Posts and the feed ----

export type ReactionType = 'like' | 'celebrate' | 'support' | 'insightful' | 'funny' | 'love';
export type PostVisibility = 'anyone' | 'connections';
export type ReactionCounts = Partial<Record<ReactionType, number>>;

/** A post as embedded in a reshare (`reshare_of`). */
export interface PostSummary {
  id: string | number;
  author: MemberCard;
  text: string;
  visibility: PostVisibility;
  created_at: string | number;
  edited_at: string | number | null;
}

/** GET /posts/{id}: a post as the viewer sees it. */
export interface Post extends PostSummary {
  /** Null when the original was deleted or the viewer may not see it (and for posts that are no reshare). */
  reshare_of: PostSummary | null;
  /** Handles of existing members mentioned in `text` (lower case). */
  mentions: string[];
  /** Folded hashtags in `text` ("#Café" is "cafe"). */
  hashtags: string[];
  /** Only types with reactions are listed. */
  reaction_counts: ReactionCounts;
  /** Comments and replies. */
  comment_count: number;
  my_reaction: ReactionType | null;
}

export interface PostComment {
  id: string | number;
  post_id: string | number;
  author: MemberCard;
  text: string;
  parent: string | number | null;
  created_at: string | number;
  /** Top-level comments in a listing: their 3 newest replies (oldest first) and how many there are. */
  replies?: PostComment[];
  reply_count?: number;
}

export type FeedMode = 'relevant' | 'recent';

/** One ranking factor of a feed item: `value` is its contribution, `label` a sentence for people. */
export interface FeedFactor {
  name: string;
  value: number;
  label?: string;
}

export interface FeedItem {
  post: Post;
  /** "Anna de Vries commented on this", or empty. */
  reason: string;
  why: { score: number; factors: FeedFactor[] } | null;
}

export interface FeedPage extends Page<FeedItem> {
  /** The mode the server used (and now remembers). */
  mode: FeedMode;
}

export interface FeedPreferences {
  mode: FeedMode;
  muted_members: MemberCard[];
  muted_hashtags: string[];
  /** Hashtags whose posts the recent feed includes (PUT/DELETE /feed/hashtags/{tag}). */
  followed_hashtags?: string[];
}

/** GET /posts/{id}/analytics (the author only). */
export interface PostAnalytics {
  impressions: number;
  unique_viewers: number;
  reactions: ReactionCounts;
  comments: number;
  reshares: number;
  /** Share of the engagement that came from the author's colleagues, 0..1. */
  colleague_engagement_share: number;
  followers: number;
  /** The distinct members who follow the author or are connected to them. */
  audience?: number;
  /** Unique viewers as a percentage of the author's audience (or followers). */
  reach_percent: number;
}

export interface PostSearchResult {
  post: Post;
  why: unknown[];
}

export interface SessionBody {
  member: Member;
  csrf_token: string;
}

/** Fields a member can change on their own profile. */
export type ProfilePatch = Partial<
  Pick<Member, 'first_name' | 'last_name' | 'headline' | 'about' | 'location'> & { industry: string }
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

/** Sends one request; a non-2xx answer or a network failure is thrown as ApiError. */
async function send(
  method: string,
  path: string,
  body?: { json: unknown } | { raw: Blob; contentType: string },
  accept = 'application/json',
): Promise<Response> {
  const headers: Record<string, string> = { Accept: accept };
  let payload: BodyInit | undefined;
  if (body && 'json' in body) {
    headers['Content-Type'] = 'application/json';
    payload = JSON.stringify(body.json);
  } else if (body) {
    headers['Content-Type'] = body.contentType;
    payload = body.raw;
  }
  if (UNSAFE_METHODS.has(method) && csrfToken) headers['X-CSRF-Token'] = csrfToken;

  let res: Response;
  try {
    res = await fetch(API_BASE + path, {
      method,
      headers,
      body: payload,
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
  return res;
}

async function readJson<T>(res: Response): Promise<T> {
  if (res.status === 204) return undefined as T;
  const text = await res.text();
  if (!text) return undefined as T;
  try {
    return JSON.parse(text) as T;
  } catch {
    throw new ApiError(res.status, 'bad_response', 'Kring sent an unexpected response.');
  }
}

export async function request<T>(method: string, path: string, body?: unknown): Promise<T> {
  const res = await send(method, path, body === undefined ? undefined : { json: body });
  return readJson<T>(res);
}

/** Sends a file as the request body (imports) and reads the JSON answer. */
export async function upload<T>(path: string, file: Blob, contentType: string): Promise<T> {
  const res = await send('POST', path, { raw: file, contentType });
  return readJson<T>(res);
}

/** A file to save (exports), with the name from Content-Disposition when the server sends one. */
export async function download(path: string, fallbackName: string): Promise<{ blob: Blob; filename: string }> {
  const res = await send('GET', path, undefined, '*/*');
  const blob = await res.blob();
  const disposition = res.headers.get('Content-Disposition') ?? '';
  const m = /filename\*?=(?:UTF-8'')?"?([^";]+)"?/i.exec(disposition);
  let filename = fallbackName;
  if (m) {
    try {
      filename = decodeURIComponent(m[1]);
    } catch {
      filename = m[1];
    }
  }
  return { blob, filename };
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

  // ---- Profile sections (yourself) ----

  async addPosition(input: PositionInput): Promise<Position> {
    const body = await request<{ position: Position }>('POST', '/members/me/positions', input);
    return body.position;
  },

  async updatePosition(id: string | number, input: PositionInput): Promise<Position> {
    const body = await request<{ position: Position }>('PUT', `/members/me/positions/${enc(id)}`, input);
    return body.position;
  },

  deletePosition(id: string | number): Promise<void> {
    return request('DELETE', `/members/me/positions/${enc(id)}`);
  },

  async addEducation(input: EducationInput): Promise<Education> {
    const body = await request<{ education: Education }>('POST', '/members/me/education', input);
    return body.education;
  },

  async updateEducation(id: string | number, input: EducationInput): Promise<Education> {
    const body = await request<{ education: Education }>('PUT', `/members/me/education/${enc(id)}`, input);
    return body.education;
  },

  deleteEducation(id: string | number): Promise<void> {
    return request('DELETE', `/members/me/education/${enc(id)}`);
  },

  /** Replace your skills with these names, in this order (the first three are pinned). */
  async setSkills(names: string[]): Promise<ProfileSkill[]> {
    const body = await request<{ skills: ProfileSkill[] }>('PUT', '/members/me/skills', { skills: names });
    return body.skills;
  },

  async setLanguages(languages: Language[]): Promise<Language[]> {
    const body = await request<{ languages: Language[] }>('PUT', '/members/me/languages', { languages });
    return body?.languages ?? languages;
  },

  async addCertification(input: CertificationInput): Promise<Certification> {
    const body = await request<{ certification: Certification }>('POST', '/members/me/certifications', input);
    return body.certification;
  },

  deleteCertification(id: string | number): Promise<void> {
    return request('DELETE', `/members/me/certifications/${enc(id)}`);
  },

  async setOpenToWork(input: OpenToWork): Promise<OpenToWork> {
    const body = await request<{ open_to_work: OpenToWork }>('PUT', '/members/me/open-to-work', input);
    return body?.open_to_work ?? input;
  },

  clearOpenToWork(): Promise<void> {
    return request('DELETE', '/members/me/open-to-work');
  },

  async setContact(input: ContactInfo): Promise<ContactInfo> {
    const body = await request<{ contact: ContactInfo }>('PUT', '/members/me/contact', input);
    return body?.contact ?? input;
  },

  async visibility(): Promise<VisibilityMap> {
    const body = await request<{ visibility: VisibilityMap }>('GET', '/members/me/visibility');
    return body.visibility;
  },

  async setVisibility(changes: VisibilityMap): Promise<VisibilityMap> {
    const body = await request<{ visibility: VisibilityMap }>('PUT', '/members/me/visibility', changes);
    return body.visibility;
  },

  async changeHandle(handle: string): Promise<Member> {
    const body = await request<{ member: Member }>('PUT', '/members/me/handle', { handle });
    return body.member;
  },

  // ---- Typeaheads (public) ----

  async skillTypeahead(q: string, limit = 8): Promise<SkillSuggestion[]> {
    const body = await request<{ items: SkillSuggestion[] }>('GET', `/skills/typeahead${qs({ q, limit })}`);
    return body?.items ?? [];
  },

  async placeTypeahead(q: string, limit = 8): Promise<PlaceSuggestion[]> {
    const body = await request<{ items: PlaceSuggestion[] }>('GET', `/places/typeahead${qs({ q, limit })}`);
    return body?.items ?? [];
  },

  // ---- Search (members only) ----

  /** GET /search/people with the filters as they are in the page's URL (`skill` may repeat). */
  searchPeople(
    filters: URLSearchParams,
    opts: { limit?: number; cursor?: string | null } = {},
  ): Promise<PeopleSearchPage> {
    const q = new URLSearchParams(filters);
    if (opts.limit) q.set('limit', String(opts.limit));
    if (opts.cursor) q.set('cursor', opts.cursor);
    const s = q.toString();
    return request('GET', `/search/people${s ? `?${s}` : ''}`);
  },

  searchCompanies(opts: { q?: string; limit?: number; cursor?: string | null } = {}): Promise<
    Page<CompanyResult> & { total: number }
  > {
    return request('GET', `/search/companies${qs(opts)}`);
  },

  async searchTypeahead(q: string): Promise<SearchSuggestion[]> {
    const body = await request<{ items: SearchSuggestion[] }>('GET', `/search/typeahead${qs({ q })}`);
    return body?.items ?? [];
  },

  // ---- Endorsements ----

  async endorse(handle: string, skill: string): Promise<Endorsement> {
    const body = await request<{ endorsement: Endorsement }>(
      'POST',
      `/members/${enc(handle)}/skills/${enc(skill)}/endorsements`,
    );
    return body?.endorsement;
  },

  withdrawEndorsement(handle: string, skill: string): Promise<void> {
    return request('DELETE', `/members/${enc(handle)}/skills/${enc(skill)}/endorsements`);
  },

  // ---- Companies ----

  async company(handle: string): Promise<Company> {
    const body = await request<{ company: Company }>('GET', `/companies/${enc(handle)}`);
    return body.company;
  },

  async setFollowingCompany(handle: string, follow: boolean): Promise<boolean> {
    const body = await request<{ following: boolean }>(
      follow ? 'PUT' : 'DELETE',
      `/companies/${enc(handle)}/follow`,
    );
    return body?.following ?? follow;
  },

  // ---- Settings, profile views and your data ----

  /** The older home of hide_connections (GET/PATCH /network/settings). */
  networkSettings(): Promise<{ hide_connections: boolean }> {
    return request('GET', '/network/settings');
  },

  updateNetworkSettings(patch: { hide_connections: boolean }): Promise<{ hide_connections: boolean }> {
    return request('PATCH', '/network/settings', patch);
  },

  settings(): Promise<MemberSettings> {
    return request('GET', '/members/me/settings');
  },

  updateSettings(patch: Partial<MemberSettings>): Promise<MemberSettings> {
    return request('PATCH', '/members/me/settings', patch);
  },

  profileViews(
    opts: { limit?: number; cursor?: string | null } = {},
  ): Promise<Page<ProfileView> & { total_90_days?: number }> {
    return request('GET', `/members/me/profile-views${qs(opts)}`);
  },

  importLinkedIn(zip: Blob): Promise<ImportResult> {
    return upload('/imports/linkedin', zip, 'application/zip');
  },

  importJsonResume(file: Blob): Promise<ImportResult> {
    return upload('/imports/json-resume', file, 'application/json');
  },

  exportJsonResume(): Promise<{ blob: Blob; filename: string }> {
    return download('/members/me/export/json-resume', 'resume.json');
  },

  exportAll(): Promise<{ blob: Blob; filename: string }> {
    return download('/members/me/export', 'kring-export.zip');
  },

  /** Erases the account; the session ends with it. */
  deleteAccount(password: string): Promise<void> {
    return request('DELETE', '/members/me', { password });
  },

  // ---- Posts, comments, reactions ----

  async createPost(input: {
    text: string;
    visibility?: PostVisibility;
    reshare_of?: string | number;
  }): Promise<Post> {
    // The server takes ids in bodies as JSON numbers.
    const payload = input.reshare_of === undefined ? input : { ...input, reshare_of: idNumber(input.reshare_of) };
    const body = await request<{ post: Post }>('POST', '/posts', payload);
    return body.post;
  },

  async post(id: string | number): Promise<Post> {
    const body = await request<{ post: Post }>('GET', `/posts/${enc(id)}`);
    return body.post;
  },

  async editPost(id: string | number, text: string): Promise<Post> {
    const body = await request<{ post: Post }>('PATCH', `/posts/${enc(id)}`, { text });
    return body.post;
  },

  deletePost(id: string | number): Promise<void> {
    return request('DELETE', `/posts/${enc(id)}`);
  },

  react(
    id: string | number,
    type: ReactionType,
  ): Promise<{ my_reaction: ReactionType; reaction_counts: ReactionCounts }> {
    return request('POST', `/posts/${enc(id)}/reactions`, { type });
  },

  unreact(id: string | number): Promise<void> {
    return request('DELETE', `/posts/${enc(id)}/reactions`);
  },

  async addComment(id: string | number, text: string, parent?: string | number | null): Promise<PostComment> {
    const body = await request<{ comment: PostComment }>(
      'POST',
      `/posts/${enc(id)}/comments`,
      parent ? { text, parent: idNumber(parent) } : { text },
    );
    return body.comment;
  },

  comments(
    id: string | number,
    opts: { limit?: number; cursor?: string | null } = {},
  ): Promise<Page<PostComment>> {
    return request('GET', `/posts/${enc(id)}/comments${qs(opts)}`);
  },

  deleteComment(id: string | number): Promise<void> {
    return request('DELETE', `/comments/${enc(id)}`);
  },

  postAnalytics(id: string | number): Promise<{ analytics: PostAnalytics }> {
    return request('GET', `/posts/${enc(id)}/analytics`);
  },

  searchPosts(opts: { q: string; limit?: number; cursor?: string | null }): Promise<Page<PostSearchResult>> {
    return request('GET', `/search/posts${qs(opts)}`);
  },

  /** GET /members/{handle}/posts: the member's posts the viewer may see, newest first (404 when hidden by a block). */
  memberPosts(handle: string, opts: { limit?: number; cursor?: string | null } = {}): Promise<Page<Post>> {
    return request('GET', `/members/${enc(handle)}/posts${qs(opts)}`);
  },

  // ---- The feed ----

  /** Without `mode` the server uses (and answers with) the member's remembered mode; with it, remembers it. */
  feed(opts: { mode?: FeedMode | null; limit?: number; cursor?: string | null } = {}): Promise<FeedPage> {
    return request('GET', `/feed${qs(opts)}`);
  },

  feedPreferences(): Promise<FeedPreferences> {
    return request('GET', '/feed/preferences');
  },

  setMemberMuted(handle: string, muted: boolean): Promise<void> {
    return request(muted ? 'PUT' : 'DELETE', `/feed/mutes/members/${enc(handle)}`);
  },

  setHashtagMuted(tag: string, muted: boolean): Promise<void> {
    return request(muted ? 'PUT' : 'DELETE', `/feed/mutes/hashtags/${enc(tag)}`);
  },

  setHashtagFollowed(tag: string, followed: boolean): Promise<void> {
    return request(followed ? 'PUT' : 'DELETE', `/feed/hashtags/${enc(tag)}`);
  },
};

/** An id as a JSON number when it is one ("12" → 12); bodies carry ids as numbers. */
function idNumber(id: string | number): string | number {
  return typeof id === 'string' && /^\d{1,15}$/.test(id) ? Number(id) : id;
}

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
