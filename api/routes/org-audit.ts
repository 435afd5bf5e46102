import { Router } from 'express';
import { listOrgEvents } from '../../db/org-events';
import { requireRole } from '../auth';
import type { AppContext } from '../context';
import { OrgEventsQuery } from '../unit-schemas';

/** The organisation's audit trail (issue 10, item 7), oldest first, for admins; page on with `after`. */
export function orgAuditRoutes(ctx: AppContext): Router {
  const r = Router();
  r.get('/audit/org-events', requireRole('admin'), async (req, res) => {
    const q = OrgEventsQuery.parse(req.query);
    const items = await listOrgEvents(ctx.db, { subjectType: q.subjectType, subjectId: q.subjectId, afterId: q.after, limit: q.limit + 1 });
    const page = items.slice(0, q.limit);
    res.json({ items: page, nextCursor: items.length > q.limit ? String(page[page.length - 1].id) : null });
  });
  return r;
}
