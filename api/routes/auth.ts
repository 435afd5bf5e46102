import { Router, type Request, type Response } from 'express';
import { findStaffByUsername } from '../../db/people';
import { recordOrgEvent } from '../../db/org-events';
import { clearThrottle, deleteSession, saveThrottle, throttleRows, type ThrottleRow } from '../../db/sessions';
import { ADDRESS_THROTTLE, afterFailure, recentFailures, throttleDelayMs, USER_THROTTLE, type ThrottlePolicy } from '../../domain/people';
import { SYSTEM_ACTOR } from '../../domain/roles';
import type { AppContext } from '../context';
import { HttpError } from '../errors';
import { verifyPassword } from '../passwords';
import { LoginBody } from '../people-schemas';
import { CSRF_HEADER, clearSessionCookie, csrfMatches, csrfTokenFor, hasSessionCookie, loadSession, startSession } from '../sessions';
import { meOf } from './me';

/**
 * Sign-in (issue 10, item 1): POST /login, POST /logout, GET /csrf. Failed sign-ins are counted per username
 * and per client address: from the 3rd (10th per address) the answer is held back longer each time, and the
 * 5th (30th) locks that key for 15 minutes: 429 rate_limited with Retry-After, even for the right password.
 * A lock and its end are in the organisation's audit trail.
 */
export function authRoutes(ctx: AppContext): Router {
  const r = Router();

  r.post('/login', async (req, res) => {
    const body = LoginBody.parse(req.body);
    const now = new Date();
    const keys: [string, ThrottlePolicy][] = [
      [`user:${body.username.toLowerCase()}`, USER_THROTTLE],
      [`ip:${req.ip ?? 'unknown'}`, ADDRESS_THROTTLE],
    ];
    const rows = new Map((await throttleRows(ctx.db, keys.map(([k]) => k))).map((row) => [row.key, row]));
    let delay = 0;
    for (const [key, policy] of keys) {
      const row = rows.get(key);
      if (!row?.locked_until) {
        if (row) delay = Math.max(delay, throttleDelayMs(policy, recentFailures(policy, failuresOf(row), now)));
        continue;
      }
      const until = new Date(row.locked_until);
      if (until > now) {
        const retryAfterSeconds = Math.max(1, Math.ceil((until.getTime() - now.getTime()) / 1000));
        res.setHeader('Retry-After', String(retryAfterSeconds));
        throw new HttpError('rate_limited', 'Too many failed sign-ins: try again later.', { reason: key.startsWith('user:') ? 'account_locked' : 'address_locked', retryAfterSeconds });
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

    const staff = await findStaffByUsername(ctx.db, body.username);
    const ok = (await verifyPassword(staff?.password_hash, body.password)) && staff?.active === true;
    if (!ok || !staff) {
      await ctx.db.transaction(async (tx) => {
        for (const [key, policy] of keys) {
          const previous = rows.get(key);
          const next = afterFailure(policy, previous && failuresOf(previous), now);
          await saveThrottle(tx, { key, failures: next.failures, last_failure_at: now, locked_until: next.lockedUntil });
          if (next.lockedUntil) {
            await recordOrgEvent(tx, { actor: SYSTEM_ACTOR, kind: 'account.locked', subjectType: 'account', subjectId: key, reason: `${next.failures} failed sign-ins`, after: { lockedUntil: next.lockedUntil.toISOString() } });
          }
        }
      });
      throw new HttpError('unauthenticated', 'Wrong username or password.', { reason: 'bad_credentials' });
    }
    await clearThrottle(ctx.db, keys[0][0]);
    const session = await startSession(ctx, req, res, staff, now);
    res.json({ ...(await meOf(ctx, session, undefined)), csrfToken: csrfTokenFor(ctx.config.jwtSecret, session.idHash) });
  });

  r.get('/csrf', async (req, res) => {
    const session = await loadSession(ctx, req, new Date());
    res.setHeader('Cache-Control', 'no-store');
    res.json({ csrfToken: csrfTokenFor(ctx.config.jwtSecret, session.idHash) });
  });

  r.post('/logout', async (req: Request, res: Response) => {
    const session = hasSessionCookie(req) ? await loadSession(ctx, req, new Date()).catch(() => null) : null;
    if (session) {
      if (!csrfMatches(ctx.config.jwtSecret, session.idHash, req.get(CSRF_HEADER))) throw new HttpError('csrf_failed', `Signing out needs the ${CSRF_HEADER} header from GET /api/v1/auth/csrf.`);
      await deleteSession(ctx.db, session.idHash);
    }
    clearSessionCookie(ctx, req, res);
    res.status(204).end();
  });

  return r;
}

const failuresOf = (row: ThrottleRow) => ({ failures: row.failures, lastFailureAt: new Date(row.last_failure_at) });
