// Runs once per `npm test`, in plain Node (Jest does not apply its ESM transform here), so it uses
// the compiled app (`pretest` builds it): PostgreSQL for the run (DATABASE_URL, else an embedded
// server) and a freshly migrated template database that each e2e file clones.
import { rmSync } from 'node:fs';
import pg from 'pg';
import { fromRoot } from '../../dist/src/common/project-root.js';
import { startEmbeddedPostgres } from '../../dist/src/database/embedded-postgres.js';
import { runMigrations } from '../../dist/src/database/migrate.js';

export const TEST_DB_PREFIX = 'forum_test_';
// this run's databases carry its pid: runs side by side on one server never touch each other's
export const RUN_DB_PREFIX = `${TEST_DB_PREFIX}${process.pid}_`;
export const TEMPLATE_DB = `${RUN_DB_PREFIX}template`;

function withDatabase(url, database) {
  const parsed = new URL(url);
  parsed.pathname = `/${database}`;
  return parsed.toString();
}

export async function adminQuery(url, sql, params = []) {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query(sql, params)).rows;
  } finally {
    await client.end();
  }
}

/** Whether the test run that made this database is still going (its global setup's pid). */
function runIsAlive(datname) {
  const pid = Number(/^forum_test_(\d+)_/.exec(datname)?.[1]);
  if (!Number.isInteger(pid) || pid <= 0 || pid === process.pid) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return error.code === 'EPERM';
  }
}

export default async function globalSetup() {
  let admin = process.env.DATABASE_URL;
  if (!admin) {
    const dir = fromRoot('.data', 'test');
    rmSync(dir, { recursive: true, force: true });
    const embedded = await startEmbeddedPostgres(dir, () => undefined);
    globalThis.__forumEmbeddedStop = embedded.stop;
    admin = withDatabase(embedded.url, 'postgres');
  }
  process.env.FORUM_TEST_ADMIN_URL = admin;
  process.env.FORUM_TEST_DB_PREFIX = RUN_DB_PREFIX;
  // leftovers of earlier runs never matter: this run's names are new, and those of runs that are
  // gone (their process no longer exists) are dropped; a run still going keeps its databases
  const existing = await adminQuery(admin, `SELECT datname FROM pg_database WHERE datname LIKE $1`, [`${TEST_DB_PREFIX}%`]);
  for (const { datname } of existing) {
    if (runIsAlive(datname)) continue;
    await adminQuery(admin, `DROP DATABASE IF EXISTS "${datname}" WITH (FORCE)`);
  }
  await adminQuery(admin, `CREATE DATABASE ${TEMPLATE_DB}`);
  await runMigrations({ databasePoolSize: 1, statementTimeoutMs: 0 }, withDatabase(admin, TEMPLATE_DB));
}
