import { parse } from '@bbob/parser';

// BBCode to a small typed tree, in two steps:
//  1. A lexical guard finds the supported tags, pairs them, caps nesting and leaves everything
//     else (unknown tags, stray brackets, unclosed or too deep tags) as text.
//  2. @bbob/parser builds the tree from a skeleton: the kept tags written bare (`[quote]`; their
//     options stay in our token table, found again by the tag's offset) and a placeholder for
//     each run of text. bbob never sees user text, so its lenient handling of stray brackets,
//     unclosed tags and quoted attributes cannot reach the output, and its per-word cost does
//     not grow with the text.

const MAX_TAG_DEPTH = 20;
const MAX_OPTION_LENGTH = 2000;

export type TagName =
  'b' | 'i' | 'u' | 's' | 'url' | 'img' | 'quote' | 'list' | 'code' | 'spoiler' | '*';

export interface BbElement {
  name: TagName;
  /** The raw text after `=` in the opening tag (`[url=x]`), or null. */
  option: string | null;
  children: BbNode[];
}

export type BbNode = string | BbElement;

interface TagToken {
  name: TagName;
  closing: boolean;
  option: string | null;
  start: number;
  end: number;
  keep: boolean;
}

// `[name]`, `[/name]`, `[name=option]`, and XenForo 2's `[URL unfurl="true"]` / `[IMG width=..]`
// form whose attributes are ignored. The option never spans a bracket or a line, which also
// keeps this scan linear.
const TAG_PATTERN =
  /\[(\/?)(b|i|u|s|url|img|quote|list|code|spoiler|\*)(?:=([^[\]\n]*)|([ \t][^[\]\n]*))?\]/gi;
const TAKES_OPTION = new Set<TagName>(['url', 'quote', 'list', 'code', 'spoiler']);
const TAKES_ATTRIBUTES = new Set<TagName>(['url', 'img']);
// Their content is text up to the closing tag: tags inside are shown, not applied.
const LITERAL_CONTENT = new Set<TagName>(['code', 'img']);

export function parseBbcode(source: string): BbNode[] {
  const tokens = findTags(source);
  pairTags(tokens);
  const skeleton = toSkeleton(source, tokens);
  const tree: unknown[] = parse(skeleton.input);
  return toNodes(tree, skeleton);
}

function findTags(source: string): TagToken[] {
  const tokens: TagToken[] = [];
  for (const match of source.matchAll(TAG_PATTERN)) {
    const [raw, slash, rawName, option, attributes] = match;
    const name = rawName.toLowerCase() as TagName;
    const closing = slash === '/';
    const hasOption = option !== undefined;
    const hasAttributes = attributes !== undefined;
    if (closing && (hasOption || hasAttributes || name === '*')) continue;
    if (hasOption && (!TAKES_OPTION.has(name) || option.length > MAX_OPTION_LENGTH)) continue;
    if (hasAttributes && !TAKES_ATTRIBUTES.has(name)) continue;
    tokens.push({
      name,
      closing,
      option: hasOption ? option : null,
      start: match.index,
      end: match.index + raw.length,
      keep: false,
    });
  }
  return tokens;
}

interface OpenFrame {
  token: TagToken;
  items: TagToken[];
}

