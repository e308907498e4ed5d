import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';
import { returning } from '../database/sql.js';
import type { PostState } from '../posts/post.entity.js';
import type { NotificationType } from './notification.entity.js';

/** A notification as the list reads it: with its actor, thread and post position. */
export interface NotificationRow {
  id: string;
  user_id: number;
  type: NotificationType;
  thread_id: number | null;
  post_id: string | null;
  actor_id: number | null;
  actor_username: string | null;
  count: number;
  data: Record<string, unknown>;
  read_at: Date | null;
  created_at: Date;
  updated_at: Date;
  /** updated_at as PostgreSQL text: full precision for the keyset cursor */
  cursor_at: string;
  thread_title: string | null;
  thread_slug: string | null;
  post_position: number | null;
}

export interface NotificationCursor {
  at: string;
  id: number;
}

/** What notifications need to know about a post. */
export interface PostForNotifications {
  id: number;
  thread_id: number;
  author_id: number;
  author_is_placeholder: boolean;
  state: PostState;
  body_source: string;
  quoted_post_ids: string[];
}

export interface NewNotification {
  type: NotificationType;
  threadId: number | null;
  postId: number | null;
  actorId: number | null;
  data?: Record<string, unknown>;
}

// A notification about a post that is no longer visible is left out of lists and counts, so
// nobody reads about a hidden post; moderation and flag outcomes are about the post's fate.
const SHOWN = `(n.post_id IS NULL OR n.type IN ('moderation', 'flag-outcome') OR EXISTS (SELECT 1 FROM posts sp WHERE sp.id = n.post_id AND sp.state = 'visible'))`;

const ROW_COLUMNS = `
  n.id, n.user_id, n.type, n.thread_id, n.post_id, n.actor_id, au.username AS actor_username, n.count, n.data,
  n.read_at, n.created_at, n.updated_at, n.updated_at::text AS cursor_at, t.title AS thread_title, t.slug AS thread_slug, p.position AS post_position`;

const ROW_JOINS = `
  LEFT JOIN users au ON au.id = n.actor_id
  LEFT JOIN threads t ON t.id = n.thread_id
  LEFT JOIN posts p ON p.id = n.post_id`;

// Collapsing kinds meet their unread row on the partial unique index and count up instead; a
// reaction row follows the latest reaction, a reply row keeps the first unread reply to start from.
const UPSERT = `
  ON CONFLICT (user_id, type, thread_id) WHERE read_at IS NULL AND type IN ('reply', 'reaction')
  DO UPDATE SET count = notifications.count + 1, updated_at = now(),
    post_id = CASE WHEN notifications.type = 'reaction' THEN EXCLUDED.post_id ELSE notifications.post_id END,
    actor_id = CASE WHEN notifications.type = 'reaction' THEN EXCLUDED.actor_id ELSE notifications.actor_id END,
    data = CASE WHEN notifications.type = 'reaction' THEN EXCLUDED.data ELSE notifications.data END
  RETURNING id`;

const WANTS = (type: string, user: string) =>
  `NOT EXISTS (SELECT 1 FROM notification_preferences np WHERE np.user_id = ${user} AND np.type = ${type} AND NOT np.enabled)`;

