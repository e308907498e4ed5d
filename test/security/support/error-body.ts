import { STATUS_CODES } from 'node:http';

/** The standard error body: `{statusCode, error, message}` matching the response status. */
export function isErrorBody(body: unknown, status: number): boolean {
  if (typeof body !== 'object' || body === null) return false;
  const b = body as { statusCode?: unknown; error?: unknown; message?: unknown };
  const messageOk =
    typeof b.message === 'string' ||
    (Array.isArray(b.message) && b.message.every((m) => typeof m === 'string'));
  return b.statusCode === status && b.error === (STATUS_CODES[status] ?? 'Error') && messageOk;
}
