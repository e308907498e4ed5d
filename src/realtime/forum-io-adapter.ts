import { type INestApplicationContext, Logger } from '@nestjs/common';
import { IoAdapter } from '@nestjs/platform-socket.io';
import type { MessageMappingProperties } from '@nestjs/websockets';
import { createAdapter } from '@socket.io/redis-streams-adapter';
import type { IncomingMessage } from 'node:http';
import { createClient } from 'redis';
import { defer, filter, type Observable } from 'rxjs';
import type { Namespace, Server, ServerOptions, Socket } from 'socket.io';
import { SessionAwareAdapter } from 'socket.io-adapter';
import { withDirectFrames } from './direct-frames.js';
import { MAX_MESSAGE_BYTES, RECOVERY_WINDOW_MS } from './realtime-limits.js';

type RedisClient = ReturnType<typeof createClient>;

export interface RealtimeServerOptions {
  /** REDIS_URL: instances share rooms, events and recoverable sessions through Redis */
  redisUrl: string | null;
  /** names of the Redis stream, channels and session keys (tests run side by side on one Redis) */
  redisKeyPrefix: string;
}

const REDIS_CONNECT_TIMEOUT_MS = 5_000;

/**
 * Browsers send an Origin; only pages served by this site may open a socket with the member's
 * cookie (WebSockets are not covered by CORS). Clients without an Origin authenticate with a token.
 * Hostnames are compared because a proxy may drop the port from Host.
 */
export function sameOriginOnly(req: IncomingMessage, callback: (err: string | null | undefined, success: boolean) => void): void {
  const origin = req.headers.origin;
  if (!origin) return callback(null, true);
  let originHost: string;
  try {
    originHost = new URL(origin).hostname;
  } catch {
    return callback('Origin not allowed', false);
  }
  const forwarded = req.headers['x-forwarded-host'];
  const hosts = [req.headers.host, ...(typeof forwarded === 'string' ? forwarded.split(',') : [])]
    .filter((h): h is string => Boolean(h))
    .map((h) => h.trim().replace(/:\d+$/, '').replace(/^\[|\]$/g, ''));
  const allowed = hosts.includes(originHost.replace(/^\[|\]$/g, ''));
  callback(allowed ? null : 'Origin not allowed', allowed);
}

/**
 * The Socket.IO server as the forum runs it: path /socket.io, small client messages, connection
 * state recovery for two minutes, same-origin browsers only and, with REDIS_URL, the Redis
 * Streams adapter (it also keeps recoverable sessions in Redis, so a client may come back on
 * another instance). Either adapter writes broadcasts straight to WebSockets (direct-frames.ts).
 * The Redis clients close after the server on shutdown.
 */
export class ForumIoAdapter extends IoAdapter {
  private readonly log = new Logger('Realtime');
  private redis: RedisClient | null = null;
  /** the adapter's own connections (blocking stream reads, subscriptions), closed with ours */
  private readonly redisCopies: RedisClient[] = [];

  constructor(
    app: INestApplicationContext,
    private readonly options: RealtimeServerOptions,
  ) {
    super(app);
  }

  /** Connects to Redis before the server starts: an unreachable REDIS_URL stops the start with one clear error. */
  async connect(): Promise<void> {
    if (!this.options.redisUrl) return;
    const client: RedisClient = createClient({
      url: this.options.redisUrl,
      socket: { connectTimeout: REDIS_CONNECT_TIMEOUT_MS, reconnectStrategy: (retries) => Math.min(100 * 2 ** retries, 3_000) },
    });
    client.on('error', (error: Error) => this.log.warn(`Redis: ${error.message}`));
    let timer: NodeJS.Timeout | undefined;
    try {
      await Promise.race([
        client.connect(),
        new Promise((_, reject) => {
          timer = setTimeout(() => reject(new Error(`Redis at REDIS_URL did not answer within ${REDIS_CONNECT_TIMEOUT_MS / 1000} s`)), REDIS_CONNECT_TIMEOUT_MS);
        }),
      ]);
    } catch (error) {
      client.destroy();
      throw error;
    } finally {
      clearTimeout(timer);
    }
    const duplicate = client.duplicate.bind(client);
    client.duplicate = ((...args: Parameters<RedisClient['duplicate']>) => {
      const copy = duplicate(...args);
      this.redisCopies.push(copy as RedisClient);
      return copy;
    }) as RedisClient['duplicate'];
    this.redis = client;
  }

  override createIOServer(port: number, options?: ServerOptions): Server {
    const prefix = this.options.redisKeyPrefix;
    const redisStreams = this.redis
      ? createAdapter(this.redis, {
          streamName: `${prefix}:socket.io`,
          channelPrefix: `${prefix}:socket.io`,
          sessionKeyPrefix: `${prefix}:socket.io:session:`,
          // blocking reads return at once when events arrive; this only bounds shutdown
          blockTimeInMs: 1_000,
          // recovery replays from this stream: keep about two minutes of a busy forum's events
          maxLen: 50_000,
          onlyPlaintext: true,
        })
      : null;
    // Socket.IO calls it with `new`: a function (not an arrow) that returns the adapter
    const adapter = function (nsp: Namespace) {
      return withDirectFrames(redisStreams ? redisStreams(nsp) : new SessionAwareAdapter(nsp));
    };
    return super.createIOServer(port, {
      ...options,
      path: '/socket.io',
      serveClient: false,
      maxHttpBufferSize: MAX_MESSAGE_BYTES,
      connectionStateRecovery: { maxDisconnectionDuration: RECOVERY_WINDOW_MS, skipMiddlewares: true },
      allowRequest: sameOriginOnly,
      adapter,
    } as ServerOptions);
  }

  /**
   * One plain listener per event and socket (Nest's default builds an rxjs pipeline for each,
   * which idle connections pay for in memory); the handler's result is the ack, as in Nest.
   */
  override bindMessageHandlers(socket: Socket, handlers: MessageMappingProperties[], transform: (data: unknown) => Observable<unknown>): void {
    for (const { message, callback, isAckHandledManually } of handlers) {
      socket.on(String(message), (...args: unknown[]) => {
        // as rxjs fromEvent hands them to Nest: one argument alone, several as an array
        const { data, ack } = this.mapPayload(args.length === 1 ? args[0] : args) as { data: unknown; ack?: (response: unknown) => void };
        defer(() => transform(callback(data, ack)))
          .pipe(filter((response) => response !== undefined && response !== null))
          .subscribe({
            next: (response) => {
              if (!isAckHandledManually && typeof ack === 'function') ack(response);
            },
            error: (error: unknown) => this.log.error({ err: error, event: message }, 'socket handler failed'),
          });
      });
    }
  }

  override async dispose(): Promise<void> {
    await super.dispose();
    for (const copy of this.redisCopies.splice(0)) copy.destroy();
    const client = this.redis;
    this.redis = null;
    // waits for pending writes (sessions persisted on the way down), then closes
    await client?.close().catch(() => client.destroy());
  }
}
