import { Injectable, Logger } from '@nestjs/common';
import { isModerator, restrictionMessage } from '../auth/auth-user.js';
import { DomainError, forbidden, invalid, notFound, rateLimited } from '../common/domain-error.js';
import { RateLimitService } from '../common/rate-limit.service.js';
import { ForumsService } from '../forums/forums.service.js';
import { socketsConnected } from '../metrics/metrics.js';
import { LiveReads } from './live-reads.js';
import { LiveServer } from './live-server.js';
import { PresenceService } from './presence.service.js';
import { CATCH_UP_PAGE, MAX_CATCH_UP_POSTS, MAX_ROOMS_PER_SOCKET } from './realtime-limits.js';
import type { ForumServer, ForumSocket } from './realtime.types.js';
import { rooms, threadIdOfRoom } from './rooms.js';
import { socketLimits } from './socket-limits.js';
import { ThreadSequencer } from './thread-sequencer.js';

/** Events a client may send; anything else is refused with an error ack. */
export const CLIENT_EVENTS = new Set(['thread:join', 'thread:leave', 'forum:join', 'forum:leave', 'typing', 'member:join', 'moderators:join']);

const signInFirst = () => new DomainError('unauthenticated', 'Sign in to do that');

/** The rules of the live connection: who may join which room, catch-up, typing and limits. */
@Injectable()
export class RealtimeService {
  private readonly logger = new Logger('Realtime');
  /** sockets with a catch-up under way: one at a time each (it may read 2,000 posts) */
  private readonly catchingUp = new WeakSet<ForumSocket>();

  constructor(
    private readonly live: LiveServer,
    private readonly reads: LiveReads,
    private readonly forums: ForumsService,
    private readonly rateLimits: RateLimitService,
    private readonly presence: PresenceService,
    private readonly sequencer: ThreadSequencer,
  ) {}

  started(server: ForumServer): void {
    this.live.attach(server);
    this.presence.listen(server);
  }

  stopped(): void {
    this.live.detach();
  }

  /** A new or recovered connection: limits, and a member's own rooms. */
  connected(socket: ForumSocket): void {
    socketsConnected.inc();
    socket.use(socketLimits(socket, CLIENT_EVENTS, (abusive) => this.disconnectAbusive(abusive)));
    socket.on('disconnecting', () => {
      for (const room of socket.rooms) {
        const threadId = threadIdOfRoom(room);
        if (threadId !== null) this.presence.changed(threadId);
      }
    });
    if (socket.recovered) {
      // rooms came back with the session; readers are counted again
      for (const room of socket.rooms) {
        const threadId = threadIdOfRoom(room);
        if (threadId !== null) this.presence.changed(threadId);
      }
      return;
    }
    const user = socket.data.user;
    if (user) void socket.join(isModerator(user) ? [rooms.member(user.id), rooms.moderators] : rooms.member(user.id));
    // a broadcast, not socket.emit: it carries the offset the client needs to recover this session
    // even if the connection drops before anything else reached it
    this.live.emit({ to: socket.id }, 'session', { user: user ? { id: user.id, username: user.username, role: user.role } : null });
  }

  disconnected(): void {
    socketsConnected.dec();
  }

  /**
   * Follows a thread. With `afterPosition`, first sends every visible post after it as
   * `post:created`, in order: a client's catch-up after coming back on a fresh connection.
   */
  async joinThread(socket: ForumSocket, threadId: number, afterPosition?: number): Promise<{ threadId: number; lastPosition: number; caughtUp?: number; truncated?: boolean }> {
    if (afterPosition === undefined) {
      const thread = await this.threadToFollow(socket, threadId);
      await socket.join(rooms.thread(threadId));
      this.presence.changed(threadId);
      return { threadId, lastPosition: thread.lastPosition };
    }
    // the slot is taken before the first await: a second catch-up sent right behind the first is
    // refused however quickly the first one's reads come back
    if (this.catchingUp.has(socket)) throw rateLimited('A catch-up is already under way on this connection', 1);
    this.catchingUp.add(socket);
    try {
      const thread = await this.threadToFollow(socket, threadId);
      const result = await this.catchUp(socket, threadId, afterPosition);
      this.presence.changed(threadId);
      return { threadId, lastPosition: Math.max(thread.lastPosition, result.lastPosition), caughtUp: result.sent, truncated: result.truncated };
    } finally {
      this.catchingUp.delete(socket);
    }
  }

  /** The thread a socket asks to follow: it must exist, and the socket must have room for it. */
  private async threadToFollow(socket: ForumSocket, threadId: number) {
    const thread = await this.reads.thread(threadId);
    if (!thread) throw notFound('Thread');
    this.checkRoomLimit(socket, rooms.thread(threadId));
    return thread;
  }

