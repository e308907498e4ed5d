import { LinkifyIt } from 'linkify-it';
import { EXTERNAL_LINK_REL, toHttpUrl } from './safe-url.js';

// Plain text runs to HTML: escaping, line breaks, bare links and @mentions.

const HTML_ESCAPES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};

export const escapeHtml = (text: string): string =>
  text.replace(/[&<>"']/g, (char) => HTML_ESCAPES[char]);

// Only links written out with http(s)://: no bare domains, e-mail addresses, ftp or `//host`.
const linkify = new LinkifyIt({ fuzzyLink: false, fuzzyEmail: false, fuzzyIP: false })
  .add('ftp:', null)
  .add('mailto:', null)
  .add('//', null);

// `@name` after whitespace (or at the start); a longer run of name characters is not a mention.
const MENTION = /(?<!\S)@([\p{L}\p{N}_-]{3,32})(?![\p{L}\p{N}_-])/gu;
const WHITESPACE = /\s/;

export interface TextOptions {
  links: boolean;
  mentions: boolean;
  /** The character shown just before this text, '' at the start of a block. */
  precededBy: string;
}

/** HTML for a run of plain text; adds the lower-cased names it mentions to `mentioned`. */
export function textToHtml(text: string, options: TextOptions, mentioned: Set<string>): string {
  const links = options.links ? (linkify.match(text) ?? []) : [];
  let html = '';
  let cursor = 0;
  for (const link of links) {
    const href = toHttpUrl(link.url);
    if (href === null) continue;
    html += segmentToHtml(
      text.slice(cursor, link.index),
      charBefore(text, cursor, options),
      options,
      mentioned,
    );
    html += `<a href="${escapeHtml(href)}" rel="${EXTERNAL_LINK_REL}" target="_blank">${escapeHtml(link.text)}</a>`;
    cursor = link.lastIndex;
  }
  return (
    html + segmentToHtml(text.slice(cursor), charBefore(text, cursor, options), options, mentioned)
  );
}

const charBefore = (text: string, index: number, options: TextOptions) =>
  index === 0 ? options.precededBy : text[index - 1];

function segmentToHtml(
  segment: string,
  precededBy: string,
  options: TextOptions,
  mentioned: Set<string>,
): string {
  if (!options.mentions || !segment.includes('@')) return breakLines(segment);
  let html = '';
  let cursor = 0;
  for (const match of segment.matchAll(MENTION)) {
    if (match.index === 0 && precededBy !== '' && !WHITESPACE.test(precededBy)) continue;
    const name = match[1];
    mentioned.add(name.toLowerCase());
    html += breakLines(segment.slice(cursor, match.index));
    html += `<a class="mention" href="/u/${encodeURIComponent(name)}">@${escapeHtml(name)}</a>`;
    cursor = match.index + match[0].length;
  }
  return html + breakLines(segment.slice(cursor));
}

const breakLines = (text: string) => escapeHtml(text).replace(/\n/g, '<br>');
