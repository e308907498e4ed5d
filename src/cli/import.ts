import 'reflect-metadata';
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { fail } from '../bootstrap.js';
import { DomainError } from '../common/domain-error.js';
import { ImportService } from '../import/import.service.js';
import { withAppContext } from './cli-app.js';
import { formatSummary, progressBar } from './import-progress.js';

const usage = 'usage: npm run import -- FILE --forum SLUG [--title TITLE] [--forum-title TITLE]';

async function main(): Promise<void> {
  const { values, positionals } = parseArgs({
    allowPositionals: true,
    options: { forum: { type: 'string' }, title: { type: 'string' }, 'forum-title': { type: 'string' } },
  });
  const [file] = positionals;
  if (!file || !values.forum) fail(usage);
  if (!/^[a-z0-9]+(-[a-z0-9]+)*$/.test(values.forum)) fail('--forum must be a slug: lower-case letters and digits separated by dashes');
  let content: Buffer;
  try {
    content = readFileSync(file);
  } catch (error) {
    fail(`cannot read ${file}: ${(error as Error).message}`);
  }
  await withAppContext(async (app) => {
    const bar = progressBar('import');
    try {
      const summary = await app.get(ImportService).importDump(content, { forumSlug: values.forum!, title: values.title, forumTitle: values['forum-title'], onProgress: bar.update });
      bar.stop();
      process.stdout.write(`${formatSummary(summary)}\n`);
    } catch (error) {
      bar.stop();
      if (error instanceof DomainError) fail(`${file}: ${error.message}`);
      throw error;
    }
  });
}

main().catch(fail);
