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
