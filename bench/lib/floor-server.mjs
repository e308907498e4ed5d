// The floor: the app's own repository SQL (the compiled repositories, handed a pg pool in place of
// TypeORM) behind a bare node:http server. No Nest, no validation, no mapping: what is left is
// PostgreSQL, the pg driver and JSON. Started by run.mjs as a child process, like the app.
//   node bench/lib/floor-server.mjs --database-url URL [--pool 20]
import 'reflect-metadata';
import { createServer } from 'node:http';
import { parseArgs } from 'node:util';
import pg from 'pg';
import { PreparingClient } from '../../dist/src/database/prepared-statements.js';
import { PostsRepository } from '../../dist/src/posts/posts.repository.js';
import { SearchRepository } from '../../dist/src/search/search.repository.js';
import { ThreadsRepository } from '../../dist/src/threads/threads.repository.js';

const { values } = parseArgs({
  options: { 'database-url': { type: 'string' }, pool: { type: 'string', default: '20' } },
});
// the app's driver set-up too: statements prepared once per connection, as the app does
const pool = new pg.Pool({
  connectionString: values['database-url'],
  max: Number(values.pool),
  Client: PreparingClient,
});

// TypeORM answers UPDATE/DELETE with [rows, rowCount] and everything else with rows: so does this.
const shape = (result) =>
  result.command === 'UPDATE' || result.command === 'DELETE'
    ? [result.rows, result.rowCount]
    : result.rows;
const dataSource = {
  options: {},
  query: async (sql, params) => shape(await pool.query(sql, params)),
  async transaction(work) {
    const client = await pool.connect();
    try {
      await client.query('BEGIN');
      const result = await work({
        query: async (sql, params) => shape(await client.query(sql, params)),
      });
      await client.query('COMMIT');
      return result;
    } catch (error) {
      await client.query('ROLLBACK').catch(() => undefined);
      throw error;
    } finally {
      client.release();
    }
  },
};
const posts = new PostsRepository(dataSource);
const threads = new ThreadsRepository(dataSource);
const search = new SearchRepository(dataSource);

const send = (res, status, body) => {
  const text = JSON.stringify(body);
  res.writeHead(status, {
    'content-type': 'application/json; charset=utf-8',
    'content-length': Buffer.byteLength(text),
  });
  res.end(text);
};
const int = (v) => (v === null || v === undefined || v === '' ? undefined : Number(v));

async function handle(req, res) {
  const url = new URL(req.url, 'http://floor');
  let m;
  if (req.method === 'GET' && (m = /^\/threads\/(\d+)\/posts$/.exec(url.pathname))) {
    // the same two statements as GET /api/threads/:id/posts
    const threadId = Number(m[1]);
    const limit = int(url.searchParams.get('limit')) ?? 20;
    const thread = await posts.threadForWrite(threadId);
    if (!thread) return send(res, 404, {});
    const around = int(url.searchParams.get('around'));
    const before = int(url.searchParams.get('before'));
    let rows;
    if (around !== undefined)
      rows = await posts.pageOfPosts(
        threadId,
        {
          after: Math.max(
            0,
            Math.min(around - 1 - Math.floor(limit / 2), thread.last_position - limit),
          ),
          limit,
        },
        null,
      );
    else if (before !== undefined)
      rows = await posts.pageOfPosts(threadId, { before, limit }, null);
    else
      rows = await posts.pageOfPosts(
        threadId,
        { after: int(url.searchParams.get('after')) ?? 0, limit },
        null,
      );
    return send(res, 200, { items: rows, next: null, prev: null });
  }
  if (req.method === 'GET' && (m = /^\/forums\/([a-z0-9-]+)\/threads$/.exec(url.pathname))) {
    const [forum] = await dataSource.query(`SELECT id FROM forums WHERE slug = $1 LIMIT 1`, [m[1]]);
    if (!forum) return send(res, 404, {});
    const cursor = url.searchParams.get('cursor');
    const after = cursor ? JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) : null;
    const rows = await threads.pageOfThreads(forum.id, null, after, 26);
    return send(res, 200, { items: rows.slice(0, 25), next: null, prev: null });
  }
  if (req.method === 'GET' && url.pathname === '/search') {
    const rows = await search.search(url.searchParams.get('q') ?? '', {}, null, 21);
    return send(res, 200, { items: rows.slice(0, 20), next: null, prev: null });
  }
  if (req.method === 'POST' && (m = /^\/threads\/(\d+)\/posts$/.exec(url.pathname))) {
    // a reply's writes without the app's reading, rendering, analysis and screening
    let raw = '';
    for await (const chunk of req) raw += chunk;
    const { body } = JSON.parse(raw);
    const authorId = Number(req.headers['x-user-id']);
    const threadId = Number(m[1]);
    const created = await dataSource.transaction((manager) =>
      posts.insertPost(
        manager,
        {
          threadId,
          authorId,
          bodySource: body,
          bodyHtml: `<p>${body}</p>`,
          bodyText: body,
          state: 'visible',
          stateReason: null,
          kind: 'opinion',
          analysis: null,
        },
        { quotes: [], sources: [], attachments: [], watchAndRead: true },
      ),
    );
    const row = await posts.findPost(created.id, authorId);
    return send(res, 201, row);
  }
  send(res, 404, {});
}

const server = createServer((req, res) => {
  handle(req, res).catch((error) => send(res, 500, { error: String(error?.message ?? error) }));
});
server.keepAliveTimeout = 65_000;
server.listen(0, '127.0.0.1', () =>
  process.send?.({ cmd: 'listening', port: server.address().port, pid: process.pid }),
);
process.on('SIGTERM', () => server.close(() => pool.end().then(() => process.exit(0))));
