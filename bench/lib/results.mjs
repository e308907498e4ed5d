// bench/RESULTS.md: one table of this run's figures with their same-run baselines, then notes.
// Sections written by other scripts (any "## " heading this harness does not own) are kept.
import { fmt } from './stats.mjs';

const OWNED = ['## Results', '## Notes', '## Live fan-out', '## Profile', '## Failures'];

function ratio(row) {
  if (
    row.baseline === undefined ||
    !Number.isFinite(row.baseline) ||
    !Number.isFinite(row.value) ||
    row.baseline === 0
  )
    return '';
  return `${(row.value / row.baseline).toFixed(2)}×`;
}

export function renderResults({ ctx, machine, command, started, finished, quick }) {
  const date = `${started.toISOString().slice(0, 16).replace('T', ' ')} UTC (${Math.round((finished - started) / 60000)} min)`;
  const pg = `PostgreSQL ${machine.postgres}, ${Object.entries(machine.postgresSettings)
    .map(([k, v]) => `${k} ${v}`)
    .join(', ')}`;
  const load = (l) => l.map((x) => x.toFixed(2)).join(' / ');
  const lines = [
    '# Benchmark results',
    '',
    quick
      ? '**Quick run: small data, 3-second runs. It checks the harness, its figures mean little.**\n'
      : '',
    `- command: \`${command}\``,
    `- date: ${date}`,
    `- machine: ${machine.cores} cores (${machine.cpu}), ${machine.memoryGb.toFixed(0)} GB memory, Node ${machine.node}, ${pg}`,
    `- load average (1/5/15 min) at the start: ${load(machine.loadAtStart)}, at the end: ${load(machine.loadAtEnd)}. The app, PostgreSQL, the load generator and the clients share these ${machine.cores} cores (and colleagues' test runs may too).`,
    `- data: a ${ctx.dataset.posts.toLocaleString('en')}-post thread (positions 1..${ctx.dataset.posts.toLocaleString('en')}), a forum of ${ctx.dataset.threads.toLocaleString('en')} threads, ${ctx.dataset.members.toLocaleString('en')} members; ${ctx.dataset.reused ? `reused from ${ctx.dataset.generatedAt}` : 'generated in this run'}.`,
    `- the app: \`node --max-semi-space-size=32 dist/src/main.js\` (as \`npm start\`), NODE_ENV=production, LOG_LEVEL=warn, pool of 20, rate limits and automatic slow mode off (the bench measures the paths, not the limits); the floor: the app's compiled repositories on a bare \`pg\` pool of 20 behind \`node:http\` (bench/lib/floor-server.mjs). autocannon ${ctx.seconds}-second runs after a ${ctx.warmSeconds}-second warm-up (thread pages: each page twice, in the order first, middle, last, last, middle, first, req/s averaged); readers are guests.`,
    '',
    '## Results',
    '',
    '| figure | value | baseline (same run) | ratio | goal |',
    '|---|---:|---|---:|---|',
  ];
  for (const row of ctx.rows) {
    const baseline =
      row.baseline === undefined ? '' : `${fmt(row.baseline)} ${row.unit} (${row.baselineLabel})`;
    const goal = row.goal ? `${row.goal}: ${row.met ? 'met' : '**not met**'}` : '';
    lines.push(
      `| ${row.figure} | ${fmt(row.value)} ${row.unit} | ${baseline} | ${ratio(row)} | ${goal} |`,
    );
  }
  lines.push(
    '',
    'Ratio is value ÷ baseline: for req/s higher is better, for ms and MB lower is better.',
    '',
  );
  if (ctx.notes.length) lines.push('## Notes', '', ...ctx.notes.map((n) => `- ${n}`), '');
  if (ctx.failures.length)
    lines.push(
      '## Failures',
      '',
      ...ctx.failures.map(
        (f) =>
          `- ${f.name}${f.fatal ? '' : ' (not counted as a crash)'}:\n\n\`\`\`\n${f.error.slice(0, 1500)}\n\`\`\``,
      ),
      '',
    );
  if (ctx.fanoutSection)
    lines.push(
      ctx.fanoutSection.startsWith('## ')
        ? ctx.fanoutSection
        : `## Live fan-out\n\n${ctx.fanoutSection}`,
      '',
    );
  if (ctx.profile)
    lines.push(
      '## Profile',
      '',
      'Self time of the hottest functions in the app process over the whole run (`--cpu-prof`):',
      '',
      '```',
      ctx.profile,
      '```',
      '',
    );
  return lines.filter((l, i, all) => !(l === '' && all[i - 1] === '')).join('\n');
}

/** This run's sections, then whatever sections of the previous file this harness does not own. */
export function mergeSections(previous, body) {
  const kept = [];
  const parts = previous.split(/\n(?=## )/);
  for (const part of parts.slice(1)) {
    const heading = part.split('\n')[0].trim();
    if (!OWNED.some((owned) => heading.startsWith(owned))) kept.push(part.trimEnd());
  }
  return `${body.trimEnd()}\n${kept.length ? `\n${kept.join('\n\n')}\n` : ''}`;
}
