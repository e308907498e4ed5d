import { type DynamicModule, Global, Module } from '@nestjs/common';
import { EventEmitterModule } from '@nestjs/event-emitter';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AuthModule } from './auth/auth.module.js';
import { RateLimitService } from './common/rate-limit.service.js';
import { ConfigModule } from './config/config.module.js';
import type { AppConfig } from './config/config.js';
import { dataSourceOptions } from './database/data-source-options.js';
import { FeedsModule } from './feeds/feeds.module.js';
import { ForumsModule } from './forums/forums.module.js';
import { SearchModule } from './search/search.module.js';
import { HealthModule } from './health/health.module.js';
import { ImportModule } from './import/import.module.js';
import { ModerationCoreModule } from './moderation/moderation-core.module.js';
import { ModerationModule } from './moderation/moderation.module.js';
import { NotificationsModule } from './notifications/notifications.module.js';
import { PostsModule } from './posts/posts.module.js';
import { RealtimeModule } from './realtime/realtime.module.js';
import { ThreadsModule } from './threads/threads.module.js';
import { UsersModule } from './users/users.module.js';

/** Cross-cutting providers every module may inject. */
@Global()
@Module({ providers: [RateLimitService], exports: [RateLimitService] })
class CommonModule {}

@Module({})
export class AppModule {
  static forRoot(config: AppConfig, databaseUrl: string): DynamicModule {
    return {
      module: AppModule,
      imports: [
        ConfigModule.forRoot(config),
        TypeOrmModule.forRoot({ ...dataSourceOptions(config, databaseUrl), migrationsRun: false }),
        EventEmitterModule.forRoot(),
        CommonModule,
        UsersModule,
        AuthModule,
        HealthModule,
        ModerationCoreModule,
        ForumsModule,
        PostsModule,
        ThreadsModule,
        SearchModule,
        FeedsModule,
        ImportModule,
        ModerationModule,
        NotificationsModule,
        RealtimeModule,
      ],
    };
  }
}
