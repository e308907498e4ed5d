// Replies with content analysis and screening on: 16 members write at once into one thread (its
// row is the lock every reply takes), each waiting for its answer before the next. Baseline: the
// floor's reply, the same INSERT/UPDATE statements in one transaction without the app around them.
import { buildTemplates } from './generate.mjs';
import { closedLoop, json, signIn } from './lib/http.mjs';
import { summarize } from './lib/stats.mjs';

export const WRITERS = 16;
const PACE_MS = 1000;

export async function writers(ctx) {
  if (ctx.writers) return ctx.writers;
  const list = [];
  for (let i = 1; i <= WRITERS; i++)
    list.push(await signIn(ctx.app.url, `bench_writer_${i}`, 'bench writer password'));
  ctx.writers = list;
  return list;
}

export async function run(ctx) {
  const { app, floor, dataset } = ctx;
  const members = await writers(ctx);
  const { templates } = await buildTemplates(400);
  const bodies = templates.filter((t) => t.quoteExcerpt === null).map((t) => t.source);
  const { body: created } = await json(`${app.url}/api/forums/${dataset.megaForum}/threads`, {
    method: 'POST',
    token: members[0].token,
    body: { title: `Reply benchmark ${new Date().toISOString()}`, body: bodies[0] },
  });
  const threadId = created.thread.id;
  const posts = [{ id: created.post.id, lane: 0 }];
  const reply = async (i, lane) => {
    const quote = i % 7 === 3 && posts.length > 2 ? [posts[posts.length - 2].id] : undefined;
    const { body } = await json(`${app.url}/api/threads/${threadId}/posts`, {
      method: 'POST',
      token: members[lane].token,
      body: {
        body: `${bodies[i % bodies.length]}\n\nReply ${i} of the benchmark.`,
        quotePostIds: quote,
      },
    });
    posts.push({ id: body.id, lane, state: body.state });
    return body;
  };
  // warm-up: fills the thread's comparison window (the analysis compares with the last 50 posts)
  await closedLoop({
    concurrency: 4,
    seconds: 60,
    maxOps: 60,
    worker: (i, lane) => reply(i + 100_000, lane),
  });
  // members who each reply every PACE_MS: the latency a member sees on a busy thread
  const paced = await closedLoop({
    concurrency: WRITERS,
    seconds: ctx.writeSeconds,
    intervalMs: PACE_MS,
    worker: (i, lane) => reply(i + 200_000, lane),
  });
  // and back to back: the most this one thread takes (every reply locks the thread's row)
  const runApp = await closedLoop({
    concurrency: WRITERS,
    seconds: ctx.writeSeconds,
    worker: (i, lane) => reply(i, lane),
  });
  for (const failures of [paced.failures, runApp.failures])
    if (failures.length) ctx.note(`Reply failures: ${failures.length} (first: ${failures[0]}).`);
  const states = posts.reduce(
    (acc, p) => ((acc[p.state ?? 'visible'] = (acc[p.state ?? 'visible'] ?? 0) + 1), acc),
    {},
  );
  const floorRun = await closedLoop({
    concurrency: WRITERS,
    seconds: ctx.writeSeconds,
    worker: async (i, lane) => {
      const res = await fetch(`${floor.url}/threads/${threadId}/posts`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-user-id': String(members[lane].user.id) },
        body: JSON.stringify({ body: `${bodies[i % bodies.length]}\n\nFloor reply ${i}.` }),
      });
      await res.text();
      if (res.status !== 201) throw new Error(`floor reply: ${res.status}`);
    },
  });
  const p = summarize(paced.latencies);
  const a = summarize(runApp.latencies);
  const b = summarize(floorRun.latencies);
  ctx.replyThread = { id: threadId, posts };
  ctx.note(
    `Replies into one thread by ${WRITERS} members: ${paced.latencies.length} paced (each member every ${PACE_MS} ms, ${Math.round((1000 * WRITERS) / PACE_MS)}/s offered) in ${paced.elapsed.toFixed(1)} s, then ${runApp.latencies.length} back to back in ${runApp.elapsed.toFixed(1)} s; states: ${Object.entries(
      states,
    )
      .map(([k, v]) => `${v} ${k}`)
      .join(', ')}. ` +
      "Back to back, latency is queueing: 16 writers ÷ throughput (Little's law).",
  );
  ctx.row({
    figure: `reply with analysis + screening, ${WRITERS} writers each every ${PACE_MS} ms: p99`,
    value: p.p99,
    unit: 'ms',
    baseline: b.p99,
    baselineLabel: 'floor p99, back to back',
    lowerIsBetter: true,
    goal: 'p99 under 30 ms',
    met: p.p99 < 30,
  });
  ctx.row({
    figure: `reply, ${WRITERS} writers each every ${PACE_MS} ms: p50`,
    value: p.p50,
    unit: 'ms',
    baseline: b.p50,
    baselineLabel: 'floor p50, back to back',
    lowerIsBetter: true,
  });
  ctx.row({
    figure: `reply, ${WRITERS} writers back to back: p99`,
    value: a.p99,
    unit: 'ms',
    baseline: b.p99,
    baselineLabel: 'floor p99: same writes, no app',
    lowerIsBetter: true,
    goal: 'p99 under 30 ms',
    met: a.p99 < 30,
  });
  ctx.row({
    figure: `reply, ${WRITERS} writers back to back: throughput`,
    value: runApp.latencies.length / runApp.elapsed,
    unit: 'posts/s',
    baseline: floorRun.latencies.length / floorRun.elapsed,
    baselineLabel: 'floor',
  });
}
