// Live fan-out: time from a reply's POST returning to its `post:created` event arriving at every
// client following the thread (p50 / p99 / max), at 1,000 and 5,000 clients, and the server's
// memory per idle connection. Baseline in the same run: a bare Socket.IO server (no app) sending
// the same payload to the same number of clients, so the figures read as ratios.
//
//   npm run build && node bench/fanout.mjs [--clients 1000,5000] [--replies 20] [--client-kinds socket.io,lean]
//                                          [--quick] [--no-write] [--url http://127.0.0.1:3000 [--pid N]]
//
// With --url the app must have the admin bench_admin / "bench admin password" (npm run user:create);
// a member registered through the API opens each thread, the admin writes the replies.
// Without --url it starts the built app (node dist/src/main.js) on a bench database it creates on
// the PostgreSQL at 127.0.0.1:5432 and drops afterwards. Clients run in worker processes so their
// own parsing does not sit on the server's numbers more than it must. Only talks to 127.0.0.1.
import { fork, spawn, execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { cpus, loadavg, tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { performance } from 'node:perf_hooks';
import { cpuMs, freePort, rssKb } from './lib/app.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const now = () => performance.timeOrigin + performance.now();
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

const { values } = parseArgs({
  options: {
    clients: { type: 'string', default: '1000,5000' },
    'client-kinds': { type: 'string', default: 'socket.io,lean' },
    replies: { type: 'string', default: '20' },
    workers: { type: 'string', default: String(Math.max(2, Math.min(4, cpus().length))) },
    url: { type: 'string' },
    // with --url: the app's process id, to read its memory (else memory is n/a)
    pid: { type: 'string' },
    quick: { type: 'boolean', default: false },
    worker: { type: 'boolean', default: false },
    'baseline-server': { type: 'boolean', default: false },
    'no-write': { type: 'boolean', default: false },
  },
});


// ---- client worker: N sockets, arrival times per event key ----------------------------------------

async function runWorker() {
  const { io } = await import('socket.io-client');
  const { default: WebSocket } = await import('ws');
  const sockets = [];
  const arrivals = new Map();
  let cpuFrom = process.cpuUsage();
  const arrived = (key) => {
    const t = now();
    const list = arrivals.get(key);
    if (list) list.push(t);
    else arrivals.set(key, [t]);
  };

  // socket.io-client, as a browser tab would run it
  async function socketIoClient(url, threadId) {
    const socket = io(url, { transports: ['websocket'], reconnection: false, forceNew: true });
    socket.on('post:created', (payload) => arrived(payload?.seq ?? payload?.post?.id));
    await new Promise((resolve, reject) => {
      socket.once('connect', resolve);
      socket.once('connect_error', reject);
    });
    const ack = await socket.timeout(30_000).emitWithAck('thread:join', { threadId });
    if (!ack.ok) throw new Error(`join refused: ${JSON.stringify(ack)}`);
    return { close: () => socket.disconnect() };
  }

  // the Engine.IO / Socket.IO wire protocol by hand, reading only the key of each event: the
  // clients' own work shrinks to almost nothing, so the figures are the server's
  async function leanClient(url, threadId) {
    const ws = new WebSocket(`${url.replace(/^http/, 'ws')}/socket.io/?EIO=4&transport=websocket`);
    await new Promise((resolve, reject) => {
      ws.on('message', function handshake(data) {
        const text = data.toString();
        if (text.startsWith('0{')) ws.send('40');
        else if (text.startsWith('40')) {
          ws.off('message', handshake);
          resolve();
        } else if (text.startsWith('44')) reject(new Error(text));
      });
      ws.once('error', reject);
    });
    const joined = new Promise((resolve, reject) =>
      ws.on('message', function joinAck(data) {
        const text = data.toString();
        if (!text.startsWith('430')) return;
        ws.off('message', joinAck);
        if (text.includes('"ok":true')) resolve();
        else reject(new Error(`join refused: ${text}`));
      }),
    );
    ws.on('message', (data) => {
      const text = data.toString();
      if (text === '2') return ws.send('3');
      if (!text.startsWith('42["post:created"')) return;
      const seq = text.lastIndexOf('"seq":"');
      if (seq >= 0) return arrived(text.slice(seq + 7, text.indexOf('"', seq + 7)));
      const id = text.indexOf('"id":');
      arrived(Number.parseInt(text.slice(id + 5, id + 25), 10));
    });
    ws.send(`420${JSON.stringify(['thread:join', { threadId }])}`);
    await joined;
    return { close: () => ws.close() };
  }

  process.on('message', async (message) => {
    if (message.cmd === 'connect') {
      const { url, count, threadId, batch, kind } = message;
      const open = kind === 'lean' ? leanClient : socketIoClient;
      for (let start = 0; start < count; start += batch) {
        const size = Math.min(batch, count - start);
        sockets.push(...(await Promise.all(Array.from({ length: size }, () => open(url, threadId)))));
        process.send({ cmd: 'progress', connected: sockets.length });
      }
      process.send({ cmd: 'connected', connected: sockets.length });
    } else if (message.cmd === 'mark') {
      cpuFrom = process.cpuUsage();
      process.send({ cmd: 'marked' });
    } else if (message.cmd === 'report') {
      const cpu = process.cpuUsage(cpuFrom);
      process.send({ cmd: 'report', arrivals: [...arrivals.entries()], cpuMs: (cpu.user + cpu.system) / 1000 });
      arrivals.clear();
    } else if (message.cmd === 'close') {
      for (const socket of sockets.splice(0)) socket.close();
      await sleep(300);
      process.send({ cmd: 'closed' });
    }
  });
  process.send({ cmd: 'ready' });
}

// ---- bare Socket.IO server: the baseline -----------------------------------------------------------

async function runBaselineServer() {
  const { Server } = await import('socket.io');
  const server = createServer((req, res) => {
    if (req.method !== 'POST' || req.url !== '/emit') return res.writeHead(404).end();
    let body = '';
    req.on('data', (chunk) => (body += chunk));
    req.on('end', () => {
      io.to('thread').emit('post:created', JSON.parse(body));
      res.writeHead(201, { 'content-type': 'application/json' }).end('{}');
    });
  });
  const io = new Server(server, { path: '/socket.io', serveClient: false });
  io.on('connection', (socket) => {
    socket.on('thread:join', (_payload, ack) => {
      socket.join('thread');
      ack?.({ ok: true });
    });
  });
  server.listen(0, '127.0.0.1', () => process.send({ cmd: 'listening', port: server.address().port, pid: process.pid }));
}

// ---- coordinator ------------------------------------------------------------------------------------

function percentile(sorted, p) {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.ceil(sorted.length * p) - 1)];
}

