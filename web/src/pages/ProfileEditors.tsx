// The editors for the sections of your own profile, one modal dialog each:
// positions, education, skills (with their order), languages, certifications,
// open to work, contact info and the profile URL (handle).
//
// Every editor checks the server's limits before saving, shows the server's
// message in the banner, and marks the input its `field` names
// ("position.end" → the end date). After a save the profile is re-read.
import { useEffect, useId, useRef, useState } from 'react';
import {
  api,
  errorMessage,
  isApiError,
  type ContactInfo,
  type Education,
  type EmploymentType,
  type Language,
  type Member,
  type OpenToWork,
  type Position,
  type ProfileSkill,
  type WorkplaceType,
} from '../api';
import { ChipsField } from '../components/ChipsField';
import { ConfirmDialog } from '../components/ConfirmDialog';
import { EditDialog } from '../components/EditDialog';
import { CheckboxField, SelectField, TextArea, TextField } from '../components/Field';
import { ChevronDownIcon } from '../components/Icons';
import { fromYearMonth, MonthYearField, toYearMonth, type MonthYear } from '../components/MonthYearField';
import { LiveStatus } from '../components/Notice';
import { placeSuggestions, skillSuggestions, TypeaheadField } from '../components/Typeahead';
import { useFormErrors } from '../forms';
import { EMPLOYMENT_TYPES, PROFICIENCIES, WORKPLACE_TYPES, yearOptions } from '../profile';
import { charCount } from '../util';

// The server's limits (src/profiles/profile.h).
export const LIMITS = {
  title: 100,
  orgName: 100,
  location: 100,
  description: 2000,
  skill: 80,
  skills: 100,
  positionSkills: 5,
  language: 60,
  url: 500,
  email: 254,
  phone: 40,
  roles: 10,
} as const;

/** "Use at most 100 characters (104 now)." or null. */
function tooLong(value: string, max: number): string | undefined {
  const n = charCount(value);
  return n > max ? `Use at most ${max.toLocaleString('en')} characters (${n.toLocaleString('en')} now).` : undefined;
}

/** a is before b; a missing month counts as January, as the server counts it. */
function before(a: { year: number; month: number | null }, b: { year: number; month: number | null }): boolean {
  if (a.year !== b.year) return a.year < b.year;
  return (a.month ?? 1) < (b.month ?? 1);
}

interface EditorProps {
  onClose: () => void;
  /** Saved or deleted: re-read the profile and close. */
  onSaved: () => void;
}

// ---------- Position ----------

const POSITION_FIELDS = [
  'title',
  'employment_type',
  'company',
  'location',
  'start',
  'end',
  'description',
  'skills',
] as const;
type PositionField = (typeof POSITION_FIELDS)[number];

