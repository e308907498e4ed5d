import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { fromRoot } from '../../src/common/project-root.js';
import { testDatabase } from './support/deployment.js';
import { sleep, waitFor } from './support/processes.js';

// `npm run import` killed (SIGKILL) in the middle of a thread: nothing of it is left half written,
// and running it again imports the whole thread, once.

const POSTS = 600;
const WORDS =
  'alpha bravo charlie delta echo foxtrot golf hotel india juliet kilo lima mike november oscar papa quebec romeo sierra tango'.split(
    ' ',
  );

function bigDump(): string {
  const posts = Array.from(
    { length: POSTS },
    (_, i) =>
      `Post ${i}: I think ${Array.from({ length: 60 }, (_, j) => WORDS[(i * 7 + j * 13 + j * j) % WORDS.length] + (j % 12 === 11 ? '.' : '')).join(' ')}`,
  );
  return `What's new\n\nA thread too big to finish\n\n${posts.join('\n\u00a0\n')}\n\u00a0\nBack\nTop Bottom\n`;
}

describe('an import that crashes half way', () => {
  let db: Awaited<ReturnType<typeof testDatabase>>;
  let client: pg.Client;
  const work = mkdtempSync(join(tmpdir(), 'forum-import-crash-'));
  const file = join(work, 'dump.txt');

  beforeAll(async () => {
    db = await testDatabase();
    client = new pg.Client({ connectionString: db.url });
    await client.connect();
    writeFileSync(file, bigDump());
  });
  afterAll(async () => {
    await client?.end();
    await db?.drop();
    rmSync(work, { recursive: true, force: true });
  });

  const counts = async () => {
    const row = (
      await client.query(`SELECT (SELECT count(*) FROM threads)::int AS threads, (SELECT count(*) FROM posts)::int AS posts,
      (SELECT count(*) FROM users WHERE is_placeholder)::int AS placeholders, (SELECT count(*) FROM imports)::int AS imports`)
    ).rows[0];
    return row as { threads: number; posts: number; placeholders: number; imports: number };
  };
  const importer = () =>
    spawn(
      process.execPath,
      [fromRoot('dist', 'src', 'cli', 'import.js'), file, '--forum', 'crash-test'],
      {
        env: {
          ...process.env,
          DATABASE_URL: db.url,
          DATA_DIR: work,
          LOG_LEVEL: 'silent',
          NODE_ENV: 'test',
        },
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );

  it('leaves no half thread, and the next run completes it once', async () => {
    const before = await counts();
    const first = importer();
    const exited = new Promise<void>((resolve) => first.once('exit', () => resolve()));
    // wait until the import's transaction has written rows, then pull the plug
    await waitFor(
      'the import to be writing',
      async () => {
        const rows = await client.query(
          `SELECT count(*)::int AS n FROM pg_stat_activity WHERE datname = current_database() AND backend_xid IS NOT NULL AND pid <> pg_backend_pid()`,
        );
        return rows.rows[0].n > 0;
      },
      30_000,
    );
    await sleep(800);
    first.kill('SIGKILL');
    await exited;
    expect(first.signalCode).toBe('SIGKILL');
    await sleep(300);
    const afterCrash = await counts();
    expect({
      threads: afterCrash.threads,
      posts: afterCrash.posts,
      placeholders: afterCrash.placeholders,
      imports: afterCrash.imports,
    }).toEqual(before);

    const again = await new Promise<{ code: number | null; out: string }>((resolve) => {
      const second = importer();
      let out = '';
      second.stdout!.on('data', (c: Buffer) => (out += c.toString()));
      second.stderr!.on('data', (c: Buffer) => (out += c.toString()));
      second.once('exit', (code) => resolve({ code, out }));
    });
    expect(again.code).toBe(0);
    const done = await counts();
    expect(done).toEqual({
      threads: before.threads + 1,
      posts: before.posts + POSTS,
      placeholders: before.placeholders + POSTS,
      imports: before.imports + 1,
    });
    const thread = (
      await client.query(
        `SELECT post_count, last_position FROM threads WHERE title = 'A thread too big to finish'`,
      )
    ).rows;
    expect(thread).toHaveLength(1);
    expect(thread[0].last_position).toBe(POSTS);
  }, 60_000);
});
