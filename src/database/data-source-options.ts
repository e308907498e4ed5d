import type { DataSourceOptions } from 'typeorm';
import { migrations } from '../../migrations/index.js';
import type { AppConfig } from '../config/config.js';
import { entities } from './entities.js';
import { PreparingClient } from './prepared-statements.js';
import { SnakeNamingStrategy } from './snake-naming.strategy.js';

/** The one builder of connection options: used by the app, the CLI commands and the tests. */
export function dataSourceOptions(
  config: Pick<AppConfig, 'databasePoolSize' | 'statementTimeoutMs' | 'databaseReplicaUrls'> & Partial<Pick<AppConfig, 'databasePreparedStatements'>>,
  url: string,
): DataSourceOptions {
  const extra = {
    max: config.databasePoolSize,
    statement_timeout: config.statementTimeoutMs,
    // fail fast while the database is unreachable instead of queueing requests forever
    connectionTimeoutMillis: 5000,
    idleTimeoutMillis: 30000,
    application_name: 'forum',
    // the pool's connections prepare each parameterised statement once (see PreparingClient)
    ...(config.databasePreparedStatements !== false ? { Client: PreparingClient } : {}),
  };
  const common = {
    type: 'postgres' as const,
    entities,
    migrations,
    migrationsTableName: 'migrations',
    migrationsTransactionMode: 'each' as const,
    namingStrategy: new SnakeNamingStrategy(),
    synchronize: false,
    logging: false,
    extra,
  };
  if (config.databaseReplicaUrls.length === 0) return { ...common, url };
  return {
    ...common,
    replication: {
      master: { url },
      slaves: config.databaseReplicaUrls.map((replica) => ({ url: replica })),
    },
  };
}
