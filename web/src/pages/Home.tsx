import type { Member } from '../api';
import { Avatar } from '../components/Avatar';
import { Link } from '../router';
import { fullName, useDocumentTitle } from '../util';
import { Feed } from './Feed';

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
        <Feed me={me} />
      </div>
    </div>
  );
}
