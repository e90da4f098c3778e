// A text field with suggestions as you type (the ARIA 1.2 combobox pattern):
// skills from GET /skills/typeahead, places from GET /places/typeahead.
//
// - Arrow keys move through the suggestions, Enter picks one, Escape closes
//   the list (and not the dialog around it). Mouse and touch work too.
// - The field stays a plain text field: members may type anything. When the
//   suggestion endpoint answers 404 (not on this server), it stops asking.
import {
  forwardRef,
  useEffect,
  useId,
  useRef,
  useState,
  type InputHTMLAttributes,
  type KeyboardEvent,
} from 'react';
import { api, isApiError, type ApiError } from '../api';
import { charCount } from '../util';
import { FieldMeta } from './Field';

export interface Suggestion {
  key: string;
  label: string;
  /** Extra words shown after the label ("matched: JS"). */
  detail?: string;
}

const DEBOUNCE_MS = 150;

type Props = Omit<InputHTMLAttributes<HTMLInputElement>, 'value' | 'onChange'> & {
  label: string;
  value: string;
  onChange: (value: string) => void;
  suggest: (q: string) => Promise<Suggestion[]>;
  /** A suggestion was chosen; by default its label becomes the value. */
  onPick?: (s: Suggestion) => void;
  /** Enter pressed with no suggestion highlighted (e.g. add the typed text as a chip). */
  onEnter?: (text: string) => void;
  /** The suggestion endpoint does not exist on this server (404). */
  onUnavailable?: () => void;
  hint?: string;
  error?: string | null;
  invalid?: boolean;
  max?: number;
  describedBy?: string;
  testId?: string;
  /** Keep the label for screen readers only (the top bar's search box). */
  hideLabel?: boolean;
};

