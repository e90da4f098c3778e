// Closing a popup (a menu, a picker) when the user is done with it: a pointer
// press outside it, Escape anywhere on the page and, optionally, navigation.
//
//   const [open, setOpen] = useState(false);
//   useDismiss(open, () => setOpen(false), { inside: rootRef, returnFocus: buttonRef });
import { useEffect, useRef, type RefObject } from 'react';
import { useLocation } from './router';

/**
 * While `open`, listens on the document and calls `onDismiss` on
 * - a `pointerdown` whose target is outside `inside` (the element holding the
 *   trigger and the popup, so pressing the trigger itself does not count), and
 * - a `keydown` of Escape; then the focus moves to `returnFocus` when given.
 * With `closeOnNavigation` it is also called when the pathname changes while open.
 */
export function useDismiss(
  open: boolean,
  onDismiss: () => void,
  {
    inside,
    returnFocus,
    closeOnNavigation = false,
  }: {
    /** Presses within this element keep the popup open. */
    inside: RefObject<HTMLElement | null>;
    /** Where the focus goes after Escape (usually the button that opened the popup). */
    returnFocus?: RefObject<HTMLElement | null>;
    /** Close when the pathname changes (a menu of links); default false. */
    closeOnNavigation?: boolean;
  },
): void {
  const { pathname } = useLocation();
  // The latest values, so that the listeners are added once per opening.
  const latest = useRef({ open, onDismiss });
  useEffect(() => {
    latest.current = { open, onDismiss };
  });

  useEffect(() => {
    if (closeOnNavigation && latest.current.open) latest.current.onDismiss();
  }, [closeOnNavigation, pathname]);

  useEffect(() => {
    if (!open) return;
    function onPointer(e: PointerEvent) {
      if (inside.current && !inside.current.contains(e.target as Node)) latest.current.onDismiss();
    }
    function onKey(e: KeyboardEvent) {
      if (e.key === 'Escape') {
        latest.current.onDismiss();
        returnFocus?.current?.focus();
      }
    }
    document.addEventListener('pointerdown', onPointer);
    document.addEventListener('keydown', onKey);
    return () => {
      document.removeEventListener('pointerdown', onPointer);
      document.removeEventListener('keydown', onKey);
    };
  }, [open, inside, returnFocus]);
}
