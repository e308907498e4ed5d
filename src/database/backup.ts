import { spawn, spawnSync } from 'node:child_process';
import { chmodSync, createReadStream, createWriteStream, readFileSync } from 'node:fs';
import { createInterface } from 'node:readline';
import { pipeline } from 'node:stream/promises';
import { PassThrough } from 'node:stream';
import { createGunzip, createGzip } from 'node:zlib';
import pg from 'pg';
import { runMigrations } from './migrate.js';

// Backups of the whole database. With a pg_dump at least as new as the server: pg_dump's custom
// format and pg_restore. Otherwise (the embedded PostgreSQL 18 ships no pg_dump, and an older one
// refuses a newer server) an equivalent in Node: every table read in one consistent snapshot into
// gzipped JSON lines, under a header naming the migrations, restored after running them.

export type BackupMethod = 'pg_dump' | 'json';
export interface BackupSummary {
  method: BackupMethod;
  tables: number;
  rows: number;
}

const NODE_FORMAT = 'forum-backup';
const BATCH = 2000;
type Log = (message: string) => void;

async function connect(url: string): Promise<pg.Client> {
  const client = new pg.Client({ connectionString: url, application_name: 'forum-backup' });
  await client.connect();
  return client;
}

const majorOf = (version: string) => Number(/(\d+)(?:\.\d+)?/.exec(version)?.[1] ?? 0);

/** The major version of the pg_dump / pg_restore on PATH, or null. */
function toolMajor(tool: 'pg_dump' | 'pg_restore'): number | null {
  const run = spawnSync(tool, ['--version'], { encoding: 'utf8' });
  if (run.status !== 0) return null;
  return majorOf(/\)\s*([\d.]+)/.exec(run.stdout)?.[1] ?? '');
}

async function serverMajor(url: string): Promise<number> {
  const client = await connect(url);
  try {
    return Math.floor(
      Number((await client.query(`SHOW server_version_num`)).rows[0].server_version_num) / 10000,
    );
  } finally {
    await client.end();
  }
}

/** pg_dump when one on PATH can read this server, else the Node format. */
export async function chooseMethod(url: string): Promise<BackupMethod> {
  const tool = toolMajor('pg_dump');
  return tool !== null && tool >= (await serverMajor(url)) ? 'pg_dump' : 'json';
}

function run(tool: string, args: string[]): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(tool, args, { stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('error', reject);
    child.on('exit', (code) =>
      code === 0
        ? resolve()
        : reject(new Error(`${tool} failed (${code}): ${stderr.trim().slice(-2000)}`)),
    );
  });
}

/** Base tables of the public schema, parents before the tables that reference them. */
async function tablesInOrder(client: pg.Client): Promise<string[]> {
  const tables: string[] = (
    await client.query(
      `SELECT tablename FROM pg_tables WHERE schemaname = 'public' ORDER BY tablename`,
    )
  ).rows.map((r: { tablename: string }) => r.tablename);
  const edges: { child: string; parent: string }[] = (
    await client.query(
      `SELECT c.conrelid::regclass::text AS child, c.confrelid::regclass::text AS parent FROM pg_constraint c
        JOIN pg_namespace n ON n.oid = c.connamespace WHERE c.contype = 'f' AND n.nspname = 'public'`,
    )
  ).rows;
  const ordered: string[] = [];
  const visiting = new Set<string>();
  const visit = (table: string) => {
    if (ordered.includes(table) || visiting.has(table)) return; // a cycle is left to deferred order
    visiting.add(table);
    for (const e of edges) if (e.child === table && e.parent !== table) visit(e.parent);
    visiting.delete(table);
    ordered.push(table);
  };
  tables.forEach(visit);
  return ordered;
}

/** Columns a row can be written with (generated ones are computed again). */
async function writableColumns(client: pg.Client, table: string): Promise<string[]> {
  const rows = await client.query(
    `SELECT attname FROM pg_attribute WHERE attrelid = $1::regclass AND attnum > 0 AND NOT attisdropped AND attgenerated = '' ORDER BY attnum`,
    [`public.${table}`],
  );
  return rows.rows.map((r: { attname: string }) => r.attname);
}

