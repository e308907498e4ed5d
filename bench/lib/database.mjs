// The bench database: `forum_bench` (or `forum_bench_quick`) on DATABASE_URL's server, else on an
// embedded PostgreSQL under .data/bench. It is kept between runs; the generator reuses its data.
import { join } from 'node:path';
import pg from 'pg';
import { root } from './paths.mjs';

const log = (message) => process.stderr.write(`[bench] ${message}\n`);

function withDatabase(url, name) {
  const parsed = new URL(url);
  parsed.pathname = `/${name}`;
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

/** Creates the bench database when missing, applies the migrations; returns its URL. */
export async function provisionDatabase({ quick }) {
  let serverUrl = process.env.DATABASE_URL;
  let embedded = null;
  if (!serverUrl) {
    const { startEmbeddedPostgres } = await import('../../dist/src/database/embedded-postgres.js');
    embedded = await startEmbeddedPostgres(join(root, '.data', 'bench'), log);
    serverUrl = embedded.url;
  }
  const name = quick ? 'forum_bench_quick' : 'forum_bench';
  const adminUrl = withDatabase(serverUrl, 'postgres');
  const exists = await adminQuery(adminUrl, 'SELECT 1 FROM pg_database WHERE datname = $1', [name]);
  if (exists.length === 0) {
    log(`creating database ${name}`);
    await adminQuery(adminUrl, `CREATE DATABASE ${name}`);
  }
  const url = withDatabase(serverUrl, name);
  const { runMigrations } = await import('../../dist/src/database/migrate.js');
  const applied = await runMigrations({ databasePoolSize: 1, statementTimeoutMs: 0 }, url);
  if (applied.length) log(`applied migrations: ${applied.join(', ')}`);
  const [{ version }] = await adminQuery(
    url,
    `SELECT current_setting('server_version') AS version`,
  );
  const settings = await adminQuery(
    url,
    `SELECT name, setting, unit FROM pg_settings WHERE name IN ('shared_buffers', 'work_mem', 'max_connections', 'effective_cache_size', 'random_page_cost', 'autovacuum')`,
  );
  return {
    url,
    adminUrl,
    name,
    embedded: embedded !== null,
    version,
    settings: Object.fromEntries(
      settings.map((s) => [s.name, `${s.setting}${s.unit ? ` ${s.unit}` : ''}`]),
    ),
    stop: async () => embedded?.stop(),
  };
}

/** VACUUMs the tables holding more than 1,000 dead rows; returns "table (N dead rows)" for each. */
export async function vacuumLeftovers(url, log) {
  const tables = await adminQuery(
    url,
    `SELECT relname, n_dead_tup FROM pg_stat_user_tables WHERE n_dead_tup > 1000 ORDER BY n_dead_tup DESC`,
  );
  const done = [];
  for (const { relname, n_dead_tup: dead } of tables) {
    const table = `${relname} (${Number(dead).toLocaleString('en')} dead rows)`;
    log(`vacuuming ${table}`);
    await adminQuery(url, `VACUUM (ANALYZE) "${relname}"`);
    done.push(table);
  }
  return done;
}
