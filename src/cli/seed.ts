import 'reflect-metadata';
import { fail } from '../bootstrap.js';
import { ImportService } from '../import/import.service.js';
import { readSeed, SEED } from '../import/seed.js';
import { withAppContext } from './cli-app.js';
import { formatSummary, progressBar } from './import-progress.js';

/** `npm run seed`: the original thread, idempotent. */
withAppContext(async (app) => {
  const bar = progressBar('seed');
  const summary = await app.get(ImportService).importDump(readSeed(), { forumSlug: SEED.forumSlug, forumTitle: SEED.forumTitle, onProgress: bar.update });
  bar.stop();
  process.stdout.write(`${formatSummary(summary)}\n`);
}).catch(fail);
