import { randomBytes } from 'node:crypto';
import { ForumsService } from '../../src/forums/forums.service.js';
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
