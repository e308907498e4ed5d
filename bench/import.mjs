// Import throughput: a generated dump in the seed's format (page chrome, title, posts separated
// by no-break-space lines) through `npm run import`'s command, posts per second of wall time.
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildTemplates } from './generate.mjs';
import { fromRoot } from './lib/paths.mjs';

export async function run(ctx) {
  const count = ctx.quick ? 150 : 1500;
  const { templates } = await buildTemplates(Math.min(3000, count + 200));
  const texts = templates
    .filter((t) => t.quoteExcerpt === null)
    .map((t, i) => `${t.text}\n\nPost ${i} of the import benchmark.`)
    .slice(0, count);
  const title = `Import benchmark ${new Date().toISOString()}`;
  const dir = mkdtempSync(join(tmpdir(), 'forum-bench-import-'));
  const file = join(dir, 'dump.txt');
  writeFileSync(
    file,
    `What's new\n\n${title}\n\n${texts.join('\n\u00a0\n')}\n\u00a0\nBack\nTop Bottom\n`,
  );
  const env = {
    ...process.env,
    NODE_ENV: 'production',
    DATABASE_URL: ctx.db.url,
    JWT_SECRET: 'bench-secret-that-is-long-enough-0123456789',
    LOG_LEVEL: 'warn',
    DATA_DIR: dir,
  };
  const started = performance.now();
  const output = await new Promise((resolve, reject) => {
    execFile(
      process.execPath,
      [
        fromRoot('dist', 'src', 'cli', 'import.js'),
        file,
        '--forum',
        'bench-import',
        '--forum-title',
        'Imported',
      ],
      { env, timeout: 600_000, maxBuffer: 10 << 20 },
      (error, stdout, stderr) =>
        error ? reject(new Error(`import failed: ${stderr.slice(-500)}`)) : resolve(stdout),
    );
  });
  const seconds = (performance.now() - started) / 1000;
  rmSync(dir, { recursive: true, force: true });
  const imported = Number(/posts:\s+(\d+)/.exec(output)?.[1] ?? NaN);
  if (imported !== texts.length)
    throw new Error(`import wrote ${imported} posts of ${texts.length}:\n${output}`);
  ctx.note(
    `Import: ${imported} posts in ${seconds.toFixed(1)} s wall time, command start (Nest context, migrations check) included.`,
  );
  ctx.row({
    figure: `import throughput (${imported.toLocaleString('en')}-post dump, analysis on)`,
    value: imported / seconds,
    unit: 'posts/s',
  });
}
