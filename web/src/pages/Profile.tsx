// /in/:handle — a member's profile. /settings/profile renders the same page
// for yourself with the edit dialog open.
import { useEffect, useRef, useState } from 'react';
import { api, errorMessage, isApiError, type Member } from '../api';
import { Avatar } from '../components/Avatar';
import { CalendarIcon, LocationIcon, PencilIcon } from '../components/Icons';
import { navigate } from '../router';
import { useSession } from '../session';
import { fullName, monthYear, useDocumentTitle } from '../util';
import { EditProfileDialog } from './EditProfileDialog';
import { NotFoundPage } from './NotFound';

type Load =
  | { status: 'loading' }
  | { status: 'ok'; member: Member }
  | { status: 'missing' }
  | { status: 'error'; message: string };

export function ProfilePage({ handle, editing }: { handle: string; editing: boolean }) {
  const { me, updateMe } = useSession();
  const [load, setLoad] = useState<Load>({ status: 'loading' });
  const [attempt, setAttempt] = useState(0);
  // True when the dialog was opened from this page (so closing can go "back").
  const openedHere = useRef(false);

  useEffect(() => {
    let cancelled = false;
    setLoad({ status: 'loading' });
    api.member(handle).then(
      (member) => !cancelled && setLoad({ status: 'ok', member }),
      (err) => {
        if (cancelled) return;
        if (isApiError(err) && err.status === 404) setLoad({ status: 'missing' });
        else setLoad({ status: 'error', message: errorMessage(err) });
      },
    );
    return () => {
      cancelled = true;
    };
  }, [handle, attempt]);

  // Closed some other way (browser Back, Me menu): forget how it was opened.
  useEffect(() => {
    if (!editing) openedHere.current = false;
  }, [editing]);

  const member = load.status === 'ok' ? load.member : null;
  const isMe = Boolean(me && member && String(me.id) === String(member.id));
  useDocumentTitle(member ? fullName(member) : load.status === 'missing' ? 'Profile not found' : null);

  if (load.status === 'missing') {
    return (
      <NotFoundPage
        heading="This profile doesn't exist"
        text="The link may be broken, or the member may have changed their handle or left Kring."
      />
    );
  }

  if (load.status === 'error') {
    return (
      <div className="page page--narrow">
        <section className="card placeholder" role="alert" data-testid="profile-error">
          <h1>We couldn't load this profile</h1>
          <p className="muted">{load.message}</p>
          <button type="button" className="btn btn--primary" onClick={() => setAttempt((n) => n + 1)}>
            Try again
          </button>
        </section>
      </div>
    );
  }

  if (!member) {
    return (
      <div className="page page--profile" aria-busy="true">
        <section className="card profile-card" data-testid="profile-loading">
          <div className="profile-card__banner" />
          <div className="profile-card__body">
            <span className="avatar avatar--xl skeleton" />
            <div className="skeleton skeleton--line skeleton--title" />
            <div className="skeleton skeleton--line" />
            <span className="visually-hidden">Loading profile…</span>
          </div>
        </section>
      </div>
    );
  }

  const profilePath = `/in/${encodeURIComponent(member.handle)}`;
  const since = monthYear(member.created_at);

  function openEditor() {
    openedHere.current = true;
    navigate('/settings/profile');
  }

  function closeEditor() {
    if (openedHere.current) {
      openedHere.current = false;
      window.history.back();
    } else {
      navigate(profilePath, { replace: true });
    }
  }

  function onSaved(updated: Member) {
    setLoad({ status: 'ok', member: updated });
    updateMe(updated);
    closeEditor();
  }

  return (
    <div className="page page--profile">
      <section className="card profile-card" aria-labelledby="profile-name" data-testid="profile-card">
        <div className="profile-card__banner" aria-hidden="true" />
        <div className="profile-card__body">
          <div className="profile-card__top">
            <Avatar member={member} size="xl" />
            {isMe && (
              <button
                type="button"
                className="btn btn--secondary profile-card__edit"
                onClick={openEditor}
                data-testid="profile-edit"
              >
                <PencilIcon />
                Edit profile
              </button>
            )}
          </div>
          <h1 id="profile-name" className="profile-card__name" data-testid="profile-name">
            {fullName(member)}
          </h1>
          {member.headline ? (
            <p className="profile-card__headline" data-testid="profile-headline">
              {member.headline}
            </p>
          ) : (
            isMe && (
              <p className="profile-card__headline muted" data-testid="profile-headline-empty">
                Add a headline to tell people what you do.
              </p>
            )
          )}
          <ul className="profile-card__meta">
            {member.location && (
              <li data-testid="profile-location">
                <LocationIcon />
                <span>{member.location}</span>
              </li>
            )}
            {since && (
              <li data-testid="profile-member-since">
                <CalendarIcon />
                <span>Member since {since}</span>
              </li>
            )}
          </ul>
          <p className="profile-card__handle muted" data-testid="profile-url">
            {window.location.host}
            /in/{member.handle}
          </p>
        </div>
      </section>

      {(member.about || isMe) && (
        <section className="card section" aria-labelledby="about-title">
          <div className="section__head">
            <h2 id="about-title">About</h2>
            {isMe && (
              <button
                type="button"
                className="icon-btn"
                aria-label="Edit about"
                onClick={openEditor}
                data-testid="profile-edit-about"
              >
                <PencilIcon />
              </button>
            )}
          </div>
          {member.about ? (
            <p className="prewrap" data-testid="profile-about">
              {member.about}
            </p>
          ) : (
            <p className="muted" data-testid="profile-about-empty">
              Write a short summary about your work, your experience and what you are looking for.
            </p>
          )}
        </section>
      )}

      {editing && isMe && (
        <EditProfileDialog member={member} onClose={closeEditor} onSaved={onSaved} />
      )}
    </div>
  );
}
