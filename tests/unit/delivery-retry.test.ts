import { msToNumber } from '@temporalio/common/lib/time';
import { DELIVERY_RETRY } from '../../workflows/destination';

/** The attempts Temporal makes under the delivery retry policy (coefficient 2), as instants after the first. */
function schedule(r = DELIVERY_RETRY): number[] {
  const attempts = [0];
  const end = msToNumber(r.giveUpAfter);
  for (let interval = msToNumber(r.initialInterval); ; interval = Math.min(interval * 2, msToNumber(r.maximumInterval))) {
    const next = attempts[attempts.length - 1] + interval;
    if (next > end) return attempts;
    attempts.push(next);
  }
}

test('a delivery is retried with backoff for at least three days', () => {
  const at = schedule();
  expect(at[at.length - 1]).toBeGreaterThanOrEqual(3 * 24 * 3600_000);
  // Backoff: the first retries come quickly (a blip costs seconds), the gaps grow, and never exceed an hour.
  expect(at[1]).toBe(5_000);
  const gaps = at.slice(1).map((x, i) => x - at[i]);
  expect(gaps.every((g, i) => i === 0 || g >= gaps[i - 1])).toBe(true);
  expect(Math.max(...gaps)).toBe(3600_000);
  // A consumer down for an hour gets its deliveries within the hour after it is back, after a handful of attempts.
  const during = at.filter((x) => x <= 3600_000).length;
  expect(during).toBeLessThanOrEqual(12);
  expect(at.length).toBeGreaterThan(70);
});
