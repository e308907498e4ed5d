// Dates as copied articles print them. A dateline without a year ("DANANG, November 10. /TASS/.")
// takes its year only from another full date of the same post (its URL, a header line, an
// attachment name) or from the caller's hint; bare years in prose ("in 2016") are history, not a date.

export interface PartialDate {
  year: number | null;
  month: number;
  day: number;
  hour?: number;
  minute?: number;
  second?: number;
}

export type DateOrigin = 'dateline' | 'date-line' | 'source-line' | 'url' | 'attachment';

export interface DateCandidate {
  date: PartialDate;
  origin: DateOrigin;
  evidence: string;
  offset: number;
}

export interface ArticleDate {
  /** YYYY-MM-DD, or YYYY-MM-DDTHH:mm[:ss] when the source gives a time (local time of the source, no zone) */
  iso: string | null;
  origin: DateOrigin | null;
  evidence: string | null;
  /** the year came from another date of the post or from the hint, not from the dateline itself */
  yearInferred: boolean;
}

const MONTHS = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'];
export const MONTH_NAME =
  '(?:Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?|Sep(?:t(?:ember)?)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)\\.?';
const WEEKDAY = '(?:Mon|Tue|Wed|Thu|Fri|Sat|Sun)[a-z]*\\.?,?\\s+';

interface DatePattern {
  pattern: RegExp;
  read: (match: RegExpExecArray) => PartialDate;
}

const num = (text: string | undefined): number | undefined =>
  text === undefined ? undefined : Number(text);

const PATTERNS: DatePattern[] = [
  {
    // 2018-03-19, 2018-03-19 10:14:16, 2018-03-19T10:14
    pattern:
      /(?<![\d-])(\d{4})-(\d{1,2})-(\d{1,2})(?:[ T](\d{1,2}):(\d{2})(?::(\d{2}))?)?(?![\d-])/,
    read: (m) => ({
      year: +m[1],
      month: +m[2],
      day: +m[3],
      hour: num(m[4]),
      minute: num(m[5]),
      second: num(m[6]),
    }),
  },
  {
    // 15:30 17.11.2017
    pattern: /(?<![\d:])(\d{1,2}):(\d{2})\s+(\d{1,2})\.(\d{1,2})\.(\d{4})(?!\d)/,
    read: (m) => ({ year: +m[5], month: +m[4], day: +m[3], hour: +m[1], minute: +m[2] }),
  },
  {
    // 17.11.2017, 17.11.2017 15:30
    pattern: /(?<![\d.])(\d{1,2})\.(\d{1,2})\.(\d{4})(?:,?\s+(\d{1,2}):(\d{2}))?(?![\d.]\d)/,
    read: (m) => ({ year: +m[3], month: +m[2], day: +m[1], hour: num(m[4]), minute: num(m[5]) }),
  },
  {
    // 07:45, January 02, 2018 / Thu, Dec 14, 2017 / Jan 12, 2018
    pattern: new RegExp(
      `(?:(\\d{1,2}):(\\d{2}),?\\s+)?(?:${WEEKDAY})?(${MONTH_NAME})\\s+(\\d{1,2})(?:st|nd|rd|th)?,?\\s+(\\d{4})(?!\\d)`,
      'i',
    ),
    read: (m) => ({
      year: +m[5],
      month: monthNumber(m[3]),
      day: +m[4],
      hour: num(m[1]),
      minute: num(m[2]),
    }),
  },
  {
    // 17 November 2017
    pattern: new RegExp(
      `(?<!\\d)(\\d{1,2})(?:st|nd|rd|th)?\\s+(${MONTH_NAME}),?\\s+(\\d{4})(?!\\d)`,
      'i',
    ),
    read: (m) => ({ year: +m[3], month: monthNumber(m[2]), day: +m[1] }),
  },
];

/** The first full date (with a year) written in the text. */
export function findDate(text: string): { date: PartialDate; index: number; text: string } | null {
  let best: { date: PartialDate; index: number; text: string } | null = null;
  for (const { pattern, read } of PATTERNS) {
    const match = pattern.exec(text);
    if (!match || (best && best.index <= match.index)) continue;
    const date = read(match);
    if (isValid(date)) best = { date, index: match.index, text: match[0] };
  }
  return best;
}

/** "November 10", "Nov. 10" (a dateline's day without a year). */
export function parseMonthDay(text: string): PartialDate | null {
  const match = new RegExp(`^(${MONTH_NAME})\\s+(\\d{1,2})$`, 'i').exec(text.trim());
  if (!match) return null;
  const date = { year: null, month: monthNumber(match[1]), day: Number(match[2]) };
  return isValid(date) ? date : null;
}

