import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { closeAllLive, connectLive } from '../support/live-client.js';
import { startTestApp, type TestApp } from '../support/test-app.js';
import { type Cast, createCast, memberOf, ROLES, type RoleName } from './support/cast.js';
import { freshMember, pendingPost } from './support/fixtures.js';
import { builders, type Cell } from './support/routes.js';
import { isErrorBody } from './support/error-body.js';

// The authorization matrix: every route of the OpenAPI document (plus the few outside it) and
// every socket event, for every role, against the outcome written in authorization-matrix.json.
// A route or event with no row there fails the run, and so does a row for a route that is gone.

type Expected = number | 'ok';
interface Matrix {
  roles: RoleName[];
  http: Record<string, Record<RoleName, Expected>>;
  socket: Record<string, Record<RoleName, Expected>>;
  /** "http|socket" + "|<row>|<role>" → the outcome today, where it differs from the row */
  knownGaps: Record<string, { actual: Expected; why: string } | string>;
}

/** The outcome a cell must show today: its row's, unless a known gap says otherwise. */
function outcomeToday(
  kind: 'http' | 'socket',
  key: string,
  role: RoleName,
): { expected: Expected; gap: boolean } {
  const gap = matrix.knownGaps[`${kind}|${key}|${role}`];
  if (gap && typeof gap === 'object') return { expected: gap.actual, gap: true };
  return { expected: matrix[kind][key][role], gap: false };
}

const here = dirname(fileURLToPath(import.meta.url));
const matrix = JSON.parse(readFileSync(join(here, 'authorization-matrix.json'), 'utf8')) as Matrix;

/** Routes the app serves outside the OpenAPI document. */
const OUTSIDE_OPENAPI = ['GET /metrics'];

const routeOf = (key: string) => key.split('#')[0];

