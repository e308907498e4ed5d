import { closeAllLive, connectLive, eventually } from '../support/live-client.js';
import {
  createForumSql,
  createThreadOn,
  JWT_SECRET,
  register,
  replyOn,
  testDatabase,
} from './support/deployment.js';
import {
  type Instance,
  type OwnRedis,
  sleep,
  startInstance,
  startOwnRedis,
} from './support/processes.js';

// One of two instances is killed (SIGKILL: no goodbye) while replies keep coming through the
// other. Its clients reconnect to the survivor, as a load balancer would send them, and end up
// with every post: recovered by the server when it can, else by `thread:join {afterPosition}`.

describe('one of two instances killed', () => {
  let redis: OwnRedis;
  let db: Awaited<ReturnType<typeof testDatabase>>;
  let doomed: Instance;
  let survivor: Instance;

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
    [doomed, survivor] = await Promise.all([startInstance(env), startInstance(env)]);
  }, 60_000);
  afterAll(async () => {
    closeAllLive();
    await doomed?.kill();
    await survivor?.kill('SIGTERM');
    await redis?.stop();
    await db?.drop();
  });

  it('moves its clients to the other instance without losing an event', async () => {
    const writer = await register(survivor);
    const threadId = await createThreadOn(survivor, writer, await createForumSql(db.url));
    const clients = await Promise.all([0, 1, 2].map(() => connectLive(doomed.baseUrl)));
    for (const client of clients)
      expect(await client.request('thread:join', { threadId })).toMatchObject({ ok: true });

    const written: number[] = [];
    let writing = true;
    const writes = (async () => {
      for (let n = 0; writing; n++) {
        const res = await replyOn(survivor, writer, threadId, `reply ${n} while an instance dies`);
        if (res.status === 201) written.push(res.position!);
        await sleep(50);
      }
    })();
    const seen = (client: (typeof clients)[number]) =>
      new Set(client.of('post:created').map((p) => (p.post as { position: number }).position));
    await eventually(() => written.length >= 5 && clients.every((c) => seen(c).size >= 3), 10_000);

    const dropped = clients.map(
      (c) => new Promise<void>((resolve) => c.socket.once('disconnect', () => resolve())),
    );
    await doomed.kill('SIGKILL');
    await Promise.all(dropped);
    await sleep(500); // replies keep landing while the clients are away

    const recovered: boolean[] = [];
    for (const client of clients) {
      const last = Math.max(0, ...seen(client));
      (client.socket.io as unknown as { uri: string }).uri = survivor.baseUrl;
      const back = new Promise<void>((resolve) => client.socket.once('connect', () => resolve()));
      client.socket.connect();
      await back;
      recovered.push(client.socket.recovered);
      // what the web client does on a fresh session: catch up from the last post it has
      if (!client.socket.recovered)
        expect(
          await client.request('thread:join', { threadId, afterPosition: last }),
        ).toMatchObject({ ok: true });
    }
    await sleep(1000);
    writing = false;
    await writes;
    const expected = [...written];
    for (const client of clients) {
      await eventually(() => expected.every((p) => seen(client).has(p)), 10_000).catch(
        () => undefined,
      );
      expect(expected.filter((p) => !seen(client).has(p))).toEqual([]);
    }
    process.stderr.write(
      `[faults] instance killed: ${expected.length} replies, ${clients.length} clients moved (recovered by the server: ${recovered.join(', ')}), none missed one\n`,
    );
  }, 60_000);
});
