import { randomBytes } from 'node:crypto';
import { createThread, type CreatedThread, reply } from '../../factories/content.js';
import { type Member, registerMember } from '../../factories/members.js';
import type { TestApp } from '../../support/test-app.js';
import type { Cast } from './cast.js';

// Fresh targets for one cell of the matrix: a write in one cell never changes what the next sees.

export const unique = (prefix: string) => `${prefix}-${randomBytes(4).toString('hex')}`;

export async function freshThread(
  t: TestApp,
  cast: Cast,
  by: Member = cast.author,
  body = 'A fresh thread for one test.',
): Promise<CreatedThread> {
  return createThread(t, by, cast.forum.slug, `Thread ${unique('t')}`, body);
}

/** A reply (position 2) of `by` in a thread of its own. */
export async function freshReply(
  t: TestApp,
  cast: Cast,
  by: Member = cast.author,
  body = 'A fresh reply for one test.',
): Promise<{ id: number; threadId: number; position: number }> {
  const thread = await freshThread(t, cast, by);
  const posted = await reply(t, by, thread.id, body);
  return { id: posted.id, threadId: thread.id, position: posted.position };
}

export async function modPost(
  t: TestApp,
  cast: Cast,
  path: string,
  body: object = {},
): Promise<Record<string, unknown>> {
  const res = await t.http().post(path).set('Authorization', cast.moderator.auth).send(body);
  if (res.status >= 300) throw new Error(`${path}: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body as Record<string, unknown>;
}

export async function hiddenPost(
  t: TestApp,
  cast: Cast,
  body = 'This post will be hidden by a moderator.',
): Promise<{ id: number; threadId: number }> {
  const post = await freshReply(t, cast, cast.author, body);
  await modPost(t, cast, `/api/moderation/posts/${post.id}/hide`, { reason: 'matrix: hidden' });
  return post;
}

export async function deletedPost(
  t: TestApp,
  cast: Cast,
  body = 'This post will be deleted by a moderator.',
): Promise<{ id: number; threadId: number }> {
  const post = await freshReply(t, cast, cast.author, body);
  await modPost(t, cast, `/api/moderation/posts/${post.id}/delete`, { reason: 'matrix: deleted' });
  return post;
}

/** A post held for approval (the author wrote a word that requires it). */
export async function pendingPost(
  t: TestApp,
  cast: Cast,
  text = 'waits for approval',
): Promise<{ id: number; threadId: number; position: number }> {
  const thread = await freshThread(t, cast);
  const res = await t
    .http()
    .post(`/api/threads/${thread.id}/posts`)
    .set('Authorization', cast.author.auth)
    .send({ body: `This ${cast.holdWord} post ${text}.` });
  if (res.status !== 201 || res.body.state !== 'pending')
    throw new Error(`pending post: ${res.status} ${JSON.stringify(res.body)}`);
  return { id: res.body.id, threadId: thread.id, position: res.body.position };
}

/** An open review item: `other` flags a fresh post of the author. */
export async function openItem(
  t: TestApp,
  cast: Cast,
): Promise<{ itemId: number; postId: number }> {
  const post = await freshReply(t, cast);
  const res = await t
    .http()
    .post(`/api/posts/${post.id}/flags`)
    .set('Authorization', cast.other.auth)
    .send({ reason: 'spam' });
  if (res.status !== 201) throw new Error(`flag: ${res.status} ${JSON.stringify(res.body)}`);
  return { itemId: res.body.itemId, postId: post.id };
}

/** An automatic flag (a watched word with action flag). */
export async function automaticFlag(t: TestApp, cast: Cast): Promise<number> {
  const thread = await freshThread(
    t,
    cast,
    cast.author,
    `Contains ${cast.flagWord} for the screening.`,
  );
  const queue = await t
    .http()
    .get('/api/moderation/queue')
    .query({ thread: thread.id })
    .set('Authorization', cast.moderator.auth);
  const flag = (
    queue.body.items as { flags: { id: number; system: boolean }[] }[]
  )?.[0]?.flags.find((f) => f.system);
  if (!flag) throw new Error(`no automatic flag: ${JSON.stringify(queue.body)}`);
  return flag.id;
}

/** A log entry that can be undone (a moderator hid a post). */
export async function undoableEntry(t: TestApp, cast: Cast): Promise<number> {
  const post = await hiddenPost(t, cast);
  const log = await t
    .http()
    .get('/api/moderation/log')
    .query({ targetType: 'post', targetId: post.id })
    .set('Authorization', cast.moderator.auth);
  const entry = (log.body.items as { id: number; action: string }[]).find(
    (e) => e.action === 'post-hide',
  );
  if (!entry) throw new Error(`no log entry: ${JSON.stringify(log.body)}`);
  return entry.id;
}

export async function freshMember(t: TestApp): Promise<Member> {
  return registerMember(t);
}

export async function watchedWord(t: TestApp, cast: Cast): Promise<number> {
  const res = await t
    .http()
    .post('/api/admin/watched-words')
    .set('Authorization', cast.admin.auth)
    .send({ word: unique('word').replace(/\d/g, 'x'), action: 'flag' });
  if (res.status !== 201)
    throw new Error(`watched word: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body.id;
}

export async function login(
  t: TestApp,
  member: Member,
): Promise<{ accessToken: string; refreshToken: string }> {
  const res = await t
    .http()
    .post('/api/auth/login')
    .send({ username: member.username, password: member.password });
  if (res.status !== 200) throw new Error(`login: ${res.status}`);
  return res.body;
}
