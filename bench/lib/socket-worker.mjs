// A child process holding idle Socket.IO clients that follow one thread (bench/idle-sockets.mjs).
const { io } = await import('socket.io-client');
const sockets = [];
process.on('message', async ({ cmd, url, count, threadId }) => {
  if (cmd === 'connect') {
    for (let start = 0; start < count; start += 100) {
      await Promise.all(
        Array.from({ length: Math.min(100, count - start) }, async () => {
          const socket = io(url, {
            transports: ['websocket'],
            reconnection: false,
            forceNew: true,
          });
          await new Promise((resolve, reject) => {
            socket.once('connect', resolve);
            socket.once('connect_error', reject);
          });
          const ack = await socket.timeout(30_000).emitWithAck('thread:join', { threadId });
          if (!ack.ok) throw new Error(`join refused: ${JSON.stringify(ack)}`);
          sockets.push(socket);
        }),
      );
    }
    process.send({ cmd: 'connected', count: sockets.length });
  } else if (cmd === 'close') {
    for (const socket of sockets.splice(0)) socket.disconnect();
    process.send({ cmd: 'closed' });
  }
});
process.send({ cmd: 'ready' });
