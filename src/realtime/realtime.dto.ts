import { Logger } from '@nestjs/common';
import { plainToInstance } from 'class-transformer';
import { IsInt, IsOptional, IsString, Matches, Max, Min, validateSync } from 'class-validator';
import { invalid } from '../common/domain-error.js';
import { toErrorBody } from '../common/http-error.filter.js';
import type { Ack } from './realtime.types.js';

const MAX_INT = 2_147_483_647;

export class ThreadJoinDto {
  @IsInt()
  @Min(1)
  @Max(MAX_INT)
  threadId: number;

  /** the last position the client has: every visible post after it is sent first */
  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(MAX_INT)
  afterPosition?: number;
}

export class ThreadRefDto {
  @IsInt()
  @Min(1)
  @Max(MAX_INT)
  threadId: number;
}

export class ForumRefDto {
  @IsString()
  @Matches(/^[a-z0-9-]{1,80}$/, { message: 'slug must be a forum slug' })
  slug: string;
}

export class MemberRefDto {
  @IsInt()
  @Min(1)
  @Max(MAX_INT)
  userId: number;
}

export class EmptyDto {}

/** A client payload checked like an HTTP body: an object of exactly these fields, no conversions. */
export function parsePayload<T extends object>(dto: new () => T, payload: unknown): T {
  // events without fields may be sent without a payload
  if (payload === undefined && (dto as unknown) === EmptyDto) return new dto();
  if (typeof payload !== 'object' || payload === null || Array.isArray(payload)) throw invalid('payload must be an object');
  const instance = plainToInstance(dto, payload);
  const errors = validateSync(instance, { whitelist: true, forbidNonWhitelisted: true });
  if (errors.length > 0) throw invalid(errors.flatMap((e) => Object.values(e.constraints ?? {})).join('; '));
  return instance;
}

const logger = new Logger('RealtimeGateway');

/** Runs a handler and answers `{ok: true, ...}` or `{ok: false, error}` (the HTTP error body, same mapping). */
export async function acknowledge<T extends object>(work: () => Promise<T> | T): Promise<Ack<T>> {
  try {
    return { ok: true, ...(await work()) };
  } catch (error) {
    const body = toErrorBody(error);
    if (body.statusCode >= 500) logger.error({ err: error }, 'socket event failed');
    return { ok: false, error: body };
  }
}
