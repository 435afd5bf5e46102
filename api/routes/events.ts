import { Router } from 'express';
import { decodeCursor, encodeCursor, eventMessage, eventsAfter, START } from '../../db/integration-events';
import { EVENT_TYPES } from '../../domain/integration-events';
import { actorOf, requireScope } from '../auth';
import type { AppContext } from '../context';
import { HttpError } from '../errors';
import { EventsQuery } from '../integration-schemas';
import { visibleUnits } from './dossiers';

/**
 * The event feed for systems that can only poll (api-contract.md, "Integrations"): the same events as the
 * webhooks, in commit order, scoped to the dossiers the caller sees. `nextCursor` is always given: a client
 * keeps it and asks again later.
 */
export function eventRoutes(ctx: AppContext): Router {
  const r = Router();
  r.get('/', requireScope('events:read'), async (req, res) => {
    const actor = actorOf(req);
    const q = EventsQuery.parse(req.query);
    const after = q.after === undefined ? START : decodeCursor(q.after);
    if (!after) throw new HttpError('invalid_request', 'The cursor is not one this API gave.', { field: 'after' });
    const types = q.types?.split(',');
    const limit = q.limit ?? 100;
    const units = await visibleUnits(ctx, actor);
    // Dossier events only: the outbox also carries the portal's news of online submissions (domain/national-portal.ts).
    const rows = await eventsAfter(ctx.db, after, { limit, types: types?.length ? types : EVENT_TYPES, units });
    const last = rows.at(-1);
    res.json({ items: rows.map(eventMessage), nextCursor: encodeCursor(last ? { txid: last.txid, id: String(last.id) } : after) });
  });
  return r;
}
