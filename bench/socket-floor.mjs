// The machine's floor under any fan-out: one small write to each of N connected loopback TCP
// sockets, from one Node process with plain `net` (no WebSocket framing, no Socket.IO), timed as
// the synchronous loop of writes and as the CPU it used. On loopback the kernel runs the
// receiver's side of TCP inside the sender's call, so this is what N socket writes cost here.
//
//   node bench/socket-floor.mjs [--sockets 5000] [--bytes 600] [--rounds 20]
import { fork } from 'node:child_process';
import net from 'node:net';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { performance } from 'node:perf_hooks';

const { values } = parseArgs({
  options: {
    sockets: { type: 'string', default: '5000' },
    bytes: { type: 'string', default: '600' },
    rounds: { type: 'string', default: '20' },
    client: { type: 'boolean', default: false },
  },
});
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

if (values.client) {
  // the receiving end: connects, reads and discards
  process.once('message', async ({ port, count }) => {
    const sockets = [];
    for (let i = 0; i < count; i += 100) {
      await Promise.all(
        Array.from({ length: Math.min(100, count - i) }, () => new Promise((resolve) => {
          const socket = net.connect(port, '127.0.0.1', resolve);
          socket.on('data', () => undefined);
          sockets.push(socket);
        })),
      );
    }
    process.send('connected');
  });
} else {
  const count = Number(values.sockets);
  const accepted = [];
  const server = net.createServer((socket) => {
    socket.setNoDelay(true);
    accepted.push(socket);
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  const clients = [0, 1].map(() => fork(fileURLToPath(import.meta.url), ['--client']));
  await Promise.all(
    clients.map((child, i) => new Promise((resolve) => {
      child.once('message', resolve);
      child.send({ port: server.address().port, count: Math.floor(count / 2) + (i < count % 2 ? 1 : 0) });
    })),
  );
  while (accepted.length < count) await sleep(50);
  await sleep(1000);
  const payload = Buffer.alloc(Number(values.bytes), 'x');
  const loops = [];
  const cpuFrom = process.cpuUsage();
  for (let round = 0; round < Number(values.rounds); round++) {
    const started = performance.now();
    for (const socket of accepted) socket.write(payload);
    loops.push(performance.now() - started);
    await sleep(250);
  }
  const cpu = process.cpuUsage(cpuFrom);
  loops.sort((a, b) => a - b);
  const median = loops[Math.floor(loops.length / 2)];
  const cpuPerRound = (cpu.user + cpu.system) / 1000 / loops.length;
  process.stdout.write(
    `${count} loopback sockets, ${values.bytes} bytes each: write loop median ${median.toFixed(1)} ms ` +
      `(${((median * 1000) / count).toFixed(1)} µs a socket), sender CPU ${cpuPerRound.toFixed(1)} ms a round ` +
      `(system ${(cpu.system / 1000 / loops.length).toFixed(1)} ms)\n`,
  );
  for (const child of clients) child.kill();
  server.close();
  for (const socket of accepted) socket.destroy();
}
