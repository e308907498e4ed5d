// Soak: mixed load for a long while against the built app (node dist/src/main.js, production mode):
// guests reading pages, members replying and flagging, and 2,000 Socket.IO clients following
// threads. Passes when nothing failed, RSS grew under 10 % after warm-up, and neither open file
// descriptors nor the database pool's waiting queue grew. Figures go to bench/RESULTS.md ("## Soak").
//   npx nest build && node bench/soak.mjs [--minutes 10] [--sockets 2000] [--rate 40]
// Traffic goes to 127.0.0.1 only; the run stops by itself.
import { fork } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, totalmem } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import pg from 'pg';
import { rssKb, startApp, BENCH_ADMIN } from './lib/app.mjs';
import { fromRoot, root } from './lib/paths.mjs';

const { values } = parseArgs({
  options: {
    minutes: { type: 'string', default: '10' },
    sockets: { type: 'string', default: '2000' },
    rate: { type: 'string', default: '40' },
    'socket-worker': { type: 'boolean', default: false },
  },
});

// ---- socket worker (a child process holding its share of the sockets) ---------------------------

if (values['socket-worker']) {
  const { io } = await import('socket.io-client');
  const sockets = [];
  const counts = { events: 0, disconnects: 0, connectErrors: 0 };
  process.on('message', async ({ cmd, url, count, threadIds }) => {
    if (cmd === 'connect') {
      for (let start = 0; start < count; start += 100) {
        await Promise.all(
          Array.from({ length: Math.min(100, count - start) }, async (_, i) => {
            const socket = io(url, {
              transports: ['websocket'],
              reconnection: false,
              forceNew: true,
            });
            await new Promise((resolve, reject) => {
              socket.once('connect', resolve);
              socket.once('connect_error', (e) => (counts.connectErrors++, reject(e)));
            });
            socket.onAny(() => counts.events++);
            socket.on('disconnect', (reason) => {
              if (reason !== 'io client disconnect') counts.disconnects++;
            });
            const ack = await socket
              .timeout(30_000)
              .emitWithAck('thread:join', { threadId: threadIds[(start + i) % threadIds.length] });
            if (!ack.ok) throw new Error(`join refused: ${JSON.stringify(ack)}`);
            sockets.push(socket);
          }),
        );
      }
      process.send({ cmd: 'connected', count: sockets.length });
    } else if (cmd === 'stats') {
      process.send({
        cmd: 'stats',
        ...counts,
        connected: sockets.filter((s) => s.connected).length,
      });
    } else if (cmd === 'close') {
      for (const socket of sockets.splice(0)) socket.disconnect();
      process.send({ cmd: 'closed' });
    }
  });
  process.send({ cmd: 'ready' });
} else {
  await soak();
}

// ---- the soak ----------------------------------------------------------------------------------

function log(message) {
  process.stderr.write(`[soak] ${message}\n`);
}

function sleep(ms) {
  return new Promise((r) => setTimeout(r, ms));
}
function pick(xs) {
  return xs[Math.floor(Math.random() * xs.length)];
}

function withDatabase(url, name) {
  const parsed = new URL(url);
  parsed.pathname = `/${name}`;
  return parsed.toString();
}

async function adminQuery(url, sql) {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query(sql)).rows;
  } finally {
    await client.end();
  }
}

/** A fresh `forum_soak` database on DATABASE_URL's server, else on an embedded PostgreSQL. */
async function provision() {
  let server = process.env.DATABASE_URL;
  let embedded = null;
  if (!server) {
    const { startEmbeddedPostgres } = await import('../dist/src/database/embedded-postgres.js');
    embedded = await startEmbeddedPostgres(join(root, '.data', 'soak'), log);
    server = embedded.url;
  }
  const admin = withDatabase(server, 'postgres');
  await adminQuery(admin, 'DROP DATABASE IF EXISTS forum_soak WITH (FORCE)');
  await adminQuery(admin, 'CREATE DATABASE forum_soak');
  const url = withDatabase(server, 'forum_soak');
  const { runMigrations } = await import('../dist/src/database/migrate.js');
  await runMigrations({ databasePoolSize: 1, statementTimeoutMs: 0 }, url);
  const [{ version }] = await adminQuery(
    url,
    `SELECT current_setting('server_version') AS version`,
  );
  return { url, version, embedded: embedded !== null, stop: async () => embedded?.stop() };
}

