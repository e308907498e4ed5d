import { ImportService } from '../../src/import/import.service.js';
import { readSeed, SEED } from '../../src/import/seed.js';
import { createForum, createThread, reply } from '../factories/content.js';
import { createMemberWithRole, type Member, registerMember } from '../factories/members.js';
import { startTestApp, type TestApp } from '../support/test-app.js';

interface Item {
  id: number;
  queue: string;
  status: string;
  score: number;
  reasons: string[];
  claimedBy: string | null;
  post: { id: number; kind: string; state: string; bodySource: string } | null;
  flags: { id: number; reason: string; by: string | null; system: boolean; rule: string | null; severity: string | null; evidence: string | null; relatedPostId: number | null }[];
  authorHistory: { username: string; postCount: number } | null;
  notes: { body: string }[];
}

/** A member with enough visible posts not to count as new (their posts skip the approval queue). */
async function establishedMember(t: TestApp, forumSlug: string): Promise<Member> {
  const member = await registerMember(t);
  const thread = await createThread(t, member, forumSlug, 'Introductions', 'Hello everyone, glad to be here.');
  await reply(t, member, thread.id, 'A second friendly post.');
  await reply(t, member, thread.id, 'And a third one for good measure.');
  return member;
}

describe('moderation', () => {
  let t: TestApp;
  let forum: { slug: string };
  let moderator: Member;
  let moderator2: Member;
  let admin: Member;
  let alice: Member;
  let bob: Member;

  const queue = async (who: Member, query: Record<string, string | number> = {}) =>
    (await t.http().get('/api/moderation/queue').query(query).set('Authorization', who.auth)).body.items as Item[];
  const itemOfPost = async (postId: number, query: Record<string, string> = {}) => (await queue(moderator, { status: 'active', ...query })).find((i) => i.post?.id === postId);

  beforeAll(async () => {
    t = await startTestApp({ FLAG_HIDE_SCORE: '3', FLAGS_PER_MINUTE: '1000', AUTO_SLOW_MODE_REPLIES_PER_MINUTE: '0' });
    forum = await createForum(t, 'Moderated');
    moderator = await createMemberWithRole(t, 'moderator');
    moderator2 = await createMemberWithRole(t, 'moderator');
    admin = await createMemberWithRole(t, 'admin');
    alice = await establishedMember(t, forum.slug);
    bob = await establishedMember(t, forum.slug);
  });
  afterAll(() => t.close());

  describe('flags', () => {
    it('groups flags on a post into one review item and refuses a second open flag by the same member', async () => {
      const thread = await createThread(t, alice, forum.slug, 'Flag me', 'A perfectly ordinary post.');
      const first = await t.http().post(`/api/posts/${thread.firstPostId}/flags`).set('Authorization', bob.auth).send({ reason: 'off-topic' });
      expect(first.status).toBe(201);
      expect(first.body).toMatchObject({ hidden: false });
      const again = await t.http().post(`/api/posts/${thread.firstPostId}/flags`).set('Authorization', bob.auth).send({ reason: 'spam' });
      expect(again.status).toBe(409);
      const carol = await registerMember(t);
      const second = await t.http().post(`/api/posts/${thread.firstPostId}/flags`).set('Authorization', carol.auth).send({ reason: 'spam' });
      expect(second.body.itemId).toBe(first.body.itemId);
      const item = await itemOfPost(thread.firstPostId);
      expect(item!.flags.map((f) => f.reason).sort()).toEqual(['off-topic', 'spam']);
      expect(item!.reasons.sort()).toEqual(['off-topic', 'spam']);
      expect(item!.score).toBeGreaterThan(1);
    });

    it('refuses bad flags: unknown reason, other without a note, own post, guest', async () => {
      const thread = await createThread(t, alice, forum.slug);
      expect((await t.http().post(`/api/posts/${thread.firstPostId}/flags`).set('Authorization', bob.auth).send({ reason: 'boring' })).status).toBe(400);
      expect((await t.http().post(`/api/posts/${thread.firstPostId}/flags`).set('Authorization', bob.auth).send({ reason: 'other' })).status).toBe(400);
      expect((await t.http().post(`/api/posts/${thread.firstPostId}/flags`).set('Authorization', alice.auth).send({ reason: 'spam' })).status).toBe(400);
      expect((await t.http().post(`/api/posts/${thread.firstPostId}/flags`).send({ reason: 'spam' })).status).toBe(401);
      expect((await t.http().post(`/api/posts/999999/flags`).set('Authorization', bob.auth).send({ reason: 'spam' })).status).toBe(404);
    });

    it('hides a post once flags pass the threshold: only its author and moderators still see it', async () => {
      const thread = await createThread(t, alice, forum.slug, 'Threshold', 'Contested words here.');
      const flaggers = await Promise.all([registerMember(t), registerMember(t), registerMember(t), registerMember(t)]);
      let hidden = false;
      for (const f of flaggers) {
        const res = await t.http().post(`/api/posts/${thread.firstPostId}/flags`).set('Authorization', f.auth).send({ reason: 'abuse' });
        hidden = hidden || res.body.hidden;
      }
      expect(hidden).toBe(true);
      expect((await t.http().get(`/api/posts/${thread.firstPostId}`)).body).toMatchObject({ state: 'hidden', html: null });
      expect((await t.http().get(`/api/posts/${thread.firstPostId}`).set('Authorization', alice.auth)).body.bodySource).toBe('Contested words here.');
      expect((await t.http().get(`/api/posts/${thread.firstPostId}`).set('Authorization', moderator.auth)).body.stateReason).toMatch(/pending review/);
    });
  });

  describe('review queue', () => {
    it('is for moderators only', async () => {
      expect((await t.http().get('/api/moderation/queue')).status).toBe(401);
      expect((await t.http().get('/api/moderation/queue').set('Authorization', alice.auth)).status).toBe(403);
      expect((await t.http().get('/api/moderation/queue').set('Authorization', moderator.auth)).status).toBe(200);
    });

    it('shows the post, its kind, all flags, the author history and notes; filters by reason and thread', async () => {
      const thread = await createThread(t, alice, forum.slug, 'Queue details', 'I think this forum is great.');
      await t.http().post(`/api/posts/${thread.firstPostId}/flags`).set('Authorization', bob.auth).send({ reason: 'misinformation', note: 'not true' });
      await t.http().post(`/api/moderation/users/${alice.id}/notes`).set('Authorization', moderator.auth).send({ body: 'Usually constructive.' });
      const items = await queue(moderator, { thread: thread.id });
      expect(items).toHaveLength(1);
      expect(items[0]).toMatchObject({ status: 'open', post: { id: thread.firstPostId, kind: 'opinion' }, authorHistory: { username: alice.username } });
      expect(items[0].flags[0]).toMatchObject({ reason: 'misinformation', by: bob.username, system: false });
      expect(items[0].notes.map((n) => n.body)).toContain('Usually constructive.');
      expect((await queue(moderator, { reason: 'misinformation', thread: thread.id })).length).toBe(1);
      expect((await queue(moderator, { reason: 'spam', thread: thread.id })).length).toBe(0);
      expect((await queue(moderator, { kind: 'news', thread: thread.id })).length).toBe(0);
      expect((await t.http().get('/api/moderation/queue').query({ status: 'bogus' }).set('Authorization', moderator.auth)).status).toBe(400);
    });

    it('lets one moderator claim an item; another cannot resolve it; approving dismisses the flags', async () => {
      const thread = await createThread(t, alice, forum.slug, 'Claimed', 'Fine content.');
      const flag = await t.http().post(`/api/posts/${thread.firstPostId}/flags`).set('Authorization', bob.auth).send({ reason: 'spam' });
      const itemId = flag.body.itemId;
      const claim = await t.http().post(`/api/moderation/items/${itemId}/claim`).set('Authorization', moderator.auth);
      expect(claim.body).toMatchObject({ status: 'claimed', claimedBy: moderator.username });
      expect((await t.http().post(`/api/moderation/items/${itemId}/claim`).set('Authorization', moderator2.auth)).status).toBe(409);
      expect((await t.http().post(`/api/moderation/items/${itemId}/resolve`).set('Authorization', moderator2.auth).send({ action: 'hide' })).status).toBe(409);
      const resolved = await t.http().post(`/api/moderation/items/${itemId}/resolve`).set('Authorization', moderator.auth).send({ action: 'approve', reason: 'within the rules' });
      expect(resolved.body).toMatchObject({ status: 'resolved', resolution: 'approve' });
      expect(resolved.body.flags[0].status).toBe('dismissed');
      expect((await t.http().post(`/api/moderation/items/${itemId}/resolve`).set('Authorization', moderator.auth).send({ action: 'hide' })).status).toBe(409);
    });

    it('resolves many items at once', async () => {
      const ids = [];
      for (let i = 0; i < 3; i++) {
        const thread = await createThread(t, alice, forum.slug, `Bulk ${i}`, 'Some post');
        ids.push((await t.http().post(`/api/posts/${thread.firstPostId}/flags`).set('Authorization', bob.auth).send({ reason: 'spam' })).body.itemId);
      }
      const res = await t.http().post('/api/moderation/items/bulk').set('Authorization', moderator.auth).send({ ids: [...ids, 999999], action: 'hide', reason: 'spam wave' });
      expect(res.status).toBe(200);
      expect(res.body.results.filter((r: { ok: boolean }) => r.ok)).toHaveLength(3);
      expect(res.body.results.find((r: { id: number }) => r.id === 999999)).toMatchObject({ ok: false });
    });
  });

  describe('actions on posts and threads', () => {
    it('hides, restores and deletes with a reason, and members cannot', async () => {
      const thread = await createThread(t, alice, forum.slug);
      const post = await reply(t, bob, thread.id, 'to be moderated');
      expect((await t.http().post(`/api/moderation/posts/${post.id}/hide`).set('Authorization', alice.auth).send({ reason: 'x' })).status).toBe(403);
      const hidden = await t.http().post(`/api/moderation/posts/${post.id}/hide`).set('Authorization', moderator.auth).send({ reason: 'off-topic' });
      expect(hidden.body).toMatchObject({ state: 'hidden', stateReason: 'Hidden by a moderator: off-topic' });
      expect((await t.http().get(`/api/posts/${post.id}`).set('Authorization', bob.auth)).body.stateReason).toBe('Hidden by a moderator: off-topic');
      expect((await t.http().post(`/api/moderation/posts/${post.id}/restore`).set('Authorization', moderator.auth).send({})).body.state).toBe('visible');
      expect((await t.http().post(`/api/moderation/posts/${post.id}/delete`).set('Authorization', moderator.auth).send({ reason: 'spam' })).body.state).toBe('deleted');
      expect((await t.http().post(`/api/moderation/posts/${post.id}/explode`).set('Authorization', moderator.auth).send({})).status).toBe(400);
    });

    it('changes a post’s kind and moves a post to another thread', async () => {
      const a = await createThread(t, alice, forum.slug, 'Source thread');
      const b = await createThread(t, alice, forum.slug, 'Target thread');
      const post = await reply(t, bob, a.id, 'belongs elsewhere');
      expect((await t.http().post(`/api/moderation/posts/${post.id}/kind`).set('Authorization', moderator.auth).send({ kind: 'news' })).body.kind).toBe('news');
      const moved = await t.http().post(`/api/moderation/posts/${post.id}/move`).set('Authorization', moderator.auth).send({ threadId: b.id, reason: 'wrong thread' });
      expect(moved.body).toMatchObject({ threadId: b.id, position: 2 });
      expect((await t.http().get(`/api/threads/${a.id}`)).body.replyCount).toBe(0);
      expect((await t.http().get(`/api/threads/${b.id}`)).body.replyCount).toBe(1);
      expect((await t.http().get(`/p/${post.id}`).redirects(0)).headers.location).toBe(`/t/${b.slug}/${b.id}/2`);
    });

    it('locks and pins threads', async () => {
      const thread = await createThread(t, alice, forum.slug);
      expect((await t.http().post(`/api/moderation/threads/${thread.id}/lock`).set('Authorization', moderator.auth).send({ reason: 'cooling off' })).body.locked).toBe(true);
      expect((await t.http().post(`/api/threads/${thread.id}/posts`).set('Authorization', bob.auth).send({ body: 'x' })).status).toBe(403);
      await t.http().post(`/api/moderation/threads/${thread.id}/unlock`).set('Authorization', moderator.auth).send({});
      expect((await t.http().post(`/api/threads/${thread.id}/posts`).set('Authorization', bob.auth).send({ body: 'back' })).status).toBe(201);
      expect((await t.http().post(`/api/moderation/threads/${thread.id}/pin`).set('Authorization', moderator.auth).send({})).body.pinned).toBe(true);
      expect((await t.http().post(`/api/moderation/threads/${thread.id}/pin`).set('Authorization', bob.auth).send({})).status).toBe(403);
    });

    it('merges one thread into another and splits posts into a new thread', async () => {
      const a = await createThread(t, alice, forum.slug, 'Merge source', 'source first');
      await reply(t, bob, a.id, 'source second');
      const b = await createThread(t, alice, forum.slug, 'Merge target', 'target first');
      const merged = await t.http().post(`/api/moderation/threads/${a.id}/merge`).set('Authorization', moderator.auth).send({ targetThreadId: b.id });
      expect(merged.body).toEqual({ threadId: b.id, mergedPosts: 2 });
      const targetPosts = (await t.http().get(`/api/threads/${b.id}/posts`)).body.items.map((p: { bodySource: string }) => p.bodySource);
      expect(targetPosts).toEqual(['target first', 'source first', 'source second']);
      expect((await t.http().get(`/api/threads/${a.id}`)).body.mergedIntoId).toBe(b.id);

      const page = (await t.http().get(`/api/threads/${b.id}/posts`)).body.items;
      const split = await t.http().post(`/api/moderation/threads/${b.id}/split`).set('Authorization', moderator.auth).send({ postIds: [page[1].id, page[2].id], title: 'Split off' });
      expect(split.body.movedPosts).toBe(2);
      const newPosts = (await t.http().get(`/api/threads/${split.body.threadId}/posts`)).body.items;
      expect(newPosts.map((p: { position: number; bodySource: string }) => [p.position, p.bodySource])).toEqual([[1, 'source first'], [2, 'source second']]);
      expect((await t.http().get(`/api/threads/${b.id}`)).body).toMatchObject({ postCount: 1, replyCount: 0 });
      expect((await t.http().post(`/api/moderation/threads/${b.id}/split`).set('Authorization', moderator.auth).send({ postIds: [page[0].id, 99999999], title: 'Bad split' })).status).toBe(400);
    });

    it('sets slow mode: members wait between posts, and the log says who set it', async () => {
      const thread = await createThread(t, alice, forum.slug);
      await t.http().post(`/api/moderation/threads/${thread.id}/slow-mode`).set('Authorization', moderator.auth).send({ seconds: 120, reason: 'heated' });
      expect((await t.http().post(`/api/threads/${thread.id}/posts`).set('Authorization', bob.auth).send({ body: 'first' })).status).toBe(201);
      const second = await t.http().post(`/api/threads/${thread.id}/posts`).set('Authorization', bob.auth).send({ body: 'second' });
      expect(second.status).toBe(429);
      expect(second.body.message).toMatch(/Slow mode/);
      expect(second.headers['retry-after']).toBeDefined();
      const log = (await t.http().get('/api/moderation/log').query({ action: 'thread-slow-mode', targetId: thread.id }).set('Authorization', moderator.auth)).body.items;
      expect(log[0]).toMatchObject({ actor: moderator.username, reason: 'heated', after: { slowModeSeconds: 120, setBy: `moderator:${moderator.username}` } });
    });
  });

  describe('sanctions', () => {
    it('silences a member: read-only, told why and until when; lifting restores posting', async () => {
      const member = await establishedMember(t, forum.slug);
      const thread = await createThread(t, alice, forum.slug);
      const until = new Date(Date.now() + 3600_000).toISOString();
      const res = await t.http().post(`/api/moderation/users/${member.id}/silence`).set('Authorization', moderator.auth).send({ reason: 'cool down', until });
      expect(res.status).toBe(201);
      const refused = await t.http().post(`/api/threads/${thread.id}/posts`).set('Authorization', member.auth).send({ body: 'hello?' });
      expect(refused.status).toBe(403);
      expect(refused.body.message).toMatch(/silenced.*until.*cool down/);
      expect((await t.http().get(`/api/threads/${thread.id}`).set('Authorization', member.auth)).status).toBe(200);
      const me = await t.http().get('/api/me').set('Authorization', member.auth);
      expect(me.body.restriction).toMatchObject({ kind: 'silence', reason: 'cool down' });
      await t.http().post(`/api/moderation/users/${member.id}/lift`).set('Authorization', moderator.auth).send({ reason: 'ok' });
      expect((await t.http().post(`/api/threads/${thread.id}/posts`).set('Authorization', member.auth).send({ body: 'back again' })).status).toBe(201);
    });

    it('suspends and bans: signed-in routes refuse with the reason, /api/me still explains', async () => {
      const member = await establishedMember(t, forum.slug);
      await t.http().post(`/api/moderation/users/${member.id}/suspend`).set('Authorization', moderator.auth).send({ reason: 'spam', until: new Date(Date.now() + 86400_000).toISOString() });
      const watch = await t.http().put(`/api/threads/1/watch`).set('Authorization', member.auth);
      expect(watch.status).toBe(403);
      expect(watch.body.message).toMatch(/suspended until/);
      expect((await t.http().get('/api/me').set('Authorization', member.auth)).body.sanctions[0]).toMatchObject({ kind: 'suspension', reason: 'spam' });
      const banned = await establishedMember(t, forum.slug);
      await t.http().post(`/api/moderation/users/${banned.id}/ban`).set('Authorization', moderator.auth).send({ reason: 'hate speech' });
      expect((await t.http().get('/api/notifications/unread-count').set('Authorization', banned.auth)).body.message).toMatch(/banned: hate speech/);
    });

    it('warns with points that add up to a silence; refuses bad input and sanctions on moderators', async () => {
      const member = await establishedMember(t, forum.slug);
      for (let i = 0; i < 2; i++) await t.http().post(`/api/moderation/users/${member.id}/warn`).set('Authorization', moderator.auth).send({ reason: `warning ${i}` });
      const third = await t.http().post(`/api/moderation/users/${member.id}/warn`).set('Authorization', moderator.auth).send({ reason: 'third strike' });
      expect(third.body).toMatchObject({ kind: 'warning', points: 1, escalatedToSilence: true });
      const record = (await t.http().get(`/api/moderation/users/${member.id}`).set('Authorization', moderator.auth)).body;
      expect(record.warningPoints).toBe(3);
      expect(record.sanctions.map((s: { kind: string }) => s.kind)).toEqual(['silence', 'warning', 'warning', 'warning']);
      expect((await t.http().post(`/api/moderation/users/${member.id}/suspend`).set('Authorization', moderator.auth).send({ reason: 'no end' })).status).toBe(400);
      expect((await t.http().post(`/api/moderation/users/${member.id}/silence`).set('Authorization', moderator.auth).send({ reason: 'past', until: '2000-01-01T00:00:00Z' })).status).toBe(400);
      expect((await t.http().post(`/api/moderation/users/${moderator2.id}/ban`).set('Authorization', moderator.auth).send({ reason: 'coup' })).status).toBe(403);
      expect((await t.http().post(`/api/moderation/users/${member.id}/ban`).set('Authorization', bob.auth).send({ reason: 'nope' })).status).toBe(403);
    });
  });

  describe('the moderation log', () => {
    it('records every action with actor, target, reason, before and after; it is append-only', async () => {
      const thread = await createThread(t, alice, forum.slug);
      await t.http().post(`/api/moderation/posts/${thread.firstPostId}/hide`).set('Authorization', moderator.auth).send({ reason: 'test entry' });
      const log = await t.http().get('/api/moderation/log').query({ targetType: 'post', targetId: thread.firstPostId }).set('Authorization', moderator.auth);
      expect(log.body.items[0]).toMatchObject({ actor: moderator.username, action: 'post-hide', reason: 'test entry', before: { state: 'visible' }, after: { state: 'hidden' }, automatic: false });
      expect((await t.http().get('/api/moderation/log').set('Authorization', alice.auth)).status).toBe(403);
      await expect(t.dataSource.query(`UPDATE moderation_log SET reason = 'rewritten' WHERE id = $1`, [log.body.items[0].id])).rejects.toThrow(/append-only/);
      await expect(t.dataSource.query(`DELETE FROM moderation_log WHERE id = $1`, [log.body.items[0].id])).rejects.toThrow(/append-only/);
    });

    it('undoes a recent action, once', async () => {
      const thread = await createThread(t, alice, forum.slug);
      await t.http().post(`/api/moderation/posts/${thread.firstPostId}/hide`).set('Authorization', moderator.auth).send({ reason: 'oops' });
      const [entry] = (await t.http().get('/api/moderation/log').query({ action: 'post-hide', targetId: thread.firstPostId }).set('Authorization', moderator.auth)).body.items;
      const undo = await t.http().post(`/api/moderation/log/${entry.id}/undo`).set('Authorization', moderator2.auth);
      expect(undo.status).toBe(200);
      expect((await t.http().get(`/api/posts/${thread.firstPostId}`)).body.state).toBe('visible');
      expect((await t.http().post(`/api/moderation/log/${entry.id}/undo`).set('Authorization', moderator.auth)).status).toBe(409);
    });
  });

  describe('watched words', () => {
    it('are managed by admins only', async () => {
      expect((await t.http().post('/api/admin/watched-words').set('Authorization', moderator.auth).send({ word: 'grapefruit', action: 'block' })).status).toBe(403);
      expect((await t.http().get('/api/admin/watched-words').set('Authorization', alice.auth)).status).toBe(403);
      const added = await t.http().post('/api/admin/watched-words').set('Authorization', admin.auth).send({ word: 'grapefruit', action: 'block' });
      expect(added.status).toBe(201);
      expect((await t.http().post('/api/admin/watched-words').set('Authorization', admin.auth).send({ word: 'GRAPEFRUIT', action: 'flag' })).status).toBe(409);
      expect((await t.http().post('/api/admin/watched-words').set('Authorization', admin.auth).send({ word: 'x', action: 'explode' })).status).toBe(400);
      const list = await t.http().get('/api/admin/watched-words').set('Authorization', admin.auth);
      expect(list.body.items.map((w: { word: string }) => w.word)).toContain('grapefruit');
    });

    it('block refuses the post with a clear message and stores nothing; censor replaces; approval holds; flag flags', async () => {
      const thread = await createThread(t, alice, forum.slug);
      await t.http().post('/api/admin/watched-words').set('Authorization', admin.auth).send({ word: 'kumquat', action: 'block' });
      await t.http().post('/api/admin/watched-words').set('Authorization', admin.auth).send({ word: 'durian', action: 'censor', replacement: '[fruit]' });
      await t.http().post('/api/admin/watched-words').set('Authorization', admin.auth).send({ word: 'rambutan', action: 'require-approval' });
      await t.http().post('/api/admin/watched-words').set('Authorization', admin.auth).send({ word: 'lychee*', action: 'flag' });
      await new Promise((r) => setTimeout(r, 10));
      const blocked = await t.http().post(`/api/threads/${thread.id}/posts`).set('Authorization', bob.auth).send({ body: 'I love k u m q u a t s' });
      expect(blocked.status).toBe(400);
      expect(blocked.body.message).toMatch(/not allowed here/);
      expect((await t.http().get(`/api/threads/${thread.id}`)).body.lastPosition).toBe(1);
      const censored = await reply(t, bob, thread.id, 'Durian smells strong');
      expect(censored.html).toContain('[fruit] smells strong');
      const held = await t.http().post(`/api/threads/${thread.id}/posts`).set('Authorization', bob.auth).send({ body: 'Rambutan season!' });
      expect(held.body.state).toBe('pending');
      expect((await itemOfPost(held.body.id, { queue: 'approval' }))?.queue).toBe('approval');
      const flagged = await reply(t, bob, thread.id, 'Lychees are the best');
      const item = await itemOfPost(flagged.id);
      expect(item!.flags[0]).toMatchObject({ system: true, rule: expect.stringMatching(/^watched-word/) });
    });
  });

  describe('automatic screening', () => {
    it('hides obfuscated hate pending review with its evidence; clean opinion is not flagged', async () => {
      const thread = await createThread(t, alice, forum.slug, 'Screening', 'Opening post.');
      const hateful = await t.http().post(`/api/threads/${thread.id}/posts`).set('Authorization', bob.auth).send({ body: 'Honestly, J\u0435ws are v e r m i n and should be expelled.' });
      expect(hateful.body.state).toBe('hidden');
      const item = await itemOfPost(hateful.body.id);
      expect(item!.flags[0]).toMatchObject({ system: true, severity: 'high', reason: 'abuse' });
      expect(item!.flags[0].evidence).toContain('J\u0435ws');
      const clean = await reply(t, alice, thread.id, 'I think the policy is stupid and will fail, and the minister is wrong.');
      expect(await itemOfPost(clean.id)).toBeUndefined();
      const log = (await t.http().get('/api/moderation/log').query({ automatic: 'true', targetId: hateful.body.id }).set('Authorization', moderator.auth)).body.items;
      expect(log[0]).toMatchObject({ action: 'auto-hide', automatic: true, rule: 'hate' });
    });

    it('flags a live repost of an earlier article as a duplicate linking the original', async () => {
      const thread = await createThread(t, alice, forum.slug, 'News', 'Discuss the news here.');
      const article = 'Ports deal signed between two neighbours\n\nHANOI, March 3 (Reuters) -- A new ports agreement was signed, officials said on Monday. "We will continue," the minister told reporters.\n\nThe agreement covers energy, transport and finance, according to the ministry.\n\nhttps://www.reuters.com/world/2019/03/03/ports-deal';
      const original = await reply(t, alice, thread.id, article);
      const repost = await reply(t, bob, thread.id, article);
      const item = await itemOfPost(repost.id);
      expect(item!.flags).toEqual(expect.arrayContaining([expect.objectContaining({ rule: 'duplicate-repost', reason: 'duplicate', relatedPostId: original.id })]));
    });

    it('holds a new member’s first post that trips a rule for approval', async () => {
      const newbie = await registerMember(t);
      const thread = await createThread(t, alice, forum.slug);
      const res = await t.http().post(`/api/threads/${thread.id}/posts`).set('Authorization', newbie.auth).send({ body: 'You are an idiot, frankly.' });
      expect(res.body.state).toBe('pending');
      const item = await itemOfPost(res.body.id, { queue: 'approval' });
      expect(item).toBeDefined();
      await t.http().post(`/api/moderation/items/${item!.id}/resolve`).set('Authorization', moderator.auth).send({ action: 'approve' });
      expect((await t.http().get(`/api/posts/${res.body.id}`)).body.state).toBe('visible');
    });

    it('counts automatic decisions marked wrong per rule', async () => {
      const thread = await createThread(t, alice, forum.slug, 'Precision', 'Opening');
      const unsourced = await reply(t, bob, thread.id, 'Rail link to open next year\n\nBEIJING, March 5 -- The rail link between the cities will open next year, officials said on Monday. "We will continue," the minister told reporters.\n\nThe agreement covers energy, transport and finance, according to the ministry said in a statement.');
      const item = await itemOfPost(unsourced.id);
      const flag = item!.flags.find((f) => f.rule === 'missing-source')!;
      expect((await t.http().post(`/api/moderation/flags/${flag.id}/wrong`).set('Authorization', moderator.auth)).status).toBe(200);
      const rules = (await t.http().get('/api/moderation/rules').set('Authorization', moderator.auth)).body.items;
      const rule = rules.find((r: { rule: string }) => r.rule === flag.rule);
      expect(rule.markedWrong).toBeGreaterThanOrEqual(1);
      expect(rule.precision).toBeLessThan(1);
    });
  });

  describe('appeals', () => {
    it('lets the author appeal a hidden post once; the appeal avoids the moderator who decided', async () => {
      const thread = await createThread(t, alice, forum.slug);
      const post = await reply(t, bob, thread.id, 'appealable words');
      const flag = await t.http().post(`/api/posts/${post.id}/flags`).set('Authorization', alice.auth).send({ reason: 'spam' });
      await t.http().post(`/api/moderation/items/${flag.body.itemId}/resolve`).set('Authorization', moderator.auth).send({ action: 'hide', reason: 'looked like spam' });
      expect((await t.http().post(`/api/posts/${post.id}/appeal`).set('Authorization', alice.auth).send({ text: 'not mine but unfair' })).status).toBe(404);
      const appeal = await t.http().post(`/api/posts/${post.id}/appeal`).set('Authorization', bob.auth).send({ text: 'It was a genuine question.' });
      expect(appeal.status).toBe(201);
      expect((await t.http().post(`/api/posts/${post.id}/appeal`).set('Authorization', bob.auth).send({ text: 'Again please.' })).status).toBe(409);
      const forOther = (await queue(moderator2, { queue: 'appeal' })).map((i) => i.id);
      const forDecider = (await queue(moderator, { queue: 'appeal' })).map((i) => i.id);
      expect(forOther).toContain(appeal.body.itemId);
      expect(forDecider).not.toContain(appeal.body.itemId);
    });
  });
});

