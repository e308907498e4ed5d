import cliProgress from 'cli-progress';
import type { ImportSummary } from '../import/import.service.js';

/** A progress bar on stderr (stdout keeps the summary clean for scripts). */
export function progressBar(label: string): { update: (done: number, total: number) => void; stop: () => void } {
  const bar = new cliProgress.SingleBar(
    { format: `${label} [{bar}] {percentage}% | {value}/{total} posts | {eta_formatted} left`, stream: process.stderr, hideCursor: true, noTTYOutput: true, notTTYSchedule: 1000 },
    cliProgress.Presets.shades_classic,
  );
  let started = false;
  return {
    update(done, total) {
      if (!started) {
        bar.start(total, 0);
        started = true;
      }
      bar.update(done);
    },
    stop: () => started && bar.stop(),
  };
}

export function formatSummary(summary: ImportSummary): string {
  if (summary.alreadyImported) return `already imported: "${summary.title}" (thread ${summary.threadId}, ${summary.posts} posts); nothing changed`;
  const kinds = Object.entries(summary.kinds).map(([k, n]) => `${n} ${k}`).join(', ');
  return [
    `imported "${summary.title}" into /f/${summary.forumSlug} as thread ${summary.threadId}`,
    `  posts:      ${summary.posts} (${kinds})`,
    `  sources:    ${summary.sources}`,
    `  quotes:     ${summary.quotes}`,
    `  duplicates: ${summary.duplicates}, related stories: ${summary.related}`,
    `  held for review: ${summary.hidden}`,
  ].join('\n');
}
