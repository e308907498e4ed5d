import { io, type ManagerOptions, type Socket, type SocketOptions } from 'socket.io-client';
import type { Ack, ServerToClientEvents } from '../../src/realtime/realtime.types.js';

// Real socket.io-clients against a listening test app, and small waits for what they receive.

export type LiveSocket = Socket<ServerToClientEvents, Record<string, (...args: unknown[]) => void>>;

export interface Received {
  event: string;
  payload: Record<string, unknown>;
}

export interface LiveClient {
  socket: LiveSocket;
  /** every server event, in arrival order */
  received: Received[];
  /** the payloads of one event, in order */
  of: (event: string) => Record<string, unknown>[];
  request: <T extends object = Record<string, unknown>>(event: string, payload?: unknown) => Promise<Ack<T>>;
  close: () => void;
}

export interface ConnectOptions extends Partial<ManagerOptions & SocketOptions> {
  /** access token sent as auth.token */
  token?: string;
}

const open: LiveSocket[] = [];

/** Connects over WebSocket and resolves once connected (rejects with the server's connect_error). */
export async function connectLive(baseUrl: string, options: ConnectOptions = {}): Promise<LiveClient> {
  const { token, ...rest } = options;
  const socket: LiveSocket = io(baseUrl, { transports: ['websocket'], reconnection: false, forceNew: true, ...(token ? { auth: { token } } : {}), ...rest });
  open.push(socket);
  const received: Received[] = [];
  socket.onAny((event: string, payload: Record<string, unknown>) => received.push({ event, payload }));
  await new Promise<void>((resolve, reject) => {
    socket.once('connect', () => resolve());
    socket.once('connect_error', (error) => reject(error));
  });
  return {
    socket,
    received,
    of: (event) => received.filter((r) => r.event === event).map((r) => r.payload),
    request: <T extends object>(event: string, payload?: unknown) =>
      (payload === undefined ? socket.timeout(5000).emitWithAck(event) : socket.timeout(5000).emitWithAck(event, payload)) as Promise<Ack<T>>,
    close: () => socket.disconnect(),
  };
}

/** Disconnects every client a test file opened. */
export function closeAllLive(): void {
  for (const socket of open.splice(0)) socket.disconnect();
}

/** Polls until `check` holds (returns its value) or fails with the last reason. */
export async function eventually<T>(check: () => T | Promise<T>, timeoutMs = 5000): Promise<NonNullable<T>> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  for (;;) {
    try {
      const value = await check();
      if (value) return value as NonNullable<T>;
      last = value;
    } catch (error) {
      last = error;
    }
    if (Date.now() > deadline) throw last instanceof Error ? last : new Error(`condition not met in ${timeoutMs} ms: ${JSON.stringify(last)}`);
    await sleep(25);
  }
}

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Lets in-flight events land, for asserting that something did NOT arrive. */
export const settle = () => sleep(300);
