import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { ArrayMaxSize, ArrayMinSize, IsArray, IsBooleanString, IsDateString, IsIn, IsInt, IsOptional, IsString, Max, MaxLength, Min, MinLength } from 'class-validator';
import { POST_KINDS } from '../posts/post.entity.js';
import { FLAG_REASONS } from './review.repository.js';
import { RESOLVE_ACTIONS } from './review.service.js';
import { WATCHED_WORD_ACTIONS } from './watched-words.service.js';

export class FlagDto {
  @ApiProperty({ enum: FLAG_REASONS })
  @IsIn(FLAG_REASONS)
  reason: string;

  @ApiPropertyOptional({ description: 'required with reason "other"' })
  @IsOptional()
  @IsString()
  @MaxLength(1000)
  note?: string;
}

export class AppealDto {
  @ApiProperty()
  @IsString()
  @MinLength(5)
  @MaxLength(2000)
  text: string;
}

export class ReasonDto {
  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  @MaxLength(1000)
  reason?: string;
}

export class ResolveDto extends ReasonDto {
  @ApiProperty({ enum: RESOLVE_ACTIONS })
  @IsIn(RESOLVE_ACTIONS)
  action: string;
}

export class BulkResolveDto extends ResolveDto {
  @ApiProperty({ type: [Number] })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(200)
  @IsInt({ each: true })
  @Min(1, { each: true })
  ids: number[];
}

export class QueueQuery {
  @ApiPropertyOptional({ enum: ['active', 'open', 'claimed', 'resolved', 'rejected'] })
  @IsOptional()
  @IsIn(['active', 'open', 'claimed', 'resolved', 'rejected'])
  status?: 'active' | 'open' | 'claimed' | 'resolved' | 'rejected';

  @ApiPropertyOptional({ enum: ['flags', 'approval', 'appeal'] })
  @IsOptional()
  @IsIn(['flags', 'approval', 'appeal'])
  queue?: 'flags' | 'approval' | 'appeal';

  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  @MaxLength(40)
  reason?: string;

  @ApiPropertyOptional({ enum: POST_KINDS })
  @IsOptional()
  @IsIn(POST_KINDS)
  kind?: string;

  @ApiPropertyOptional()
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(2_147_483_647)
  thread?: number;

  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  @MaxLength(200)
  cursor?: string;

  @ApiPropertyOptional()
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(100)
  limit?: number;
}

export class MovePostDto extends ReasonDto {
  @ApiProperty()
  @IsInt()
  @Min(1)
  threadId: number;
}

export class KindDto extends ReasonDto {
  @ApiProperty({ enum: POST_KINDS })
  @IsIn(POST_KINDS)
  kind: string;
}

export class MergeDto extends ReasonDto {
  @ApiProperty({ description: 'the thread that receives the posts' })
  @IsInt()
  @Min(1)
  targetThreadId: number;
}

export class SplitDto extends ReasonDto {
  @ApiProperty({ type: [Number] })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(1000)
  @IsInt({ each: true })
  @Min(1, { each: true })
  postIds: number[];

  @ApiProperty()
  @IsString()
  @MaxLength(1000)
  title: string;
}

export class SlowModeDto extends ReasonDto {
  @ApiProperty({ description: 'seconds between a member’s posts; 0 turns slow mode off' })
  @IsInt()
  @Min(0)
  @Max(86400)
  seconds: number;
}

export class MoveThreadDto extends ReasonDto {
  @ApiProperty({ description: 'forum slug' })
  @IsString()
  @MaxLength(80)
  forum: string;
}

export class SanctionDto {
  @ApiProperty()
  @IsString()
  @MinLength(3)
  @MaxLength(1000)
  reason: string;

  @ApiPropertyOptional({ description: 'ISO time the sanction ends (required for silence and suspend)' })
  @IsOptional()
  @IsDateString()
  until?: string;

  @ApiPropertyOptional({ description: 'warning points (1-10)' })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(10)
  points?: number;
}

export class NoteDto {
  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  @MaxLength(5000)
  body?: string;

  @ApiPropertyOptional({ description: 'accepted as the note text when body is absent' })
  @IsOptional()
  @IsString()
  @MaxLength(5000)
  reason?: string;
}

export class LogQuery {
  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  @MaxLength(200)
  cursor?: string;

  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  @MaxLength(60)
  action?: string;

  @ApiPropertyOptional({ description: 'username of the moderator' })
  @IsOptional()
  @IsString()
  @MaxLength(64)
  actor?: string;

  @ApiPropertyOptional({ enum: ['post', 'thread', 'user', 'review-item', 'watched-word', 'flag'] })
  @IsOptional()
  @IsIn(['post', 'thread', 'user', 'review-item', 'watched-word', 'flag'])
  targetType?: 'post' | 'thread' | 'user' | 'review-item' | 'watched-word' | 'flag';

  @ApiPropertyOptional()
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  targetId?: number;

  @ApiPropertyOptional({ description: 'true: automatic decisions only; false: moderators’ only' })
  @IsOptional()
  @IsBooleanString()
  automatic?: string;

  @ApiPropertyOptional()
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(100)
  limit?: number;
}

export class WatchedWordDto {
  @ApiProperty({ description: 'word or phrase; * matches any letters' })
  @IsString()
  @MinLength(2)
  @MaxLength(100)
  word: string;

  @ApiProperty({ enum: WATCHED_WORD_ACTIONS })
  @IsIn(WATCHED_WORD_ACTIONS)
  action: string;

  @ApiPropertyOptional({ description: 'censor: the replacement (default ****)' })
  @IsOptional()
  @IsString()
  @MaxLength(100)
  replacement?: string;
}
