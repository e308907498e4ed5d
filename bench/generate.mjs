// Bench data: a megathread of N posts (dense positions 1..N), a busy forum of M threads, and the
// members who wrote them, written with server-side SQL (INSERT ... SELECT generate_series) in
// batches. Bodies are real: BBCode from a few thousand templates rendered by the app's own
// renderer (html, plain text, analysis, sources, quotes), each with a unique tail of words so
// search sees a varied corpus. The data is kept; a marker row lets later runs reuse it.
//
//   node bench/generate.mjs --url postgres://.../forum_bench [--posts 1000000] [--threads 100000]
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import cliProgress from 'cli-progress';
import pg from 'pg';
import { fromRoot } from './lib/paths.mjs';

/** Bump when the generated data changes shape: older bench databases are rebuilt. */
export const DATASET_VERSION = 4;
const TEMPLATE_COUNT = 3000;
/** posts on a thread page: the megathread's templates are dealt so that every page weighs the same */
const PAGE = 20;
const MEMBER_COUNT = 5000;
const BATCH = 20_000;
const FIRST_NAMES = [
  'alex',
  'boris',
  'chen',
  'dmitri',
  'elena',
  'farid',
  'gao',
  'hana',
  'ivan',
  'jun',
  'katya',
  'li',
  'maria',
  'nikolai',
  'olga',
  'pavel',
  'qing',
  'rustam',
  'sasha',
  'tanya',
  'umar',
  'vera',
  'wei',
  'xenia',
  'yuri',
  'zhang',
  'anna',
  'lena',
  'mike',
  'sam',
];
const OUTLET_URLS = [
  ['tass.com', (n) => `https://tass.com/politics/${n}`],
  ['www.rt.com', (n) => `https://www.rt.com/news/${n}-talks-moscow-beijing/`],
  ['www.globaltimes.cn', (n) => `https://www.globaltimes.cn/content/${n}.shtml`],
  ['sputniknews.com', (n) => `https://sputniknews.com/world/2018${n}.html`],
  ['www.xinhuanet.com', (n) => `http://www.xinhuanet.com/english/2018-03/19/c_${n}.htm`],
  ['www.reuters.com', (n) => `https://www.reuters.com/article/us-china-russia-${n}`],
];
const DATELINES = [
  'MOSCOW, March 3. /TASS/.',
  'BEIJING (Xinhua) --',
  'MOSCOW (Sputnik) -',
  'VLADIVOSTOK, September 12. /TASS/.',
  'SHANGHAI, Nov. 5 (Reuters) -',
  'ASTANA /Kazakhstan/, June 9. /TASS/.',
];

