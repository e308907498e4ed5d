import { Body, Controller, Delete, Get, HttpCode, Param, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import type { AuthUser } from '../auth/auth-user.js';
import { CurrentUser, RequireRole } from '../auth/decorators.js';
import { invalid } from '../common/domain-error.js';
import { positiveInt } from '../common/pagination.js';
import { ModerationActionsService, type PostStateAction } from './moderation-actions.service.js';
import { KindDto, MergeDto, MovePostDto, MoveThreadDto, NoteDto, ReasonDto, SanctionDto, SlowModeDto, SplitDto, WatchedWordDto } from './moderation.dto.js';
import { type SanctionAction, SanctionsService } from './sanctions.service.js';
import { SlowModeService } from './slow-mode.service.js';
import { WatchedWordsService } from './watched-words.service.js';

const id = (raw: string) => positiveInt(raw, 'id', Number.MAX_SAFE_INTEGER);
const POST_STATE_ACTIONS = new Set<PostStateAction>(['hide', 'restore', 'delete']);
const THREAD_FLAG_ACTIONS = new Set(['lock', 'unlock', 'pin', 'unpin']);
const SANCTIONS = new Set<SanctionAction>(['warn', 'silence', 'suspend', 'ban']);

/** Moderators' actions on posts, threads and members; admins' watched words. */
@ApiTags('moderation')
@ApiBearerAuth()
@Controller('api')
export class ModerationTargetsController {
  constructor(
    private readonly actions: ModerationActionsService,
    private readonly slowMode: SlowModeService,
    private readonly sanctions: SanctionsService,
    private readonly watchedWords: WatchedWordsService,
  ) {}

  @Post('moderation/posts/:id/move')
  @RequireRole('moderator')
  @HttpCode(200)
  movePost(@CurrentUser() user: AuthUser, @Param('id') postId: string, @Body() dto: MovePostDto) {
    return this.actions.movePost(user, id(postId), dto.threadId, dto.reason ?? null);
  }

  @Post('moderation/posts/:id/kind')
  @RequireRole('moderator')
  @HttpCode(200)
  kind(@CurrentUser() user: AuthUser, @Param('id') postId: string, @Body() dto: KindDto) {
    return this.actions.setKind(user, id(postId), dto.kind, dto.reason ?? null);
  }

  @Post('moderation/posts/:id/:action')
  @RequireRole('moderator')
  @HttpCode(200)
  postState(@CurrentUser() user: AuthUser, @Param('id') postId: string, @Param('action') action: string, @Body() dto: ReasonDto) {
    if (!POST_STATE_ACTIONS.has(action as PostStateAction)) throw invalid('action must be hide, restore, delete, move or kind');
    return this.actions.setPostState(user, id(postId), action as PostStateAction, dto.reason ?? null);
  }

  @Post('moderation/threads/:id/merge')
  @RequireRole('moderator')
  @HttpCode(200)
  merge(@CurrentUser() user: AuthUser, @Param('id') threadId: string, @Body() dto: MergeDto) {
    return this.actions.mergeThreads(user, id(threadId), dto.targetThreadId, dto.reason ?? null);
  }

  @Post('moderation/threads/:id/split')
  @RequireRole('moderator')
  @HttpCode(200)
  split(@CurrentUser() user: AuthUser, @Param('id') threadId: string, @Body() dto: SplitDto) {
    return this.actions.splitThread(user, id(threadId), dto.postIds, dto.title, dto.reason ?? null);
  }

  @Post('moderation/threads/:id/slow-mode')
  @RequireRole('moderator')
  @HttpCode(200)
  setSlowMode(@CurrentUser() user: AuthUser, @Param('id') threadId: string, @Body() dto: SlowModeDto) {
    return this.slowMode.set(user, id(threadId), dto.seconds, dto.reason ?? null);
  }

  @Post('moderation/threads/:id/move')
  @RequireRole('moderator')
  @HttpCode(200)
  moveThread(@CurrentUser() user: AuthUser, @Param('id') threadId: string, @Body() dto: MoveThreadDto) {
    return this.actions.moveThread(user, id(threadId), dto.forum, dto.reason ?? null);
  }

  @Post('moderation/threads/:id/:action')
  @RequireRole('moderator')
  @HttpCode(200)
  threadFlag(@CurrentUser() user: AuthUser, @Param('id') threadId: string, @Param('action') action: string, @Body() dto: ReasonDto) {
    if (!THREAD_FLAG_ACTIONS.has(action)) throw invalid('action must be lock, unlock, pin, unpin, merge, split, move or slow-mode');
    return this.actions.setThreadFlag(user, id(threadId), action as 'lock', dto.reason ?? null);
  }

  @Get('moderation/users/:id')
  @RequireRole('moderator')
  member(@Param('id') userId: string) {
    return this.sanctions.record(id(userId));
  }

  @Post('moderation/users/:id/notes')
  @RequireRole('moderator')
  note(@CurrentUser() user: AuthUser, @Param('id') userId: string, @Body() dto: NoteDto) {
    return this.sanctions.addNote(user, id(userId), dto.body ?? dto.reason ?? '');
  }

  @Post('moderation/users/:id/lift')
  @RequireRole('moderator')
  @HttpCode(200)
  lift(@CurrentUser() user: AuthUser, @Param('id') userId: string, @Body() dto: ReasonDto) {
    return this.sanctions.lift(user, id(userId), dto.reason ?? 'lifted');
  }

  @Post('moderation/users/:id/:action')
  @RequireRole('moderator')
  sanction(@CurrentUser() user: AuthUser, @Param('id') userId: string, @Param('action') action: string, @Body() dto: SanctionDto) {
    if (!SANCTIONS.has(action as SanctionAction)) throw invalid('action must be warn, silence, suspend, ban, lift or notes');
    return this.sanctions.sanction(user, id(userId), action as SanctionAction, dto);
  }

  @Get('admin/watched-words')
  @RequireRole('admin')
  words() {
    return this.watchedWords.list();
  }

  @Post('admin/watched-words')
  @RequireRole('admin')
  addWord(@CurrentUser() user: AuthUser, @Body() dto: WatchedWordDto) {
    return this.watchedWords.add(user.id, dto);
  }

  @Delete('admin/watched-words/:id')
  @RequireRole('admin')
  @HttpCode(204)
  async removeWord(@CurrentUser() user: AuthUser, @Param('id') wordId: string): Promise<void> {
    await this.watchedWords.remove(user.id, id(wordId));
  }
}
