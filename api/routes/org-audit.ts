import { Router } from 'express';
import { listOrgEvents } from '../../db/org-events';
import { requireRole } from '../auth';
import type { AppContext } from '../context';
import { OrgEventsQuery } from '../people-schemas';

/** GET /audit/org-events (admins): the organisation's audit trail, oldest first, in pages (`after` = the last id seen). */
export function orgAuditRoutes(ctx: AppContext): Router {
  const r = Router();
  r.get('/org-events', requireRole('admin'), async (req, res) => {
    const q = OrgEventsQuery.parse(req.query);
    res.json(await listOrgEvents(ctx.db, { subjectType: q.subjectType, subjectId: q.subjectId, afterId: q.after, limit: q.limit }));
  });
  return r;
}
