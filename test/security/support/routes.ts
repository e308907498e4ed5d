import type { Member } from '../../factories/members.js';
import type { TestApp } from '../../support/test-app.js';
import type { Cast, RoleName } from './cast.js';
import {
  automaticFlag,
  deletedPost,
  freshMember,
  freshReply,
  freshThread,
  hiddenPost,
  login,
  modPost,
  openItem,
  pendingPost,
  undoableEntry,
  unique,
  watchedWord,
} from './fixtures.js';

// How to call each route of the matrix with a valid request for one cell: fresh targets where the
// call changes them. The hostile-input test starts from the same calls and breaks them.

export interface Cell {
  role: RoleName;
  actor: Member | null;
  t: TestApp;
  cast: Cast;
}
export interface Call {
  /** the path with its parameters filled in */
  path: string;
  body?: object;
  query?: Record<string, string | number>;
}
export type Builder = (cell: Cell) => Promise<Call>;

const own = (cell: Cell): Member => cell.actor ?? cell.cast.author;

export const builders: Record<string, Builder> = {
  'POST /api/auth/register': async () => ({
    path: '/api/auth/register',
    body: { username: unique('reg').replace(/-/g, '_'), password: 'a long enough password' },
  }),
  'POST /api/auth/login': async ({ actor, cast }) => {
    const who = actor ?? cast.member;
    return { path: '/api/auth/login', body: { username: who.username, password: who.password } };
  },
  'POST /api/auth/refresh': async ({ t, actor }) => ({
    path: '/api/auth/refresh',
    body: actor ? { refreshToken: (await login(t, actor)).refreshToken } : {},
  }),
  'POST /api/auth/logout': async () => ({ path: '/api/auth/logout', body: {} }),
  'GET /api/me': async () => ({ path: '/api/me' }),
  'GET /health/live': async () => ({ path: '/health/live' }),
  'GET /health/ready': async () => ({ path: '/health/ready' }),
  'GET /metrics': async () => ({ path: '/metrics' }),
  'GET /api/users': async () => ({ path: '/api/users', query: { prefix: 'memb' } }),
  'GET /api/users/{username}': async ({ cast }) => ({ path: `/api/users/${cast.author.username}` }),
  'GET /api/forums': async () => ({ path: '/api/forums' }),
  'GET /api/forums/{slug}': async ({ cast }) => ({ path: `/api/forums/${cast.forum.slug}` }),
  'POST /api/admin/forums': async () => ({
    path: '/api/admin/forums',
    body: { slug: unique('forum'), title: 'A new forum' },
  }),
  'PUT /api/admin/users/{username}/role': async ({ t }) => ({
    path: `/api/admin/users/${(await freshMember(t)).username}/role`,
    body: { role: 'member' },
  }),
  'POST /api/posts/preview': async () => ({
    path: '/api/posts/preview',
    body: { body: '[b]preview[/b]' },
  }),
  'GET /api/posts/{id}': async ({ cast }) => ({ path: `/api/posts/${cast.thread.firstPostId}` }),
  'GET /api/posts/{id}#hidden': async ({ t, cast }) => ({
    path: `/api/posts/${(await hiddenPost(t, cast)).id}`,
  }),
  'GET /api/posts/{id}#deleted': async ({ t, cast }) => ({
    path: `/api/posts/${(await deletedPost(t, cast)).id}`,
  }),
  'GET /api/posts/{id}#pending': async ({ t, cast }) => ({
    path: `/api/posts/${(await pendingPost(t, cast)).id}`,
  }),
  'PATCH /api/posts/{id}': async ({ t, cast }) => ({
    path: `/api/posts/${(await freshReply(t, cast)).id}`,
    body: { body: 'Edited text.', reason: 'typo' },
  }),
  'PATCH /api/posts/{id}#own': async (cell) => ({
    path: `/api/posts/${cell.cast.ownPosts[own(cell).username].edit}`,
    body: { body: `Edited ${unique('e')}` },
  }),
  'DELETE /api/posts/{id}': async ({ t, cast }) => ({
    path: `/api/posts/${(await freshReply(t, cast)).id}`,
  }),
  'DELETE /api/posts/{id}#own': async (cell) => ({
    path: `/api/posts/${cell.cast.ownPosts[own(cell).username].remove}`,
  }),
  'GET /api/posts/{id}/revisions': async ({ cast }) => ({
    path: `/api/posts/${cast.thread.firstPostId}/revisions`,
  }),
  'GET /api/posts/{id}/revisions#hidden': async ({ t, cast }) => ({
    path: `/api/posts/${(await hiddenPost(t, cast)).id}/revisions`,
  }),
  'GET /api/posts/{id}/quote': async ({ cast }) => ({
    path: `/api/posts/${cast.thread.firstPostId}/quote`,
  }),
  'GET /api/posts/{id}/quote#hidden': async ({ t, cast }) => ({
    path: `/api/posts/${(await hiddenPost(t, cast)).id}/quote`,
  }),
  'PUT /api/posts/{id}/reactions/{kind}': async ({ t, cast }) => ({
    path: `/api/posts/${(await freshReply(t, cast)).id}/reactions/like`,
  }),
  'DELETE /api/posts/{id}/reactions/{kind}': async ({ t, cast }) => ({
    path: `/api/posts/${(await freshReply(t, cast)).id}/reactions/like`,
  }),
  'GET /api/forums/{slug}/threads': async ({ cast }) => ({
    path: `/api/forums/${cast.forum.slug}/threads`,
  }),
  'POST /api/forums/{slug}/threads': async ({ cast }) => ({
    path: `/api/forums/${cast.forum.slug}/threads`,
    body: { title: 'A new thread', body: 'Its first post.' },
  }),
  'GET /api/threads/{id}': async ({ cast }) => ({ path: `/api/threads/${cast.thread.id}` }),
  'GET /api/threads/{id}/posts': async ({ cast }) => ({
    path: `/api/threads/${cast.thread.id}/posts`,
  }),
  'POST /api/threads/{id}/posts': async ({ cast }) => ({
    path: `/api/threads/${cast.thread.id}/posts`,
    body: { body: 'A reply.' },
  }),
  'POST /api/threads/{id}/posts#locked': async ({ t, cast }) => {
    const thread = await freshThread(t, cast);
    await modPost(t, cast, `/api/moderation/threads/${thread.id}/lock`, { reason: 'matrix' });
    return {
      path: `/api/threads/${thread.id}/posts`,
      body: { body: 'A reply to a locked thread.' },
    };
  },
  'PUT /api/threads/{id}/watch': async ({ cast }) => ({
    path: `/api/threads/${cast.thread.id}/watch`,
  }),
  'DELETE /api/threads/{id}/watch': async ({ cast }) => ({
    path: `/api/threads/${cast.thread.id}/watch`,
  }),
  'PUT /api/threads/{id}/read': async ({ cast }) => ({
    path: `/api/threads/${cast.thread.id}/read`,
    body: { position: 1 },
  }),
  'GET /api/search': async () => ({ path: '/api/search', query: { q: 'visible first post' } }),
  'GET /t/{slug}/{id}/feed.atom': async ({ cast }) => ({
    path: `/t/${cast.thread.slug}/${cast.thread.id}/feed.atom`,
  }),
  'GET /f/{slug}/feed.atom': async ({ cast }) => ({ path: `/f/${cast.forum.slug}/feed.atom` }),
  'GET /p/{id}': async ({ cast }) => ({ path: `/p/${cast.thread.firstPostId}` }),
  'POST /api/posts/{id}/flags': async ({ t, cast }) => ({
    path: `/api/posts/${(await freshReply(t, cast)).id}/flags`,
    body: { reason: 'spam' },
  }),
  'POST /api/posts/{id}/appeal': async ({ t, cast }) => ({
    path: `/api/posts/${(await hiddenPost(t, cast)).id}/appeal`,
    body: { text: 'Please look at this again.' },
  }),
  'GET /api/moderation/queue': async () => ({ path: '/api/moderation/queue' }),
  'GET /api/moderation/items/{id}': async ({ t, cast }) => ({
    path: `/api/moderation/items/${(await openItem(t, cast)).itemId}`,
  }),
  'POST /api/moderation/items/bulk': async ({ t, cast }) => ({
    path: '/api/moderation/items/bulk',
    body: { ids: [(await openItem(t, cast)).itemId], action: 'approve' },
  }),
  'POST /api/moderation/items/{id}/claim': async ({ t, cast }) => ({
    path: `/api/moderation/items/${(await openItem(t, cast)).itemId}/claim`,
  }),
  'POST /api/moderation/items/{id}/resolve': async ({ t, cast }) => ({
    path: `/api/moderation/items/${(await openItem(t, cast)).itemId}/resolve`,
    body: { action: 'approve', reason: 'fine' },
  }),
  'POST /api/moderation/flags/{id}/wrong': async ({ t, cast }) => ({
    path: `/api/moderation/flags/${await automaticFlag(t, cast)}/wrong`,
  }),
  'GET /api/moderation/rules': async () => ({ path: '/api/moderation/rules' }),
  'GET /api/moderation/canned-reasons': async () => ({ path: '/api/moderation/canned-reasons' }),
  'GET /api/moderation/log': async () => ({ path: '/api/moderation/log' }),
  'POST /api/moderation/log/{id}/undo': async ({ t, cast }) => ({
    path: `/api/moderation/log/${await undoableEntry(t, cast)}/undo`,
  }),
  'POST /api/moderation/posts/{id}/move': async ({ t, cast }) => ({
    path: `/api/moderation/posts/${(await freshReply(t, cast)).id}/move`,
    body: { threadId: (await freshThread(t, cast)).id },
  }),
  'POST /api/moderation/posts/{id}/kind': async ({ t, cast }) => ({
    path: `/api/moderation/posts/${(await freshReply(t, cast)).id}/kind`,
    body: { kind: 'news' },
  }),
  'POST /api/moderation/posts/{id}/{action}': async ({ t, cast }) => ({
    path: `/api/moderation/posts/${(await freshReply(t, cast)).id}/hide`,
    body: { reason: 'matrix' },
  }),
  'POST /api/moderation/threads/{id}/merge': async ({ t, cast }) => ({
    path: `/api/moderation/threads/${(await freshThread(t, cast)).id}/merge`,
    body: { targetThreadId: (await freshThread(t, cast)).id },
  }),
  'POST /api/moderation/threads/{id}/split': async ({ t, cast }) => {
    const post = await freshReply(t, cast);
    return {
      path: `/api/moderation/threads/${post.threadId}/split`,
      body: { postIds: [post.id], title: 'Split off' },
    };
  },
  'POST /api/moderation/threads/{id}/slow-mode': async ({ t, cast }) => ({
    path: `/api/moderation/threads/${(await freshThread(t, cast)).id}/slow-mode`,
    body: { seconds: 30 },
  }),
  'POST /api/moderation/threads/{id}/move': async ({ t, cast }) => ({
    path: `/api/moderation/threads/${(await freshThread(t, cast)).id}/move`,
    body: { forum: cast.otherForum.slug },
  }),
  'POST /api/moderation/threads/{id}/{action}': async ({ t, cast }) => ({
    path: `/api/moderation/threads/${(await freshThread(t, cast)).id}/lock`,
    body: { reason: 'matrix' },
  }),
  'GET /api/moderation/users/{id}': async ({ cast }) => ({
    path: `/api/moderation/users/${cast.author.id}`,
  }),
  'POST /api/moderation/users/{id}/notes': async ({ cast }) => ({
    path: `/api/moderation/users/${cast.author.id}/notes`,
    body: { body: 'A private note.' },
  }),
  'POST /api/moderation/users/{id}/lift': async ({ t }) => ({
    path: `/api/moderation/users/${(await freshMember(t)).id}/lift`,
    body: { reason: 'matrix' },
  }),
  'POST /api/moderation/users/{id}/{action}': async ({ t }) => ({
    path: `/api/moderation/users/${(await freshMember(t)).id}/warn`,
    body: { reason: 'matrix warning' },
  }),
  'POST /api/moderation/users/{id}/{action}#moderator-target': async ({ cast }) => ({
    path: `/api/moderation/users/${cast.secondModerator.id}/warn`,
    body: { reason: 'matrix warning' },
  }),
  'POST /api/moderation/users/{id}/{action}#admin-target': async ({ cast }) => ({
    path: `/api/moderation/users/${cast.secondAdmin.id}/warn`,
    body: { reason: 'matrix warning' },
  }),
  'GET /api/admin/watched-words': async () => ({ path: '/api/admin/watched-words' }),
  'POST /api/admin/watched-words': async () => ({
    path: '/api/admin/watched-words',
    body: { word: unique('word').replace(/\d/g, 'z'), action: 'censor' },
  }),
  'DELETE /api/admin/watched-words/{id}': async ({ t, cast }) => ({
    path: `/api/admin/watched-words/${await watchedWord(t, cast)}`,
  }),
  'GET /api/notifications': async () => ({ path: '/api/notifications' }),
  'GET /api/notifications/unread-count': async () => ({ path: '/api/notifications/unread-count' }),
  'POST /api/notifications/read': async () => ({
    path: '/api/notifications/read',
    body: { all: true },
  }),
  'GET /api/notifications/preferences': async () => ({ path: '/api/notifications/preferences' }),
  'PUT /api/notifications/preferences': async () => ({
    path: '/api/notifications/preferences',
    body: { reaction: false },
  }),
};
