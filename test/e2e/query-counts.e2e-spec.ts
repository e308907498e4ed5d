import { type CountedStatement, QueryCounter } from '../../src/database/query-counter.js';
import { createForum, createThread, reply } from '../factories/content.js';
import { type Member, registerMember } from '../factories/members.js';
import { startTestApp, type TestApp } from '../support/test-app.js';

// SQL statements per request, counted at the DataSource. A page costs the same number of
// statements whatever the number of posts, quotes, sources or threads on it: no N+1.

const settle = () => new Promise((resolve) => setTimeout(resolve, 400));

describe('SQL statements per request', () => {
  let t: TestApp;
  let counter: QueryCounter;
  let authors: Member[];
  let forum: { id: number; slug: string };
  let small: { id: number };
  let large: { id: number };

  /** Statements sent while `request` runs and its after-commit listeners finish. */
  async function statementsOf(request: () => Promise<unknown>): Promise<CountedStatement[]> {
    await settle();
    counter.reset();
    await request();
    await settle();
    return [...counter.statements];
  }

  beforeAll(async () => {
    // bursts of replies here are set-up, not members to slow down
    t = await startTestApp({ AUTO_SLOW_MODE_REPLIES_PER_MINUTE: '0' });
    authors = [];
    for (let i = 0; i < 4; i++) authors.push(await registerMember(t));
    forum = await createForum(t, 'Counting');
    small = await createThread(
      t,
      authors[0],
      forum.slug,
      'A short thread',
      'Only a few posts here.',
    );
    for (let i = 0; i < 4; i++) await reply(t, authors[i % 4], small.id, `Short reply ${i}`);
    // the large thread: 40 posts, most quoting earlier ones, news posts with sources
    large = await createThread(
      t,
      authors[0],
      forum.slug,
      'A long thread',
      'Many posts, quotes and links.',
    );
    const ids: number[] = [];
    for (let i = 0; i < 39; i++) {
      const quotes = ids.length >= 2 ? [ids[ids.length - 1], ids[ids.length - 2]] : undefined;
      const news =
        i % 3 === 0
          ? `\n\nMOSCOW, March 3. /TASS/. Russia and China signed ${i} agreements.\n\nSource: https://tass.com/politics/${1000 + i}`
          : '';
      const created = await reply(
        t,
        authors[(i + 1) % 4],
        large.id,
        `Reply ${i} with an opinion about the partnership.${news}`,
        quotes,
      );
      ids.push(created.id);
    }
    counter = new QueryCounter(t.dataSource);
  }, 120_000);

  afterAll(async () => {
    counter?.stop();
    await t.close();
  });

  it('reads a thread page in two statements for a guest, whatever the posts and quotes on it', async () => {
    const few = await statementsOf(() =>
      t.http().get(`/api/threads/${small.id}/posts?limit=20`).expect(200),
    );
    const many = await statementsOf(async () => {
      const res = await t.http().get(`/api/threads/${large.id}/posts?limit=40`).expect(200);
      expect(res.body.items).toHaveLength(40);
      expect(
        res.body.items.filter((p: { quotes: unknown[] }) => p.quotes.length > 0).length,
      ).toBeGreaterThan(30);
    });
    const last = await statementsOf(() =>
      t.http().get(`/api/threads/${large.id}/posts?before=41&limit=20`).expect(200),
    );
    const around = await statementsOf(() =>
      t.http().get(`/api/threads/${large.id}/posts?around=20&limit=20`).expect(200),
    );
    expect(few).toHaveLength(2);
    expect(many).toHaveLength(2);
    expect(last).toHaveLength(2);
    expect(around).toHaveLength(2);
  });

  it('reads a thread page in the same number of statements for a member, read position included', async () => {
    const few = await statementsOf(() =>
      t
        .http()
        .get(`/api/threads/${small.id}/posts?limit=20`)
        .set('Authorization', authors[1].auth)
        .expect(200),
    );
    const many = await statementsOf(() =>
      t
        .http()
        .get(`/api/threads/${large.id}/posts?limit=40`)
        .set('Authorization', authors[1].auth)
        .expect(200),
    );
    expect(many.length).toBe(few.length);
    expect(many.length).toBeLessThanOrEqual(4);
  });

  it('lists threads in the same number of statements for 2 threads or 30', async () => {
    const other = await createForum(t, 'Busy');
    const emptyish = await createForum(t, 'Quiet');
    for (let i = 0; i < 2; i++)
      await createThread(t, authors[i], emptyish.slug, `Quiet thread ${i}`, 'Hello.');
    for (let i = 0; i < 30; i++)
      await createThread(t, authors[i % 4], other.slug, `Busy thread ${i}`, 'Hello.');
    const two = await statementsOf(() =>
      t.http().get(`/api/forums/${emptyish.slug}/threads`).expect(200),
    );
    const thirty = await statementsOf(async () => {
      const res = await t.http().get(`/api/forums/${other.slug}/threads?limit=30`).expect(200);
      expect(res.body.items).toHaveLength(30);
    });
    const member = await statementsOf(() =>
      t
        .http()
        .get(`/api/forums/${other.slug}/threads?limit=30`)
        .set('Authorization', authors[2].auth)
        .expect(200),
    );
    expect(two).toHaveLength(2);
    expect(thirty).toHaveLength(2);
    // a member's request also loads the member (the auth guard): one statement more, still constant
    expect(member).toHaveLength(3);
  });

  it('writes a reply in the same number of statements in a short thread or a long one, quoting one post or three', async () => {
    const short = await statementsOf(() =>
      reply(t, authors[1], small.id, 'A reply without quotes.'),
    );
    const long = await statementsOf(() =>
      reply(t, authors[2], large.id, 'A reply without quotes in the long thread.'),
    );
    const page = await t.http().get(`/api/threads/${large.id}/posts?before=42&limit=3`).expect(200);
    const [a, b, c] = page.body.items.map((p: { id: number }) => p.id);
    const one = await statementsOf(() =>
      reply(t, authors[3], large.id, 'A reply quoting one post.', [c]),
    );
    const three = await statementsOf(async () => {
      const created = await reply(t, authors[3], large.id, 'A reply quoting three posts.', [
        a,
        b,
        c,
      ]);
      expect(created.html.match(/bbcode-quote/g)).toHaveLength(3);
    });
    // the watched-words list is cached for a few seconds: its refresh is per time, not per reply
    const perReply = (statements: CountedStatement[]) =>
      statements.filter((s) => !/FROM watched_words/.test(s.sql));
    expect(perReply(long)).toHaveLength(perReply(short).length);
    expect(perReply(three)).toHaveLength(perReply(one).length);
    // the whole write, its checks and the after-commit listeners (notifications, live events)
    expect(perReply(three).length).toBeLessThanOrEqual(32);
    // while the thread's row is locked: the post with its quotes, counters and read mark in one
    // statement, then its sketch, then the commit
    for (const statements of [short, three]) {
      const begin = statements.findIndex((s) => /^START TRANSACTION/i.test(s.sql));
      const commit = statements.findIndex((s, i) => i > begin && /^COMMIT/i.test(s.sql));
      expect(statements.slice(begin + 1, commit).map((s) => s.sql.slice(0, 40))).toEqual([
        expect.stringMatching(/^WITH v AS \(SELECT nextval/),
        expect.stringMatching(/^INSERT INTO post_sketches/),
      ]);
    }
  });

  it('answers a guest 304 for an unchanged thread page and a fresh 200 after a reply', async () => {
    const first = await t.http().get(`/api/threads/${small.id}/posts?limit=20`).expect(200);
    expect(first.headers.etag).toBeTruthy();
    expect(first.headers['cache-control']).toMatch(/no-cache/);
    await t
      .http()
      .get(`/api/threads/${small.id}/posts?limit=20`)
      .set('If-None-Match', first.headers.etag)
      .expect(304);
    await reply(t, authors[3], small.id, 'A new reply changes the page.');
    const after = await t
      .http()
      .get(`/api/threads/${small.id}/posts?limit=20`)
      .set('If-None-Match', first.headers.etag)
      .expect(200);
    expect(after.body.items.at(-1).bodySource).toBe('A new reply changes the page.');
    const member = await t
      .http()
      .get(`/api/threads/${small.id}/posts?limit=20`)
      .set('Authorization', authors[0].auth)
      .expect(200);
    expect(member.headers['cache-control']).toMatch(/private/);
  });
});

describe('prepared statements', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await startTestApp();
  });

  afterAll(async () => {
    await t.close();
  });

  it('parses and plans a parameterised statement once per connection, and gives the same answers', async () => {
    const runner = t.dataSource.createQueryRunner();
    try {
      const sql = 'SELECT count(*)::int AS n FROM users WHERE id >= $1';
      const first = await runner.query(sql, [1]);
      const second = await runner.query(sql, [1]);
      expect(second).toEqual(first);
      const prepared = await runner.query(
        'SELECT name, statement FROM pg_prepared_statements WHERE statement = $1',
        [sql],
      );
      expect(prepared).toHaveLength(1);
      expect(prepared[0].name).toMatch(/^forum_/);
      // statements without parameters (BEGIN, COMMIT, DDL) are not kept
      await runner.query('SELECT 1');
      const kept = await runner.query('SELECT statement FROM pg_prepared_statements');
      expect(kept.map((row: { statement: string }) => row.statement)).not.toContain('SELECT 1');
    } finally {
      await runner.release();
    }
  });

  it('keeps statements unprepared when DATABASE_PREPARED_STATEMENTS=false', async () => {
    const plain = await startTestApp({ DATABASE_PREPARED_STATEMENTS: 'false' });
    const runner = plain.dataSource.createQueryRunner();
    try {
      await runner.query('SELECT count(*) FROM users WHERE id >= $1', [1]);
      expect(await runner.query('SELECT name FROM pg_prepared_statements')).toEqual([]);
    } finally {
      await runner.release();
      await plain.close();
    }
  });
});

