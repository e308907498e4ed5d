import { Link } from 'react-router';
import { itemsOf } from '../api';
import { ErrorNote, Loading, Time, UserLink } from '../components/common';
import { formatCount, threadPath } from '../format';
import { useDocumentTitle, useResource } from '../hooks';
import type { Forum } from '../types';

export function ForumIndexPage() {
  useDocumentTitle(null);
  const { data, error, loading, reload } = useResource<Forum[] | { items: Forum[] }>('/api/forums');
  const forums = itemsOf(data);
  return (
    <div className="page">
      <h1>Forums</h1>
      <ErrorNote message={error} onRetry={reload} />
      {loading && !data ? (
        <Loading />
      ) : forums.length === 0 && !error ? (
        <p className="muted">No forums yet.</p>
      ) : (
        <ul className="card-list forum-list">
          {forums.map((forum) => (
            <li key={forum.id} className="card forum-row">
              <div className="forum-main">
                <h2 className="forum-title">
                  <Link to={`/f/${forum.slug}`}>{forum.title}</Link>
                </h2>
                {forum.description && <p className="muted">{forum.description}</p>}
              </div>
              <dl className="stats">
                <div>
                  <dt>Threads</dt>
                  <dd>{formatCount(forum.threadCount)}</dd>
                </div>
                <div>
                  <dt>Posts</dt>
                  <dd>{formatCount(forum.postCount)}</dd>
                </div>
              </dl>
              <div className="last-post">
                {forum.lastPost ? (
                  <>
                    {forum.lastPost.threadId && (
                      <Link className="last-post-title" to={threadPath(forum.lastPost.threadSlug, forum.lastPost.threadId, forum.lastPost.position)}>
                        {forum.lastPost.threadTitle ?? 'Latest post'}
                      </Link>
                    )}
                    <span className="muted small">
                      <Time iso={forum.lastPost.at} />
                      {forum.lastPost.by && (
                        <>
                          {' · '}
                          <UserLink user={forum.lastPost.by} />
                        </>
                      )}
                    </span>
                  </>
                ) : forum.lastPostAt ? (
                  <span className="muted small">
                    Last post <Time iso={forum.lastPostAt} />
                  </span>
                ) : (
                  <span className="muted small">No posts yet</span>
                )}
              </div>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
