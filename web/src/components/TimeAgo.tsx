// "3h" for a timestamp, "3 hours ago" for screen readers and the full date on hover.
import { timeAgo } from '../feed';

export function TimeAgo({
  at,
  className,
  testId,
}: {
  at: string | number | null | undefined;
  className?: string;
  testId?: string;
}) {
  const t = timeAgo(at);
  if (!t) return null;
  return (
    <time className={className} dateTime={t.iso} title={t.full} data-testid={testId}>
      <span aria-hidden="true">{t.short}</span>
      <span className="visually-hidden">{t.long}</span>
    </time>
  );
}
