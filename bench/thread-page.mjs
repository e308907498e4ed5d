// The thread page API (GET /api/threads/:id/posts, a guest, 20 posts) at position 1, the middle
// and the last page of the megathread, against the floor running the same SQL.
import { cannon, json } from './lib/http.mjs';
import { rssSampler } from './lib/app.mjs';

export function pagePaths(threadId, lastPosition) {
  const middle = Math.ceil(lastPosition / 2);
  return [
    { label: 'position 1', path: `/threads/${threadId}/posts?after=0&limit=20`, first: 1 },
    {
      label: `position ${middle.toLocaleString('en')} (middle)`,
      path: `/threads/${threadId}/posts?around=${middle}&limit=20`,
      first: middle - 10,
    },
    {
      label: `position ${lastPosition.toLocaleString('en')} (last page)`,
      path: `/threads/${threadId}/posts?before=${lastPosition + 1}&limit=20`,
      first: lastPosition - 19,
    },
  ];
}

/** Two runs merged: requests and req/s summed and averaged, the worse p99. */
function merge(a, b) {
  return {
    ...a,
    requests: a.requests + b.requests,
    rps: (a.rps + b.rps) / 2,
    p99: Math.max(a.p99, b.p99),
    non2xx: a.non2xx + b.non2xx,
    errors: a.errors + b.errors,
  };
}

export async function run(ctx) {
  const { app, floor, dataset } = ctx;
  const thread = (await json(`${app.url}/api/threads/${dataset.megathreadId}`)).body;
  const pages = pagePaths(dataset.megathreadId, thread.lastPosition);
  const connections = 64;
  const sampler = rssSampler(app.pid);
  for (const page of pages) {
    // the answer is the right page before it is timed
    const check = (await json(`${app.url}/api${page.path}`)).body;
    if (check.items.length !== 20 || check.items[0].position !== page.first)
      throw new Error(
        `thread page ${page.label}: got positions ${check.items[0]?.position}..${check.items.at(-1)?.position}`,
      );
  }
  // each page twice, in the order first, middle, last, last, middle, first, so that the load on
  // the machine drifting during the run weighs on all three alike
  const runs = new Map(pages.map((page) => [page, []]));
  // (--quick: one pass)
  const order = ctx.quick ? pages : [...pages, ...[...pages].reverse()];
  for (const page of order) {
    const warm = runs.get(page).length === 0;
    if (warm)
      await cannon({ url: `${app.url}/api${page.path}`, connections, seconds: ctx.warmSeconds });
    const api = await cannon({
      url: `${app.url}/api${page.path}`,
      connections,
      seconds: ctx.seconds,
      title: page.label,
    });
    if (warm)
      await cannon({ url: `${floor.url}${page.path}`, connections, seconds: ctx.warmSeconds });
    const bare = await cannon({
      url: `${floor.url}${page.path}`,
      connections,
      seconds: ctx.seconds,
    });
    runs.get(page).push({ api, bare });
  }
  const figures = pages.map((page) => {
    const [one, two] = runs.get(page);
    if (!two) return { page, ...one };
    return { page, api: merge(one.api, two.api), bare: merge(one.bare, two.bare) };
  });
  for (const { page, api, bare } of figures) {
    ctx.checkRun(api, `thread page ${page.label}`);
    ctx.row({
      figure: `thread page API, ${page.label}, ${connections} connections`,
      value: api.rps,
      unit: 'req/s',
      baseline: bare.rps,
      baselineLabel: 'bare pg + node:http, same SQL',
      goal: '≥ 60% of floor',
      met: api.rps >= 0.6 * bare.rps,
    });
    ctx.row({
      figure: `thread page API, ${page.label}: p99 latency (worse of 2 runs)`,
      value: api.p99,
      unit: 'ms',
      baseline: bare.p99,
      baselineLabel: 'floor p99',
      lowerIsBetter: true,
    });
  }
  ctx.peakRssMb = Math.max(ctx.peakRssMb ?? 0, sampler.stop() / 1024);
  const first = figures[0].api;
  const last = figures.at(-1).api;
  ctx.row({
    figure: 'thread page: last page req/s vs first page',
    value: last.rps,
    unit: 'req/s',
    baseline: first.rps,
    baselineLabel: 'first page, same run',
    goal: 'within 15% of first',
    met: last.rps >= 0.85 * first.rps,
  });
  // pages differ in size (the posts on them do): the same comparison in bytes served per second
  const kb = (r) => (r.rps * r.bytesPerRequest) / 1024;
  ctx.row({
    figure: `thread page: last page vs first page in KB/s served (pages of ${Math.round(last.bytesPerRequest / 1024)} KB and ${Math.round(first.bytesPerRequest / 1024)} KB)`,
    value: kb(last),
    unit: 'KB/s',
    baseline: kb(first),
    baselineLabel: 'first page, same run',
    goal: 'within 15% of first',
    met: kb(last) >= 0.85 * kb(first),
  });
  ctx.bytesPerPage = first.bytesPerRequest;
}
