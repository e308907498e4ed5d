import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';
import { returning } from '../database/sql.js';

export type Queue = 'flags' | 'approval' | 'appeal';
export type ItemStatus = 'open' | 'claimed' | 'resolved' | 'rejected';
export const FLAG_REASONS = ['spam', 'abuse', 'off-topic', 'misinformation', 'unsourced', 'duplicate', 'copyright', 'other'] as const;
export type FlagReason = (typeof FLAG_REASONS)[number];

export interface ReviewItemRow {
  id: string;
  post_id: string;
  thread_id: number;
  thread_title: string;
  queue: Queue;
  status: ItemStatus;
  score: string;
  reasons: string[];
  claimed_by_id: number | null;
  claimed_by: string | null;
  resolved_by_id: number | null;
  resolution: string | null;
  resolution_reason: string | null;
  avoid_moderator_id: number | null;
  appeal_of_id: string | null;
  appeal_text: string | null;
  author_id: number;
  created_at: Date;
  updated_at: Date;
}

export interface FlagRow {
  id: string;
  review_item_id: string;
  post_id: string;
  flagger_id: number | null;
  flagger: string | null;
  reason: FlagReason;
  note: string | null;
  rule: string | null;
  severity: string | null;
  evidence: string | null;
  related_post_id: string | null;
  weight: string;
  status: 'open' | 'upheld' | 'dismissed';
  marked_wrong_at: Date | null;
  created_at: Date;
}

export interface NewFlag {
  postId: number;
  flaggerId: number | null;
  reason: FlagReason;
  note?: string | null;
  rule?: string | null;
  severity?: string | null;
  evidence?: string | null;
  relatedPostId?: number | null;
  weight: number;
}

export interface QueueFilters {
  status?: ItemStatus | 'active';
  queue?: Queue;
  reason?: string;
  kind?: string;
  threadId?: number;
  /** appeals avoid the moderator who decided, where another exists */
  viewerId?: number;
}

const ITEM_COLUMNS = `ri.*, t.title AS thread_title, cu.username AS claimed_by, p.author_id`;
const ITEM_JOINS = `JOIN threads t ON t.id = ri.thread_id JOIN posts p ON p.id = ri.post_id LEFT JOIN users cu ON cu.id = ri.claimed_by_id`;

