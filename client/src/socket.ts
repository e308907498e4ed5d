// One Socket.IO connection per tab, opened on first use. Rooms are re-joined by their pages on
// every `connect`: after a reconnect the server side starts with no rooms.
import { io, type Socket } from 'socket.io-client';
import { useEffect, useLayoutEffect, useRef, useSyncExternalStore } from 'react';
import { hasSessionHint, refreshSession } from './api';
import type { AppNotification, Post, Thread, ThreadSummary } from './types';

export type ConnectionState = 'idle' | 'connecting' | 'connected' | 'reconnecting';

/** Post events carry `{post}`; accept a bare post too. */
export type PostPayload = { post: Post; threadId?: number } | Post;

export interface ServerEvents {
  'post:created': PostPayload;
  'post:updated': PostPayload;
  'post:hidden': PostPayload;
  'post:restored': PostPayload;
  'post:deleted': PostPayload | { postId: number; threadId?: number };
  'reaction:changed': { postId: number; reactions: Record<string, number> };
  'thread:created': { thread: ThreadSummary } | ThreadSummary;
  'thread:updated': { thread: Partial<Thread> & { id: number } } | (Partial<Thread> & { id: number });
  presence: { threadId: number; reading: number; typing: string[] };
  notification: Partial<AppNotification> | { notification: AppNotification };
  'moderation:queue': unknown;
}

export type EventHandlers = Partial<{ [K in keyof ServerEvents]: (payload: ServerEvents[K]) => void }>;

let socket: Socket | null = null;
let state: ConnectionState = 'idle';
const listeners = new Set<() => void>();

function setState(next: ConnectionState): void {
  if (state === next) return;
  state = next;
  for (const listener of listeners) listener();
}

export function getSocket(): Socket {
  if (socket) return socket;
  socket = io({ path: '/socket.io', withCredentials: true, reconnectionDelayMax: 10_000 });
  setState('connecting');
  let everConnected = false;
  let serverDrops = 0;
  socket.on('connect', () => {
    everConnected = true;
    setTimeout(() => {
      if (socket?.connected) serverDrops = 0;
    }, 10_000);
    setState('connected');
  });
  socket.on('disconnect', (reason) => {
    setState(everConnected ? 'reconnecting' : 'connecting');
    // the client retries by itself except when the server closed the socket on purpose (e.g. an
    // expired session): renew the session, then come back with a growing delay
    if (reason !== 'io server disconnect') return;
    serverDrops += 1;
    const delay = Math.min(30_000, 1000 * 2 ** Math.min(serverDrops - 1, 5));
    setTimeout(() => {
      const renew = hasSessionHint() ? refreshSession() : Promise.resolve(false);
      void renew.finally(() => socket?.connect());
    }, delay);
  });
  socket.on('connect_error', () => setState(everConnected ? 'reconnecting' : 'connecting'));
  return socket;
}

/** After sign-in or sign-out the server must see the new cookie: reconnect if already open. */
export function resetSocketSession(): void {
  if (!socket) return;
  socket.disconnect();
  socket.connect();
}

export function useConnectionState(): ConnectionState {
  return useSyncExternalStore(
    (listener) => {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    () => state,
    () => 'idle',
  );
}

/** Listens to server events while mounted; handlers may change every render. */
export function useSocketEvents(handlers: EventHandlers, enabled = true): void {
  const ref = useRef(handlers);
  useLayoutEffect(() => {
    ref.current = handlers;
  });
  const names = Object.keys(handlers).sort().join(',');
  useEffect(() => {
    if (!enabled || !names) return;
    const s = getSocket();
    const bound = names.split(',').map((name) => {
      const wrapper = (payload: unknown) => {
        const handler = ref.current[name as keyof ServerEvents] as ((p: unknown) => void) | undefined;
        handler?.(payload);
      };
      s.on(name, wrapper);
      return [name, wrapper] as const;
    });
    return () => {
      for (const [name, wrapper] of bound) s.off(name, wrapper);
    };
  }, [enabled, names]);
}

/**
 * Joins a room on every (re)connect while mounted, and leaves it on unmount or when `key` changes.
 * `join` is read at connect time, so it can use the latest state (e.g. the last loaded position).
 */
export function useSocketRoom(key: string | null, join: (s: Socket) => void, leave: (s: Socket) => void): void {
  const joinRef = useRef(join);
  const leaveRef = useRef(leave);
  useLayoutEffect(() => {
    joinRef.current = join;
    leaveRef.current = leave;
  });
  useEffect(() => {
    if (!key) return;
    const s = getSocket();
    const onConnect = () => joinRef.current(s);
    s.on('connect', onConnect);
    if (s.connected) onConnect();
    return () => {
      s.off('connect', onConnect);
      if (s.connected) leaveRef.current(s);
    };
  }, [key]);
}

export function postOf(payload: PostPayload): Post {
  return 'post' in payload && payload.post ? payload.post : (payload as Post);
}
