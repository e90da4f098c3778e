// The network parts of a member's profile: counts, mutual connections, the
// relationship actions (connect, follow, block, introductions) and the
// "How you're connected" path.
import { useEffect, useId, useRef, useState, type FormEvent } from 'react';
import {
  api,
  errorMessage,
  isApiError,
  type MemberCard,
  type MemberProfile,
  type NetworkCounts,
  type PathAnswer,
  type Relationship,
} from '../api';
import { ActionMenu } from '../components/ActionMenu';
import { Avatar } from '../components/Avatar';
import { ConfirmDialog } from '../components/ConfirmDialog';
import { ConnectDialog } from '../components/ConnectDialog';
import { FormError, TextArea } from '../components/Field';
import { ChevronDownIcon } from '../components/Icons';
import { MemberLink } from '../components/MemberRow';
import { InlineError, LiveStatus } from '../components/Notice';
import { plural, useAction } from '../network';
import { asSentence, fullName } from '../util';

// ---------- Counts ----------

export function NetworkStats({ network }: { network: NetworkCounts }) {
  return (
    <ul className="profile-stats" data-testid="profile-network">
      <li>
        <strong data-testid="profile-connections">{network.connections.toLocaleString('en')}</strong>{' '}
        {network.connections === 1 ? 'connection' : 'connections'}
      </li>
      <li>
        <strong data-testid="profile-followers">{network.followers.toLocaleString('en')}</strong>{' '}
        {network.followers === 1 ? 'follower' : 'followers'}
      </li>
      <li className="profile-stats__intros" data-testid="profile-introductions">
        <span>
          <strong>{network.introductions_made.toLocaleString('en')}</strong>{' '}
          {network.introductions_made === 1 ? 'introduction' : 'introductions'} made ·{' '}
          <strong>{network.introductions_asked.toLocaleString('en')}</strong> asked
        </span>
        <span className="muted"> — giving as well as taking</span>
      </li>
    </ul>
  );
}

// ---------- Mutual connections ----------

const MUTUAL_PREVIEW = 3;

export function MutualConnections({ handle, count }: { handle: string; count: number }) {
  const [names, setNames] = useState<MemberCard[] | null>(null);
  const [total, setTotal] = useState(count);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    let cancelled = false;
    setError(null);
    api.mutualConnections(handle, { limit: MUTUAL_PREVIEW }).then(
      (page) => {
        if (cancelled) return;
        setNames(page.items.map((i) => i.member));
        if (typeof page.count === 'number') setTotal(page.count);
      },
      (err) => !cancelled && setError(errorMessage(err)),
    );
    return () => {
      cancelled = true;
    };
  }, [handle, count]);

  if (total <= 0 && !error) return null;
  const shown = names ?? [];
  const rest = total - shown.length;
  return (
    <div className="profile-mutual" data-testid="profile-mutual">
      <p>
        <span data-testid="profile-mutual-count">{plural(total, 'mutual connection')}</span>
        {shown.length > 0 && ': '}
        {shown.map((m, i) => (
          <span key={m.handle}>
            {i > 0 && (i === shown.length - 1 && rest <= 0 ? ' and ' : ', ')}
            <MemberLink member={m} testId="profile-mutual-name" />
          </span>
        ))}
        {shown.length > 0 && rest > 0 && ` and ${plural(rest, 'other')}`}
      </p>
      <InlineError message={error} />
    </div>
  );
}

// ---------- How you're connected ----------

