// The sections of a member's profile below the intro card: experience,
// education, licenses & certifications, skills (with endorsements),
// languages, contact info, open to work, and for yourself the "Your profile"
// card (completeness, next step, who viewed your profile).
//
// A section the viewer may not see is absent from the answer (and listed in
// `hidden_sections`); it renders nothing, as does an empty one, except on your
// own profile, where each section shows what to add.
import { useId, useState, type ReactNode } from 'react';
import {
  api,
  errorMessage,
  isApiError,
  type Certification,
  type Education,
  type MemberProfile,
  type OpenToWork,
  type Position,
  type ProfileSkill,
} from '../api';
import { ConfirmDialog } from '../components/ConfirmDialog';
import { BuildingIcon, EyeIcon, PencilIcon, PlusIcon, SchoolIcon, TrashIcon } from '../components/Icons';
import { InlineError, LiveStatus } from '../components/Notice';
import { plural } from '../network';
import {
  displayUrl,
  employmentTypeLabel,
  endorsementBasisText,
  formatYearMonth,
  periodText,
  proficiencyLabel,
  safeUrl,
  visibilityLabel,
  workplaceLabel,
  yearsText,
} from '../profile';
import { Link } from '../router';

/** Which editor to open (the page owns the dialogs). */
export type EditorRequest =
  | { kind: 'intro' }
  | { kind: 'position'; position?: Position }
  | { kind: 'education'; education?: Education }
  | { kind: 'skills' }
  | { kind: 'languages' }
  | { kind: 'certification' }
  | { kind: 'contact' }
  | { kind: 'open_to_work' }
  | { kind: 'handle' };

/** The editor that completes the section the server names in `completeness.next_section`. */
export function editorForSection(section: string): EditorRequest {
  switch (section) {
    case 'positions':
      return { kind: 'position' };
    case 'education':
      return { kind: 'education' };
    case 'skills':
      return { kind: 'skills' };
    case 'languages':
      return { kind: 'languages' };
    case 'certifications':
      return { kind: 'certification' };
    case 'contact':
      return { kind: 'contact' };
    case 'open_to_work':
      return { kind: 'open_to_work' };
    default:
      // headline, about, location, industry, names: the intro editor.
      return { kind: 'intro' };
  }
}

interface SectionProps {
  member: MemberProfile;
  isMe: boolean;
  onEdit: (req: EditorRequest) => void;
}

// ---------- Shared frame ----------

function SectionCard({
  title,
  testId,
  visibility,
  actions,
  children,
}: {
  title: string;
  testId: string;
  /** Yourself: who may see this section. */
  visibility?: string;
  actions?: ReactNode;
  children: ReactNode;
}) {
  const id = useId();
  const seenBy = visibilityLabel(visibility);
  return (
    <section className="card section" aria-labelledby={id} data-testid={testId}>
      <div className="section__head">
        <div className="section__heading">
          <h2 id={id}>{title}</h2>
          {seenBy && (
            <span className="section__visibility" data-testid="section-visibility">
              <EyeIcon width={14} height={14} />
              {seenBy === 'Public' ? 'Public' : `Visible to: ${seenBy.toLowerCase()}`}
            </span>
          )}
        </div>
        {actions && <div className="section__actions">{actions}</div>}
      </div>
      {children}
    </section>
  );
}

function OwnerButton({
  label,
  onClick,
  testId,
  add = false,
}: {
  label: string;
  onClick: () => void;
  testId: string;
  add?: boolean;
}) {
  return (
    <button type="button" className="icon-btn" aria-label={label} title={label} onClick={onClick} data-testid={testId}>
      {add ? <PlusIcon /> : <PencilIcon />}
    </button>
  );
}

/** False when the server lists the section in `hidden_sections` (its key is then absent as well). */
export function sectionVisible(member: MemberProfile, key: string): boolean {
  return !(member.hidden_sections ?? []).includes(key);
}

/** Member text split into separate words by " · " (employment type, location, …). */
function dotted(parts: (string | null | undefined | false)[]): string {
  return parts.filter(Boolean).join(' · ');
}

// ---------- Experience ----------

function CompanyName({ company }: { company: Position['company'] }) {
  // Linked only when the company has a page here.
  return company.handle ? (
    <Link to={`/company/${encodeURIComponent(company.handle)}`} data-testid="position-company-link">
      {company.name}
    </Link>
  ) : (
    <span>{company.name}</span>
  );
}

