import type { DataSource } from 'typeorm';

/**
 * Where a read goes. 'replica': a read that may lag the primary by replication delay (guests'
 * thread pages and lists); 'primary': anything a member reads after writing (their own replies,
 * read positions) and every read inside a transaction.
 */
export type ReadSource = 'primary' | 'replica';

/** Runs a read on a replica when the DataSource has replicas and the caller allows it. */
export async function readQuery<T>(
  dataSource: DataSource,
  source: ReadSource,
  sql: string,
  params: unknown[],
): Promise<T> {
  // TypeORM's dataSource.query() always takes the primary: replicas need a runner in 'slave' mode
  if (
    source === 'primary' ||
    !('replication' in dataSource.options && dataSource.options.replication)
  )
    return dataSource.query(sql, params);
  const runner = dataSource.createQueryRunner('slave');
  try {
    return await runner.query(sql, params);
  } finally {
    await runner.release();
  }
}