  async leaveThread(socket: ForumSocket, threadId: number): Promise<{ threadId: number }> {
    const room = rooms.thread(threadId);
    if (socket.rooms.has(room)) {
      await socket.leave(room);
      this.presence.changed(threadId);
    }
    return { threadId };
  }

  async joinForum(socket: ForumSocket, slug: string): Promise<{ forumId: number }> {
    const forum = await this.forums.bySlug(slug);
    const room = rooms.forum(forum.id);
    this.checkRoomLimit(socket, room);
    await socket.join(room);
    return { forumId: forum.id };
  }

  async leaveForum(socket: ForumSocket, slug: string): Promise<{ forumId: number }> {
    const forum = await this.forums.bySlug(slug);
    await socket.leave(rooms.forum(forum.id));
    return { forumId: forum.id };
  }

  /** "is typing": members only, in a thread they follow, rate limited; it lapses by itself. */
  async typing(socket: ForumSocket, threadId: number): Promise<{ threadId: number }> {
    const user = socket.data.user;
    if (!user) throw signInFirst();
    // a member who may not post (silenced, suspended, banned) does not announce a post either
    if (user.restriction) throw new DomainError('forbidden', restrictionMessage(user.restriction), { sanction: user.restriction });
    if (!socket.rooms.has(rooms.thread(threadId))) throw forbidden('Join the thread first');
    await this.rateLimits.consume('typing', user.id);
    this.presence.typed(threadId, user.username);
    return { threadId };
  }

  /** A member's own room only (joined on connect; this is for a client that left it). */
  async joinMember(socket: ForumSocket, userId: number): Promise<{ userId: number }> {
    const user = socket.data.user;
    if (!user) throw signInFirst();
    if (user.id !== userId) throw forbidden('You can only follow your own notifications');
    await socket.join(rooms.member(userId));
    return { userId };
  }

  async joinModerators(socket: ForumSocket): Promise<{ room: string }> {
    const user = socket.data.user;
    if (!user) throw signInFirst();
    if (!isModerator(user)) throw forbidden('Only moderators can follow the moderation room');
    await socket.join(rooms.moderators);
    return { room: rooms.moderators };
  }

  // ---- internals -------------------------------------------------------------------------------

  private checkRoomLimit(socket: ForumSocket, room: string): void {
    if (socket.rooms.has(room)) return;
    // its own id room is not counted
    if (socket.rooms.size - 1 >= MAX_ROOMS_PER_SOCKET) throw invalid(`You can follow at most ${MAX_ROOMS_PER_SOCKET} rooms at once: leave one first`);
  }

  /**
   * Sends the posts after `afterPosition` from the primary, then joins the room in the thread's
   * live order: what was broadcast before that step is read from the database by it, and what
   * is broadcast after reaches the socket live, less the posts this catch-up already sent. For
   * replies written through this instance nothing is missed or repeated, with or without Redis;
   * one written through another instance in the same few milliseconds may arrive twice (clients
   * key posts by id).
   */
  private async catchUp(socket: ForumSocket, threadId: number, afterPosition: number): Promise<{ sent: number; truncated: boolean; lastPosition: number }> {
    const state = { cursor: afterPosition, sent: 0, truncated: false };
    const sendPages = async (sentIds: number[]) => {
      for (;;) {
        const page = await this.reads.postsAfter(threadId, state.cursor, CATCH_UP_PAGE);
        for (const post of page) {
          if (post.state === 'visible') {
            if (state.sent >= MAX_CATCH_UP_POSTS) {
              state.truncated = true;
              return;
            }
            socket.emit('post:created', { post });
            sentIds.push(post.id);
            state.sent++;
          }
          state.cursor = post.position;
        }
        if (page.length < CATCH_UP_PAGE) return;
      }
    };
    const sentIds: number[] = [];
    await sendPages(sentIds);
    await this.sequencer.run(threadId, async () => {
      // broadcasts made by earlier steps may still be on their way through Redis: joining before
      // they land would deliver them live on top of what this catch-up reads
      await this.live.delivered();
      await socket.join(rooms.thread(threadId));
      if (!state.truncated) await sendPages(sentIds);
      // broadcasts of these posts still on their way would repeat them
      this.sequencer.rememberSent(threadId, socket.id, sentIds);
    });
    return { sent: state.sent, truncated: state.truncated, lastPosition: state.cursor };
  }

  private disconnectAbusive(socket: ForumSocket): void {
    if (!socket.connected) return;
    this.logger.warn({ socket: socket.id, user: socket.data.user?.id ?? null }, 'socket disconnected for flooding');
    socket.disconnect(true);
  }
}