export function ExperienceSection({ member, isMe, onEdit }: SectionProps) {
  const positions = member.positions;
  if (!positions || !sectionVisible(member, 'positions') || (!isMe && positions.length === 0)) return null;
  return (
    <SectionCard
      title="Experience"
      testId="profile-experience"
      visibility={isMe ? member.visibility?.positions : undefined}
      actions={isMe && <OwnerButton add label="Add experience" onClick={() => onEdit({ kind: 'position' })} testId="experience-add" />}
    >
      {positions.length === 0 ? (
        <p className="muted" data-testid="experience-empty">
          Add the places you have worked, so people know what you have done.
        </p>
      ) : (
        <ul className="entries">
          {positions.map((p) => {
            const period = periodText(p.start, p.end, p.current);
            return (
              <li key={String(p.id)} className="entry" data-testid="position" data-id={String(p.id)}>
                <span className="entry__logo" aria-hidden="true">
                  <BuildingIcon />
                </span>
                <div className="entry__body">
                  <h3 className="entry__title" data-testid="position-title">
                    {p.title}
                  </h3>
                  <p className="entry__sub" data-testid="position-company">
                    <CompanyName company={p.company} />
                    {p.employment_type && <span> · {employmentTypeLabel(p.employment_type)}</span>}
                  </p>
                  {period && (
                    <p className="entry__meta" data-testid="position-period">
                      {period}
                    </p>
                  )}
                  {p.location && (
                    <p className="entry__meta" data-testid="position-location">
                      {p.location}
                    </p>
                  )}
                  {p.description && (
                    <p className="prewrap entry__text" data-testid="position-description">
                      {p.description}
                    </p>
                  )}
                  {p.skills.length > 0 && (
                    <p className="entry__skills">
                      <strong>Skills: </strong>
                      {p.skills.map((s, i) => (
                        <span key={s}>
                          {i > 0 && ' · '}
                          <span data-testid="position-skill">{s}</span>
                        </span>
                      ))}
                    </p>
                  )}
                </div>
                {isMe && (
                  <OwnerButton
                    label={`Edit ${p.title} at ${p.company.name}`}
                    onClick={() => onEdit({ kind: 'position', position: p })}
                    testId="position-edit"
                  />
                )}
              </li>
            );
          })}
        </ul>
      )}
    </SectionCard>
  );
}

// ---------- Education ----------

export function EducationSection({ member, isMe, onEdit }: SectionProps) {
  const education = member.education;
  if (!education || !sectionVisible(member, 'education') || (!isMe && education.length === 0)) return null;
  return (
    <SectionCard
      title="Education"
      testId="profile-education"
      visibility={isMe ? member.visibility?.education : undefined}
      actions={isMe && <OwnerButton add label="Add education" onClick={() => onEdit({ kind: 'education' })} testId="education-add" />}
    >
      {education.length === 0 ? (
        <p className="muted" data-testid="education-empty">
          Add your schools and studies; classmates can find you through them.
        </p>
      ) : (
        <ul className="entries">
          {education.map((e) => {
            const years = yearsText(e.start_year, e.end_year);
            const what = dotted([e.degree, e.field]).replace(' · ', ', ');
            return (
              <li key={String(e.id)} className="entry" data-testid="education" data-id={String(e.id)}>
                <span className="entry__logo" aria-hidden="true">
                  <SchoolIcon />
                </span>
                <div className="entry__body">
                  <h3 className="entry__title" data-testid="education-school-name">
                    {e.school.name}
                  </h3>
                  {what && (
                    <p className="entry__sub" data-testid="education-degree-text">
                      {what}
                    </p>
                  )}
                  {years && (
                    <p className="entry__meta" data-testid="education-years">
                      {years}
                    </p>
                  )}
                  {e.activities && <p className="prewrap entry__text">{e.activities}</p>}
                </div>
                {isMe && (
                  <OwnerButton
                    label={`Edit ${e.school.name}`}
                    onClick={() => onEdit({ kind: 'education', education: e })}
                    testId="education-edit"
                  />
                )}
              </li>
            );
          })}
        </ul>
      )}
    </SectionCard>
  );
}

// ---------- Licenses & certifications ----------

