import { Body, Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import type { AuthUser } from '../auth/auth-user.js';
import { CurrentUser, RequireRole, SignedIn } from '../auth/decorators.js';
import { positiveInt } from '../common/pagination.js';
import { FlagsService } from './flags.service.js';
import { ModerationLogService } from './moderation-log.service.js';
import { ModerationActionsService } from './moderation-actions.service.js';
import { AppealDto, BulkResolveDto, FlagDto, LogQuery, QueueQuery, ResolveDto } from './moderation.dto.js';
import { ReviewService } from './review.service.js';

const id = (raw: string) => positiveInt(raw, 'id', Number.MAX_SAFE_INTEGER);

/** Members flag and appeal; moderators work the review queue and read the log. */
@ApiTags('moderation')
@ApiBearerAuth()
@Controller('api')
export class ModerationController {
  constructor(
    private readonly flags: FlagsService,
    private readonly review: ReviewService,
    private readonly actions: ModerationActionsService,
    private readonly log: ModerationLogService,
  ) {}

  @Post('posts/:id/flags')
  @SignedIn()
  flag(@CurrentUser() user: AuthUser, @Param('id') postId: string, @Body() dto: FlagDto) {
    return this.flags.flag(user, id(postId), dto);
  }

  @Post('posts/:id/appeal')
  @SignedIn()
  appeal(@CurrentUser() user: AuthUser, @Param('id') postId: string, @Body() dto: AppealDto) {
    return this.review.appeal(user, id(postId), dto.text);
  }

  @Get('moderation/queue')
  @RequireRole('moderator')
  queue(@CurrentUser() user: AuthUser, @Query() q: QueueQuery) {
    return this.review.queue(user, { status: q.status, queue: q.queue, reason: q.reason, kind: q.kind, threadId: q.thread }, q.cursor, q.limit);
  }

  @Get('moderation/items/:id')
  @RequireRole('moderator')
  item(@CurrentUser() user: AuthUser, @Param('id') itemId: string) {
    return this.review.item(user, id(itemId));
  }

  @Post('moderation/items/bulk')
  @RequireRole('moderator')
  @HttpCode(200)
  bulk(@CurrentUser() user: AuthUser, @Body() dto: BulkResolveDto) {
    return this.review.bulkResolve(user, dto.ids, dto.action, dto.reason ?? null);
  }

  @Post('moderation/items/:id/claim')
  @RequireRole('moderator')
  @HttpCode(200)
  claim(@CurrentUser() user: AuthUser, @Param('id') itemId: string) {
    return this.review.claim(user, id(itemId));
  }

  @Post('moderation/items/:id/resolve')
  @RequireRole('moderator')
  @HttpCode(200)
  resolve(@CurrentUser() user: AuthUser, @Param('id') itemId: string, @Body() dto: ResolveDto) {
    return this.review.resolve(user, id(itemId), dto.action, dto.reason ?? null);
  }

  @Post('moderation/flags/:id/wrong')
  @RequireRole('moderator')
  @HttpCode(200)
  wrong(@CurrentUser() user: AuthUser, @Param('id') flagId: string) {
    return this.review.markFlagWrong(user, id(flagId));
  }

  @Get('moderation/rules')
  @RequireRole('moderator')
  rules() {
    return this.review.rules();
  }

  @Get('moderation/canned-reasons')
  @RequireRole('moderator')
  canned() {
    return this.review.cannedReasons();
  }

  @Get('moderation/log')
  @RequireRole('moderator')
  logPage(@Query() q: LogQuery) {
    const automatic = q.automatic === undefined ? undefined : q.automatic === 'true';
    return this.log.page({ action: q.action, actor: q.actor, targetType: q.targetType, targetId: q.targetId, automatic }, q.cursor, q.limit);
  }

  @Post('moderation/log/:id/undo')
  @RequireRole('moderator')
  @HttpCode(200)
  undo(@CurrentUser() user: AuthUser, @Param('id') entryId: string) {
    return this.actions.undo(user, id(entryId));
  }
}
