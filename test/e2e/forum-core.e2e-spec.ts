import { PostsService } from '../../src/posts/posts.service.js';
import { ThreadsRepository } from '../../src/threads/threads.repository.js';
import { createForum, createThread, reply } from '../factories/content.js';
import { createMemberWithRole, type Member, registerMember } from '../factories/members.js';
import { startTestApp, type TestApp } from '../support/test-app.js';

describe('forums, threads and posts', () => {
  let t: TestApp;
  let alice: Member;
  let bob: Member;
  let moderator: Member;
  let forum: { id: number; slug: string };

  beforeAll(async () => {
    t = await startTestApp();
    alice = await registerMember(t);
    bob = await registerMember(t);
    moderator = await createMemberWithRole(t, 'moderator');
    forum = await createForum(t, 'World Affairs');
  });
  afterAll(() => t.close());

  it('creates a thread with its first post and counts it in the forum list', async () => {
    const res = await t.http().post(`/api/forums/${forum.slug}/threads`).set('Authorization', alice.auth).send({ title: '  Russia and China:   a [b]partnership[/b]? ', body: 'What do you think of [b]this[/b]?' });
    expect(res.status).toBe(201);
    expect(res.body.thread).toMatchObject({ title: 'Russia and China: a [b]partnership[/b]?', slug: 'russia-and-china-a-bpartnershipb', postCount: 1, replyCount: 0, lastPosition: 1 });
    expect(res.body.post).toMatchObject({ position: 1, author: { username: alice.username }, html: expect.stringContaining('<b>this</b>') });
    const forums = await t.http().get('/api/forums');
    const listed = forums.body.items.find((f: { slug: string }) => f.slug === forum.slug);
    expect(listed.threadCount).toBeGreaterThanOrEqual(1);
    expect(listed.postCount).toBeGreaterThanOrEqual(1);
  });

  it('refuses a guest (401), an empty body (400), a short or long title (400) and a too long body (413)', async () => {
    expect((await t.http().post(`/api/forums/${forum.slug}/threads`).send({ title: 'Hello there', body: 'x' })).status).toBe(401);
    const empty = await t.http().post(`/api/forums/${forum.slug}/threads`).set('Authorization', alice.auth).send({ title: 'Hello there', body: '   ' });
    expect(empty.status).toBe(400);
    expect(empty.body.message).toMatch(/body/);
    expect((await t.http().post(`/api/forums/${forum.slug}/threads`).set('Authorization', alice.auth).send({ title: 'Hi', body: 'x' })).status).toBe(400);
    expect((await t.http().post(`/api/forums/${forum.slug}/threads`).set('Authorization', alice.auth).send({ title: 'T'.repeat(151), body: 'x' })).status).toBe(400);
    const thread = await createThread(t, alice, forum.slug);
    const long = await t.http().post(`/api/threads/${thread.id}/posts`).set('Authorization', alice.auth).send({ body: 'x'.repeat(60_001) });
    expect(long.status).toBe(413);
    expect((await t.http().post(`/api/forums/no-such-forum/threads`).set('Authorization', alice.auth).send({ title: 'Hello there', body: 'x' })).status).toBe(404);
  });

  it('numbers replies 1, 2, 3 ... densely even when members post at the same time', async () => {
    const thread = await createThread(t, alice, forum.slug);
    const members = [alice, bob, moderator];
    await Promise.all(Array.from({ length: 12 }, (_, i) => reply(t, members[i % 3], thread.id, `concurrent reply ${i}`)));
    const page = await t.http().get(`/api/threads/${thread.id}/posts?limit=100`);
    expect(page.body.items.map((p: { position: number }) => p.position)).toEqual(Array.from({ length: 13 }, (_, i) => i + 1));
    const info = await t.http().get(`/api/threads/${thread.id}`);
    expect(info.body).toMatchObject({ postCount: 13, replyCount: 12, lastPosition: 13 });
  });

  describe('pages of posts', () => {
    let threadId: number;
    beforeAll(async () => {
      const thread = await createThread(t, alice, forum.slug, 'Paging thread', 'post 1');
      threadId = thread.id;
      for (let i = 2; i <= 25; i++) await reply(t, i % 2 ? alice : bob, threadId, `post ${i}`);
    });

    const positions = (body: { items: { position: number }[] }) => body.items.map((p) => p.position);

    it('reads the first page with a next cursor and no prev', async () => {
      const res = await t.http().get(`/api/threads/${threadId}/posts?limit=10`);
      expect(positions(res.body)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
      expect(res.body.next).toBe(10);
      expect(res.body.prev).toBeNull();
    });

    it('follows next to the last page, which has no next', async () => {
      const second = await t.http().get(`/api/threads/${threadId}/posts?after=10&limit=10`);
      expect(positions(second.body)).toEqual([11, 12, 13, 14, 15, 16, 17, 18, 19, 20]);
      const last = await t.http().get(`/api/threads/${threadId}/posts?after=${second.body.next}&limit=10`);
      expect(positions(last.body)).toEqual([21, 22, 23, 24, 25]);
      expect(last.body.next).toBeNull();
      expect(last.body.prev).toBe(21);
    });

    it('reads backwards with before, stopping at position 1', async () => {
      const res = await t.http().get(`/api/threads/${threadId}/posts?before=4&limit=10`);
      expect(positions(res.body)).toEqual([1, 2, 3]);
      expect(res.body.prev).toBeNull();
      expect(res.body.next).toBe(3);
    });

    it('jumps to a post with around, and near the end the page is still full', async () => {
      expect(positions((await t.http().get(`/api/threads/${threadId}/posts?around=12&limit=5`)).body)).toEqual([10, 11, 12, 13, 14]);
      expect(positions((await t.http().get(`/api/threads/${threadId}/posts?around=25&limit=5`)).body)).toEqual([21, 22, 23, 24, 25]);
      expect(positions((await t.http().get(`/api/threads/${threadId}/posts?around=1&limit=5`)).body)).toEqual([1, 2, 3, 4, 5]);
    });

    it('answers an empty page past the end and 400 for bad paging input', async () => {
      const past = await t.http().get(`/api/threads/${threadId}/posts?after=25`);
      expect(past.body).toEqual({ items: [], next: null, prev: null });
      for (const q of ['limit=0', 'limit=101', 'after=-1', 'after=abc', 'before=0', 'after=1&before=5']) {
        const res = await t.http().get(`/api/threads/${threadId}/posts?${q}`);
        expect([q, res.status]).toEqual([q, 400]);
      }
      expect((await t.http().get(`/api/threads/999999/posts`)).status).toBe(404);
      expect((await t.http().get(`/api/threads/0`)).status).toBe(400);
    });

    it('tracks the reader: last read position and first unread', async () => {
      const carol = await registerMember(t);
      await t.http().get(`/api/threads/${threadId}/posts?limit=10`).set('Authorization', carol.auth);
      const info = await t.http().get(`/api/threads/${threadId}`).set('Authorization', carol.auth);
      expect(info.body).toMatchObject({ lastReadPosition: 10, firstUnreadPosition: 11, unread: true });
      const guest = await t.http().get(`/api/threads/${threadId}`);
      expect(guest.body).toMatchObject({ lastReadPosition: null, firstUnreadPosition: null });
      await t.http().put(`/api/threads/${threadId}/read`).set('Authorization', carol.auth).send({ position: 99 });
      const after = await t.http().get(`/api/threads/${threadId}`).set('Authorization', carol.auth);
      expect(after.body).toMatchObject({ lastReadPosition: 25, firstUnreadPosition: null, unread: false });
    });
  });

  it('lists threads pinned first then by last post, with keyset pages', async () => {
    const own = await createForum(t, 'Listing');
    const threads = [];
    for (let i = 0; i < 5; i++) threads.push(await createThread(t, alice, own.slug, `Listed thread ${i}`));
    await reply(t, bob, threads[1].id, 'bump');
    await t.app.get(ThreadsRepository).setFlag(threads[3].id, 'pinned', true);
    const first = await t.http().get(`/api/forums/${own.slug}/threads?limit=3`);
    expect(first.body.items.map((x: { id: number }) => x.id)).toEqual([threads[3].id, threads[1].id, threads[4].id]);
    expect(first.body.next).toEqual(expect.any(String));
    const second = await t.http().get(`/api/forums/${own.slug}/threads?limit=3&cursor=${first.body.next}`);
    expect(second.body.items.map((x: { id: number }) => x.id)).toEqual([threads[2].id, threads[0].id]);
    expect(second.body.next).toBeNull();
    expect((await t.http().get(`/api/forums/${own.slug}/threads?cursor=garbage`)).status).toBe(400);
  });

  it('refuses replies in a locked thread to members, not to moderators', async () => {
    const thread = await createThread(t, alice, forum.slug);
    await t.app.get(ThreadsRepository).setFlag(thread.id, 'locked', true);
    const refused = await t.http().post(`/api/threads/${thread.id}/posts`).set('Authorization', bob.auth).send({ body: 'let me in' });
    expect(refused.status).toBe(403);
    expect(refused.body.message).toBe('This thread is locked');
    expect((await t.http().post(`/api/threads/${thread.id}/posts`).set('Authorization', moderator.auth).send({ body: 'moderator note' })).status).toBe(201);
  });

  describe('quotes', () => {
    it('quotes a post through the API: a block naming the member with a link, and a quote row', async () => {
      const thread = await createThread(t, alice, forum.slug, 'Quote thread', 'Original words by alice');
      const res = await reply(t, bob, thread.id, 'I agree', [thread.firstPostId]);
      expect(res.html).toContain(`href="/p/${thread.firstPostId}"`);
      expect(res.html).toContain(`${alice.username} said:`);
      const post = (await t.http().get(`/api/posts/${res.id}`)).body;
      expect(post.quotes).toEqual([{ postId: thread.firstPostId, threadId: thread.id, position: 1, author: alice.username, excerpt: 'Original words by alice', removed: false }]);
    });

    it('multi-quotes several posts into one reply, in order', async () => {
      const thread = await createThread(t, alice, forum.slug, 'Multi quote', 'first point');
      const second = await reply(t, bob, thread.id, 'second point');
      const res = await reply(t, moderator, thread.id, 'Both of you', [thread.firstPostId, second.id]);
      const post = (await t.http().get(`/api/posts/${res.id}`)).body;
      expect(post.quotes.map((q: { postId: number }) => q.postId)).toEqual([thread.firstPostId, second.id]);
      expect(post.quotes.map((q: { excerpt: string }) => q.excerpt)).toEqual(['first point', 'second point']);
    });

    it('reads XenForo quote BBCode from the body, links to the real post and author', async () => {
      const thread = await createThread(t, alice, forum.slug, 'BBCode quote', 'quotable text');
      const body = `[QUOTE="someone else, post: ${thread.firstPostId}, member: 9999"]quotable text[/QUOTE]\nReply text`;
      const res = await reply(t, bob, thread.id, body);
      const post = (await t.http().get(`/api/posts/${res.id}`)).body;
      expect(post.quotes[0]).toMatchObject({ postId: thread.firstPostId, position: 1, author: alice.username, removed: false });
      const bbcode = await t.http().get(`/api/posts/${thread.firstPostId}/quote`);
      expect(bbcode.body.bbcode).toBe(`[QUOTE="${alice.username}, post: ${thread.firstPostId}, member: ${alice.id}"]\nquotable text\n[/QUOTE]\n`);
    });

    it('keeps the excerpt of a quote whose post was hidden, marked as removed', async () => {
      const thread = await createThread(t, alice, forum.slug, 'Removed quote', 'soon to be hidden');
      const res = await reply(t, bob, thread.id, 'quoting it', [thread.firstPostId]);
      await t.app.get(PostsService).setState(null, thread.firstPostId, 'hidden', 'test');
      const post = (await t.http().get(`/api/posts/${res.id}`)).body;
      expect(post.quotes[0]).toMatchObject({ excerpt: 'soon to be hidden', removed: true });
    });

    it('refuses to quote a post that does not exist', async () => {
      const thread = await createThread(t, alice, forum.slug);
      const res = await t.http().post(`/api/threads/${thread.id}/posts`).set('Authorization', bob.auth).send({ body: 'x', quotePostIds: [987654321] });
      expect(res.status).toBe(400);
    });
  });

  describe('editing and deleting', () => {
    it('lets the author edit, keeps every revision readable by the author and moderators only', async () => {
      const thread = await createThread(t, alice, forum.slug, 'Edited thread', 'first version');
      const edit = await t.http().patch(`/api/posts/${thread.firstPostId}`).set('Authorization', alice.auth).send({ body: 'second version', reason: 'typo' });
      expect(edit.status).toBe(200);
      expect(edit.body).toMatchObject({ bodySource: 'second version', editedAt: expect.any(String) });
      await t.http().patch(`/api/posts/${thread.firstPostId}`).set('Authorization', alice.auth).send({ body: 'third version' });
      const history = await t.http().get(`/api/posts/${thread.firstPostId}/revisions`).set('Authorization', alice.auth);
      expect(history.body.items.map((r: { bodySource: string }) => r.bodySource)).toEqual(['second version', 'first version']);
      expect(history.body.items[1]).toMatchObject({ editor: alice.username, reason: 'typo' });
      expect((await t.http().get(`/api/posts/${thread.firstPostId}/revisions`).set('Authorization', bob.auth)).status).toBe(403);
      expect((await t.http().get(`/api/posts/${thread.firstPostId}/revisions`)).status).toBe(403);
      expect((await t.http().get(`/api/posts/${thread.firstPostId}/revisions`).set('Authorization', moderator.auth)).status).toBe(200);
    });

    it("refuses another member's edit (403) and lets a moderator edit", async () => {
      const thread = await createThread(t, alice, forum.slug);
      const res = await t.http().patch(`/api/posts/${thread.firstPostId}`).set('Authorization', bob.auth).send({ body: 'hijack' });
      expect(res.status).toBe(403);
      expect((await t.http().get(`/api/posts/${thread.firstPostId}`)).body.bodySource).toBe('The first post of the thread.');
      expect((await t.http().patch(`/api/posts/${thread.firstPostId}`).set('Authorization', moderator.auth).send({ body: 'moderated', reason: 'cleanup' })).status).toBe(200);
    });

    it('soft-deletes: the post keeps its position as a placeholder without its text', async () => {
      const thread = await createThread(t, alice, forum.slug);
      const own = await reply(t, bob, thread.id, 'regrettable words');
      expect((await t.http().delete(`/api/posts/${own.id}`).set('Authorization', alice.auth)).status).toBe(403);
      expect((await t.http().delete(`/api/posts/${own.id}`).set('Authorization', bob.auth)).status).toBe(204);
      const page = await t.http().get(`/api/threads/${thread.id}/posts`);
      expect(page.body.items[1]).toEqual(expect.objectContaining({ position: 2, state: 'deleted', html: null, bodySource: null }));
      expect(JSON.stringify(page.body)).not.toContain('regrettable');
      const asModerator = await t.http().get(`/api/threads/${thread.id}/posts`).set('Authorization', moderator.auth);
      expect(asModerator.body.items[1].bodySource).toBe('regrettable words');
      expect((await t.http().get(`/api/threads/${thread.id}`)).body.replyCount).toBe(0);
    });
  });

  it('shows a hidden post to its author and moderators only', async () => {
    const thread = await createThread(t, alice, forum.slug);
    const post = await reply(t, bob, thread.id, 'secret-ish content');
    await t.app.get(PostsService).setState(null, post.id, 'hidden', 'Held for review');
    const guest = await t.http().get(`/api/threads/${thread.id}/posts`);
    expect(guest.body.items[1]).toEqual(expect.objectContaining({ state: 'hidden', html: null, bodySource: null, author: null }));
    expect(JSON.stringify(guest.body)).not.toContain('secret-ish');
    const other = await t.http().get(`/api/posts/${post.id}`).set('Authorization', alice.auth);
    expect(other.body.html).toBeNull();
    const author = await t.http().get(`/api/posts/${post.id}`).set('Authorization', bob.auth);
    expect(author.body).toMatchObject({ bodySource: 'secret-ish content', state: 'hidden', stateReason: 'Held for review' });
    const mod = await t.http().get(`/api/threads/${thread.id}/posts`).set('Authorization', moderator.auth);
    expect(mod.body.items[1].bodySource).toBe('secret-ish content');
  });

  it('counts reactions, one per member per post, with changes and removal', async () => {
    const thread = await createThread(t, alice, forum.slug);
    const id = thread.firstPostId;
    expect((await t.http().put(`/api/posts/${id}/reactions/like`).set('Authorization', bob.auth)).body).toEqual({ reactions: { like: 1 }, myReactions: ['like'] });
    await t.http().put(`/api/posts/${id}/reactions/like`).set('Authorization', moderator.auth);
    expect((await t.http().put(`/api/posts/${id}/reactions/thanks`).set('Authorization', bob.auth)).body.reactions).toEqual({ like: 1, thanks: 1 });
    const seen = await t.http().get(`/api/posts/${id}`).set('Authorization', bob.auth);
    expect(seen.body).toMatchObject({ reactions: { like: 1, thanks: 1 }, myReactions: ['thanks'] });
    expect((await t.http().delete(`/api/posts/${id}/reactions/thanks`).set('Authorization', bob.auth)).body.reactions).toEqual({ like: 1 });
    expect((await t.http().put(`/api/posts/${id}/reactions/shrug`).set('Authorization', bob.auth)).status).toBe(400);
    expect((await t.http().put(`/api/posts/${id}/reactions/like`).set('Authorization', alice.auth)).status).toBe(403);
    expect((await t.http().put(`/api/posts/${id}/reactions/like`)).status).toBe(401);
  });

  it('makes a replier watch the thread; watching can be turned off and on', async () => {
    const thread = await createThread(t, alice, forum.slug);
    await reply(t, bob, thread.id, 'hello');
    expect((await t.http().get(`/api/threads/${thread.id}`).set('Authorization', bob.auth)).body.watching).toBe(true);
    await t.http().delete(`/api/threads/${thread.id}/watch`).set('Authorization', bob.auth);
    expect((await t.http().get(`/api/threads/${thread.id}`).set('Authorization', bob.auth)).body.watching).toBe(false);
    await t.http().put(`/api/threads/${thread.id}/watch`).set('Authorization', bob.auth);
    expect((await t.http().get(`/api/threads/${thread.id}`).set('Authorization', bob.auth)).body.watching).toBe(true);
  });

  it('previews BBCode without storing anything', async () => {
    const res = await t.http().post('/api/posts/preview').send({ body: '[i]hi[/i] <script>alert(1)</script>' });
    expect(res.status).toBe(200);
    expect(res.body.html).toContain('<i>hi</i>');
    expect(res.body.html).not.toContain('<script');
  });
});

describe('posting rate limit', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp({ POSTS_PER_MINUTE: '3' });
  });
  afterAll(() => t.close());

  it('answers 429 past the posts-per-minute limit and stores nothing more', async () => {
    const member = await registerMember(t);
    const forum = await createForum(t);
    const thread = await createThread(t, member, forum.slug);
    const statuses = [];
    for (let i = 0; i < 4; i++) statuses.push((await t.http().post(`/api/threads/${thread.id}/posts`).set('Authorization', member.auth).send({ body: `reply ${i}` })).status);
    expect(statuses).toEqual([201, 201, 429, 429]);
    expect((await t.http().get(`/api/threads/${thread.id}`)).body.lastPosition).toBe(3);
  });
});
