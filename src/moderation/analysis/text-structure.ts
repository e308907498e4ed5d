// Lines and paragraphs with their offsets in the post, so a split point is a position in the text.

export interface TextLine {
  text: string;
  start: number;
  /** exclusive, before the line break */
  end: number;
}

export interface Paragraph {
  start: number;
  end: number;
  lines: TextLine[];
  text: string;
}

export interface Region {
  start: number;
  end: number;
}

const BLANK = /^\s*$/;

export function linesOf(text: string, region: Region = { start: 0, end: text.length }): TextLine[] {
  const lines: TextLine[] = [];
  let start = region.start;
  for (;;) {
    let next = text.indexOf('\n', start);
    if (next === -1 || next > region.end) next = region.end;
    const end = next > start && text.charCodeAt(next - 1) === 13 ? next - 1 : next;
    lines.push({ text: text.slice(start, end), start, end });
    if (next >= region.end) return lines;
    start = next + 1;
  }
}

export function isBlank(line: string): boolean {
  return BLANK.test(line);
}

export function paragraphsOf(text: string, lines: TextLine[]): Paragraph[] {
  const paragraphs: Paragraph[] = [];
  let current: TextLine[] = [];
  const close = () => {
    if (current.length === 0) return;
    const start = current[0].start;
    const end = current[current.length - 1].end;
    paragraphs.push({ start, end, lines: current, text: text.slice(start, end) });
    current = [];
  };
  for (const line of lines) {
    if (isBlank(line.text)) close();
    else current.push(line);
  }
  close();
  return paragraphs;
}

const WORD_CHAR = /[\p{L}\p{N}]/u;

// A loop, not a regex: this runs on every line and paragraph several times per post.
export function wordCount(text: string): number {
  let words = 0;
  let inWord = false;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    const wordChar =
      (code >= 97 && code <= 122) ||
      (code >= 65 && code <= 90) ||
      (code >= 48 && code <= 57) ||
      (code > 127 && WORD_CHAR.test(text[i]));
    // apostrophes and hyphens inside a word ("China's", "Russia-China") do not split it
    if (wordChar) {
      if (!inWord) words++;
      inWord = true;
    } else if (!(inWord && (code === 39 || code === 0x2019 || code === 45))) {
      inWord = false;
    }
  }
  return words;
}

/** The region without its leading and trailing whitespace. */
export function trimRegion(text: string, region: Region): Region {
  let { start, end } = region;
  while (start < end && /\s/.test(text[start])) start++;
  while (end > start && /\s/.test(text[end - 1])) end--;
  return { start, end };
}
