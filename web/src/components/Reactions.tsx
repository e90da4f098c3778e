// Reactions on a post: the counts per type, and the viewer's reaction button
// with a picker of the six types. The main button adds a Like, or removes the
// viewer's reaction when there is one (aria-pressed says which); the picker
// ("Choose a reaction") picks or changes the type, and picking the current
// type again removes it.
import { useEffect, useId, useRef, useState } from 'react';
import type { ReactionCounts, ReactionType } from '../api';
import { useDismiss } from '../dismiss';
import { REACTIONS, reactionInfo, reactionList, reactionTotal } from '../feed';
import { ChevronDownIcon } from './Icons';
import { ReactionIcon } from './PostIcons';

/** The types with reactions, each with its icon and count (its name for screen readers and on hover). */
export function ReactionCountsLine({ counts }: { counts: ReactionCounts }) {
  const list = reactionList(counts);
  const total = reactionTotal(counts);
  if (!total) return null;
  return (
    <span className="reaction-counts" data-testid="reaction-counts" data-total={total}>
      <ul className="reaction-counts__list" aria-label={`${total.toLocaleString('en')} ${total === 1 ? 'reaction' : 'reactions'}`}>
        {list.map(({ type, count }) => {
          const info = reactionInfo(type);
          return (
            <li
              key={type}
              className="reaction-counts__item"
              title={`${info.label}: ${count.toLocaleString('en')}`}
              data-testid="reaction-count"
              data-type={type}
              data-count={count}
            >
              <ReactionIcon type={type} width={16} height={16} />
              <span className="reaction-counts__n">
                <span className="visually-hidden">{info.label}: </span>
                {count.toLocaleString('en')}
              </span>
            </li>
          );
        })}
      </ul>
    </span>
  );
}

export function ReactionButton({
  mine,
  busy,
  onReact,
  postLabel,
}: {
  mine: ReactionType | null;
  busy: boolean;
  /** Set (a type) or remove (null) the viewer's reaction. */
  onReact: (type: ReactionType | null) => void;
  /** Names the post in the buttons' labels ("Anna's post"). */
  postLabel: string;
}) {
  const [open, setOpen] = useState(false);
  const rootRef = useRef<HTMLDivElement>(null);
  const toggleRef = useRef<HTMLButtonElement>(null);
  const pickerId = useId();
  const current = mine ? reactionInfo(mine) : null;

  // Close on an outside press or Escape (the focus goes back to the toggle).
  useDismiss(open, () => setOpen(false), { inside: rootRef, returnFocus: toggleRef });

  // Open the picker with the focus on the current type (or the first).
  useEffect(() => {
    if (!open) return;
    const root = rootRef.current;
    const pressed = root?.querySelector<HTMLButtonElement>('.reaction-picker [aria-pressed="true"]');
    (pressed ?? root?.querySelector<HTMLButtonElement>('.reaction-picker button'))?.focus();
  }, [open]);

  function pick(type: ReactionType) {
    setOpen(false);
    toggleRef.current?.focus();
    onReact(mine === type ? null : type);
  }

  return (
    <div className="reaction-button" ref={rootRef}>
      <button
        type="button"
        className={`post-action${mine ? ' is-active' : ''}`}
        aria-pressed={Boolean(mine)}
        aria-label={current ? `${current.label} (your reaction to ${postLabel}; press to remove)` : `Like ${postLabel}`}
        disabled={busy}
        onClick={() => onReact(mine ? null : 'like')}
        data-testid="post-react"
        data-reaction={mine ?? ''}
      >
        <ReactionIcon type={current ? current.type : 'like'} />
        <span>{current ? current.label : 'Like'}</span>
      </button>
      <button
        ref={toggleRef}
        type="button"
        className="post-action post-action--narrow"
        aria-label={`Choose a reaction to ${postLabel}`}
        aria-expanded={open}
        aria-controls={pickerId}
        disabled={busy}
        onClick={() => setOpen((o) => !o)}
        data-testid="post-react-more"
      >
        <ChevronDownIcon width={14} height={14} />
      </button>
      <div id={pickerId} className="reaction-picker" role="group" aria-label="Reactions" hidden={!open}>
        {REACTIONS.map((r) => (
          <button
            key={r.type}
            type="button"
            className={`reaction-picker__option${mine === r.type ? ' is-active' : ''}`}
            aria-pressed={mine === r.type}
            onClick={() => pick(r.type)}
            data-testid="reaction-option"
            data-type={r.type}
          >
            <ReactionIcon type={r.type} width={26} height={26} />
            <span className="reaction-picker__label">{r.label}</span>
          </button>
        ))}
      </div>
    </div>
  );
}