@Injectable()
export class ReviewRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  transaction<T>(work: (manager: EntityManager) => Promise<T>): Promise<T> {
    return this.dataSource.transaction(work);
  }

  /** The open item of a post in a queue (created when missing), its score raised and reasons merged. */
  async openItem(manager: EntityManager, item: { postId: number; threadId: number; queue: Queue; reasons: string[]; score: number; avoidModeratorId?: number | null; appealOfId?: number | null; appealText?: string | null }): Promise<{ id: number; score: number; created: boolean }> {
    // one statement: two members flagging a post at the same moment both land on its one open item
    const [row] = await returning<{ id: string; score: string; created: boolean }>(
      manager,
      `INSERT INTO review_items (post_id, thread_id, queue, reasons, score, avoid_moderator_id, appeal_of_id, appeal_text)
       VALUES ($1, $2, $3, ARRAY(SELECT DISTINCT unnest($4::text[])), $5, $6, $7, $8)
       ON CONFLICT (post_id, queue) WHERE status IN ('open', 'claimed')
       DO UPDATE SET score = review_items.score + EXCLUDED.score, reasons = ARRAY(SELECT DISTINCT unnest(review_items.reasons || EXCLUDED.reasons)), updated_at = now()
       RETURNING id, score, (xmax = 0) AS created`,
      [item.postId, item.threadId, item.queue, item.reasons, item.score, item.avoidModeratorId ?? null, item.appealOfId ?? null, item.appealText ?? null],
    );
    return { id: Number(row.id), score: Number(row.score), created: row.created };
  }

  async insertFlag(manager: EntityManager, itemId: number, flag: NewFlag): Promise<number> {
    const rows = await manager.query(
      `INSERT INTO flags (review_item_id, post_id, flagger_id, reason, note, rule, severity, evidence, related_post_id, weight)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) RETURNING id`,
      [itemId, flag.postId, flag.flaggerId, flag.reason, flag.note ?? null, flag.rule ?? null, flag.severity ?? null, flag.evidence ?? null, flag.relatedPostId ?? null, flag.weight],
    );
    return Number(rows[0].id);
  }

  async hasOpenFlag(postId: number, flaggerId: number): Promise<boolean> {
    const rows = await this.dataSource.query(`SELECT 1 FROM flags WHERE post_id = $1 AND flagger_id = $2 AND status = 'open'`, [postId, flaggerId]);
    return rows.length > 0;
  }

  /** How often a member's past flags were upheld or dismissed: their standing as a flagger. */
  async flaggerRecord(userId: number): Promise<{ upheld: number; dismissed: number }> {
    const rows = await this.dataSource.query(
      `SELECT count(*) FILTER (WHERE status = 'upheld')::int AS upheld, count(*) FILTER (WHERE status = 'dismissed')::int AS dismissed FROM flags WHERE flagger_id = $1`,
      [userId],
    );
    return rows[0];
  }

  async findItem(id: number, manager?: EntityManager, lock = false): Promise<ReviewItemRow | null> {
    const rows = await (manager ?? this.dataSource).query(`SELECT ${ITEM_COLUMNS} FROM review_items ri ${ITEM_JOINS} WHERE ri.id = $1 ${lock ? 'FOR UPDATE OF ri' : ''}`, [id]);
    return rows[0] ?? null;
  }

  async latestItemOfPost(postId: number): Promise<ReviewItemRow | null> {
    const rows = await this.dataSource.query(`SELECT ${ITEM_COLUMNS} FROM review_items ri ${ITEM_JOINS} WHERE ri.post_id = $1 ORDER BY ri.id DESC LIMIT 1`, [postId]);
    return rows[0] ?? null;
  }

  async hasAppeal(postId: number): Promise<boolean> {
    return (await this.dataSource.query(`SELECT 1 FROM review_items WHERE post_id = $1 AND queue = 'appeal'`, [postId])).length > 0;
  }

  /** Highest score first, then oldest: the queue a moderator works through. Keyset on (score, id). */
  queuePage(filters: QueueFilters, after: { score: number; id: number } | null, limit: number, moderatorCount: number): Promise<ReviewItemRow[]> {
    const params: unknown[] = [limit];
    const where: string[] = [];
    const add = (sql: string, value: unknown) => {
      params.push(value);
      where.push(sql.replaceAll('?', `$${params.length}`));
    };
    const status = filters.status ?? 'active';
    if (status === 'active') where.push(`ri.status IN ('open', 'claimed')`);
    else add('ri.status = ?', status);
    if (filters.queue) add('ri.queue = ?', filters.queue);
    if (filters.reason) add('? = ANY(ri.reasons)', filters.reason);
    if (filters.kind) add('p.kind = ?', filters.kind);
    if (filters.threadId) add('ri.thread_id = ?', filters.threadId);
    if (filters.viewerId && moderatorCount > 1) add('(ri.avoid_moderator_id IS NULL OR ri.avoid_moderator_id <> ?)', filters.viewerId);
    if (after) {
      params.push(after.score, after.id);
      where.push(`(ri.score < $${params.length - 1} OR (ri.score = $${params.length - 1} AND ri.id > $${params.length}))`);
    }
    return this.dataSource.query(
      `SELECT ${ITEM_COLUMNS} FROM review_items ri ${ITEM_JOINS} WHERE ${where.join(' AND ')} ORDER BY ri.score DESC, ri.id ASC LIMIT $1`,
      params,
    );
  }

  flagsOfItems(itemIds: number[]): Promise<FlagRow[]> {
    if (itemIds.length === 0) return Promise.resolve([]);
    return this.dataSource.query(
      `SELECT f.*, u.username AS flagger FROM flags f LEFT JOIN users u ON u.id = f.flagger_id WHERE f.review_item_id = ANY($1::bigint[]) ORDER BY f.id`,
      [itemIds],
    );
  }

  /** Per author: visible posts, flags upheld against them, active sanctions. */
  authorHistories(authorIds: number[]): Promise<{ user_id: number; username: string; post_count: number; created_at: Date; flags_upheld: number; items_resolved: number; sanctions: { kind: string; reason: string; endsAt: string | null; createdAt: string }[] }[]> {
    if (authorIds.length === 0) return Promise.resolve([]);
    return this.dataSource.query(
      `SELECT u.id AS user_id, u.username, u.post_count, u.created_at,
              (SELECT count(*)::int FROM flags f JOIN posts p ON p.id = f.post_id WHERE p.author_id = u.id AND f.status = 'upheld') AS flags_upheld,
              (SELECT count(*)::int FROM review_items ri JOIN posts p ON p.id = ri.post_id WHERE p.author_id = u.id AND ri.status = 'resolved' AND ri.resolution IN ('hide', 'delete')) AS items_resolved,
              COALESCE((SELECT json_agg(json_build_object('kind', s.kind, 'reason', s.reason, 'endsAt', s.ends_at, 'createdAt', s.created_at) ORDER BY s.id DESC)
                 FROM sanctions s WHERE s.user_id = u.id AND s.lifted_at IS NULL AND (s.ends_at IS NULL OR s.ends_at > now())), '[]') AS sanctions
         FROM users u WHERE u.id = ANY($1::int[])`,
      [authorIds],
    );
  }

  notesOfUsers(userIds: number[]): Promise<{ id: string; user_id: number; author: string; body: string; created_at: Date }[]> {
    if (userIds.length === 0) return Promise.resolve([]);
    return this.dataSource.query(
      `SELECT n.id, n.user_id, u.username AS author, n.body, n.created_at FROM moderator_notes n JOIN users u ON u.id = n.author_id
        WHERE n.user_id = ANY($1::int[]) ORDER BY n.id DESC`,
      [userIds],
    );
  }

  async claim(id: number, moderatorId: number, manager: EntityManager): Promise<void> {
    await manager.query(`UPDATE review_items SET status = 'claimed', claimed_by_id = $2, claimed_at = now(), updated_at = now() WHERE id = $1`, [id, moderatorId]);
  }

  async resolve(manager: EntityManager, id: number, outcome: { status: 'resolved' | 'rejected'; resolution: string; reason: string | null; moderatorId: number | null }): Promise<void> {
    await manager.query(
      `UPDATE review_items SET status = $2, resolution = $3, resolution_reason = $4, resolved_by_id = $5, resolved_at = now(), updated_at = now() WHERE id = $1`,
      [id, outcome.status, outcome.resolution, outcome.reason, outcome.moderatorId],
    );
  }

  /** Closes the open flags of an item; returns the members (not rules) who raised them. */
  async closeFlags(manager: EntityManager, itemId: number, status: 'upheld' | 'dismissed'): Promise<number[]> {
    const rows = await returning<{ flagger_id: number | null }>(manager, `UPDATE flags SET status = $2 WHERE review_item_id = $1 AND status = 'open' RETURNING flagger_id`, [itemId, status]);
    return [...new Set(rows.map((r) => r.flagger_id).filter((id): id is number => id !== null))];
  }

  async markFlagWrong(flagId: number, moderatorId: number): Promise<{ rule: string | null; post_id: string } | null> {
    const rows = await returning<{ rule: string | null; post_id: string }>(
      this.dataSource,
      `UPDATE flags SET marked_wrong_by_id = $2, marked_wrong_at = now() WHERE id = $1 AND flagger_id IS NULL RETURNING rule, post_id`,
      [flagId, moderatorId],
    );
    return rows[0] ?? null;
  }

  /** Automatic decisions per rule: how many, how many moderators marked wrong, the precision that leaves. */
  rulePrecision(): Promise<{ rule: string; total: number; marked_wrong: number; upheld: number; dismissed: number }[]> {
    return this.dataSource.query(
      `SELECT rule, count(*)::int AS total, count(marked_wrong_at)::int AS marked_wrong,
              count(*) FILTER (WHERE status = 'upheld')::int AS upheld, count(*) FILTER (WHERE status = 'dismissed')::int AS dismissed
         FROM flags WHERE rule IS NOT NULL GROUP BY rule ORDER BY rule`,
    );
  }

  async moderatorCount(): Promise<number> {
    return (await this.dataSource.query(`SELECT count(*)::int AS n FROM users WHERE role IN ('moderator', 'admin')`))[0].n;
  }

  async recentFlagsInThread(threadId: number, seconds: number): Promise<number> {
    return (await this.dataSource.query(
      `SELECT count(*)::int AS n FROM flags f JOIN posts p ON p.id = f.post_id WHERE p.thread_id = $1 AND f.created_at > now() - make_interval(secs => $2)`,
      [threadId, seconds],
    ))[0].n;
  }
}
