// Live fan-out through bench/fanout.mjs (which also runs on its own): it is pointed at the
// running app with --url, prints its markdown section, and this reads its table back.
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fromRoot } from './lib/paths.mjs';

const num = (s) => Number(String(s).replace(/,/g, '').trim());

/** Reads fanout.mjs's table by its header names (its columns may grow). */
export function parseFanout(markdown) {
  const rows = [];
  let header = null;
  const triple = (cell) => (cell ?? '').split('/').map((x) => num(x.replace(/[^\d.,]/g, '')));
  for (const line of markdown.split('\n')) {
    if (!line.startsWith('|')) continue;
    const cells = line
      .split('|')
      .slice(1, -1)
      .map((c) => c.trim());
    if (cells[0] === 'clients') header = cells;
    if (!header || !/^[\d,]+$/.test(cells[0])) continue;
    const col = (test) => cells[header.findIndex(test)];
    const app = triple(col((h) => /^app p50/.test(h)));
    const bare = triple(col((h) => /^bare/.test(h) && /p50/.test(h)));
    rows.push({
      clients: num(cells[0]),
      kind: col((h) => h === 'client') ?? 'socket.io',
      appP50: app[0],
      appP99: app[1],
      appMax: app[2],
      baseP99: bare[1],
    });
  }
  return rows;
}

export async function run(ctx) {
  const script = fromRoot('bench', 'fanout.mjs');
  if (!existsSync(script)) {
    ctx.note('Fan-out: bench/fanout.mjs is not there yet; no figures.');
    return;
  }
  const clients = ctx.quick ? '200' : '1000,5000,10000';
  const args = [
    script,
    '--url',
    ctx.app.url,
    ...(ctx.app.pid ? ['--pid', String(ctx.app.pid)] : []),
    '--clients',
    clients,
    '--no-write',
    ...(ctx.quick ? ['--quick'] : []),
  ];
  const started = Date.now();
  const output = await new Promise((resolve, reject) => {
    const child = spawn(process.execPath, args, { stdio: ['ignore', 'pipe', 'inherit'] });
    let stdout = '';
    child.stdout.on('data', (chunk) => (stdout += chunk));
    const timer = setTimeout(() => child.kill('SIGINT'), (ctx.quick ? 180 : 1200) * 1000);
    child.once('exit', (code) => {
      clearTimeout(timer);
      if (code === 0) resolve(stdout);
      else reject(new Error(`bench/fanout.mjs exited with ${code}`));
    });
  });
  ctx.fanoutSection = output.trim();
  const rows = parseFanout(output);
  if (rows.length === 0) {
    ctx.note('Fan-out: ran, but its table could not be read; its own section follows.');
    return;
  }
  ctx.note(
    `Fan-out: \`node bench/fanout.mjs ${args.slice(1).join(' ').replace(ctx.app.url, '<app>').replace(/--pid \d+/, '--pid <app pid>')}\` took ${Math.round((Date.now() - started) / 1000)} s; its section is kept below.`,
  );
  for (const r of rows) {
    if (r.kind !== 'socket.io') continue; // the goals are for real Socket.IO clients
    const goal =
      r.clients === 5000
        ? { goal: 'p99 under 100 ms', met: r.appP99 < 100 }
        : r.clients === 10000
          ? { goal: 'p99 under 250 ms', met: r.appP99 < 250 }
          : {};
    ctx.row({
      figure: `fan-out of one reply to ${r.clients.toLocaleString('en')} sockets: p99 from the POST's answer`,
      value: r.appP99,
      unit: 'ms',
      baseline: r.baseP99,
      baselineLabel: 'bare Socket.IO server, same payload',
      lowerIsBetter: true,
      ...goal,
    });
  }
}
