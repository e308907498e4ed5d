import { Inject, Injectable } from '@nestjs/common';
import { APP_CONFIG } from '../config/config.module.js';
import type { AppConfig } from '../config/config.js';
import { realtimeEvents } from '../metrics/metrics.js';
import type { ForumServer, ServerEventName, ServerToClientEvents } from './realtime.types.js';

export interface Audience {
  /** rooms to reach (a socket in several of them gets the event once) */
  to: string | string[];
  /** rooms (or socket ids) to leave out */
  except?: string | string[];
}

/**
 * The Socket.IO server once the gateway has started it. Commands run without one (the CLI's app
 * context), so emitting before that is a no-op. With REDIS_URL every emit reaches the rooms on
 * all instances through the adapter.
 */
@Injectable()
export class LiveServer {
  private server: ForumServer | null = null;
  /** several instances share rooms through Redis */
  readonly clustered: boolean;

  constructor(@Inject(APP_CONFIG) config: AppConfig) {
    this.clustered = config.redisUrl !== null;
  }

  attach(server: ForumServer): void {
    this.server = server;
  }

  detach(): void {
    this.server = null;
  }

  get io(): ForumServer | null {
    return this.server;
  }

  emit<E extends ServerEventName>(audience: Audience, event: E, ...payload: Parameters<ServerToClientEvents[E]>): void {
    if (!this.server) return;
    let target = this.server.to(audience.to);
    if (audience.except && audience.except.length > 0) target = target.except(audience.except);
    target.emit(event, ...payload);
    realtimeEvents.inc({ event });
  }

  /** This instance's sockets in a room. */
  localCount(room: string): number {
    return this.server?.of('/').adapter.rooms.get(room)?.size ?? 0;
  }
}
