// A month + year picker as one labelled group ("Start date *"). The month is
// optional unless `monthRequired`; the value is kept as strings ("" = none).
import { forwardRef, useId } from 'react';
import { MONTHS_LONG, yearOptions } from '../profile';
import { asSentence } from '../util';

export interface MonthYear {
  month: string;
  year: string;
}

export const MonthYearField = forwardRef<
  HTMLSelectElement,
  {
    legend: string;
    value: MonthYear;
    onChange: (value: MonthYear) => void;
    error?: string | null;
    invalid?: boolean;
    disabled?: boolean;
    /** Years after this one to offer (e.g. for expiry dates). */
    yearsAhead?: number;
    testId?: string;
    describedBy?: string;
  }
>(function MonthYearField(
  { legend, value, onChange, error, invalid, disabled, yearsAhead = 0, testId, describedBy },
  yearRef,
) {
  const id = useId();
  const isInvalid = Boolean(error) || Boolean(invalid);
  const metaId = `${id}-meta`;
  const describe = [error ? metaId : null, describedBy].filter(Boolean).join(' ') || undefined;
  return (
    <fieldset
      className={`field field--group${isInvalid ? ' field--invalid' : ''}`}
      disabled={disabled}
      data-testid={testId}
    >
      <legend className="field__label">{legend}</legend>
      <div className="field-row field-row--tight">
        <div>
          <label className="visually-hidden" htmlFor={`${id}-m`}>
            {legend}: month
          </label>
          <select
            id={`${id}-m`}
            className="field__control"
            value={value.month}
            aria-invalid={isInvalid || undefined}
            aria-describedby={describe}
            onChange={(e) => onChange({ ...value, month: e.target.value })}
            data-testid={testId ? `${testId}-month` : undefined}
          >
            <option value="">Month</option>
            {MONTHS_LONG.map((m, i) => (
              <option key={m} value={String(i + 1)}>
                {m}
              </option>
            ))}
          </select>
        </div>
        <div>
          <label className="visually-hidden" htmlFor={`${id}-y`}>
            {legend}: year
          </label>
          <select
            ref={yearRef}
            id={`${id}-y`}
            className="field__control"
            value={value.year}
            aria-invalid={isInvalid || undefined}
            aria-describedby={describe}
            onChange={(e) => onChange({ ...value, year: e.target.value })}
            data-testid={testId ? `${testId}-year` : undefined}
          >
            <option value="">Year</option>
            {yearOptions(yearsAhead).map((y) => (
              <option key={y} value={String(y)}>
                {y}
              </option>
            ))}
          </select>
        </div>
      </div>
      {error && (
        <div className="field__meta">
          <span id={metaId} className="field__error">
            {asSentence(error)}
          </span>
        </div>
      )}
    </fieldset>
  );
});

/** {year, month} for the API, or null when no year is chosen. */
export function toYearMonth(v: MonthYear): { year: number; month: number | null } | null {
  if (!v.year) return null;
  return { year: Number(v.year), month: v.month ? Number(v.month) : null };
}

export function fromYearMonth(ym: { year: number; month: number | null } | null | undefined): MonthYear {
  return { year: ym?.year ? String(ym.year) : '', month: ym?.month ? String(ym.month) : '' };
}
