import type { Member } from '../api';
import { Avatar } from '../components/Avatar';
import { Link } from '../router';
import { fullName, useDocumentTitle } from '../util';

export function HomePage({ me }: { me: Member }) {
  useDocumentTitle('Home');
  const profilePath = `/in/${encodeURIComponent(me.handle)}`;
  return (
    <div className="page home">
      <aside className="home__side">
        <section className="card welcome" data-testid="welcome-card">
          <div className="welcome__banner" aria-hidden="true" />
          <div className="welcome__body">
            <Avatar member={me} size="lg" />
            <h1 className="welcome__title">Welcome, {me.first_name}!</h1>
            <p className="welcome__name">{fullName(me)}</p>
            {me.headline ? (
              <p className="welcome__headline">{me.headline}</p>
            ) : (
              <p className="welcome__headline muted">Add a headline so people know what you do.</p>
            )}
            <Link to={profilePath} className="btn btn--secondary" data-testid="welcome-profile-link">
              View your profile
            </Link>
          </div>
        </section>
      </aside>
      <div className="home__main">
        <section className="card placeholder" data-testid="feed-placeholder">
          <h2>Your feed arrives soon</h2>
          <p className="muted">
            Posts from the people you know will appear here, each with a short note on why you are
            seeing it.
          </p>
        </section>
      </div>
    </div>
  );
}
