// /network — "My network": invitations, introductions, people you may know,
// connections, network size, the weekly invitation limit and blocked members.
import { useCallback, useEffect, useId, useState, type ReactNode } from 'react';
import {
  api,
  errorMessage,
  isApiError,
  type Connection,
  type Introduction,
  type IntroductionRole,
  type IntroductionStatus,
  type Invitation,
  type InvitationLimit,
  type Member,
  type MemberCard,
  type NetworkSize,
  type Suggestion,
} from '../api';
import { Avatar } from '../components/Avatar';
import { ConnectDialog } from '../components/ConnectDialog';
import { TextArea, TextField } from '../components/Field';
import { DegreeBadge, MemberLink, MemberRow, profilePath } from '../components/MemberRow';
import { InlineError, LiveStatus } from '../components/Notice';
import { noteRequired, plural, useAction, usePaged, whyLine, type Paged } from '../network';
import { Link } from '../router';
import { fullName, shortDate, useDocumentTitle } from '../util';

const PAGE_SIZE = 10;

export function NetworkPage({ me }: { me: Member }) {
  useDocumentTitle('My network');
  // Bumped whenever connections change, so the lists and counts that depend on them reload.
  const [version, setVersion] = useState(0);
  const changed = useCallback(() => setVersion((v) => v + 1), []);

  return (
    <div className="page network" data-testid="network-page">
      <aside className="network__side">
        <NetworkSizeCard version={version} />
        <InvitationLimitCard version={version} />
        <BlockedCard onChange={changed} />
      </aside>
      <div className="network__main">
        <InvitationsCard version={version} onChange={changed} />
        <IntroductionsCard meHandle={me.handle} version={version} onChange={changed} />
        <SuggestionsCard onChange={changed} />
        <ConnectionsCard version={version} />
      </div>
    </div>
  );
}

// ---------- Small shared pieces ----------

function Card({
  title,
  testId,
  children,
  level = 2,
}: {
  title: ReactNode;
  testId: string;
  children: ReactNode;
  level?: 1 | 2;
}) {
  const id = useId();
  const Heading = level === 1 ? 'h1' : 'h2';
  return (
    <section className="card section" aria-labelledby={id} data-testid={testId}>
      <div className="section__head">
        <Heading id={id} className="section__title">
          {title}
        </Heading>
      </div>
      {children}
    </section>
  );
}

/** Loading, error (with retry), empty text, the list itself and "Show more". */
function PagedList<T>({
  paged,
  empty,
  label,
  moreTestId,
  className = 'member-list',
  children,
}: {
  paged: Paged<T>;
  empty: ReactNode;
  label: string;
  moreTestId?: string;
  className?: string;
  children: (item: T) => ReactNode;
}) {
  if (paged.status === 'loading') {
    return (
      <p className="muted" aria-busy="true">
        Loading {label}…
      </p>
    );
  }
  if (paged.status === 'error') {
    return (
      <div>
        <InlineError message={paged.error} />
        <button type="button" className="btn btn--ghost" onClick={paged.reload}>
          Try again
        </button>
      </div>
    );
  }
  return (
    <>
      {paged.items.length === 0 ? (
        <p className="muted empty">{empty}</p>
      ) : (
        <ul className={className} aria-label={label}>
          {paged.items.map(children)}
        </ul>
      )}
      {paged.hasMore && (
        <div className="list-more">
          <button
            type="button"
            className="btn btn--ghost"
            onClick={paged.loadMore}
            disabled={paged.loadingMore}
            data-testid={moreTestId}
          >
            {paged.loadingMore ? 'Loading…' : 'Show more'}
          </button>
        </div>
      )}
      <InlineError message={paged.moreError} />
    </>
  );
}

function Note({ text, testId }: { text: string; testId?: string }) {
  if (!text) return null;
  return (
    <blockquote className="quote prewrap" data-testid={testId}>
      {text}
    </blockquote>
  );
}

const id = (x: { id: string | number }) => String(x.id);

// ---------- Side cards ----------

