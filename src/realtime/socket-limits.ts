import { rateLimited, DomainError } from '../common/domain-error.js';
import { toErrorBody } from '../common/http-error.filter.js';
import { EVENTS_PER_SECOND, STRIKE_WINDOW_MS, STRIKES_BEFORE_DISCONNECT } from './realtime-limits.js';
import type { ForumSocket } from './realtime.types.js';

type Packet = [event: string, ...args: unknown[]];

/**
 * Per-socket middleware for incoming events: a token bucket of EVENTS_PER_SECOND, unknown events
 * refused, both with an error ack. A socket that keeps hammering past its limit is disconnected.
 */
export function socketLimits(socket: ForumSocket, knownEvents: ReadonlySet<string>, onAbuse: (socket: ForumSocket) => void): (packet: Packet, next: (err?: Error) => void) => void {
  let tokens = EVENTS_PER_SECOND;
  let refilledAt = Date.now();
  let strikes = 0;
  let windowStart = Date.now();

  const refuse = (packet: Packet, error: DomainError) => {
    const ack = packet[packet.length - 1];
    if (typeof ack === 'function') ack({ ok: false, error: toErrorBody(error) });
    const now = Date.now();
    if (now - windowStart > STRIKE_WINDOW_MS) {
      windowStart = now;
      strikes = 0;
    }
    if (++strikes >= STRIKES_BEFORE_DISCONNECT) onAbuse(socket);
  };

  return (packet, next) => {
    const now = Date.now();
    tokens = Math.min(EVENTS_PER_SECOND, tokens + ((now - refilledAt) / 1000) * EVENTS_PER_SECOND);
    refilledAt = now;
    if (tokens < 1) return refuse(packet, rateLimited(`Slow down: at most ${EVENTS_PER_SECOND} events a second`, 1));
    tokens -= 1;
    const event = packet[0];
    if (typeof event !== 'string' || !knownEvents.has(event)) return refuse(packet, new DomainError('invalid', `Unknown event "${String(event).slice(0, 40)}"`));
    next();
  };
}
