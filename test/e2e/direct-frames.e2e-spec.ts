import { createServer, type Server as HttpServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { type Namespace, Server } from 'socket.io';
import { SessionAwareAdapter } from 'socket.io-adapter';
import { io as connect, type Socket as ClientSocket } from 'socket.io-client';
import { withDirectFrames } from '../../src/realtime/direct-frames.js';
import { enginePacketsOf } from '../support/engine-packets.js';
import { eventually, sleep } from '../support/live-client.js';

// A real Socket.IO server with the forum's adapter and real clients over loopback: what readers
// receive, and in which order, whichever way the server wrote it.

let http: HttpServer;
let server: Server;
let url: string;
const clients: ClientSocket[] = [];

beforeEach(async () => {
  http = createServer();
  server = new Server(http, {
    connectionStateRecovery: { maxDisconnectionDuration: 60_000, skipMiddlewares: true },
    adapter: function (nsp: Namespace) {
      return withDirectFrames(new SessionAwareAdapter(nsp));
    },
  });
  server.on('connection', (socket) => {
    socket.on('join', (room: string, ack: () => void) => {
      void socket.join(room);
      ack();
    });
  });
  await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve));
  url = `http://127.0.0.1:${(http.address() as AddressInfo).port}`;
});

afterEach(async () => {
  for (const client of clients.splice(0)) client.disconnect();
  await server.close();
});

/** a client that joined `room`, with every `e` event it receives in order */
async function reader(room: string | null, transports: ('websocket' | 'polling')[]) {
  const client = connect(url, { transports, forceNew: true, reconnection: false });
  clients.push(client);
  const received: unknown[] = [];
  client.on('e', (value: unknown) => received.push(value));
  await new Promise<void>((resolve, reject) => {
    client.once('connect', resolve);
    client.once('connect_error', reject);
  });
  if (room) await client.emitWithAck('join', room);
  const socket = server.of('/').sockets.get(client.id!)!;
  return { client, received, socket };
}

describe('broadcasts written straight to WebSockets', () => {
  it('reach every reader in the room once and in order, over WebSocket and long-polling, and nobody else', async () => {
    const overWebSocket = await reader('thread:1', ['websocket']);
    const overPolling = await reader('thread:1', ['polling']);
    const elsewhere = await reader('thread:2', ['websocket']);
    const queuedForWebSocket = enginePacketsOf(overWebSocket.socket);
    const queuedForPolling = enginePacketsOf(overPolling.socket);

    const sent = Array.from({ length: 30 }, (_, i) => ({ n: i, text: `reply ${i} ✓` }));
    for (const value of sent) server.to('thread:1').emit('e', value);

    await eventually(() => overWebSocket.received.length >= 30 && overPolling.received.length >= 30);
    await sleep(100);
    expect(overWebSocket.received).toEqual(sent);
    expect(overPolling.received).toEqual(sent);
    expect(elsewhere.received).toEqual([]);
    // the WebSocket reader got them without Engine.IO's queue; long-polling needs it
    expect(queuedForWebSocket.count).toBe(0);
    expect(queuedForPolling.count).toBe(30);
  });

  it('come after the packets Engine.IO still holds for that socket', async () => {
    const { received, socket } = await reader('thread:1', ['websocket']);
    // events asking for an acknowledgement go through Engine.IO's queue: the first write is in
    // flight, so it holds the second until that completes
    socket.emit('e', 'first, to this socket', () => undefined);
    socket.emit('e', 'second, to this socket', () => undefined);
    expect((socket.conn as unknown as { writeBuffer: unknown[] }).writeBuffer.length).toBeGreaterThan(0);
    server.to('thread:1').emit('e', 'third, to the room');

    await eventually(() => received.length >= 3);
    expect(received).toEqual(['first, to this socket', 'second, to this socket', 'third, to the room']);
  });

  it('leave an acknowledged broadcast to Socket.IO, which collects every answer', async () => {
    const a = await reader('thread:1', ['websocket']);
    const b = await reader('thread:1', ['polling']);
    a.client.on('ask', (ack: (answer: string) => void) => ack('a'));
    b.client.on('ask', (ack: (answer: string) => void) => ack('b'));

    const answers = await server.to('thread:1').timeout(3_000).emitWithAck('ask');
    expect([...answers].sort()).toEqual(['a', 'b']);
  });

  it('carry the offset a reconnecting reader resumes from: it gets what it missed, once', async () => {
    const { client, received } = await reader('thread:1', ['websocket']);
    server.to('thread:1').emit('e', 1);
    await eventually(() => received.length === 1);

    client.io.engine.close(); // the connection drops, as on a network cut
    await eventually(() => !client.connected);
    server.to('thread:1').emit('e', 2);
    server.to('thread:1').emit('e', 3);
    client.connect();
    await eventually(() => client.connected);

    expect(client.recovered).toBe(true);
    await eventually(() => received.length >= 3);
    server.to('thread:1').emit('e', 4);
    await eventually(() => received.length >= 4);
    expect(received).toEqual([1, 2, 3, 4]);
  });
});
