import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';

/** One registry for the process; modules add their own gauges to it. */
export const registry = new Registry();
collectDefaultMetrics({ register: registry });

export const httpDuration = new Histogram({
  name: 'http_request_duration_seconds',
  help: 'HTTP request latency by route and status',
  labelNames: ['method', 'route', 'status'] as const,
  buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
  registers: [registry],
});

export const dbPool = new Gauge({
  name: 'db_pool_connections',
  help: 'Database pool connections by state',
  labelNames: ['state'] as const,
  registers: [registry],
});

export const socketsConnected = new Gauge({
  name: 'socketio_connected_clients',
  help: 'Socket.IO clients connected to this instance',
  registers: [registry],
});

export const realtimeEvents = new Counter({
  name: 'realtime_events_emitted_total',
  help: 'Live events emitted, by event name',
  labelNames: ['event'] as const,
  registers: [registry],
});

export const realtimeLocalSend = new Histogram({
  name: 'realtime_local_send_seconds',
  help: "Time to hand one live event to every socket of its rooms on this instance (the fan-out's send loop), by event; without Redis only",
  labelNames: ['event'] as const,
  buckets: [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1],
  registers: [registry],
});
