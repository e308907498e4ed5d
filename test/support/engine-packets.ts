import type { Socket } from 'socket.io';
import { LiveServer } from '../../src/realtime/live-server.js';
import type { LiveClient } from './live-client.js';
import type { TestApp } from './test-app.js';

/**
 * Engine.IO packets queued for this server-side socket from now on. Broadcasts written straight to
 * a WebSocket (src/realtime/direct-frames.ts) are not among them.
 */
export function enginePacketsOf(socket: Socket): { count: number } {
  const counter = { count: 0 };
  socket.conn.on('packetCreate', (packet: { type: string }) => {
    if (packet.type === 'message') counter.count++;
  });
  return counter;
}

/** The same, for a live client of the test app, counted on the app's side of its connection. */
export function enginePackets(t: TestApp, client: LiveClient): { count: number } {
  const socket = t.app.get(LiveServer).io?.of('/').sockets.get(client.socket.id!);
  if (!socket) throw new Error('the client has no socket on this instance');
  return enginePacketsOf(socket);
}