describe('reads from a replica', () => {
  let primary: TestApp;
  let replicated: TestApp;
  let counter: QueryCounter;

  beforeAll(async () => {
    primary = await startTestApp();
    // the "replica" is the same database: what is checked is where each read is sent
    replicated = await startTestApp(
      { DATABASE_REPLICA_URLS: primary.databaseUrl, AUTO_SLOW_MODE_REPLIES_PER_MINUTE: '0' },
      { databaseUrl: primary.databaseUrl },
    );
    counter = new QueryCounter(replicated.dataSource);
  }, 60_000);

  afterAll(async () => {
    counter?.stop();
    await replicated?.app.close();
    await primary?.close();
  });

  it("sends guests' thread pages and lists to the replica and a member's reads, after their own write, to the primary", async () => {
    const member = await registerMember(replicated);
    const forum = await createForum(replicated, 'Replicated');
    const thread = await createThread(replicated, member, forum.slug, 'Read where?', 'First.');
    await settle();
    counter.reset();
    await replicated.http().get(`/api/threads/${thread.id}/posts`).expect(200);
    await replicated.http().get(`/api/forums/${forum.slug}/threads`).expect(200);
    const guestPageReads = counter.statements.filter((s) =>
      /FROM posts p|FROM threads t|FROM threads WHERE/.test(s.sql),
    );
    expect(guestPageReads.length).toBeGreaterThanOrEqual(3);
    expect(guestPageReads.every((s) => s.mode === 'slave')).toBe(true);

    const created = await reply(replicated, member, thread.id, 'My own reply shows at once.');
    counter.reset();
    const page = await replicated
      .http()
      .get(`/api/threads/${thread.id}/posts`)
      .set('Authorization', member.auth)
      .expect(200);
    expect(page.body.items.map((p: { id: number }) => p.id)).toContain(created.id);
    expect(counter.statements.filter((s) => s.mode === 'slave')).toEqual([]);
  });
});