export function PositionDialog({ position, onClose, onSaved }: EditorProps & { position?: Position }) {
  const f = useFormErrors<PositionField>('position', POSITION_FIELDS);
  const [title, setTitle] = useState(position?.title ?? '');
  const [employmentType, setEmploymentType] = useState<string>(position?.employment_type ?? '');
  const [company, setCompany] = useState(position?.company.name ?? '');
  const [location, setLocation] = useState(position?.location ?? '');
  const [current, setCurrent] = useState(position ? position.current : true);
  const [start, setStart] = useState<MonthYear>(fromYearMonth(position?.start));
  const [end, setEnd] = useState<MonthYear>(fromYearMonth(position?.end));
  const [description, setDescription] = useState(position?.description ?? '');
  const [skills, setSkills] = useState<string[]>(position?.skills ?? []);
  const [busy, setBusy] = useState(false);
  const [confirming, setConfirming] = useState(false);
  const companyName = position?.company.name ?? '';

  async function save() {
    const s = toYearMonth(start);
    const e = current ? null : toYearMonth(end);
    const errors: Partial<Record<PositionField, string>> = {
      title: !title.trim() ? 'Enter your title.' : tooLong(title, LIMITS.title),
      company: !company.trim() ? 'Enter the company or organisation.' : tooLong(company, LIMITS.orgName),
      location: tooLong(location, LIMITS.location),
      start: !s ? 'Choose the year you started.' : undefined,
      end: !current && !e ? 'Choose the year you left, or tick "I currently work here".' : s && e && before(e, s) ? "The end date can't be before the start date." : undefined,
      description: tooLong(description, LIMITS.description),
    };
    if (!f.check(errors) || !s) return;
    setBusy(true);
    const input = {
      // Keep the link to a company page when the name was not changed.
      company:
        position?.company.handle && company.trim() === companyName
          ? { handle: position.company.handle }
          : company.trim(),
      title: title.trim(),
      employment_type: employmentType as EmploymentType | '',
      location: location.trim(),
      start: s,
      end: e,
      description,
      skills,
    };
    try {
      if (position) await api.updatePosition(position.id, input);
      else await api.addPosition(input);
      onSaved();
    } catch (err) {
      setBusy(false);
      f.fail(err);
    }
  }

  return (
    <>
      <EditDialog
        title={position ? 'Edit experience' : 'Add experience'}
        testId="position-dialog"
        busy={busy}
        error={f.banner}
        onClose={onClose}
        onSubmit={save}
        onDelete={position ? () => setConfirming(true) : undefined}
        deleteLabel="Delete experience"
      >
        <p className="muted dialog__note">* Indicates required</p>
        <TextField
          ref={f.bind('title')}
          label="Title *"
          value={title}
          max={LIMITS.title}
          placeholder="e.g. Retail Sales Manager"
          error={f.errorFor('title')}
          invalid={f.serverBad('title')}
          onChange={(e) => {
            setTitle(e.target.value);
            f.clear('title');
          }}
          data-testid="position-title-input"
        />
        <SelectField
          ref={f.bind('employment_type')}
          label="Employment type"
          value={employmentType}
          error={f.errorFor('employment_type')}
          invalid={f.serverBad('employment_type')}
          onChange={(e) => {
            setEmploymentType(e.target.value);
            f.clear('employment_type');
          }}
          data-testid="position-employment-type"
        >
          <option value="">Please select</option>
          {EMPLOYMENT_TYPES.map((t) => (
            <option key={t.value} value={t.value}>
              {t.label}
            </option>
          ))}
        </SelectField>
        <TextField
          ref={f.bind('company')}
          label="Company or organisation *"
          value={company}
          max={LIMITS.orgName}
          placeholder="e.g. Rabobank"
          error={f.errorFor('company')}
          invalid={f.serverBad('company')}
          onChange={(e) => {
            setCompany(e.target.value);
            f.clear('company');
          }}
          data-testid="position-company-input"
        />
        <TypeaheadField
          ref={f.bind('location')}
          label="Location"
          value={location}
          max={LIMITS.location}
          placeholder="e.g. Utrecht, Netherlands"
          suggest={placeSuggestions}
          error={f.errorFor('location')}
          invalid={f.serverBad('location')}
          onChange={(v) => {
            setLocation(v);
            f.clear('location');
          }}
          testId="position-location"
        />
        <CheckboxField
          label="I currently work here"
          checked={current}
          onChange={(e) => {
            setCurrent(e.target.checked);
            f.clear('end');
          }}
          data-testid="position-current"
        />
        <MonthYearField
          ref={f.bind('start')}
          legend="Start date *"
          value={start}
          error={f.errorFor('start')}
          invalid={f.serverBad('start')}
          onChange={(v) => {
            setStart(v);
            f.clear('start');
          }}
          testId="position-start"
        />
        {!current && (
          <MonthYearField
            ref={f.bind('end')}
            legend="End date *"
            value={end}
            error={f.errorFor('end')}
            invalid={f.serverBad('end')}
            onChange={(v) => {
              setEnd(v);
              f.clear('end');
            }}
            testId="position-end"
          />
        )}
        <TextArea
          ref={f.bind('description')}
          label="Description"
          value={description}
          max={LIMITS.description}
          rows={5}
          placeholder="What did you do, and what came of it?"
          error={f.errorFor('description')}
          invalid={f.serverBad('description')}
          onChange={(e) => {
            setDescription(e.target.value);
            f.clear('description');
          }}
          data-testid="position-description"
        />
        <ChipsField
          ref={f.bind('skills')}
          label="Skills"
          itemName="skill"
          items={skills}
          onChange={(v) => {
            setSkills(v);
            f.clear('skills');
          }}
          max={LIMITS.positionSkills}
          maxLength={LIMITS.skill}
          suggest={skillSuggestions}
          placeholder="e.g. Python"
          hint={
            skills.length >= LIMITS.positionSkills
              ? `That's ${LIMITS.positionSkills}, the most one position can have.`
              : `Up to ${LIMITS.positionSkills} skills you used here. Press Enter to add.`
          }
          error={f.errorFor('skills')}
          invalid={f.serverBad('skills')}
          testId="position-skills"
        />
      </EditDialog>
      {confirming && position && (
        <ConfirmDialog
          title="Delete experience?"
          text={`${position.title} at ${position.company.name} will be removed from your profile.`}
          confirmLabel="Delete"
          busyLabel="Deleting…"
          onClose={() => setConfirming(false)}
          onConfirm={async () => {
            await api.deletePosition(position.id);
            setConfirming(false);
            onSaved();
          }}
        />
      )}
    </>
  );
}

// ---------- Education ----------

const EDUCATION_FIELDS = ['school', 'degree', 'field', 'start_year', 'end_year', 'activities'] as const;
type EducationField = (typeof EDUCATION_FIELDS)[number];

