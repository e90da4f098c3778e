// A button that opens a small menu of actions (a post's "…" menu). The menu
// closes on a pick, an outside click, navigation or Escape (the focus then
// returns to the button). Items are ordinary buttons and links, reached with Tab.
import { useEffect, useId, useRef, useState, type ReactNode } from 'react';
import { useLocation } from '../router';

export function ActionMenu({
  label,
  testId,
  children,
  align = 'end',
}: {
  /** The button's accessible name ("More actions for Anna's post"). */
  label: string;
  testId?: string;
  /** The menu's <li> items; call `close` after a pick. */
  children: (close: () => void) => ReactNode;
  align?: 'start' | 'end';
}) {
  const [open, setOpen] = useState(false);
  const rootRef = useRef<HTMLDivElement>(null);
  const buttonRef = useRef<HTMLButtonElement>(null);
  const menuId = useId();
  const { pathname } = useLocation();

  useEffect(() => setOpen(false), [pathname]);

  useEffect(() => {
    if (!open) return;
    function onPointer(e: PointerEvent) {
      if (rootRef.current && !rootRef.current.contains(e.target as Node)) setOpen(false);
    }
    function onKey(e: KeyboardEvent) {
      if (e.key === 'Escape') {
        setOpen(false);
        buttonRef.current?.focus();
      }
    }
    document.addEventListener('pointerdown', onPointer);
    document.addEventListener('keydown', onKey);
    return () => {
      document.removeEventListener('pointerdown', onPointer);
      document.removeEventListener('keydown', onKey);
    };
  }, [open]);

  return (
    <div className="more-menu action-menu" ref={rootRef}>
      <button
        ref={buttonRef}
        type="button"
        className="icon-btn icon-btn--sm"
        aria-label={label}
        aria-expanded={open}
        aria-controls={menuId}
        onClick={() => setOpen((o) => !o)}
        data-testid={testId}
      >
        <span aria-hidden="true">⋯</span>
      </button>
      <div id={menuId} className={`more-menu__panel action-menu__panel--${align}`} hidden={!open}>
        <ul className="me-menu__list">
          {children(() => {
            setOpen(false);
            buttonRef.current?.focus();
          })}
        </ul>
      </div>
    </div>
  );
}