const quoteIdent = (name: string) => `"${name.replace(/"/g, '""')}"`;

async function migrationNames(client: pg.Client): Promise<string[]> {
  const exists = (await client.query(`SELECT to_regclass('public.migrations') IS NOT NULL AS ok`))
    .rows[0].ok;
  if (!exists) return [];
  return (await client.query(`SELECT name FROM migrations ORDER BY id`)).rows.map(
    (r: { name: string }) => r.name,
  );
}

export async function backupDatabase(
  url: string,
  file: string,
  options: { method?: BackupMethod; log?: Log } = {},
): Promise<BackupSummary> {
  const method = options.method ?? (await chooseMethod(url));
  const client = await connect(url);
  try {
    await client.query('BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY');
    const tables = await tablesInOrder(client);
    if (method === 'pg_dump') {
      // pg_dump takes its own snapshot; the counts here are for the summary only
      let rows = 0;
      for (const table of tables)
        rows += Number(
          (await client.query(`SELECT count(*) AS n FROM ${quoteIdent(table)}`)).rows[0].n,
        );
      await client.query('COMMIT');
      await run('pg_dump', [
        '--format=custom',
        '--no-owner',
        '--no-privileges',
        '--file',
        file,
        '--dbname',
        url,
      ]);
      chmodSync(file, 0o600); // password hashes and private notes: for the operator's eyes only
      return { method, tables: tables.length, rows };
    }
    const out = new PassThrough();
    const written = pipeline(out, createGzip(), createWriteStream(file, { mode: 0o600 }));
    const line = (value: unknown) =>
      out.write(`${JSON.stringify(value)}\n`)
        ? Promise.resolve()
        : new Promise<void>((r) => out.once('drain', () => r()));
    const dataTables = tables.filter((t) => t !== 'migrations');
    await line({
      format: NODE_FORMAT,
      version: 1,
      createdAt: new Date().toISOString(),
      migrations: await migrationNames(client),
      tables: dataTables,
    });
    let total = 0;
    for (const table of dataTables) {
      const columns = await writableColumns(client, table);
      await line({ table, columns });
      const cursor = `backup_${table}`;
      await client.query(
        `DECLARE ${quoteIdent(cursor)} NO SCROLL CURSOR FOR SELECT ${columns.map((c) => `to_jsonb(${quoteIdent(c)})`).join(', ')} FROM ${quoteIdent(table)}`,
      );
      for (;;) {
        const batch = await client.query({
          text: `FETCH ${BATCH} FROM ${quoteIdent(cursor)}`,
          rowMode: 'array',
        });
        for (const row of batch.rows) await line(row);
        total += batch.rows.length;
        if (batch.rows.length < BATCH) break;
      }
      await client.query(`CLOSE ${quoteIdent(cursor)}`);
      options.log?.(`${table}: done`);
    }
    await client.query('COMMIT');
    out.end();
    await written;
    return { method, tables: dataTables.length, rows: total };
  } catch (error) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw error;
  } finally {
    await client.end();
  }
}

function isPgDumpArchive(file: string): boolean {
  return readFileSync(file).subarray(0, 5).toString('latin1') === 'PGDMP';
}

