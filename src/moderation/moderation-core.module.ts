import { Global, Module } from '@nestjs/common';
import { CONTENT_ASSESSOR } from './content-assessment.js';
import { ContentAssessmentService } from './content-assessment.service.js';
import { MEMBER_STANDING } from './member-standing.js';
import { MemberStandingService } from './member-standing.service.js';

/** What the posts module asks of moderation before a write: the assessment and the member's standing. */
@Global()
@Module({
  providers: [ContentAssessmentService, MemberStandingService, { provide: CONTENT_ASSESSOR, useExisting: ContentAssessmentService }, { provide: MEMBER_STANDING, useExisting: MemberStandingService }],
  exports: [CONTENT_ASSESSOR, MEMBER_STANDING, ContentAssessmentService, MemberStandingService],
})
export class ModerationCoreModule {}
