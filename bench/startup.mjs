// Cold start to ready (spawn of `node dist/src/main.js` to the first 200 from /health/ready, on a
// migrated database) and idle RSS. Baseline: the bare floor server's spawn to listening.
import { fork } from 'node:child_process';
import { fromRoot } from './lib/paths.mjs';
import { rssKb, startApp } from './lib/app.mjs';
import { median, sleep } from './lib/stats.mjs';

export async function startFloor(databaseUrl) {
  const started = performance.now();
  const child = fork(
    fromRoot('bench', 'lib', 'floor-server.mjs'),
    ['--database-url', databaseUrl],
    { stdio: ['ignore', 'ignore', 'inherit', 'ipc'] },
  );
  const { port } = await new Promise((resolve, reject) => {
    child.once('message', resolve);
    child.once('exit', (code) => reject(new Error(`floor server exited (${code})`)));
  });
  return {
    url: `http://127.0.0.1:${port}`,
    pid: child.pid,
    readyMs: performance.now() - started,
    stop: async () => {
      if (child.exitCode !== null) return;
      child.kill('SIGTERM');
      await Promise.race([new Promise((resolve) => child.once('exit', resolve)), sleep(5000)]);
      if (child.exitCode === null) child.kill('SIGKILL');
    },
  };
}

export async function run(ctx) {
  const starts = ctx.quick ? 1 : 3;
  const times = [];
  for (let i = 0; i < starts; i++) {
    const app = await startApp({ databaseUrl: ctx.db.url, cpuProfileDir: ctx.profileDir });
    times.push(app.readyMs);
    if (i < starts - 1) await app.stop();
    else ctx.app = app;
  }
  const floorTimes = [];
  for (let i = 0; i < starts; i++) {
    const floor = await startFloor(ctx.db.url);
    floorTimes.push(floor.readyMs);
    if (i < starts - 1) await floor.stop();
    else ctx.floor = floor;
  }
  const cold = median(times);
  const floorCold = median(floorTimes);
  ctx.row({
    figure: `cold start to ready (median of ${starts})`,
    value: cold,
    unit: 'ms',
    baseline: floorCold,
    baselineLabel: 'bare floor server to listening',
    lowerIsBetter: true,
  });
  await sleep(ctx.quick ? 2000 : 8000);
  const idle = rssKb(ctx.app.pid) / 1024;
  ctx.idleRssMb = idle;
  ctx.row({
    figure: 'idle RSS after start',
    value: idle,
    unit: 'MB',
    baseline: rssKb(ctx.floor.pid) / 1024,
    baselineLabel: 'bare floor server',
    lowerIsBetter: true,
    goal: 'under 200 MB',
    met: idle < 200,
  });
}