/** Dates that sites put in paths: /201711171059188661-slug/, /2018/0102/, /2018/01/02/, /2018-01-02/. */
export function dateInUrl(url: string): PartialDate | null {
  const path = url.replace(/^(?:https?:\/\/)?[^/]+/i, '');
  const patterns = [
    /\/((?:19|20)\d{2})(\d{2})(\d{2})\d*(?=[-_/.]|$)/,
    /\/((?:19|20)\d{2})\/(\d{2})(\d{2})(?=\/)/,
    /\/((?:19|20)\d{2})[/-](\d{1,2})[/-](\d{1,2})(?=[/_.-]|$)/,
  ];
  for (const pattern of patterns) {
    const match = pattern.exec(path);
    if (!match) continue;
    const date = { year: +match[1], month: +match[2], day: +match[3] };
    if (isValid(date)) return date;
  }
  return null;
}

/** upload_2018-3-19_12-6-17.png (the forum's upload time) or a camera/agency name holding 20180319. */
export function dateInFileName(name: string): PartialDate | null {
  const upload = /((?:19|20)\d{2})-(\d{1,2})-(\d{1,2})(?:_(\d{1,2})-(\d{1,2})-(\d{1,2}))?/.exec(
    name,
  );
  if (upload) {
    const date = {
      year: +upload[1],
      month: +upload[2],
      day: +upload[3],
      hour: num(upload[4]),
      minute: num(upload[5]),
      second: num(upload[6]),
    };
    if (isValid(date)) return date;
  }
  const compact = /(?<!\d)((?:19|20)\d{2})(0[1-9]|1[0-2])(0[1-9]|[12]\d|3[01])/.exec(name);
  if (compact) {
    const date = { year: +compact[1], month: +compact[2], day: +compact[3] };
    if (isValid(date)) return date;
  }
  return null;
}

/**
 * Picks the article's date: the first dateline, header date line or source-line date; failing those
 * a date in a URL, then in an attachment name. A dateline without a year borrows one (see top).
 */
export function resolveArticleDate(
  candidates: readonly DateCandidate[],
  hintYear?: number,
): ArticleDate {
  const byOffset = [...candidates].sort((a, b) => a.offset - b.offset);
  const primary =
    byOffset.find(
      (c) => c.origin === 'dateline' || c.origin === 'date-line' || c.origin === 'source-line',
    ) ??
    byOffset.find((c) => c.origin === 'url') ??
    byOffset.find((c) => c.origin === 'attachment');
  if (!primary) return { iso: null, origin: null, evidence: null, yearInferred: false };
  const { date } = primary;
  if (date.year !== null) {
    return {
      iso: toIso({ ...date, year: date.year }),
      origin: primary.origin,
      evidence: primary.evidence,
      yearInferred: false,
    };
  }

  const dated = byOffset.find((c) => c.date.year !== null);
  let year: number | null = null;
  if (dated?.date.year != null) {
    // a December dateline next to a January URL belongs to the year before
    year = date.month - dated.date.month > 6 ? dated.date.year - 1 : dated.date.year;
  } else if (hintYear !== undefined) {
    year = hintYear;
  }
  return {
    iso: year === null ? null : toIso({ ...date, year }),
    origin: primary.origin,
    evidence: primary.evidence,
    yearInferred: year !== null,
  };
}

export function toIso(date: PartialDate & { year: number }): string {
  const pad = (value: number, width = 2) => String(value).padStart(width, '0');
  let iso = `${pad(date.year, 4)}-${pad(date.month)}-${pad(date.day)}`;
  if (date.hour !== undefined && date.minute !== undefined) {
    iso += `T${pad(date.hour)}:${pad(date.minute)}`;
    if (date.second !== undefined) iso += `:${pad(date.second)}`;
  }
  return iso;
}

function monthNumber(name: string): number {
  return MONTHS.indexOf(name.slice(0, 3).toLowerCase()) + 1;
}

function isValid(date: PartialDate): boolean {
  const { year, month, day, hour, minute, second } = date;
  if (year !== null && (year < 1900 || year > 2099)) return false;
  if (month < 1 || month > 12 || day < 1) return false;
  const days = new Date(Date.UTC(year ?? 2000, month, 0)).getUTCDate(); // 2000: a leap year, so Feb 29 stands
  if (day > days) return false;
  if (hour !== undefined && (hour > 23 || (minute ?? 0) > 59 || (second ?? 0) > 59)) return false;
  return true;
}