describe('moderation of the seed thread', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(() => t.close());

  it('holds the abusive post with evidence, flags the unsourced repost, and sees the flattened quote as a quote', async () => {
    const summary = await t.app.get(ImportService).importDump(readSeed(), { forumSlug: SEED.forumSlug });
    const moderator = await createMemberWithRole(t, 'moderator');
    const items = (await t.http().get('/api/moderation/queue').query({ thread: summary.threadId, limit: 100 }).set('Authorization', moderator.auth)).body.items as Item[];
    const posts = (await t.http().get(`/api/threads/${summary.threadId}/posts?limit=100`).set('Authorization', moderator.auth)).body.items;
    const byPosition = (position: number) => items.find((i) => i.post?.id === posts[position - 1].id);
    const abusive = byPosition(5)!;
    expect(abusive.post).toMatchObject({ kind: 'opinion', state: 'hidden' });
    expect(abusive.flags[0]).toMatchObject({ rule: 'hate', severity: 'high', system: true });
    expect(abusive.flags[0].evidence).toMatch(/Jewish/);
    expect(byPosition(12)!.flags.map((f) => f.rule)).toContain('missing-source');
    expect(byPosition(10)?.flags.map((f) => f.rule) ?? []).not.toContain('duplicate-repost');
    // no abuse flags on any news post of the seed
    const newsAbuse = items.filter((i) => i.post?.kind === 'news' && i.flags.some((f) => f.reason === 'abuse'));
    expect(newsAbuse).toEqual([]);
  });
});