export function EducationDialog({ education, onClose, onSaved }: EditorProps & { education?: Education }) {
  const f = useFormErrors<EducationField>('education', EDUCATION_FIELDS);
  const [school, setSchool] = useState(education?.school.name ?? '');
  const [degree, setDegree] = useState(education?.degree ?? '');
  const [field, setField] = useState(education?.field ?? '');
  const [startYear, setStartYear] = useState(education?.start_year ? String(education.start_year) : '');
  const [endYear, setEndYear] = useState(education?.end_year ? String(education.end_year) : '');
  const [activities, setActivities] = useState(education?.activities ?? '');
  const [busy, setBusy] = useState(false);
  const [confirming, setConfirming] = useState(false);
  const schoolName = education?.school.name ?? '';

  async function save() {
    const errors: Partial<Record<EducationField, string>> = {
      school: !school.trim() ? 'Enter the school.' : tooLong(school, LIMITS.orgName),
      degree: tooLong(degree, LIMITS.title),
      field: tooLong(field, LIMITS.title),
      end_year:
        startYear && endYear && Number(endYear) < Number(startYear)
          ? "The end year can't be before the start year."
          : undefined,
      activities: tooLong(activities, LIMITS.description),
    };
    if (!f.check(errors)) return;
    setBusy(true);
    const input = {
      school:
        education?.school.handle && school.trim() === schoolName
          ? { handle: education.school.handle }
          : school.trim(),
      degree: degree.trim(),
      field: field.trim(),
      start_year: startYear ? Number(startYear) : null,
      end_year: endYear ? Number(endYear) : null,
      activities,
    };
    try {
      if (education) await api.updateEducation(education.id, input);
      else await api.addEducation(input);
      onSaved();
    } catch (err) {
      setBusy(false);
      f.fail(err);
    }
  }

  const bind = (k: EducationField) => ({
    error: f.errorFor(k),
    invalid: f.serverBad(k),
  });

  return (
    <>
      <EditDialog
        title={education ? 'Edit education' : 'Add education'}
        testId="education-dialog"
        busy={busy}
        error={f.banner}
        onClose={onClose}
        onSubmit={save}
        onDelete={education ? () => setConfirming(true) : undefined}
        deleteLabel="Delete education"
      >
        <p className="muted dialog__note">* Indicates required</p>
        <TextField
          ref={f.bind('school')}
          label="School *"
          value={school}
          max={LIMITS.orgName}
          placeholder="e.g. Hogeschool Utrecht"
          {...bind('school')}
          onChange={(e) => {
            setSchool(e.target.value);
            f.clear('school');
          }}
          data-testid="education-school"
        />
        <TextField
          ref={f.bind('degree')}
          label="Degree"
          value={degree}
          max={LIMITS.title}
          placeholder="e.g. Bachelor's"
          {...bind('degree')}
          onChange={(e) => {
            setDegree(e.target.value);
            f.clear('degree');
          }}
          data-testid="education-degree"
        />
        <TextField
          ref={f.bind('field')}
          label="Field of study"
          value={field}
          max={LIMITS.title}
          placeholder="e.g. Nursing"
          {...bind('field')}
          onChange={(e) => {
            setField(e.target.value);
            f.clear('field');
          }}
          data-testid="education-field"
        />
        <div className="field-row">
          <SelectField
            ref={f.bind('start_year')}
            label="Start year"
            value={startYear}
            {...bind('start_year')}
            onChange={(e) => {
              setStartYear(e.target.value);
              f.clear('start_year');
            }}
            data-testid="education-start-year"
          >
            <option value="">Year</option>
            {yearOptions().map((y) => (
              <option key={y} value={String(y)}>
                {y}
              </option>
            ))}
          </SelectField>
          <SelectField
            ref={f.bind('end_year')}
            label="End year (or expected)"
            value={endYear}
            {...bind('end_year')}
            onChange={(e) => {
              setEndYear(e.target.value);
              f.clear('end_year');
            }}
            data-testid="education-end-year"
          >
            <option value="">Year</option>
            {yearOptions(7).map((y) => (
              <option key={y} value={String(y)}>
                {y}
              </option>
            ))}
          </SelectField>
        </div>
        <TextArea
          ref={f.bind('activities')}
          label="Activities and societies"
          value={activities}
          max={LIMITS.description}
          rows={4}
          {...bind('activities')}
          onChange={(e) => {
            setActivities(e.target.value);
            f.clear('activities');
          }}
          data-testid="education-activities"
        />
      </EditDialog>
      {confirming && education && (
        <ConfirmDialog
          title="Delete education?"
          text={`${education.school.name} will be removed from your profile.`}
          confirmLabel="Delete"
          busyLabel="Deleting…"
          onClose={() => setConfirming(false)}
          onConfirm={async () => {
            await api.deleteEducation(education.id);
            setConfirming(false);
            onSaved();
          }}
        />
      )}
    </>
  );
}

