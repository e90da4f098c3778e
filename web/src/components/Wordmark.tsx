// The Kring wordmark: a ring with a small "tie" dot, followed by the name.
export function RingMark({ size = 32 }: { size?: number }) {
  return (
    <svg
      width={size}
      height={size}
      viewBox="0 0 32 32"
      aria-hidden="true"
      focusable="false"
      className="ringmark"
    >
      <rect width="32" height="32" rx="7" fill="var(--brand)" />
      <circle cx="16" cy="16" r="9" fill="none" stroke="#fff" strokeWidth="3.5" />
      <circle cx="23" cy="9" r="3.5" fill="var(--accent)" />
    </svg>
  );
}

export function Wordmark({ compact = false }: { compact?: boolean }) {
  return (
    <span className={compact ? 'wordmark wordmark--compact' : 'wordmark'}>
      <RingMark />
      <span className="wordmark__text">Kring</span>
    </span>
  );
}
