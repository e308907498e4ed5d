import { DataSource } from 'typeorm';
import type { AppConfig } from '../config/config.js';
import { dataSourceOptions } from './data-source-options.js';

// Any fixed number: instances starting together take turns applying migrations.
const MIGRATION_LOCK = 724_311_001;

/** Applies pending migrations under an advisory lock; returns the names applied. */
export async function runMigrations(config: Pick<AppConfig, 'databasePoolSize' | 'statementTimeoutMs'>, url: string): Promise<string[]> {
  const dataSource = new DataSource({
    ...dataSourceOptions({ ...config, databasePoolSize: 1, databaseReplicaUrls: [] }, url),
    extra: { max: 1, statement_timeout: 0 },
  });
  await dataSource.initialize();
  try {
    await dataSource.query('SELECT pg_advisory_lock($1)', [MIGRATION_LOCK]);
    const applied = await dataSource.runMigrations({ transaction: 'each' });
    return applied.map((m) => m.name);
  } finally {
    await dataSource.query('SELECT pg_advisory_unlock($1)', [MIGRATION_LOCK]).catch(() => undefined);
    await dataSource.destroy();
  }
}

export async function revertAllMigrations(url: string): Promise<number> {
  const dataSource = new DataSource({
    ...dataSourceOptions({ databasePoolSize: 1, statementTimeoutMs: 0, databaseReplicaUrls: [] }, url),
    extra: { max: 1 },
  });
  await dataSource.initialize();
  let reverted = 0;
  try {
    while ((await dataSource.query(`SELECT count(*)::int AS n FROM migrations`))[0].n > 0) {
      await dataSource.undoLastMigration({ transaction: 'each' });
      reverted++;
    }
  } finally {
    await dataSource.destroy();
  }
  return reverted;
}
