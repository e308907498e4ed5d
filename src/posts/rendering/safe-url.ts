// URL checks shared by the renderer and the sanitizer: post bodies may link to http(s) pages and
// to paths on this site, nothing else.

export const EXTERNAL_LINK_REL = 'nofollow ugc noopener';

// Browsers silently drop tabs, newlines and other controls inside URLs, which is how
// `java\tscript:` slips past naive checks: refuse any URL that contains one.
const CONTROL_CHARACTER = /[\u0000-\u001F\u007F-\u009F]/;
const HTTP_PREFIX = /^https?:\/\//i;
// `//host` and `/\host` are read by browsers as another origin, not as a path.
const SITE_PATH = /^\/(?![/\\])/;
const SITE_ORIGIN = 'https://site.invalid';

/** The normalised form of an absolute http(s) URL, or null if the value is anything else. */
export function toHttpUrl(raw: string): string | null {
  const value = raw.trim();
  if (!HTTP_PREFIX.test(value) || CONTROL_CHARACTER.test(value)) return null;
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return null;
  }
  if ((url.protocol !== 'http:' && url.protocol !== 'https:') || url.hostname === '') return null;
  return url.href;
}

/** The normalised form of a path on this site (`/p/12`), or null. */
export function toSitePath(raw: string): string | null {
  const value = raw.trim();
  if (!SITE_PATH.test(value) || CONTROL_CHARACTER.test(value)) return null;
  let url: URL;
  try {
    url = new URL(value, SITE_ORIGIN);
  } catch {
    return null;
  }
  if (url.origin !== SITE_ORIGIN) return null;
  const path = `${url.pathname}${url.search}${url.hash}`;
  // Dot segments can collapse into `//host` (`/.//evil.example`), so check the result again.
  return SITE_PATH.test(path) ? path : null;
}
