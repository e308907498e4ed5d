import { Inject, Injectable } from '@nestjs/common';
import { PacketType } from 'socket.io-parser';
import { APP_CONFIG } from '../config/config.module.js';
import type { AppConfig } from '../config/config.js';
import { realtimeEvents, realtimeLocalSend } from '../metrics/metrics.js';
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
  /** settles once every broadcast made so far has reached this instance's sockets */
  private inFlight: Promise<unknown> = Promise.resolve();
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
    // without Redis the adapter sends to every local socket before it returns: that loop is the
    // fan-out's cost on this instance (with Redis it runs later, once Redis has stored the event)
    const sent = this.clustered ? null : realtimeLocalSend.startTimer({ event });
    // the adapter's broadcast, as BroadcastOperator.emit calls it, but keeping what it returns: the
    // Redis adapter first appends the event to its stream, then sends it to this instance's sockets
    const delivery: unknown = this.server.of('/').adapter.broadcast(
      { type: PacketType.EVENT, data: [event, ...payload] },
      { rooms: new Set(list(audience.to)), except: new Set(list(audience.except)), flags: {} },
    );
    sent?.();
    if (delivery instanceof Promise) {
      const previous = this.inFlight;
      this.inFlight = Promise.allSettled([previous, delivery]);
    }
    realtimeEvents.inc({ event });
  }

  /**
   * Waits until the broadcasts made so far have reached this instance's sockets (at once without
   * Redis). Bounded: a Redis outage must not hold a catch-up for longer than that.
   */
  async delivered(timeoutMs = 2_000): Promise<void> {
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([this.inFlight, new Promise((resolve) => (timer = setTimeout(resolve, timeoutMs)))]);
    clearTimeout(timer);
  }

  /** This instance's sockets in a room. */
  localCount(room: string): number {
    return this.server?.of('/').adapter.rooms.get(room)?.size ?? 0;
  }
}

const list = (rooms: string | string[] | undefined): string[] => (rooms === undefined ? [] : typeof rooms === 'string' ? [rooms] : rooms);
