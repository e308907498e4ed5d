import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';

export interface ImportRow {
  id: number;
  source_hash: string;
  forum_id: number;
  thread_id: number;
  title: string;
  post_count: number;
  summary: Record<string, unknown>;
}

@Injectable()
export class ImportsRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  transaction<T>(work: (manager: EntityManager) => Promise<T>): Promise<T> {
    return this.dataSource.transaction(work);
  }

  async findByHash(hash: string): Promise<ImportRow | null> {
    const rows = await this.dataSource.query(`SELECT * FROM imports WHERE source_hash = $1`, [hash]);
    return rows[0] ?? null;
  }

  async insert(manager: EntityManager, row: Omit<ImportRow, 'id'>): Promise<void> {
    await manager.query(
      `INSERT INTO imports (source_hash, forum_id, thread_id, title, post_count, summary) VALUES ($1, $2, $3, $4, $5, $6)`,
      [row.source_hash, row.forum_id, row.thread_id, row.title, row.post_count, JSON.stringify(row.summary)],
    );
  }

  /** Stand-in authors: one per imported post, clearly marked, never able to sign in. */
  async insertPlaceholderMembers(manager: EntityManager, names: string[]): Promise<{ id: number; username: string }[]> {
    return manager.query(
      `INSERT INTO users (username, role, is_placeholder) SELECT n, 'member', true FROM unnest($1::text[]) WITH ORDINALITY AS u(n, i) ORDER BY i
       RETURNING id, username`,
      [names],
    );
  }

  async postSummaries(threadId: number, manager: EntityManager): Promise<{ kind: string; state: string; analysis: Record<string, unknown> | null; sources: number; quotes: number }[]> {
    return manager.query(
      `SELECT p.kind, p.state, p.analysis,
              (SELECT count(*)::int FROM post_sources s WHERE s.post_id = p.id) AS sources,
              (SELECT count(*)::int FROM post_quotes q WHERE q.post_id = p.id) AS quotes
         FROM posts p WHERE p.thread_id = $1 ORDER BY p.position`,
      [threadId],
    );
  }
}