function NetworkSizeCard({ version }: { version: number }) {
  const [size, setSize] = useState<NetworkSize | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [attempt, setAttempt] = useState(0);

  useEffect(() => {
    let cancelled = false;
    setError(null);
    api.networkSize().then(
      (s) => !cancelled && setSize(s),
      (err) => !cancelled && setError(errorMessage(err)),
    );
    return () => {
      cancelled = true;
    };
  }, [version, attempt]);

  return (
    <Card title="My network" testId="network-size" level={1}>
      {error ? (
        <>
          <InlineError message={error} />
          <button type="button" className="btn btn--ghost" onClick={() => setAttempt((n) => n + 1)}>
            Try again
          </button>
        </>
      ) : (
        <dl className="stat-list" aria-busy={!size}>
          <div>
            <dt>1st-degree connections</dt>
            <dd data-testid="network-first">{size ? size.first_degree.toLocaleString('en') : '…'}</dd>
          </div>
          <div>
            <dt>2nd-degree network</dt>
            <dd data-testid="network-second">{size ? size.second_degree.toLocaleString('en') : '…'}</dd>
          </div>
        </dl>
      )}
    </Card>
  );
}

function InvitationLimitCard({ version }: { version: number }) {
  const [limit, setLimit] = useState<InvitationLimit | null>(null);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    let cancelled = false;
    setError(null);
    api.invitationLimit().then(
      (l) => !cancelled && setLimit(l),
      (err) => !cancelled && setError(errorMessage(err)),
    );
    return () => {
      cancelled = true;
    };
  }, [version]);

  return (
    <Card title="Invitations this week" testId="invitation-limit">
      <InlineError message={error} />
      {limit && (
        <>
          <p data-testid="invitation-limit-text">
            {limit.used.toLocaleString('en')} of {limit.limit.toLocaleString('en')} sent ·{' '}
            <strong>{limit.remaining.toLocaleString('en')} left</strong>
          </p>
          <progress
            className="meter"
            value={Math.min(limit.used, limit.limit)}
            max={Math.max(limit.limit, 1)}
            aria-label="Invitations used this week"
          />
          {limit.reason && <p className="small" data-testid="invitation-limit-reason">{limit.reason}</p>}
          <p className="muted small">
            The limit covers the last {plural(limit.window_days, 'day')}, so it frees up gradually.
          </p>
        </>
      )}
    </Card>
  );
}

function BlockedCard({ onChange }: { onChange: () => void }) {
  const paged = usePaged(
    (cursor) => api.blocked({ cursor, limit: PAGE_SIZE }),
    'blocked',
    (i: { member: MemberCard }) => i.member.handle,
  );
  const [status, setStatus] = useState<string | null>(null);
  // Only shown when there is someone to unblock (or the list failed to load).
  if (paged.status === 'loading' || (paged.status === 'ok' && paged.items.length === 0 && !status)) return null;
  return (
    <Card title="Blocked" testId="blocked">
      <PagedList paged={paged} empty="You haven't blocked anyone." label="blocked members">
        {(item) => (
          <BlockedRow
            key={item.member.handle}
            member={item.member}
            onDone={() => {
              paged.update((items) => items.filter((i) => i.member.handle !== item.member.handle));
              setStatus(`You unblocked ${fullName(item.member)}.`);
              onChange();
            }}
          />
        )}
      </PagedList>
      <LiveStatus message={status} />
    </Card>
  );
}

function BlockedRow({ member, onDone }: { member: MemberCard; onDone: () => void }) {
  const action = useAction();
  return (
    <MemberRow
      member={member}
      testId="blocked-member"
      actions={
        <button
          type="button"
          className="btn btn--secondary btn--sm"
          disabled={action.busy}
          onClick={async () => {
            if ((await action.run(() => api.setBlocked(member.handle, false))).ok) onDone();
          }}
        >
          Unblock
        </button>
      }
    >
      <InlineError message={action.error} />
    </MemberRow>
  );
}

// ---------- Invitations ----------

