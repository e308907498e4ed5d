// Flags (members flag other members' replies) and the moderators' queue read.
import { BENCH_ADMIN } from './lib/app.mjs';
import { cannon, closedLoop, json } from './lib/http.mjs';
import { summarize } from './lib/stats.mjs';
import { writers } from './reply.mjs';

export async function run(ctx) {
  const { app } = ctx;
  const members = await writers(ctx);
  const posts = (ctx.replyThread?.posts ?? []).filter(
    (p) => p.state === undefined || p.state === 'visible',
  );
  if (posts.length < 32) throw new Error('flag bench needs the reply bench first');
  const reasons = ['spam', 'off-topic', 'unsourced', 'duplicate'];
  const flagged = new Set();
  const run = await closedLoop({
    concurrency: 8,
    seconds: ctx.writeSeconds,
    maxOps: posts.length * 3,
    worker: async (i, lane) => {
      // each flagger takes posts written by someone else, each post once
      const flagger = (lane + (i % 2) * 8) % members.length;
      const post = posts.find((p) => p.lane !== flagger && !flagged.has(`${p.id}:${flagger}`));
      if (!post) return;
      flagged.add(`${post.id}:${flagger}`);
      await json(`${app.url}/api/posts/${post.id}/flags`, {
        method: 'POST',
        token: members[flagger].token,
        body: { reason: reasons[i % reasons.length] },
        expect: [200, 201, 404, 409],
      });
    },
  });
  const flags = summarize(run.latencies);
  ctx.row({
    figure: 'flag a post: p99 (8 members at once)',
    value: flags.p99,
    unit: 'ms',
    lowerIsBetter: true,
  });
  ctx.row({
    figure: 'flag a post: throughput',
    value: run.latencies.length / run.elapsed,
    unit: 'flags/s',
  });
  const admin = await json(`${app.url}/api/auth/login`, { method: 'POST', body: BENCH_ADMIN });
  const headers = { authorization: `Bearer ${admin.body.accessToken}` };
  const check = await json(`${app.url}/api/moderation/queue`, { token: admin.body.accessToken });
  ctx.note(
    `Moderation queue: ${check.body.items.length} items on its first page after ${run.latencies.length} flags.`,
  );
  const queue = await cannon({
    url: `${app.url}/api/moderation/queue`,
    headers,
    connections: 16,
    seconds: ctx.seconds,
  });
  ctx.checkRun(queue, 'moderation queue');
  ctx.row({ figure: 'moderation queue read, 16 connections', value: queue.rps, unit: 'req/s' });
  ctx.row({
    figure: 'moderation queue read: p99',
    value: queue.p99,
    unit: 'ms',
    lowerIsBetter: true,
  });
}
