// Where a copied article's parts sit on the page: headline, the short header lines under it
// (standfirst, byline, date, credits), the dateline opening the lead, source and URL lines.

import { MONTH_NAME, findDate } from './dates.js';
import { type OutletList, outletByName } from './outlets.js';
import { type RegisterCache, registerOf } from './register.js';
import {
  type Paragraph,
  type Region,
  type TextLine,
  isBlank,
  linesOf,
  paragraphsOf,
  wordCount,
} from './text-structure.js';

export interface Dateline {
  text: string;
  offset: number;
  /** "November 10" when the dateline carries a day but no year */
  monthDay: string | null;
  year: number | null;
}

/** Where an article's parts are, for one region of a post. */
export interface Layout {
  region: Region;
  lines: TextLine[];
  paragraphs: Paragraph[];
  headline: TextLine | null;
  /** short lines between the headline and the first full paragraph: standfirst, byline, date, credits */
  headerLines: TextLine[];
  byline: TextLine | null;
  dateLines: TextLine[];
  dateline: Dateline | null;
  sourceLines: TextLine[];
  readMoreLines: TextLine[];
  urlLines: TextLine[];
  separatorLines: TextLine[];
}

const HEADER_LINE_MAX_WORDS = 20;
const HEADER_MAX_LINES = 8;
const HEADLINE_MAX_WORDS = 25;
// a dateline opens the lead, which comes after headline, credits, time stamp and standfirst
const DATELINE_MAX_PARAGRAPH = 8;
const MINOR_WORDS = new Set(
  'a an the and or but nor to of in on for with at by from as into vs via per over than up is are be'.split(
    ' ',
  ),
);

export const SEPARATOR_LINE =
  /^\s*(?:(?:\*\s*){3,}|(?:-\s*){3,}|(?:_\s*){3,}|(?:=\s*){3,}|(?:~\s*){3,})$/;
export const URL_LINE = /^\s*(?:https?:\/\/|www\.)\S+\s*$/i;
const SOURCE_LINE =
  /^\s*(?:Sources?|Via|Originally (?:published|posted|appeared)(?: at| in| on| by)?)\s*:/i;
const READ_MORE_LINE = /^\s*(?:READ MORE|Read more|Read also|Also read|Related|See also)\s*:/;
const BYLINE =
  /^(?:By\s+\p{Lu}[\p{L}'’.-]*(?:\s+(?:and\s+)?\p{Lu}[\p{L}'’.-]*){0,5}|\p{Lu}[\p{L}'’.-]+(?:\s+\p{Lu}[\p{L}'’.-]+){1,3})$/u;
const CITY = "[A-Z][A-Z.'’ -]{1,40}?";
const TASS_DATELINE = new RegExp(
  `^(${CITY})(?:\\s*/[^/\\n]{1,40}/)?,\\s*(${MONTH_NAME}\\s+\\d{1,2})(?:,\\s*(\\d{4}))?\\.\\s*/([^/\\n]{2,30})/\\.?`,
);
const AGENCY_DATELINE = new RegExp(
  `^(${CITY})(?:,\\s*(${MONTH_NAME}\\s+\\d{1,2})(?:,\\s*(\\d{4}))?)?\\s*\\(([^)\\n]{2,40})\\)\\s*(?:[-–—]{1,2}|:)`,
);