function InvitationsCard({ version, onChange }: { version: number; onChange: () => void }) {
  const received = usePaged(
    (cursor) => api.invitations('received', { cursor, limit: PAGE_SIZE }),
    `received-${version}`,
    id,
  );
  const sent = usePaged(
    (cursor) => api.invitations('sent', { cursor, limit: PAGE_SIZE }),
    `sent-${version}`,
    id,
  );
  const [status, setStatus] = useState<string | null>(null);

  function done(list: Paged<Invitation>, inv: Invitation, message: string, connectionsChanged: boolean) {
    list.update((items) => items.filter((i) => id(i) !== id(inv)));
    setStatus(message);
    if (connectionsChanged) onChange();
  }

  const receivedTitle =
    received.status === 'ok' && received.items.length > 0
      ? `Received (${received.items.length}${received.hasMore ? '+' : ''})`
      : 'Received';

  return (
    <Card title="Invitations" testId="invitations">
      <LiveStatus message={status} testId="invitations-status" />
      <h3 className="subhead">{receivedTitle}</h3>
      <PagedList
        paged={received}
        empty="No invitations waiting for you."
        label="invitations received"
        moreTestId="invitations-received-more"
      >
        {(inv) => (
          <ReceivedInvitation
            key={id(inv)}
            invitation={inv}
            onDone={(message, accepted) => done(received, inv, message, accepted)}
          />
        )}
      </PagedList>
      <h3 className="subhead">Sent</h3>
      <PagedList
        paged={sent}
        empty="No pending invitations sent."
        label="invitations sent"
        moreTestId="invitations-sent-more"
      >
        {(inv) => (
          <SentInvitation
            key={id(inv)}
            invitation={inv}
            onDone={(message) => done(sent, inv, message, true)}
          />
        )}
      </PagedList>
    </Card>
  );
}

function ReceivedInvitation({
  invitation,
  onDone,
}: {
  invitation: Invitation;
  onDone: (message: string, accepted: boolean) => void;
}) {
  const action = useAction();
  const who = invitation.from;
  const when = shortDate(invitation.created_at);
  return (
    <MemberRow
      member={who}
      testId="invitation-received"
      actions={
        <>
          <button
            type="button"
            className="btn btn--ghost btn--sm"
            disabled={action.busy}
            onClick={async () => {
              if ((await action.run(() => api.ignoreInvitation(invitation.id))).ok)
                onDone(`Invitation from ${fullName(who)} ignored.`, false);
            }}
            data-testid="invitation-ignore"
          >
            Ignore
          </button>
          <button
            type="button"
            className="btn btn--secondary btn--sm"
            disabled={action.busy}
            onClick={async () => {
              if ((await action.run(() => api.acceptInvitation(invitation.id))).ok)
                onDone(`You and ${fullName(who)} are now connected.`, true);
            }}
            data-testid="invitation-accept"
          >
            Accept
          </button>
        </>
      }
    >
      <Note text={invitation.note} testId="invitation-note" />
      {when && <div className="member-row__meta">Invited you on {when}</div>}
      <InlineError message={action.error} testId="invitation-error" />
    </MemberRow>
  );
}

function SentInvitation({ invitation, onDone }: { invitation: Invitation; onDone: (message: string) => void }) {
  const action = useAction();
  const who = invitation.to;
  const when = shortDate(invitation.created_at);
  return (
    <MemberRow
      member={who}
      testId="invitation-sent"
      actions={
        <button
          type="button"
          className="btn btn--ghost btn--sm"
          disabled={action.busy}
          onClick={async () => {
            if ((await action.run(() => api.withdrawInvitation(invitation.id))).ok)
              onDone(`Invitation to ${fullName(who)} withdrawn.`);
          }}
          data-testid="invitation-withdraw"
        >
          Withdraw
        </button>
      }
    >
      <Note text={invitation.note} testId="invitation-sent-note" />
      {when && <div className="member-row__meta">Sent on {when}</div>}
      <InlineError message={action.error} />
    </MemberRow>
  );
}

// ---------- Introductions ----------

const INTRO_STATUS: Record<IntroductionStatus, string> = {
  pending: 'Waiting to be passed on',
  forwarded: 'Passed on',
  declined: 'Declined',
  accepted: 'Accepted',
  rejected: 'Not accepted',
  withdrawn: 'Withdrawn',
};

type IntroView = 'requested' | 'intermediary' | 'target';

const AFTER: Record<'forward' | 'decline' | 'accept' | 'reject', IntroductionStatus> = {
  forward: 'forwarded',
  decline: 'declined',
  accept: 'accepted',
  reject: 'rejected',
};

