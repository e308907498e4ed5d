import { randomBytes } from 'node:crypto';
import { EventEmitter2 } from '@nestjs/event-emitter';
import { EVENTS, type PostCreatedEvent } from '../../src/common/events.js';
import { ForumsService } from '../../src/forums/forums.service.js';
import { PostsRepository } from '../../src/posts/posts.repository.js';
import { renderBody } from '../../src/posts/rendering/render-body.js';
import type { TestApp } from '../support/test-app.js';
import type { Member } from './members.js';

export interface CreatedThread {
  id: number;
  slug: string;
  firstPostId: number;
}

/** A forum made the way an operator would (service), with a unique slug. */
export async function createForum(t: TestApp, title = 'General'): Promise<{ id: number; slug: string }> {
  const slug = `forum-${randomBytes(4).toString('hex')}`;
  const forum = await t.app.get(ForumsService).create({ slug, title, description: `${title} talk` });
  return { id: forum.id, slug };
}

export async function createThread(t: TestApp, member: Member, forumSlug: string, title = 'A thread about things', body = 'The first post of the thread.'): Promise<CreatedThread> {
  const res = await t.http().post(`/api/forums/${forumSlug}/threads`).set('Authorization', member.auth).send({ title, body });
  if (res.status !== 201) throw new Error(`create thread failed: ${res.status} ${JSON.stringify(res.body)}`);
  return { id: res.body.thread.id, slug: res.body.thread.slug, firstPostId: res.body.post.id };
}

export async function reply(t: TestApp, member: Member, threadId: number, body: string, quotePostIds?: number[]): Promise<{ id: number; position: number; html: string }> {
  const res = await t.http().post(`/api/threads/${threadId}/posts`).set('Authorization', member.auth).send({ body, quotePostIds });
  if (res.status !== 201) throw new Error(`reply failed: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body;
}

export interface DirectPost {
  id: number;
  position: number;
  threadId: number;
  authorId: number;
  state: 'visible' | 'pending' | 'hidden';
  mentions: string[];
}

/**
 * A post written straight to the database in the state screening would give it, not yet announced:
 * lets a test choose when (and in which order) the app hears of it, with `announcePost`.
 */
export async function insertPostDirectly(t: TestApp, author: Member, threadId: number, body: string, state: DirectPost['state'] = 'visible'): Promise<DirectPost> {
  const rendered = renderBody(body);
  const repository = t.app.get(PostsRepository);
  const stateReason = state === 'visible' ? null : 'Awaiting approval by a moderator';
  const created = await repository.transaction((manager) =>
    repository.insertPost(manager, { threadId, authorId: author.id, bodySource: body, bodyHtml: rendered.html, bodyText: rendered.text, state, stateReason, kind: 'opinion', analysis: null }, { quotes: [], sources: [], attachments: [], watchAndRead: false }),
  );
  return { id: created.id, position: created.position, threadId, authorId: author.id, state, mentions: rendered.mentions };
}

/** Announces a directly written post as the posts service does after its commit. */
export function announcePost(t: TestApp, post: DirectPost, forumId: number): void {
  t.app.get(EventEmitter2).emit(EVENTS.postCreated, {
    postId: post.id,
    threadId: post.threadId,
    forumId,
    position: post.position,
    authorId: post.authorId,
    state: post.state,
    mentions: post.mentions,
    quotedPostIds: [],
    isFirstPost: false,
  } satisfies PostCreatedEvent);
}
