import { Link } from '../router';
import { useDocumentTitle } from '../util';

export function NotFoundPage({
  heading = 'Page not found',
  text = "The page you're looking for doesn't exist or has moved.",
}: {
  heading?: string;
  text?: string;
}) {
  useDocumentTitle(heading);
  return (
    <div className="page page--narrow">
      <section className="card placeholder" data-testid="not-found">
        <p className="placeholder__code" aria-hidden="true">
          404
        </p>
        <h1>{heading}</h1>
        <p className="muted">{text}</p>
        <Link to="/" className="btn btn--primary">
          Go to Kring home
        </Link>
      </section>
    </div>
  );
}

/** A page whose data could not be loaded: what failed, why, and a retry. */
export function LoadErrorPage({
  heading,
  message,
  testId,
  onRetry,
}: {
  heading: string;
  message: string;
  testId: string;
  onRetry: () => void;
}) {
  return (
    <div className="page page--narrow">
      <section className="card placeholder" role="alert" data-testid={testId}>
        <h1>{heading}</h1>
        <p className="muted">{message}</p>
        <button type="button" className="btn btn--primary" onClick={onRetry}>
          Try again
        </button>
      </section>
    </div>
  );
}