// ---------- Skills (order, add, remove) ----------

const PINNED = 3;

export function SkillsDialog({ skills, onClose, onSaved }: EditorProps & { skills: ProfileSkill[] }) {
  const f = useFormErrors<'skills'>('', ['skills']);
  const [names, setNames] = useState<string[]>(skills.map((s) => s.name));
  const [text, setText] = useState('');
  const [addError, setAddError] = useState<string | null>(null);
  const [status, setStatus] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const buttons = useRef(new Map<string, HTMLButtonElement | null>());
  // After a move, put the focus back on the moved skill's button (the row moved in the page).
  const [refocus, setRefocus] = useState<{ name: string; dir: 'up' | 'down' } | null>(null);
  const counts = new Map(skills.map((s) => [s.name, s.endorsement_count]));
  const listId = useId();

  useEffect(() => {
    if (!refocus) return;
    const { name, dir } = refocus;
    const i = names.indexOf(name);
    // At the top (or bottom) the pressed button is disabled: use the other one.
    const wanted = (dir === 'up' && i === 0) || (dir === 'down' && i === names.length - 1) ? (dir === 'up' ? 'down' : 'up') : dir;
    buttons.current.get(`${name}:${wanted}`)?.focus();
    setRefocus(null);
  }, [refocus, names]);

  function move(i: number, dir: 'up' | 'down') {
    const j = dir === 'up' ? i - 1 : i + 1;
    if (j < 0 || j >= names.length) return;
    const next = [...names];
    [next[i], next[j]] = [next[j], next[i]];
    setNames(next);
    setRefocus({ name: names[i], dir });
    setStatus(
      `${names[i]} moved to position ${j + 1} of ${next.length}${j < PINNED ? ', pinned' : ''}.`,
    );
    f.clear('skills');
  }

  function remove(i: number) {
    const name = names[i];
    setNames(names.filter((_, k) => k !== i));
    setStatus(`${name} removed. It goes when you save.`);
    f.clear('skills');
  }

  function add(raw: string) {
    const name = raw.trim().replace(/\s+/g, ' ');
    if (!name) return;
    if (charCount(name) > LIMITS.skill) {
      setAddError(`Use at most ${LIMITS.skill} characters.`);
      return;
    }
    if (names.some((n) => n.toLocaleLowerCase() === name.toLocaleLowerCase())) {
      setAddError(`${name} is already in your skills.`);
      return;
    }
    if (names.length >= LIMITS.skills) {
      setAddError(`A profile holds at most ${LIMITS.skills} skills.`);
      return;
    }
    setNames([...names, name]);
    setText('');
    setAddError(null);
    setStatus(`${name} added at position ${names.length + 1}.`);
    f.clear('skills');
  }

  async function save() {
    if (!f.check({})) return;
    setBusy(true);
    try {
      await api.setSkills(names);
      onSaved();
    } catch (err) {
      setBusy(false);
      f.fail(err);
    }
  }

  return (
    <EditDialog title="Skills" testId="skills-dialog" busy={busy} error={f.banner} onClose={onClose} onSubmit={save}>
      <p className="muted dialog__note" id={`${listId}-note`}>
        Put the skills you want to be known for first: <strong>the first three are pinned</strong> and shown at the top
        of your profile. Use the arrow buttons to change the order.
      </p>
      <TypeaheadField
        ref={f.bind('skills')}
        label="Add a skill"
        value={text}
        max={LIMITS.skill}
        placeholder="e.g. Project management"
        hint="Pick a suggestion or press Enter to add what you typed."
        error={addError ?? f.errorFor('skills')}
        invalid={f.serverBad('skills')}
        suggest={skillSuggestions}
        onChange={(v) => {
          setText(v);
          setAddError(null);
        }}
        onPick={(s) => add(s.label)}
        onEnter={add}
        testId="skills-add-input"
      />
      <div className="field">
        <button
          type="button"
          className="btn btn--secondary btn--sm"
          onClick={() => add(text)}
          disabled={!text.trim()}
          data-testid="skills-add"
        >
          Add skill
        </button>
      </div>
      {names.length === 0 ? (
        <p className="muted">No skills yet.</p>
      ) : (
        <ol className="skill-order" aria-label="Your skills, in order" aria-describedby={`${listId}-note`}>
          {names.map((name, i) => (
            <li key={name} className="skill-order__item" data-testid="skills-editor-item" data-name={name}>
              <span className="skill-order__rank" aria-hidden="true">
                {i + 1}
              </span>
              <span className="skill-order__name">
                {name}
                {i < PINNED && <span className="tag">Pinned</span>}
                {(counts.get(name) ?? 0) > 0 && (
                  <span className="muted small">
                    {' '}
                    · {counts.get(name)} {counts.get(name) === 1 ? 'endorsement' : 'endorsements'}
                  </span>
                )}
              </span>
              <span className="skill-order__actions">
                <button
                  ref={(el) => {
                    buttons.current.set(`${name}:up`, el);
                  }}
                  type="button"
                  className="icon-btn icon-btn--sm"
                  aria-label={`Move ${name} up`}
                  disabled={i === 0}
                  onClick={() => move(i, 'up')}
                  data-testid="skill-move-up"
                >
                  <ChevronDownIcon className="flip" />
                </button>
                <button
                  ref={(el) => {
                    buttons.current.set(`${name}:down`, el);
                  }}
                  type="button"
                  className="icon-btn icon-btn--sm"
                  aria-label={`Move ${name} down`}
                  disabled={i === names.length - 1}
                  onClick={() => move(i, 'down')}
                  data-testid="skill-move-down"
                >
                  <ChevronDownIcon />
                </button>
                <button
                  type="button"
                  className="icon-btn icon-btn--sm"
                  aria-label={`Remove ${name}`}
                  onClick={() => remove(i)}
                  data-testid="skill-remove"
                >
                  <span aria-hidden="true">×</span>
                </button>
              </span>
            </li>
          ))}
        </ol>
      )}
      <LiveStatus message={status} testId="skills-editor-status" />
    </EditDialog>
  );
}

