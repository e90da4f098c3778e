// /in/:handle — a member's profile. /settings/profile renders the same page
// for yourself with the intro editor open; the other sections have their own
// editors (ProfileEditors.tsx), opened in place.
import { useCallback, useEffect, useRef, useState } from 'react';
import {
  api,
  errorMessage,
  isApiError,
  type Member,
  type MemberProfile,
  type ProfileSkill,
  type Relationship,
} from '../api';
import { Avatar } from '../components/Avatar';
import { BriefcaseIcon, CalendarIcon, LocationIcon, PencilIcon } from '../components/Icons';
import { DegreeBadge } from '../components/MemberRow';
import { InlineError } from '../components/Notice';
import { Link, navigate } from '../router';
import { useSession } from '../session';
import { fullName, monthYear, useDocumentTitle } from '../util';
import { ActivitySection } from './Activity';
import { EditProfileDialog } from './EditProfileDialog';
import { LoadErrorPage, NotFoundPage } from './NotFound';
import {
  CertificationDialog,
  ContactDialog,
  EducationDialog,
  HandleDialog,
  LanguagesDialog,
  OpenToWorkDialog,
  PositionDialog,
  SkillsDialog,
} from './ProfileEditors';
import {
  BlockedNotice,
  ConnectionPath,
  MutualConnections,
  NetworkStats,
  RelationshipActions,
} from './ProfileNetwork';
import {
  CertificationsSection,
  ContactSection,
  EducationSection,
  ExperienceSection,
  LanguagesSection,
  OpenToWorkSection,
  ProfileDashboard,
  SkillsSection,
  sectionVisible,
  type EditorRequest,
} from './ProfileSections';

type Load =
  | { status: 'loading' }
  | { status: 'ok'; member: MemberProfile }
  | { status: 'missing' }
  | { status: 'error'; message: string };

