import { EventEmitter2 } from '@nestjs/event-emitter';
import { EVENTS, type ModerationFlagResolvedEvent, type ModerationPostActionedEvent } from '../../src/common/events.js';
import { PostsService } from '../../src/posts/posts.service.js';
import { announcePost, createForum, createThread, insertPostDirectly, reply } from '../factories/content.js';
import { createMemberWithRole, type Member, registerMember } from '../factories/members.js';
import { closeAllLive, connectLive, eventually, settle } from '../support/live-client.js';
import { startTestApp, type TestApp } from '../support/test-app.js';

interface NotificationView {
  id: number;
  type: string;
  text: string;
  url: string;
  count: number;
  read: boolean;
  actor: { id: number; username: string } | null;
  threadId: number | null;
  postId: number | null;
  createdAt: string;
  updatedAt: string;
}

describe('notifications', () => {
  let t: TestApp;
  let forum: { id: number; slug: string };
  let moderator: Member;

  beforeAll(async () => {
    t = await startTestApp();
    forum = await createForum(t, 'Notified');
    moderator = await createMemberWithRole(t, 'moderator');
  });
  afterEach(() => closeAllLive());
  afterAll(() => t.close());

  const list = async (member: Member, query = ''): Promise<{ items: NotificationView[]; next: string | null }> => {
    const res = await t.http().get(`/api/notifications${query}`).set('Authorization', member.auth);
    expect(res.status).toBe(200);
    return res.body;
  };
  const unread = async (member: Member): Promise<number> => (await t.http().get('/api/notifications/unread-count').set('Authorization', member.auth)).body.count;
  /** Notifications are written after the request that caused them answered: wait for them. */
  const listOnceSettled = async (member: Member, expected: number) => {
    await eventually(async () => (await list(member)).items.length >= expected);
    await settle();
    return list(member);
  };
  const threadTitled = (title: string, author: Member) => createThread(t, author, forum.slug, title, 'Opening words');

  it('tells a watcher of each reply, never the replier, and collapses replies into one notification with a count', async () => {
    const [alice, bob, carol] = [await registerMember(t), await registerMember(t), await registerMember(t)];
    const thread = await threadTitled('Watched thread', alice);
    const first = await reply(t, bob, thread.id, 'first reply');
    const { items } = await listOnceSettled(alice, 1);
    expect(items).toEqual([
      expect.objectContaining({
        type: 'reply',
        text: `${bob.username} replied in “Watched thread”`,
        url: `/t/${thread.slug}/${thread.id}/${first.position}`,
        count: 1,
        read: false,
        actor: { id: bob.id, username: bob.username },
        threadId: thread.id,
        postId: first.id,
      }),
    ]);
    // replying made bob a watcher too: alice's own reply tells bob, not alice
    await reply(t, alice, thread.id, 'my own reply');
    await listOnceSettled(bob, 1);
    await reply(t, carol, thread.id, 'carol joins');
    await reply(t, bob, thread.id, 'and again');
    await eventually(async () => (await list(alice)).items[0]?.count === 3);
    const collapsed = (await list(alice)).items;
    expect(collapsed).toHaveLength(1);
    // still pointing at the first unread reply, where reading starts
    expect(collapsed[0]).toMatchObject({ type: 'reply', count: 3, text: '3 new replies in “Watched thread”', url: `/t/${thread.slug}/${thread.id}/${first.position}` });
    expect(await unread(alice)).toBe(1);

    // once read, the next reply starts a new notification
    await t.http().post('/api/notifications/read').set('Authorization', alice.auth).send({ all: true }).expect(200);
    await reply(t, carol, thread.id, 'after alice read');
    await eventually(async () => (await list(alice)).items.length === 2);
    const [fresh, old] = (await list(alice)).items;
    expect(fresh).toMatchObject({ count: 1, read: false, actor: { username: carol.username } });
    expect(old).toMatchObject({ count: 3, read: true });
  });

  it('tells a quoted author and a mentioned member, once each, whatever else applies', async () => {
    const [alice, bob, carol, dave] = [await registerMember(t), await registerMember(t), await registerMember(t), await registerMember(t)];
    const thread = await threadTitled('Quotes and mentions', alice);
    // alice watches the thread and is quoted and named: one quote notification, nothing more
    await reply(t, bob, thread.id, `Hello @${alice.username} and @${carol.username}, also @nobody_by_that_name and @${bob.username}`, [thread.firstPostId]);
    await reply(t, dave, thread.id, `[QUOTE="someone"]@${carol.username} in words dave only quotes[/QUOTE]No names here`);
    const aliceItems = (await listOnceSettled(alice, 2)).items;
    expect(aliceItems.map((n) => n.type)).toEqual(['reply', 'quote']);
    expect(aliceItems[1]).toMatchObject({ text: `${bob.username} quoted your post in “Quotes and mentions”`, actor: { username: bob.username } });
    const carolItems = (await listOnceSettled(carol, 1)).items;
    expect(carolItems).toEqual([expect.objectContaining({ type: 'mention', text: `${bob.username} mentioned you in “Quotes and mentions”` })]);
    // naming yourself, or a name in someone else's quoted words, tells no one
    expect((await list(bob)).items.filter((n) => n.type === 'mention')).toEqual([]);
    expect((await list(dave)).items).toEqual([]);
  });

  it('does not tell a watcher of a reply they have already read past, but does when a held-back post is approved', async () => {
    const [alice, bob, carol] = [await registerMember(t), await registerMember(t), await registerMember(t)];
    const thread = await threadTitled('Read before told', alice);
    // bob's reply is in; before its notifications are written, carol replies below it (and so watches, having read it)
    const visible = await insertPostDirectly(t, bob, thread.id, "bob's visible words");
    const held = await insertPostDirectly(t, bob, thread.id, "bob's pending words", 'pending');
    await reply(t, carol, thread.id, 'carol replies below both');
    announcePost(t, visible, forum.id);
    // alice (the starter, watching, not past it) is told of bob's reply; carol, who read past it, is not
    const aliceItems = (await listOnceSettled(alice, 1)).items;
    expect(aliceItems.map((n) => [n.type, n.actor?.username])).toEqual([['reply', carol.username]]);
    await eventually(async () => (await list(alice)).items[0]?.count === 2);
    expect((await list(carol)).items).toEqual([]);

    // the held-back post was never shown to carol, though she replied below it: its approval tells her
    await t.app.get(PostsService).setState(null, held.id, 'visible', null);
    const [told] = (await listOnceSettled(carol, 1)).items;
    expect(told).toMatchObject({ type: 'reply', postId: held.id, actor: { username: bob.username } });
  });

  it('tells an author of reactions to their post, collapsed per thread, never their own', async () => {
    const [alice, bob, carol] = [await registerMember(t), await registerMember(t), await registerMember(t)];
    const thread = await threadTitled('Reactions', alice);
    await t.http().put(`/api/posts/${thread.firstPostId}/reactions/like`).set('Authorization', bob.auth).expect(200);
    const [first] = (await listOnceSettled(alice, 1)).items;
    expect(first).toMatchObject({ type: 'reaction', count: 1, text: `${bob.username} reacted (like) to your post in “Reactions”`, postId: thread.firstPostId });
    await t.http().put(`/api/posts/${thread.firstPostId}/reactions/love`).set('Authorization', carol.auth).expect(200);
    await eventually(async () => (await list(alice)).items[0]?.count === 2);
    expect((await list(alice)).items).toEqual([expect.objectContaining({ type: 'reaction', count: 2, text: '2 reactions to your posts in “Reactions”', actor: { id: carol.id, username: carol.username } })]);
    // removing a reaction tells no one
    await t.http().delete(`/api/posts/${thread.firstPostId}/reactions/love`).set('Authorization', carol.auth).expect(200);
    await settle();
    expect((await list(alice)).items[0].count).toBe(2);
  });

  it("tells an author of a moderator's action on their post, and flaggers of the outcome", async () => {
    const [alice, bob, carol] = [await registerMember(t), await registerMember(t), await registerMember(t)];
    const thread = await threadTitled('Moderated', alice);
    const events = t.app.get(EventEmitter2);
    events.emit(EVENTS.moderationPostActioned, { postId: thread.firstPostId, authorId: alice.id, action: 'hide', reason: 'Off topic', actorId: moderator.id } satisfies ModerationPostActionedEvent);
    const [action] = (await listOnceSettled(alice, 1)).items;
    expect(action).toMatchObject({ type: 'moderation', text: 'A moderator hid your post in “Moderated”: Off topic', actor: null, url: `/t/${thread.slug}/${thread.id}/1` });
    // a moderator acting on their own post is not told
    const own = await threadTitled('Own post', moderator);
    events.emit(EVENTS.moderationPostActioned, { postId: own.firstPostId, authorId: moderator.id, action: 'hide', reason: null, actorId: moderator.id } satisfies ModerationPostActionedEvent);

    events.emit(EVENTS.moderationFlagResolved, { flaggerIds: [bob.id, carol.id], postId: thread.firstPostId, outcome: 'upheld' } satisfies ModerationFlagResolvedEvent);
    for (const flagger of [bob, carol]) {
      const [outcome] = (await listOnceSettled(flagger, 1)).items;
      expect(outcome).toMatchObject({ type: 'flag-outcome', text: 'Your flag on a post in “Moderated” was upheld: moderators acted on it' });
    }
    await settle();
    expect((await list(moderator)).items.filter((n) => n.type === 'moderation')).toEqual([]);
  });

  it('counts unread, marks one or all read, and only the member’s own', async () => {
    const [alice, bob] = [await registerMember(t), await registerMember(t)];
    const threads = [await threadTitled('Unread one', alice), await threadTitled('Unread two', alice), await threadTitled('Unread three', alice)];
    for (const thread of threads) await reply(t, bob, thread.id, 'a reply');
    const { items } = await listOnceSettled(alice, 3);
    expect(await unread(alice)).toBe(3);

    const one = await t.http().post('/api/notifications/read').set('Authorization', alice.auth).send({ ids: [items[0].id] });
    expect(one.body).toEqual({ updated: 1, unreadCount: 2 });
    // someone else's ids change nothing
    expect((await t.http().post('/api/notifications/read').set('Authorization', bob.auth).send({ ids: [items[1].id] })).body).toMatchObject({ updated: 0 });
    expect(await unread(alice)).toBe(2);
    expect((await t.http().post('/api/notifications/read').set('Authorization', alice.auth).send({ all: true })).body).toEqual({ updated: 2, unreadCount: 0 });
    expect((await list(alice)).items.every((n) => n.read)).toBe(true);

    for (const bad of [{}, { ids: [1], all: true }, { all: false }, { ids: ['x'] }, { ids: 'all' }, { all: true, extra: 1 }]) {
      const res = await t.http().post('/api/notifications/read').set('Authorization', alice.auth).send(bad);
      expect([bad, res.status]).toEqual([bad, 400]);
    }
    expect((await t.http().get('/api/notifications')).status).toBe(401);
    expect((await t.http().get('/api/notifications/unread-count')).status).toBe(401);
  });

  it('pages the list newest first with a cursor', async () => {
    const [alice, bob] = [await registerMember(t), await registerMember(t)];
    for (let i = 0; i < 5; i++) await reply(t, bob, (await threadTitled(`Paged ${i}`, alice)).id, 'reply');
    await listOnceSettled(alice, 5);
    const seen: string[] = [];
    let cursor: string | null = '';
    while (cursor !== null) {
      const page: { items: NotificationView[]; next: string | null } = await list(alice, `?limit=2${cursor ? `&cursor=${cursor}` : ''}`);
      seen.push(...page.items.map((n) => n.text));
      cursor = page.next;
    }
    expect(seen).toEqual([4, 3, 2, 1, 0].map((i) => `${bob.username} replied in “Paged ${i}”`));
    expect((await t.http().get('/api/notifications?cursor=garbage').set('Authorization', alice.auth)).status).toBe(400);
    expect((await t.http().get('/api/notifications?limit=500').set('Authorization', alice.auth)).status).toBe(400);
  });

  it('turns a kind off and on per member', async () => {
    const [alice, bob] = [await registerMember(t), await registerMember(t)];
    const defaults = await t.http().get('/api/notifications/preferences').set('Authorization', alice.auth);
    expect(defaults.body).toEqual({ reply: true, quote: true, mention: true, reaction: true, moderation: true, 'flag-outcome': true });
    const changed = await t.http().put('/api/notifications/preferences').set('Authorization', alice.auth).send({ reply: false, 'flag-outcome': false });
    expect(changed.body).toEqual({ reply: false, quote: true, mention: true, reaction: true, moderation: true, 'flag-outcome': false });
    expect((await t.http().put('/api/notifications/preferences').set('Authorization', alice.auth).send({ replies: false })).status).toBe(400);
    expect((await t.http().put('/api/notifications/preferences').set('Authorization', alice.auth).send({ reply: 'no' })).status).toBe(400);

    const thread = await threadTitled('Quiet thread', alice);
    await reply(t, bob, thread.id, `no reply notification, but @${alice.username} is named`);
    const items = (await listOnceSettled(alice, 1)).items;
    expect(items.map((n) => n.type)).toEqual(['mention']);
    await t.http().put('/api/notifications/preferences').set('Authorization', alice.auth).send({ reply: true }).expect(200);
    await reply(t, bob, thread.id, 'now it counts');
    await eventually(async () => (await list(alice)).items.some((n) => n.type === 'reply'));
  });

  it("pushes each notification live to the member's room with the unread count", async () => {
    const [alice, bob] = [await registerMember(t), await registerMember(t)];
    const thread = await threadTitled('Live notifications', alice);
    const aliceSocket = await connectLive(t.baseUrl, { token: alice.token });
    const bobSocket = await connectLive(t.baseUrl, { token: bob.token });
    const guest = await connectLive(t.baseUrl);
    await guest.request('thread:join', { threadId: thread.id });
    await reply(t, bob, thread.id, 'ping');
    const pushed = await eventually(() => aliceSocket.of('notification')[0] as { notification: NotificationView; unreadCount: number } | undefined);
    expect(pushed).toMatchObject({ unreadCount: 1, notification: { type: 'reply', count: 1, text: `${bob.username} replied in “Live notifications”` } });
    await reply(t, bob, thread.id, 'pong');
    await eventually(() => aliceSocket.of('notification').length === 2);
    expect(aliceSocket.of('notification')[1]).toMatchObject({ unreadCount: 1, notification: { count: 2, id: pushed.notification.id } });
    await t.http().post('/api/notifications/read').set('Authorization', alice.auth).send({ all: true }).expect(200);
    expect(await eventually(() => aliceSocket.of('notification:read')[0])).toEqual({ unreadCount: 0 });
    await settle();
    expect(bobSocket.of('notification')).toEqual([]);
    expect(guest.of('notification')).toEqual([]);
  });

  it('says nothing about a post held back until it is visible, once, and drops notices of posts hidden later', async () => {
    const [alice, bob] = [await registerMember(t), await registerMember(t)];
    const thread = await threadTitled('Held back', alice);
    const created = await insertPostDirectly(t, bob, thread.id, `@${alice.username} look at this`, 'pending');
    announcePost(t, created, forum.id);
    await settle();
    expect((await list(alice)).items).toEqual([]);

    const posts = t.app.get(PostsService);
    await posts.setState(null, created.id, 'visible', null);
    const [mention] = (await listOnceSettled(alice, 1)).items;
    expect(mention).toMatchObject({ type: 'mention', postId: created.id });

    // hidden: the notice leaves the list and the count; restored: it is back, not repeated
    await posts.setState(null, created.id, 'hidden', 'test');
    expect((await list(alice)).items).toEqual([]);
    expect(await unread(alice)).toBe(0);
    await posts.setState(null, created.id, 'visible', null);
    await settle();
    expect((await list(alice)).items).toEqual([mention]);
  });
});
