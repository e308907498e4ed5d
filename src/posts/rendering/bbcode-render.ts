import type { BbElement, BbNode, TagName } from './bbcode-parse.js';
import { escapeHtml, textToHtml } from './inline-text.js';
import { truncate } from './plain-text.js';
import { EXTERNAL_LINK_REL, toHttpUrl, toSitePath } from './safe-url.js';
import {
  parseCodeLanguage,
  parseListStart,
  parseQuoteAttribution,
  parseSpoilerTitle,
  unquote,
} from './tag-options.js';

// Tree to HTML plus the plain text, quotes and mentions found on the way. Every piece of user
// text goes through escapeHtml or textToHtml; markup only comes from the literals below.

export interface QuoteRef {
  postId: number | null;
  memberId: number | null;
  name: string | null;
  excerpt: string;
}

export interface RenderedTree {
  html: string;
  text: string;
  quotes: QuoteRef[];
  mentions: string[];
}

const QUOTE_EXCERPT_LENGTH = 500;
const BLOCK_TAGS = new Set<TagName>(['quote', 'list', 'code', 'spoiler']);
const INLINE_HTML_TAGS: Partial<Record<TagName, string>> = { b: 'b', i: 'i', u: 'u', s: 's' };
// A line holding only whitespace (no-break spaces included) separates paragraphs.
const BLANK_LINE = /\n\s*\n\s*/;

interface Fragment {
  html: string;
  text: string;
}

interface Context {
  inLink: boolean;
  inQuote: boolean;
}

export function renderTree(nodes: BbNode[]): RenderedTree {
  const renderer = new TreeRenderer();
  const body = renderer.flow(nodes, { inLink: false, inQuote: false });
  return { ...body, quotes: renderer.quotes, mentions: [...renderer.mentions] };
}

class TreeRenderer {
  readonly quotes: QuoteRef[] = [];
  readonly mentions = new Set<string>();
  // The last character shown, so that `@name` only counts after whitespace across tags.
  private previousChar = '';

  /** Block context (the post, a quote, a spoiler): paragraphs split on blank lines. */
  flow(nodes: BbNode[], context: Context): Fragment {
    const html: string[] = [];
    const text: string[] = [];
    let run: BbNode[] = [];
    const endParagraph = () => {
      this.previousChar = '';
      const paragraph = this.inline(trimRun(run), context);
      run = [];
      if (paragraph.html === '') return;
      html.push(`<p>${paragraph.html}</p>`);
      text.push(paragraph.text);
    };

    for (const node of nodes) {
      if (typeof node === 'string') {
        const parts = node.includes('\n') ? node.split(BLANK_LINE) : [node];
        parts.forEach((part, index) => {
          if (index > 0) endParagraph();
          if (part !== '') run.push(part);
        });
      } else if (BLOCK_TAGS.has(node.name)) {
        endParagraph();
        const block = this.element(node, context);
        html.push(block.html);
        if (block.text !== '') text.push(block.text);
      } else {
        run.push(node);
      }
    }
    endParagraph();
    this.previousChar = '';
    return { html: html.join(''), text: text.join('\n\n') };
  }

  private inline(nodes: BbNode[], context: Context): Fragment {
    let html = '';
    let text = '';
    for (const node of nodes) {
      const part =
        typeof node === 'string' ? this.text(node, context) : this.element(node, context);
      html += part.html;
      text += part.text;
    }
    return { html, text };
  }

  private text(value: string, context: Context): Fragment {
    const options = {
      links: !context.inLink,
      mentions: !context.inLink && !context.inQuote,
      precededBy: this.previousChar,
    };
    const html = textToHtml(value, options, this.mentions);
    if (value !== '') this.previousChar = value[value.length - 1];
    return { html, text: value };
  }

  private element(node: BbElement, context: Context): Fragment {
    switch (node.name) {
      case 'url':
        return this.link(node, context);
      case 'img':
        return this.image(node, context);
      case 'quote':
        return this.quote(node, context);
      case 'list':
        return this.list(node, context);
      case 'code':
        return this.code(node);
      case 'spoiler':
        return this.spoiler(node, context);
      default: {
        const tag = INLINE_HTML_TAGS[node.name];
        const inner = this.inline(node.children, context);
        return tag ? { html: `<${tag}>${inner.html}</${tag}>`, text: inner.text } : inner;
      }
    }
  }