export function ConnectionPath({ handle, meHandle }: { handle: string; meHandle: string }) {
  const [answer, setAnswer] = useState<PathAnswer | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [attempt, setAttempt] = useState(0);
  const titleId = useId();

  useEffect(() => {
    let cancelled = false;
    setError(null);
    api.path('me', handle).then(
      (a) => !cancelled && setAnswer(a),
      (err) => !cancelled && setError(errorMessage(err)),
    );
    return () => {
      cancelled = true;
    };
  }, [handle, attempt]);

  // Fall back to handles when the server sends no member cards.
  const steps: MemberCard[] = answer
    ? answer.members?.length
      ? answer.members
      : (answer.path ?? []).map((h) => ({
          id: h,
          handle: h,
          first_name: h,
          last_name: '',
          headline: '',
          location: '',
          degree: null,
        }))
    : [];
  const target = steps[steps.length - 1];

  return (
    <section className="card section" aria-labelledby={titleId} data-testid="profile-path">
      <h2 id={titleId}>How you're connected</h2>
      {error ? (
        <>
          <InlineError message={error} />
          <button type="button" className="btn btn--ghost" onClick={() => setAttempt((n) => n + 1)}>
            Try again
          </button>
        </>
      ) : !answer ? (
        <p className="muted" aria-busy="true">
          Finding the shortest path…
        </p>
      ) : answer.distance === null || steps.length < 2 ? (
        <p className="muted" data-testid="path-none">
          You're not connected within three steps yet.
        </p>
      ) : (
        <>
          <ol className="path" aria-label={`From you to ${target ? fullName(target) : 'this member'}`}>
            {steps.map((m, i) => (
              <li key={`${m.handle}-${i}`} className="path__step" data-testid="path-step" data-handle={m.handle}>
                {i > 0 && (
                  <span className="path__arrow" aria-hidden="true">
                    →
                  </span>
                )}
                <Avatar member={m} size="sm" />
                <MemberLink member={m} />
                {m.handle === meHandle && <span className="muted"> (you)</span>}
              </li>
            ))}
          </ol>
          <p className="muted path__caption">
            {answer.distance === 1
              ? 'You are directly connected.'
              : `${plural(answer.distance - 1, 'person', 'people')} between you.`}
          </p>
        </>
      )}
    </section>
  );
}

// ---------- Ask for an introduction ----------

function IntroDialog({
  member,
  onClose,
  onSent,
}: {
  member: MemberProfile;
  onClose: () => void;
  onSent: (via: MemberCard) => void;
}) {
  const dialogRef = useRef<HTMLDialogElement>(null);
  const messageRef = useRef<HTMLTextAreaElement>(null);
  const titleId = useId();
  const errorId = useId();
  const selectId = useId();
  const [mutuals, setMutuals] = useState<MemberCard[] | null>(null);
  const [loadError, setLoadError] = useState<string | null>(null);
  const [via, setVia] = useState('');
  const [message, setMessage] = useState('');
  const [messageError, setMessageError] = useState<string | null>(null);
  const [serverError, setServerError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    const dialog = dialogRef.current;
    if (dialog && !dialog.open) dialog.showModal();
    return () => dialog?.close();
  }, []);

  useEffect(() => {
    let cancelled = false;
    api.mutualConnections(member.handle, { limit: 20 }).then(
      (page) => {
        if (cancelled) return;
        const list = page.items.map((i) => i.member);
        setMutuals(list);
        if (list.length) setVia((v) => v || list[0].handle);
      },
      (err) => !cancelled && setLoadError(errorMessage(err)),
    );
    return () => {
      cancelled = true;
    };
  }, [member.handle]);

  async function onSubmit(ev: FormEvent) {
    ev.preventDefault();
    if (busy || !via) return;
    setServerError(null);
    if (!message.trim()) {
      setMessageError(`Tell them why you'd like to meet ${member.first_name || fullName(member)}.`);
      messageRef.current?.focus();
      return;
    }
    setBusy(true);
    try {
      await api.askIntroduction({ target: member.handle, via, message });
      onSent(mutuals?.find((m) => m.handle === via) ?? ({ handle: via } as MemberCard));
    } catch (err) {
      setBusy(false);
      setServerError(errorMessage(err));
      if (isApiError(err) && err.field === 'message') messageRef.current?.focus();
    }
  }

  return (
    <dialog
      ref={dialogRef}
      className="dialog dialog--small"
      aria-labelledby={titleId}
      data-testid="intro-dialog"
      onCancel={(e) => {
        e.preventDefault();
        if (!busy) onClose();
      }}
    >
      <form noValidate onSubmit={onSubmit} className="dialog__form">
        <header className="dialog__header">
          <h2 id={titleId}>Ask for an introduction to {fullName(member)}</h2>
          <button type="button" className="icon-btn" aria-label="Close" onClick={onClose} disabled={busy}>
            <span aria-hidden="true">×</span>
          </button>
        </header>
        <div className="dialog__body">
          <FormError id={errorId} message={serverError ?? loadError} />
          <div className="field">
            <label className="field__label" htmlFor={selectId}>
              Who should introduce you?
            </label>
            <select
              id={selectId}
              className="field__control"
              value={via}
              onChange={(e) => setVia(e.target.value)}
              disabled={!mutuals || mutuals.length === 0}
              data-testid="intro-via"
            >
              {!mutuals && <option value="">Loading mutual connections…</option>}
              {mutuals?.length === 0 && <option value="">No mutual connections</option>}
              {mutuals?.map((m) => (
                <option key={m.handle} value={m.handle}>
                  {fullName(m)}
                  {m.headline ? ` — ${m.headline}` : ''}
                </option>
              ))}
            </select>
          </div>
          <TextArea
            ref={messageRef}
            label="Message to your connection"
            hint="Say why you'd like to meet; they can pass it on with a note of their own."
            value={message}
            rows={5}
            error={messageError}
            describedBy={errorId}
            onChange={(e) => {
              setMessage(e.target.value);
              setMessageError(null);
            }}
            data-testid="intro-message"
          />
        </div>
        <footer className="dialog__footer">
          <button type="button" className="btn btn--ghost" onClick={onClose} disabled={busy}>
            Cancel
          </button>
          <button type="submit" className="btn btn--primary" disabled={busy || !via} data-testid="intro-send">
            {busy ? 'Sending…' : 'Send request'}
          </button>
        </footer>
      </form>
    </dialog>
  );
}

