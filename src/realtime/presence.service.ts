import { Injectable, Logger, type OnModuleDestroy } from '@nestjs/common';
import { LiveServer } from './live-server.js';
import { PRESENCE_COALESCE_MS, PRESENCE_INTERVAL_MS, TYPING_SHOWS_MS } from './realtime-limits.js';
import type { ForumServer, TypingNote } from './realtime.types.js';
import { rooms } from './rooms.js';

// how long to wait for other instances' counts before answering with what is known
const COUNT_TIMEOUT_MS = 500;

/**
 * Who is reading a thread and who is typing in it, across instances: each instance counts its own
 * sockets in the room and answers the others' requests; typing notes are shared with all of them.
 * Broadcasts are coalesced: at most one `presence` per thread per second, whatever the churn.
 */
@Injectable()
export class PresenceService implements OnModuleDestroy {
  private readonly logger = new Logger('Presence');
  /** thread -> username -> until (epoch ms) */
  private readonly typing = new Map<number, Map<string, number>>();
  private readonly scheduled = new Map<number, NodeJS.Timeout>();
  private readonly lastSent = new Map<number, number>();
  private readonly expiries = new Set<NodeJS.Timeout>();

  constructor(private readonly live: LiveServer) {}

  /** Answers the other instances (they ask when they broadcast presence). */
  listen(server: ForumServer): void {
    const namespace = server.of('/');
    namespace.on('presence:count', (room: string, reply: (count: number) => void) => {
      if (typeof room === 'string' && typeof reply === 'function') reply(this.live.localCount(room));
    });
    namespace.on('presence:typing', (note: TypingNote) => this.record(note));
  }

  /** Readers came or went: a presence update follows shortly. */
  changed(threadId: number): void {
    if (this.scheduled.has(threadId)) return;
    const wait = Math.max(PRESENCE_COALESCE_MS, (this.lastSent.get(threadId) ?? 0) + PRESENCE_INTERVAL_MS - Date.now());
    const timer = setTimeout(() => {
      this.scheduled.delete(threadId);
      this.broadcast(threadId).catch((error: unknown) => this.logger.warn({ err: error, threadId }, 'presence broadcast failed'));
    }, wait);
    timer.unref();
    this.scheduled.set(threadId, timer);
  }

  /** A member is typing (until 0: stopped, e.g. their reply arrived). */
  typed(threadId: number, username: string, until = Date.now() + TYPING_SHOWS_MS): void {
    const note: TypingNote = { threadId, username, until };
    const wasTyping = this.typingIn(threadId).includes(username);
    this.record(note);
    if (this.live.clustered) this.live.io?.serverSideEmit('presence:typing', note);
    if (until === 0 && !wasTyping) return;
    this.changed(threadId);
    if (until > 0) {
      // and once more when it lapses, so "is typing" clears without another event
      const expiry = setTimeout(() => {
        this.expiries.delete(expiry);
        this.changed(threadId);
      }, until - Date.now() + 20);
      expiry.unref();
      this.expiries.add(expiry);
    }
  }

  async snapshot(threadId: number): Promise<{ threadId: number; reading: number; typing: string[] }> {
    return { threadId, reading: await this.reading(threadId), typing: this.typingIn(threadId) };
  }

  onModuleDestroy(): void {
    for (const timer of [...this.scheduled.values(), ...this.expiries]) clearTimeout(timer);
    this.scheduled.clear();
    this.expiries.clear();
  }

  private async broadcast(threadId: number): Promise<void> {
    const presence = await this.snapshot(threadId);
    this.lastSent.set(threadId, Date.now());
    if (presence.reading === 0) {
      this.lastSent.delete(threadId);
      return;
    }
    this.live.emit({ to: rooms.thread(threadId) }, 'presence', presence);
  }

  /** Sockets in the thread's room on every instance. */
  private async reading(threadId: number): Promise<number> {
    const room = rooms.thread(threadId);
    const local = this.live.localCount(room);
    const io = this.live.io;
    if (!this.live.clustered || !io) return local;
    let timer: NodeJS.Timeout | undefined;
    const others = await Promise.race([
      io.serverSideEmitWithAck('presence:count', room).catch(() => [] as number[]),
      new Promise<number[]>((resolve) => {
        timer = setTimeout(() => resolve([]), COUNT_TIMEOUT_MS);
      }),
    ]);
    clearTimeout(timer);
    return local + others.reduce((sum, n) => sum + (typeof n === 'number' ? n : 0), 0);
  }

  private record(note: TypingNote): void {
    if (!Number.isInteger(note?.threadId) || typeof note.username !== 'string') return;
    const typers = this.typing.get(note.threadId) ?? new Map<string, number>();
    if (note.until > Date.now()) typers.set(note.username, note.until);
    else typers.delete(note.username);
    if (typers.size > 0) this.typing.set(note.threadId, typers);
    else this.typing.delete(note.threadId);
  }

  private typingIn(threadId: number): string[] {
    const typers = this.typing.get(threadId);
    if (!typers) return [];
    const now = Date.now();
    for (const [name, until] of typers) if (until <= now) typers.delete(name);
    if (typers.size === 0) this.typing.delete(threadId);
    return [...typers.keys()].sort();
  }
}
