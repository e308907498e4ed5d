import { runMigrations } from '../../src/database/migrate.js';
import { createForum, createThread } from '../factories/content.js';
import { type Member, registerMember } from '../factories/members.js';
import { startTestApp, type TestApp } from '../support/test-app.js';
import { type OwnPostgres, sleep, startOwnPostgres, waitFor } from './support/processes.js';

// PostgreSQL goes away in the middle of a write load and comes back on the same port. The app's
// own PostgreSQL (embedded, started here), never the machine's shared one.

interface Outcome {
  body: string;
  status: number;
  ms: number;
  at: number;
}

describe('PostgreSQL restarted under a write load', () => {
  let pgServer: OwnPostgres;
  let t: TestApp;

  beforeAll(async () => {
    pgServer = await startOwnPostgres();
    await runMigrations({ databasePoolSize: 1, statementTimeoutMs: 0 }, pgServer.url());
    t = await startTestApp(
      {
        POSTS_PER_MINUTE: '10000',
        AUTO_SLOW_MODE_REPLIES_PER_MINUTE: '0',
        DATABASE_POOL_SIZE: '5',
        LOG_LEVEL: process.env.FAULT_DEBUG ? 'error' : 'silent',
      },
      { databaseUrl: pgServer.url() },
    );
  }, 60_000);
  afterAll(async () => {
    await t?.app.close().catch(() => undefined);
    await pgServer?.destroy();
  });

  it('keeps every acknowledged write, answers 503 quickly while down, reports it, and recovers by itself', async () => {
    const forum = await createForum(t, 'Restarts');
    const writers: Member[] = [];
    for (let i = 0; i < 4; i++) writers.push(await registerMember(t));
    const thread = await createThread(t, writers[0], forum.slug);
    const outcomes: Outcome[] = [];
    const reads: Outcome[] = [];
    let running = true;
    const started = Date.now();

    const writer = async (member: Member, lane: number) => {
      for (let n = 0; running; n++) {
        const body = `load ${lane}-${n} ${started}`;
        const sent = Date.now();
        const res = await t
          .http()
          .post(`/api/threads/${thread.id}/posts`)
          .set('Authorization', member.auth)
          .send({ body })
          .timeout(20_000)
          .catch((e: { status?: number }) => ({ status: e.status ?? 0 }));
        outcomes.push({ body, status: res.status, ms: Date.now() - sent, at: sent - started });
        if (res.status !== 201) await sleep(100);
      }
    };
    const reader = async () => {
      while (running) {
        const sent = Date.now();
        const res = await t
          .http()
          .get(`/api/threads/${thread.id}/posts`)
          .query({ limit: 5 })
          .timeout(20_000)
          .catch((e: { status?: number }) => ({ status: e.status ?? 0 }));
        reads.push({ body: '', status: res.status, ms: Date.now() - sent, at: sent - started });
        await sleep(50);
      }
    };
    const load = Promise.all([...writers.map((m, i) => writer(m, i)), reader()]);

    await sleep(2500);
    const downAt = Date.now() - started;
    await pgServer.stop();
    const probe = Date.now();
    const readyWhileDown = await t.http().get('/health/ready');
    const probeMs = Date.now() - probe;
    await sleep(3500);
    const upAt = Date.now() - started;
    await pgServer.start();
    await waitFor(
      'ready again',
      async () => (await t.http().get('/health/ready')).status === 200,
      20_000,
    );
    await sleep(2500);
    running = false;
    await load;

    // the outage was seen and answered quickly, as 503, never a 500 or a hang
    expect(readyWhileDown.status).toBe(503);
    expect(readyWhileDown.body).toMatchObject({ statusCode: 503 });
    expect(probeMs).toBeLessThan(2_000);
    const statuses = new Set([...outcomes, ...reads].map((o) => o.status));
    expect([...statuses].filter((s) => s !== 201 && s !== 200 && s !== 503)).toEqual([]);
    const during = [...outcomes, ...reads].filter((o) => o.at >= downAt + 200 && o.at < upAt);
    expect(during.length).toBeGreaterThan(0);
    expect(during.filter((o) => o.status !== 503)).toEqual([]);
    expect(
      Math.max(...[...outcomes, ...reads].filter((o) => o.status === 503).map((o) => o.ms)),
    ).toBeLessThan(6_000);
    // writes before and after went through: the app recovered without a restart
    expect(outcomes.some((o) => o.status === 201 && o.at < downAt)).toBe(true);
    expect(outcomes.some((o) => o.status === 201 && o.at > upAt)).toBe(true);

    // every acknowledged reply is in the database
    const acknowledged = outcomes.filter((o) => o.status === 201).map((o) => o.body);
    const stored: { body_source: string }[] = await t.dataSource.query(
      `SELECT body_source FROM posts WHERE thread_id = $1`,
      [thread.id],
    );
    const storedBodies = new Set(stored.map((r) => r.body_source));
    expect(acknowledged.filter((b) => !storedBodies.has(b))).toEqual([]);
    process.stderr.write(
      `[faults] postgres restart: ${acknowledged.length} writes acknowledged, ${outcomes.filter((o) => o.status === 503).length} refused with 503 while down (${upAt - downAt} ms)\n`,
    );
  }, 60_000);
});
