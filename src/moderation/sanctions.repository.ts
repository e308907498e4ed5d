import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';
import { returning } from '../database/sql.js';

export type SanctionKind = 'warning' | 'silence' | 'suspension' | 'ban';

export interface SanctionRow {
  id: string;
  user_id: number;
  kind: SanctionKind;
  reason: string;
  points: number;
  ends_at: Date | null;
  created_by: string | null;
  created_at: Date;
  lifted_at: Date | null;
}

@Injectable()
export class SanctionsRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  transaction<T>(work: (manager: EntityManager) => Promise<T>): Promise<T> {
    return this.dataSource.transaction(work);
  }

  async userExists(userId: number): Promise<{ id: number; username: string; role: string; is_placeholder: boolean } | null> {
    const rows = await this.dataSource.query(`SELECT id, username, role, is_placeholder FROM users WHERE id = $1`, [userId]);
    return rows[0] ?? null;
  }

  async insert(manager: EntityManager, s: { userId: number; kind: SanctionKind; reason: string; points: number; endsAt: Date | null; createdById: number }): Promise<number> {
    const rows = await manager.query(
      `INSERT INTO sanctions (user_id, kind, reason, points, ends_at, created_by_id) VALUES ($1, $2, $3, $4, $5, $6) RETURNING id`,
      [s.userId, s.kind, s.reason, s.points, s.endsAt, s.createdById],
    );
    return Number(rows[0].id);
  }

  /** Lifts every active restricting sanction; returns how many. */
  async liftAll(manager: EntityManager, userId: number, moderatorId: number): Promise<number> {
    const rows = await returning(
      manager,
      `UPDATE sanctions SET lifted_at = now(), lifted_by_id = $2
        WHERE user_id = $1 AND lifted_at IS NULL AND kind <> 'warning' AND (ends_at IS NULL OR ends_at > now()) RETURNING id`,
      [userId, moderatorId],
    );
    return rows.length;
  }

  history(userId: number): Promise<SanctionRow[]> {
    return this.dataSource.query(
      `SELECT s.*, u.username AS created_by FROM sanctions s LEFT JOIN users u ON u.id = s.created_by_id WHERE s.user_id = $1 ORDER BY s.id DESC LIMIT 100`,
      [userId],
    );
  }

  /** Unexpired warning points (warnings' points expire with their end time). */
  async activePoints(userId: number, manager?: EntityManager): Promise<number> {
    const rows = await (manager ?? this.dataSource).query(
      `SELECT COALESCE(sum(points), 0)::int AS points FROM sanctions WHERE user_id = $1 AND kind = 'warning' AND lifted_at IS NULL AND (ends_at IS NULL OR ends_at > now())`,
      [userId],
    );
    return rows[0].points;
  }

  async addNote(userId: number, authorId: number, body: string): Promise<number> {
    const rows = await this.dataSource.query(`INSERT INTO moderator_notes (user_id, author_id, body) VALUES ($1, $2, $3) RETURNING id`, [userId, authorId, body]);
    return Number(rows[0].id);
  }

  notes(userId: number): Promise<{ id: string; author: string; body: string; created_at: Date }[]> {
    return this.dataSource.query(
      `SELECT n.id, u.username AS author, n.body, n.created_at FROM moderator_notes n JOIN users u ON u.id = n.author_id WHERE n.user_id = $1 ORDER BY n.id DESC`,
      [userId],
    );
  }
}