/** Marks the tokens that become tags; the rest stay literal text. */
function pairTags(tokens: TagToken[]): void {
  const nextClose = nextClosingIndex(tokens);
  const stack: OpenFrame[] = [];
  // Opening tags left as text because the nesting cap was hit, by name: their closing tags
  // must be left as text too rather than close an outer tag early.
  const overflow = new Map<TagName, number>();

  for (let index = 0; index < tokens.length; index++) {
    const token = tokens[index];
    if (token.closing) {
      const pending = overflow.get(token.name) ?? 0;
      if (pending > 0) {
        overflow.set(token.name, pending - 1);
        continue;
      }
      const at = stack.findLastIndex((frame) => frame.token.name === token.name);
      if (at < 0) continue;
      // Tags opened inside and never closed stay literal: `[b]x[/quote]` keeps the `[b]` as text.
      const frame = stack[at];
      stack.length = at;
      frame.token.keep = true;
      token.keep = true;
      for (const item of frame.items) item.keep = true;
      continue;
    }
    if (token.name === '*') {
      // A list item only counts directly inside a list, and only if that list gets closed.
      const top = stack.at(-1);
      if (top?.token.name === 'list') top.items.push(token);
      continue;
    }
    if (stack.length >= MAX_TAG_DEPTH) {
      overflow.set(token.name, (overflow.get(token.name) ?? 0) + 1);
      continue;
    }
    if (LITERAL_CONTENT.has(token.name)) {
      const close = nextClose.get(token.name)?.[index + 1] ?? -1;
      if (close >= 0) {
        token.keep = true;
        tokens[close].keep = true;
        index = close;
      }
      continue;
    }
    stack.push({ token, items: [] });
  }
}

/** For each literal-content tag, the index of its next closing token at or after each position. */
function nextClosingIndex(tokens: TagToken[]): Map<TagName, Int32Array> {
  const result = new Map<TagName, Int32Array>();
  for (const name of LITERAL_CONTENT) {
    const next = new Int32Array(tokens.length + 1).fill(-1);
    for (let index = tokens.length - 1; index >= 0; index--) {
      const token = tokens[index];
      next[index] = token.closing && token.name === name ? index : next[index + 1];
    }
    result.set(name, next);
  }
  return result;
}

// Text runs are replaced by `\u0001<index>`: one bbob word, never adjacent to another.
const TEXT_PLACEHOLDER = /^\u0001(\d+)$/;

interface Skeleton {
  input: string;
  texts: string[];
  /** Kept opening tags by their offset in `input`. */
  tagsAt: Map<number, TagToken>;
}

function toSkeleton(source: string, tokens: TagToken[]): Skeleton {
  const parts: string[] = [];
  const texts: string[] = [];
  const tagsAt = new Map<number, TagToken>();
  let length = 0;
  let text = '';
  let cursor = 0;
  const write = (part: string) => {
    parts.push(part);
    length += part.length;
  };
  const flushText = () => {
    if (text === '') return;
    write(`\u0001${texts.length}`);
    texts.push(text);
    text = '';
  };

  for (const token of tokens) {
    text += source.slice(cursor, token.start);
    cursor = token.end;
    if (!token.keep) {
      text += source.slice(token.start, token.end);
      continue;
    }
    flushText();
    if (!token.closing) tagsAt.set(length, token);
    // Items have no closing tag in BBCode; closing them at once keeps bbob's stack balanced and
    // the renderer groups the siblings that follow.
    write(token.closing ? `[/${token.name}]` : token.name === '*' ? '[*][/*]' : `[${token.name}]`);
  }
  text += source.slice(cursor);
  flushText();
  return { input: parts.join(''), texts, tagsAt };
}

interface BbobTag {
  tag: unknown;
  content?: unknown;
  start?: { from: number };
}

const isBbobTag = (value: unknown): value is BbobTag =>
  typeof value === 'object' && value !== null && 'tag' in value;

// Recursion is bounded by MAX_TAG_DEPTH: deeper tags never reach bbob as tags.
function toNodes(content: unknown, skeleton: Skeleton): BbNode[] {
  const nodes: BbNode[] = [];
  if (!Array.isArray(content)) return nodes;
  for (const item of content) {
    if (typeof item === 'string') {
      const placeholder = TEXT_PLACEHOLDER.exec(item);
      if (placeholder) nodes.push(skeleton.texts[Number(placeholder[1])]);
    } else if (isBbobTag(item)) {
      const token = item.start ? skeleton.tagsAt.get(item.start.from) : undefined;
      const children = toNodes(item.content, skeleton);
      if (token !== undefined && token.name === item.tag) {
        nodes.push({ name: token.name, option: token.option, children });
      } else {
        // Cannot happen, every tag in the skeleton is ours; unwrap rather than lose the text.
        for (const child of children) nodes.push(child);
      }
    }
  }
  return nodes;
}