@Injectable()
export class NotificationsRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  transaction<T>(work: (manager: EntityManager) => Promise<T>): Promise<T> {
    return this.dataSource.transaction(work);
  }

  async postForNotifications(postId: number): Promise<PostForNotifications | null> {
    const rows = await this.dataSource.query(
      `SELECT p.id::int AS id, p.thread_id, p.author_id, u.is_placeholder AS author_is_placeholder, p.state, p.body_source,
              COALESCE((SELECT array_agg(q.quoted_post_id) FROM post_quotes q WHERE q.post_id = p.id AND q.quoted_post_id IS NOT NULL), '{}') AS quoted_post_ids
         FROM posts p JOIN users u ON u.id = p.author_id WHERE p.id = $1`,
      [postId],
    );
    return rows[0] ?? null;
  }

  /** Marks a post as notified; false when it already was (another event, another instance). */
  async claimPost(manager: EntityManager, postId: number): Promise<boolean> {
    const rows = await manager.query(`INSERT INTO notified_posts (post_id) VALUES ($1) ON CONFLICT DO NOTHING RETURNING post_id`, [postId]);
    return rows.length > 0;
  }

  /** Real members (never placeholders) by lower-cased name. */
  async membersNamed(names: string[]): Promise<number[]> {
    if (names.length === 0) return [];
    const rows: { id: number }[] = await this.dataSource.query(`SELECT id FROM users WHERE lower(username) = ANY($1::text[]) AND NOT is_placeholder`, [names]);
    return rows.map((r) => r.id);
  }

  /** Authors of these posts who are real members. */
  async authorsOf(postIds: number[]): Promise<number[]> {
    if (postIds.length === 0) return [];
    const rows: { id: number }[] = await this.dataSource.query(
      `SELECT DISTINCT u.id FROM posts p JOIN users u ON u.id = p.author_id WHERE p.id = ANY($1::bigint[]) AND NOT u.is_placeholder`,
      [postIds],
    );
    return rows.map((r) => r.id);
  }

  /** Whether this member is a real one (placeholders of imported posts are never told anything). */
  async isRealMember(userId: number): Promise<boolean> {
    const rows = await this.dataSource.query(`SELECT 1 FROM users WHERE id = $1 AND NOT is_placeholder`, [userId]);
    return rows.length > 0;
  }

  /** One notification for each member who wants this kind; returns the ids written or counted up. */
  async notify(manager: EntityManager, userIds: number[], n: NewNotification): Promise<number[]> {
    const distinct = [...new Set(userIds)];
    if (distinct.length === 0) return [];
    const rows: { id: string }[] = await manager.query(
      `INSERT INTO notifications (user_id, type, thread_id, post_id, actor_id, data)
       SELECT x.user_id, $2::text, $3::int, $4::bigint, $5::int, $6::jsonb FROM unnest($1::int[]) AS x(user_id) WHERE ${WANTS('$2::text', 'x.user_id')}
       ${UPSERT}`,
      [distinct, n.type, n.threadId, n.postId, n.actorId, JSON.stringify(n.data ?? {})],
    );
    return rows.map((r) => Number(r.id));
  }

  /**
   * A reply notification for everyone watching the thread, but the excluded (one statement for any
   * number of watchers). With `skipReadersPast`, a watcher whose reading is already at or past the
   * post is not told: notifications are written after the post commits, and by then a watcher may
   * have read it live or replied below it (which starts watching and marks it read).
   */
  async notifyWatchers(manager: EntityManager, threadId: number, excluded: number[], n: NewNotification, skipReadersPast: boolean): Promise<number[]> {
    const rows: { id: string }[] = await manager.query(
      `INSERT INTO notifications (user_id, type, thread_id, post_id, actor_id, data)
       SELECT r.user_id, $2::text, $1::int, $3::bigint, $4::int, $5::jsonb
         FROM thread_reads r JOIN users u ON u.id = r.user_id JOIN posts p ON p.id = $3::bigint
        WHERE r.thread_id = $1 AND r.watching AND NOT u.is_placeholder AND r.user_id <> ALL($6::int[]) AND ${WANTS('$2::text', 'r.user_id')}
          AND (NOT $7::boolean OR r.last_read_position < p.position)
       ${UPSERT}`,
      [threadId, n.type, n.postId, n.actorId, JSON.stringify(n.data ?? {}), excluded, skipReadersPast],
    );
    return rows.map((r) => Number(r.id));
  }

  rowsByIds(ids: number[]): Promise<NotificationRow[]> {
    if (ids.length === 0) return Promise.resolve([]);
    return this.dataSource.query(`SELECT ${ROW_COLUMNS} FROM notifications n ${ROW_JOINS} WHERE n.id = ANY($1::bigint[]) ORDER BY n.id`, [ids]);
  }

  /** Keyset page, newest activity first. */
  page(userId: number, after: NotificationCursor | null, limit: number): Promise<NotificationRow[]> {
    const params: unknown[] = [userId, limit];
    let keyset = '';
    if (after) {
      params.push(after.at, after.id);
      keyset = `AND (n.updated_at, n.id) < ($3::timestamptz, $4)`;
    }
    return this.dataSource.query(
      `SELECT ${ROW_COLUMNS} FROM notifications n ${ROW_JOINS}
        WHERE n.user_id = $1 AND ${SHOWN} ${keyset} ORDER BY n.updated_at DESC, n.id DESC LIMIT $2`,
      params,
    );
  }

  async unreadCounts(userIds: number[]): Promise<Map<number, number>> {
    const counts = new Map(userIds.map((id) => [id, 0]));
    if (userIds.length === 0) return counts;
    const rows: { user_id: number; n: number }[] = await this.dataSource.query(
      `SELECT n.user_id, count(*)::int AS n FROM notifications n WHERE n.user_id = ANY($1::int[]) AND n.read_at IS NULL AND ${SHOWN} GROUP BY n.user_id`,
      [userIds],
    );
    for (const row of rows) counts.set(row.user_id, row.n);
    return counts;
  }

  /** Marks the member's own notifications read: these ids, or all of them. Returns how many changed. */
  async markRead(userId: number, ids: number[] | 'all'): Promise<number> {
    const rows = await returning(
      this.dataSource,
      `UPDATE notifications SET read_at = now() WHERE user_id = $1 AND read_at IS NULL AND ($2 OR id = ANY($3::bigint[])) RETURNING id`,
      [userId, ids === 'all', ids === 'all' ? [] : ids],
    );
    return rows.length;
  }

  async disabledTypes(userId: number): Promise<NotificationType[]> {
    const rows: { type: NotificationType }[] = await this.dataSource.query(`SELECT type FROM notification_preferences WHERE user_id = $1 AND NOT enabled`, [userId]);
    return rows.map((r) => r.type);
  }

  async setPreferences(userId: number, preferences: Partial<Record<NotificationType, boolean>>): Promise<void> {
    const entries = Object.entries(preferences) as [NotificationType, boolean][];
    if (entries.length === 0) return;
    await this.dataSource.query(
      `INSERT INTO notification_preferences (user_id, type, enabled) SELECT $1, x.type, x.enabled FROM unnest($2::text[], $3::boolean[]) AS x(type, enabled)
       ON CONFLICT (user_id, type) DO UPDATE SET enabled = EXCLUDED.enabled`,
      [userId, entries.map(([type]) => type), entries.map(([, enabled]) => enabled)],
    );
  }
}
