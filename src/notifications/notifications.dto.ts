import { ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { ArrayMaxSize, IsArray, IsBoolean, IsIn, IsInt, IsOptional, IsString, Max, MaxLength, Min } from 'class-validator';
import type { NotificationType } from './notification.entity.js';
import type { NotificationRow } from './notifications.repository.js';

export class NotificationListQuery {
  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  @MaxLength(500)
  cursor?: string;

  @ApiPropertyOptional({ default: 20, maximum: 50 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(50)
  limit?: number;
}

export class MarkReadDto {
  @ApiPropertyOptional({ type: [Number], description: 'these notifications' })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(200)
  @IsInt({ each: true })
  @Min(1, { each: true })
  ids?: number[];

  @ApiPropertyOptional({ description: 'all of them' })
  @IsOptional()
  @IsIn([true], { message: 'all must be true when given' })
  all?: boolean;
}

export class PreferencesDto {
  @ApiPropertyOptional() @IsOptional() @IsBoolean() reply?: boolean;
  @ApiPropertyOptional() @IsOptional() @IsBoolean() quote?: boolean;
  @ApiPropertyOptional() @IsOptional() @IsBoolean() mention?: boolean;
  @ApiPropertyOptional() @IsOptional() @IsBoolean() reaction?: boolean;
  @ApiPropertyOptional() @IsOptional() @IsBoolean() moderation?: boolean;
  @ApiPropertyOptional({ name: 'flag-outcome' }) @IsOptional() @IsBoolean() 'flag-outcome'?: boolean;
}

export type NotificationPreferences = Record<NotificationType, boolean>;

export interface NotificationView {
  id: number;
  type: NotificationType;
  /** built on the server, ready to show */
  text: string;
  /** the post (or thread) it is about: /t/<slug>/<threadId>/<position> */
  url: string;
  /** collapsed events: "3 new replies" is one notification with count 3 */
  count: number;
  read: boolean;
  createdAt: string;
  updatedAt: string;
  /** who did it; null for moderation (moderators act as the team) */
  actor: { id: number; username: string } | null;
  threadId: number | null;
  postId: number | null;
}

const MODERATION_VERBS: Record<string, string> = {
  hide: 'hid',
  restore: 'restored',
  delete: 'deleted',
  move: 'moved',
  kind: 'changed the kind of',
  approve: 'approved',
  reject: 'rejected',
  edit: 'edited',
};

const quoted = (title: string | null) => `“${title ?? 'a thread'}”`;
const text = (value: unknown): string | null => (typeof value === 'string' && value.trim() ? value.trim() : null);

function describe(row: NotificationRow): string {
  const actor = row.actor_username ?? 'Someone';
  const where = quoted(row.thread_title);
  switch (row.type) {
    case 'reply':
      return row.count > 1 ? `${row.count} new replies in ${where}` : `${actor} replied in ${where}`;
    case 'quote':
      return `${actor} quoted your post in ${where}`;
    case 'mention':
      return `${actor} mentioned you in ${where}`;
    case 'reaction': {
      if (row.count > 1) return `${row.count} reactions to your posts in ${where}`;
      const kind = text(row.data.kind);
      return `${actor} reacted${kind ? ` (${kind})` : ''} to your post in ${where}`;
    }
    case 'moderation': {
      const action = text(row.data.action) ?? 'acted on';
      const reason = text(row.data.reason);
      return `A moderator ${MODERATION_VERBS[action] ?? action} your post in ${where}${reason ? `: ${reason}` : ''}`;
    }
    case 'flag-outcome':
      return row.data.outcome === 'upheld'
        ? `Your flag on a post in ${where} was upheld: moderators acted on it`
        : `Your flag on a post in ${where} was reviewed: no action was needed`;
  }
}

export function mapNotification(row: NotificationRow): NotificationView {
  const base = row.thread_id === null ? '/' : `/t/${row.thread_slug ?? 'thread'}/${row.thread_id}`;
  return {
    id: Number(row.id),
    type: row.type,
    text: describe(row),
    url: row.thread_id !== null && row.post_position !== null ? `${base}/${row.post_position}` : base,
    count: row.count,
    read: row.read_at !== null,
    createdAt: new Date(row.created_at).toISOString(),
    updatedAt: new Date(row.updated_at).toISOString(),
    actor: row.type === 'moderation' || row.actor_id === null || row.actor_username === null ? null : { id: row.actor_id, username: row.actor_username },
    threadId: row.thread_id,
    postId: row.post_id === null ? null : Number(row.post_id),
  };
}