// ---------- Languages ----------

interface LanguageRow {
  id: number;
  name: string;
  proficiency: string;
}

export function LanguagesDialog({ languages, onClose, onSaved }: EditorProps & { languages: Language[] }) {
  const nextId = useRef(languages.length);
  const [rows, setRows] = useState<LanguageRow[]>(
    languages.length
      ? languages.map((l, i) => ({ id: i, name: l.name, proficiency: l.proficiency }))
      : [{ id: nextId.current++, name: '', proficiency: '' }],
  );
  const [rowErrors, setRowErrors] = useState<Record<number, { name?: string; proficiency?: string }>>({});
  const [banner, setBanner] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const inputs = useRef(new Map<string, HTMLElement | null>());
  const [focusRow, setFocusRow] = useState<number | null>(null);

  useEffect(() => {
    if (focusRow === null) return;
    inputs.current.get(`${focusRow}:name`)?.focus();
    setFocusRow(null);
  }, [focusRow]);

  function update(id: number, patch: Partial<LanguageRow>) {
    setRows((rs) => rs.map((r) => (r.id === id ? { ...r, ...patch } : r)));
    setRowErrors((e) => ({ ...e, [id]: {} }));
  }

  async function save() {
    setBanner(null);
    const kept = rows.filter((r) => r.name.trim() || r.proficiency);
    const errors: Record<number, { name?: string }> = {};
    for (const r of kept) {
      if (!r.name.trim()) errors[r.id] = { name: 'Enter the language, or remove this row.' };
      else if (charCount(r.name) > LIMITS.language) errors[r.id] = { name: tooLong(r.name, LIMITS.language) };
    }
    setRowErrors(errors);
    const firstBad = kept.find((r) => errors[r.id]);
    if (firstBad) {
      inputs.current.get(`${firstBad.id}:name`)?.focus();
      return;
    }
    setBusy(true);
    try {
      await api.setLanguages(
        kept.map((r) => ({ name: r.name.trim(), proficiency: r.proficiency as Language['proficiency'] })),
      );
      onSaved();
    } catch (err) {
      setBusy(false);
      const message = errorMessage(err);
      setBanner(message);
      // "languages[1].name" names a row (counted among the rows sent) and its input.
      const m = /^languages\[(\d+)\](?:\.(name|proficiency))?/.exec(isApiError(err) ? (err.field ?? '') : '');
      const row = m ? kept[Number(m[1])] : undefined;
      if (row) {
        const which = (m?.[2] as 'name' | 'proficiency' | undefined) ?? 'name';
        setRowErrors({ [row.id]: { [which]: message } });
        inputs.current.get(`${row.id}:${which}`)?.focus();
      }
    }
  }

  return (
    <EditDialog title="Languages" testId="languages-dialog" busy={busy} error={banner} onClose={onClose} onSubmit={save}>
      <ul className="edit-rows">
        {rows.map((r, i) => (
          <li key={r.id} className="edit-rows__row" data-testid="language-row">
            <div className="field-row">
              <TextField
                ref={(el) => {
                  inputs.current.set(`${r.id}:name`, el);
                }}
                label={`Language ${i + 1}`}
                value={r.name}
                placeholder="e.g. Dutch"
                error={rowErrors[r.id]?.name}
                onChange={(e) => update(r.id, { name: e.target.value })}
                data-testid="language-name"
              />
              <SelectField
                ref={(el) => {
                  inputs.current.set(`${r.id}:proficiency`, el);
                }}
                label="Proficiency"
                value={r.proficiency}
                error={rowErrors[r.id]?.proficiency}
                onChange={(e) => update(r.id, { proficiency: e.target.value })}
                data-testid="language-proficiency"
              >
                <option value="">Please select</option>
                {PROFICIENCIES.map((p) => (
                  <option key={p.value} value={p.value}>
                    {p.label}
                  </option>
                ))}
              </SelectField>
            </div>
            <button
              type="button"
              className="btn btn--ghost btn--sm"
              onClick={() => setRows((rs) => rs.filter((x) => x.id !== r.id))}
              aria-label={`Remove ${r.name.trim() || `language ${i + 1}`}`}
              data-testid="language-remove"
            >
              Remove
            </button>
          </li>
        ))}
      </ul>
      <div className="field">
        <button
          type="button"
          className="btn btn--secondary btn--sm"
          onClick={() => {
            const id = nextId.current++;
            setRows((rs) => [...rs, { id, name: '', proficiency: '' }]);
            setFocusRow(id);
          }}
          data-testid="language-add"
        >
          Add language
        </button>
      </div>
    </EditDialog>
  );
}

