import { HandshakeIcon, KeyIcon, ScaleIcon } from '../components/Icons';
import { Link } from '../router';
import { useDocumentTitle } from '../util';

const POINTS = [
  {
    icon: ScaleIcon,
    title: 'Explainable rankings',
    text: 'Every suggestion, search result and feed post comes with the reason it was shown to you. No black boxes.',
  },
  {
    icon: KeyIcon,
    title: 'Members own their data',
    text: 'Your profile and your network belong to you. Run Kring on your own server, and take your data with you.',
  },
  {
    icon: HandshakeIcon,
    title: 'Real ties over connection collecting',
    text: 'Kring values the people you have actually worked with over the size of your contact list.',
  },
];

export function LandingPage() {
  useDocumentTitle(null);
  return (
    <div className="landing" data-testid="landing">
      <section className="landing__hero">
        <h1 className="landing__title">Your professional network, on your terms.</h1>
        <p className="landing__lead">
          Kring is a self-hostable professional network: keep in touch with the people you work with,
          show what you do, and find your next opportunity.
        </p>
        <div className="landing__actions">
          <Link to="/signup" className="btn btn--primary btn--lg" data-testid="landing-join">
            Join Kring
          </Link>
          <Link to="/login" className="btn btn--secondary btn--lg" data-testid="landing-login">
            Log in
          </Link>
        </div>
      </section>
      <ul className="landing__points">
        {POINTS.map(({ icon: Icon, title, text }) => (
          <li key={title} className="card landing__point">
            <span className="landing__icon">
              <Icon />
            </span>
            <h2>{title}</h2>
            <p>{text}</p>
          </li>
        ))}
      </ul>
    </div>
  );
}
