import { useDocumentTitle } from '../util';

/** A page for a section that is not built yet. */
export function PlaceholderPage({
  title,
  heading,
  text,
  testId,
}: {
  title: string;
  heading: string;
  text: string;
  testId: string;
}) {
  useDocumentTitle(title);
  return (
    <div className="page page--narrow">
      <section className="card placeholder" data-testid={testId}>
        <h1>{heading}</h1>
        <p className="muted">{text}</p>
      </section>
    </div>
  );
}
