import type { Response } from 'express';
import { recordOrgEvent } from '../db/org-events';
import { clearThrottle, saveThrottle, throttleRows, type ThrottleRow } from '../db/sessions';
import { afterFailure, recentFailures, throttleDelayMs, type ThrottlePolicy } from '../domain/people';
import { SYSTEM_ACTOR } from '../domain/roles';
import type { AppContext } from './context';
import { HttpError } from './errors';

/**
 * Throttling of failed credentials (sign-in, and service accounts' token requests), counted per key in
 * PostgreSQL so that every API process honours it: from the policy's `slowAfter` failures the answer is held
 * back longer each time, and `lockAfter` locks the key (429 `rate_limited` with Retry-After, even for the
 * right credentials). A lock and its end are in the organisation's audit trail.
 */
export interface ThrottleKey {
  /** `user:<username>`, `client:<client id>`, `ip:<address>`. */
  key: string;
  policy: ThrottlePolicy;
  /** `details.reason` of the 429 while this key is locked. */
  lockedReason: string;
}

/** Before checking credentials: 429 while a key is locked, else the slowing its recent failures earn. The rows, for countFailure. */
export async function passThrottle(ctx: AppContext, res: Response, keys: ThrottleKey[], now: Date, what: string): Promise<Map<string, ThrottleRow>> {
  const rows = new Map((await throttleRows(ctx.db, keys.map((k) => k.key))).map((row) => [row.key, row]));
  let delay = 0;
  for (const { key, policy, lockedReason } of keys) {
    const row = rows.get(key);
    if (!row?.locked_until) {
      if (row) delay = Math.max(delay, throttleDelayMs(policy, recentFailures(policy, failuresOf(row), now)));
      continue;
    }
    const until = new Date(row.locked_until);
    if (until > now) {
      const retryAfterSeconds = Math.max(1, Math.ceil((until.getTime() - now.getTime()) / 1000));
      res.setHeader('Retry-After', String(retryAfterSeconds));
      throw new HttpError('rate_limited', `Too many failed ${what}: try again later.`, { reason: lockedReason, retryAfterSeconds });
    }
    // The lock has run out: it ends now, with a fresh count.
    await ctx.db.transaction(async (tx) => {
      await clearThrottle(tx, key);
      await recordOrgEvent(tx, { actor: SYSTEM_ACTOR, kind: 'account.lock_ended', subjectType: 'account', subjectId: key, before: { lockedUntil: until.toISOString() } });
    });
    rows.delete(key);
  }
  // Slowing repeated failures: the answer is held back (a deliberate server-side delay, not a wait on a condition).
  if (delay > 0) await new Promise((resolve) => setTimeout(resolve, delay));
  return rows;
}

/** One more failure on every key; the one that reaches its limit locks, in the audit trail. */
export async function countFailure(ctx: AppContext, keys: ThrottleKey[], rows: Map<string, ThrottleRow>, now: Date, what: string): Promise<void> {
  await ctx.db.transaction(async (tx) => {
    for (const { key, policy } of keys) {
      const previous = rows.get(key);
      const next = afterFailure(policy, previous && failuresOf(previous), now);
      await saveThrottle(tx, { key, failures: next.failures, last_failure_at: now, locked_until: next.lockedUntil });
      if (next.lockedUntil) {
        await recordOrgEvent(tx, { actor: SYSTEM_ACTOR, kind: 'account.locked', subjectType: 'account', subjectId: key, reason: `${next.failures} failed ${what}`, after: { lockedUntil: next.lockedUntil.toISOString() } });
      }
    }
  });
}

const failuresOf = (row: ThrottleRow) => ({ failures: row.failures, lastFailureAt: new Date(row.last_failure_at) });
