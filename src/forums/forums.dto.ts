import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsInt, IsOptional, IsString, Matches, MaxLength, Min, MinLength } from 'class-validator';
import type { Forum } from './forum.entity.js';

export class CreateForumDto {
  @ApiProperty({ example: 'world-affairs' })
  @IsString()
  @Matches(/^[a-z0-9]+(-[a-z0-9]+)*$/, { message: 'slug must be lower-case letters and digits separated by dashes' })
  @MaxLength(60)
  slug: string;

  @ApiProperty()
  @IsString()
  @MinLength(2)
  @MaxLength(100)
  title: string;

  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  @MaxLength(1000)
  description?: string;

  @ApiPropertyOptional()
  @IsOptional()
  @IsInt()
  @Min(0)
  position?: number;
}

export interface ForumView {
  id: number;
  slug: string;
  title: string;
  description: string;
  position: number;
  threadCount: number;
  postCount: number;
  lastPostAt: string | null;
}

export const mapForum = (f: Forum): ForumView => ({
  id: f.id,
  slug: f.slug,
  title: f.title,
  description: f.description,
  position: f.position,
  threadCount: f.threadCount,
  postCount: f.postCount,
  lastPostAt: f.lastPostAt ? f.lastPostAt.toISOString() : null,
});
