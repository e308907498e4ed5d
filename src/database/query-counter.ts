import type { DataSource, QueryRunner } from 'typeorm';

export interface CountedStatement {
  sql: string;
  /** 'master' (primary) or 'slave' (a replica), as TypeORM's runner was asked for */
  mode: string;
}

/**
 * Counts the SQL statements a DataSource sends, by wrapping its logger's logQuery (TypeORM calls
 * it for every statement, logging on or off). Opt-in: only tests create one, so the app's hot
 * path never pays for it. `stop()` puts the original back.
 */
export class QueryCounter {
  private readonly seen: CountedStatement[] = [];
  private readonly original: DataSource['logger']['logQuery'];

  constructor(private readonly dataSource: DataSource) {
    const logger = dataSource.logger;
    this.original = logger.logQuery;
    logger.logQuery = (query: string, parameters?: unknown[], queryRunner?: QueryRunner) => {
      this.seen.push({
        sql: query.replace(/\s+/g, ' ').trim(),
        mode: queryRunner?.getReplicationMode() ?? 'master',
      });
      return this.original.call(logger, query, parameters, queryRunner);
    };
  }

  get count(): number {
    return this.seen.length;
  }

  get statements(): readonly CountedStatement[] {
    return this.seen;
  }

  reset(): void {
    this.seen.length = 0;
  }

  stop(): void {
    this.dataSource.logger.logQuery = this.original;
  }
}
