import { ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsDateString, IsInt, IsOptional, IsString, Matches, Max, MaxLength, Min } from 'class-validator';

export class SearchQuery {
  @ApiPropertyOptional({ description: 'web-search syntax: words, "phrases", -exclusions, or' })
  @IsOptional()
  @IsString()
  @MaxLength(200)
  q?: string;

  @ApiPropertyOptional({ description: 'forum slug' })
  @IsOptional()
  @IsString()
  @Matches(/^[a-z0-9-]{1,80}$/)
  forum?: string;

  @ApiPropertyOptional()
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(2_147_483_647)
  thread?: number;

  @ApiPropertyOptional({ description: 'username' })
  @IsOptional()
  @IsString()
  @MaxLength(64)
  author?: string;

  @ApiPropertyOptional({ description: 'ISO date' })
  @IsOptional()
  @IsDateString()
  from?: string;

  @ApiPropertyOptional({ description: 'ISO date' })
  @IsOptional()
  @IsDateString()
  to?: string;

  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  @MaxLength(200)
  cursor?: string;

  @ApiPropertyOptional({ default: 20 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(50)
  limit?: number;
}

export interface SearchHit {
  postId: number;
  threadId: number;
  threadSlug: string;
  threadTitle: string;
  position: number;
  author: string;
  createdAt: string;
  /** HTML: escaped text with <mark> around the hits */
  snippet: string;
}
