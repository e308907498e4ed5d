import { useCallback, useEffect, useLayoutEffect, useRef, useState } from 'react';
import { Link, useNavigate, useParams } from 'react-router';
import { del, errorMessage, get, post as postJson, put } from '../api';
import { isModerator, useAuth } from '../auth';
import { Composer } from '../components/Composer';
import type { EditorHandle } from '../components/Editor';
import { FlagDialog } from '../components/FlagDialog';
import { PostItem } from '../components/PostItem';
import { RevisionsDialog } from '../components/RevisionsDialog';
import { ErrorNote, Loading } from '../components/common';
import { nameOf, plural, threadPath } from '../format';
import { useDocumentTitle } from '../hooks';
import { getSocket, postOf, useSocketEvents, useSocketRoom } from '../socket';
import type { Page, Post, Thread } from '../types';
import { NotFoundPage } from './NotFoundPage';

const PAGE_SIZE = 20;
const TYPING_EVERY_MS = 3000;

type Query = { after?: number; before?: number; around?: number };

function byPosition(a: Post, b: Post): number {
  return a.position - b.position;
}

/** Adds or replaces posts by id, kept in position order. */
function merge(list: Post[], incoming: Post[]): Post[] {
  const map = new Map(list.map((p) => [p.id, p]));
  for (const p of incoming) map.set(p.id, { ...map.get(p.id), ...p });
  return [...map.values()].sort(byPosition);
}

function nearBottom(): boolean {
  return window.innerHeight + window.scrollY >= document.documentElement.scrollHeight - 300;
}

function fallbackQuote(post: Post): string {
  const name = nameOf(post.author) ?? 'member';
  const member = post.author?.id ? `, member: ${post.author.id}` : '';
  return `[QUOTE="${name}, post: ${post.id}${member}"]${(post.bodySource ?? '').trim()}[/QUOTE]`;
}

function multiQuoteKey(threadId: number): string {
  return `forum.multiquote.${threadId}`;
}

function readMultiQuote(threadId: number): number[] {
  try {
    const stored = JSON.parse(sessionStorage.getItem(multiQuoteKey(threadId)) ?? '[]') as unknown;
    return Array.isArray(stored) ? stored.filter((n): n is number => typeof n === 'number') : [];
  } catch {
    return [];
  }
}

