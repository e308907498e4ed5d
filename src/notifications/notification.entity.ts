import { Column, CreateDateColumn, Entity, PrimaryColumn, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';

export const NOTIFICATION_TYPES = ['reply', 'quote', 'mention', 'reaction', 'moderation', 'flag-outcome'] as const;
export type NotificationType = (typeof NOTIFICATION_TYPES)[number];

/** Kinds whose unread notification for one thread counts up instead of adding rows. */
export const COLLAPSING_TYPES: readonly NotificationType[] = ['reply', 'reaction'];

// The repository reads and writes these tables with SQL (upserts on a partial index); the classes
// mirror migration 1764291900000 for readers and tooling.

@Entity('notifications')
export class Notification {
  @PrimaryGeneratedColumn({ type: 'bigint' })
  id: string;

  @Column('integer')
  userId: number;

  @Column('text')
  type: NotificationType;

  @Column('integer', { nullable: true })
  threadId: number | null;

  @Column('bigint', { nullable: true })
  postId: string | null;

  @Column('integer', { nullable: true })
  actorId: number | null;

  @Column('integer', { default: 1 })
  count: number;

  @Column('jsonb', { default: {} })
  data: Record<string, unknown>;

  @Column('timestamptz', { nullable: true })
  readAt: Date | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt: Date;
}

@Entity('notification_preferences')
export class NotificationPreference {
  @PrimaryColumn('integer')
  userId: number;

  @PrimaryColumn('text')
  type: NotificationType;

  @Column('boolean')
  enabled: boolean;
}