function summary(samples) {
  const sorted = [...samples].sort((a, b) => a - b);
  return { n: sorted.length, p50: percentile(sorted, 0.5), p99: percentile(sorted, 0.99), max: sorted[sorted.length - 1] };
}

const fmt = (ms) => (Number.isNaN(ms) ? 'n/a' : ms < 10 ? ms.toFixed(1) : ms.toFixed(0));
const fmtCpu = ({ server, clients }) => `${fmt(server)} + ${fmt(clients)} = ${fmt(server + clients)} (÷ ${cpus().length} cores: ${fmt((server + clients) / cpus().length)})`;
const fmtKb = (kb) => (Number.isFinite(kb) ? `${kb.toFixed(1)} KB` : 'n/a');

/** The app's running total of its fan-out send loops for `post:created` (GET /metrics). */
async function localSends(url) {
  const text = await fetch(`${url}/metrics`).then((r) => (r.ok ? r.text() : ''), () => '');
  const read = (name) => Number(new RegExp(`^realtime_local_send_seconds_${name}\\{event="post:created"\\} (\\S+)$`, 'm').exec(text)?.[1] ?? NaN);
  return { sum: read('sum'), count: read('count') };
}

async function json(url, { method = 'GET', token, body } = {}) {
  const res = await fetch(url, {
    method,
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  if (!res.ok) throw new Error(`${method} ${url}: ${res.status} ${text}`);
  return text ? JSON.parse(text) : null;
}

class Workers {
  constructor(count) {
    this.children = Array.from({ length: count }, () => fork(fileURLToPath(import.meta.url), ['--worker'], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] }));
  }
  async ready() {
    await Promise.all(this.children.map((child) => this.next(child, 'ready')));
  }
  next(child, cmd, onOther) {
    return new Promise((resolve, reject) => {
      const exited = (code) => reject(new Error(`client worker exited (${code})`));
      const listener = (message) => {
        if (message.cmd === cmd) {
          child.off('message', listener);
          child.off('exit', exited);
          resolve(message);
        } else onOther?.(message);
      };
      child.on('message', listener);
      child.once('exit', exited);
    });
  }
  async connect(url, total, threadId, kind) {
    const per = this.children.map((_, i) => Math.floor(total / this.children.length) + (i < total % this.children.length ? 1 : 0));
    const progress = this.children.map(() => 0);
    let shown = 0;
    const started = Date.now();
    await Promise.all(
      this.children.map((child, i) => {
        const done = this.next(child, 'connected', (m) => {
          if (m.cmd !== 'progress') return;
          progress[i] = m.connected;
          const sum = progress.reduce((a, b) => a + b, 0);
          if (sum - shown >= total / 5 || sum === total) {
            shown = sum;
            process.stderr.write(`  connected ${sum}/${total}\n`);
          }
        });
        child.send({ cmd: 'connect', url, count: per[i], threadId, batch: 100, kind });
        return done;
      }),
    );
    return Date.now() - started;
  }
  async mark() {
    await Promise.all(this.children.map((child) => (child.send({ cmd: 'mark' }), this.next(child, 'marked'))));
  }
  /** Each client's arrival times per event key, and the CPU the client processes used since mark(). */
  async arrivals() {
    const merged = new Map();
    const reports = await Promise.all(this.children.map((child) => (child.send({ cmd: 'report' }), this.next(child, 'report'))));
    for (const { arrivals } of reports) for (const [key, times] of arrivals) merged.set(key, [...(merged.get(key) ?? []), ...times]);
    return { merged, cpuMs: reports.reduce((sum, r) => sum + r.cpuMs, 0) };
  }
  async close() {
    await Promise.all(this.children.map((child) => (child.send({ cmd: 'close' }), this.next(child, 'closed'))));
  }
  exit() {
    for (const child of this.children) child.kill();
  }
}