export function CertificationsSection({
  member,
  isMe,
  onEdit,
  onChanged,
}: SectionProps & { onChanged: () => Promise<void> }) {
  const [deleting, setDeleting] = useState<Certification | null>(null);
  const certifications = member.certifications;
  if (!certifications || !sectionVisible(member, 'certifications') || (!isMe && certifications.length === 0)) {
    return null;
  }
  return (
    <SectionCard
      title="Licenses & certifications"
      testId="profile-certifications"
      visibility={isMe ? member.visibility?.certifications : undefined}
      actions={
        isMe && (
          <OwnerButton add label="Add license or certification" onClick={() => onEdit({ kind: 'certification' })} testId="certification-add" />
        )
      }
    >
      {certifications.length === 0 ? (
        <p className="muted">Show the licenses and certificates you hold.</p>
      ) : (
        <ul className="entries">
          {certifications.map((c) => {
            const url = safeUrl(c.credential_url);
            const issued = formatYearMonth(c.issued);
            const expires = formatYearMonth(c.expires);
            return (
              <li key={String(c.id)} className="entry" data-testid="certification">
                <div className="entry__body">
                  <h3 className="entry__title" data-testid="certification-title">
                    {c.name}
                  </h3>
                  {c.issuer && <p className="entry__sub">{c.issuer}</p>}
                  {(issued || expires) && (
                    <p className="entry__meta">{dotted([issued && `Issued ${issued}`, expires && `Expires ${expires}`])}</p>
                  )}
                  {url && (
                    <p className="entry__meta">
                      <a href={url} target="_blank" rel="noopener noreferrer nofollow">
                        Show credential<span className="visually-hidden"> for {c.name} (opens in a new tab)</span>
                      </a>
                    </p>
                  )}
                </div>
                {isMe && (
                  <button
                    type="button"
                    className="icon-btn"
                    aria-label={`Delete ${c.name}`}
                    title={`Delete ${c.name}`}
                    onClick={() => setDeleting(c)}
                    data-testid="certification-delete"
                  >
                    <TrashIcon />
                  </button>
                )}
              </li>
            );
          })}
        </ul>
      )}
      {deleting && (
        <ConfirmDialog
          title="Delete certification?"
          text={`${deleting.name} will be removed from your profile.`}
          confirmLabel="Delete"
          busyLabel="Deleting…"
          onClose={() => setDeleting(null)}
          onConfirm={async () => {
            await api.deleteCertification(deleting.id);
            setDeleting(null);
            await onChanged();
          }}
        />
      )}
    </SectionCard>
  );
}

// ---------- Skills and endorsements ----------

const SKILLS_SHOWN = 6;
const PINNED = 3;

