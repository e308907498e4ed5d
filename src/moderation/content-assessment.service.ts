import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { AssessmentInput, ContentAssessor, PostAssessment } from './content-assessment.js';

/** Analysis and screening of every new or edited post (filled in by the moderation issues). */
@Injectable()
export class ContentAssessmentService implements ContentAssessor {
  async assess(_input: AssessmentInput): Promise<PostAssessment> {
    return { kind: 'opinion', state: 'visible', stateReason: null, analysis: {}, sources: [], censoredSource: null, flags: [], quotesPostId: null };
  }

  async record(_manager: EntityManager, _postId: number, _assessment: PostAssessment): Promise<void> {}
}