function IntroductionsCard({
  meHandle,
  version,
  onChange,
}: {
  meHandle: string;
  version: number;
  onChange: () => void;
}) {
  const lists: Record<IntroView, Paged<Introduction>> = {
    intermediary: useIntroList('intermediary', version),
    target: useIntroList('target', version),
    requested: useIntroList('requested', version),
  };
  const [status, setStatus] = useState<string | null>(null);
  const groups: { view: IntroView; title: string }[] = [
    { view: 'intermediary', title: 'To pass on' },
    { view: 'target', title: 'Introductions to you' },
    { view: 'requested', title: 'You asked' },
  ];
  const allLoaded = groups.every((g) => lists[g.view].status === 'ok');
  const allEmpty = allLoaded && groups.every((g) => lists[g.view].items.length === 0);

  return (
    <Card title="Introductions" testId="introductions">
      <LiveStatus message={status} testId="introductions-status" />
      {allEmpty ? (
        <p className="muted empty">
          No introductions yet. On the profile of someone in your 2nd-degree network, choose "Ask for an
          introduction" and a mutual connection can pass your message on.
        </p>
      ) : (
        groups.map(({ view, title }) => {
          const list = lists[view];
          if (list.status === 'ok' && list.items.length === 0) return null;
          return (
            <div key={view} className="intro-group" data-testid={`introductions-${view}`}>
              <h3 className="subhead">{title}</h3>
              <PagedList paged={list} empty="" label={title.toLowerCase()} className="member-list">
                {(intro) => (
                  <IntroductionItem
                    key={id(intro)}
                    intro={intro}
                    view={view}
                    meHandle={meHandle}
                    onUpdated={(next, message) => {
                      if (next) list.update((items) => items.map((i) => (id(i) === id(intro) ? next : i)));
                      else list.update((items) => items.filter((i) => id(i) !== id(intro)));
                      setStatus(message);
                      if (next?.status === 'accepted') onChange();
                    }}
                  />
                )}
              </PagedList>
            </div>
          );
        })
      )}
    </Card>
  );
}

function useIntroList(role: IntroductionRole, version: number): Paged<Introduction> {
  return usePaged((cursor) => api.introductions(role, { cursor, limit: PAGE_SIZE }), `${role}-${version}`, id);
}

