// Small numeric helpers shared by the benchmarks.

export function percentile(sorted, p) {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(sorted.length * p) - 1))];
}

export function summarize(samples) {
  const sorted = [...samples].sort((a, b) => a - b);
  const sum = sorted.reduce((a, b) => a + b, 0);
  return {
    n: sorted.length,
    mean: sorted.length ? sum / sorted.length : NaN,
    p50: percentile(sorted, 0.5),
    p99: percentile(sorted, 0.99),
    max: sorted.at(-1) ?? NaN,
  };
}

export const median = (xs) => summarize(xs).p50;

/** A figure as people read it: 3 significant digits, thousands separated. */
export function fmt(value, digits = 3) {
  if (value === null || value === undefined || Number.isNaN(value)) return 'n/a';
  if (!Number.isFinite(value)) return String(value);
  const abs = Math.abs(value);
  if (abs >= 1000) return Math.round(value).toLocaleString('en');
  if (abs === 0) return '0';
  return Number(value.toPrecision(digits)).toLocaleString('en', { maximumFractionDigits: 3 });
}

export const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