/** Restores into a database with no tables yet; identity sequences continue after the restored rows. */
export async function restoreDatabase(
  url: string,
  file: string,
  options: { log?: Log } = {},
): Promise<BackupSummary> {
  const probe = await connect(url);
  try {
    const existing = Number(
      (await probe.query(`SELECT count(*) AS n FROM pg_tables WHERE schemaname = 'public'`)).rows[0]
        .n,
    );
    if (existing > 0)
      throw new Error(
        'restore needs an empty database (no tables): create one and point DATABASE_URL at it',
      );
  } finally {
    await probe.end();
  }
  if (isPgDumpArchive(file)) {
    const tool = toolMajor('pg_restore');
    if (tool === null)
      throw new Error('this backup was made by pg_dump: pg_restore is needed to restore it');
    await run('pg_restore', [
      '--no-owner',
      '--no-privileges',
      '--exit-on-error',
      '--single-transaction',
      '--dbname',
      url,
      file,
    ]);
    const client = await connect(url);
    try {
      let rows = 0;
      const tables = await tablesInOrder(client);
      for (const table of tables)
        rows += Number(
          (await client.query(`SELECT count(*) AS n FROM ${quoteIdent(table)}`)).rows[0].n,
        );
      return { method: 'pg_dump', tables: tables.length, rows };
    } finally {
      await client.end();
    }
  }

  const lines = createInterface({
    input: createReadStream(file).pipe(createGunzip()),
    crlfDelay: Infinity,
  });
  const iterator = lines[Symbol.asyncIterator]();
  const first = await iterator.next();
  const header = JSON.parse(first.done ? '{}' : first.value) as {
    format?: string;
    migrations?: string[];
    tables?: string[];
  };
  if (header.format !== NODE_FORMAT) throw new Error(`${file} is not a forum backup`);
  await runMigrations({ databasePoolSize: 1, statementTimeoutMs: 0 }, url);
  const client = await connect(url);
  let total = 0;
  try {
    const applied = await migrationNames(client);
    if (JSON.stringify(applied) !== JSON.stringify(header.migrations)) {
      throw new Error(
        `the backup was made at migrations [${header.migrations?.join(', ')}] and this version has [${applied.join(', ')}]: restore with the version that made it, then upgrade`,
      );
    }
    await client.query('BEGIN');
    // rows go in as they were: no triggers (the log is append-only; counters are already right)
    await client.query(`SET LOCAL session_replication_role = replica`);
    let table: string | null = null;
    let columns: string[] = [];
    let batch: unknown[][] = [];
    const flush = async () => {
      if (!table || batch.length === 0) return;
      const list = columns.map(quoteIdent).join(', ');
      const records = batch.map((row) => Object.fromEntries(columns.map((c, i) => [c, row[i]])));
      await client.query(
        `INSERT INTO ${quoteIdent(table)} (${list}) SELECT ${list} FROM jsonb_populate_recordset(NULL::${quoteIdent(table)}, $1::jsonb)`,
        [JSON.stringify(records)],
      );
      total += batch.length;
      batch = [];
    };
    for (;;) {
      const next = await iterator.next();
      if (next.done) break;
      if (!next.value) continue;
      const value = JSON.parse(next.value) as unknown;
      if (!Array.isArray(value)) {
        await flush();
        ({ table, columns } = value as { table: string; columns: string[] });
        continue;
      }
      batch.push(value);
      if (batch.length >= BATCH) await flush();
    }
    await flush();
    // identity columns continue after the highest restored id
    const sequences = await client.query(
      `SELECT c.relname AS table, a.attname AS column, pg_get_serial_sequence(quote_ident(c.relname), a.attname) AS seq
         FROM pg_attribute a JOIN pg_class c ON c.oid = a.attrelid JOIN pg_namespace n ON n.oid = c.relnamespace
        WHERE n.nspname = 'public' AND c.relkind = 'r' AND a.attnum > 0 AND NOT a.attisdropped AND pg_get_serial_sequence(quote_ident(c.relname), a.attname) IS NOT NULL`,
    );
    for (const s of sequences.rows as { table: string; column: string; seq: string }[]) {
      await client.query(
        `SELECT setval($1, COALESCE((SELECT max(${quoteIdent(s.column)}) FROM ${quoteIdent(s.table)}), 1), (SELECT max(${quoteIdent(s.column)}) IS NOT NULL FROM ${quoteIdent(s.table)}))`,
        [s.seq],
      );
    }
    await client.query('COMMIT');
    options.log?.(`restored ${total} rows`);
    return { method: 'json', tables: header.tables?.length ?? 0, rows: total };
  } catch (error) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw error;
  } finally {
    await client.end();
  }
}
