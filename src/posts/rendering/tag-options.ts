// Reading the `=option` part of opening tags, as XenForo writes them.

const MAX_NAME_LENGTH = 100;
const MAX_LIST_START = 1_000_000;

/** `"a b"` and `'a b'` lose their quotes; anything after the closing quote is dropped. */
export function unquote(option: string): string {
  const value = option.trim();
  const quote = value[0];
  if (quote !== '"' && quote !== "'") return value;
  const end = value.indexOf(quote, 1);
  return (end < 0 ? value.slice(1) : value.slice(1, end)).trim();
}

export interface QuoteAttribution {
  name: string | null;
  postId: number | null;
  memberId: number | null;
}

const QUOTE_REFERENCE = /^\s*(post|member)\s*:\s*(\d{1,15})\s*$/i;

/** `[QUOTE="name, post: 123, member: 45"]`, `[QUOTE=name]` or `[QUOTE]`. */
export function parseQuoteAttribution(option: string | null): QuoteAttribution {
  const attribution: QuoteAttribution = { name: null, postId: null, memberId: null };
  if (option === null) return attribution;
  const [name, ...references] = unquote(option).split(',');
  attribution.name = name.trim().slice(0, MAX_NAME_LENGTH) || null;
  for (const reference of references) {
    const match = QUOTE_REFERENCE.exec(reference);
    const id = match ? Number(match[2]) : 0;
    if (!match || id <= 0) continue;
    if (match[1].toLowerCase() === 'post') attribution.postId = id;
    else attribution.memberId = id;
  }
  return attribution;
}

/** `[list=1]` and friends: ordered, starting at the number when it is one. */
export function parseListStart(option: string): number | null {
  const value = unquote(option);
  if (!/^\d{1,7}$/.test(value)) return null;
  const start = Number(value);
  return start > 1 && start <= MAX_LIST_START ? start : null;
}

export function parseSpoilerTitle(option: string | null): string | null {
  return option === null ? null : unquote(option).slice(0, MAX_NAME_LENGTH) || null;
}

/** `[code=php]`: a language name usable as a class, or null. */
export function parseCodeLanguage(option: string | null): string | null {
  if (option === null) return null;
  const value = unquote(option).toLowerCase();
  return /^[a-z0-9-]{1,20}$/.test(value) ? value : null;
}
