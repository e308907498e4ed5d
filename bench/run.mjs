// The benchmark harness: `npm run bench` (nest build, then this). Generates or reuses the bench
// data, starts the built app in production mode and the bare floor server, runs each benchmark
// script, and rewrites bench/RESULTS.md with one table (figure, value, baseline measured in the
// same run, ratio, goal) plus the command, date and machine.
//
//   node bench/run.mjs [--quick] [--only thread-page,search,...] [--profile] [--no-write]
//
// --quick: small data and 3-second runs (about two minutes); it checks that the harness works and
// writes .data/bench/RESULTS.quick.md, never bench/RESULTS.md. Figures are never asserted: a run
// exits non-zero only when something crashed. --profile: the app runs with --cpu-prof and the
// hottest functions are listed. All traffic goes to 127.0.0.1.
import { execFile } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, totalmem, uptime } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { ensureDataset } from './generate.mjs';
import { adminQuery, provisionDatabase, vacuumLeftovers } from './lib/database.mjs';
import { fromRoot } from './lib/paths.mjs';
import { summarizeProfile } from './lib/profile.mjs';
import { renderResults, mergeSections } from './lib/results.mjs';

const { values } = parseArgs({
  options: {
    quick: { type: 'boolean', default: false },
    only: { type: 'string' },
    profile: { type: 'boolean', default: false },
    'no-write': { type: 'boolean', default: false },
  },
});
const quick = values.quick;
const log = (message) => process.stderr.write(`[bench] ${message}\n`);

const BENCHES = [
  'analysis',
  'thread-page',
  'thread-list',
  'search',
  'reply',
  'moderation',
  'fanout',
  'idle-sockets',
  'import',
  'instances',
];
const only = values.only ? values.only.split(',').map((s) => s.trim()) : BENCHES;
for (const name of only)
  if (!BENCHES.includes(name))
    throw new Error(`unknown benchmark ${name}; known: ${BENCHES.join(', ')}`);
if (only.includes('moderation') && !only.includes('reply')) only.push('reply');

const started = new Date();
const loadAtStart = loadavg();
const ctx = {
  quick,
  sizes: quick ? { posts: 20_000, threads: 5_000 } : { posts: 1_000_000, threads: 100_000 },
  seconds: quick ? 3 : 10,
  warmSeconds: quick ? 1 : 3,
  writeSeconds: quick ? 3 : 20,
  profileDir: values.profile ? fromRoot('.data', 'bench', `profile-${Date.now()}`) : null,
  rows: [],
  notes: [],
  failures: [],
  row(r) {
    this.rows.push(r);
    log(
      `${r.figure}: ${typeof r.value === 'number' ? r.value.toFixed(1) : r.value} ${r.unit}${r.baseline !== undefined ? ` (baseline ${Number(r.baseline).toFixed(1)})` : ''}`,
    );
  },
  note(text) {
    this.notes.push(text);
  },
  checkRun(result, label) {
    if (result.non2xx || result.errors)
      this.note(
        `${label}: ${result.non2xx} non-2xx answers and ${result.errors} errors of ${result.requests} requests.`,
      );
  },
};

function spawnAnalysis() {
  return new Promise((resolve, reject) =>
    execFile(
      process.execPath,
      [fromRoot('bench', 'analysis.mjs'), '--rounds', quick ? '5' : '100'],
      { timeout: 300_000 },
      (error, stdout) => (error ? reject(error) : resolve(JSON.parse(stdout))),
    ),
  );
}

async function step(name, work) {
  if (!only.includes(name)) return;
  log(`── ${name}`);
  const t0 = Date.now();
  try {
    await work();
  } catch (error) {
    // every benchmark failing is a crash: the quick run in CI is there to catch exactly that
    ctx.failures.push({ name, error: String(error?.stack ?? error), fatal: true });
    ctx.note(`${name} failed: ${String(error?.message ?? error).split('\n')[0]}`);
    log(`${name} FAILED: ${error?.stack ?? error}`);
  }
  log(`   ${name} took ${Math.round((Date.now() - t0) / 1000)} s`);
}

