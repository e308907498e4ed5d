import { createServer } from 'node:net';

/**
 * A port nothing on this machine holds right now, as the kernel hands one out. A port picked at
 * random may be the local end of one of the thousands of connections the suite opens.
 */
export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => resolve(typeof address === 'object' && address ? address.port : 0));
    });
  });
}