// ---------- Certifications ----------

const CERT_FIELDS = ['name', 'issuer', 'issued', 'expires', 'credential_url'] as const;
type CertField = (typeof CERT_FIELDS)[number];

export function CertificationDialog({ onClose, onSaved }: EditorProps) {
  const f = useFormErrors<CertField>('certification', CERT_FIELDS);
  const [name, setName] = useState('');
  const [issuer, setIssuer] = useState('');
  const [issued, setIssued] = useState<MonthYear>({ month: '', year: '' });
  const [expires, setExpires] = useState<MonthYear>({ month: '', year: '' });
  const [url, setUrl] = useState('');
  const [busy, setBusy] = useState(false);

  async function save() {
    const i = toYearMonth(issued);
    const e = toYearMonth(expires);
    const errors: Partial<Record<CertField, string>> = {
      name: !name.trim() ? 'Enter the name of the certification.' : tooLong(name, LIMITS.title),
      issuer: tooLong(issuer, LIMITS.orgName),
      issued: issued.month && !issued.year ? 'Choose the year too.' : undefined,
      expires:
        expires.month && !expires.year
          ? 'Choose the year too.'
          : i && e && before(e, i)
            ? "The expiry date can't be before the issue date."
            : undefined,
      credential_url:
        url.trim() && !/^https?:\/\//i.test(url.trim())
          ? 'Start the link with https:// or http://.'
          : tooLong(url, LIMITS.url),
    };
    if (!f.check(errors)) return;
    setBusy(true);
    try {
      await api.addCertification({
        name: name.trim(),
        issuer: issuer.trim(),
        issued: i,
        expires: e,
        credential_url: url.trim(),
      });
      onSaved();
    } catch (err) {
      setBusy(false);
      f.fail(err);
    }
  }

  return (
    <EditDialog
      title="Add license or certification"
      testId="certification-dialog"
      busy={busy}
      error={f.banner}
      onClose={onClose}
      onSubmit={save}
    >
      <p className="muted dialog__note">* Indicates required</p>
      <TextField
        ref={f.bind('name')}
        label="Name *"
        value={name}
        max={LIMITS.title}
        placeholder="e.g. Certified Scrum Master"
        error={f.errorFor('name')}
        invalid={f.serverBad('name')}
        onChange={(e) => {
          setName(e.target.value);
          f.clear('name');
        }}
        data-testid="certification-name"
      />
      <TextField
        ref={f.bind('issuer')}
        label="Issuing organisation"
        value={issuer}
        max={LIMITS.orgName}
        error={f.errorFor('issuer')}
        invalid={f.serverBad('issuer')}
        onChange={(e) => {
          setIssuer(e.target.value);
          f.clear('issuer');
        }}
        data-testid="certification-issuer"
      />
      <MonthYearField
        ref={f.bind('issued')}
        legend="Issue date"
        value={issued}
        error={f.errorFor('issued')}
        invalid={f.serverBad('issued')}
        onChange={(v) => {
          setIssued(v);
          f.clear('issued');
        }}
        testId="certification-issued"
      />
      <MonthYearField
        ref={f.bind('expires')}
        legend="Expiration date"
        value={expires}
        yearsAhead={15}
        error={f.errorFor('expires')}
        invalid={f.serverBad('expires')}
        onChange={(v) => {
          setExpires(v);
          f.clear('expires');
        }}
        testId="certification-expires"
      />
      <TextField
        ref={f.bind('credential_url')}
        label="Credential URL"
        type="url"
        value={url}
        placeholder="https://"
        error={f.errorFor('credential_url')}
        invalid={f.serverBad('credential_url')}
        onChange={(e) => {
          setUrl(e.target.value);
          f.clear('credential_url');
        }}
        data-testid="certification-url"
      />
    </EditDialog>
  );
}

