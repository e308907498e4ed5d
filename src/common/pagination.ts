import { invalid } from './domain-error.js';

export interface Page<T, C = string> {
  items: T[];
  next: C | null;
  prev: C | null;
}

/** Opaque keyset cursors: base64url JSON, validated on the way back in. */
export function encodeCursor(value: unknown): string {
  return Buffer.from(JSON.stringify(value)).toString('base64url');
}

export function decodeCursor<T>(cursor: string | undefined, check: (value: unknown) => value is T): T | null {
  if (cursor === undefined || cursor === '') return null;
  try {
    const value: unknown = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    if (check(value)) return value;
  } catch {
    // fall through
  }
  throw invalid('cursor is not valid');
}

/** An id or position in the URL: a positive safe integer or a clear 400 (never a 500). */
export function positiveInt(raw: string | number | undefined, name: string, max = 2_147_483_647): number {
  const value = typeof raw === 'number' ? raw : Number(raw);
  // decimal digits only: "0x1f", "1e3" and " 7" are not ids
  if (raw === undefined || (typeof raw === 'string' && !/^\d{1,16}$/.test(raw)) || !Number.isInteger(value) || value < 1 || value > max) {
    throw invalid(`${name} must be a positive integer`);
  }
  return value;
}
