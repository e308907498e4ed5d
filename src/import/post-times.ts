// Imported posts carry no times; the only dates are inside the copied articles. A post's estimated
// time is its article's date (noon UTC), kept in thread order: a post never precedes the one before.
// Posts without a date sit one minute after the previous post (or before the next dated one).

const MINUTE = 60_000;

export function estimatePostTimes(articleDates: (string | null)[], now: Date = new Date()): Date[] {
  const known = articleDates.map((d) => {
    if (!d) return null;
    const time = Date.parse(d.length === 10 ? `${d}T12:00:00Z` : d);
    return Number.isNaN(time) ? null : time;
  });
  const firstKnown = known.findIndex((t) => t !== null);
  const times: number[] = [];
  for (let i = 0; i < known.length; i++) {
    const previous = i > 0 ? times[i - 1] : null;
    let time: number;
    if (previous === null) {
      // before any dated post: count back from the first date, or from now when nothing is dated
      time = firstKnown >= 0 ? known[firstKnown]! - (firstKnown - i) * MINUTE : now.getTime() - (known.length - i) * MINUTE;
      if (known[i] !== null) time = known[i]!;
    } else {
      time = known[i] !== null && known[i]! > previous ? known[i]! : previous + MINUTE;
    }
    times.push(time);
  }
  return times.map((t) => new Date(t));
}
