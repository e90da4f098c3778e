// Member text with @mentions, #hashtags and links turned into links. Built
// from React elements (feed.ts `segments`), never from HTML: what a member
// types is always shown as text. Links to other sites open in a new tab and
// carry rel="noopener noreferrer nofollow ugc".
import { hashtagPath, segments } from '../feed';
import { Link } from '../router';
import { profilePath } from './MemberRow';

export function PostText({
  text,
  mentions,
  hashtags,
  tags = true,
  className = 'post__text',
  testId,
}: {
  text: string;
  /** The server's list of recognised mentions; without it no mention is linked. */
  mentions?: string[] | null;
  /** The server's list of hashtags; without it every well-formed hashtag is linked. */
  hashtags?: string[] | null;
  /** Link hashtags at all (comments: no). */
  tags?: boolean;
  className?: string;
  testId?: string;
}) {
  if (!text) return null;
  const parts = segments(text, { mentions, hashtags, tags });
  return (
    <p className={`prewrap ${className}`} data-testid={testId} dir="auto">
      {parts.map((s, i) => {
        switch (s.kind) {
          case 'mention':
            return (
              <Link key={i} to={profilePath(s.handle)} className="post__mention" data-testid="post-mention" data-handle={s.handle}>
                {s.text}
              </Link>
            );
          case 'hashtag':
            return (
              <Link key={i} to={hashtagPath(s.tag)} className="post__hashtag" data-testid="post-hashtag" data-tag={s.tag}>
                {s.text}
              </Link>
            );
          case 'url':
            return (
              <a
                key={i}
                href={s.href}
                target="_blank"
                rel="noopener noreferrer nofollow ugc"
                className="post__link"
                data-testid="post-link"
              >
                {s.text}
              </a>
            );
          default:
            return <span key={i}>{s.text}</span>;
        }
      })}
    </p>
  );
}
