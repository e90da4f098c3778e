// A short list of names edited as chips: type (with suggestions when
// `suggest` is given), press Enter or "Add"; each chip has its own Remove
// button. Used for a position's skills and open-to-work roles and locations.
import { forwardRef, useState } from 'react';
import { charCount } from '../util';
import { TextField } from './Field';
import { TypeaheadField, type Suggestion } from './Typeahead';

export const ChipsField = forwardRef<
  HTMLInputElement,
  {
    label: string;
    /** What one item is called, for button labels ("skill" → "Add skill", "Remove SQL"). */
    itemName: string;
    items: string[];
    onChange: (items: string[]) => void;
    max: number;
    maxLength?: number;
    suggest?: (q: string) => Promise<Suggestion[]>;
    placeholder?: string;
    hint?: string;
    error?: string | null;
    invalid?: boolean;
    describedBy?: string;
    testId: string;
  }
>(function ChipsField(
  { label, itemName, items, onChange, max, maxLength, suggest, placeholder, hint, error, invalid, describedBy, testId },
  ref,
) {
  const [text, setText] = useState('');
  const [localError, setLocalError] = useState<string | null>(null);
  const full = items.length >= max;

  function add(raw: string) {
    const name = raw.trim().replace(/\s+/g, ' ');
    if (!name) return;
    if (full) {
      setLocalError(`You can add up to ${max} ${itemName}s.`);
      return;
    }
    if (maxLength !== undefined && charCount(name) > maxLength) {
      setLocalError(`Use at most ${maxLength} characters.`);
      return;
    }
    if (items.some((i) => i.toLocaleLowerCase() === name.toLocaleLowerCase())) {
      setLocalError(`${name} is already in the list.`);
      return;
    }
    onChange([...items, name]);
    setText('');
    setLocalError(null);
  }

  const fieldHint = hint ?? (full ? `That's ${max}, the most you can add.` : `Up to ${max}. Press Enter to add.`);
  const common = {
    label,
    value: text,
    hint: fieldHint,
    error: localError ?? error,
    invalid,
    describedBy,
    placeholder,
    disabled: full,
  };

  return (
    <div className="chips-field" data-testid={testId}>
      <div className="chips-field__entry">
        {suggest ? (
          <TypeaheadField
            ref={ref}
            {...common}
            onChange={(v) => {
              setText(v);
              setLocalError(null);
            }}
            suggest={suggest}
            onPick={(s) => add(s.label)}
            onEnter={add}
            testId={`${testId}-input`}
          />
        ) : (
          <TextField
            ref={ref}
            {...common}
            onChange={(e) => {
              setText(e.target.value);
              setLocalError(null);
            }}
            onKeyDown={(e) => {
              if (e.key === 'Enter') {
                e.preventDefault();
                add(text);
              }
            }}
            data-testid={`${testId}-input`}
          />
        )}
        <button
          type="button"
          className="btn btn--secondary btn--sm chips-field__add"
          onClick={() => add(text)}
          disabled={full || !text.trim()}
          data-testid={`${testId}-add`}
        >
          Add {itemName}
        </button>
      </div>
      {items.length > 0 && (
        <ul className="chips" aria-label={label.replace(/\s*\*$/, '')}>
          {items.map((item) => (
            <li key={item} className="chip" data-testid={`${testId}-chip`} data-value={item}>
              <span>{item}</span>
              <button
                type="button"
                className="chip__remove"
                aria-label={`Remove ${item}`}
                onClick={() => onChange(items.filter((i) => i !== item))}
                data-testid={`${testId}-remove`}
              >
                <span aria-hidden="true">×</span>
              </button>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
});
