// HTTP helpers: JSON calls to the app and autocannon runs, all to 127.0.0.1 and bounded in time.
import autocannon from 'autocannon';

export async function json(url, { method = 'GET', token, body, expect } = {}) {
  const res = await fetch(url, {
    method,
    headers: {
      'content-type': 'application/json',
      ...(token ? { authorization: `Bearer ${token}` } : {}),
    },
    body: body === undefined ? undefined : JSON.stringify(body),
    signal: AbortSignal.timeout(60_000),
  });
  const text = await res.text();
  if (expect ? !expect.includes(res.status) : !res.ok)
    throw new Error(`${method} ${url}: ${res.status} ${text.slice(0, 300)}`);
  return { status: res.status, body: text ? JSON.parse(text) : null };
}

/** A member's bearer token: signs in, or registers the name first. */
export async function signIn(baseUrl, username, password) {
  const login = await json(`${baseUrl}/api/auth/login`, {
    method: 'POST',
    body: { username, password },
    expect: [200, 201, 401],
  });
  if (login.status !== 401) return { token: login.body.accessToken, user: login.body.user };
  const created = await json(`${baseUrl}/api/auth/register`, {
    method: 'POST',
    body: { username, password },
  });
  return { token: created.body.accessToken, user: created.body.user };
}

/**
 * One autocannon run. `requests` (optional) cycles per connection; returns req/s, latency
 * percentiles (ms) and error counts.
 */
export function cannon({ url, connections, seconds, requests, headers, title }) {
  const started = Date.now();
  return new Promise((resolve, reject) => {
    const instance = autocannon(
      { url, connections, duration: seconds, requests, headers, pipelining: 1, timeout: 10, title },
      (error, result) => {
        if (error) return reject(error);
        const elapsed = (Date.now() - started) / 1000;
        resolve({
          title,
          connections,
          seconds: elapsed,
          requests: result.requests.total,
          rps: result.requests.average,
          p50: result.latency.p50,
          p99: result.latency.p99,
          max: result.latency.max,
          non2xx: result.non2xx,
          errors: result.errors + result.timeouts,
          bytesPerRequest: result.requests.total
            ? result.throughput.total / result.requests.total
            : 0,
        });
      },
    );
    // never let an interrupted run hang the harness
    const guard = setTimeout(() => instance.stop(), (seconds + 30) * 1000);
    guard.unref();
    instance.on('done', () => clearTimeout(guard));
  });
}

/**
 * Runs `worker(i, lane)` from `concurrency` loops until `seconds` pass or `maxOps` complete;
 * latency per op (ms). With `intervalMs` each lane starts an op every intervalMs (paced, like
 * members who each post now and then) instead of back to back.
 */
export async function closedLoop({
  concurrency,
  seconds,
  maxOps = Infinity,
  intervalMs = 0,
  worker,
}) {
  const deadline = Date.now() + seconds * 1000;
  const latencies = [];
  const failures = [];
  let next = 0;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: concurrency }, async (_, lane) => {
      let slot = Date.now() + (intervalMs * lane) / concurrency;
      while (Date.now() < deadline && next < maxOps) {
        if (intervalMs) {
          await new Promise((resolve) => setTimeout(resolve, Math.max(0, slot - Date.now())));
          slot += intervalMs;
          if (Date.now() >= deadline) break;
        }
        const i = next++;
        const t0 = performance.now();
        try {
          await worker(i, lane);
          latencies.push(performance.now() - t0);
        } catch (error) {
          failures.push(String(error?.message ?? error).slice(0, 200));
          if (failures.length > 50) return;
        }
      }
    }),
  );
  return { latencies, failures, elapsed: (performance.now() - started) / 1000 };
}
