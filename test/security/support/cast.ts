import { randomBytes } from 'node:crypto';
import { WatchedWordsService } from '../../../src/moderation/watched-words.service.js';
import { createForum, createThread, reply } from '../../factories/content.js';
import { createMemberWithRole, type Member, registerMember } from '../../factories/members.js';
import type { TestApp } from '../../support/test-app.js';

// The people of the authorization matrix, and the content they act on. Every role that needs it
// has posts of its own written before any sanction, so "own post" cases exist for all of them.

export const ROLES = [
  'guest',
  'member',
  'author',
  'other',
  'silenced',
  'suspended',
  'moderator',
  'admin',
] as const;
export type RoleName = (typeof ROLES)[number];

export interface Cast {
  guest: null;
  /** joined a moment ago: fewer visible posts than NEW_MEMBER_POSTS */
  member: Member;
  /** writes the posts and threads the routes act on */
  author: Member;
  /** an established member who is not the author */
  other: Member;
  silenced: Member;
  suspended: Member;
  moderator: Member;
  admin: Member;
  forum: { id: number; slug: string };
  /** a second forum (threads move there) */
  otherForum: { id: number; slug: string };
  /** a thread of the author's that stays visible and unlocked */
  thread: { id: number; slug: string; firstPostId: number };
  /** a word whose posts wait for approval, and one that raises an automatic flag */
  holdWord: string;
  flagWord: string;
  /** by username: two posts of each member's own (one to edit, one to delete), written before any sanction */
  ownPosts: Record<string, { edit: number; remove: number }>;
  /** targets for sanctions on staff */
  secondModerator: Member;
  secondAdmin: Member;
}

export const FAR_FUTURE = () => new Date(Date.now() + 7 * 86400_000).toISOString();

/** A member with three visible posts: past the new-member rules. */
export async function establishedMember(
  t: TestApp,
  forumSlug: string,
  role?: 'moderator' | 'admin',
): Promise<Member> {
  const member = role ? await createMemberWithRole(t, role) : await registerMember(t);
  const thread = await createThread(
    t,
    member,
    forumSlug,
    'Introductions',
    'Hello everyone, glad to be here.',
  );
  await reply(t, member, thread.id, 'A second friendly post.');
  await reply(t, member, thread.id, 'And a third one for good measure.');
  return member;
}

export async function sanction(
  t: TestApp,
  moderator: Member,
  target: Member,
  action: 'silence' | 'suspend' | 'ban',
): Promise<void> {
  const res = await t
    .http()
    .post(`/api/moderation/users/${target.id}/${action}`)
    .set('Authorization', moderator.auth)
    .send({ reason: 'matrix test', until: FAR_FUTURE() });
  if (res.status !== 201)
    throw new Error(`${action} failed: ${res.status} ${JSON.stringify(res.body)}`);
}

export async function createCast(t: TestApp): Promise<Cast> {
  const forum = await createForum(t, 'Matrix');
  const otherForum = await createForum(t, 'Elsewhere');
  const [author, other, silenced, suspended, moderator, admin] = await Promise.all([
    establishedMember(t, forum.slug),
    establishedMember(t, forum.slug),
    establishedMember(t, forum.slug),
    establishedMember(t, forum.slug),
    establishedMember(t, forum.slug, 'moderator'),
    establishedMember(t, forum.slug, 'admin'),
  ]);
  const member = await registerMember(t);
  const [secondModerator, secondAdmin] = await Promise.all([
    createMemberWithRole(t, 'moderator'),
    createMemberWithRole(t, 'admin'),
  ]);
  const thread = await createThread(
    t,
    author,
    forum.slug,
    'The matrix thread',
    'A visible first post everybody may read.',
  );
  const ownPosts: Cast['ownPosts'] = {};
  for (const who of [member, author, other, silenced, suspended, moderator, admin]) {
    const ownThread = await createThread(t, who, forum.slug, 'My own thread', 'Mine to keep.');
    ownPosts[who.username] = {
      edit: (await reply(t, who, ownThread.id, 'Mine to edit.')).id,
      remove: (await reply(t, who, ownThread.id, 'Mine to delete.')).id,
    };
  }
  await sanction(t, moderator, silenced, 'silence');
  await sanction(t, moderator, suspended, 'suspend');
  const suffix = randomBytes(3).toString('hex').replace(/\d/g, 'q');
  const holdWord = `holdme${suffix}`;
  const flagWord = `flagme${suffix}`;
  const words = t.app.get(WatchedWordsService);
  await words.add(admin.id, { word: holdWord, action: 'require-approval' });
  await words.add(admin.id, { word: flagWord, action: 'flag' });
  return {
    guest: null,
    member,
    author,
    other,
    silenced,
    suspended,
    moderator,
    admin,
    forum,
    otherForum,
    thread,
    holdWord,
    flagWord,
    ownPosts,
    secondModerator,
    secondAdmin,
  };
}

/** The Authorization header of a role (none for a guest). */
export const authOf = (cast: Cast, role: RoleName): string | null =>
  role === 'guest' ? null : cast[role].auth;
export const memberOf = (cast: Cast, role: RoleName): Member | null =>
  role === 'guest' ? null : cast[role];
