import { Router } from 'express';
import { rateLimit } from 'express-rate-limit';
import type { Knex } from 'knex';
import { z } from 'zod';
import { logger } from '../../config/logger';
import { CENTER_UNIT_ID } from '../../domain/roles';
import { STATUS_TEXT } from '../../domain/status';
import { dossierHistory, findDossier } from '../../db/dossiers';
import type { AppContext } from '../context';
import { HttpError } from '../errors';
import { dummyPinHash, verifyPin } from '../pin';
import { publicProgress } from '../progress-view';
import { PublicLookupQuery } from '../schemas';

/**
 * Guessing the PIN. The PIN is 8 random digits: 10^8 values. Per address, at most `publicLookupPerMinute`
 * (30) lookups a minute (counted in each API process's memory); but addresses are cheap, so the bound
 * that matters is per code, kept in PostgreSQL for every process: after
 * LOCK_AFTER_FAILURES (5) wrong PINs within LOCK_WINDOW, the code locks for LOCK_FOR (30 min) — even the
 * right PIN gets 429 then — and the center is told. That is at most 5 guesses per 30 minutes and code,
 * 240 a day, 87,600 a year: a chance of 87,600 / 10^8 < 0.09 % to find one dossier's PIN in a year of
 * trying, about 570 years on average. (A dossier is looked up for weeks, not years.) Older PINs, of any
 * length, keep working: only their hash is stored and verified.
 */
export const LOCK_AFTER_FAILURES = 5;
const LOCK_WINDOW_S = 30 * 60;
const LOCK_FOR_S = 30 * 60;

/** The citizens' lookup: status only, behind the code and the PIN on the receipt. No token. */
export function publicRoutes(ctx: AppContext): Router {
  const r = Router();
  r.use(
    rateLimit({
      windowMs: 60_000,
      limit: ctx.config.publicLookupPerMinute,
      standardHeaders: 'draft-8',
      legacyHeaders: false,
      handler: (_req, _res, next) => next(new HttpError('rate_limited', 'Too many lookups from this address; try again in a minute.', { reason: 'address_limited' })),
    }),
  );
  r.get('/dossiers/:code', async (req, res) => {
    const code = z.string().max(100).parse(req.params.code);
    const { pin } = PublicLookupQuery.parse(req.query);
    const locked = await lockedForSeconds(ctx.db, code);
    if (locked > 0) {
      res.set('Retry-After', String(locked));
      throw new HttpError('rate_limited', 'Too many wrong PINs for this code; it is locked for a while.', { reason: 'code_locked', retryAfterSeconds: locked });
    }
    const row = await findDossier(ctx.db, code);
    // An unknown code and a wrong PIN look the same, in answer and in time: an unknown code (or a dossier
    // without a real PIN hash) is checked against a dummy hash, and both count against the code.
    const stored = row?.lookup_pin_hash.startsWith('scrypt$') ? row.lookup_pin_hash : await dummyPinHash();
    const matches = await verifyPin(pin, stored);
    if (!row || !matches || stored !== row.lookup_pin_hash) {
      await recordFailure(ctx.db, code);
      throw new HttpError('not_found', 'No dossier with that code and PIN.');
    }
    await ctx.db('lookup_guards').where({ code }).andWhere((q) => q.whereNull('locked_until').orWhere('locked_until', '<', ctx.db.fn.now())).delete();
    const { calendar } = await ctx.calendar.current();
    const at = (d: Date) => calendar.civilDateTime(new Date(d));
    const history = await dossierHistory(ctx.db, code);
    res.json({
      code: row.code,
      procedureName: row.procedure_name,
      status: row.status,
      statusText: STATUS_TEXT[row.status],
      receivedAt: at(row.received_at),
      dueAt: at(row.due_at),
      ...(row.result_ready_at ? { resultReadyAt: at(row.result_ready_at) } : {}),
      ...(row.returned_at ? { returnedAt: at(row.returned_at) } : {}),
      history: history.filter((e) => e.action !== 'progress').map((e) => ({ status: e.status, at: at(e.at) })),
      progress: publicProgress(history).map((p) => ({ at: at(p.at), note: p.note })),
    });
  });
  return r;
}

async function lockedForSeconds(db: Knex, code: string): Promise<number> {
  const row = await db('lookup_guards')
    .where({ code })
    .andWhere('locked_until', '>', db.fn.now())
    .first(db.raw('ceil(extract(epoch from locked_until - now()))::int as seconds'));
  return (row as { seconds: number } | undefined)?.seconds ?? 0;
}

/**
 * Counts a wrong PIN for the code, in one statement (so concurrent API processes count each failure once);
 * the failure that reaches the limit locks the code and files a security alert for the center.
 */
async function recordFailure(db: Knex, code: string): Promise<void> {
  const stale = 'g.window_started_at < now() - make_interval(secs => :window)';
  const reaches = `not (${stale}) and g.failures + 1 >= :limit`;
  const { rows } = await db.raw<{ rows: { just_locked: boolean; locks: number }[] }>(
    `insert into lookup_guards as g (code, failures, window_started_at) values (:code, 1, now())
     on conflict (code) do update set
       failures = case when ${stale} then 1 when ${reaches} then 0 else g.failures + 1 end,
       window_started_at = case when ${stale} or ${reaches} then now() else g.window_started_at end,
       locked_until = case when ${reaches} then now() + make_interval(secs => :lock) else g.locked_until end,
       locks = case when ${reaches} then g.locks + 1 else g.locks end
     returning coalesce(locked_until = now() + make_interval(secs => :lock), false) as just_locked, locks`,
    { code, window: LOCK_WINDOW_S, limit: LOCK_AFTER_FAILURES, lock: LOCK_FOR_S },
  );
  if (!rows[0]?.just_locked) return;
  await db('security_alerts').insert({
    kind: 'lookup_locked',
    subject: code,
    recipient_role: 'supervisor',
    recipient_unit_id: CENTER_UNIT_ID,
    detail: JSON.stringify({ failures: LOCK_AFTER_FAILURES, windowSeconds: LOCK_WINDOW_S, lockedSeconds: LOCK_FOR_S, locks: rows[0].locks }),
  });
  logger.warn({ dossier: code, locks: rows[0].locks, lockedSeconds: LOCK_FOR_S }, 'public lookup locked for a dossier code after repeated wrong PINs');
  // Guards that neither count nor lock any more are dropped, a bounded batch at a time.
  await db.raw(
    `delete from lookup_guards where code in (select code from lookup_guards where (locked_until is null or locked_until < now()) and window_started_at < now() - make_interval(secs => ?) limit 1000)`,
    [LOCK_WINDOW_S],
  );
}
