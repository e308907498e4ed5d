import { Module } from '@nestjs/common';
import { ForumsModule } from '../forums/forums.module.js';
import { PostsModule } from '../posts/posts.module.js';
import { ThreadsModule } from '../threads/threads.module.js';
import { FlagsService } from './flags.service.js';
import { ModerationActionsRepository } from './moderation-actions.repository.js';
import { ModerationActionsService } from './moderation-actions.service.js';
import { ModerationLogService } from './moderation-log.service.js';
import { ModerationTargetsController } from './moderation-targets.controller.js';
import { ModerationController } from './moderation.controller.js';
import { ModeratorEditsListener } from './moderator-edits.listener.js';
import { ReviewService } from './review.service.js';
import { SanctionsRepository } from './sanctions.repository.js';
import { SanctionsService } from './sanctions.service.js';
import { SlowModeService } from './slow-mode.service.js';

@Module({
  imports: [ForumsModule, PostsModule, ThreadsModule],
  controllers: [ModerationController, ModerationTargetsController],
  providers: [FlagsService, ReviewService, ModerationActionsRepository, ModerationActionsService, ModerationLogService, SanctionsRepository, SanctionsService, SlowModeService, ModeratorEditsListener],
})
export class ModerationModule {}
