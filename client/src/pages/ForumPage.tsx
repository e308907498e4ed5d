import { useEffect, useState, type FormEvent } from 'react';
import { Link, useNavigate, useParams } from 'react-router';
import { errorMessage, get, itemsOf, post } from '../api';
import { useAuth } from '../auth';
import { Editor } from '../components/Editor';
import { ErrorNote, Loading, Time, UserLink } from '../components/common';
import { formatCount, nameOf, threadPath } from '../format';
import { readStorage, useDocumentTitle, useResource, writeStorage } from '../hooks';
import { useSocketEvents, useSocketRoom } from '../socket';
import type { Forum, Page, Thread, ThreadSummary } from '../types';
import { NotFoundPage } from './NotFoundPage';

function isUnread(thread: ThreadSummary): boolean {
  if (thread.unread !== undefined) return thread.unread;
  return typeof thread.lastReadPosition === 'number' && thread.lastReadPosition < thread.postCount;
}

function lastPostTime(thread: ThreadSummary): number {
  return new Date(thread.lastPost?.at ?? thread.lastPostAt ?? thread.createdAt ?? 0).getTime() || 0;
}

/** Pinned first, then by last post: the server's order, kept after live changes. */
function sortThreads(threads: ThreadSummary[]): ThreadSummary[] {
  return [...threads].sort((a, b) => Number(b.pinned) - Number(a.pinned) || lastPostTime(b) - lastPostTime(a) || b.id - a.id);
}

function ThreadRow({ thread }: { thread: ThreadSummary }) {
  const unread = isUnread(thread);
  const replies = thread.replyCount ?? Math.max(0, thread.postCount - 1);
  const firstUnread = typeof thread.lastReadPosition === 'number' && thread.lastReadPosition > 0 && unread ? thread.lastReadPosition + 1 : null;
  const lastBy = nameOf(thread.lastPost?.by) ?? thread.lastPostBy ?? null;
  return (
    <li className={`card thread-row${unread ? ' is-unread' : ''}${thread.pinned ? ' is-pinned' : ''}`}>
      <div className="thread-main">
        <p className="thread-title">
          {unread && (
            <span className="unread-dot" title="Unread posts">
              <span className="visually-hidden">Unread: </span>
            </span>
          )}
          <Link to={threadPath(thread.slug, thread.id)}>{thread.title}</Link>
          {thread.pinned && <span className="badge badge-pinned">Pinned</span>}
          {thread.locked && <span className="badge badge-locked">Locked</span>}
        </p>
        <p className="muted small">
          {thread.author && (
            <>
              by <UserLink user={thread.author} placeholder={thread.author.isPlaceholder} />
              {' · '}
            </>
          )}
          {thread.createdAt && <Time iso={thread.createdAt} />}
          {firstUnread && (
            <>
              {' · '}
              <Link to={threadPath(thread.slug, thread.id, firstUnread)}>first unread</Link>
            </>
          )}
        </p>
      </div>
      <dl className="stats">
        <div>
          <dt>Replies</dt>
          <dd>{formatCount(replies)}</dd>
        </div>
        {thread.viewCount !== undefined && (
          <div>
            <dt>Views</dt>
            <dd>{formatCount(thread.viewCount)}</dd>
          </div>
        )}
      </dl>
      <div className="last-post small">
        <span className="visually-hidden">Last post: </span>
        <Time iso={thread.lastPost?.at ?? thread.lastPostAt} />
        {lastBy && (
          <span className="muted">
            {' '}
            by <UserLink user={lastBy} />
          </span>
        )}
      </div>
    </li>
  );
}

function NewThreadForm({ slug, onCreated }: { slug: string; onCreated(thread: Thread): void }) {
  const draftKey = `forum.draft.forum.${slug}`;
  const [open, setOpen] = useState(false);
  const [title, setTitle] = useState('');
  const [body, setBody] = useState(() => readStorage(draftKey) ?? '');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => writeStorage(draftKey, body), [draftKey, body]);

  const submit = async (event?: FormEvent) => {
    event?.preventDefault();
    if (!title.trim() || !body.trim()) {
      setError('A thread needs a title and a first post.');
      return;
    }
    setBusy(true);
    setError(null);
    try {
      const created = await post<Thread | { thread: Thread }>(`/api/forums/${encodeURIComponent(slug)}/threads`, { title: title.trim(), body });
      writeStorage(draftKey, null);
      onCreated('thread' in created ? created.thread : created);
    } catch (err) {
      setError(errorMessage(err));
    } finally {
      setBusy(false);
    }
  };

  if (!open) {
    return (
      <button type="button" className="btn btn-primary" onClick={() => setOpen(true)}>
        New thread
      </button>
    );
  }
  return (
    <form className="card form new-thread" onSubmit={(e) => void submit(e)} aria-labelledby="new-thread-heading">
      <h2 id="new-thread-heading">New thread</h2>
      <div className="field">
        <label htmlFor="new-thread-title" className="field-label">
          Title
        </label>
        <input id="new-thread-title" value={title} onChange={(e) => setTitle(e.target.value)} maxLength={150} required autoFocus />
      </div>
      <Editor label="First post" value={body} onChange={setBody} rows={8} onSubmitShortcut={() => void submit()} required />
      <ErrorNote message={error} />
      <div className="form-actions">
        <button type="submit" className="btn btn-primary" disabled={busy}>
          {busy ? 'Posting…' : 'Post thread'}
        </button>
        <button type="button" className="btn" onClick={() => setOpen(false)}>
          Cancel
        </button>
      </div>
    </form>
  );
}

