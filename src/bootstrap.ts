import { ConfigError, loadConfig, type AppConfig } from './config/config.js';
import { startEmbeddedPostgres, type EmbeddedDatabase } from './database/embedded-postgres.js';
import { runMigrations } from './database/migrate.js';

export interface Database {
  url: string;
  embedded: EmbeddedDatabase | null;
}

/** Loads config or exits with one line naming the bad variable (never a stack trace). */
export function configOrExit(): AppConfig {
  try {
    return loadConfig();
  } catch (error) {
    if (error instanceof ConfigError) {
      process.stderr.write(`${error.message}\n`);
      process.exit(78); // EX_CONFIG
    }
    throw error;
  }
}

const log = (message: string) => process.stderr.write(`[forum] ${message}\n`);

/** DATABASE_URL when set, else the embedded server under .data/pg; migrations applied either way. */
export async function openDatabase(config: AppConfig, options: { migrate?: boolean } = {}): Promise<Database> {
  const embedded = config.databaseUrl ? null : await startEmbeddedPostgres(config.dataDir, log);
  const url = config.databaseUrl ?? embedded!.url;
  if (options.migrate !== false) {
    try {
      const applied = await runMigrations(config, url);
      if (applied.length) log(`applied migrations: ${applied.join(', ')}`);
    } catch (error) {
      await embedded?.stop();
      throw error;
    }
  }
  return { url, embedded };
}

export function fail(error: unknown): never {
  const message = error instanceof Error ? error.message : String(error);
  process.stderr.write(`[forum] ${message}\n`);
  process.exit(1);
}
