import type { DataSource, EntityManager } from 'typeorm';

/**
 * Rows of an UPDATE/DELETE ... RETURNING. TypeORM's query() answers those with [rows, rowCount]
 * but SELECT and INSERT with plain rows; this evens the two out.
 */
export async function returning<T = Record<string, unknown>>(runner: DataSource | EntityManager, sql: string, params: unknown[]): Promise<T[]> {
  const result = await runner.query(sql, params);
  return (Array.isArray(result) && result.length === 2 && Array.isArray(result[0]) && typeof result[1] === 'number' ? result[0] : result) as T[];
}
