import { configOrExit, fail, openDatabase } from '../bootstrap.js';
import { revertAllMigrations } from '../database/migrate.js';

/** `npm run migrate` applies pending migrations; `-- --down-all` reverts every one (tests, disaster drills). */
async function main(): Promise<void> {
  const config = configOrExit();
  const downAll = process.argv.includes('--down-all');
  const database = await openDatabase(config, { migrate: !downAll });
  try {
    if (downAll) process.stdout.write(`reverted ${await revertAllMigrations(database.url)} migrations\n`);
    else process.stdout.write('database is up to date\n');
  } finally {
    await database.embedded?.stop();
  }
}

main().catch(fail);
