// /posts/:id — one post with its comments open (GET /posts/{id}). Visitors see
// posts visible to anyone; a post the viewer may not see is a 404, as the
// server answers.
import { useEffect, useState } from 'react';
import { api, errorMessage, isApiError, type Post } from '../api';
import { PostCard } from '../components/PostCard';
import { postPath } from '../feed';
import { navigate } from '../router';
import { useSession } from '../session';
import { fullName, useDocumentTitle } from '../util';
import { LoadErrorPage, NotFoundPage } from './NotFound';

type Load =
  | { status: 'loading' }
  | { status: 'ok'; post: Post }
  | { status: 'missing' }
  | { status: 'error'; message: string };

export function PostPage({ id }: { id: string }) {
  const { me } = useSession();
  const [load, setLoad] = useState<Load>({ status: 'loading' });
  const [attempt, setAttempt] = useState(0);

  useEffect(() => {
    let cancelled = false;
    setLoad({ status: 'loading' });
    api.post(id).then(
      (post) => !cancelled && setLoad({ status: 'ok', post }),
      (err) => {
        if (cancelled) return;
        if (isApiError(err) && (err.status === 404 || err.status === 400)) setLoad({ status: 'missing' });
        else setLoad({ status: 'error', message: errorMessage(err) });
      },
    );
    return () => {
      cancelled = true;
    };
  }, [id, attempt]);

  const post = load.status === 'ok' ? load.post : null;
  useDocumentTitle(
    post ? `Post by ${fullName(post.author)}` : load.status === 'missing' ? 'Post not found' : null,
  );

  if (load.status === 'missing') {
    return (
      <NotFoundPage
        heading="This post isn't available"
        text="It may have been deleted, or only its author's connections can see it."
      />
    );
  }

  if (load.status === 'error') {
    return (
      <LoadErrorPage
        heading="We couldn't load this post"
        message={load.message}
        testId="post-error"
        onRetry={() => setAttempt((n) => n + 1)}
      />
    );
  }

  return (
    <div className="page page--narrow post-page" data-testid="post-page">
      <h1 className="visually-hidden">{post ? `Post by ${fullName(post.author)}` : 'Post'}</h1>
      {!post ? (
        <div className="card section" aria-busy="true">
          <div className="skeleton skeleton--line skeleton--title" />
          <div className="skeleton skeleton--line" />
          <span className="visually-hidden">Loading the post…</span>
        </div>
      ) : (
        <PostCard
          post={post}
          me={me}
          commentsOpen
          headingLevel={2}
          testId="post-card"
          onChange={(p) => setLoad({ status: 'ok', post: p })}
          onDeleted={() => navigate('/', { replace: true })}
          onReshared={(p) => navigate(postPath(p.id))}
        />
      )}
    </div>
  );
}
