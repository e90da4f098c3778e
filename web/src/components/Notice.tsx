// Inline messages next to the control they belong to.
//
// <InlineError> is a live region that is always in the page, so screen readers
// announce the message when it appears. <LiveStatus> does the same, politely,
// for "Invitation sent" style confirmations.
import { asSentence } from '../util';

export function InlineError({ message, testId = 'inline-error' }: { message: string | null; testId?: string }) {
  return (
    <div role="alert" className="notice-slot">
      {message && (
        <p className="inline-error" data-testid={testId}>
          {asSentence(message)}
        </p>
      )}
    </div>
  );
}

export function LiveStatus({ message, testId = 'live-status' }: { message: string | null; testId?: string }) {
  return (
    <div role="status" aria-live="polite" className="notice-slot">
      {message && (
        <p className="live-status" data-testid={testId}>
          {message}
        </p>
      )}
    </div>
  );
}
