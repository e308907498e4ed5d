// Server memory per idle socket: N Socket.IO clients (in two worker processes) connect over
// WebSocket and follow the megathread, then sit idle; the server's RSS growth divided by N. The
// baseline is the bare Socket.IO server of bench/fanout.mjs (its --baseline-server mode).
import { fork } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fromRoot } from './lib/paths.mjs';
import { rssKb, startApp } from './lib/app.mjs';
import { sleep } from './lib/stats.mjs';

function worker() {
  const child = fork(fromRoot('bench', 'lib', 'socket-worker.mjs'), [], {
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  const next = (cmd) =>
    new Promise((resolve, reject) => {
      const listener = (m) => m.cmd === cmd && (child.off('message', listener), resolve(m));
      child.on('message', listener);
      child.once('exit', (code) => reject(new Error(`socket worker exited (${code})`)));
    });
  return { child, next, ready: next('ready') };
}

async function measure(url, pid, count, threadId) {
  const workers = [worker(), worker()];
  try {
    await Promise.all(workers.map((w) => w.ready));
    await sleep(1000);
    const before = rssKb(pid);
    await Promise.all(
      workers.map(
        (w, i) => (
          w.child.send({
            cmd: 'connect',
            url,
            count: Math.floor(count / 2) + (i === 0 ? count % 2 : 0),
            threadId,
          }),
          w.next('connected')
        ),
      ),
    );
    await sleep(3000);
    const after = rssKb(pid);
    await Promise.all(workers.map((w) => (w.child.send({ cmd: 'close' }), w.next('closed'))));
    return (after - before) / count;
  } finally {
    for (const w of workers) w.child.kill();
  }
}

/** The bare Socket.IO server of bench/fanout.mjs (a colleague's script): its figure, or NaN if it cannot run. */
async function bareBaseline(count, threadId, ctx) {
  if (!existsSync(fromRoot('bench', 'fanout.mjs'))) return NaN;
  const bare = fork(fromRoot('bench', 'fanout.mjs'), ['--baseline-server'], {
    stdio: ['ignore', 'ignore', 'inherit', 'ipc'],
  });
  try {
    const { port, pid } = await new Promise((resolve, reject) => {
      bare.once('message', resolve);
      bare.once('exit', (code) => reject(new Error(`bare Socket.IO server exited (${code})`)));
    });
    return await measure(`http://127.0.0.1:${port}`, pid ?? bare.pid, count, threadId);
  } catch (error) {
    ctx.note(`Idle sockets: the bare Socket.IO baseline did not run (${error.message}).`);
    return NaN;
  } finally {
    bare.kill();
  }
}

export async function run(ctx) {
  const count = ctx.quick ? 200 : 5000;
  // a fresh instance: one that just served thousands of sockets is still returning their memory,
  // which would hide what new ones take
  const fresh = await startApp({ databaseUrl: ctx.db.url, label: 'idle-socket app' });
  let app;
  try {
    await sleep(3000);
    app = await measure(fresh.url, fresh.pid, count, ctx.dataset.megathreadId);
  } finally {
    await fresh.stop();
  }
  const base = await bareBaseline(count, ctx.dataset.megathreadId, ctx);
  ctx.row({
    figure: `server memory per idle socket (${count.toLocaleString('en')} sockets following the megathread)`,
    value: app,
    unit: 'KB',
    baseline: base,
    baselineLabel: 'bare Socket.IO server',
    lowerIsBetter: true,
    goal: 'under 40 KB',
    met: app < 40,
  });
}
