import { DumpFormatError } from './dump-format.error.js';
import { FOOTER_CHROME, FOOTER_MAX_LINES, HEADER_CHROME } from './page-chrome.js';

export interface DumpPost {
  /** 0-based position in the dump (page chrome and empty chunks are not counted) */
  index: number;
  text: string;
  /** bare file names that stood on their own line, in order of appearance */
  attachments: string[];
}

export interface ParsedDump {
  title: string;
  posts: DumpPost[];
}

// The dump separates posts with a line holding one no-break space and nothing else.
const SEPARATOR = /^[ \t]*\u00a0[ \t]*$/;
const ATTACHMENT = /^[\p{L}\p{N}_.()~+%-]+\.(?:jpe?g|png|gif|webp)$/iu;
const BLANK = /^\s*$/;
const TITLE_MAX_LENGTH = 300;
const FOOTER_LINE_MAX_LENGTH = 60;

/**
 * Parses a plain-text XenForo thread dump: page chrome, the title, then posts separated by
 * U+00A0 lines, then footer chrome. Throws DumpFormatError for anything else.
 */
export function parseDump(input: string | Uint8Array): ParsedDump {
  const lines = decode(input).replace(/\r\n?/g, '\n').split('\n');
  const chunks = splitOnSeparators(lines);
  if (chunks.length < 2) {
    throw new DumpFormatError(
      'no-separators',
      'no post separator found (a line holding a single no-break space, U+00A0)',
    );
  }

  const { title, rest } = takeTitle(chunks[0]);
  const bodies = [rest, ...chunks.slice(1)];
  if (isFooterChrome(bodies[bodies.length - 1])) bodies.pop();

  const posts: DumpPost[] = [];
  for (const body of bodies) {
    const post = toPost(body, posts.length);
    if (post.text !== '' || post.attachments.length > 0) posts.push(post);
  }
  if (posts.length === 0) {
    throw new DumpFormatError('no-posts', 'the dump holds a title but no posts');
  }
  return { title, posts };
}

function decode(input: string | Uint8Array): string {
  let text: string;
  if (typeof input === 'string') {
    text = input;
  } else {
    try {
      text = new TextDecoder('utf-8', { fatal: true }).decode(input);
    } catch {
      throw new DumpFormatError('binary', 'the file is not UTF-8 text');
    }
  }
  text = text.replace(/^\ufeff/, '');
  if (text.trim() === '') throw new DumpFormatError('empty', 'the file is empty');
  if (looksBinary(text)) {
    throw new DumpFormatError('binary', 'the file holds binary data, not text');
  }
  return text;
}

// NUL bytes, or more than 1% control/replacement characters, mean this was never a text dump.
function looksBinary(text: string): boolean {
  if (text.includes('\u0000')) return true;
  const sample = text.length > 65536 ? text.slice(0, 65536) : text;
  const odd = sample.match(/[\u0001-\u0008\u000e-\u001f\u007f\ufffd]/g)?.length ?? 0;
  return odd > sample.length / 100;
}

function splitOnSeparators(lines: string[]): string[][] {
  const chunks: string[][] = [[]];
  for (const line of lines) {
    if (SEPARATOR.test(line)) chunks.push([]);
    else chunks[chunks.length - 1].push(line);
  }
  return chunks;
}

function takeTitle(first: string[]): { title: string; rest: string[] } {
  let at = 0;
  while (
    at < first.length &&
    (BLANK.test(first[at]) || HEADER_CHROME.has(first[at].trim().toLowerCase()))
  ) {
    at++;
  }
  const title = (first[at] ?? '').trim();
  if (title === '' || title.length > TITLE_MAX_LENGTH || ATTACHMENT.test(title)) {
    throw new DumpFormatError('no-title', 'no thread title line found before the first post');
  }
  return { title, rest: first.slice(at + 1) };
}

function isFooterChrome(chunk: string[]): boolean {
  const filled = chunk.map((line) => line.trim()).filter((line) => line !== '');
  return (
    filled.length > 0 &&
    filled.length <= FOOTER_MAX_LINES &&
    filled.every((line) => line.length <= FOOTER_LINE_MAX_LENGTH && !ATTACHMENT.test(line)) &&
    filled.some((line) => FOOTER_CHROME.has(line.toLowerCase()))
  );
}

function toPost(lines: string[], index: number): DumpPost {
  const attachments: string[] = [];
  const kept: string[] = [];
  let i = 0;
  while (i < lines.length) {
    if (!BLANK.test(lines[i]) && !ATTACHMENT.test(lines[i].trim())) {
      kept.push(lines[i]);
      i++;
      continue;
    }
    // A run of blank and attachment lines: drop the attachments and keep the longest blank stretch
    // as it was, so removing a picture does not widen the gap it stood in.
    const run: string[] = [];
    while (i < lines.length && (BLANK.test(lines[i]) || ATTACHMENT.test(lines[i].trim()))) {
      run.push(lines[i]);
      i++;
    }
    kept.push(...longestBlankStretch(run, attachments));
  }
  return { index, text: trimBlankLines(kept).join('\n'), attachments };
}

function longestBlankStretch(run: string[], attachments: string[]): string[] {
  let longest: string[] = [];
  let current: string[] = [];
  for (const line of run) {
    if (BLANK.test(line)) {
      current.push(line);
      if (current.length > longest.length) longest = current;
    } else {
      attachments.push(line.trim());
      current = [];
    }
  }
  return run.length === longest.length ? run : longest;
}

function trimBlankLines(lines: string[]): string[] {
  let start = 0;
  let end = lines.length;
  while (start < end && BLANK.test(lines[start])) start++;
  while (end > start && BLANK.test(lines[end - 1])) end--;
  return lines.slice(start, end);
}
