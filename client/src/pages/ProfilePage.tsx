import { useState } from 'react';
import { Link, useParams } from 'react-router';
import { errorMessage, get, withQuery } from '../api';
import { isModerator, useAuth } from '../auth';
import { ErrorNote, Loading } from '../components/common';
import { formatCount, formatDate } from '../format';
import { useDocumentTitle, useResource } from '../hooks';
import type { Page, PublicUser, SearchHit } from '../types';
import { NotFoundPage } from './NotFoundPage';
import { SearchResults } from './SearchResults';

const ROLE_LABEL: Record<string, string> = { member: 'Member', moderator: 'Moderator', admin: 'Administrator' };

export default function ProfilePage() {
  const { username = '' } = useParams();
  const { user: me } = useAuth();
  const profile = useResource<PublicUser>(`/api/users/${encodeURIComponent(username)}`);
  const posts = useResource<Page<SearchHit>>(withQuery('/api/search', { author: username }));
  const [more, setMore] = useState<SearchHit[]>([]);
  const [next, setNext] = useState<string | null | undefined>(undefined);
  const [error, setError] = useState<string | null>(null);
  useDocumentTitle(username);

  if (profile.status === 404) return <NotFoundPage what="member" />;
  const user = profile.data;
  const cursor = next === undefined ? posts.data?.next : next;

  const loadMore = async () => {
    if (!cursor) return;
    try {
      const page = await get<Page<SearchHit>>('/api/search', { author: username, cursor });
      setMore((list) => [...list, ...page.items]);
      setNext(page.next);
    } catch (err) {
      setError(errorMessage(err));
    }
  };

  return (
    <div className="page">
      <ErrorNote message={profile.error} onRetry={profile.reload} />
      {profile.loading && !user ? (
        <Loading />
      ) : user ? (
        <div className="card profile">
          <span className="avatar avatar-large" aria-hidden="true">
            {user.username.slice(0, 1).toUpperCase()}
          </span>
          <div>
            <h1>
              {user.username}
              {user.isPlaceholder && <span className="badge badge-imported">imported</span>}
            </h1>
            <p className="muted">
              {ROLE_LABEL[user.role] ?? user.role} · {formatCount(user.postCount)} posts · joined {formatDate(user.createdAt)}
            </p>
            {user.isPlaceholder && <p className="small">This is a stand-in author for posts imported from an archive that carries no member names.</p>}
            {isModerator(me) && me?.id !== user.id && (
              <p>
                <Link to={`/mod/users/${user.id}`}>Moderate this member</Link>
              </p>
            )}
          </div>
        </div>
      ) : null}
      <section aria-labelledby="profile-posts">
        <h2 id="profile-posts">Posts</h2>
        <ErrorNote message={posts.error ?? error} />
        {posts.loading ? (
          <Loading />
        ) : posts.data && posts.data.items.length + more.length > 0 ? (
          <SearchResults hits={[...posts.data.items, ...more]} />
        ) : (
          !posts.error && <p className="muted">No posts yet.</p>
        )}
        {cursor && (
          <p className="center">
            <button type="button" className="btn" onClick={() => void loadMore()}>
              More posts
            </button>
          </p>
        )}
      </section>
    </div>
  );
}
