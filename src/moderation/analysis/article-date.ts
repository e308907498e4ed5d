import {
  type ArticleDate,
  type DateCandidate,
  dateInFileName,
  dateInUrl,
  findDate,
  parseMonthDay,
  resolveArticleDate,
} from './dates.js';
import type { Layout } from './layout.js';
import { findUrls } from './sources.js';

export interface DateHints {
  attachments?: string[];
  year?: number;
}

/**
 * Collects the dates an article shows (dateline, header date line, source line, its URLs) and the
 * attachment names' dates, then picks one (see resolveArticleDate). Without an article (opinion),
 * only URLs in the text and attachment names count.
 */
export function articleDateOf(text: string, layout: Layout | null, hints: DateHints): ArticleDate {
  const candidates: DateCandidate[] = [];
  if (layout?.dateline?.monthDay) {
    const { dateline } = layout;
    const partial = parseMonthDay(dateline.monthDay ?? '');
    if (partial) {
      candidates.push({
        date: { ...partial, year: dateline.year },
        origin: 'dateline',
        evidence: dateline.text.trim(),
        offset: dateline.offset,
      });
    }
  }
  for (const line of layout?.dateLines ?? []) {
    const found = findDate(line.text);
    if (found) {
      candidates.push({
        date: found.date,
        origin: 'date-line',
        evidence: line.text.trim(),
        offset: line.start,
      });
    }
  }
  for (const line of layout?.sourceLines ?? []) {
    const found = findDate(line.text);
    if (found) {
      candidates.push({
        date: found.date,
        origin: 'source-line',
        evidence: line.text.trim(),
        offset: line.start,
      });
    }
  }
  const start = layout?.region.start ?? 0;
  for (const { url, offset } of findUrls(text.slice(start, layout?.region.end ?? text.length))) {
    const date = dateInUrl(url);
    if (date) candidates.push({ date, origin: 'url', evidence: url, offset: start + offset });
  }
  for (const name of hints.attachments ?? []) {
    const date = dateInFileName(name);
    if (date) candidates.push({ date, origin: 'attachment', evidence: name, offset: text.length });
  }
  return resolveArticleDate(candidates, hints.year);
}