function IntroductionItem({
  intro,
  view,
  meHandle,
  onUpdated,
}: {
  intro: Introduction;
  view: IntroView;
  meHandle: string;
  /** `next` is the updated introduction, or null when it was withdrawn. */
  onUpdated: (next: Introduction | null, message: string) => void;
}) {
  const action = useAction();
  const [forwarding, setForwarding] = useState(false);
  const [note, setNote] = useState('');
  const { requester, intermediary, target } = intro;
  const name = (m: MemberCard) => (m.handle === meHandle ? 'you' : fullName(m));

  async function act(kind: 'forward' | 'decline' | 'accept' | 'reject', message: string) {
    const r = await action.run(() => api.introductionAction(intro.id, kind, kind === 'forward' ? note : undefined));
    if (r.ok) {
      setForwarding(false);
      onUpdated(r.value ?? { ...intro, status: AFTER[kind] }, message);
    }
  }

  // Who the row is about, and one sentence saying what happened.
  let who: MemberCard;
  let summary: ReactNode;
  if (view === 'requested') {
    who = target;
    summary = (
      <>
        You asked <MemberLink member={intermediary} /> to introduce you to <MemberLink member={target} />.
      </>
    );
  } else if (view === 'intermediary') {
    who = requester;
    summary = (
      <>
        <MemberLink member={requester} /> would like to meet <MemberLink member={target} />.
      </>
    );
  } else {
    who = requester;
    summary = (
      <>
        <MemberLink member={intermediary} /> introduces you to <MemberLink member={requester} />.
      </>
    );
  }

  let actions: ReactNode = null;
  if (view === 'intermediary' && intro.status === 'pending' && !forwarding) {
    actions = (
      <>
        <button
          type="button"
          className="btn btn--ghost btn--sm"
          disabled={action.busy}
          onClick={() => act('decline', `You declined to introduce ${fullName(requester)}.`)}
          data-testid="intro-decline"
        >
          Decline
        </button>
        <button
          type="button"
          className="btn btn--secondary btn--sm"
          disabled={action.busy}
          onClick={() => setForwarding(true)}
          data-testid="intro-forward"
        >
          Forward with note
        </button>
      </>
    );
  } else if (view === 'target' && intro.status === 'forwarded') {
    actions = (
      <>
        <button
          type="button"
          className="btn btn--ghost btn--sm"
          disabled={action.busy}
          onClick={() => act('reject', `You turned down the introduction to ${fullName(requester)}.`)}
          data-testid="intro-reject"
        >
          Reject
        </button>
        <button
          type="button"
          className="btn btn--secondary btn--sm"
          disabled={action.busy}
          onClick={() => act('accept', `You and ${fullName(requester)} are now connected.`)}
          data-testid="intro-accept"
        >
          Accept
        </button>
      </>
    );
  } else if (view === 'requested' && intro.status === 'pending') {
    actions = (
      <button
        type="button"
        className="btn btn--ghost btn--sm"
        disabled={action.busy}
        onClick={async () => {
          if ((await action.run(() => api.withdrawIntroduction(intro.id))).ok)
            onUpdated(null, 'Introduction request withdrawn.');
        }}
        data-testid="intro-withdraw"
      >
        Withdraw
      </button>
    );
  }

  const statusText =
    intro.status === 'pending' && view !== 'intermediary'
      ? `Waiting for ${name(intermediary)}`
      : intro.status === 'forwarded' && view === 'requested'
        ? `Passed on, waiting for ${fullName(target)}`
        : INTRO_STATUS[intro.status] ?? intro.status;

  return (
    <MemberRow member={who} testId="intro-item" actions={actions}>
      <p className="intro-summary">{summary}</p>
      <span className={`status-badge status-badge--${intro.status}`} data-testid="intro-status" data-status={intro.status}>
        {statusText}
      </span>
      {intro.message && (
        <div className="intro-text">
          <span className="muted small">Message from {name(requester)}:</span>
          <Note text={intro.message} testId="intro-message-text" />
        </div>
      )}
      {intro.reply && (
        <div className="intro-text">
          <span className="muted small">Note from {name(intermediary)}:</span>
          <Note text={intro.reply} testId="intro-reply-text" />
        </div>
      )}
      {forwarding && (
        <form
          className="inline-form"
          onSubmit={(e) => {
            e.preventDefault();
            act('forward', `You passed ${fullName(requester)}'s request on to ${fullName(target)}.`);
          }}
        >
          <TextArea
            label={`Note to ${fullName(target)} (optional)`}
            value={note}
            rows={3}
            onChange={(e) => setNote(e.target.value)}
            data-testid="intro-forward-note"
          />
          <div className="inline-form__actions">
            <button type="button" className="btn btn--ghost btn--sm" onClick={() => setForwarding(false)} disabled={action.busy}>
              Cancel
            </button>
            <button type="submit" className="btn btn--primary btn--sm" disabled={action.busy} data-testid="intro-forward-send">
              {action.busy ? 'Forwarding…' : 'Forward'}
            </button>
          </div>
        </form>
      )}
      <InlineError message={action.error} testId="intro-error" />
    </MemberRow>
  );
}

// ---------- People you may know ----------

function SuggestionsCard({ onChange }: { onChange: () => void }) {
  // Suggestions don't reload on every change (the list would jump); only sent/dismissed state is tracked here.
  const paged = usePaged(
    (cursor) => api.suggestions({ cursor, limit: 12 }),
    'suggestions',
    (s: Suggestion) => s.member.handle,
  );
  const [status, setStatus] = useState<string | null>(null);

  return (
    <Card title="People you may know" testId="suggestions">
      <LiveStatus message={status} testId="suggestions-status" />
      <PagedList
        paged={paged}
        empty="No suggestions right now. They appear as your network grows."
        label="people you may know"
        className="suggestion-grid"
        moreTestId="suggestions-more"
      >
        {(s) => (
          <SuggestionCard
            key={s.member.handle}
            suggestion={s}
            onDismissed={() => {
              paged.update((items) => items.filter((i) => i.member.handle !== s.member.handle));
              setStatus(`${fullName(s.member)} won't be suggested again.`);
            }}
            onInvited={(message) => {
              setStatus(message);
              onChange();
            }}
          />
        )}
      </PagedList>
    </Card>
  );
}

