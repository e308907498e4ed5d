import { Global, Module } from '@nestjs/common';
import { CONTENT_ASSESSOR } from './content-assessment.js';
import { ContentAnalysisRepository } from './content-analysis.repository.js';
import { ContentAssessmentService } from './content-assessment.service.js';
import { MEMBER_STANDING } from './member-standing.js';
import { MemberStandingService } from './member-standing.service.js';
import { ModerationLogRepository } from './moderation-log.repository.js';
import { ReviewRepository } from './review.repository.js';
import { WatchedWordsRepository } from './watched-words.repository.js';
import { WatchedWordsService } from './watched-words.service.js';

/**
 * What every write asks of moderation before it is stored (the content assessment, the member's
 * standing) and the repositories they share with the moderation module proper.
 */
@Global()
@Module({
  providers: [
    ContentAnalysisRepository,
    ContentAssessmentService,
    MemberStandingService,
    ModerationLogRepository,
    ReviewRepository,
    WatchedWordsRepository,
    WatchedWordsService,
    { provide: CONTENT_ASSESSOR, useExisting: ContentAssessmentService },
    { provide: MEMBER_STANDING, useExisting: MemberStandingService },
  ],
  exports: [CONTENT_ASSESSOR, MEMBER_STANDING, ContentAssessmentService, MemberStandingService, ModerationLogRepository, ReviewRepository, WatchedWordsService],
})
export class ModerationCoreModule {}
