import 'reflect-metadata';
import { existsSync } from 'node:fs';
import { configOrExit, fail, openDatabase } from '../bootstrap.js';
import { restoreDatabase } from '../database/backup.js';

/** `npm run restore -- FILE`: into an empty database (DATABASE_URL, or a fresh embedded one). */
async function main(): Promise<void> {
  const [file] = process.argv.slice(2).filter((a) => !a.startsWith('--'));
  if (!file) fail('usage: npm run restore -- FILE');
  if (!existsSync(file)) fail(`${file} does not exist`);
  const config = configOrExit();
  const database = await openDatabase(config, { migrate: false });
  try {
    const started = Date.now();
    const summary = await restoreDatabase(database.url, file);
    process.stdout.write(
      `restored ${summary.rows} rows of ${summary.tables} tables from ${file} (${summary.method}) in ${Date.now() - started} ms\n`,
    );
  } finally {
    await database.embedded?.stop();
  }
}

main().catch(fail);
