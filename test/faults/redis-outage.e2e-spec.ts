import request from 'supertest';
import { closeAllLive, connectLive, eventually, type LiveClient } from '../support/live-client.js';
import {
  createForumSql,
  createThreadOn,
  JWT_SECRET,
  register,
  replyOn,
  testDatabase,
  type Writer,
} from './support/deployment.js';
import {
  type Instance,
  type OwnRedis,
  sleep,
  startInstance,
  startOwnRedis,
} from './support/processes.js';

// Two instances share a Redis (their own, started here). Redis dies: each instance keeps serving
// its own sockets and says so; Redis returns: delivery across instances resumes by itself.

const positions = (client: LiveClient) =>
  client.of('post:created').map((p) => (p.post as { id: number }).id);

describe('Redis stopped under two instances', () => {
  let redis: OwnRedis;
  let db: Awaited<ReturnType<typeof testDatabase>>;
  let a: Instance;
  let b: Instance;

  beforeAll(async () => {
    redis = await startOwnRedis();
    db = await testDatabase();
    const env = {
      DATABASE_URL: db.url,
      REDIS_URL: redis.url,
      JWT_SECRET,
      POSTS_PER_MINUTE: '1000',
      AUTO_SLOW_MODE_REPLIES_PER_MINUTE: '0',
    };
    [a, b] = await Promise.all([startInstance(env), startInstance(env)]);
  }, 60_000);
  afterAll(async () => {
    if (process.env.FAULT_DEBUG)
      process.stderr.write(`A:\n${a?.output().slice(-3000)}\nB:\n${b?.output().slice(-3000)}\n`);
    closeAllLive();
    await a?.kill('SIGTERM');
    await b?.kill('SIGTERM');
    await redis?.stop();
    await db?.drop();
  });

  it('serves each instance’s own sockets while Redis is down, logs it, and delivers across again when it is back', async () => {
    const writer: Writer = await register(a);
    const threadId = await createThreadOn(a, writer, await createForumSql(db.url));
    const onA = await connectLive(a.baseUrl);
    const onB = await connectLive(b.baseUrl);
    expect(await onA.request('thread:join', { threadId })).toMatchObject({ ok: true });
    expect(await onB.request('thread:join', { threadId })).toMatchObject({ ok: true });

    const before = await replyOn(a, writer, threadId, 'before the outage');
    await eventually(() => positions(onB).includes(before.id!), 10_000);

    await redis.stop();
    await sleep(500);
    // writes still succeed and each instance still reaches its own readers
    const localA = await replyOn(a, writer, threadId, 'written on A while Redis is down');
    const localB = await replyOn(b, writer, threadId, 'written on B while Redis is down');
    expect([localA.status, localB.status]).toEqual([201, 201]);
    await eventually(() => positions(onA).includes(localA.id!), 5_000);
    await eventually(() => positions(onB).includes(localB.id!), 5_000);
    // both say so in their logs, and keep reporting their own sockets in their metrics
    await eventually(() => /Redis/i.test(a.output()) && /Redis/i.test(b.output()), 10_000);
    for (const instance of [a, b]) {
      const metrics = await request(instance.baseUrl).get('/metrics');
      expect(metrics.status).toBe(200);
      expect(metrics.text).toMatch(/socketio_connected_clients \d+/);
    }
    expect((await request(a.baseUrl).get('/health/live')).status).toBe(200);
    // new sockets can still connect to either instance
    const late = await connectLive(b.baseUrl);
    expect(await late.request('thread:join', { threadId })).toMatchObject({ ok: true });

    await redis.start();
    // cross-instance delivery resumes once the adapters reconnect
    const resumedAt = Date.now();
    let crossed: number | null = null;
    for (let n = 0; crossed === null && Date.now() - resumedAt < 20_000; n++) {
      const post = await replyOn(a, writer, threadId, `after the outage ${n}`);
      try {
        await eventually(() => positions(onB).includes(post.id!), 1_500);
        crossed = post.id!;
      } catch {
        // not yet
      }
    }
    expect(crossed).not.toBeNull();
    process.stderr.write(
      `[faults] redis: cross-instance delivery back ${Date.now() - resumedAt} ms after Redis returned\n`,
    );
  }, 60_000);
});