async function api(base, method, path, { token, body } = {}) {
  const started = performance.now();
  try {
    const res = await fetch(`${base}${path}`, {
      method,
      headers: {
        ...(body ? { 'content-type': 'application/json' } : {}),
        ...(token ? { authorization: `Bearer ${token}` } : {}),
      },
      body: body ? JSON.stringify(body) : undefined,
      signal: AbortSignal.timeout(30_000),
    });
    const text = await res.text();
    let json = null;
    try {
      json = JSON.parse(text);
    } catch {
      // feeds and metrics are not JSON
    }
    return { status: res.status, json, text, ms: performance.now() - started };
  } catch (error) {
    return { status: 0, json: null, text: String(error), ms: performance.now() - started };
  }
}

function openFds(pid) {
  try {
    return readdirSync(`/proc/${pid}/fd`).length;
  } catch {
    return NaN;
  }
}

function metricValue(text, name, labels = '') {
  const line = text.split('\n').find((l) => l.startsWith(`${name}${labels}`));
  return line ? Number(line.split(' ').pop()) : NaN;
}

async function soak() {
  const minutes = Number(values.minutes);
  const socketCount = Number(values.sockets);
  const rate = Number(values.rate);
  const durationMs = minutes * 60_000;
  const startedAt = new Date();
  const db = await provision();
  log(`database forum_soak on PostgreSQL ${db.version}${db.embedded ? ' (embedded)' : ''}`);
  const app = await startApp({
    databaseUrl: db.url,
    label: 'soak app',
    env: { DATABASE_POOL_SIZE: '20', ACCESS_TOKEN_TTL_SECONDS: '86400' },
  });
  const base = app.url;
  const workers = [];
  const failures = [];
  try {
    // people and places
    const admin = (await api(base, 'POST', '/api/auth/login', { body: BENCH_ADMIN })).json;
    const forum = (
      await api(base, 'POST', '/api/admin/forums', {
        token: admin.accessToken,
        body: { slug: 'soak', title: 'Soak' },
      })
    ).json;
    const members = [];
    for (let i = 0; i < 24; i++) {
      const res = await api(base, 'POST', '/api/auth/register', {
        body: { username: `soak_${i}_${Date.now() % 100000}`, password: 'a long enough password' },
      });
      if (res.status !== 201) throw new Error(`register: ${res.status} ${res.text}`);
      members.push({ id: res.json.user.id, token: res.json.accessToken });
    }
    // access tokens last 15 minutes by default: longer runs set ACCESS_TOKEN_TTL_SECONDS (below)
    const threads = [];
    for (let i = 0; i < 8; i++) {
      const res = await api(base, 'POST', `/api/forums/${forum.slug}/threads`, {
        token: members[i].token,
        body: { title: `Soak thread ${i}`, body: `The first post of soak thread ${i}.` },
      });
      threads.push(res.json.thread.id);
    }
    // flags go to threads of their own, four to a thread: five flags in ten minutes would switch
    // slow mode on where they land (a product rule, not what this measures)
    const flagTarget = { thread: 0, posts: [], flags: 0 };
    const newFlagThread = async () => {
      const res = await api(base, 'POST', `/api/forums/${forum.slug}/threads`, {
        token: pick(members).token,
        body: { title: 'Flag target', body: 'Posts here get flagged.' },
      });
      if (res.status === 201)
        Object.assign(flagTarget, {
          thread: res.json.thread.id,
          posts: [{ id: res.json.post.id, author: res.json.post.author.id }],
          flags: 0,
        });
      return res;
    };
    await newFlagThread();
    const flaggable = [];

    // sockets, in two child processes
    const perWorker = Math.ceil(socketCount / 2);
    for (let w = 0; w < 2 && w * perWorker < socketCount; w++) {
      const child = fork(fromRoot('bench', 'soak.mjs'), ['--socket-worker'], {
        stdio: ['ignore', 'ignore', 'inherit', 'ipc'],
      });
      await new Promise((resolve) => child.once('message', resolve));
      const count = Math.min(perWorker, socketCount - w * perWorker);
      child.send({ cmd: 'connect', url: base, count, threadIds: threads });
      await new Promise((resolve, reject) => {
        child.once('message', (m) =>
          m.cmd === 'connected' ? resolve() : reject(new Error(JSON.stringify(m))),
        );
        child.once('exit', (code) => reject(new Error(`socket worker exited ${code}`)));
      });
      workers.push(child);
    }
    log(`${socketCount} sockets connected; mixed load for ${minutes} min at ~${rate} requests/s`);
    const askWorkers = (cmd) =>
      Promise.all(
        workers.map(
          (child) =>
            new Promise((resolve) => {
              const onMessage = (m) => {
                if (m.cmd === cmd) {
                  child.off('message', onMessage);
                  resolve(m);
                }
              };
              child.on('message', onMessage);
              child.send({ cmd });
            }),
        ),
      );

    // the load: reads, replies, flags
    const counts = { read: 0, reply: 0, flag: 0, errors: 0 };
    const latencies = { read: [], reply: [], flag: [] };
    const errorSamples = [];
    const flagged = new Set();
    const kinds = [
      [
        'read',
        0.7,
        async () => {
          const thread = pick(threads);
          const path = pick([
            `/api/threads/${thread}/posts?limit=20`,
            `/api/threads/${thread}`,
            `/api/forums/${forum.slug}/threads`,
            `/api/search?q=soak`,
            `/api/posts/${pick(flaggable.length ? flaggable : [1])}`,
            '/api/forums',
          ]);
          return api(base, 'GET', path);
        },
      ],
      [
        'reply',
        0.2,
        async () => {
          const member = pick(members);
          const toFlagThread = Math.random() < 0.3;
          const res = await api(
            base,
            'POST',
            `/api/threads/${toFlagThread ? flagTarget.thread : pick(threads)}/posts`,
            {
              token: member.token,
              body: { body: `A soak reply at ${new Date().toISOString()} by ${member.id}.` },
            },
          );
          if (res.status === 201) {
            flaggable.push(res.json.id);
            if (toFlagThread) flagTarget.posts.push({ id: res.json.id, author: member.id });
          }
          return res;
        },
      ],
      [
        'flag',
        0.1,
        async () => {
          if (flagTarget.flags >= 4) {
            const created = await newFlagThread();
            if (created.status !== 201) return created;
          }
          // a fresh (member, post) pair each time: one open flag per member per post, never one's own
          for (let tries = 0; tries < 20; tries++) {
            const post = pick(flagTarget.posts);
            const member = pick(members);
            const key = `${member.id}:${post.id}`;
            if (post.author === member.id || flagged.has(key)) continue;
            flagged.add(key);
            flagTarget.flags++;
            const res = await api(base, 'POST', `/api/posts/${post.id}/flags`, {
              token: member.token,
              body: { reason: pick(['spam', 'off-topic', 'unsourced']) },
            });
            // a post hidden by earlier flags is no longer there to flag: the rule working, not a failure
            if (res.status === 404) continue;
            return res;
          }
          return api(base, 'GET', '/api/forums');
        },
      ],
    ];
    const choose = () => {
      let r = Math.random();
      for (const [name, weight, run] of kinds) {
        if ((r -= weight) <= 0) return [name, run];
      }
      return [kinds[0][0], kinds[0][2]];
    };

    const samples = [];
    const sample = async (label) => {
      const metrics = await api(base, 'GET', '/metrics');
      const stats = await askWorkers('stats');
      samples.push({
        at: Date.now() - startedAt.getTime(),
        label,
        rssMb: rssKb(app.pid) / 1024,
        heapMb: metricValue(metrics.text, 'nodejs_heap_size_used_bytes') / 2 ** 20,
        fds: openFds(app.pid),
        poolWaiting: metricValue(metrics.text, 'db_pool_connections', '{state="waiting"}'),
        poolTotal: metricValue(metrics.text, 'db_pool_connections', '{state="total"}'),
        sockets: stats.reduce((n, s) => n + s.connected, 0),
        socketEvents: stats.reduce((n, s) => n + s.events, 0),
        disconnects: stats.reduce((n, s) => n + s.disconnects, 0),
        handles: metricValue(metrics.text, 'nodejs_active_handles_total'),
        lagMs: metricValue(metrics.text, 'nodejs_eventloop_lag_p99_seconds') * 1000,
      });
    };

    const loadStart = Date.now();
    const loadEnd = loadStart + durationMs;
    // warm-up covers the connection-state recovery window (2 min of packets kept in memory) and more
    const warmEnd = loadStart + Math.min(180_000, durationMs * 0.3);
    let warmed = false;
    const lanes = 8;
    const perLaneGapMs = (1000 * lanes) / rate;
    const lane = async () => {
      while (Date.now() < loadEnd) {
        const [name, run] = choose();
        const started = Date.now();
        const res = await run();
        const kind = name;
        counts[kind]++;
        latencies[kind].push(res.ms);
        if (res.status === 0 || res.status >= 400) {
          counts.errors++;
          if (errorSamples.length < 10)
            errorSamples.push(`${kind}: ${res.status} ${res.text.slice(0, 200)}`);
        }
        await sleep(Math.max(0, perLaneGapMs - (Date.now() - started)));
      }
    };
    const sampler = (async () => {
      await sample('start');
      while (Date.now() < loadEnd) {
        await sleep(Math.min(5_000, Math.max(0, loadEnd - Date.now())));
        if (!warmed && Date.now() >= warmEnd) {
          warmed = true;
          await sample('warm');
        } else await sample('load');
      }
    })();
    await Promise.all([...Array.from({ length: lanes }, lane), sampler]);
    await sleep(2000);
    await sample('end');
    const finishedAt = new Date();

    // verdicts
    const warm = samples.find((s) => s.label === 'warm') ?? samples[0];
    const end = samples[samples.length - 1];
    // RSS and the heap saw up and down with garbage collection; what is still held after a
    // collection is the floor of the saw. A leak raises the floor: compare the floors of the two
    // halves of the run after warm-up (samples every 5 s catch the troughs).
    const afterWarm = samples.filter((s) => s.at >= warm.at && s.label !== 'end');
    const halfway = Math.floor(afterWarm.length / 2);
    const floor = (xs, f) => Math.min(...xs.map(f).filter(Number.isFinite));
    const rssEarly = floor(afterWarm.slice(0, halfway), (s) => s.rssMb);
    const rssLate = floor(afterWarm.slice(halfway), (s) => s.rssMb);
    const rssGrowth = (rssLate - rssEarly) / rssEarly;
    const heapEarly = floor(afterWarm.slice(0, halfway), (s) => s.heapMb);
    const heapLate = floor(afterWarm.slice(halfway), (s) => s.heapMb);
    // every pool connection is a socket (an fd and a handle) and the pool grows and shrinks with load
    const fdsEarly = floor(afterWarm.slice(0, halfway), (s) => s.fds - s.poolTotal);
    const fdsLate = floor(afterWarm.slice(halfway), (s) => s.fds - s.poolTotal);
    const handlesEarly = floor(afterWarm.slice(0, halfway), (s) => s.handles - s.poolTotal);
    const handlesLate = floor(afterWarm.slice(halfway), (s) => s.handles - s.poolTotal);
    const half = samples.filter((s) => s.label !== 'start');
    const firstHalf = half.slice(0, Math.floor(half.length / 2));
    const secondHalf = half.slice(Math.floor(half.length / 2));
    const maxOf = (xs, f) => Math.max(...xs.map(f).filter(Number.isFinite), 0);
    const checks = [
      [
        'no failed request',
        counts.errors === 0,
        `${counts.errors} of ${counts.read + counts.reply + counts.flag}`,
      ],
      [
        'no socket dropped',
        end.disconnects === 0 && end.sockets === socketCount,
        `${end.sockets} of ${socketCount} connected, ${end.disconnects} dropped`,
      ],
      [
        'RSS growth after warm-up under 10 % (floor of the GC saw)',
        rssGrowth < 0.1,
        `floor ${rssEarly.toFixed(0)} → ${rssLate.toFixed(0)} MB (${(rssGrowth * 100).toFixed(1)} %) from the first to the second half after warm-up (heap used floor ${heapEarly.toFixed(0)} → ${heapLate.toFixed(0)} MB); at warm-up ${warm.rssMb.toFixed(0)} MB, at the end ${end.rssMb.toFixed(0)} MB, peak ${Math.max(...samples.map((s) => s.rssMb)).toFixed(0)} MB`,
      ],
      [
        'open file descriptors did not grow (floor, pool connections aside)',
        fdsLate <= fdsEarly + 2,
        `${fdsEarly} → ${fdsLate} (with the pool's: ${warm.fds} at warm-up, ${end.fds} at the end)`,
      ],
      [
        'active handles did not grow (floor, pool connections aside)',
        handlesLate <= handlesEarly + 2,
        `${handlesEarly} → ${handlesLate} (with the pool's: ${warm.handles} at warm-up, ${end.handles} at the end)`,
      ],
      [
        'pool waits did not grow',
        maxOf(secondHalf, (s) => s.poolWaiting) <=
          Math.max(
            2,
            maxOf(firstHalf, (s) => s.poolWaiting),
          ),
        `max waiting ${maxOf(firstHalf, (s) => s.poolWaiting)} (first half) / ${maxOf(secondHalf, (s) => s.poolWaiting)} (second half)`,
      ],
    ];
    const pct = (xs, p) => {
      const sorted = [...xs].sort((a, b) => a - b);
      return sorted.length
        ? sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * p))]
        : NaN;
    };
    const lines = [
      '## Soak',
      '',
      `- command: \`node bench/soak.mjs --minutes ${minutes} --sockets ${socketCount} --rate ${rate}\` (after \`npx nest build\`)`,
      `- date: ${startedAt.toISOString().slice(0, 16).replace('T', ' ')} UTC, ${((finishedAt - startedAt) / 60000).toFixed(1)} min in all; ${cpus().length} cores, ${(totalmem() / 2 ** 30).toFixed(0)} GB, Node ${process.version}, PostgreSQL ${db.version}${db.embedded ? ' (embedded)' : ''}; load average at the end ${loadavg()
        .map((l) => l.toFixed(2))
        .join(' / ')} (colleagues' runs may share the machine)`,
      `- the app: \`node dist/src/main.js\`, NODE_ENV=production, pool of 20, one instance; ${socketCount.toLocaleString('en')} Socket.IO clients (2 child processes) following 8 threads; 8 request lanes paced to ~${rate} requests/s: 70 % guest reads (thread pages, threads, forum lists, search, single posts), 20 % replies, 10 % flags`,
      '',
      '| check | result | figures |',
      '|---|---|---|',
      ...checks.map(
        ([name, ok, figures]) => `| ${name} | ${ok ? 'pass' : '**fail**'} | ${figures} |`,
      ),
      '',
      `Requests: ${counts.read.toLocaleString('en')} reads (p50 ${pct(latencies.read, 0.5).toFixed(1)} ms, p99 ${pct(latencies.read, 0.99).toFixed(1)} ms), ${counts.reply.toLocaleString('en')} replies (p50 ${pct(latencies.reply, 0.5).toFixed(1)} ms, p99 ${pct(latencies.reply, 0.99).toFixed(1)} ms), ${counts.flag.toLocaleString('en')} flags (p50 ${pct(latencies.flag, 0.5).toFixed(1)} ms, p99 ${pct(latencies.flag, 0.99).toFixed(1)} ms); live events delivered to the clients: ${end.socketEvents.toLocaleString('en')}.`,
      '',
      '| at | RSS (MB) | heap used (MB) | open fds | active handles | pool total / waiting | event loop lag p99 (ms) | sockets |',
      '|---|---:|---:|---:|---:|---|---:|---:|',
      ...samples
        .filter(
          (s, i) => s.label !== 'load' || i % Math.max(1, Math.floor(samples.length / 12)) === 0,
        )
        .map(
          (s) =>
            `| ${(s.at / 60000).toFixed(1)} min (${s.label}) | ${s.rssMb.toFixed(0)} | ${s.heapMb.toFixed(0)} | ${s.fds} | ${s.handles} | ${s.poolTotal} / ${s.poolWaiting} | ${s.lagMs.toFixed(1)} | ${s.sockets} |`,
        ),
      '',
      ...(errorSamples.length
        ? ['Failed requests (first ten):', '', ...errorSamples.map((e) => `- ${e}`), '']
        : []),
    ];
    writeSection(lines.join('\n'));
    for (const [name, ok, figures] of checks) log(`${ok ? 'pass' : 'FAIL'} ${name}: ${figures}`);
    if (checks.some(([, ok]) => !ok)) failures.push('soak checks failed');
  } catch (error) {
    failures.push(String(error?.stack ?? error));
    log(`failed: ${error?.stack ?? error}\n${app.log()}`);
  } finally {
    for (const child of workers) child.kill('SIGKILL');
    await app.stop();
    await db.stop();
  }
  process.exit(failures.length ? 1 : 0);
}

/** Replaces (or appends) the "## Soak" section of bench/RESULTS.md, keeping every other section. */
function writeSection(section) {
  const file = fromRoot('bench', 'RESULTS.md');
  const current = existsSync(file) ? readFileSync(file, 'utf8') : '# Benchmark results\n';
  const parts = current.split(/^(?=## )/m);
  const kept = parts.filter((p) => !p.startsWith('## Soak'));
  const text = `${kept.map((p) => p.trimEnd()).join('\n\n')}\n\n${section.trimEnd()}\n`;
  writeFileSync(file, text);
}
