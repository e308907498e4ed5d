import { findOutletMentions, type OutletList, outletForHost } from './outlets.js';

export interface SourceRef {
  url: string | null;
  outlet: string | null;
}

export interface FoundUrl {
  url: string;
  host: string;
  offset: number;
}

// Scheme or www. URLs up to whitespace or a quote/bracket. The forum shortened long links with
// "..." in the middle, so dots are part of the URL and only trailing punctuation is cut.
const URL_PATTERN = /(?:https?:\/\/|www\.)[^\s<>"“”‘’«»\u00a0]+/giu;
const TRAILING_PUNCTUATION = /[.,;:!?'*]+$/;

export function findUrls(text: string): FoundUrl[] {
  const urls: FoundUrl[] = [];
  for (const match of text.matchAll(URL_PATTERN)) {
    const url = trimUrl(match[0]);
    const host = hostOf(url);
    if (host) urls.push({ url, host, offset: match.index });
  }
  return urls;
}

/** Every URL and every outlet named in prose, deduplicated, in order of appearance. */
export function findSources(text: string, outlets: OutletList): SourceRef[] {
  const found: { offset: number; ref: SourceRef }[] = [];
  for (const { url, host, offset } of findUrls(text)) {
    found.push({ offset, ref: { url, outlet: outletForHost(host, outlets)?.name ?? null } });
  }
  for (const mention of findOutletMentions(text, outlets)) {
    found.push({ offset: mention.offset, ref: { url: null, outlet: mention.outlet.name } });
  }
  found.sort((a, b) => a.offset - b.offset);

  const urls = new Set<string>();
  const outletsSeen = new Set<string>();
  const linkedOutlets = new Set(
    found.map(({ ref }) => (ref.url ? ref.outlet : null)).filter((name) => name !== null),
  );
  const sources: SourceRef[] = [];
  for (const { ref } of found) {
    if (ref.url) {
      if (urls.has(ref.url)) continue;
      urls.add(ref.url);
    } else {
      // An outlet that is also linked is listed once, with its URL.
      if (outletsSeen.has(ref.outlet ?? '') || linkedOutlets.has(ref.outlet ?? '')) continue;
    }
    if (ref.outlet) outletsSeen.add(ref.outlet);
    sources.push(ref);
  }
  return sources;
}

function trimUrl(raw: string): string {
  // "...": the forum's own shortening, kept as written when it ends the link
  if (raw.endsWith('...')) return raw;
  let url = raw.replace(TRAILING_PUNCTUATION, '');
  // a closing bracket belongs to the URL only when the URL opened one
  while (
    /[)\]]$/.test(url) &&
    count(url, url.endsWith(')') ? '(' : '[') < count(url, url.slice(-1))
  ) {
    url = url.slice(0, -1).replace(TRAILING_PUNCTUATION, '');
  }
  return url;
}

function hostOf(url: string): string | null {
  const match = /^(?:https?:\/\/)?([^/?#:\s]+)/i.exec(url);
  const host = match?.[1]?.toLowerCase() ?? '';
  return /^[\p{L}\p{N}-]+(?:\.[\p{L}\p{N}-]+)+$/u.test(host) ? host : null;
}

function count(text: string, char: string): number {
  let n = 0;
  for (const c of text) if (c === char) n++;
  return n;
}
