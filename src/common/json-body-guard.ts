import { isUtf8 } from 'node:buffer';

/** JSON deeper than this is refused before parsing: validation recurses through nested values. */
export const MAX_JSON_DEPTH = 32;

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const COLON = 0x3a;
const OPENERS = new Set([0x7b, 0x5b]); // { [
const CLOSERS = new Set([0x7d, 0x5d]); // } ]
const WHITESPACE = new Set([0x20, 0x09, 0x0a, 0x0d]);
const FORBIDDEN_KEYS = new Set(['"__proto__"', '"constructor"', '"prototype"']);

class BodyRefused extends Error {
  readonly status = 400;
  readonly type = 'entity.verify.failed';
}

/**
 * body-parser `verify` hook for JSON: the bytes must be UTF-8 (RFC 8259), nest at most
 * MAX_JSON_DEPTH levels and name no prototype keys. One pass over the raw bytes, before parsing.
 */
export function guardJsonBody(_req: unknown, _res: unknown, buf: Buffer): void {
  if (!isUtf8(buf)) throw new BodyRefused('Request body is not valid UTF-8');
  let depth = 0;
  let inString = false;
  let stringStart = 0;
  for (let i = 0; i < buf.length; i++) {
    const byte = buf[i];
    if (inString) {
      if (byte === BACKSLASH) i++;
      else if (byte === QUOTE) {
        inString = false;
        // a key is a string followed by a colon; only short strings can be a forbidden key
        if (i - stringStart <= 12) {
          let j = i + 1;
          while (j < buf.length && WHITESPACE.has(buf[j])) j++;
          if (buf[j] === COLON && FORBIDDEN_KEYS.has(buf.toString('utf8', stringStart, i + 1)))
            throw new BodyRefused('Request body uses a reserved key');
        }
      }
    } else if (byte === QUOTE) {
      inString = true;
      stringStart = i;
    } else if (OPENERS.has(byte)) {
      if (++depth > MAX_JSON_DEPTH)
        throw new BodyRefused(`Request body nests deeper than ${MAX_JSON_DEPTH} levels`);
    } else if (CLOSERS.has(byte)) depth--;
  }
}
