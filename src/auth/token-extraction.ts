import type { IncomingMessage } from 'node:http';

export const ACCESS_COOKIE = 'forum_access';
export const REFRESH_COOKIE = 'forum_refresh';
export const SIGNED_IN_COOKIE = 'forum_signed_in';

function parseCookieHeader(header: string | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  if (!header) return out;
  for (const part of header.split(';')) {
    const eq = part.indexOf('=');
    if (eq < 0) continue;
    const name = part.slice(0, eq).trim();
    try {
      out[name] = decodeURIComponent(part.slice(eq + 1).trim());
    } catch {
      // a malformed cookie is no token
    }
  }
  return out;
}

export function cookieValue(req: Pick<IncomingMessage, 'headers'>, name: string): string | null {
  return parseCookieHeader(req.headers.cookie)[name] ?? null;
}

export function bearerToken(req: Pick<IncomingMessage, 'headers'>): string | null {
  const header = req.headers.authorization;
  if (!header) return null;
  const match = /^Bearer\s+(\S+)$/i.exec(header);
  return match ? match[1] : null;
}

/** The same rule for HTTP and the socket handshake: a Bearer header wins over the cookie. */
export function accessTokenFrom(req: Pick<IncomingMessage, 'headers'>): string | null {
  return bearerToken(req) ?? cookieValue(req, ACCESS_COOKIE);
}
