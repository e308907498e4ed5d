import { createClient } from 'redis';
import { createForum, createThread, reply } from '../factories/content.js';
import { createMemberWithRole, type Member, registerMember } from '../factories/members.js';
import { enginePackets } from '../support/engine-packets.js';
import { closeAllLive, connectLive, eventually, type LiveClient, settle, sleep } from '../support/live-client.js';
import { startTestApp, type TestApp, uniqueRedisPrefix } from '../support/test-app.js';

// Two instances of one deployment on this machine's Redis and one database, as docker-compose runs
// them behind the load balancer. A prefix of our own keeps parallel runs apart on the shared Redis.
const REDIS_URL = 'redis://127.0.0.1:6379';

const positions = (client: LiveClient) => client.of('post:created').map((p) => (p as { post: { position: number } }).post.position);

describe('live updates across two instances (Redis)', () => {
  const prefix = uniqueRedisPrefix();
  let a: TestApp;
  let b: TestApp;
  let alice: Member;
  let bob: Member;
  let forum: { id: number; slug: string };

  beforeAll(async () => {
    a = await startTestApp({ REDIS_URL }, { redisKeyPrefix: prefix });
    b = await startTestApp({ REDIS_URL }, { databaseUrl: a.databaseUrl, redisKeyPrefix: prefix });
    alice = await registerMember(a);
    bob = await registerMember(a);
    forum = await createForum(a, 'Scaled');
  });
  afterEach(() => closeAllLive());
  afterAll(async () => {
    await b?.close();
    await a?.close();
    const redis = createClient({ url: REDIS_URL });
    await redis.connect();
    const keys = await redis.keys(`${prefix}*`);
    if (keys.length > 0) await redis.del(keys);
    await redis.close();
  });

  it('delivers a post made through instance A to a client of instance B, and only to its thread', async () => {
    const thread = await createThread(a, alice, forum.slug);
    const other = await createThread(a, alice, forum.slug);
    const onB = await connectLive(b.baseUrl);
    const onA = await connectLive(a.baseUrl);
    const elsewhereOnB = await connectLive(b.baseUrl);
    await onB.request('thread:join', { threadId: thread.id });
    await onA.request('thread:join', { threadId: thread.id });
    await elsewhereOnB.request('thread:join', { threadId: other.id });
    // the Redis adapter's local delivery writes straight to WebSockets too (direct-frames.ts)
    const queuedOnB = enginePackets(b, onB);

    const written = await reply(a, bob, thread.id, 'made on A');
    const received = await eventually(() => onB.of('post:created')[0] as { post: { id: number; html: string } } | undefined);
    expect(received.post).toMatchObject({ id: written.id, html: written.html });
    await eventually(() => positions(onA).includes(written.position));
    await settle();
    expect(positions(onB)).toEqual([written.position]);
    expect(elsewhereOnB.of('post:created')).toEqual([]);
    expect(queuedOnB.count).toBe(0);
  });

  it("pushes a member's notification to their socket on the other instance", async () => {
    const thread = await createThread(a, alice, forum.slug);
    const aliceOnB = await connectLive(b.baseUrl, { token: alice.token });
    await reply(a, bob, thread.id, 'a reply alice watches');
    const pushed = await eventually(() => aliceOnB.of('notification')[0] as { notification: { type: string }; unreadCount: number } | undefined);
    expect(pushed).toMatchObject({ notification: { type: 'reply' }, unreadCount: expect.any(Number) });
  });

  it('counts readers on both instances', async () => {
    const thread = await createThread(a, alice, forum.slug);
    const onA = await connectLive(a.baseUrl);
    const onB = await connectLive(b.baseUrl);
    await onA.request('thread:join', { threadId: thread.id });
    await sleep(50);
    await onB.request('thread:join', { threadId: thread.id });
    await eventually(() => onA.of('presence').some((p) => p.reading === 2) && onB.of('presence').some((p) => p.reading === 2));
  });

  it('recovers a session cut on instance A on instance B, with the events it missed', async () => {
    const thread = await createThread(a, alice, forum.slug);
    const client = await connectLive(a.baseUrl);
    await client.request('thread:join', { threadId: thread.id });
    // recovery resumes from the offset of the last event received; with Redis the first one
    // (`session`) makes a round trip through the stream, so it may land after the join's answer
    await eventually(() => client.of('session').length === 1);
    const cut = new Promise<void>((resolve) => client.socket.once('disconnect', () => resolve()));
    client.socket.io.engine.close();
    await cut;
    // instance A keeps the session in Redis, where instance B will find it
    const redis = createClient({ url: REDIS_URL });
    await redis.connect();
    await eventually(async () => (await redis.keys(`${prefix}:socket.io:session:*`)).length > 0);
    await redis.close();
    const missed = [await reply(a, bob, thread.id, 'missed one'), await reply(b, bob, thread.id, 'missed two')];
    await sleep(100);

    // the load balancer sends the client back to the other instance
    (client.socket.io as unknown as { uri: string }).uri = b.baseUrl;
    const reconnected = new Promise<void>((resolve) => client.socket.once('connect', () => resolve()));
    client.socket.connect();
    await reconnected;
    expect(client.socket.recovered).toBe(true);
    await eventually(() => positions(client).length === 2);
    expect(positions(client)).toEqual(missed.map((m) => m.position));
    const live = await reply(a, bob, thread.id, 'live on A, read on B');
    await eventually(() => positions(client).includes(live.position));
  });

  it('hands catching-up sockets over to live events without gaps or repeats, though each broadcast goes through Redis first', async () => {
    const thread = await createThread(a, alice, forum.slug);
    for (let i = 2; i <= 10; i++) await reply(a, bob, thread.id, `earlier ${i}`);
    // moderators: the busy thread does not switch them to slow mode
    const writers = [await createMemberWithRole(a, 'moderator'), await createMemberWithRole(a, 'moderator')];
    let writing = true;
    const writing$ = Promise.all(
      writers.map(async (member) => {
        while (writing) await reply(a, member, thread.id, 'written during the catch-ups');
      }),
    );
    const clients: LiveClient[] = [];
    for (let i = 0; i < 8; i++) {
      const client = await connectLive(a.baseUrl);
      expect(await client.request('thread:join', { threadId: thread.id, afterPosition: 1 })).toMatchObject({ ok: true });
      clients.push(client);
      await sleep(40);
    }
    writing = false;
    await writing$;
    const last = (await a.http().get(`/api/threads/${thread.id}`)).body.lastPosition as number;
    await eventually(() => clients.every((c) => positions(c).includes(last)));
    await settle();
    for (const client of clients) expect(positions(client)).toEqual(Array.from({ length: last - 1 }, (_, i) => i + 2));
  });
});
