import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { fromRoot } from '../../src/common/project-root.js';
import { createTestDatabase, dropTestDatabase } from '../support/test-database.js';

// The operator's commands, run as `npm run …` runs them: the built scripts in their own processes.

describe('command-line tools', () => {
  let database: { name: string; url: string };
  const run = (script: string, args: string[]) => {
    const result = spawnSync(process.execPath, [fromRoot('dist', 'src', 'cli', `${script}.js`), ...args], {
      env: { ...process.env, DATABASE_URL: database.url, NODE_ENV: 'test', JWT_SECRET: 'cli-test-secret-that-is-long-enough-000' },
      encoding: 'utf8',
      timeout: 60_000,
    });
    return { code: result.status, stdout: result.stdout, stderr: result.stderr };
  };
  const query = async (sql: string) => {
    const client = new pg.Client({ connectionString: database.url });
    await client.connect();
    try {
      return (await client.query(sql)).rows;
    } finally {
      await client.end();
    }
  };

  beforeAll(async () => {
    database = await createTestDatabase();
  });
  afterAll(() => dropTestDatabase(database.name));

  it('user:create makes an admin who can then be found; a bad role or a weak password is refused with one line', async () => {
    const ok = run('user-create', ['--username', 'first_admin', '--password', 'a very long admin password', '--role', 'admin']);
    expect(ok.code).toBe(0);
    expect(ok.stdout).toMatch(/created admin first_admin/);
    expect(await query(`SELECT role FROM users WHERE username = 'first_admin'`)).toEqual([{ role: 'admin' }]);
    const badRole = run('user-create', ['--username', 'x_user', '--password', 'a very long password', '--role', 'king']);
    expect(badRole.code).not.toBe(0);
    expect(badRole.stderr.trim()).toMatch(/--role must be one of member, moderator, admin$/);
    const weak = run('user-create', ['--username', 'weak_user', '--password', 'short']);
    expect(weak.code).not.toBe(0);
    expect(weak.stderr).toMatch(/Password must be at least 8 characters/);
    expect(weak.stderr).not.toMatch(/\n\s+at /);
  });

  it('seed imports the original thread with a progress bar and a summary, and a second run changes nothing', async () => {
    const first = run('seed', []);
    expect(first.code).toBe(0);
    expect(first.stdout).toMatch(/imported "China-Russia Strategic Partnership: News and Analyses"/);
    expect(first.stdout).toMatch(/posts:\s+15/);
    expect(first.stderr).toMatch(/15\/15 posts/);
    const second = run('seed', []);
    expect(second.code).toBe(0);
    expect(second.stdout).toMatch(/already imported.*nothing changed/);
    expect(await query(`SELECT count(*)::int AS n FROM threads`)).toEqual([{ n: 1 }]);
  });

  it('import reads any dump into the named forum, and says clearly when a file is not a dump', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'forum-import-'));
    const dump = join(dir, 'dump.txt');
    writeFileSync(dump, "What's new\n\nA small thread\n\nFirst post here, my own words.\n\u00a0\nSecond post, I agree with you.\n\u00a0\nBack\nTop Bottom\n");
    const ok = run('import', [dump, '--forum', 'small-talk', '--title', 'Renamed thread']);
    expect(ok.code).toBe(0);
    expect(ok.stdout).toMatch(/imported "Renamed thread" into \/f\/small-talk/);
    expect(await query(`SELECT title FROM threads WHERE title = 'Renamed thread'`)).toHaveLength(1);
    const notDump = join(dir, 'notes.txt');
    writeFileSync(notDump, 'just a shopping list\nmilk\neggs\n');
    const bad = run('import', [notDump, '--forum', 'small-talk']);
    expect(bad.code).not.toBe(0);
    expect(bad.stderr.trim().split('\n').pop()).toMatch(/notes\.txt: Not a thread dump: no post separator/);
    expect(run('import', ['--forum', 'x']).stderr).toMatch(/usage: npm run import/);
    expect(run('import', [join(dir, 'missing.txt'), '--forum', 'x']).stderr).toMatch(/cannot read/);
  });

  it('migrate reports an up-to-date database', () => {
    const res = run('migrate', []);
    expect(res.code).toBe(0);
    expect(res.stdout).toMatch(/database is up to date/);
  });
});
