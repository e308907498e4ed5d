// The thread list of the busy forum (100,000 threads): the first page and one 50,000 threads deep
// (keyset cursor), against the floor running the same SQL.
import pg from 'pg';
import { cannon, json } from './lib/http.mjs';

const cursorOf = (row) =>
  Buffer.from(
    JSON.stringify({
      pinned: row.pinned,
      at: new Date(row.last_post_at).toISOString(),
      id: row.id,
    }),
  ).toString('base64url');

export async function run(ctx) {
  const { app, floor, dataset } = ctx;
  const client = new pg.Client({ connectionString: ctx.db.url });
  await client.connect();
  let deepCursor;
  try {
    // bench-side only: find the thread half-way down the list to build its cursor
    const depth = Math.floor(dataset.threads / 2);
    const { rows } = await client.query(
      `SELECT t.pinned, t.last_post_at, t.id FROM threads t JOIN forums f ON f.id = t.forum_id
        WHERE f.slug = $1 AND t.merged_into_id IS NULL ORDER BY t.pinned DESC, t.last_post_at DESC, t.id DESC OFFSET $2 LIMIT 1`,
      [dataset.listForum, depth],
    );
    deepCursor = { depth, cursor: cursorOf(rows[0]) };
  } finally {
    await client.end();
  }
  const pages = [
    { label: 'first page', query: '' },
    {
      label: `${deepCursor.depth.toLocaleString('en')} threads deep`,
      query: `?cursor=${deepCursor.cursor}`,
    },
  ];
  const results = [];
  for (const page of pages) {
    const path = `/forums/${dataset.listForum}/threads${page.query}`;
    const check = (await json(`${app.url}/api${path}`)).body;
    if (check.items.length !== 25 || !check.next)
      throw new Error(`thread list ${page.label}: ${check.items.length} items`);
    await cannon({ url: `${app.url}/api${path}`, connections: 64, seconds: ctx.warmSeconds });
    const api = await cannon({
      url: `${app.url}/api${path}`,
      connections: 64,
      seconds: ctx.seconds,
    });
    const bare = await cannon({
      url: `${floor.url}${path}`,
      connections: 64,
      seconds: ctx.seconds,
    });
    ctx.checkRun(api, `thread list ${page.label}`);
    results.push(api);
    ctx.row({
      figure: `thread list (${dataset.threads.toLocaleString('en')} threads), ${page.label}, 64 connections`,
      value: api.rps,
      unit: 'req/s',
      baseline: bare.rps,
      baselineLabel: 'bare pg + node:http, same SQL',
    });
    ctx.row({
      figure: `thread list, ${page.label}: p99 latency`,
      value: api.p99,
      unit: 'ms',
      baseline: bare.p99,
      baselineLabel: 'floor p99',
      lowerIsBetter: true,
    });
  }
}
