import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsInt, IsOptional, IsString, Max, MaxLength, Min } from 'class-validator';
import type { ThreadRow } from './threads.repository.js';

export class CreateThreadDto {
  @ApiProperty()
  @IsString()
  @MaxLength(1000)
  title: string;

  @ApiProperty({ description: 'BBCode of the first post' })
  @IsString()
  @MaxLength(1_000_000)
  body: string;
}

export class PostsPageQuery {
  @ApiPropertyOptional({ description: 'posts after this position' })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(0)
  @Max(2_147_483_647)
  after?: number;

  @ApiPropertyOptional({ description: 'posts before this position' })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(2_147_483_647)
  before?: number;

  @ApiPropertyOptional({ description: 'a page containing this position' })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(2_147_483_647)
  around?: number;

  @ApiPropertyOptional({ default: 20, maximum: 100 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(100)
  limit?: number;
}

export class ThreadListQuery {
  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  @MaxLength(500)
  cursor?: string;

  @ApiPropertyOptional({ default: 25, maximum: 100 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(100)
  limit?: number;
}

export class ReadPositionDto {
  @ApiProperty()
  @IsInt()
  @Min(0)
  @Max(2_147_483_647)
  position: number;
}

export interface ThreadView {
  id: number;
  forum: { id: number; slug: string; title: string };
  slug: string;
  title: string;
  author: { id: number; username: string };
  pinned: boolean;
  locked: boolean;
  postCount: number;
  replyCount: number;
  lastPosition: number;
  lastPostAt: string;
  lastPostBy: string | null;
  lastPostId: number | null;
  viewCount: number;
  slowModeSeconds: number;
  mergedIntoId: number | null;
  createdAt: string;
  /** the reader's; null for guests */
  lastReadPosition: number | null;
  firstUnreadPosition: number | null;
  unread: boolean;
  watching: boolean;
}

export function mapThread(row: ThreadRow, signedIn: boolean): ThreadView {
  const lastRead = signedIn ? (row.last_read_position ?? 0) : null;
  return {
    id: row.id,
    forum: { id: row.forum_id, slug: row.forum_slug, title: row.forum_title },
    slug: row.slug,
    title: row.title,
    author: { id: row.author_id, username: row.author_username },
    pinned: row.pinned,
    locked: row.locked,
    postCount: row.post_count,
    replyCount: row.reply_count,
    lastPosition: row.last_position,
    lastPostAt: new Date(row.last_post_at).toISOString(),
    lastPostBy: row.last_post_username,
    lastPostId: row.last_post_id === null ? null : Number(row.last_post_id),
    viewCount: Number(row.view_count),
    slowModeSeconds: row.slow_mode_seconds,
    mergedIntoId: row.merged_into_id,
    createdAt: new Date(row.created_at).toISOString(),
    lastReadPosition: lastRead,
    firstUnreadPosition: lastRead !== null && lastRead < row.last_position ? lastRead + 1 : null,
    unread: lastRead !== null && lastRead < row.last_position,
    watching: row.watching ?? false,
  };
}