/** Finds headline, header lines, datelines and source lines of a region. */
export function readLayout(
  text: string,
  region: Region,
  outlets: OutletList,
  registers?: RegisterCache,
): Layout {
  const lines = linesOf(text, region);
  const filled = lines.filter((line) => !isBlank(line.text));
  const paragraphs = paragraphsOf(text, lines);
  const layout: Layout = {
    region,
    lines,
    paragraphs,
    headline: null,
    headerLines: [],
    byline: null,
    dateLines: [],
    dateline: null,
    sourceLines: [],
    readMoreLines: [],
    urlLines: [],
    separatorLines: [],
  };
  if (filled.length === 0) return layout;

  if (filled.length > 1 && isHeadlineShaped(filled[0].text, registers)) layout.headline = filled[0];
  for (const line of filled.slice(layout.headline ? 1 : 0, HEADER_MAX_LINES)) {
    const bodyStarts =
      wordCount(line.text) >= HEADER_LINE_MAX_WORDS ||
      AGENCY_DATELINE.test(line.text) ||
      TASS_DATELINE.test(line.text);
    if (bodyStarts) break;
    layout.headerLines.push(line);
  }
  for (const line of layout.headerLines) {
    if (
      !layout.byline &&
      BYLINE.test(line.text.trim()) &&
      !outletByName(line.text.trim(), outlets)
    ) {
      layout.byline = line;
    }
    if (findDate(line.text) && wordCount(line.text) <= 14 && !SOURCE_LINE.test(line.text)) {
      layout.dateLines.push(line);
    }
  }
  layout.dateline = findDateline(paragraphs.slice(0, DATELINE_MAX_PARAGRAPH));
  for (const line of filled) {
    if (SOURCE_LINE.test(line.text) && wordCount(line.text) <= 20) layout.sourceLines.push(line);
    else if (READ_MORE_LINE.test(line.text)) layout.readMoreLines.push(line);
    else if (URL_LINE.test(line.text)) layout.urlLines.push(line);
    else if (SEPARATOR_LINE.test(line.text)) layout.separatorLines.push(line);
  }
  return layout;
}

export function isHeadlineShaped(line: string, registers?: RegisterCache): boolean {
  const trimmed = line.trim();
  const words = wordCount(trimmed);
  return (
    words >= 3 &&
    words <= HEADLINE_MAX_WORDS &&
    trimmed.length <= 180 &&
    /^[\p{Lu}\p{N}"“‘'«]/u.test(trimmed) &&
    !/[.,;:!]$/.test(trimmed) &&
    !URL_LINE.test(trimmed) &&
    !SEPARATOR_LINE.test(trimmed) &&
    !TASS_DATELINE.test(trimmed) &&
    !AGENCY_DATELINE.test(trimmed) &&
    registerOf([trimmed], registers).firstPerson.length === 0
  );
}

export function isTitleCase(line: string): boolean {
  const words = line.match(/[\p{L}][\p{L}'’-]*/gu) ?? [];
  const significant = words.filter(
    (word, index) => index === 0 || !MINOR_WORDS.has(word.toLowerCase()),
  );
  const capitalised = significant.filter((word) => /^\p{Lu}/u.test(word)).length;
  return significant.length >= 3 && capitalised / significant.length >= 0.8;
}

function findDateline(paragraphs: Paragraph[]): Dateline | null {
  for (const paragraph of paragraphs) {
    const start = paragraph.text.trimStart();
    const offset = paragraph.start + paragraph.text.length - start.length;
    const tass = TASS_DATELINE.exec(start);
    if (tass) {
      return {
        text: tass[0],
        offset,
        monthDay: tass[2],
        year: tass[3] ? +tass[3] : null,
      };
    }
    const agency = AGENCY_DATELINE.exec(start);
    if (agency) {
      return {
        text: agency[0],
        offset,
        monthDay: agency[2] ?? null,
        year: agency[3] ? +agency[3] : null,
      };
    }
  }
  return null;
}

// Short stand-alone lines inside the body, e.g. "Situation on Korean Peninsula".
export function findSubheadings(layout: Layout): TextLine[] {
  const bodyStart =
    layout.headerLines.length > 0
      ? layout.headerLines[layout.headerLines.length - 1].end
      : (layout.headline?.end ?? layout.region.start);
  return layout.paragraphs
    .slice(1, -1)
    .filter((paragraph) => paragraph.start > bodyStart && paragraph.lines.length === 1)
    .map((paragraph) => paragraph.lines[0])
    .filter((line) => {
      const words = wordCount(line.text);
      return (
        words >= 2 &&
        words <= 8 &&
        /^\p{Lu}/u.test(line.text.trim()) &&
        !/[.,;:!?]$/.test(line.text.trim()) &&
        !URL_LINE.test(line.text) &&
        !SOURCE_LINE.test(line.text) &&
        !READ_MORE_LINE.test(line.text)
      );
    });
}