describe('authorization matrix', () => {
  let t: TestApp;
  let cast: Cast;
  let openapiRoutes: string[];

  beforeAll(async () => {
    t = await startTestApp({
      DATABASE_POOL_SIZE: '10',
      FLAGS_PER_MINUTE: '10000',
      AUTO_SLOW_MODE_REPLIES_PER_MINUTE: '0',
      LOGIN_ATTEMPTS_PER_MINUTE: '10000',
    });
    cast = await createCast(t);
    const doc = (await t.http().get('/api/docs-json')).body as {
      paths: Record<string, Record<string, unknown>>;
    };
    openapiRoutes = Object.entries(doc.paths).flatMap(([path, ops]) =>
      Object.keys(ops).map((method) => `${method.toUpperCase()} ${path}`),
    );
  }, 120_000);
  afterAll(async () => {
    closeAllLive();
    await t?.close();
  });

  it('has a row for every route of the OpenAPI document, and no row for a route that is gone', () => {
    const known = new Set([...openapiRoutes, ...OUTSIDE_OPENAPI]);
    const missing = [...known].filter((route) => !matrix.http[route]);
    const stale = Object.keys(matrix.http).filter((key) => !known.has(routeOf(key)));
    const unbuilt = Object.keys(matrix.http).filter((key) => !builders[key]);
    expect({ missing, stale, unbuilt }).toEqual({ missing: [], stale: [], unbuilt: [] });
    expect(openapiRoutes.length).toBeGreaterThan(50);
  });

  it('names only real cells in its known gaps', () => {
    const bogus = Object.keys(matrix.knownGaps).filter((key) => {
      if (key === '$comment') return false;
      const [kind, row, role] = key.split('|') as ['http' | 'socket', string, string];
      return (
        !(kind === 'http' || kind === 'socket') ||
        !matrix[kind]?.[row] ||
        !ROLES.includes(role as RoleName)
      );
    });
    expect(bogus).toEqual([]);
  });

  it('writes down an outcome for every role in every row', () => {
    const incomplete = [...Object.entries(matrix.http), ...Object.entries(matrix.socket)]
      .filter(([, row]) => ROLES.some((role) => row[role] === undefined))
      .map(([key]) => key);
    expect(incomplete).toEqual([]);
    expect(matrix.roles).toEqual([...ROLES]);
  });

  describe('HTTP', () => {
    for (const key of Object.keys(matrix.http)) {
      it(`${key}`, async () => {
        const [method, path] = routeOf(key).split(' ');
        const mismatches: string[] = [];
        for (const role of ROLES) {
          const { expected, gap } = outcomeToday('http', key, role);
          const call = await builders[key]({ role, actor: memberOf(cast, role), t, cast });
          let req = t
            .http()
            [method.toLowerCase() as 'get' | 'post' | 'put' | 'patch' | 'delete'](call.path)
            .redirects(0);
          if (role !== 'guest') req = req.set('Authorization', cast[role].auth);
          if (call.query) req = req.query(call.query);
          const res = call.body ? await req.send(call.body) : await req;
          if (res.status !== expected)
            mismatches.push(
              `${role}: expected ${expected}${gap ? ' (a known gap: if it is closed, remove it from knownGaps)' : ''}, got ${res.status} ${JSON.stringify(res.body).slice(0, 200)}`,
            );
          if (res.status >= 400 && !isErrorBody(res.body, res.status))
            mismatches.push(
              `${role}: ${res.status} without the standard error body: ${JSON.stringify(res.body).slice(0, 200)}`,
            );
        }
        expect({ route: `${method} ${path}`, mismatches }).toEqual({
          route: `${method} ${path}`,
          mismatches: [],
        });
      }, 60_000);
    }
  });

  describe('socket events', () => {
    it('lists every event the server accepts', async () => {
      const { CLIENT_EVENTS } = await import('../../src/realtime/realtime.service.js');
      const rows = new Set(Object.keys(matrix.socket).map(routeOf));
      expect([...CLIENT_EVENTS].filter((e) => !rows.has(e))).toEqual([]);
      expect([...rows].filter((e) => !CLIENT_EVENTS.has(e))).toEqual([]);
    });

    const socketCalls: Record<
      string,
      (cell: Cell, client: Awaited<ReturnType<typeof connectLive>>) => Promise<[string, unknown]>
    > = {
      'thread:join': async ({ cast }) => ['thread:join', { threadId: cast.thread.id }],
      'thread:join#pending-catch-up': async ({ t, cast }) => {
        const pending = await pendingPost(t, cast);
        return ['thread:join', { threadId: pending.threadId, afterPosition: 0 }];
      },
      'thread:leave': async ({ cast }, client) => {
        await client.request('thread:join', { threadId: cast.thread.id });
        return ['thread:leave', { threadId: cast.thread.id }];
      },
      'forum:join': async ({ cast }) => ['forum:join', { slug: cast.forum.slug }],
      'forum:leave': async ({ cast }, client) => {
        await client.request('forum:join', { slug: cast.forum.slug });
        return ['forum:leave', { slug: cast.forum.slug }];
      },
      typing: async ({ cast }, client) => {
        await client.request('thread:join', { threadId: cast.thread.id });
        return ['typing', { threadId: cast.thread.id }];
      },
      'member:join': async ({ actor, cast }) => [
        'member:join',
        { userId: actor?.id ?? cast.member.id },
      ],
      'member:join#someone-else': async ({ t }) => [
        'member:join',
        { userId: (await freshMember(t)).id },
      ],
      // sent as the client sends it, without a payload (an empty object is refused: see docs/security.md)
      'moderators:join': async () => ['moderators:join', undefined],
    };

    for (const key of Object.keys(matrix.socket)) {
      it(`${key}`, async () => {
        expect(socketCalls[key]).toBeDefined();
        const mismatches: string[] = [];
        for (const role of ROLES) {
          const { expected, gap } = outcomeToday('socket', key, role);
          const actor = memberOf(cast, role);
          const client = await connectLive(t.baseUrl, actor ? { token: actor.token } : {});
          const [event, payload] = await socketCalls[key]({ role, actor, t, cast }, client);
          const ack = await client.request(event, payload);
          const got = ack.ok ? 'ok' : ack.error.statusCode;
          if (got !== expected)
            mismatches.push(
              `${role}: expected ${expected}${gap ? ' (a known gap: if it is closed, remove it from knownGaps)' : ''}, got ${JSON.stringify(ack)}`,
            );
          if (!ack.ok && !isErrorBody(ack.error, ack.error.statusCode))
            mismatches.push(`${role}: error ack without the standard body`);
          client.close();
        }
        expect({ event: key, mismatches }).toEqual({ event: key, mismatches: [] });
      }, 60_000);
    }
  });
});