async function main() {
  await step('analysis', async () => {
    const result = await spawnAnalysis();
    ctx.row({
      figure: `content analysis + screening of one post (seed posts, ${result.averageChars} chars on average): median`,
      value: result.analysis.median,
      unit: 'ms',
      baseline: result.render.median,
      baselineLabel: 'BBCode rendering of the same post',
      lowerIsBetter: true,
    });
  });

  ctx.db = await provisionDatabase({ quick });
  let dataset = await ensureDataset(ctx.db.url, ctx.sizes, log);
  if (dataset.needsReset) {
    log(`${ctx.db.name} holds data of another shape: recreating it`);
    await adminQuery(ctx.db.adminUrl, `DROP DATABASE ${ctx.db.name} WITH (FORCE)`);
    await ctx.db.stop();
    ctx.db = await provisionDatabase({ quick });
    dataset = await ensureDataset(ctx.db.url, ctx.sizes, log);
  }
  ctx.dataset = dataset;
  if (!dataset.reused) ctx.note(`Data generated in this run in ${dataset.generationSeconds} s.`);
  if (dataset.reused && ctx.db.settings.autovacuum === 'off') {
    // a server without autovacuum keeps every dead row the last run's replies, flags and
    // notifications left; a production server would have vacuumed them long since
    const vacuumed = await vacuumLeftovers(ctx.db.url, log);
    if (vacuumed.length) ctx.note(`Autovacuum is off on this server: vacuumed what earlier runs left (${vacuumed.join(', ')}) before starting.`);
  }

  try {
    log('── startup');
    const startup = await import('./startup.mjs');
    await startup.run(ctx);
    for (const [name, file] of [
      ['thread-page', './thread-page.mjs'],
      ['thread-list', './thread-list.mjs'],
      ['search', './search.mjs'],
      ['reply', './reply.mjs'],
      ['moderation', './moderation.mjs'],
      ['fanout', './fanout-run.mjs'],
      ['idle-sockets', './idle-sockets.mjs'],
      ['import', './import.mjs'],
    ]) {
      await step(name, async () => (await import(file)).run(ctx));
    }
    if (ctx.peakRssMb)
      ctx.row({
        figure: 'peak RSS under load (thread page, 64 connections)',
        value: ctx.peakRssMb,
        unit: 'MB',
        baseline: ctx.idleRssMb,
        baselineLabel: 'idle RSS of the same process',
        lowerIsBetter: true,
      });
    await step('instances', async () => (await import('./instances.mjs')).run(ctx));
  } finally {
    await ctx.app?.stop();
    await ctx.floor?.stop();
    await ctx.db.stop();
  }

  if (ctx.profileDir && existsSync(ctx.profileDir)) {
    const files = readdirSync(ctx.profileDir)
      .filter((f) => f.endsWith('.cpuprofile'))
      .map((f) => join(ctx.profileDir, f));
    ctx.profile = files.length ? summarizeProfile(files.at(-1)) : null;
    if (ctx.profile) log(`profile: ${files.at(-1)}\n${ctx.profile}`);
  }

  const machine = {
    cores: cpus().length,
    cpu: cpus()[0]?.model?.trim() ?? 'unknown CPU',
    memoryGb: totalmem() / 2 ** 30,
    node: process.version,
    postgres: `${ctx.db.version}${ctx.db.embedded ? ' (embedded)' : ' (DATABASE_URL server)'}`,
    postgresSettings: ctx.db.settings,
    loadAtStart,
    loadAtEnd: loadavg(),
    uptimeHours: uptime() / 3600,
  };
  const command = `npm run bench${quick ? ' -- --quick' : ''}${values.only ? ` -- --only ${values.only}` : ''}`;
  const body = renderResults({ ctx, machine, command, started, finished: new Date(), quick });
  process.stdout.write(`${body}\n`);
  if (!values['no-write']) {
    const file =
      quick || values.only
        ? fromRoot('.data', 'bench', `RESULTS${quick ? '.quick' : '.partial'}.md`)
        : fromRoot('bench', 'RESULTS.md');
    mkdirSync(join(file, '..'), { recursive: true });
    const previous = existsSync(file) ? readFileSync(file, 'utf8') : '';
    writeFileSync(file, mergeSections(previous, body));
    log(`wrote ${file}`);
  }
  const fatal = ctx.failures.filter((f) => f.fatal);
  if (fatal.length) {
    log(`${fatal.length} benchmark(s) crashed: ${fatal.map((f) => f.name).join(', ')}`);
    process.exitCode = 1;
  }
}

const hardStop = setTimeout(() => {
  log('the harness ran past its 60-minute limit: stopping');
  process.exit(1);
}, 60 * 60_000);
hardStop.unref();

main().then(
  () => process.exit(process.exitCode ?? 0),
  (error) => {
    log(`crashed: ${error?.stack ?? error}`);
    process.exit(1);
  },
);