/**
 * Sends `replies` events one after another and collects, per event, each client's latency, and the
 * CPU time per event of the server (serverPid, when known) and of all the client processes.
 */
async function measure(workers, clients, replies, send, serverPid) {
  await workers.mark();
  const serverCpuFrom = serverPid ? cpuMs(serverPid) : NaN;
  const fromReturn = [];
  const fromSent = [];
  let early = 0;
  let missing = 0;
  const marks = [];
  for (let i = 0; i < replies; i++) {
    const sent = now();
    const key = await send(i);
    marks.push({ key, sent, returned: now() });
    await sleep(250); // one fan-out at a time: each reply's delivery is measured on its own
  }
  await sleep(1000);
  const serverCpu = serverPid ? cpuMs(serverPid) - serverCpuFrom : NaN;
  const { merged: arrivals, cpuMs: clientsCpu } = await workers.arrivals();
  const perReply = [];
  for (const { key, sent, returned } of marks) {
    const times = arrivals.get(key) ?? [];
    missing += clients - times.length;
    perReply.push(Math.round(Math.max(...times) - returned));
    for (const t of times) {
      if (t < returned) early++;
      fromReturn.push(Math.max(0, t - returned));
      fromSent.push(t - sent);
    }
  }
  process.stderr.write(`  slowest client per reply (ms): ${perReply.join(' ')}\n`);
  return { fromReturn: summary(fromReturn), fromSent: summary(fromSent), early, missing, cpu: { server: serverCpu / replies, clients: clientsCpu / replies } };
}

