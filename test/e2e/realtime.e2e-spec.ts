import { EventEmitter2 } from '@nestjs/event-emitter';
import { EVENTS, type ModerationQueueChangedEvent, type PostPositionTakenEvent } from '../../src/common/events.js';
import { PostsService } from '../../src/posts/posts.service.js';
import { ThreadsService } from '../../src/threads/threads.service.js';
import { announcePost, createForum, createThread, type DirectPost, insertPostDirectly, reply } from '../factories/content.js';
import { createMemberWithRole, type Member, registerMember } from '../factories/members.js';
import { enginePackets } from '../support/engine-packets.js';
import { closeAllLive, connectLive, eventually, type LiveClient, settle, sleep } from '../support/live-client.js';
import { startTestApp, type TestApp } from '../support/test-app.js';

interface PostPayload {
  post: { id: number; position: number; state: string; html: string | null; bodySource: string | null; stateReason?: string | null };
}

const posts = (client: LiveClient, event = 'post:created') => client.of(event) as unknown as PostPayload[];
const positions = (client: LiveClient, event = 'post:created') => posts(client, event).map((p) => p.post.position);

describe('live updates over Socket.IO', () => {
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
    forum = await createForum(t, 'Live');
  });
  afterEach(() => closeAllLive());
  afterAll(() => t.close());

  /** A post written straight to the database in a state screening would give it, announced as the posts service does. */
  async function heldBackPost(author: Member, threadId: number, body: string, state: 'pending' | 'hidden'): Promise<number> {
    const post = await insertPostDirectly(t, author, threadId, body, state);
    announcePost(t, post, forum.id);
    return post.id;
  }

  it('lets a guest connect read-only and follow a thread', async () => {
    const thread = await createThread(t, alice, forum.slug);
    const guest = await connectLive(t.baseUrl);
    expect(await guest.request('thread:join', { threadId: thread.id })).toEqual({ ok: true, threadId: thread.id, lastPosition: 1 });
    const typing = await guest.request('typing', { threadId: thread.id });
    expect(typing).toMatchObject({ ok: false, error: { statusCode: 401 } });
  });

  it('sends a reply to the sockets following its thread, rendered as the API returns it, and to no one else', async () => {
    const [first, other] = [await createThread(t, alice, forum.slug), await createThread(t, alice, forum.slug)];
    const reader = await connectLive(t.baseUrl);
    const member = await connectLive(t.baseUrl, { token: bob.token });
    const elsewhere = await connectLive(t.baseUrl);
    await reader.request('thread:join', { threadId: first.id });
    await member.request('thread:join', { threadId: first.id });
    await elsewhere.request('thread:join', { threadId: other.id });
    // the app writes broadcasts straight to WebSockets (direct-frames.ts): Engine.IO queues none
    const queued = enginePackets(t, reader);

    const written = await reply(t, alice, first.id, 'A [b]bold[/b] reply');
    await eventually(() => posts(reader).length === 1 && posts(member).length === 1);
    const asApi = (await t.http().get(`/api/posts/${written.id}`)).body;
    delete asApi.threadSlug;
    expect(posts(reader)[0].post).toEqual(asApi);
    expect(posts(reader)[0].post.html).toContain('<b>bold</b>');
    expect(posts(member)[0].post).toEqual(asApi);
    await settle();
    expect(elsewhere.received.filter((r) => r.event.startsWith('post:'))).toEqual([]);
    expect(posts(reader)).toHaveLength(1);
    expect(queued.count).toBe(0);
  });

  it('authenticates the handshake like HTTP: auth.token or the cookie; a bad token is refused with 401', async () => {
    await expect(connectLive(t.baseUrl, { token: 'not-a-token' })).rejects.toMatchObject({ data: { statusCode: 401 } });
    const viaCookie = await connectLive(t.baseUrl, { extraHeaders: { cookie: `forum_access=${bob.token}` } });
    expect(await viaCookie.request('member:join', { userId: bob.id })).toEqual({ ok: true, userId: bob.id });
    const viaHeader = await connectLive(t.baseUrl, { extraHeaders: { authorization: `Bearer ${bob.token}` } });
    expect(await viaHeader.request('member:join', { userId: bob.id })).toMatchObject({ ok: true });
  });

  it('refuses a browser page from another site', async () => {
    await expect(connectLive(t.baseUrl, { extraHeaders: { origin: 'https://evil.example' } })).rejects.toThrow();
    const sameSite = await connectLive(t.baseUrl, { extraHeaders: { origin: 'http://127.0.0.1:5173' } });
    expect(sameSite.socket.connected).toBe(true);
  });

  it('tells forum followers of new threads and of changed counts', async () => {
    const own = await createForum(t, 'Forum room');
    const follower = await connectLive(t.baseUrl);
    expect(await follower.request('forum:join', { slug: own.slug })).toEqual({ ok: true, forumId: own.id });
    const thread = await createThread(t, alice, own.slug, 'Fresh thread title');
    const created = await eventually(() => follower.of('thread:created')[0] as { thread: { id: number; title: string; postCount: number; lastReadPosition: null } } | undefined);
    expect(created.thread).toMatchObject({ id: thread.id, title: 'Fresh thread title', postCount: 1, lastReadPosition: null });
    await reply(t, bob, thread.id, 'bump');
    const updated = await eventually(() => follower.of('thread:updated').find((u) => (u as { thread: { replyCount: number } }).thread.replyCount === 1) as { change: string } | undefined);
    expect(updated.change).toBe('counts');
  });

  it('never shows a hidden post to guests or other members; its author and the moderators get their own views', async () => {
    const thread = await createThread(t, alice, forum.slug);
    const guest = await connectLive(t.baseUrl);
    const other = await connectLive(t.baseUrl, { token: bob.token });
    const author = await connectLive(t.baseUrl, { token: alice.token });
    const mod = await connectLive(t.baseUrl, { token: moderator.token });
    for (const client of [guest, other, author]) await client.request('thread:join', { threadId: thread.id });

    const written = await reply(t, alice, thread.id, 'secret words that get hidden');
    await eventually(() => posts(guest).length === 1 && posts(author).length === 1);
    const [guestBefore, otherBefore] = [guest.received.length, other.received.length];
    await t.app.get(PostsService).setState(null, written.id, 'hidden', 'Hidden for the test');

    const [toGuest, toOther, toAuthor, toModerator] = await eventually(() => {
      const all = [guest, other, author, mod].map((c) => posts(c, 'post:hidden')[0]);
      return all.every(Boolean) ? all : null;
    });
    for (const placeholder of [toGuest, toOther]) {
      expect(placeholder.post).toMatchObject({ id: written.id, position: written.position, state: 'hidden', html: null, bodySource: null });
    }
    expect(toAuthor.post).toMatchObject({ state: 'hidden', bodySource: 'secret words that get hidden', stateReason: 'Hidden for the test' });
    expect(toModerator.post).toMatchObject({ state: 'hidden', bodySource: 'secret words that get hidden' });
    await settle();
    // one copy each: the author and moderators are left out of the placeholder broadcast
    expect([guest, other, author, mod].map((c) => posts(c, 'post:hidden').length)).toEqual([1, 1, 1, 1]);
    expect(JSON.stringify(guest.received.slice(guestBefore))).not.toContain('secret words');
    expect(JSON.stringify(other.received.slice(otherBefore))).not.toContain('secret words');

    await t.app.get(PostsService).setState(null, written.id, 'visible', null);
    const restored = await eventually(() => posts(guest, 'post:restored')[0]);
    expect(restored.post).toMatchObject({ id: written.id, state: 'visible', bodySource: 'secret words that get hidden' });
  });

  it('keeps a post held back at creation away from the thread room, and shows it once approved', async () => {
    const thread = await createThread(t, alice, forum.slug);
    const guest = await connectLive(t.baseUrl);
    const other = await connectLive(t.baseUrl, { token: bob.token });
    const author = await connectLive(t.baseUrl, { token: alice.token });
    const mod = await connectLive(t.baseUrl, { token: moderator.token });
    for (const client of [guest, other, author, mod]) await client.request('thread:join', { threadId: thread.id });

    const postId = await heldBackPost(alice, thread.id, 'held back words', 'pending');
    const [toAuthor, toModerator] = await eventually(() => {
      const both = [posts(author)[0], posts(mod)[0]];
      return both.every(Boolean) ? both : null;
    });
    expect(toAuthor.post).toMatchObject({ id: postId, state: 'pending', bodySource: 'held back words' });
    expect(toModerator.post).toMatchObject({ id: postId, state: 'pending', bodySource: 'held back words' });
    await settle();
    expect(posts(guest)).toEqual([]);
    expect(posts(other)).toEqual([]);
    expect(posts(author)).toHaveLength(1);
    expect(posts(mod)).toHaveLength(1);

    await t.app.get(PostsService).setState(null, postId, 'visible', null);
    const approved = await eventually(() => posts(guest)[0]);
    expect(approved.post).toMatchObject({ id: postId, state: 'visible', bodySource: 'held back words' });
  });

  it('authorises every room: only your own member room, the moderators room for moderators only', async () => {
    const member = await connectLive(t.baseUrl, { token: bob.token });
    const guest = await connectLive(t.baseUrl);
    const mod = await connectLive(t.baseUrl, { token: moderator.token });
    expect(await member.request('member:join', { userId: alice.id })).toMatchObject({ ok: false, error: { statusCode: 403 } });
    expect(await member.request('moderators:join')).toMatchObject({ ok: false, error: { statusCode: 403 } });
    expect(await guest.request('member:join', { userId: alice.id })).toMatchObject({ ok: false, error: { statusCode: 401 } });
    expect(await guest.request('moderators:join')).toMatchObject({ ok: false, error: { statusCode: 401 } });
    expect(await mod.request('moderators:join')).toEqual({ ok: true, room: 'moderators' });

    // and the rooms deliver only to those in them
    const aliceSocket = await connectLive(t.baseUrl, { token: alice.token });
    t.app.get(EventEmitter2).emit(EVENTS.moderationQueueChanged, { itemId: 42, status: 'open', threadId: null } satisfies ModerationQueueChangedEvent);
    expect(await eventually(() => mod.of('moderation:queue')[0])).toEqual({ itemId: 42, status: 'open', threadId: null });
    await settle();
    for (const client of [member, guest, aliceSocket]) expect(client.of('moderation:queue')).toEqual([]);
  });

  it('counts readers of a thread and shows who is typing, rate limited', async () => {
    const thread = await createThread(t, alice, forum.slug);
    const author = await connectLive(t.baseUrl, { token: alice.token });
    const member = await connectLive(t.baseUrl, { token: bob.token });
    const guest = await connectLive(t.baseUrl);
    for (const client of [author, member, guest]) await client.request('thread:join', { threadId: thread.id });
    const presence = (client: LiveClient) => client.of('presence') as unknown as { threadId: number; reading: number; typing: string[] }[];
    await eventually(() => presence(guest).some((p) => p.threadId === thread.id && p.reading === 3));

    expect(await author.request('typing', { threadId: thread.id })).toEqual({ ok: true, threadId: thread.id });
    await eventually(() => presence(guest).some((p) => p.typing.includes(alice.username)));
    const burst = await Promise.all(Array.from({ length: 5 }, () => author.request('typing', { threadId: thread.id })));
    expect(burst.filter((ack) => !ack.ok).map((ack) => !ack.ok && ack.error.statusCode)).toContain(429);

    const other = await createThread(t, alice, forum.slug);
    expect(await member.request('typing', { threadId: other.id })).toMatchObject({ ok: false, error: { statusCode: 403, message: 'Join the thread first' } });

    // a reply ends "is typing" at once, and leaving lowers the count
    await reply(t, alice, thread.id, 'done typing');
    await eventually(() => {
      const last = presence(guest).at(-1);
      return last && last.typing.length === 0;
    });
    member.close();
    await eventually(() => presence(guest).at(-1)?.reading === 2);
  });

  it('lets a silenced member read live but not announce typing', async () => {
    const thread = await createThread(t, alice, forum.slug);
    const quiet = await registerMember(t);
    const until = new Date(Date.now() + 3_600_000).toISOString();
    await t.http().post(`/api/moderation/users/${quiet.id}/silence`).set('Authorization', moderator.auth).send({ reason: 'cooling off', until }).expect(201);
    const client = await connectLive(t.baseUrl, { token: quiet.token });
    expect(await client.request('thread:join', { threadId: thread.id })).toMatchObject({ ok: true });
    expect(await client.request('typing', { threadId: thread.id })).toMatchObject({ ok: false, error: { statusCode: 403, message: expect.stringMatching(/silenced/) } });
    await reply(t, bob, thread.id, 'still readable');
    await eventually(() => positions(client).length === 1);
  });

  it('answers bad payloads and unknown events with error acks, and stays up', async () => {
    const client = await connectLive(t.baseUrl);
    for (const bad of [undefined, null, 'abc', 7, [1], {}, { threadId: 'x' }, { threadId: -1 }, { threadId: 1.5 }, { threadId: 1, extra: true }, { threadId: 1, afterPosition: -1 }]) {
      const ack = await client.request('thread:join', bad);
      expect([bad, ack.ok, !ack.ok && ack.error.statusCode]).toEqual([bad, false, 400]);
    }
    expect(await client.request('thread:join', { threadId: 999_999 })).toMatchObject({ ok: false, error: { statusCode: 404, message: 'Thread not found' } });
    expect(await client.request('forum:join', { slug: 'NOT A SLUG' })).toMatchObject({ ok: false, error: { statusCode: 400 } });
    expect(await client.request('forum:join', { slug: 'no-such-forum' })).toMatchObject({ ok: false, error: { statusCode: 404 } });
    expect(await client.request('make:admin', { please: true })).toMatchObject({ ok: false, error: { statusCode: 400 } });
    expect(await client.request('moderators:join', { sneaky: 1 })).toMatchObject({ ok: false, error: { statusCode: 400 } });

    // a message past the size limit closes that connection only
    const disconnected = new Promise<string>((resolve) => client.socket.once('disconnect', resolve));
    client.socket.emit('thread:join', { threadId: 1, padding: 'x'.repeat(20_000) });
    expect(await disconnected).toMatch(/transport/);
    expect((await t.http().get('/health/live')).status).toBe(200);
    const thread = await createThread(t, alice, forum.slug);
    const fresh = await connectLive(t.baseUrl);
    expect(await fresh.request('thread:join', { threadId: thread.id })).toMatchObject({ ok: true });
  });

  it('limits the rooms one socket may follow', async () => {
    const threads = t.app.get(ThreadsService);
    const user = { id: alice.id, username: alice.username, role: 'member' as const };
    const ids: number[] = [];
    for (let i = 0; i < 51; i++) ids.push((await threads.createThread(user, forum.slug, `Room limit ${i}`, 'x', { imported: true })).thread.id);
    const guest = await connectLive(t.baseUrl);
    for (const threadId of ids.slice(0, 50)) {
      expect(await guest.request('thread:join', { threadId })).toMatchObject({ ok: true });
      await sleep(60); // within the per-socket event rate
    }
    expect(await guest.request('thread:join', { threadId: ids[50] })).toMatchObject({ ok: false, error: { statusCode: 400, message: expect.stringMatching(/at most 50 rooms/) } });
    expect(await guest.request('thread:leave', { threadId: ids[0] })).toEqual({ ok: true, threadId: ids[0] });
    expect(await guest.request('thread:join', { threadId: ids[50] })).toMatchObject({ ok: true });
  });

  it("reports in /metrics how long handing a new post to the thread's sockets took", async () => {
    const sends = async () => {
      const text = (await t.http().get('/metrics')).text;
      const count = /^realtime_local_send_seconds_count\{event="post:created"\} (\d+)$/m.exec(text);
      const sum = /^realtime_local_send_seconds_sum\{event="post:created"\} (\S+)$/m.exec(text);
      return { count: Number(count?.[1] ?? 0), sum: Number(sum?.[1] ?? 0) };
    };
    const thread = await createThread(t, alice, forum.slug);
    const readers = await Promise.all([connectLive(t.baseUrl), connectLive(t.baseUrl)]);
    for (const reader of readers) await reader.request('thread:join', { threadId: thread.id });
    const before = await sends();
    await reply(t, bob, thread.id, 'timed on its way out');
    await eventually(() => readers.every((reader) => positions(reader).includes(2)));
    const after = await sends();
    expect(after.count).toBe(before.count + 1);
    expect(after.sum).toBeGreaterThan(before.sum);
  });

  it('refuses a flood of events with error acks, then disconnects the socket', async () => {
    const thread = await createThread(t, alice, forum.slug);
    const flooder = await connectLive(t.baseUrl);
    const acks = await Promise.all(Array.from({ length: 40 }, () => flooder.request('thread:join', { threadId: thread.id })));
    expect(acks.filter((a) => a.ok).length).toBeGreaterThanOrEqual(15);
    expect(acks.filter((a) => !a.ok).map((a) => !a.ok && a.error.statusCode)).toContain(429);
    const gone = new Promise<string>((resolve) => flooder.socket.once('disconnect', resolve));
    for (let i = 0; i < 200 && flooder.socket.connected; i++) flooder.socket.emit('thread:join', { threadId: thread.id });
    expect(await gone).toBe('io server disconnect');
    const polite = await connectLive(t.baseUrl);
    expect(await polite.request('thread:join', { threadId: thread.id })).toMatchObject({ ok: true });
  });

  describe('nothing missed', () => {
    it('catches up on a fresh connection: thread:join {afterPosition} sends the missed posts in order, once', async () => {
      const thread = await createThread(t, alice, forum.slug);
      const first = await connectLive(t.baseUrl);
      await first.request('thread:join', { threadId: thread.id });
      await reply(t, bob, thread.id, 'reply 2');
      await eventually(() => positions(first).includes(2));
      first.close();

      for (let i = 3; i <= 7; i++) await reply(t, bob, thread.id, `missed reply ${i}`);
      const hidden = await reply(t, bob, thread.id, 'missed and hidden');
      await t.app.get(PostsService).setState(null, hidden.id, 'hidden', 'test');

      const back = await connectLive(t.baseUrl);
      const ack = await back.request('thread:join', { threadId: thread.id, afterPosition: 2 });
      expect(ack).toEqual({ ok: true, threadId: thread.id, lastPosition: 8, caughtUp: 5, truncated: false });
      expect(positions(back)).toEqual([3, 4, 5, 6, 7]);
      await reply(t, bob, thread.id, 'live again');
      await eventually(() => positions(back).includes(9));
      await settle();
      expect(positions(back)).toEqual([3, 4, 5, 6, 7, 9]);
    });

    it('runs one catch-up at a time per connection', async () => {
      const thread = await createThread(t, alice, forum.slug);
      for (let i = 0; i < 3; i++) await reply(t, bob, thread.id, `reply ${i}`);
      const client = await connectLive(t.baseUrl);
      const acks = await Promise.all([0, 0].map((afterPosition) => client.request('thread:join', { threadId: thread.id, afterPosition })));
      expect(acks.map((a) => (a.ok ? 'ok' : a.error.statusCode)).sort()).toEqual([429, 'ok']);
    });

    it('hands catching-up sockets over to live events without gaps or repeats while replies keep coming', async () => {
      const thread = await createThread(t, alice, forum.slug);
      for (let i = 2; i <= 20; i++) await reply(t, bob, thread.id, `earlier ${i}`);
      // moderators: the busy thread does not switch them to slow mode
      const [first, second] = [moderator, await createMemberWithRole(t, 'moderator')];
      let writing = true;
      const writer = async (member: Member) => {
        while (writing) await reply(t, member, thread.id, 'written during the catch-ups');
      };
      const writers = Promise.all([writer(first), writer(second), writer(first)]);
      const clients: LiveClient[] = [];
      for (let i = 0; i < 6; i++) {
        const client = await connectLive(t.baseUrl);
        expect(await client.request('thread:join', { threadId: thread.id, afterPosition: 1 })).toMatchObject({ ok: true });
        clients.push(client);
        await sleep(80);
      }
      writing = false;
      await writers;
      const last = (await t.http().get(`/api/threads/${thread.id}`)).body.lastPosition as number;
      await eventually(() => clients.every((c) => positions(c).includes(last)));
      await settle();
      for (const client of clients) expect(positions(client)).toEqual(Array.from({ length: last - 1 }, (_, i) => i + 2));
    });

    it('keeps replies in position order when their commits come back to the app out of order', async () => {
      const thread = await createThread(t, alice, forum.slug);
      const client = await connectLive(t.baseUrl);
      await client.request('thread:join', { threadId: thread.id });
      const events = t.app.get(EventEmitter2);
      const write = (body: string) => insertPostDirectly(t, bob, thread.id, body);
      const announce = (post: DirectPost) => announcePost(t, post, forum.id);
      // as two replies' transactions do: each takes its position, then both commit, and the later
      // one's commit is handled first; a third took a position and then failed
      const earlier = await write('taken first, committed first');
      events.emit(EVENTS.postPositionTaken, { threadId: thread.id, postId: earlier.id } satisfies PostPositionTakenEvent);
      const later = await write('taken second, its commit handled first');
      events.emit(EVENTS.postPositionTaken, { threadId: thread.id, postId: later.id } satisfies PostPositionTakenEvent);
      events.emit(EVENTS.postPositionTaken, { threadId: thread.id, postId: later.id + 1000 } satisfies PostPositionTakenEvent);
      announce(later);
      await settle();
      expect(positions(client)).toEqual([]);
      announce(earlier);
      await eventually(() => positions(client).length === 2);
      expect(positions(client)).toEqual([earlier.position, later.position]);
      // the failed one holds the line until it is given up
      const next = await reply(t, bob, thread.id, 'the line moves on');
      await settle();
      expect(positions(client)).toEqual([earlier.position, later.position]);
      events.emit(EVENTS.postWriteAbandoned, { threadId: thread.id, postId: later.id + 1000 } satisfies PostPositionTakenEvent);
      await eventually(() => positions(client).includes(next.position));
      expect(positions(client)).toEqual([earlier.position, later.position, next.position]);
    });

    it('recovers the connection state: events missed while the connection was cut arrive in order, once', async () => {
      const thread = await createThread(t, alice, forum.slug);
      const client = await connectLive(t.baseUrl);
      await client.request('thread:join', { threadId: thread.id });
      const early = await reply(t, bob, thread.id, 'before the cut');
      await eventually(() => positions(client).includes(early.position));

      const cut = new Promise<string>((resolve) => client.socket.once('disconnect', resolve));
      client.socket.io.engine.close();
      await cut;
      const missed = [];
      for (let i = 0; i < 3; i++) missed.push(await reply(t, bob, thread.id, `while cut ${i}`));
      await t.app.get(PostsService).setState(null, missed[0].id, 'hidden', 'test');
      await sleep(100);

      const reconnected = new Promise<void>((resolve) => client.socket.once('connect', () => resolve()));
      client.socket.connect();
      await reconnected;
      expect(client.socket.recovered).toBe(true);
      await eventually(() => posts(client, 'post:hidden').length === 1);
      await settle();
      const postEvents = client.received.filter((r) => r.event.startsWith('post:')).map((r) => `${r.event} ${(r.payload as unknown as PostPayload).post.position}`);
      expect(postEvents).toEqual(['post:created 2', 'post:created 3', 'post:created 4', 'post:created 5', 'post:hidden 3']);
      // still in the thread's room after recovery
      await reply(t, bob, thread.id, 'after recovery');
      await eventually(() => positions(client).includes(6));
    });
  });
});