// ---------- Open to work ----------

const OTW_FIELDS = ['roles', 'locations', 'workplace_types', 'visibility'] as const;
type OtwField = (typeof OTW_FIELDS)[number];

export function OpenToWorkDialog({ openToWork, onClose, onSaved }: EditorProps & { openToWork: OpenToWork | null }) {
  const f = useFormErrors<OtwField>('open_to_work', OTW_FIELDS);
  const [roles, setRoles] = useState<string[]>(openToWork?.roles ?? []);
  const [locations, setLocations] = useState<string[]>(openToWork?.locations ?? []);
  const [types, setTypes] = useState<WorkplaceType[]>(openToWork?.workplace_types ?? []);
  const [visibility, setVisibility] = useState<OpenToWork['visibility']>(openToWork?.visibility ?? 'recruiters');
  const [busy, setBusy] = useState(false);
  const [confirming, setConfirming] = useState(false);
  const typesId = useId();
  const visId = useId();

  async function save() {
    if (!f.check({ roles: roles.length === 0 ? 'Add at least one job title.' : undefined })) return;
    setBusy(true);
    try {
      await api.setOpenToWork({ roles, locations, workplace_types: types, visibility });
      onSaved();
    } catch (err) {
      setBusy(false);
      f.fail(err);
    }
  }

  return (
    <>
      <EditDialog
        title="Open to work"
        testId="open-to-work-dialog"
        busy={busy}
        error={f.banner}
        onClose={onClose}
        onSubmit={save}
        onDelete={openToWork ? () => setConfirming(true) : undefined}
        deleteLabel="Remove from profile"
      >
        <ChipsField
          ref={f.bind('roles')}
          label="Job titles *"
          itemName="title"
          items={roles}
          onChange={(v) => {
            setRoles(v);
            f.clear('roles');
          }}
          max={LIMITS.roles}
          maxLength={LIMITS.title}
          placeholder="e.g. Data engineer"
          error={f.errorFor('roles')}
          invalid={f.serverBad('roles')}
          testId="otw-roles"
        />
        <ChipsField
          ref={f.bind('locations')}
          label="Locations"
          itemName="location"
          items={locations}
          onChange={(v) => {
            setLocations(v);
            f.clear('locations');
          }}
          max={10}
          maxLength={LIMITS.location}
          suggest={placeSuggestions}
          placeholder="e.g. Utrecht, Netherlands"
          error={f.errorFor('locations')}
          invalid={f.serverBad('locations')}
          testId="otw-locations"
        />
        <fieldset
          className={`field field--group${f.errorFor('workplace_types') ? ' field--invalid' : ''}`}
          aria-describedby={f.errorFor('workplace_types') ? `${typesId}-err` : undefined}
        >
          <legend className="field__label">Workplace types</legend>
          <div className="check-row">
            {WORKPLACE_TYPES.map((w, i) => (
              <CheckboxField
                key={w.value}
                ref={i === 0 ? f.bind('workplace_types') : undefined}
                label={w.label}
                checked={types.includes(w.value)}
                onChange={(e) => {
                  setTypes((t) => (e.target.checked ? [...t, w.value] : t.filter((x) => x !== w.value)));
                  f.clear('workplace_types');
                }}
                data-testid={`otw-workplace-${w.value}`}
              />
            ))}
          </div>
          {f.errorFor('workplace_types') && (
            <p id={`${typesId}-err`} className="field__error small">
              {f.errorFor('workplace_types')}
            </p>
          )}
        </fieldset>
        <fieldset className={`field field--group${f.errorFor('visibility') ? ' field--invalid' : ''}`}>
          <legend className="field__label">Who can see that you're open</legend>
          {(
            [
              ['recruiters', 'Recruiters only', 'Only members marked as recruiters on Kring see it.'],
              ['everyone', 'All Kring members', 'Also adds the "Open to work" badge to your profile.'],
            ] as const
          ).map(([value, label, hint], i) => (
            <div key={value} className="field field--check">
              <input
                ref={i === 0 ? f.bind('visibility') : undefined}
                id={`${visId}-${value}`}
                type="radio"
                name={`${visId}-visibility`}
                className="field__check"
                checked={visibility === value}
                onChange={() => {
                  setVisibility(value);
                  f.clear('visibility');
                }}
                aria-describedby={`${visId}-${value}-hint`}
                data-testid={`otw-visibility-${value}`}
              />
              <label htmlFor={`${visId}-${value}`} className="field__check-label">
                {label}
                <span id={`${visId}-${value}-hint`} className="field__hint field__check-hint">
                  {hint}
                </span>
              </label>
            </div>
          ))}
          {f.errorFor('visibility') && <p className="field__error small">{f.errorFor('visibility')}</p>}
        </fieldset>
      </EditDialog>
      {confirming && (
        <ConfirmDialog
          title="Remove open to work?"
          text="Recruiters and members will no longer see that you're open to new roles."
          confirmLabel="Remove"
          busyLabel="Removing…"
          onClose={() => setConfirming(false)}
          onConfirm={async () => {
            await api.clearOpenToWork();
            setConfirming(false);
            onSaved();
          }}
        />
      )}
    </>
  );
}

