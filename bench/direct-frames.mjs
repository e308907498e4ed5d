// A/B of the fan-out's send loop: Socket.IO's own per-socket path against the forum's direct frames
// (src/realtime/direct-frames.ts), in one process and one run. Two Socket.IO servers with the
// connection state recovery the app uses, each with N WebSocket clients in a child process of its
// own; broadcasts alternate between the two servers, so machine noise falls on both alike.
// Measured per broadcast on the server: the synchronous send loop (until the last socket's write
// was handed to the kernel) and the process's CPU over the broadcast and its write callbacks.
//
//   npm run build && node bench/direct-frames.mjs [--sockets 5000] [--rounds 30]
import { fork } from 'node:child_process';
import { createServer } from 'node:http';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { performance } from 'node:perf_hooks';
import { fromRoot } from './lib/paths.mjs';

const { values } = parseArgs({
  options: {
    sockets: { type: 'string', default: '5000' },
    rounds: { type: 'string', default: '30' },
    client: { type: 'boolean', default: false },
  },
});
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
const median = (list) => list.slice().sort((a, b) => a - b)[list.length >> 1];

if (values.client) {
  // the readers: the Engine.IO / Socket.IO handshake by hand, then they join and count events
  const { default: WebSocket } = await import('ws');
  process.once('message', async ({ port, count }) => {
    for (let start = 0; start < count; start += 200) {
      await Promise.all(
        Array.from({ length: Math.min(200, count - start) }, () => new Promise((resolve, reject) => {
          const ws = new WebSocket(`ws://127.0.0.1:${port}/socket.io/?EIO=4&transport=websocket`);
          ws.once('error', reject);
          ws.on('message', (data) => {
            const text = data.toString();
            if (text.startsWith('0{')) ws.send('40');
            else if (text.startsWith('40')) {
              ws.send('42["join"]');
              resolve();
            } else if (text === '2') ws.send('3');
          });
        })),
      );
    }
    process.send('connected');
  });
} else {
  const { Server } = await import('socket.io');
  const { SessionAwareAdapter } = await import('socket.io-adapter');
  const { withDirectFrames } = await import(fromRoot('dist', 'src', 'realtime', 'direct-frames.js'));
  const sockets = Number(values.sockets);
  const rounds = Number(values.rounds);

  async function start(label, direct) {
    const http = createServer();
    const io = new Server(http, {
      connectionStateRecovery: { maxDisconnectionDuration: 120_000, skipMiddlewares: true },
      adapter: function (nsp) {
        const adapter = new SessionAwareAdapter(nsp);
        return direct ? withDirectFrames(adapter) : adapter;
      },
    });
    io.on('connection', (socket) => socket.on('join', () => socket.join('thread')));
    await new Promise((resolve) => http.listen(0, '127.0.0.1', resolve));
    const readers = fork(fileURLToPath(import.meta.url), ['--client'], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
    readers.send({ port: http.address().port, count: sockets });
    await new Promise((resolve) => readers.once('message', resolve));
    process.stderr.write(`${label}: ${io.of('/').adapter.rooms.get('thread')?.size ?? 0} sockets joined\n`);
    return { label, io, readers, loops: [], cpu: [] };
  }

  const servers = [await start('Socket.IO path', false), await start('direct frames', true)];
  await sleep(1_000);
  const payload = {
    post: { id: 123456, threadId: 42, position: 1001, author: { id: 7, username: 'bench_admin', role: 'admin' },
      bodyHtml: 'Reply 1 of the fan-out benchmark, with a few words of <b>BBCode</b> to render.', createdAt: new Date().toISOString(), reactions: {}, quotes: [] },
  };
  for (let round = 0; round < rounds * 2; round++) {
    const server = servers[round % 2];
    const cpuFrom = process.cpuUsage();
    const started = performance.now();
    server.io.of('/').adapter.broadcast({ type: 2, data: ['post:created', { ...payload, seq: round }] }, { rooms: new Set(['thread']), except: new Set(), flags: {} });
    server.loops.push(performance.now() - started);
    await sleep(200); // the write callbacks and the readers settle
    const cpu = process.cpuUsage(cpuFrom);
    server.cpu.push((cpu.user + cpu.system) / 1000);
    if (round % 10 === 9) process.stderr.write(`  ${round + 1} of ${rounds * 2} broadcasts\n`);
  }
  const [stock, direct] = servers.map((s) => ({ loop: median(s.loops), cpu: median(s.cpu) }));
  for (const [label, m] of [[servers[0].label, stock], [servers[1].label, direct]]) {
    console.log(`${label}: send loop median ${m.loop.toFixed(1)} ms, server CPU median ${m.cpu.toFixed(1)} ms per broadcast to ${sockets} sockets`);
  }
  console.log(`direct ÷ Socket.IO path: send loop ${(direct.loop / stock.loop).toFixed(2)}×, CPU ${(direct.cpu / stock.cpu).toFixed(2)}×`);
  for (const server of servers) {
    server.readers.kill();
    server.io.close();
  }
}
