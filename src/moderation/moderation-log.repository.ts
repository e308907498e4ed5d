import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';

export type LogTarget = 'post' | 'thread' | 'user' | 'review-item' | 'watched-word' | 'flag';

export interface LogEntryInput {
  actorId: number | null;
  action: string;
  targetType: LogTarget;
  targetId: number;
  rule?: string | null;
  reason?: string | null;
  before?: unknown;
  after?: unknown;
  undoOfId?: number | null;
}

export interface LogRow {
  id: string;
  actor_id: number | null;
  actor: string | null;
  action: string;
  target_type: LogTarget;
  target_id: string;
  rule: string | null;
  reason: string | null;
  before: unknown;
  after: unknown;
  undone_at: Date | null;
  undo_of_id: string | null;
  created_at: Date;
}

export interface LogFilters {
  action?: string;
  actor?: string;
  targetType?: LogTarget;
  targetId?: number;
  automatic?: boolean;
}

@Injectable()
export class ModerationLogRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async append(entry: LogEntryInput, manager?: EntityManager): Promise<number> {
    const rows = await (manager ?? this.dataSource).query(
      `INSERT INTO moderation_log (actor_id, action, target_type, target_id, rule, reason, before, after, undo_of_id)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING id`,
      [entry.actorId, entry.action, entry.targetType, entry.targetId, entry.rule ?? null, entry.reason ?? null,
        entry.before === undefined ? null : JSON.stringify(entry.before), entry.after === undefined ? null : JSON.stringify(entry.after), entry.undoOfId ?? null],
    );
    return Number(rows[0].id);
  }

  page(filters: LogFilters, beforeId: number | null, limit: number): Promise<LogRow[]> {
    const params: unknown[] = [limit];
    const where: string[] = [];
    const add = (sql: string, value: unknown) => {
      params.push(value);
      where.push(sql.replace('?', `$${params.length}`));
    };
    if (beforeId !== null) add('l.id < ?', beforeId);
    if (filters.action) add('l.action = ?', filters.action);
    if (filters.actor) add('lower(u.username) = lower(?)', filters.actor);
    if (filters.targetType) add('l.target_type = ?', filters.targetType);
    if (filters.targetId) add('l.target_id = ?', filters.targetId);
    if (filters.automatic !== undefined) where.push(filters.automatic ? 'l.actor_id IS NULL' : 'l.actor_id IS NOT NULL');
    return this.dataSource.query(
      `SELECT l.*, u.username AS actor FROM moderation_log l LEFT JOIN users u ON u.id = l.actor_id
        ${where.length ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY l.id DESC LIMIT $1`,
      params,
    );
  }

  async find(id: number, manager?: EntityManager): Promise<LogRow | null> {
    const rows = await (manager ?? this.dataSource).query(`SELECT l.*, NULL AS actor FROM moderation_log l WHERE l.id = $1 FOR UPDATE`, [id]);
    return rows[0] ?? null;
  }

  async markUndone(manager: EntityManager, id: number, userId: number): Promise<void> {
    await manager.query(`UPDATE moderation_log SET undone_at = now(), undone_by_id = $2 WHERE id = $1`, [id, userId]);
  }
}