function SuggestionCard({
  suggestion,
  onDismissed,
  onInvited,
}: {
  suggestion: Suggestion;
  onDismissed: () => void;
  onInvited: (message: string) => void;
}) {
  const m = suggestion.member;
  const action = useAction();
  const [sent, setSent] = useState(false);
  const [dialog, setDialog] = useState(false);
  const nameId = useId();

  async function connect() {
    if (noteRequired(m.degree)) {
      setDialog(true);
      return;
    }
    action.setError(null);
    try {
      const inv = await api.invite(m.handle);
      setSent(true);
      onInvited(
        inv.status === 'accepted'
          ? `${fullName(m)} had already invited you, so you are now connected.`
          : `Invitation sent to ${fullName(m)}.`,
      );
    } catch (err) {
      // Ask for a note when the server wants one; show anything else next to the card.
      if (isApiError(err) && err.code === 'note_required') setDialog(true);
      else action.setError(errorMessage(err));
    }
  }

  return (
    <li className="suggestion" data-testid="suggestion" data-handle={m.handle} aria-labelledby={nameId}>
      <Link to={profilePath(m.handle)} tabIndex={-1} aria-hidden="true" className="suggestion__avatar">
        <Avatar member={m} size="lg" />
      </Link>
      <div className="suggestion__name" id={nameId}>
        <MemberLink member={m} testId="suggestion-name" /> <DegreeBadge degree={m.degree} />
      </div>
      {m.headline && <div className="suggestion__headline">{m.headline}</div>}
      {suggestion.why?.length > 0 && (
        <ul className="why" aria-label={`Why ${fullName(m)} is suggested`}>
          {suggestion.why.map((w, i) => (
            <li key={`${w.factor}-${i}`} data-testid="suggestion-why" data-factor={w.factor}>
              {whyLine(w)}
            </li>
          ))}
        </ul>
      )}
      <div className="suggestion__actions">
        {sent ? (
          <span className="pill" data-testid="suggestion-pending">
            Pending
          </span>
        ) : (
          <button
            type="button"
            className="btn btn--secondary btn--sm"
            disabled={action.busy}
            onClick={connect}
            data-testid="suggestion-connect"
          >
            Connect
          </button>
        )}
        <button
          type="button"
          className="btn btn--ghost btn--sm"
          disabled={action.busy}
          onClick={async () => {
            if ((await action.run(() => api.dismissSuggestion(m.handle))).ok) onDismissed();
          }}
          data-testid="suggestion-dismiss"
          aria-label={`Dismiss ${fullName(m)}`}
        >
          Dismiss
        </button>
      </div>
      <InlineError message={action.error} testId="suggestion-error" />
      {dialog && (
        <ConnectDialog
          member={m}
          onClose={() => setDialog(false)}
          onSent={(inv) => {
            setDialog(false);
            setSent(true);
            onInvited(
              inv.status === 'accepted'
                ? `${fullName(m)} had already invited you, so you are now connected.`
                : `Invitation sent to ${fullName(m)}.`,
            );
          }}
        />
      )}
    </li>
  );
}

// ---------- Connections ----------

function ConnectionsCard({ version }: { version: number }) {
  const [text, setText] = useState('');
  const [q, setQ] = useState('');

  // Search as you type, once typing pauses.
  useEffect(() => {
    const t = window.setTimeout(() => setQ(text.trim()), 300);
    return () => window.clearTimeout(t);
  }, [text]);

  const paged = usePaged(
    (cursor) => api.connections('me', { cursor, limit: PAGE_SIZE, q: q || undefined }),
    `${q}\u0000${version}`,
    (c: Connection) => c.member.handle,
  );

  return (
    <Card title="Connections" testId="connections">
      <form className="search-row" role="search" onSubmit={(e) => {
        e.preventDefault();
        setQ(text.trim());
      }}>
        <TextField
          label="Search connections by name"
          type="search"
          value={text}
          onChange={(e) => setText(e.target.value)}
          placeholder="e.g. Jan"
          autoComplete="off"
          data-testid="connections-search"
        />
      </form>
      <PagedList
        paged={paged}
        empty={q ? `No connections match “${q}”.` : 'No connections yet. Accept an invitation or connect with people you know.'}
        label="connections"
        moreTestId="connections-more"
      >
        {(c) => {
          const since = shortDate(c.connected_at);
          return (
            <MemberRow key={c.member.handle} member={c.member} testId="connection">
              {since && <div className="member-row__meta">Connected on {since}</div>}
            </MemberRow>
          );
        }}
      </PagedList>
    </Card>
  );
}
