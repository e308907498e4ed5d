import { Module } from '@nestjs/common';
import { AuthModule } from '../auth/auth.module.js';
import { ForumsModule } from '../forums/forums.module.js';
import { PostsModule } from '../posts/posts.module.js';
import { ThreadsModule } from '../threads/threads.module.js';
import { LiveEventsListener } from './live-events.listener.js';
import { LiveReads } from './live-reads.js';
import { LiveServer } from './live-server.js';
import { PresenceService } from './presence.service.js';
import { RealtimeGateway } from './realtime.gateway.js';
import { RealtimeService } from './realtime.service.js';
import { SocketAuth } from './socket-auth.js';
import { ThreadSequencer } from './thread-sequencer.js';

@Module({
  imports: [AuthModule, ForumsModule, PostsModule, ThreadsModule],
  providers: [RealtimeGateway, RealtimeService, SocketAuth, LiveServer, LiveReads, LiveEventsListener, PresenceService, ThreadSequencer],
})
export class RealtimeModule {}
