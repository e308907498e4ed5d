import type { Server, Socket } from 'socket.io';
import type { AuthUser } from '../auth/auth-user.js';
import type { ErrorBody } from '../common/http-error.filter.js';
import type { NotificationView } from '../notifications/notifications.dto.js';
import type { PostView } from '../posts/posts.dto.js';
import type { ThreadView } from '../threads/threads.dto.js';
import type { ThreadUpdatedEvent } from '../common/events.js';

// The live protocol, typed end to end; docs/realtime.md describes each event with an example.

export interface PostPayload {
  /** as the API returns it to a guest; a post that is not visible is a placeholder (moderators' and the author's rooms get their own view) */
  post: PostView;
}

export interface ServerToClientEvents {
  /** first event of a new connection: who the server takes the client for (and its first recovery offset) */
  session: (payload: { user: Pick<AuthUser, 'id' | 'username' | 'role'> | null }) => void;
  'post:created': (payload: PostPayload) => void;
  'post:updated': (payload: PostPayload) => void;
  'post:hidden': (payload: PostPayload) => void;
  'post:restored': (payload: PostPayload) => void;
  'post:deleted': (payload: PostPayload) => void;
  'reaction:changed': (payload: { postId: number; threadId: number; reactions: Record<string, number> }) => void;
  'thread:created': (payload: { thread: ThreadView }) => void;
  'thread:updated': (payload: { thread: ThreadView; change: ThreadUpdatedEvent['change'] }) => void;
  presence: (payload: { threadId: number; reading: number; typing: string[] }) => void;
  notification: (payload: { notification: NotificationView; unreadCount: number }) => void;
  'notification:read': (payload: { unreadCount: number }) => void;
  'moderation:queue': (payload: { itemId: number; status: string; threadId: number | null }) => void;
}

export type ServerEventName = keyof ServerToClientEvents;

/** Client events are validated by the gateway, so they arrive untyped. */
export type ClientToServerEvents = Record<string, (...args: unknown[]) => void>;

export interface TypingNote {
  threadId: number;
  username: string;
  /** epoch ms when it stops showing; 0: stopped */
  until: number;
}

/** Between instances (through the adapter): presence is counted across all of them. */
export interface InterServerEvents {
  'presence:count': (room: string, reply: (count: number) => void) => void;
  'presence:typing': (note: TypingNote) => void;
}

export interface SocketData {
  /** the member the handshake authenticated; null for a guest */
  user: AuthUser | null;
}

export type ForumServer = Server<ClientToServerEvents, ServerToClientEvents, InterServerEvents, SocketData>;
export type ForumSocket = Socket<ClientToServerEvents, ServerToClientEvents, InterServerEvents, SocketData>;

export type Ack<T extends object = object> = ({ ok: true } & T) | { ok: false; error: ErrorBody };