  /** `[url]x[/url]` and `[url=x]label[/url]`; an unsafe target leaves just the label. */
  private link(node: BbElement, context: Context): Fragment {
    if (context.inLink) return this.inline(node.children, context);
    const target = node.option === null ? rawText(node.children).trim() : unquote(node.option);
    const labelContext = { ...context, inLink: true };
    const label =
      node.option === null
        ? this.text(target, labelContext)
        : this.inline(node.children, labelContext);
    const external = toHttpUrl(target);
    const href = external ?? toSitePath(target);
    if (href === null) return label;
    const shown = label.html === '' ? this.text(target, labelContext) : label;
    const attributes = external ? ` rel="${EXTERNAL_LINK_REL}" target="_blank"` : '';
    return {
      html: `<a href="${escapeHtml(href)}"${attributes}>${shown.html}</a>`,
      text: shown.text,
    };
  }

  private image(node: BbElement, context: Context): Fragment {
    const source = rawText(node.children).trim();
    const src = toHttpUrl(source);
    if (src === null) return this.text(source, { ...context, inLink: true });
    return {
      html: `<img src="${escapeHtml(src)}" alt="Image" class="bbcode-img" loading="lazy">`,
      text: '',
    };
  }

  /** Quotes are left out of the post's text; top-level ones are reported with an excerpt. */
  private quote(node: BbElement, context: Context): Fragment {
    const { name, postId, memberId } = parseQuoteAttribution(node.option);
    const body = this.flow(node.children, { ...context, inQuote: true });
    if (!context.inQuote) {
      const excerpt = truncate(body.text.trim(), QUOTE_EXCERPT_LENGTH).trimEnd();
      this.quotes.push({ postId, memberId, name, excerpt });
    }

    let attributes = ' class="bbcode-quote"';
    if (postId !== null) attributes += ` data-post-id="${postId}"`;
    if (memberId !== null) attributes += ` data-member-id="${memberId}"`;
    let attribution = '';
    if (name !== null || postId !== null) {
      const said = name === null ? 'Quoted post' : `${escapeHtml(name)} said:`;
      // No link inside a link: browsers would split the outer one.
      const linked = postId !== null && !context.inLink;
      const credit = linked ? `<a href="/p/${postId}">${said}</a>` : said;
      attribution = `<div class="quote-attribution">${credit}</div>`;
    }
    return {
      html: `<blockquote${attributes}>${attribution}<div class="quote-body">${body.html}</div></blockquote>`,
      text: '',
    };
  }

  /** `[*]` items are empty markers; each one opens an item holding the siblings after it. */
  private list(node: BbElement, context: Context): Fragment {
    const items: BbNode[][] = [];
    let current: BbNode[] | null = null;
    for (const child of node.children) {
      if (typeof child !== 'string' && child.name === '*') {
        current = [];
        items.push(current);
      } else if (current) {
        current.push(child);
      } else if (typeof child !== 'string' || child.trim() !== '') {
        // Text before the first [*] becomes an item of its own rather than being lost.
        current = [child];
        items.push(current);
      }
    }

    const html: string[] = [];
    const text: string[] = [];
    for (const item of items) {
      this.previousChar = '';
      const rendered = this.inline(trimRun(item), context);
      html.push(`<li>${rendered.html}</li>`);
      if (rendered.text !== '') text.push(rendered.text);
    }
    this.previousChar = '';

    let open = '<ul>';
    let close = '</ul>';
    if (node.option !== null) {
      const start = parseListStart(node.option);
      open = start === null ? '<ol>' : `<ol start="${start}">`;
      close = '</ol>';
    }
    return { html: `${open}${html.join('')}${close}`, text: text.join('\n') };
  }

  private code(node: BbElement): Fragment {
    const code = rawText(node.children)
      .replace(/^[ \t]*\n/, '')
      .trimEnd();
    const language = parseCodeLanguage(node.option);
    const className = language === null ? '' : ` class="language-${language}"`;
    return { html: `<pre><code${className}>${escapeHtml(code)}</code></pre>`, text: code };
  }

  private spoiler(node: BbElement, context: Context): Fragment {
    const title = parseSpoilerTitle(node.option);
    const summary = title === null ? 'Spoiler' : `Spoiler: ${escapeHtml(title)}`;
    const body = this.flow(node.children, context);
    return {
      html: `<details class="bbcode-spoiler"><summary>${summary}</summary><div class="spoiler-body">${body.html}</div></details>`,
      text: body.text,
    };
  }
}

/** The text of nodes as written, tags dropped: for `[url]x[/url]`, `[img]` and `[code]`. */
function rawText(nodes: BbNode[]): string {
  return nodes.map((node) => (typeof node === 'string' ? node : rawText(node.children))).join('');
}

/** Drops the whitespace at both ends of a paragraph or list item. */
function trimRun(nodes: BbNode[]): BbNode[] {
  const trimmed = [...nodes];
  if (typeof trimmed[0] === 'string') trimmed[0] = trimmed[0].trimStart();
  const last = trimmed.length - 1;
  if (typeof trimmed[last] === 'string') trimmed[last] = trimmed[last].trimEnd();
  return trimmed.filter((node) => node !== '');
}
