// A post inside another: the original of a reshare (in the feed and in the
// Reshare dialog). Its author, time and text; the whole post is a link away.
import type { PostSummary } from '../api';
import { postPath } from '../feed';
import { Link } from '../router';
import { fullName } from '../util';
import { Avatar } from './Avatar';
import { DegreeBadge, profilePath } from './MemberRow';
import { PostText } from './PostText';
import { TimeAgo } from './TimeAgo';

export function EmbeddedPost({ post }: { post: PostSummary }) {
  const a = post.author;
  return (
    <div className="post-embed" data-testid="post-embed" data-post-id={post.id}>
      <div className="post-embed__head">
        <Avatar member={a} size="sm" />
        <div className="post-embed__who">
          <span className="post-embed__name">
            <Link to={profilePath(a.handle)} data-testid="post-embed-author">
              {fullName(a)}
            </Link>{' '}
            <DegreeBadge degree={a.degree} />
          </span>
          {a.headline && <span className="post-embed__headline">{a.headline}</span>}
          <span className="post-embed__meta">
            <Link to={postPath(post.id)} className="post__time-link">
              <TimeAgo at={post.created_at} />
              <span className="visually-hidden">, open the original post</span>
            </Link>
            {post.edited_at && <span> · Edited</span>}
          </span>
        </div>
      </div>
      <PostText text={post.text} className="post__text post-embed__text" testId="post-embed-text" />
    </div>
  );
}