export function SkillsSection({
  member,
  isMe,
  onEdit,
  onPatchSkill,
  onChanged,
}: SectionProps & {
  /** Change one skill locally right after endorsing (before the profile is re-read). */
  onPatchSkill: (key: string, patch: Partial<ProfileSkill>) => void;
  onChanged: () => Promise<void>;
}) {
  const [showAll, setShowAll] = useState(false);
  const [busyKey, setBusyKey] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [status, setStatus] = useState<string | null>(null);
  const basisId = useId();
  const skills = member.skills;
  if (!skills || !sectionVisible(member, 'skills') || (!isMe && skills.length === 0)) return null;

  const rel = member.relationship;
  const canEndorse = !isMe && Boolean(rel?.connected) && member.degree === 1;
  const basis = rel?.endorsement_basis;
  const first = member.first_name || 'this member';
  const shown = showAll ? skills : skills.slice(0, SKILLS_SHOWN);

  async function toggle(skill: ProfileSkill) {
    setBusyKey(skill.key);
    setError(null);
    setStatus(null);
    const endorsed = Boolean(skill.endorsed_by_viewer);
    try {
      if (endorsed) await api.withdrawEndorsement(member.handle, skill.key);
      else await api.endorse(member.handle, skill.key);
      onPatchSkill(skill.key, {
        endorsed_by_viewer: !endorsed,
        endorsement_count: Math.max(0, skill.endorsement_count + (endorsed ? -1 : 1)),
      });
      setStatus(endorsed ? `You withdrew your endorsement for ${skill.name}.` : `You endorsed ${first} for ${skill.name}.`);
    } catch (err) {
      // Already in the state the button was about to reach: show it so.
      if (isApiError(err) && !endorsed && err.code === 'already_endorsed') {
        onPatchSkill(skill.key, { endorsed_by_viewer: true });
      } else if (isApiError(err) && endorsed && err.status === 404) {
        onPatchSkill(skill.key, { endorsed_by_viewer: false });
      } else {
        setError(errorMessage(err));
      }
    } finally {
      setBusyKey(null);
    }
    // The counts and the highlight come from the server.
    await onChanged().catch(() => {});
  }

  return (
    <SectionCard
      title="Skills"
      testId="profile-skills"
      visibility={isMe ? member.visibility?.skills : undefined}
      actions={isMe && <OwnerButton label="Edit skills" onClick={() => onEdit({ kind: 'skills' })} testId="skills-edit" />}
    >
      {canEndorse && (
        <p className="endorse-basis" id={basisId} data-testid="endorsement-basis">
          Your endorsement will record: <strong>{endorsementBasisText(basis ?? { relationship: 'connection' })}</strong>
        </p>
      )}
      {skills.length === 0 ? (
        <p className="muted" data-testid="skills-empty">
          Add the skills you want to be known for; the first three are pinned at the top.
        </p>
      ) : (
        <ul className="skills" aria-label={`${member.first_name || 'Member'}'s skills`}>
          {shown.map((s, i) => {
            const pinned = s.pinned ?? i < PINNED;
            return (
              <li
                key={s.key}
                className={`skill${pinned ? ' skill--pinned' : ''}`}
                data-testid="profile-skill"
                data-key={s.key}
              >
                <div className="skill__body">
                  <h3 className="skill__name">
                    <span data-testid="profile-skill-name">{s.name}</span>
                    {pinned && <span className="tag">Top skill</span>}
                  </h3>
                  {s.endorsement_count > 0 && (
                    <p className="skill__count" data-testid="skill-endorsements">
                      {plural(s.endorsement_count, 'endorsement')}
                    </p>
                  )}
                  {s.highlight && (
                    <p className="skill__highlight" data-testid="skill-highlight">
                      {s.highlight}
                    </p>
                  )}
                </div>
                {canEndorse && (
                  <button
                    type="button"
                    className={`btn btn--sm ${s.endorsed_by_viewer ? 'btn--secondary' : 'btn--primary'}`}
                    aria-pressed={Boolean(s.endorsed_by_viewer)}
                    aria-describedby={basisId}
                    disabled={busyKey !== null}
                    onClick={() => toggle(s)}
                    data-testid="skill-endorse"
                  >
                    {s.endorsed_by_viewer ? (
                      <>
                        Endorsed <span aria-hidden="true">✓</span>
                      </>
                    ) : (
                      'Endorse'
                    )}
                    <span className="visually-hidden"> {s.name}</span>
                  </button>
                )}
              </li>
            );
          })}
        </ul>
      )}
      {skills.length > SKILLS_SHOWN && (
        <div className="list-more">
          <button
            type="button"
            className="btn btn--ghost"
            aria-expanded={showAll}
            onClick={() => setShowAll((v) => !v)}
            data-testid="skills-show-all"
          >
            {showAll ? 'Show fewer skills' : `Show all ${skills.length} skills`}
          </button>
        </div>
      )}
      <InlineError message={error} testId="skills-error" />
      <LiveStatus message={status} testId="skills-status" />
    </SectionCard>
  );
}

// ---------- Languages ----------

export function LanguagesSection({ member, isMe, onEdit }: SectionProps) {
  const languages = member.languages;
  if (!languages || !sectionVisible(member, 'languages') || (!isMe && languages.length === 0)) return null;
  return (
    <SectionCard
      title="Languages"
      testId="profile-languages"
      visibility={isMe ? member.visibility?.languages : undefined}
      actions={isMe && <OwnerButton label="Edit languages" onClick={() => onEdit({ kind: 'languages' })} testId="languages-edit" />}
    >
      {languages.length === 0 ? (
        <p className="muted">Add the languages you speak.</p>
      ) : (
        <ul className="plain-list">
          {languages.map((l) => (
            <li key={l.name} data-testid="language">
              <strong>{l.name}</strong>
              {l.proficiency && <span className="muted"> · {proficiencyLabel(l.proficiency)}</span>}
            </li>
          ))}
        </ul>
      )}
    </SectionCard>
  );
}

// ---------- Contact info ----------