export function ProfilePage({ handle, editing }: { handle: string; editing: boolean }) {
  const { me, updateMe } = useSession();
  const [load, setLoad] = useState<Load>({ status: 'loading' });
  const [attempt, setAttempt] = useState(0);
  const [refreshError, setRefreshError] = useState<string | null>(null);
  // The section editor that is open (the intro editor has its own URL, /settings/profile).
  const [editor, setEditor] = useState<Exclude<EditorRequest, { kind: 'intro' }> | null>(null);
  // True when the dialog was opened from this page (so closing can go "back").
  const openedHere = useRef(false);

  useEffect(() => {
    let cancelled = false;
    setLoad({ status: 'loading' });
    api.profile(handle).then(
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

  // Re-read the profile in place (after connecting, following, …) without the loading skeleton.
  const refresh = useCallback(async () => {
    setRefreshError(null);
    try {
      const member = await api.profile(handle);
      setLoad({ status: 'ok', member });
    } catch (err) {
      setRefreshError(errorMessage(err));
    }
  }, [handle]);

  const patchRelationship = useCallback((rel: Partial<Relationship>) => {
    setLoad((l) =>
      l.status === 'ok' && l.member.relationship
        ? { status: 'ok', member: { ...l.member, relationship: { ...l.member.relationship, ...rel } } }
        : l,
    );
  }, []);

  const patchSkill = useCallback((key: string, patch: Partial<ProfileSkill>) => {
    setLoad((l) =>
      l.status === 'ok' && l.member.skills
        ? {
            status: 'ok',
            member: { ...l.member, skills: l.member.skills.map((s) => (s.key === key ? { ...s, ...patch } : s)) },
          }
        : l,
    );
  }, []);

  // A retired handle answers with the member's new one (the server redirects): show the current URL.
  const loadedHandle = load.status === 'ok' ? load.member.handle : null;
  useEffect(() => {
    if (!editing && loadedHandle && loadedHandle !== handle) {
      navigate(`/in/${encodeURIComponent(loadedHandle)}`, { replace: true });
    }
  }, [editing, loadedHandle, handle]);

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
      <LoadErrorPage
        heading="We couldn't load this profile"
        message={load.message}
        testId="profile-error"
        onRetry={() => setAttempt((n) => n + 1)}
      />
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
  const relationship = member.relationship;
  const blocked = Boolean(relationship?.blocked);
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
    // The edit answer has no network fields; keep the ones already loaded.
    setLoad((l) => ({ status: 'ok', member: { ...(l.status === 'ok' ? l.member : {}), ...updated } }));
    updateMe(updated);
    closeEditor();
    // Completeness and the normalised location come with a fresh read.
    void refresh();
  }

  function openSection(req: EditorRequest) {
    if (req.kind === 'intro') openEditor();
    else setEditor(req);
  }

  // A section was saved: show the new profile, then close the editor.
  async function sectionSaved() {
    await refresh();
    setEditor(null);
  }

  function handleChanged(updated: Member) {
    updateMe(updated);
    setEditor(null);
    navigate(`/in/${encodeURIComponent(updated.handle)}`, { replace: true });
  }

  const openToWorkBadge = member.open_to_work?.visibility === 'everyone';

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
          <div className="profile-card__title">
            <h1 id="profile-name" className="profile-card__name" data-testid="profile-name">
              {fullName(member)}
            </h1>
            {!isMe && !blocked && <DegreeBadge degree={member.degree} testId="profile-degree" />}
            {openToWorkBadge && (
              <span className="otw-badge" data-testid="profile-open-to-work-badge">
                Open to work
              </span>
            )}
          </div>
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
            {member.location && sectionVisible(member, 'location') && (
              <li data-testid="profile-location">
                <LocationIcon />
                <span>{member.location}</span>
              </li>
            )}
            {member.industry && (
              <li data-testid="profile-industry">
                <BriefcaseIcon />
                <span>{member.industry}</span>
              </li>
            )}
            {since && (
              <li data-testid="profile-member-since">
                <CalendarIcon />
                <span>Member since {since}</span>
              </li>
            )}
          </ul>
          <div className="profile-card__url">
            <p className="profile-card__handle muted" data-testid="profile-url">
              {window.location.host}
              /in/{member.handle}
            </p>
            {isMe && (
              <button
                type="button"
                className="icon-btn icon-btn--sm"
                aria-label="Edit your profile URL"
                title="Edit your profile URL"
                onClick={() => setEditor({ kind: 'handle' })}
                data-testid="profile-handle-edit"
              >
                <PencilIcon width={16} height={16} />
              </button>
            )}
          </div>
          {member.network && !blocked && <NetworkStats network={member.network} />}
          {relationship && !blocked && relationship.mutual_count > 0 && (
            <MutualConnections handle={member.handle} count={relationship.mutual_count} />
          )}
          {relationship && !isMe && me && (
            blocked ? (
              <BlockedNotice member={member} onUnblocked={refresh} />
            ) : (
              <RelationshipActions
                member={member}
                relationship={relationship}
                onRefresh={refresh}
                onPatch={patchRelationship}
              />
            )
          )}
          {!me && (
            <div className="profile-actions">
              <Link
                to={`/login?next=${encodeURIComponent(profilePath)}`}
                className="btn btn--primary"
                data-testid="profile-login-to-connect"
              >
                Log in to connect
              </Link>
            </div>
          )}
          <InlineError message={refreshError} testId="profile-refresh-error" />
        </div>
      </section>

      {!blocked && <OpenToWorkSection member={member} isMe={isMe} onEdit={openSection} />}

      {isMe && <ProfileDashboard member={member} onEdit={openSection} />}

      {me && !isMe && !blocked && (
        // Re-read when the degree changes (after connecting or removing a connection).
        <ConnectionPath key={String(member.degree)} handle={member.handle} meHandle={me.handle} />
      )}

      {((member.about && sectionVisible(member, 'about')) || isMe) && (
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

      {!blocked && (
        // Re-read when the degree changes (connecting can show connections-only posts).
        <ActivitySection key={`${member.handle}:${String(member.degree)}`} member={member} isMe={isMe} />
      )}

      {!blocked && (
        <>
          <ExperienceSection member={member} isMe={isMe} onEdit={openSection} />
          <EducationSection member={member} isMe={isMe} onEdit={openSection} />
          <CertificationsSection member={member} isMe={isMe} onEdit={openSection} onChanged={refresh} />
          <SkillsSection
            member={member}
            isMe={isMe}
            onEdit={openSection}
            onPatchSkill={patchSkill}
            onChanged={refresh}
          />
          <LanguagesSection member={member} isMe={isMe} onEdit={openSection} />
          <ContactSection member={member} isMe={isMe} onEdit={openSection} />
        </>
      )}

      {editing && isMe && (
        <EditProfileDialog member={member} onClose={closeEditor} onSaved={onSaved} />
      )}

      {isMe && editor && (
        <>
          {editor.kind === 'position' && (
            <PositionDialog position={editor.position} onClose={() => setEditor(null)} onSaved={sectionSaved} />
          )}
          {editor.kind === 'education' && (
            <EducationDialog education={editor.education} onClose={() => setEditor(null)} onSaved={sectionSaved} />
          )}
          {editor.kind === 'skills' && (
            <SkillsDialog skills={member.skills ?? []} onClose={() => setEditor(null)} onSaved={sectionSaved} />
          )}
          {editor.kind === 'languages' && (
            <LanguagesDialog languages={member.languages ?? []} onClose={() => setEditor(null)} onSaved={sectionSaved} />
          )}
          {editor.kind === 'certification' && (
            <CertificationDialog onClose={() => setEditor(null)} onSaved={sectionSaved} />
          )}
          {editor.kind === 'contact' && (
            <ContactDialog contact={member.contact ?? null} onClose={() => setEditor(null)} onSaved={sectionSaved} />
          )}
          {editor.kind === 'open_to_work' && (
            <OpenToWorkDialog
              openToWork={member.open_to_work ?? null}
              onClose={() => setEditor(null)}
              onSaved={sectionSaved}
            />
          )}
          {editor.kind === 'handle' && (
            <HandleDialog member={member} onClose={() => setEditor(null)} onChanged={handleChanged} />
          )}
        </>
      )}
    </div>
  );
}
