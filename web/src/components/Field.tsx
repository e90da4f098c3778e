// Labelled form controls with hint, optional character counter and error text:
// text, text area, select and checkbox.
import {
  forwardRef,
  useId,
  type InputHTMLAttributes,
  type SelectHTMLAttributes,
  type TextareaHTMLAttributes,
} from 'react';
import { asSentence, charCount } from '../util';

interface CommonProps {
  label: string;
  /** Shown under the control when there is no error. */
  hint?: string;
  /** Error text (client-side validation) shown under the control. */
  error?: string | null;
  /** Highlight the control as invalid even without error text (server field errors). */
  invalid?: boolean;
  /** Show "n / max" counter. */
  max?: number;
  /** id of an element (e.g. the form's error banner) that also describes the control. */
  describedBy?: string;
}

function Meta({
  id,
  hint,
  error,
  value,
  max,
}: {
  id: string;
  hint?: string;
  error?: string | null;
  value: string;
  max?: number;
}) {
  const count = max !== undefined ? charCount(value) : 0;
  const over = max !== undefined && count > max;
  if (!hint && !error && max === undefined) return null;
  return (
    <div className="field__meta">
      <span id={id} className={error ? 'field__error' : 'field__hint'}>
        {error ? asSentence(error) : hint}
      </span>
      {max !== undefined && (
        <span className={over ? 'field__count field__count--over' : 'field__count'} aria-live="polite">
          {count.toLocaleString('en')} / {max.toLocaleString('en')}
        </span>
      )}
    </div>
  );
}

type InputProps = CommonProps & Omit<InputHTMLAttributes<HTMLInputElement>, 'value'> & { value: string };

export const TextField = forwardRef<HTMLInputElement, InputProps>(function TextField(
  { label, hint, error, invalid, max, describedBy, id, value, className, ...rest },
  ref,
) {
  const auto = useId();
  const inputId = id ?? auto;
  const metaId = `${inputId}-meta`;
  const isInvalid = Boolean(error) || Boolean(invalid) || (max !== undefined && charCount(value) > max);
  return (
    <div className={`field${isInvalid ? ' field--invalid' : ''}${className ? ` ${className}` : ''}`}>
      <label className="field__label" htmlFor={inputId}>
        {label}
      </label>
      <input
        ref={ref}
        id={inputId}
        className="field__control"
        value={value}
        aria-invalid={isInvalid || undefined}
        aria-describedby={[metaId, describedBy].filter(Boolean).join(' ')}
        {...rest}
      />
      <Meta id={metaId} hint={hint} error={error} value={value} max={max} />
    </div>
  );
});

type AreaProps = CommonProps &
  Omit<TextareaHTMLAttributes<HTMLTextAreaElement>, 'value'> & { value: string };

export const TextArea = forwardRef<HTMLTextAreaElement, AreaProps>(function TextArea(
  { label, hint, error, invalid, max, describedBy, id, value, className, ...rest },
  ref,
) {
  const auto = useId();
  const inputId = id ?? auto;
  const metaId = `${inputId}-meta`;
  const isInvalid = Boolean(error) || Boolean(invalid) || (max !== undefined && charCount(value) > max);
  return (
    <div className={`field${isInvalid ? ' field--invalid' : ''}${className ? ` ${className}` : ''}`}>
      <label className="field__label" htmlFor={inputId}>
        {label}
      </label>
      <textarea
        ref={ref}
        id={inputId}
        className="field__control field__control--area"
        value={value}
        aria-invalid={isInvalid || undefined}
        aria-describedby={[metaId, describedBy].filter(Boolean).join(' ')}
        {...rest}
      />
      <Meta id={metaId} hint={hint} error={error} value={value} max={max} />
    </div>
  );
});

/** The form-level error banner: shows the server's message next to the form. */
export function FormError({ id, message }: { id: string; message: string | null }) {
  return (
    <div id={id} role="alert" aria-live="assertive" className="form-error-slot">
      {message && (
        <p className="form-error" data-testid="form-error">
          {asSentence(message)}
        </p>
      )}
    </div>
  );
}

type SelectProps = Omit<CommonProps, 'max'> &
  Omit<SelectHTMLAttributes<HTMLSelectElement>, 'value'> & { value: string };

export const SelectField = forwardRef<HTMLSelectElement, SelectProps>(function SelectField(
  { label, hint, error, invalid, describedBy, id, value, className, children, ...rest },
  ref,
) {
  const auto = useId();
  const inputId = id ?? auto;
  const metaId = `${inputId}-meta`;
  const isInvalid = Boolean(error) || Boolean(invalid);
  return (
    <div className={`field${isInvalid ? ' field--invalid' : ''}${className ? ` ${className}` : ''}`}>
      <label className="field__label" htmlFor={inputId}>
        {label}
      </label>
      <select
        ref={ref}
        id={inputId}
        className="field__control"
        value={value}
        aria-invalid={isInvalid || undefined}
        aria-describedby={[metaId, describedBy].filter(Boolean).join(' ')}
        {...rest}
      >
        {children}
      </select>
      <Meta id={metaId} hint={hint} error={error} value={value} />
    </div>
  );
});

/** A checkbox with its label to the right. */
export const CheckboxField = forwardRef<
  HTMLInputElement,
  { label: string; hint?: string } & Omit<InputHTMLAttributes<HTMLInputElement>, 'type'>
>(function CheckboxField({ label, hint, className, ...rest }, ref) {
  const id = useId();
  return (
    <div className={`field field--check${className ? ` ${className}` : ''}`}>
      <input
        ref={ref}
        id={id}
        type="checkbox"
        className="field__check"
        aria-describedby={hint ? `${id}-hint` : undefined}
        {...rest}
      />
      <label htmlFor={id} className="field__check-label">
        {label}
        {hint && (
          <span id={`${id}-hint`} className="field__hint field__check-hint">
            {hint}
          </span>
        )}
      </label>
    </div>
  );
});

/** The hint / error / counter line under a control, for custom controls built from these parts. */
export { Meta as FieldMeta };