export function ContactSection({ member, isMe, onEdit }: SectionProps) {
  const contact = member.contact;
  // Absent: hidden from this viewer. null: nothing entered.
  if (contact === undefined || !sectionVisible(member, 'contact')) return null;
  const empty = !contact || (!contact.email && !contact.phone && !contact.website);
  if (empty && !isMe) return null;
  const website = safeUrl(contact?.website);
  return (
    <SectionCard
      title="Contact info"
      testId="profile-contact"
      visibility={isMe ? member.visibility?.contact : undefined}
      actions={isMe && <OwnerButton label="Edit contact info" onClick={() => onEdit({ kind: 'contact' })} testId="contact-edit" />}
    >
      {empty || !contact ? (
        <p className="muted">Add a way for your connections to reach you.</p>
      ) : (
        <dl className="contact-list">
          {contact.email && (
            <div>
              <dt>Email</dt>
              <dd>
                <a href={`mailto:${contact.email}`} data-testid="contact-email-link">
                  {contact.email}
                </a>
              </dd>
            </div>
          )}
          {contact.phone && (
            <div>
              <dt>Phone</dt>
              <dd>
                <a href={`tel:${contact.phone.replace(/[^\d+]/g, '')}`} data-testid="contact-phone-link">
                  {contact.phone}
                </a>
              </dd>
            </div>
          )}
          {contact.website && (
            <div>
              <dt>Website</dt>
              <dd>
                {website ? (
                  <a href={website} target="_blank" rel="noopener noreferrer nofollow" data-testid="contact-website-link">
                    {displayUrl(website)}
                  </a>
                ) : (
                  contact.website
                )}
              </dd>
            </div>
          )}
        </dl>
      )}
    </SectionCard>
  );
}

// ---------- Open to work ----------

export function OpenToWorkSection({ member, isMe, onEdit }: SectionProps) {
  const otw: OpenToWork | null | undefined = member.open_to_work;
  if (!otw) return null;
  const where = dotted([otw.locations.join(', '), otw.workplace_types.map(workplaceLabel).join(', ')]);
  return (
    <section className="card section otw" aria-label="Open to work" data-testid="open-to-work">
      <div className="section__head">
        <h2>Open to work</h2>
        {isMe && <OwnerButton label="Edit open to work" onClick={() => onEdit({ kind: 'open_to_work' })} testId="open-to-work-edit" />}
      </div>
      <p className="otw__roles" data-testid="open-to-work-roles">
        {otw.roles.join(', ')}
      </p>
      {where && <p className="muted otw__where">{where}</p>}
      {isMe && (
        <p className="small muted" data-testid="open-to-work-visibility">
          {otw.visibility === 'everyone'
            ? 'Visible to all Kring members, with the badge on your profile.'
            : 'Visible to recruiters only.'}
        </p>
      )}
    </section>
  );
}

// ---------- Yourself: completeness and who viewed your profile ----------

export function ProfileDashboard({ member, onEdit }: { member: MemberProfile; onEdit: (req: EditorRequest) => void }) {
  const id = useId();
  const c = member.completeness;
  const percent = c ? Math.max(0, Math.min(100, Math.round(c.percent))) : null;
  return (
    <section className="card section dashboard" aria-labelledby={id} data-testid="profile-dashboard">
      <div className="section__head">
        <h2 id={id}>Your profile</h2>
        <span className="section__visibility">
          <EyeIcon width={14} height={14} />
          Private to you
        </span>
      </div>
      {percent !== null && (
        <div className="completeness" data-testid="completeness">
          <p className="completeness__text">
            Profile completeness: <strong data-testid="completeness-percent">{percent}%</strong>
          </p>
          <progress className="meter" value={percent} max={100} aria-label="Profile completeness" />
          {c?.next_step ? (
            <button
              type="button"
              className="btn btn--secondary btn--sm"
              onClick={() => onEdit(editorForSection(c.next_section))}
              data-testid="completeness-next"
            >
              <PlusIcon width={16} height={16} />
              {c.next_step}
            </button>
          ) : (
            <p className="muted small">Your profile is complete.</p>
          )}
        </div>
      )}
      <ul className="dashboard__links">
        <li>
          <Link to="/me/views" data-testid="profile-views-link">
            Who viewed your profile
          </Link>
        </li>
        {!member.open_to_work && (
          <li>
            <button
              type="button"
              className="link-btn"
              onClick={() => onEdit({ kind: 'open_to_work' })}
              data-testid="open-to-work-add"
            >
              Show recruiters you're open to work
            </button>
          </li>
        )}
        <li>
          <Link to="/settings" data-testid="profile-settings-link">
            Settings and privacy
          </Link>
        </li>
      </ul>
    </section>
  );
}
