import { Router } from 'express';
import { openTasks } from '../../db/dossiers';
import { isExaminer, taskKindsOf } from '../../domain/actions';
import { principalOf } from '../../domain/roles';
import { actorOf, requireScope } from '../auth';
import type { AppContext } from '../context';
import { taskView } from '../dossier-view';
import { visibleUnits } from './dossiers';

/** The open human tasks the caller can act on: their unit's, unassigned or assigned to them. */
export function taskRoutes(ctx: AppContext): Router {
  const r = Router();
  r.get('/', requireScope('dossiers:read'), async (req, res) => {
    const actor = actorOf(req);
    const { calendar } = await ctx.calendar.current();
    const units = await visibleUnits(ctx, actor);
    const rows = await openTasks(ctx.db, units, isExaminer(actor.role) ? principalOf(actor) : undefined);
    const kinds = taskKindsOf(actor.role);
    res.json(rows.filter((t) => kinds === 'all' || (kinds as readonly string[]).includes(t.kind)).map((t) => taskView(t, calendar)));
  });
  return r;
}
