import { parseBbcode } from './bbcode-parse.js';
import { renderTree, type QuoteRef } from './bbcode-render.js';
import { htmlToText, sanitizePostHtml } from './html-policy.js';
import { excerpt, tidyText } from './plain-text.js';

// Post bodies: XenForo-style BBCode in, safe HTML plus what the rest of the forum needs out.

export type { QuoteRef } from './bbcode-render.js';

export interface RenderedBody {
  html: string;
  /** Top-level quotes, in order. */
  quotes: QuoteRef[];
  /** Unique lower-cased names mentioned outside quotes, links and code. */
  mentions: string[];
  /** Plain text for search and analysis, quotes left out. */
  text: string;
}

// Control characters browsers would show as garbage or drop; tabs and newlines stay.
const CONTROL_CHARACTERS = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F]/g;

export function renderBody(source: string): RenderedBody {
  const normalized = source.replace(/\r\n?/g, '\n').replace(CONTROL_CHARACTERS, '');
  const rendered = renderTree(parseBbcode(normalized));
  return {
    html: sanitizePostHtml(rendered.html),
    quotes: rendered.quotes,
    mentions: rendered.mentions,
    text: tidyText(rendered.text),
  };
}

/** A one-line plain-text excerpt of rendered post HTML, quotes and spoilers left out. */
export function excerptOf(html: string, max = 300): string {
  return excerpt(htmlToText(html), max);
}