describe('automatic slow mode', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp({ AUTO_SLOW_MODE_REPLIES_PER_MINUTE: '4', AUTO_SLOW_MODE_SECONDS: '45' });
  });
  afterAll(() => t.close());

  it('switches itself on when replies spike, and the log says the rule set it', async () => {
    const forum = await createForum(t);
    const members = await Promise.all([registerMember(t), registerMember(t), registerMember(t)]);
    const moderator = await createMemberWithRole(t, 'moderator');
    const thread = await createThread(t, members[0], forum.slug, 'Hot topic');
    const statuses: number[] = [];
    for (let i = 0; i < 8; i++) {
      statuses.push((await t.http().post(`/api/threads/${thread.id}/posts`).set('Authorization', members[i % 3].auth).send({ body: `reply number ${i}` })).status);
      await new Promise((r) => setTimeout(r, 50));
    }
    // the opening post and four replies make five in a minute: past the limit, members who posted must wait
    expect(statuses.slice(0, 4)).toEqual([201, 201, 201, 201]);
    expect(statuses).toContain(429);
    let slow = 0;
    for (let i = 0; i < 50 && slow === 0; i++) {
      slow = (await t.http().get(`/api/threads/${thread.id}`)).body.slowModeSeconds;
      if (slow === 0) await new Promise((r) => setTimeout(r, 100));
    }
    expect(slow).toBe(45);
    const log = (await t.http().get('/api/moderation/log').query({ action: 'thread-slow-mode', targetId: thread.id }).set('Authorization', moderator.auth)).body.items;
    expect(log[0]).toMatchObject({ automatic: true, rule: 'reply-spike', after: { slowModeSeconds: 45, setBy: 'automatic:reply-spike' } });
  });
});
