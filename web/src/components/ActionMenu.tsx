// A button that opens a small menu of actions: a post's "⋯" menu, a profile's
// "More ▾" menu. The menu closes on a pick, an outside click, navigation or
// Escape (after a pick or Escape the focus returns to the button). Items are
// ordinary buttons and links, reached with Tab.
import { useId, useRef, useState, type ReactNode } from 'react';
import { useDismiss } from '../dismiss';

export function ActionMenu({
  label,
  text,
  testId,
  children,
  align = 'end',
}: {
  /** The button's accessible name ("More actions for Anna's post"); needed unless `text` names it. */
  label?: string;
  /** Show a text button with this content ("More ▾") instead of the "⋯" icon button. */
  text?: ReactNode;
  testId?: string;
  /** The menu's <li> items; call `close` after a pick. */
  children: (close: () => void) => ReactNode;
  /** Which edge of the button the menu lines up with. */
  align?: 'start' | 'end';
}) {
  const [open, setOpen] = useState(false);
  const rootRef = useRef<HTMLDivElement>(null);
  const buttonRef = useRef<HTMLButtonElement>(null);
  const menuId = useId();
  useDismiss(open, () => setOpen(false), { inside: rootRef, returnFocus: buttonRef, closeOnNavigation: true });

  return (
    <div className={text === undefined ? 'more-menu action-menu' : 'more-menu'} ref={rootRef}>
      <button
        ref={buttonRef}
        type="button"
        className={text === undefined ? 'icon-btn icon-btn--sm' : 'btn btn--ghost'}
        aria-label={label}
        aria-expanded={open}
        aria-controls={menuId}
        onClick={() => setOpen((o) => !o)}
        data-testid={testId}
      >
        {text === undefined ? <span aria-hidden="true">⋯</span> : text}
      </button>
      <div
        id={menuId}
        className={align === 'end' ? 'more-menu__panel action-menu__panel--end' : 'more-menu__panel'}
        hidden={!open}
      >
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