async function startApp(databaseUrl) {
  const port = await freePort();
  const dataDir = mkdtempSync(join(tmpdir(), 'forum-bench-'));
  const env = {
    ...process.env,
    NODE_ENV: 'production',
    LOG_LEVEL: 'warn',
    SEED_ON_START: 'false',
    DATABASE_URL: databaseUrl,
    JWT_SECRET: 'bench-secret-that-is-long-enough-0123456789',
    HOST: '127.0.0.1',
    PORT: String(port),
    DATA_DIR: dataDir,
    LOGIN_ATTEMPTS_PER_MINUTE: '10000',
    COOKIE_SECURE: 'false',
  };
  delete env.REDIS_URL;
  const child = spawn(process.execPath, [join(root, 'dist', 'src', 'main.js')], { env, stdio: ['ignore', 'inherit', 'inherit'] });
  const url = `http://127.0.0.1:${env.PORT}`;
  const deadline = Date.now() + 60_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`the app exited with ${child.exitCode}`);
    const ready = await fetch(`${url}/health/ready`).then((r) => r.ok, () => false);
    if (ready) break;
    if (Date.now() > deadline) throw new Error('the app did not become ready');
    await sleep(200);
  }
  return { url, pid: child.pid, env, dataDir, stop: async () => {
    child.kill('SIGTERM');
    await new Promise((resolve) => (child.exitCode !== null ? resolve() : child.once('exit', resolve)));
    rmSync(dataDir, { recursive: true, force: true });
  } };
}

