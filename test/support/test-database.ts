import { randomBytes } from 'node:crypto';
import pg from 'pg';

// Each e2e file gets its own database cloned from a migrated template (CREATE DATABASE ... TEMPLATE
// takes ~50 ms), so files run in parallel and never see each other's rows.

/** This run's database names start with it (set by the global setup; it holds the run's pid). */
export function runDatabasePrefix(): string {
  const prefix = process.env.FORUM_TEST_DB_PREFIX;
  if (!prefix) throw new Error('FORUM_TEST_DB_PREFIX is not set: run tests through jest (global setup)');
  return prefix;
}

export function adminUrl(): string {
  const url = process.env.FORUM_TEST_ADMIN_URL;
  if (!url) throw new Error('FORUM_TEST_ADMIN_URL is not set: run tests through jest (global setup)');
  return url;
}

export function withDatabase(url: string, database: string): string {
  const parsed = new URL(url);
  parsed.pathname = `/${database}`;
  return parsed.toString();
}

export async function adminQuery<T extends pg.QueryResultRow = pg.QueryResultRow>(sql: string, params: unknown[] = []): Promise<T[]> {
  const client = new pg.Client({ connectionString: adminUrl() });
  await client.connect();
  try {
    return (await client.query<T>(sql, params)).rows;
  } finally {
    await client.end();
  }
}

export async function createTestDatabase(): Promise<{ name: string; url: string }> {
  const name = `${runDatabasePrefix()}${process.pid}_${randomBytes(4).toString('hex')}`;
  await adminQuery(`CREATE DATABASE ${name} TEMPLATE ${runDatabasePrefix()}template`);
  return { name, url: withDatabase(adminUrl(), name) };
}

export async function dropTestDatabase(name: string): Promise<void> {
  await adminQuery(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
}
