// Two app instances sharing Socket.IO through Redis against one, on this machine: the thread page
// at position 1, 64 connections in all (two instances: 32 each, at once).
import { createConnection } from 'node:net';
import { startApp } from './lib/app.mjs';
import { cannon } from './lib/http.mjs';

function reachable(url) {
  const { hostname, port } = new URL(url);
  return new Promise((resolve) => {
    const socket = createConnection({ host: hostname, port: Number(port || 6379) });
    socket.setTimeout(1000);
    socket.once('connect', () => (socket.destroy(), resolve(true)));
    socket.once('error', () => resolve(false));
    socket.once('timeout', () => (socket.destroy(), resolve(false)));
  });
}

export async function run(ctx) {
  const redisUrl = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
  if (!(await reachable(redisUrl))) {
    ctx.note(`Two instances: skipped, no Redis at ${redisUrl}.`);
    return;
  }
  // the single-instance app is stopped first: the two instances get the whole machine
  await ctx.app.stop();
  ctx.app = null;
  const path = `/api/threads/${ctx.dataset.megathreadId}/posts?after=0&limit=20`;
  const a = await startApp({ databaseUrl: ctx.db.url, redisUrl, label: 'instance A' });
  let b = null;
  try {
    await cannon({ url: `${a.url}${path}`, connections: 64, seconds: ctx.warmSeconds });
    const one = await cannon({ url: `${a.url}${path}`, connections: 64, seconds: ctx.seconds });
    b = await startApp({ databaseUrl: ctx.db.url, redisUrl, label: 'instance B' });
    await cannon({ url: `${b.url}${path}`, connections: 32, seconds: ctx.warmSeconds });
    const [ra, rb] = await Promise.all([
      cannon({ url: `${a.url}${path}`, connections: 32, seconds: ctx.seconds }),
      cannon({ url: `${b.url}${path}`, connections: 32, seconds: ctx.seconds }),
    ]);
    ctx.checkRun(one, 'one instance');
    const two = ra.rps + rb.rps;
    ctx.row({
      figure: 'thread page, two instances + Redis (32 connections each)',
      value: two,
      unit: 'req/s',
      baseline: one.rps,
      baselineLabel: 'one instance + Redis, 64 connections',
    });
    ctx.row({
      figure: 'thread page, two instances: p99',
      value: Math.max(ra.p99, rb.p99),
      unit: 'ms',
      baseline: one.p99,
      baselineLabel: 'one instance p99',
      lowerIsBetter: true,
    });
  } finally {
    await b?.stop();
    await a.stop();
  }
}
