import { Inject, Logger, Module, type OnApplicationBootstrap } from '@nestjs/common';
import { APP_CONFIG } from '../config/config.module.js';
import type { AppConfig } from '../config/config.js';
import { ForumsModule } from '../forums/forums.module.js';
import { PostsModule } from '../posts/posts.module.js';
import { ThreadsModule } from '../threads/threads.module.js';
import { ImportService } from './import.service.js';
import { ImportsRepository } from './imports.repository.js';
import { readSeed, SEED } from './seed.js';

@Module({ imports: [ForumsModule, PostsModule, ThreadsModule], providers: [ImportService, ImportsRepository], exports: [ImportService] })
export class ImportModule implements OnApplicationBootstrap {
  private readonly logger = new Logger('Seed');

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly importer: ImportService,
  ) {}

  /** First start on an empty database imports the original thread (idempotent on later starts). */
  async onApplicationBootstrap(): Promise<void> {
    if (!this.config.seedOnStart) return;
    const summary = await this.importer.importDump(readSeed(), { forumSlug: SEED.forumSlug, forumTitle: SEED.forumTitle });
    if (!summary.alreadyImported) this.logger.log(`imported the seed thread "${summary.title}": ${summary.posts} posts`);
  }
}