export const TypeaheadField = forwardRef<HTMLInputElement, Props>(function TypeaheadField(
  {
    label,
    value,
    onChange,
    suggest,
    onPick,
    onEnter,
    onUnavailable,
    hint,
    error,
    invalid,
    max,
    describedBy,
    testId,
    hideLabel,
    className,
    onBlur,
    id: idProp,
    ...rest
  },
  ref,
) {
  const autoId = useId();
  const id = idProp ?? autoId;
  const listId = `${id}-list`;
  const metaId = `${id}-meta`;
  const [items, setItems] = useState<Suggestion[]>([]);
  const [open, setOpen] = useState(false);
  const [active, setActive] = useState(-1);
  const [unavailable, setUnavailable] = useState(false);
  const generation = useRef(0);
  const timer = useRef<number | undefined>(undefined);
  const focused = useRef(false);
  const suggestRef = useRef(suggest);
  useEffect(() => {
    suggestRef.current = suggest;
  });
  useEffect(() => () => window.clearTimeout(timer.current), []);

  function close() {
    generation.current++;
    window.clearTimeout(timer.current);
    setOpen(false);
    setActive(-1);
  }

  function lookUp(q: string) {
    window.clearTimeout(timer.current);
    const gen = ++generation.current;
    if (!q.trim() || unavailable) {
      setItems([]);
      setOpen(false);
      setActive(-1);
      return;
    }
    timer.current = window.setTimeout(() => {
      suggestRef.current(q.trim()).then(
        (found) => {
          if (gen !== generation.current || !focused.current) return;
          setItems(found);
          setOpen(found.length > 0);
          setActive(-1);
        },
        (err) => {
          if (gen !== generation.current) return;
          setItems([]);
          setOpen(false);
          // Suggestions are a convenience: a missing endpoint turns them off, other errors are ignored.
          if (isApiError(err) && err.status === 404) {
            setUnavailable(true);
            onUnavailable?.();
          }
        },
      );
    }, DEBOUNCE_MS);
  }

  function pick(s: Suggestion) {
    close();
    setItems([]);
    if (onPick) onPick(s);
    else onChange(s.label);
  }

  function onKeyDown(e: KeyboardEvent<HTMLInputElement>) {
    if (e.key === 'ArrowDown' || e.key === 'ArrowUp') {
      if (!items.length) return;
      e.preventDefault();
      if (!open) {
        setOpen(true);
        setActive(e.key === 'ArrowDown' ? 0 : items.length - 1);
        return;
      }
      const n = items.length;
      if (e.key === 'ArrowDown') setActive((a) => (a < n - 1 ? a + 1 : 0));
      else setActive((a) => (a > 0 ? a - 1 : n - 1));
    } else if (e.key === 'Enter') {
      if (open && active >= 0 && items[active]) {
        e.preventDefault();
        pick(items[active]);
      } else if (onEnter) {
        e.preventDefault();
        close();
        onEnter(value);
      }
    } else if (e.key === 'Escape') {
      if (open) {
        // Close the list, not the dialog this field sits in.
        e.preventDefault();
        e.stopPropagation();
        close();
      }
    } else if (e.key === 'Tab') {
      close();
    }
  }

  const isInvalid = Boolean(error) || Boolean(invalid) || (max !== undefined && charCount(value) > max);
  const activeId = open && active >= 0 ? `${id}-opt-${active}` : undefined;

  return (
    <div className={`field typeahead${isInvalid ? ' field--invalid' : ''}${className ? ` ${className}` : ''}`}>
      <label className={hideLabel ? 'visually-hidden' : 'field__label'} htmlFor={id}>
        {label}
      </label>
      <div className="typeahead__box">
        <input
          ref={ref}
          id={id}
          type="text"
          className="field__control"
          role="combobox"
          aria-autocomplete="list"
          aria-expanded={open}
          aria-controls={listId}
          aria-activedescendant={activeId}
          aria-invalid={isInvalid || undefined}
          aria-describedby={[metaId, describedBy].filter(Boolean).join(' ')}
          autoComplete="off"
          value={value}
          onChange={(e) => {
            onChange(e.target.value);
            lookUp(e.target.value);
          }}
          onFocus={() => {
            focused.current = true;
          }}
          onBlur={(e) => {
            focused.current = false;
            close();
            onBlur?.(e);
          }}
          onKeyDown={onKeyDown}
          data-testid={testId}
          {...rest}
        />
        <ul
          id={listId}
          role="listbox"
          aria-label={`Suggestions for ${label.replace(/\s*\*$/, '')}`}
          className="typeahead__list"
          hidden={!open}
          data-testid={testId ? `${testId}-options` : undefined}
        >
          {items.map((s, i) => (
            <li
              key={s.key}
              id={`${id}-opt-${i}`}
              role="option"
              aria-selected={i === active}
              className={`typeahead__option${i === active ? ' is-active' : ''}`}
              // Keep the focus in the input while choosing with the mouse.
              onMouseDown={(e) => e.preventDefault()}
              onClick={() => pick(s)}
              data-testid={testId ? `${testId}-option` : undefined}
            >
              <span>{s.label}</span>
              {s.detail && <span className="muted typeahead__detail"> {s.detail}</span>}
            </li>
          ))}
        </ul>
      </div>
      <div className="visually-hidden" role="status" aria-live="polite">
        {open ? `${items.length} ${items.length === 1 ? 'suggestion' : 'suggestions'}, use the arrow keys to choose` : ''}
      </div>
      <FieldMeta id={metaId} hint={hint} error={error} value={value} max={max} />
    </div>
  );
});

/** Skills from the shared taxonomy (GET /skills/typeahead). */
export async function skillSuggestions(q: string): Promise<Suggestion[]> {
  const items = await api.skillTypeahead(q);
  return items.map((i) => ({
    key: i.id,
    label: i.label,
    detail: i.matched && i.matched.toLocaleLowerCase() !== i.label.toLocaleLowerCase() ? `(${i.matched})` : undefined,
  }));
}

// Set once GET /places/typeahead answered 404, so later fields don't ask again.
let placesMissing: ApiError | null = null;

/** Cities and countries (GET /places/typeahead). */
export async function placeSuggestions(q: string): Promise<Suggestion[]> {
  if (placesMissing) throw placesMissing;
  try {
    const items = await api.placeTypeahead(q);
    return items.map((p) => ({ key: `${p.label}|${p.country_code}`, label: p.label }));
  } catch (err) {
    if (isApiError(err) && err.status === 404) placesMissing = err;
    throw err;
  }
}
