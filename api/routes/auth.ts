import { Router, type Request, type Response } from 'express';
import { findStaffByUsername } from '../../db/people';
import { clearThrottle, deleteSession } from '../../db/sessions';
import { ADDRESS_THROTTLE, USER_THROTTLE } from '../../domain/people';
import type { AppContext } from '../context';
import { HttpError } from '../errors';
import { verifyPassword } from '../passwords';
import { LoginBody } from '../people-schemas';
import { CSRF_HEADER, clearSessionCookie, csrfMatches, csrfTokenFor, hasSessionCookie, loadSession, startSession } from '../sessions';
import { countFailure, passThrottle, type ThrottleKey } from '../throttle';
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
    const keys: ThrottleKey[] = [
      { key: `user:${body.username.toLowerCase()}`, policy: USER_THROTTLE, lockedReason: 'account_locked' },
      { key: `ip:${req.ip ?? 'unknown'}`, policy: ADDRESS_THROTTLE, lockedReason: 'address_locked' },
    ];
    const rows = await passThrottle(ctx, res, keys, now, 'sign-ins');

    const staff = await findStaffByUsername(ctx.db, body.username);
    const ok = (await verifyPassword(staff?.password_hash, body.password)) && staff?.active === true;
    if (!ok || !staff) {
      await countFailure(ctx, keys, rows, now, 'sign-ins');
      throw new HttpError('unauthenticated', 'Wrong username or password.', { reason: 'bad_credentials' });
    }
    await clearThrottle(ctx.db, keys[0].key);
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