// ---------- Relationship actions ----------

type DialogKind = 'connect' | 'remove' | 'block' | 'intro' | null;

export function RelationshipActions({
  member,
  relationship,
  onRefresh,
  onPatch,
}: {
  member: MemberProfile;
  relationship: Relationship;
  /** Re-read the profile (degree, counts and relationship change together). */
  onRefresh: () => Promise<void>;
  /** Change the relationship locally (used for blocking, after which the profile is hidden). */
  onPatch: (rel: Partial<Relationship>) => void;
}) {
  const [dialog, setDialog] = useState<DialogKind>(null);
  const [status, setStatus] = useState<string | null>(null);
  const action = useAction();
  const rel = relationship;
  const first = member.first_name || fullName(member);
  const invitation = rel.invitation;

  async function run(fn: () => Promise<unknown>, done: string) {
    setStatus(null);
    const r = await action.run(fn);
    if (r.ok) {
      setStatus(done);
      await onRefresh().catch(() => {});
    }
  }

  let connection;
  if (rel.connected) {
    connection = (
      <button
        type="button"
        className="btn btn--secondary"
        onClick={() => setDialog('remove')}
        disabled={action.busy}
        data-testid="profile-remove-connection"
      >
        Remove connection
      </button>
    );
  } else if (invitation?.direction === 'sent') {
    connection = (
      <>
        <span className="pill" data-testid="profile-pending">
          Pending
        </span>
        <button
          type="button"
          className="btn btn--secondary"
          disabled={action.busy}
          onClick={() => run(() => api.withdrawInvitation(invitation.id), 'Invitation withdrawn.')}
          data-testid="profile-withdraw"
        >
          Withdraw
        </button>
      </>
    );
  } else if (invitation?.direction === 'received') {
    connection = (
      <>
        <button
          type="button"
          className="btn btn--primary"
          disabled={action.busy}
          onClick={() =>
            run(() => api.acceptInvitation(invitation.id), `You and ${first} are now connected.`)
          }
          data-testid="profile-accept"
        >
          Accept
        </button>
        <button
          type="button"
          className="btn btn--ghost"
          disabled={action.busy}
          onClick={() => run(() => api.ignoreInvitation(invitation.id), 'Invitation ignored.')}
          data-testid="profile-ignore"
        >
          Ignore
        </button>
      </>
    );
  } else {
    connection = (
      <button
        type="button"
        className="btn btn--primary"
        onClick={() => {
          setStatus(null);
          setDialog('connect');
        }}
        disabled={action.busy}
        data-testid="profile-connect"
      >
        Connect
      </button>
    );
  }

  return (
    <div className="profile-relationship">
      {invitation?.direction === 'received' && (
        <div className="invite-note" data-testid="profile-invitation">
          <p className="invite-note__head">{first} invited you to connect.</p>
          {invitation.note && (
            <blockquote className="invite-note__text prewrap" data-testid="profile-invitation-note">
              {invitation.note}
            </blockquote>
          )}
        </div>
      )}
      <div className="profile-actions" data-testid="profile-actions">
        {connection}
        <button
          type="button"
          className="btn btn--secondary"
          disabled={action.busy}
          onClick={() =>
            run(
              () => api.setFollowing(member.handle, !rel.following),
              rel.following ? `You no longer follow ${first}.` : `You now follow ${first}.`,
            )
          }
          data-testid="profile-follow"
        >
          {rel.following ? 'Unfollow' : 'Follow'}
        </button>
        {member.degree === 2 && (
          <button
            type="button"
            className="btn btn--secondary"
            disabled={action.busy}
            onClick={() => {
              setStatus(null);
              setDialog('intro');
            }}
            data-testid="profile-ask-intro"
          >
            Ask for an introduction
          </button>
        )}
        <ActionMenu
          text={
            <>
              More <ChevronDownIcon width={14} height={14} />
            </>
          }
          testId="profile-more"
          align="start"
        >
          {(close) => (
            <li>
              <button
                type="button"
                className="me-menu__link"
                onClick={() => {
                  close();
                  if (rel.blocked) run(() => api.setBlocked(member.handle, false), `You unblocked ${first}.`);
                  else setDialog('block');
                }}
                data-testid="profile-block"
              >
                {rel.blocked ? `Unblock ${first}` : `Block ${first}`}
              </button>
            </li>
          )}
        </ActionMenu>
      </div>
      <InlineError message={action.error} testId="profile-action-error" />
      <LiveStatus message={status} testId="profile-status" />

      {dialog === 'connect' && (
        <ConnectDialog
          member={member}
          onClose={() => setDialog(null)}
          onSent={async (inv) => {
            setDialog(null);
            setStatus(
              inv.status === 'accepted'
                ? `${first} had already invited you, so you are now connected.`
                : `Invitation sent to ${first}.`,
            );
            await onRefresh().catch(() => {});
          }}
        />
      )}
      {dialog === 'remove' && (
        <ConfirmDialog
          title="Remove connection?"
          text={`${fullName(member)} won't be told, but you will no longer be 1st-degree connections.`}
          confirmLabel="Remove"
          busyLabel="Removing…"
          onClose={() => setDialog(null)}
          onConfirm={async () => {
            await api.removeConnection(member.handle);
            setDialog(null);
            setStatus(`You removed ${first} from your connections.`);
            await onRefresh().catch(() => {});
          }}
        />
      )}
      {dialog === 'block' && (
        <ConfirmDialog
          title={`Block ${fullName(member)}?`}
          text={`You won't see each other's profiles, and any connection, invitation or follow between you ends. You can unblock ${first} later from My network.`}
          confirmLabel="Block"
          busyLabel="Blocking…"
          onClose={() => setDialog(null)}
          onConfirm={async () => {
            await api.setBlocked(member.handle, true);
            setDialog(null);
            // A blocked member's profile answers 404, so update in place instead of re-reading.
            onPatch({ blocked: true, connected: false, invitation: null, following: false });
          }}
        />
      )}
      {dialog === 'intro' && (
        <IntroDialog
          member={member}
          onClose={() => setDialog(null)}
          onSent={(via) => {
            setDialog(null);
            setStatus(
              `Introduction request sent. ${via.first_name ? fullName(via) : 'Your connection'} will pass it on to ${first}.`,
            );
          }}
        />
      )}
    </div>
  );
}

/** Shown in place of the relationship actions right after blocking. */
export function BlockedNotice({ member, onUnblocked }: { member: MemberProfile; onUnblocked: () => Promise<void> }) {
  const action = useAction();
  const first = member.first_name || fullName(member);
  return (
    <div className="blocked-notice" data-testid="profile-blocked">
      <p role="status">{asSentence(`You blocked ${fullName(member)}.`)} You no longer see each other on Kring.</p>
      <button
        type="button"
        className="btn btn--secondary"
        disabled={action.busy}
        onClick={async () => {
          const r = await action.run(() => api.setBlocked(member.handle, false));
          if (r.ok) await onUnblocked();
        }}
        data-testid="profile-unblock"
      >
        {action.busy ? 'Unblocking…' : `Unblock ${first}`}
      </button>
      <InlineError message={action.error} />
    </div>
  );
}
