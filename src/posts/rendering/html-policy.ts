import sanitizeHtml from 'sanitize-html';
import { EXTERNAL_LINK_REL, toHttpUrl, toSitePath } from './safe-url.js';

// The last gate before post HTML is stored or shown. The renderer already escapes user text;
// this allow-list holds even if a renderer bug lets markup through.

const DIGITS = /^\d{1,15}$/;

const pick = (attributes: sanitizeHtml.Attributes, ...names: string[]): sanitizeHtml.Attributes =>
  Object.fromEntries(
    names.filter((name) => name in attributes).map((name) => [name, attributes[name]]),
  );

// Ids and list starts are plain numbers, whatever reached the sanitizer.
const pickNumbers = (attributes: sanitizeHtml.Attributes, ...names: string[]) =>
  pick(attributes, ...names.filter((name) => DIGITS.test(attributes[name] ?? '')));

const POST_POLICY: sanitizeHtml.IOptions = {
  allowedTags: [
    'p',
    'br',
    'b',
    'strong',
    'i',
    'em',
    'u',
    's',
    'del',
    'a',
    'img',
    'blockquote',
    'div',
    'span',
    'ul',
    'ol',
    'li',
    'pre',
    'code',
    'details',
    'summary',
  ],
  allowedAttributes: {
    a: ['href', 'rel', 'target', 'class'],
    img: ['src', 'alt', 'class', 'loading'],
    blockquote: ['class', 'data-post-id', 'data-member-id'],
    div: ['class'],
    span: ['class'],
    ol: ['start'],
    code: ['class'],
    details: ['class'],
  },
  allowedClasses: {
    a: ['mention'],
    img: ['bbcode-img'],
    blockquote: ['bbcode-quote'],
    div: ['quote-attribution', 'quote-body', 'spoiler-body'],
    span: [], // none in use yet
    code: [/^language-[a-z0-9-]{1,20}$/],
    details: ['bbcode-spoiler'],
  },
  allowedSchemes: ['http', 'https'],
  allowedSchemesByTag: {},
  allowedSchemesAppliedToAttributes: ['href', 'src'],
  allowProtocolRelative: false,
  disallowedTagsMode: 'discard',
  transformTags: {
    // Links go to http(s) pages (opened apart, without passing rank) or to paths on this site.
    a: (tagName, attributes) => {
      const kept = pick(attributes, 'class');
      const external = toHttpUrl(attributes.href ?? '');
      if (external !== null) {
        return {
          tagName,
          attribs: { ...kept, href: external, rel: EXTERNAL_LINK_REL, target: '_blank' },
        };
      }
      const local = toSitePath(attributes.href ?? '');
      return { tagName, attribs: local === null ? kept : { ...kept, href: local } };
    },
    img: (tagName, attributes) => ({
      tagName,
      attribs: { ...pick(attributes, 'src', 'alt', 'class'), loading: 'lazy' },
    }),
    blockquote: (tagName, attributes) => ({
      tagName,
      attribs: {
        ...pick(attributes, 'class'),
        ...pickNumbers(attributes, 'data-post-id', 'data-member-id'),
      },
    }),
    ol: (tagName, attributes) => ({ tagName, attribs: pickNumbers(attributes, 'start') }),
  },
  // An image without an http(s) source is dropped altogether.
  exclusiveFilter: (frame) => frame.tag === 'img' && toHttpUrl(frame.attribs.src ?? '') === null,
};

export function sanitizePostHtml(html: string): string {
  return sanitizeHtml(html, POST_POLICY);
}

// Tags that separate words once the markup is gone.
const BLOCK_BOUNDARY =
  /<\/?(?:p|br|div|li|ul|ol|pre|blockquote|details|summary|h[1-6]|tr|td|th|table)\b/gi;

const TEXT_POLICY: sanitizeHtml.IOptions = {
  allowedTags: [],
  allowedAttributes: {},
  // Quotes are someone else's words and spoilers are hidden: neither belongs in an excerpt.
  nonTextTags: [
    'script',
    'style',
    'textarea',
    'option',
    'xmp',
    'noscript',
    'blockquote',
    'details',
  ],
};

/** The visible text of an HTML fragment, quotes and spoilers left out. */
export function htmlToText(html: string): string {
  const escaped = sanitizeHtml(html.replace(BLOCK_BOUNDARY, ' $&'), TEXT_POLICY);
  // sanitize-html leaves text escaped with these three entities only.
  return escaped.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&');
}