export function ForumPage() {
  const { slug = '' } = useParams();
  const { user } = useAuth();
  const navigate = useNavigate();
  const forums = useResource<Forum[] | { items: Forum[] }>('/api/forums');
  const forum = itemsOf(forums.data).find((f) => f.slug === slug);
  useDocumentTitle(forum?.title ?? slug);

  const [threads, setThreads] = useState<ThreadSummary[] | null>(null);
  const [next, setNext] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [status, setStatus] = useState<number | null>(null);
  const [loadingMore, setLoadingMore] = useState(false);

  useEffect(() => {
    const controller = new AbortController();
    setThreads(null);
    setError(null);
    setStatus(null);
    get<Page<ThreadSummary>>(`/api/forums/${encodeURIComponent(slug)}/threads`, undefined, controller.signal)
      .then((page) => {
        setThreads(page.items);
        setNext(page.next);
      })
      .catch((err: unknown) => {
        if (controller.signal.aborted) return;
        setError(errorMessage(err));
        setStatus((err as { status?: number }).status ?? null);
      });
    return () => controller.abort();
  }, [slug]);

  const loadMore = async () => {
    if (!next) return;
    setLoadingMore(true);
    try {
      const page = await get<Page<ThreadSummary>>(`/api/forums/${encodeURIComponent(slug)}/threads`, { cursor: next });
      setThreads((list) => {
        const seen = new Set((list ?? []).map((t) => t.id));
        return [...(list ?? []), ...page.items.filter((t) => !seen.has(t.id))];
      });
      setNext(page.next);
    } catch (err) {
      setError(errorMessage(err));
    } finally {
      setLoadingMore(false);
    }
  };

  useSocketRoom(
    slug,
    (s) => s.emit('forum:join', { slug }),
    (s) => s.emit('forum:leave', { slug }),
  );
  useSocketEvents({
    'thread:created': (payload) => {
      const thread = 'thread' in payload ? payload.thread : payload;
      if (thread.forumSlug && thread.forumSlug !== slug) return;
      setThreads((list) => (list && !list.some((t) => t.id === thread.id) ? sortThreads([thread, ...list]) : list));
    },
    'thread:updated': (payload) => {
      const change = 'thread' in payload && payload.thread ? payload.thread : (payload as Partial<Thread> & { id: number });
      setThreads((list) => (list ? sortThreads(list.map((t) => (t.id === change.id ? { ...t, ...change } : t))) : list));
    },
  });

  if (status === 404) return <NotFoundPage what="forum" />;
  return (
    <div className="page">
      <nav aria-label="Breadcrumb" className="breadcrumbs">
        <ol>
          <li>
            <Link to="/">Forums</Link>
          </li>
          <li aria-current="page">{forum?.title ?? slug}</li>
        </ol>
      </nav>
      <div className="page-head">
        <div>
          <h1>{forum?.title ?? slug}</h1>
          {forum?.description && <p className="muted">{forum.description}</p>}
        </div>
        {user ? (
          <NewThreadForm slug={slug} onCreated={(thread) => navigate(threadPath(thread.slug, thread.id))} />
        ) : (
          <p className="muted small">
            <Link to="/login" state={{ from: `/f/${slug}` }}>
              Sign in
            </Link>{' '}
            to start a thread.
          </p>
        )}
      </div>
      <ErrorNote message={error} />
      <h2 className="visually-hidden">Threads</h2>
      {threads === null && !error ? (
        <Loading />
      ) : threads && threads.length === 0 ? (
        <p className="muted">No threads yet. Start the first one.</p>
      ) : (
        <ul className="card-list thread-list">{threads?.map((thread) => <ThreadRow key={thread.id} thread={thread} />)}</ul>
      )}
      {next && (
        <p className="center">
          <button type="button" className="btn" onClick={() => void loadMore()} disabled={loadingMore}>
            {loadingMore ? 'Loading…' : 'Load more threads'}
          </button>
        </p>
      )}
    </div>
  );
}
