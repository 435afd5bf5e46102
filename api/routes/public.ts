import { Router } from 'express';
import { rateLimit } from 'express-rate-limit';
import { z } from 'zod';
import { STATUS_TEXT } from '../../domain/status';
import { dossierHistory, findDossier } from '../../db/dossiers';
import type { AppContext } from '../context';
import { HttpError } from '../errors';
import { verifyPin } from '../pin';
import { PublicLookupQuery } from '../schemas';

/** The citizens' lookup: status only, behind the code and the PIN on the receipt. No token. */
export function publicRoutes(ctx: AppContext): Router {
  const r = Router();
  r.use(
    rateLimit({
      windowMs: 60_000,
      limit: ctx.config.publicLookupPerMinute,
      standardHeaders: 'draft-8',
      legacyHeaders: false,
      handler: (_req, _res, next) => next(new HttpError('rate_limited', 'Too many lookups from this address; try again in a minute.')),
    }),
  );
  r.get('/dossiers/:code', async (req, res) => {
    const code = z.string().max(100).parse(req.params.code);
    const { pin } = PublicLookupQuery.parse(req.query);
    const row = await findDossier(ctx.db, code);
    // An unknown code and a wrong PIN look the same, so codes cannot be probed.
    if (!row || !(await verifyPin(pin, row.lookup_pin_hash))) throw new HttpError('not_found', 'No dossier with that code and PIN.');
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
      history: history.map((e) => ({ status: e.status, at: at(e.at) })),
    });
  });
  return r;
}
