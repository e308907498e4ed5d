import 'reflect-metadata';
import { parseArgs } from 'node:util';
import { configOrExit, fail, openDatabase } from '../bootstrap.js';
import { backupDatabase, type BackupMethod } from '../database/backup.js';

const usage = 'usage: npm run backup -- FILE [--method pg_dump|json]';

/** `npm run backup -- FILE`: the whole database in one file (pg_dump when it can read the server). */
async function main(): Promise<void> {
  const { values, positionals } = parseArgs({
    allowPositionals: true,
    options: { method: { type: 'string' } },
  });
  const [file] = positionals;
  if (!file) fail(usage);
  if (values.method && !['pg_dump', 'json'].includes(values.method)) fail(usage);
  const config = configOrExit();
  const database = await openDatabase(config, { migrate: false });
  try {
    const started = Date.now();
    const summary = await backupDatabase(database.url, file, {
      method: values.method as BackupMethod | undefined,
    });
    process.stdout.write(
      `backed up ${summary.rows} rows of ${summary.tables} tables to ${file} (${summary.method}) in ${Date.now() - started} ms\n`,
    );
  } finally {
    await database.embedded?.stop();
  }
}

main().catch(fail);
