// Full-text search over every post (the megathread's plus the busy forum's first posts): terms of
// several frequencies in turn, 8 connections; against the floor running the same SQL.
import { cannon, json } from './lib/http.mjs';

export async function run(ctx) {
  const { app, floor, dataset } = ctx;
  // phrases ("a b") are timed apart: word adjacency is something GIN cannot answer (see below)
  const terms = dataset.searchTerms.filter((q) => !q.startsWith('"'));
  const phrases = dataset.searchTerms.filter((q) => q.startsWith('"'));
  const requests = (prefix) =>
    terms.map((q) => ({ method: 'GET', path: `${prefix}/search?q=${encodeURIComponent(q)}` }));
  // one pass for the record: how long each term takes alone, and how many it matches on the first page
  const perTerm = [];
  for (const q of [...terms, ...phrases]) {
    const t0 = performance.now();
    const { status, body } = await json(`${app.url}/api/search?q=${encodeURIComponent(q)}`, {
      expect: [200, 503],
    });
    const hits =
      status === 503
        ? ' (503: timed out)'
        : body.items.length < 20
          ? ` (${body.items.length} hits)`
          : '';
    perTerm.push(`\`${q}\` ${Math.round(performance.now() - t0)} ms${hits}`);
  }
  ctx.note(`Search terms, each alone, cold-ish: ${perTerm.join(', ')}.`);
  const connections = 8;
  await cannon({ url: app.url, requests: requests('/api'), connections, seconds: ctx.warmSeconds });
  const api = await cannon({
    url: app.url,
    requests: requests('/api'),
    connections,
    seconds: ctx.seconds * 2,
  });
  const bare = await cannon({
    url: floor.url,
    requests: requests(''),
    connections,
    seconds: ctx.seconds * 2,
  });
  ctx.checkRun(api, 'search');
  const posts = dataset.posts + dataset.threads;
  // one searcher at a time: the latency of the query itself, without queueing behind others
  const alone = await cannon({
    url: app.url,
    requests: requests('/api'),
    connections: 1,
    seconds: ctx.seconds,
  });
  const aloneBare = await cannon({
    url: floor.url,
    requests: requests(''),
    connections: 1,
    seconds: ctx.seconds,
  });
  ctx.row({
    figure: `search over ${posts.toLocaleString('en')} posts, ${terms.length} terms in turn, 1 connection: p99`,
    value: alone.p99,
    unit: 'ms',
    baseline: aloneBare.p99,
    baselineLabel: 'floor p99, same SQL',
    lowerIsBetter: true,
    goal: 'p99 under 50 ms',
    met: alone.p99 < 50,
  });
  ctx.row({
    figure: `search over ${posts.toLocaleString('en')} posts, ${terms.length} terms in turn, ${connections} connections: p99`,
    value: api.p99,
    unit: 'ms',
    baseline: bare.p99,
    baselineLabel: 'floor p99, same SQL',
    lowerIsBetter: true,
    goal: 'p99 under 50 ms',
    met: api.p99 < 50,
  });
  ctx.row({
    figure: 'search: throughput',
    value: api.rps,
    unit: 'req/s',
    baseline: bare.rps,
    baselineLabel: 'floor',
  });
  for (const phrase of phrases) {
    const times = [];
    let timedOut = 0;
    for (let i = 0; i < 3; i++) {
      const t0 = performance.now();
      const { status } = await json(`${app.url}/api/search?q=${encodeURIComponent(phrase)}`, {
        expect: [200, 503],
      });
      times.push(performance.now() - t0);
      if (status === 503) timedOut++;
    }
    if (timedOut)
      ctx.note(
        `Search for ${phrase}: ${timedOut} of 3 answered 503 at the app's request time limit.`,
      );
    ctx.row({
      figure: `search for the phrase ${phrase.replace(/"/g, '“').replace(/“([^“]*)“/, '“$1”')} (two common words), alone: worst of 3`,
      value: Math.max(...times),
      unit: 'ms',
      lowerIsBetter: true,
      goal: 'p99 under 50 ms',
      met: Math.max(...times) < 50,
    });
  }
}