// ---------- Contact info ----------

const CONTACT_FIELDS = ['email', 'phone', 'website'] as const;
type ContactField = (typeof CONTACT_FIELDS)[number];

export function ContactDialog({ contact, onClose, onSaved }: EditorProps & { contact: ContactInfo | null }) {
  const f = useFormErrors<ContactField>('contact', CONTACT_FIELDS);
  const [values, setValues] = useState<ContactInfo>({
    email: contact?.email ?? '',
    phone: contact?.phone ?? '',
    website: contact?.website ?? '',
  });
  const [busy, setBusy] = useState(false);

  function set(k: ContactField, v: string) {
    setValues((x) => ({ ...x, [k]: v }));
    f.clear(k);
  }

  async function save() {
    const errors: Partial<Record<ContactField, string>> = {
      email:
        values.email.trim() && !/^[^\s@]+@[^\s@]+$/.test(values.email.trim())
          ? 'Enter an email address like name@example.com.'
          : tooLong(values.email, LIMITS.email),
      phone: tooLong(values.phone, LIMITS.phone),
      website:
        values.website.trim() && !/^https?:\/\//i.test(values.website.trim())
          ? 'Start the link with https:// or http://.'
          : tooLong(values.website, LIMITS.url),
    };
    if (!f.check(errors)) return;
    setBusy(true);
    try {
      await api.setContact({
        email: values.email.trim(),
        phone: values.phone.trim(),
        website: values.website.trim(),
      });
      onSaved();
    } catch (err) {
      setBusy(false);
      f.fail(err);
    }
  }

  const common = (k: ContactField) => ({
    ref: f.bind(k),
    value: values[k],
    error: f.errorFor(k),
    invalid: f.serverBad(k),
    onChange: (e: { target: { value: string } }) => set(k, e.target.value),
    'data-testid': `contact-${k}`,
  });

  return (
    <EditDialog title="Edit contact info" testId="contact-dialog" busy={busy} error={f.banner} onClose={onClose} onSubmit={save} small>
      <p className="muted dialog__note">
        Who sees this is up to you: choose it under Settings → Profile visibility (connections only, unless you change
        it).
      </p>
      <TextField label="Email" type="email" autoComplete="email" {...common('email')} />
      <TextField label="Phone" type="tel" autoComplete="tel" {...common('phone')} />
      <TextField label="Website" type="url" placeholder="https://" autoComplete="url" {...common('website')} />
    </EditDialog>
  );
}

// ---------- Profile URL (handle) ----------

export function HandleDialog({
  member,
  onClose,
  onChanged,
}: {
  member: Member;
  onClose: () => void;
  onChanged: (member: Member) => void;
}) {
  const f = useFormErrors<'handle'>('', ['handle']);
  const [handle, setHandle] = useState(member.handle);
  const [busy, setBusy] = useState(false);

  async function save() {
    const h = handle.trim().toLowerCase();
    if (!f.check({ handle: !h ? 'Enter a handle.' : undefined })) return;
    if (h === member.handle) {
      onClose();
      return;
    }
    setBusy(true);
    try {
      onChanged(await api.changeHandle(h));
    } catch (err) {
      setBusy(false);
      f.fail(err);
    }
  }

  return (
    <EditDialog
      title="Edit your profile URL"
      testId="handle-dialog"
      busy={busy}
      error={f.banner}
      onClose={onClose}
      onSubmit={save}
      small
    >
      <p className="muted dialog__note">
        Your old URL keeps working for 90 days and then becomes free for someone else.
      </p>
      <TextField
        ref={f.bind('handle')}
        label="Handle"
        value={handle}
        hint={`${window.location.host}/in/${handle.trim().toLowerCase() || '…'} · 3 to 60 lower-case letters, digits and hyphens`}
        error={f.errorFor('handle')}
        invalid={f.serverBad('handle')}
        autoCapitalize="none"
        spellCheck={false}
        onChange={(e) => {
          setHandle(e.target.value);
          f.clear('handle');
        }}
        data-testid="handle-input"
      />
    </EditDialog>
  );
}
