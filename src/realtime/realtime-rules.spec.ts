import type { IncomingMessage } from 'node:http';
import { sameOriginOnly } from './forum-io-adapter.js';
import { stateChangeEvent } from './live-events.listener.js';

const decide = (headers: Record<string, string>) =>
  new Promise<boolean>((resolve) => sameOriginOnly({ headers } as unknown as IncomingMessage, (_err, ok) => resolve(ok)));

describe('which live event a post state change is', () => {
  it('shows thread readers a post that becomes visible: created when approved, restored otherwise', () => {
    expect(stateChangeEvent({ from: 'pending', to: 'visible' })).toEqual({ name: 'post:created', toThread: true });
    expect(stateChangeEvent({ from: 'hidden', to: 'visible' })).toEqual({ name: 'post:restored', toThread: true });
    expect(stateChangeEvent({ from: 'deleted', to: 'visible' })).toEqual({ name: 'post:restored', toThread: true });
  });

  it('tells thread readers of a hide or delete only when they had seen the post', () => {
    expect(stateChangeEvent({ from: 'visible', to: 'hidden' })).toEqual({ name: 'post:hidden', toThread: true });
    expect(stateChangeEvent({ from: 'visible', to: 'pending' })).toEqual({ name: 'post:hidden', toThread: true });
    expect(stateChangeEvent({ from: 'pending', to: 'hidden' })).toEqual({ name: 'post:hidden', toThread: false });
    expect(stateChangeEvent({ from: 'visible', to: 'deleted' })).toEqual({ name: 'post:deleted', toThread: true });
    expect(stateChangeEvent({ from: 'hidden', to: 'deleted' })).toEqual({ name: 'post:deleted', toThread: true });
    expect(stateChangeEvent({ from: 'pending', to: 'deleted' })).toEqual({ name: 'post:deleted', toThread: false });
  });
});

describe('which handshakes may open a socket', () => {
  it('lets clients without an Origin in (they authenticate with a token, not a cookie)', async () => {
    expect(await decide({ host: 'forum.example:3000' })).toBe(true);
  });

  it('lets pages of this site in, whatever port a proxy left in Host', async () => {
    expect(await decide({ host: 'forum.example', origin: 'https://forum.example:8080' })).toBe(true);
    expect(await decide({ host: 'proxy.internal:3000', 'x-forwarded-host': 'forum.example', origin: 'https://forum.example' })).toBe(true);
    expect(await decide({ host: '[::1]:3000', origin: 'http://[::1]:5173' })).toBe(true);
  });

  it('refuses pages of other sites and malformed origins', async () => {
    expect(await decide({ host: 'forum.example', origin: 'https://evil.example' })).toBe(false);
    expect(await decide({ host: 'forum.example', origin: 'https://forum.example.evil.example' })).toBe(false);
    expect(await decide({ host: 'forum.example', origin: 'null' })).toBe(false);
  });
});