async function startBaseline() {
  const child = fork(fileURLToPath(import.meta.url), ['--baseline-server'], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  const { port } = await new Promise((resolve) => child.once('message', resolve));
  return { url: `http://127.0.0.1:${port}`, pid: child.pid, stop: () => child.kill() };
}

async function adminQuery(sql) {
  const { default: pg } = await import('pg');
  const client = new pg.Client({ connectionString: 'postgres://postgres@127.0.0.1:5432/postgres' });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

async function main() {
  const sizes = values.quick ? [200] : values.clients.split(',').map(Number);
  const replies = values.quick ? 5 : Number(values.replies);
  const kinds = values.quick ? ['socket.io'] : values['client-kinds'].split(',');
  const started = new Date();
  const loadAtStart = loadavg()[0];
  const database = values.url ? null : `forum_bench_${process.pid}`;
  let app = null;
  let baseline = null;
  const workers = new Workers(Number(values.workers));
  const cleanup = async () => {
    workers.exit();
    baseline?.stop();
    await app?.stop().catch(() => undefined);
    if (database) await adminQuery(`DROP DATABASE IF EXISTS ${database} WITH (FORCE)`).catch(() => undefined);
  };
  process.once('SIGINT', () => cleanup().then(() => process.exit(130)));
  const results = [];
  try {
    await workers.ready();
    if (database) {
      await adminQuery(`CREATE DATABASE ${database}`);
      app = await startApp(`postgres://postgres@127.0.0.1:5432/${database}`);
      const admin = { username: 'bench_admin', password: 'bench admin password' };
      execFileSync(process.execPath, [join(root, 'dist', 'src', 'cli', 'user-create.js'), '--username', admin.username, '--password', admin.password, '--role', 'admin'], { env: app.env, stdio: 'ignore' });
    }
    const url = values.url ?? app.url;
    const admin = await json(`${url}/api/auth/login`, { method: 'POST', body: { username: 'bench_admin', password: 'bench admin password' } });
    const slug = `bench-${Date.now().toString(36)}`;
    await json(`${url}/api/admin/forums`, { method: 'POST', token: admin.accessToken, body: { slug, title: 'Benchmark' } });
    const member = await json(`${url}/api/auth/register`, { method: 'POST', body: { username: `bench_${Date.now().toString(36)}`, password: 'bench member password' } });
    baseline = await startBaseline();

    for (const clients of sizes) {
      for (const kind of kinds) {
        process.stderr.write(`[fanout] ${clients} ${kind} clients\n`);
        const { thread } = await json(`${url}/api/forums/${slug}/threads`, { method: 'POST', token: member.accessToken, body: { title: `Fan-out to ${clients} ${kind} clients`, body: 'The thread everyone follows.' } });
        // warm up the paths, then measure the server at rest
        for (let i = 0; i < 3; i++) await json(`${url}/api/threads/${thread.id}/posts`, { method: 'POST', token: admin.accessToken, body: { body: `warm-up ${i}` } });
        await sleep(1500);
        const appPid = app?.pid ?? (values.pid ? Number(values.pid) : null);
        const rssBefore = appPid ? rssKb(appPid) : NaN;
        const connectMs = await workers.connect(url, clients, thread.id, kind);
        await sleep(3000);
        const rssAfter = appPid ? rssKb(appPid) : NaN;
        let lastPost = null;
        const sendsBefore = await localSends(url);
        const appRun = await measure(workers, clients, replies, async (i) => {
          // the admin replies: no posting rate or slow mode gets in the way of the measurement
        lastPost = await json(`${url}/api/threads/${thread.id}/posts`, { method: 'POST', token: admin.accessToken, body: { body: `Reply ${i} of the fan-out benchmark, with a few words of [b]BBCode[/b] to render.` } });
          if (lastPost.state !== 'visible') throw new Error(`bench reply was held back (${lastPost.state})`);
          return lastPost.id;
        }, appPid);
        const sendsAfter = await localSends(url);
        await workers.close();

        process.stderr.write(`[fanout] bare Socket.IO, ${clients} ${kind} clients\n`);
        await sleep(1000);
        const baseBefore = rssKb(baseline.pid);
        await workers.connect(baseline.url, clients, 0, kind);
        await sleep(3000);
        const baseAfter = rssKb(baseline.pid);
        const baseRun = await measure(workers, clients, replies, async (i) => {
          const seq = `base-${clients}-${kind}-${i}`;
          await json(`${baseline.url}/emit`, { method: 'POST', body: { post: lastPost, seq } });
          return seq;
        }, baseline.pid);
        await workers.close();
        const r = {
          clients,
          kind,
          connectMs,
          app: appRun,
          baseline: baseRun,
          kbPerConnection: (rssAfter - rssBefore) / clients,
          // the app's own measure of its send loop (realtime_local_send_seconds), mean per reply
          sendLoopMs: ((sendsAfter.sum - sendsBefore.sum) * 1000) / (sendsAfter.count - sendsBefore.count),
          baselineKbPerConnection: (baseAfter - baseBefore) / clients,
          // the event as the app frames it: ["post:created", {post}] and the recovery offset
          payloadBytes: Buffer.byteLength(JSON.stringify(['post:created', { post: lastPost }, 'offset-0000000'])),
        };
        results.push(r);
        process.stderr.write(
          `  app: p50 ${fmt(r.app.fromReturn.p50)} p99 ${fmt(r.app.fromReturn.p99)} max ${fmt(r.app.fromReturn.max)} ms (missing ${r.app.missing}); ` +
            `bare: p50 ${fmt(r.baseline.fromSent.p50)} p99 ${fmt(r.baseline.fromSent.p99)} max ${fmt(r.baseline.fromSent.max)} ms; ` +
            `${fmtKb(r.kbPerConnection)}/connection (bare ${fmtKb(r.baselineKbPerConnection)})\n`,
        );
      }
    }
  } finally {
    await cleanup();
  }
  const report = render(results, { started, replies, quick: values.quick, load: [loadAtStart, loadavg()[0]] });
  process.stdout.write(`${report}\n`);
  if (!values['no-write'] && !values.quick) writeSection(report);
}

function render(results, { started, replies, quick, load }) {
  const options = [quick ? ' --quick' : '', values.clients !== '1000,5000' ? ` --clients ${values.clients}` : '', values.replies !== '20' ? ` --replies ${values.replies}` : '', values['client-kinds'] !== 'socket.io,lean' ? ` --client-kinds ${values['client-kinds']}` : ''];
  const machine = `${cpus().length} vCPU (${cpus()[0]?.model?.trim() ?? 'CPU'}), Node ${process.version}`;
  const lines = [
    '## Live fan-out',
    '',
    `Run ${started.toISOString().slice(0, 16).replace('T', ' ')} UTC with \`node bench/fanout.mjs${options.join('')}\` (after \`npm run build\`) on ${machine};`,
    `load average ${load[0].toFixed(1)} at the start and ${load[1].toFixed(1)} at the end (other work on the machine shows in the tails).`,
    `The app (one instance, no Redis), a bare Socket.IO server and ${values.workers} client processes share the machine; ${replies} replies per row`,
    `(each event about ${Math.max(...results.map((r) => r.payloadBytes))} bytes of JSON: the post as the API returns it, rendered HTML and analysis included),`,
    'one at a time; every client follows the thread (`thread:join`) over WebSocket. Latency is per client and per reply,',
    "from the reply's POST returning (0 when the event beat the response; \"from POST sent\" includes the write itself) to",
    '`post:created` arriving. "bare" sends the same payload from a plain `socket.io` `Server` in its own process (no app,',
    'no database, no recovery buffer): the floor of Socket.IO on this machine. Clients: `socket.io` = socket.io-client',
    'as a browser runs it; `lean` = the same wire protocol read by hand (only the post id is parsed), so that the',
    "clients' own parsing, which shares these two CPUs with the server, weighs less. Memory: the growth of the server's",
    'RSS (VmRSS) from connecting the idle clients, divided by their number. CPU: user + system time per reply of the',
    "server process (the app's includes writing the reply; PostgreSQL's is not counted) and of all client processes;",
    `their sum ÷ ${cpus().length} cores is the soonest the last client could have the event if the work spread perfectly.`,
    "Send loop: the app's own histogram `realtime_local_send_seconds` (GET /metrics), the time it took to hand each reply",
    'to every socket of the thread, that is when the last byte left the server; the rest of the latency is the clients.',
    '',
    "| clients | client | app p50 / p99 / max (ms) | app from POST sent p50 / p99 / max | bare p50 / p99 / max | p99 app ÷ bare | RSS per idle connection (app / bare) | CPU per reply, app: server + clients (ms) | CPU per reply, bare: server + clients (ms) | app's send loop per reply, mean (ms) |",
    '|---:|---|---|---|---|---:|---|---|---|---:|',
  ];
  for (const r of results) {
    const a = r.app.fromReturn;
    const s = r.app.fromSent;
    const b = r.baseline.fromSent;
    lines.push(
      `| ${r.clients.toLocaleString('en')} | ${r.kind} | ${fmt(a.p50)} / ${fmt(a.p99)} / ${fmt(a.max)} | ${fmt(s.p50)} / ${fmt(s.p99)} / ${fmt(s.max)} | ${fmt(b.p50)} / ${fmt(b.p99)} / ${fmt(b.max)} | ${(a.p99 / b.p99).toFixed(2)} | ${fmtKb(r.kbPerConnection)} / ${fmtKb(r.baselineKbPerConnection)} | ${fmtCpu(r.app.cpu)} | ${fmtCpu(r.baseline.cpu)} | ${fmt(r.sendLoopMs)} |`,
    );
  }
  const missing = results.map((r) => r.app.missing + r.baseline.missing).reduce((x, y) => x + y, 0);
  lines.push('', missing === 0 ? 'Events lost: none (every client received every reply).' : `Events lost: ${missing}.`);
  for (const r of results.filter((x) => x.clients === 5000)) {
    lines.push(`Goal, p99 under 100 ms at 5,000 clients on one instance (${r.kind} clients): ${r.app.fromReturn.p99 < 100 ? 'met' : 'not met'}, ${fmt(r.app.fromReturn.p99)} ms (bare Socket.IO: ${fmt(r.baseline.fromSent.p99)} ms).`);
  }
  return lines.join('\n');
}

/** Replaces (or appends) the "Live fan-out" section of bench/RESULTS.md, leaving the others alone. */
function writeSection(section) {
  const file = join(root, 'bench', 'RESULTS.md');
  const current = existsSync(file) ? readFileSync(file, 'utf8') : '# Benchmark results\n';
  const start = current.indexOf('## Live fan-out');
  let next;
  if (start < 0) next = `${current.trimEnd()}\n\n${section}\n`;
  else {
    const after = current.indexOf('\n## ', start + 1);
    next = `${current.slice(0, start)}${section}\n${after < 0 ? '' : current.slice(after)}`;
  }
  writeFileSync(file, next);
  process.stderr.write(`[fanout] wrote the "Live fan-out" section of bench/RESULTS.md\n`);
}

if (values.worker) await runWorker();
else if (values['baseline-server']) await runBaselineServer();
else await main();
