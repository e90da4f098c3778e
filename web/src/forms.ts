// Error state for the section editors, following the app's rule: the server's
// message goes in the banner above the form, and when its `field` names one of
// the form's inputs ("position.end" → the end date) that input is marked
// invalid, shows the message below it and gets the focus.
import { useCallback, useRef, useState } from 'react';
import { errorMessage, isApiError, type ApiError } from './api';
import { fieldFor } from './profile';

export function useFormErrors<K extends string>(prefix: string, known: readonly K[]) {
  const [serverError, setServerError] = useState<ApiError | null>(null);
  const [generic, setGeneric] = useState<string | null>(null);
  const [local, setLocal] = useState<Partial<Record<K, string>>>({});
  const refs = useRef<Partial<Record<K, HTMLElement | null>>>({});
  const knownRef = useRef(known);

  const serverField = serverError ? fieldFor(serverError.field, prefix, knownRef.current) : null;

  /** Attach to an input: ref={bind('title')}. */
  const bind = useCallback(
    (key: K) => (el: HTMLElement | null) => {
      refs.current[key] = el;
    },
    [],
  );

  const focus = useCallback((key: K) => {
    const el = refs.current[key];
    if (el && !(el as HTMLInputElement).disabled) el.focus();
  }, []);

  /** Client-side checks before sending: returns false (and focuses the first bad input) when any failed. */
  const check = useCallback(
    (errors: Partial<Record<K, string>>, order: readonly K[] = knownRef.current) => {
      setLocal(errors);
      setServerError(null);
      setGeneric(null);
      const first = order.find((k) => errors[k]);
      if (first) {
        focus(first);
        return false;
      }
      return true;
    },
    [focus],
  );

  /** Show a failed request's error. */
  const fail = useCallback(
    (err: unknown) => {
      if (isApiError(err)) {
        setServerError(err);
        setGeneric(null);
        const key = fieldFor(err.field, prefix, knownRef.current);
        if (key) focus(key);
      } else {
        setGeneric(errorMessage(err));
      }
    },
    [prefix, focus],
  );

  /** The input was changed: drop its errors. */
  const clear = useCallback(
    (key: K) => {
      setLocal((l) => (l[key] ? { ...l, [key]: undefined } : l));
      setServerError((e) => (e && fieldFor(e.field, prefix, knownRef.current) === key ? null : e));
    },
    [prefix],
  );

  const reset = useCallback(() => {
    setLocal({});
    setServerError(null);
    setGeneric(null);
  }, []);

  return {
    bind,
    check,
    fail,
    clear,
    reset,
    /** The banner's message. */
    banner: serverError?.message ?? generic,
    /** The message under one input, if any. */
    errorFor: (key: K): string | undefined => local[key] ?? (serverField === key ? serverError?.message : undefined),
    /** True when the server's error names this input. */
    serverBad: (key: K): boolean => serverField === key,
  };
}

export type FormErrors<K extends string> = ReturnType<typeof useFormErrors<K>>;