function mulberry32(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Common words from the seed thread, then rare made-up ones: picked with a skew, like real text. */
function vocabulary(seedText) {
  const counts = new Map();
  for (const word of seedText.toLowerCase().match(/[a-z]{3,}/g) ?? [])
    counts.set(word, (counts.get(word) ?? 0) + 1);
  const common = [...counts.entries()].sort((a, b) => b[1] - a[1]).map(([w]) => w);
  const syllables = [
    'ka',
    'lo',
    'mir',
    'sen',
    'tov',
    'ra',
    'bel',
    'dun',
    'vi',
    'zor',
    'pa',
    'gri',
    'nel',
    'shan',
    'tu',
    'mek',
    'os',
    'lin',
    'dra',
    'vek',
  ];
  const random = mulberry32(7);
  const rare = new Set();
  while (rare.size < 20_000) {
    const n = 2 + Math.floor(random() * 3);
    let w = '';
    for (let i = 0; i < n; i++) w += syllables[Math.floor(random() * syllables.length)];
    if (!counts.has(w)) rare.add(w);
  }
  return [...common, ...rare];
}

/** Sentences of the seed thread that screening leaves alone (generated posts are clean). */
function cleanSentences(seedText, screenText) {
  return seedText
    .replace(/\u00a0/g, ' ')
    .split(/(?<=[.!?])\s+/)
    .map((s) => s.replace(/\s+/g, ' ').trim())
    .filter(
      (s) =>
        s.length >= 25 && s.length <= 400 && /^[A-Z"“]/.test(s) && !/https?:|www\.|\[|\]/.test(s),
    )
    .filter((s) => screenText(s).length === 0);
}

/** The templates: source BBCode with placeholders for quoted post / member / name, rendered by the app. */
export async function buildTemplates(count = TEMPLATE_COUNT) {
  const { renderBody } = await import('../dist/src/posts/rendering/render-body.js');
  const { storedAnalysis } = await import('../dist/src/moderation/content-assessment.service.js');
  const { analyzePost, loadOutlets } =
    await import('../dist/src/moderation/analysis/analyze-post.js');
  const { screenText } = await import('../dist/src/moderation/screening/screen-text.js');
  const seedText = readFileSync(fromRoot('src', 'import', 'seed', 'original-thread.txt'), 'utf8');
  const sentences = cleanSentences(seedText, screenText);
  const outlets = loadOutlets();
  const random = mulberry32(42);
  const pick = (xs) => xs[Math.floor(random() * xs.length)];
  const paragraph = (min, max) =>
    Array.from({ length: min + Math.floor(random() * (max - min + 1)) }, () =>
      pick(sentences),
    ).join(' ');
  const templates = [];
  for (let n = 0; n < count; n++) {
    const roll = n === 0 ? 0 : random();
    let source;
    let quoteExcerpt = null;
    if (roll < 0.55) {
      // a member's opinion: one line to several paragraphs, some emphasis
      const paragraphs = Array.from({ length: 1 + Math.floor(random() * random() * 4) }, () =>
        paragraph(1, 4),
      );
      if (random() < 0.3)
        paragraphs[0] = `[b]${paragraphs[0].split(' ').slice(0, 4).join(' ')}[/b] ${paragraphs[0].split(' ').slice(4).join(' ')}`;
      if (random() < 0.15) paragraphs.push(`[i]${pick(sentences)}[/i]`);
      source = paragraphs.join('\n\n');
    } else if (roll < 0.85) {
      // a news repost: headline, dateline, article, source link, sometimes a comment
      const [outlet, urlOf] = pick(OUTLET_URLS);
      const url = urlOf(100000 + Math.floor(random() * 899999));
      const article = Array.from({ length: 2 + Math.floor(random() * 5) }, () => paragraph(2, 4));
      article[0] = `${pick(DATELINES)} ${article[0]}`;
      const headline = pick(sentences)
        .split(' ')
        .slice(0, 9)
        .join(' ')
        .replace(/[.,;:]$/, '');
      const credit = random() < 0.5 ? `Source: ${url}` : url;
      source = [headline, ...article, credit].join('\n\n');
      if (random() < 0.25) source += `\n\n***\n\n${paragraph(1, 2)}`;
      if (random() < 0.1) source += `\n\nMore at ${outlet}`;
    } else {
      // a reply quoting an earlier post of the thread
      quoteExcerpt = paragraph(1, 2);
      source = `[QUOTE="QUSER, post: 987654321, member: 87654321"]\n${quoteExcerpt}\n[/QUOTE]\n${paragraph(1, 3)}`;
    }
    const rendered = renderBody(source);
    const analysis = analyzePost(rendered.text, outlets, {});
    templates.push({
      n,
      source,
      html: rendered.html,
      text: rendered.text,
      kind: analysis.kind,
      analysis: JSON.stringify({
        ...storedAnalysis(analysis),
        duplicateOf: null,
        quotes: null,
        related: [],
        screening: [],
      }),
      sources: analysis.sources
        .map((s) => ({ url: s.url ?? null, outlet: s.outlet ?? null }))
        .filter((s) => s.url || s.outlet),
      quoteExcerpt: rendered.quotes[0]?.excerpt ?? quoteExcerpt,
    });
  }
  return { templates, vocabulary: vocabulary(seedText), sentences };
}

export async function datasetInfo(client) {
  const exists = await client.query(`SELECT to_regclass('bench_meta') IS NOT NULL AS ok`);
  if (!exists.rows[0].ok) return null;
  const rows = await client.query(`SELECT value FROM bench_meta WHERE key = 'dataset'`);
  return rows.rows[0]?.value ?? null;
}

function bar(title, total) {
  const progress = new cliProgress.SingleBar(
    {
      format: `  ${title.padEnd(22)} [{bar}] {percentage}% | {value}/{total} | {rate}/s | eta {eta_formatted}`,
      hideCursor: true,
      noTTYOutput: true,
      notTTYSchedule: 5000,
      stream: process.stderr,
    },
    cliProgress.Presets.shades_classic,
  );
  const started = Date.now();
  progress.start(total, 0, { rate: 0 });
  return {
    update: (value) =>
      progress.update(value, {
        rate: Math.round(value / Math.max(0.001, (Date.now() - started) / 1000)).toLocaleString(
          'en',
        ),
      }),
    stop: () => progress.stop(),
  };
}

/** `:name` placeholders to $n, so each statement sends only the values it uses. */
function named(sql, values) {
  const order = [];
  const text = sql.replace(/:([a-zA-Z]+)\b/g, (match, name, offset) => {
    if (sql[offset - 1] === ':') return match; // a ::cast
    if (!(name in values)) throw new Error(`no value for :${name}`);
    if (!order.includes(name)) order.push(name);
    return `$${order.indexOf(name) + 1}`;
  });
  return { text, values: order.map((name) => values[name]) };
}

// Which template a post uses, its author, and the post it quotes: pure functions of its number g.
// The megathread deals its templates in strata: sorted by weight (the bytes a page read returns
// for them, and their sources) they form PAGE strata of slotSize, and post g takes one from stratum
// (g - 1) % PAGE. Any PAGE consecutive posts so hold one template of each twentieth of the weights:
// the first, middle and last pages weigh the same, so comparing them measures the position, not the
// luck of the draw. Its first five posts (nothing earlier to quote) take quote-free ones. First
// posts of the busy forum's threads use only templates without a quote.
const templateJoin = (perThread, g) =>
  perThread
    ? `t.plain_n = ((${g})::bigint * 7919 % :plainCount)::int`
    : `t.n = (CASE WHEN ${g} <= 5 THEN (:firstPlain::int[])[${g}] ELSE ((${g} - 1) % ${PAGE}) * :slotSize + ((((${g} - 1) / ${PAGE})::bigint * 7919 + ((${g} - 1) % ${PAGE}) * 37) % :slotSize)::int END)`;
const AUTHOR_OF = (g) => `(:firstMember::int + ((${g})::bigint * 2654435761 % :memberCount)::int)`;
const WORDS = (count, skew) =>
  `array_to_string(ARRAY(SELECT (:vocab::text[])[1 + floor(power(random(), ${skew}) * array_length(:vocab::text[], 1))::int] FROM generate_series(1, ${count})), ' ')`;

/** Posts numbered lo..hi: of one thread (positions lo..hi), or first posts of threads threadBase + g. */
function postsSql(perThread) {
  const withQuote = (column) =>
    perThread
      ? `t.${column}`
      : `CASE WHEN t.quote_excerpt IS NULL THEN t.${column} ELSE replace(replace(replace(t.${column}, '987654321', (:postBase::bigint + s.g - (1 + s.g % 5))::text), '87654321', qu.id::text), 'QUSER', qu.username) END`;
  const deleted = perThread ? 'false' : 's.g % 397 = 0';
  return `
    WITH s AS (SELECT g, ${WORDS('4 + (g % 23) + 0 * g', 3)} AS tail FROM generate_series(:lo::int, :hi::int) g)
    INSERT INTO posts (id, thread_id, position, author_id, body_source, body_html, body_text, state, state_reason, kind, analysis, reaction_counts, created_at)
    SELECT :postBase::bigint + s.g, ${perThread ? ':thread::int + s.g' : ':thread::int'}, ${perThread ? '1' : 's.g'}, ${AUTHOR_OF('s.g')},
           ${withQuote('source')} || E'\n\n' || s.tail,
           ${withQuote('html')} || '<p>' || s.tail || '</p>',
           t.text || E'\n\n' || s.tail,
           CASE WHEN ${deleted} THEN 'deleted' ELSE 'visible' END,
           CASE WHEN ${deleted} THEN 'Deleted by its author' END,
           t.kind, t.analysis,
           CASE WHEN s.g % 5 = 0 THEN jsonb_build_object('like', 1 + s.g % 7) WHEN s.g % 13 = 0 THEN jsonb_build_object('like', 2, 'agree', 1 + s.g % 3) ELSE '{}'::jsonb END,
           :start::timestamptz + make_interval(secs => s.g * :step::float8)
      FROM s JOIN bench_templates t ON ${templateJoin(perThread, 's.g')}
      ${perThread ? '' : `LEFT JOIN users qu ON t.quote_excerpt IS NOT NULL AND qu.id = ${AUTHOR_OF('s.g - (1 + s.g % 5)')}`}`;
}

const QUOTES_SQL = `
  INSERT INTO post_quotes (post_id, quoted_post_id, quoted_author_name, excerpt, ordinal)
  SELECT :postBase::bigint + g, :postBase::bigint + g - (1 + g % 5), u.username, t.quote_excerpt, 0
    FROM generate_series(:lo::int, :hi::int) g
    JOIN bench_templates t ON ${templateJoin(false, 'g')}
    JOIN users u ON u.id = ${AUTHOR_OF('g - (1 + g % 5)')}
   WHERE t.quote_excerpt IS NOT NULL AND g > 5
   ORDER BY g`;

const sourcesSql = (perThread) => `
  INSERT INTO post_sources (post_id, url, outlet)
  SELECT :postBase::bigint + g, s.url, s.outlet
    FROM generate_series(:lo::int, :hi::int) g
    JOIN bench_templates t ON ${templateJoin(perThread, 'g')}
    JOIN bench_template_sources s ON s.n = t.n
   ORDER BY g, s.ord`;

const THREADS_SQL = `
  INSERT INTO threads (id, forum_id, slug, title, author_id, pinned, last_position, post_count, reply_count, last_post_at, last_post_id, last_post_user_id, created_at)
  SELECT :thread::int + g, :forum::int, coalesce(nullif(trim(both '-' from left(lower(regexp_replace(x.title, '[^A-Za-z0-9]+', '-', 'g')), 80)), ''), 'thread'), x.title,
         ${AUTHOR_OF('g')}, g <= 5, 1, 1, 0, x.at, :postBase::bigint + g, ${AUTHOR_OF('g')}, x.at
    FROM generate_series(:lo::int, :hi::int) g
    CROSS JOIN LATERAL (SELECT initcap(${WORDS('3 + g % 7', 2)}) AS title, :start::timestamptz + make_interval(secs => g * :step::float8) AS at) x`;

async function loadTemplates(client, built) {
  await client.query(`DROP TABLE IF EXISTS bench_templates, bench_template_sources`);
  await client.query(
    `CREATE TABLE bench_templates (n int PRIMARY KEY, plain_n int UNIQUE, source text, html text, text text, kind text, analysis jsonb, quote_excerpt text)`,
  );
  await client.query(`CREATE TABLE bench_template_sources (n int, ord int, url text, outlet text)`);
  if (built.templates.length % PAGE !== 0) throw new Error(`templates: a multiple of ${PAGE}`);
  const slotSize = built.templates.length / PAGE;
  const weight = (x) => x.source.length + x.html.length + x.analysis.length + 80 * x.sources.length;
  // renumbered so that template n is in stratum floor(n / slotSize); within one, in built order
  const t = [...built.templates]
    .sort((a, b) => weight(a) - weight(b))
    .map((x, rank) => ({ ...x, slot: Math.floor(rank / slotSize) }))
    .sort((a, b) => a.slot - b.slot || a.n - b.n)
    .map((x, n) => ({ ...x, n }));
  let plain = 0;
  const plainN = t.map((x) => (x.quoteExcerpt === null ? plain++ : null));
  const firstPlain = [0, 1, 2, 3, 4].map((slot) => t.find((x) => x.slot === slot && x.quoteExcerpt === null).n);
  await client.query(
    `INSERT INTO bench_templates SELECT * FROM unnest($1::int[], $2::int[], $3::text[], $4::text[], $5::text[], $6::text[], $7::jsonb[], $8::text[])`,
    [
      t.map((x) => x.n),
      plainN,
      t.map((x) => x.source),
      t.map((x) => x.html),
      t.map((x) => x.text),
      t.map((x) => x.kind),
      t.map((x) => x.analysis),
      t.map((x) => x.quoteExcerpt),
    ],
  );
  const sources = t.flatMap((x) => x.sources.map((s, ord) => ({ n: x.n, ord, ...s })));
  await client.query(
    `INSERT INTO bench_template_sources SELECT * FROM unnest($1::int[], $2::int[], $3::text[], $4::text[])`,
    [
      sources.map((s) => s.n),
      sources.map((s) => s.ord),
      sources.map((s) => s.url),
      sources.map((s) => s.outlet),
    ],
  );
  return { templateCount: t.length, plainCount: plain, slotSize, firstPlain };
}

/** Batches of BATCH numbers, on two connections at once (the search vector's parsing is CPU-bound). */
async function batches(clients, title, total, run) {
  const progress = bar(title, total);
  let next = 1;
  let done = 0;
  await Promise.all(
    clients.map(async (client) => {
      while (next <= total) {
        const lo = next;
        const hi = Math.min(total, lo + BATCH - 1);
        next = hi + 1;
        await client.query('BEGIN');
        await run(client, lo, hi);
        await client.query('COMMIT');
        done += hi - lo + 1;
        progress.update(done);
      }
    }),
  );
  progress.stop();
}

async function searchTerms(client, vocab) {
  const { rows } = await client.query(
    `SELECT w FROM unnest($1::text[]) WITH ORDINALITY AS v(w, i) WHERE length(w) >= 4 AND to_tsvector('english', w) <> ''::tsvector ORDER BY i`,
    [vocab.slice(0, 1500)],
  );
  const seedWords = rows.map((r) => r.w);
  const made = vocab.slice(seedWords.length > 0 ? vocab.length - 20_000 : 0);
  return [
    seedWords[2],
    seedWords[30],
    seedWords[150],
    seedWords[600],
    made[5],
    made[200],
    made[3000],
    made[15000],
    `${seedWords[40]} ${made[100]}`,
    `"${seedWords[8]} ${seedWords[9]}"`,
  ];
}

/** Fills the bench database unless its marker says it already holds this data. */
export async function ensureDataset(
  url,
  { posts, threads },
  log = (m) => process.stderr.write(`[bench] ${m}\n`),
) {
  const client = new pg.Client({ connectionString: url, statement_timeout: 0 });
  await client.connect();
  try {
    const info = await datasetInfo(client);
    if (
      info &&
      info.version === DATASET_VERSION &&
      info.posts === posts &&
      info.threads === threads
    ) {
      log(
        `reusing bench data: ${posts.toLocaleString('en')}-post thread, ${threads.toLocaleString('en')} threads (generated ${info.generatedAt})`,
      );
      return { ...info, reused: true };
    }
    const dirty = await client.query(
      `SELECT EXISTS (SELECT 1 FROM posts) OR EXISTS (SELECT 1 FROM forums) AS dirty`,
    );
    if (dirty.rows[0].dirty) return { needsReset: true };
    const started = Date.now();
    log(
      `generating bench data: a ${posts.toLocaleString('en')}-post thread and ${threads.toLocaleString('en')} threads`,
    );
    const built = await buildTemplates();
    const counts = await loadTemplates(client, built);
    const vocab = built.vocabulary;

    // members: named like people, never able to sign in (no password)
    const names = Array.from(
      { length: MEMBER_COUNT },
      (_, i) => `${FIRST_NAMES[i % FIRST_NAMES.length]}_${Math.floor(i / FIRST_NAMES.length) + 1}`,
    );
    const members = await client.query(
      `INSERT INTO users (username, role, created_at) SELECT name, 'member', timestamptz '2017-01-01' + make_interval(days => ord::int % 400)
         FROM unnest($1::text[]) WITH ORDINALITY AS m(name, ord) ORDER BY ord RETURNING id`,
      [names],
    );
    const firstMember = Math.min(...members.rows.map((r) => r.id));
    const forums = await client.query(
      `INSERT INTO forums (slug, title, description, position) VALUES
         ('bench-mega', 'Megathreads', 'Threads that never end', 1),
         ('bench-list', 'Busy forum', 'A forum with a hundred thousand threads', 2) RETURNING id, slug`,
    );
    const forumId = Object.fromEntries(forums.rows.map((r) => [r.slug, r.id]));
    const start = '2017-11-10T08:00:00Z';

    // the megathread
    const mega = await client.query(
      `INSERT INTO threads (forum_id, slug, title, author_id, created_at, last_post_at) VALUES ($1, 'china-russia-strategic-partnership-news-and-analyses', 'China-Russia Strategic Partnership: News and Analyses', $2, $3, $3) RETURNING id`,
      [forumId['bench-mega'], firstMember, start],
    );
    const megaId = mega.rows[0].id;
    const postBase = 0;
    // the search index is built once at the end: much faster than updating it row by row
    await client.query(`DROP INDEX posts_search_vector_idx`);
    const common = {
      firstMember,
      memberCount: MEMBER_COUNT,
      vocab,
      plainCount: counts.plainCount,
      slotSize: counts.slotSize,
      firstPlain: counts.firstPlain,
      start,
    };
    const q = (on, sql, values) => {
      const { text, values: ordered } = named(sql, values);
      return on.query(text, ordered);
    };
    const second = new pg.Client({ connectionString: url, statement_timeout: 0 });
    await second.connect();
    const workers = [client, second];
    await batches(workers, 'megathread posts', posts, async (on, lo, hi) => {
      const values = {
        ...common,
        thread: megaId,
        postBase,
        lo,
        hi,
        step: (5 * 365 * 86400) / posts,
      };
      await q(on, postsSql(false), values);
      await q(on, sourcesSql(false), values);
    });
    // quotes once every post they point to has committed (the batches above run side by side)
    await batches([client], 'megathread quotes', posts, async (on, lo, hi) => {
      await q(on, QUOTES_SQL, { ...common, postBase, lo, hi });
    });

    // the busy forum: threads with a first post each
    const threadBase = megaId;
    await batches(workers, 'forum threads', threads, async (on, lo, hi) => {
      const values = {
        ...common,
        thread: threadBase,
        forum: forumId['bench-list'],
        postBase: postBase + posts,
        lo,
        hi,
        step: (5 * 365 * 86400) / threads,
      };
      await q(on, THREADS_SQL, values);
      // fresh statistics: the foreign-key check of posts.thread_id was planned when threads held
      // one row (a sequential scan), and kept that plan as the table grew (hours, not minutes)
      await on.query('ANALYZE threads');
      await q(on, postsSql(true), values);
      await q(on, sourcesSql(true), values);
    });
    await second.end();
    // first posts get the thread's time, like a real new thread
    await client.query(
      `UPDATE posts p SET created_at = t.created_at FROM threads t WHERE t.forum_id = $1 AND p.thread_id = t.id`,
      [forumId['bench-list']],
    );

    log('search index, counters, sequences, vacuum analyze');
    await client.query(`SET maintenance_work_mem = '256MB'`);
    await client.query(`CREATE INDEX posts_search_vector_idx ON posts USING gin (search_vector)`);
    await client.query(
      `UPDATE threads t SET last_position = $2, post_count = c.n, reply_count = c.n - 1, last_post_at = l.created_at, last_post_id = l.id, last_post_user_id = l.author_id
         FROM (SELECT count(*)::int AS n FROM posts WHERE thread_id = $1 AND state = 'visible') c,
              (SELECT id, created_at, author_id FROM posts WHERE thread_id = $1 AND state = 'visible' ORDER BY position DESC LIMIT 1) l
        WHERE t.id = $1`,
      [megaId, posts],
    );
    await client.query(
      `UPDATE forums f SET thread_count = c.threads, post_count = c.posts, last_post_at = c.last
         FROM (SELECT forum_id, count(*)::int AS threads, sum(post_count)::int AS posts, max(last_post_at) AS last FROM threads GROUP BY forum_id) c
        WHERE c.forum_id = f.id`,
    );
    await client.query(
      `UPDATE users u SET post_count = c.n FROM (SELECT author_id, count(*)::int AS n FROM posts WHERE state = 'visible' GROUP BY author_id) c WHERE c.author_id = u.id`,
    );
    for (const table of ['users', 'forums', 'threads', 'posts', 'post_quotes', 'post_sources']) {
      await client.query(
        `SELECT setval(pg_get_serial_sequence('${table}', 'id'), GREATEST((SELECT max(id) FROM ${table}), 1))`,
      );
    }
    await client.query(`DROP TABLE bench_templates, bench_template_sources`);
    await client.query('VACUUM (ANALYZE) users, forums, threads, posts, post_quotes, post_sources');

    const info2 = {
      version: DATASET_VERSION,
      posts,
      threads,
      megathreadId: megaId,
      megaForum: 'bench-mega',
      listForum: 'bench-list',
      members: MEMBER_COUNT,
      generatedAt: new Date().toISOString(),
      generationSeconds: Math.round((Date.now() - started) / 1000),
      // search terms of several frequencies (stop words left out): the common ones match most posts
      searchTerms: await searchTerms(client, vocab),
    };
    await client.query(
      `CREATE TABLE IF NOT EXISTS bench_meta (key text PRIMARY KEY, value jsonb NOT NULL)`,
    );
    await client.query(
      `INSERT INTO bench_meta (key, value) VALUES ('dataset', $1) ON CONFLICT (key) DO UPDATE SET value = EXCLUDED.value`,
      [JSON.stringify(info2)],
    );
    log(`generated in ${info2.generationSeconds} s`);
    return { ...info2, reused: false };
  } finally {
    await client.end();
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const { values } = parseArgs({
    options: {
      url: { type: 'string' },
      posts: { type: 'string', default: '1000000' },
      threads: { type: 'string', default: '100000' },
    },
  });
  if (!values.url)
    throw new Error(
      'usage: node bench/generate.mjs --url postgres://... [--posts N] [--threads N]',
    );
  const result = await ensureDataset(values.url, {
    posts: Number(values.posts),
    threads: Number(values.threads),
  });
  if (result.needsReset) console.error('the database holds other data: use an empty one');
  else console.log(JSON.stringify(result, null, 2));
}