export function ThreadPage() {
  const params = useParams();
  const threadId = Number(params.id);
  const position = params.position ? Number(params.position) : null;
  const navigate = useNavigate();
  const { user } = useAuth();
  const moderator = isModerator(user);

  const [thread, setThread] = useState<Thread | null>(null);
  const [threadError, setThreadError] = useState<{ message: string; status: number | null } | null>(null);
  const [posts, setPosts] = useState<Post[]>([]);
  const [hasOlder, setHasOlder] = useState(false);
  const [hasNewer, setHasNewer] = useState(false);
  const [loadingPosts, setLoadingPosts] = useState(true);
  const [postsError, setPostsError] = useState<string | null>(null);
  const [busyEdge, setBusyEdge] = useState<'older' | 'newer' | null>(null);
  const [highlight, setHighlight] = useState<number | null>(null);
  const [scrollTarget, setScrollTarget] = useState<{ position: number; nonce: number } | null>(null);
  const [newPosts, setNewPosts] = useState<{ count: number; first: number } | null>(null);
  const [presence, setPresence] = useState<{ reading: number; typing: string[] }>({ reading: 0, typing: [] });
  const [multiQuote, setMultiQuote] = useState<number[]>(() => readMultiQuote(threadId));
  const [flagging, setFlagging] = useState<Post | null>(null);
  const [history, setHistory] = useState<Post | null>(null);
  const [actionError, setActionError] = useState<string | null>(null);

  const editor = useRef<EditorHandle>(null);
  const postsRef = useRef<Post[]>([]);
  const hasNewerRef = useRef(false);
  // highest position this page knows exists: the catch-up point after a reconnect
  const knownMax = useRef<number | null>(null);
  const lastTyping = useRef(0);
  const loadedThread = useRef<number | null>(null);
  postsRef.current = posts;
  hasNewerRef.current = hasNewer;

  useDocumentTitle(thread?.title ?? null);

  // the thread itself
  useEffect(() => {
    if (!Number.isInteger(threadId)) return;
    const controller = new AbortController();
    setThread(null);
    setThreadError(null);
    if (loadedThread.current !== threadId) setPosts([]);
    knownMax.current = null;
    setNewPosts(null);
    setPresence({ reading: 0, typing: [] });
    setMultiQuote(readMultiQuote(threadId));
    get<Thread>(`/api/threads/${threadId}`, undefined, controller.signal)
      .then((t) => {
        setThread(t);
        if (typeof t.lastPosition === 'number') knownMax.current = Math.max(knownMax.current ?? 0, t.lastPosition);
      })
      .catch((err: unknown) => {
        if (controller.signal.aborted) return;
        setThreadError({ message: errorMessage(err), status: (err as { status?: number }).status ?? null });
      });
    return () => controller.abort();
  }, [threadId]);

  const loadWindow = useCallback(
    async (query: Query, signal?: AbortSignal) => {
      const page = await get<Page<Post, number>>(`/api/threads/${threadId}/posts`, { ...query, limit: PAGE_SIZE }, signal);
      return page;
    },
    [threadId],
  );

  const showWindow = useCallback((page: Page<Post, number>) => {
    const items = [...page.items].sort(byPosition);
    setPosts(items);
    setHasOlder(page.prev !== null && page.prev !== undefined);
    setHasNewer(page.next !== null);
    hasNewerRef.current = page.next !== null;
    const last = items[items.length - 1]?.position;
    if (page.next === null && last !== undefined) knownMax.current = Math.max(knownMax.current ?? 0, last);
  }, []);

  // posts: a window around the asked position, or the first page
  useEffect(() => {
    if (!Number.isInteger(threadId)) return;
    const loaded = postsRef.current;
    if (position !== null && loadedThread.current === threadId && loaded.some((p) => p.position === position)) {
      setHighlight(position);
      setScrollTarget({ position, nonce: Date.now() });
      return;
    }
    const controller = new AbortController();
    setLoadingPosts(true);
    setPostsError(null);
    loadWindow(position !== null ? { around: position } : {}, controller.signal)
      .then((page) => {
        loadedThread.current = threadId;
        showWindow(page);
        setLoadingPosts(false);
        if (position !== null) {
          setHighlight(position);
          setScrollTarget({ position, nonce: Date.now() });
        } else {
          setHighlight(null);
          window.scrollTo(0, 0);
        }
      })
      .catch((err: unknown) => {
        if (controller.signal.aborted) return;
        setPostsError(errorMessage(err));
        setLoadingPosts(false);
      });
    return () => controller.abort();
  }, [threadId, position, loadWindow, showWindow]);

  // scroll to (and focus) a post once it is on the page
  const scrolledFor = useRef(0);
  useLayoutEffect(() => {
    if (!scrollTarget || scrolledFor.current === scrollTarget.nonce) return;
    const element = document.getElementById(`post-${scrollTarget.position}`);
    if (!element) return;
    scrolledFor.current = scrollTarget.nonce;
    element.scrollIntoView({ block: 'start' });
    element.focus({ preventScroll: true });
  }, [scrollTarget, posts]);

  const goTo = useCallback(
    (target: number) => {
      if (!thread) return;
      navigate(threadPath(thread.slug, thread.id, target));
    },
    [navigate, thread],
  );

  const loadOlder = async () => {
    const first = posts[0];
    if (!first) return;
    setBusyEdge('older');
    try {
      const page = await loadWindow({ before: first.position });
      const height = document.documentElement.scrollHeight;
      const top = window.scrollY;
      setPosts((list) => merge(list, page.items));
      setHasOlder(page.prev !== null && page.prev !== undefined && page.items.length > 0);
      // keep the reader's place while content grows above
      requestAnimationFrame(() => window.scrollTo(0, top + document.documentElement.scrollHeight - height));
    } catch (err) {
      setPostsError(errorMessage(err));
    } finally {
      setBusyEdge(null);
    }
  };

  const loadNewer = async () => {
    const last = posts[posts.length - 1];
    if (!last) return;
    setBusyEdge('newer');
    try {
      const page = await loadWindow({ after: last.position });
      setPosts((list) => merge(list, page.items));
      setHasNewer(page.next !== null && page.items.length > 0);
      hasNewerRef.current = page.next !== null && page.items.length > 0;
      if (!hasNewerRef.current) {
        const max = Math.max(last.position, ...page.items.map((p) => p.position));
        knownMax.current = Math.max(knownMax.current ?? 0, max);
        setNewPosts(null);
      }
    } catch (err) {
      setPostsError(errorMessage(err));
    } finally {
      setBusyEdge(null);
    }
  };

  // live updates
  const roomKey = thread ? `thread:${thread.id}` : null;
  useSocketRoom(
    roomKey,
    (s) => {
      const afterPosition = knownMax.current ?? undefined;
      s.emit('thread:join', afterPosition !== undefined ? { threadId, afterPosition } : { threadId });
    },
    (s) => s.emit('thread:leave', { threadId }),
  );

  const replacePost = useCallback((updated: Post) => {
    setPosts((list) => list.map((p) => (p.id === updated.id ? { ...p, ...updated } : p)));
  }, []);

  const receive = useCallback(
    (incoming: Post) => {
      if (incoming.threadId !== undefined && incoming.threadId !== threadId) return;
      if (postsRef.current.some((p) => p.id === incoming.id)) {
        replacePost(incoming);
        return;
      }
      const isNew = knownMax.current === null || incoming.position > knownMax.current;
      knownMax.current = Math.max(knownMax.current ?? 0, incoming.position);
      setThread((t) => (t && isNew ? { ...t, postCount: t.postCount + 1, replyCount: (t.replyCount ?? t.postCount - 1) + 1 } : t));
      if (!hasNewerRef.current) {
        const atBottom = nearBottom();
        setPosts((list) => merge(list, [incoming]));
        if (!atBottom && isNew) setNewPosts((n) => ({ count: (n?.count ?? 0) + 1, first: n?.first ?? incoming.position }));
      } else if (isNew) {
        setNewPosts((n) => ({ count: (n?.count ?? 0) + 1, first: n?.first ?? incoming.position }));
      }
    },
    [threadId, replacePost],
  );

  const onPostEvent = (payload: Parameters<typeof postOf>[0]) => {
    const p = postOf(payload);
    if (p.threadId !== undefined && p.threadId !== threadId) return;
    if (postsRef.current.some((q) => q.id === p.id)) replacePost(p);
  };

  useSocketEvents(
    {
      'post:created': (payload) => receive(postOf(payload)),
      'post:updated': onPostEvent,
      'post:hidden': onPostEvent,
      'post:restored': onPostEvent,
      'post:deleted': (payload) => {
        if ('postId' in payload && !('position' in payload)) {
          setPosts((list) => list.map((p) => (p.id === payload.postId ? { ...p, state: 'deleted', html: null, bodySource: null, parts: null } : p)));
        } else onPostEvent(payload as Parameters<typeof postOf>[0]);
      },
      'reaction:changed': ({ postId, reactions }) => {
        setPosts((list) => list.map((p) => (p.id === postId ? { ...p, reactions } : p)));
      },
      presence: (payload) => {
        if (payload.threadId !== threadId) return;
        setPresence({ reading: payload.reading ?? 0, typing: (payload.typing ?? []).filter((name) => name !== user?.username) });
      },
      'thread:updated': (payload) => {
        const change = 'thread' in payload && payload.thread ? payload.thread : (payload as Partial<Thread> & { id: number });
        if (change.id === threadId) setThread((t) => (t ? { ...t, ...change } : t));
      },
    },
    roomKey !== null,
  );

  // read tracking: the furthest post that has been on screen, sent a moment after scrolling stops
  const readSent = useRef<{ thread: number; position: number }>({ thread: 0, position: 0 });
  const signedIn = Boolean(user);
  const loadedThreadId = thread?.id;
  const initialRead = thread?.lastReadPosition ?? 0;
  useEffect(() => {
    if (!signedIn || loadedThreadId === undefined || posts.length === 0) return;
    if (readSent.current.thread !== loadedThreadId) readSent.current = { thread: loadedThreadId, position: initialRead };
    let seen = readSent.current.position;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const flush = () => {
      if (seen <= readSent.current.position) return;
      const position = seen;
      readSent.current = { thread: loadedThreadId, position };
      put(`/api/threads/${loadedThreadId}/read`, { position })
        .then(() =>
          setThread((t) => {
            if (!t || t.id !== loadedThreadId || (t.lastReadPosition ?? 0) >= position) return t;
            const last = t.lastPosition ?? t.postCount;
            return { ...t, lastReadPosition: position, firstUnreadPosition: position < last ? position + 1 : null, unread: position < last };
          }),
        )
        .catch(() => undefined);
    };
    const observer = new IntersectionObserver((entries) => {
      for (const entry of entries) {
        if (!entry.isIntersecting) continue;
        const position = Number((entry.target as HTMLElement).id.slice('post-'.length));
        if (position > seen) seen = position;
      }
      clearTimeout(timer);
      timer = setTimeout(flush, 1200);
    });
    for (const p of posts) {
      const element = document.getElementById(`post-${p.position}`);
      if (element) observer.observe(element);
    }
    return () => {
      observer.disconnect();
      clearTimeout(timer);
      flush();
    };
  }, [posts, signedIn, loadedThreadId, initialRead]);

  // the "N new posts" bar goes away once the reader reaches the end
  useEffect(() => {
    if (!newPosts || hasNewer) return;
    const onScroll = () => {
      if (nearBottom()) setNewPosts(null);
    };
    window.addEventListener('scroll', onScroll, { passive: true });
    return () => window.removeEventListener('scroll', onScroll);
  }, [newPosts, hasNewer]);

  const showNewPosts = () => {
    if (!newPosts) return;
    const target = newPosts.first;
    setNewPosts(null);
    if (postsRef.current.some((p) => p.position === target)) {
      setHighlight(target);
      setScrollTarget({ position: target, nonce: Date.now() });
    } else goTo(target);
  };

  const typing = useCallback(() => {
    const now = Date.now();
    if (now - lastTyping.current < TYPING_EVERY_MS) return;
    lastTyping.current = now;
    const s = getSocket();
    if (s.connected) s.emit('typing', { threadId });
  }, [threadId]);

  const onPosted = useCallback(
    (created: Post) => {
      if (!hasNewerRef.current) {
        knownMax.current = Math.max(knownMax.current ?? 0, created.position);
        setPosts((list) => merge(list, [created]));
        setHighlight(created.position);
        setScrollTarget({ position: created.position, nonce: Date.now() });
      } else goTo(created.position);
    },
    [goTo],
  );

  const quoteOne = useCallback(async (target: Post): Promise<string> => {
    try {
      const result = await get<{ bbcode: string }>(`/api/posts/${target.id}/quote`);
      return result.bbcode;
    } catch {
      return fallbackQuote(target);
    }
  }, []);

  const onQuote = useCallback(
    (target: Post) => {
      void quoteOne(target).then((bbcode) => {
        editor.current?.insertBlock(bbcode);
        document.getElementById('reply')?.scrollIntoView({ block: 'center' });
      });
    },
    [quoteOne],
  );

  const onToggleMultiQuote = useCallback(
    (target: Post) => {
      setMultiQuote((ids) => {
        const next = ids.includes(target.id) ? ids.filter((id) => id !== target.id) : [...ids, target.id];
        try {
          sessionStorage.setItem(multiQuoteKey(threadId), JSON.stringify(next));
        } catch {
          // private mode: the selection lasts until the page closes
        }
        return next;
      });
    },
    [threadId],
  );

  const insertMultiQuote = async () => {
    const ids = multiQuote;
    const texts = await Promise.all(
      ids.map(async (id) => {
        const known = postsRef.current.find((p) => p.id === id);
        if (known) return quoteOne(known);
        try {
          return (await get<{ bbcode: string }>(`/api/posts/${id}/quote`)).bbcode;
        } catch {
          return '';
        }
      }),
    );
    editor.current?.insertBlock(texts.filter(Boolean).join('\n\n'));
    setMultiQuote([]);
    try {
      sessionStorage.removeItem(multiQuoteKey(threadId));
    } catch {
      // nothing kept
    }
  };

  const onFlag = useCallback((target: Post) => setFlagging(target), []);
  const onHistory = useCallback((target: Post) => setHistory(target), []);

  const threadAction = async (action: 'lock' | 'unlock' | 'pin' | 'unpin') => {
    if (!thread) return;
    setActionError(null);
    try {
      const result = await postJson<Partial<Thread> | { thread: Thread } | null>(`/api/moderation/threads/${thread.id}/${action}`, {});
      const change = result && 'thread' in result ? result.thread : result;
      setThread((t) =>
        t ? { ...t, ...(change ?? {}), ...(action === 'lock' || action === 'unlock' ? { locked: action === 'lock' } : { pinned: action === 'pin' }) } : t,
      );
    } catch (err) {
      setActionError(errorMessage(err));
    }
  };

  const toggleWatch = async () => {
    if (!thread) return;
    setActionError(null);
    try {
      if (thread.watching) await del(`/api/threads/${thread.id}/watch`);
      else await put(`/api/threads/${thread.id}/watch`);
      setThread((t) => (t ? { ...t, watching: !t.watching } : t));
    } catch (err) {
      setActionError(errorMessage(err));
    }
  };

  if (!Number.isInteger(threadId) || threadError?.status === 404) return <NotFoundPage what="thread" />;
  if (threadError) {
    return (
      <div className="page">
        <ErrorNote message={threadError.message} />
      </div>
    );
  }

  const firstUnread =
    thread?.firstUnreadPosition ??
    (typeof thread?.lastReadPosition === 'number' && thread.lastReadPosition > 0 && thread.lastReadPosition < (thread.lastPosition ?? thread.postCount)
      ? thread.lastReadPosition + 1
      : null);
  const canReply = Boolean(user && thread && (!thread.locked || moderator));
  const replies = thread ? (thread.replyCount ?? Math.max(0, thread.postCount - 1)) : 0;
  const typingNames = presence.typing;

  return (
    <div className="page thread-page">
      <nav aria-label="Breadcrumb" className="breadcrumbs">
        <ol>
          <li>
            <Link to="/">Forums</Link>
          </li>
          {thread?.forum && (
            <li>
              <Link to={`/f/${thread.forum.slug}`}>{thread.forum.title}</Link>
            </li>
          )}
          {!thread?.forum && thread?.forumSlug && (
            <li>
              <Link to={`/f/${thread.forumSlug}`}>{thread.forumSlug}</Link>
            </li>
          )}
        </ol>
      </nav>
      <div className="thread-head">
        <h1>
          {thread?.title ?? 'Loading thread…'}
          {thread?.pinned && <span className="badge badge-pinned">Pinned</span>}
          {thread?.locked && <span className="badge badge-locked">Locked</span>}
        </h1>
        {thread && (
          <p className="muted small thread-stats">
            {plural(replies, 'reply', 'replies')}
            {presence.reading > 0 && <> · {presence.reading} reading</>}
          </p>
        )}
        <div className="thread-tools">
          {firstUnread && (
            <button type="button" className="btn btn-small" onClick={() => goTo(firstUnread)}>
              Jump to first unread
            </button>
          )}
          {user && thread && (
            <button type="button" className="btn btn-small" aria-pressed={Boolean(thread.watching)} onClick={() => void toggleWatch()}>
              {thread.watching ? 'Watching' : 'Watch'}
            </button>
          )}
          {moderator && thread && (
            <>
              <button type="button" className="btn btn-small" onClick={() => void threadAction(thread.locked ? 'unlock' : 'lock')}>
                {thread.locked ? 'Unlock' : 'Lock'}
              </button>
              <button type="button" className="btn btn-small" onClick={() => void threadAction(thread.pinned ? 'unpin' : 'pin')}>
                {thread.pinned ? 'Unpin' : 'Pin'}
              </button>
            </>
          )}
        </div>
        <ErrorNote message={actionError} />
      </div>

      <ErrorNote message={postsError} />
      {loadingPosts && posts.length === 0 ? (
        <Loading label="Loading posts…" />
      ) : (
        <>
          {hasOlder && (
            <p className="pager">
              <button type="button" className="btn" onClick={() => void loadOlder()} disabled={busyEdge !== null}>
                {busyEdge === 'older' ? 'Loading…' : 'Older posts'}
              </button>
            </p>
          )}
          <div className="post-list">
            {posts.map((p) => (
              <PostItem
                key={p.id}
                post={p}
                threadSlug={thread?.slug ?? params.slug ?? 'thread'}
                threadId={threadId}
                user={user}
                highlighted={highlight === p.position}
                multiQuoted={multiQuote.includes(p.id)}
                canReply={canReply}
                onQuote={onQuote}
                onToggleMultiQuote={onToggleMultiQuote}
                onFlag={onFlag}
                onHistory={onHistory}
                onReplace={replacePost}
              />
            ))}
          </div>
          {!loadingPosts && posts.length === 0 && !postsError && <p className="muted">No posts to show.</p>}
          {hasNewer && (
            <p className="pager">
              <button type="button" className="btn" onClick={() => void loadNewer()} disabled={busyEdge !== null}>
                {busyEdge === 'newer' ? 'Loading…' : 'Newer posts'}
              </button>
            </p>
          )}
        </>
      )}

      <div className="live-region" aria-live="polite">
        {typingNames.length > 0 && (
          <p className="typing muted small">
            {typingNames.length === 1 ? `${typingNames[0]} is typing…` : `${typingNames.slice(0, 3).join(', ')} are typing…`}
          </p>
        )}
      </div>

      {newPosts && (
        <div className="new-posts-bar">
          <button type="button" className="btn btn-primary" onClick={showNewPosts}>
            {plural(newPosts.count, 'new post')} – show
          </button>
        </div>
      )}

      {thread &&
        (canReply ? (
          <Composer
            threadId={thread.id}
            handle={editor}
            multiQuoteCount={multiQuote.length}
            onInsertMultiQuote={() => void insertMultiQuote()}
            onTyping={typing}
            onPosted={onPosted}
          />
        ) : thread.locked ? (
          <p className="notice">This thread is locked: no new replies.</p>
        ) : !user ? (
          <p className="notice">
            <Link to="/login" state={{ from: threadPath(thread.slug, thread.id) }}>
              Sign in
            </Link>{' '}
            or{' '}
            <Link to="/register" state={{ from: threadPath(thread.slug, thread.id) }}>
              register
            </Link>{' '}
            to reply.
          </p>
        ) : null)}

      <FlagDialog post={flagging} onClose={() => setFlagging(null)} />
      <RevisionsDialog post={history} onClose={() => setHistory(null)} />
    </div>
  );
}
