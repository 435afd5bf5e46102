import { Router, type Request } from 'express';
import { ActionBody, taskKindsOf } from '../../domain/actions';
import { HOURS_PER_WORKING_DAY } from '../../domain/calendar';
import { dossierVisible, seesEverything, type Scope } from '../../domain/access';
import { principalOf, type Actor } from '../../domain/roles';
import { findDossier, findDossierForView, listDossiers, type DossierRow } from '../../db/dossiers';
import { unitScope } from '../../db/catalogue';
import { actorOf, requireRole, requireScope } from '../auth';
import type { AppContext } from '../context';
import { staffNames } from '../../db/people';
import { dossierView } from '../dossier-view';
import { HttpError } from '../errors';
import { receiveDossier } from '../receipt';
import { ActionPath, DossierListQuery, DossierPath, encodeCursor as cursorAt, IdempotencyKey, ImportDossierBody, ReceiveDossierBody } from '../schemas';
import { performAction } from '../actions';
import { bulkAction, BulkReassignBody, BulkReleaseBody } from '../bulk';

/** The units whose dossiers the caller may see; null for center staff, who see everything. */
export async function visibleUnits(ctx: AppContext, actor: Actor): Promise<string[] | null> {
  return seesEverything(actor) ? null : unitScope(ctx.db, actor.unitId);
}

/** domain/access.ts's rule for a dossier row. */
export function touches(row: DossierRow, units: Scope): boolean {
  return dossierVisible({ receivingBranchId: row.receiving_branch_id, returnBranchId: row.return_branch_id, departmentId: row.department_id }, units);
}

export function dossierRoutes(ctx: AppContext): Router {
  const r = Router();

  const render = async (code: string) => {
    const found = await findDossierForView(ctx.db, code);
    if (!found) throw new HttpError('not_found', `No dossier ${code}.`);
    const { calendar } = await ctx.calendar.current();
    const { row, history, unitName, staffName } = found;
    return dossierView(row, calendar, new Date(), ctx.config.dueSoonWorkingDays, { history, unitName, staffName });
  };

  r.post('/', requireRole('clerk'), async (req, res) => {
    const body = ReceiveDossierBody.parse(req.body);
    const key = idempotencyKey(req);
    const result = await receiveDossier(ctx, actorOf(req), body, key, new Date());
    res.status(result.created ? 201 : 200).json({ ...(await render(result.code)), ...(result.lookupPin ? { lookupPin: result.lookupPin } : {}) });
  });

  r.post('/import', requireRole('admin'), async (req, res) => {
    const { receivingBranchId, receivedAt, code, ...body } = ImportDossierBody.parse(req.body);
    const result = await receiveDossier(ctx, actorOf(req), ReceiveDossierBody.parse(body), idempotencyKey(req), new Date(), {
      receivedAt: new Date(receivedAt),
      receivingBranchId,
      code,
    });
    res.status(result.created ? 201 : 200).json({ ...(await render(result.code)), ...(result.lookupPin ? { lookupPin: result.lookupPin } : {}) });
  });

  r.get('/', requireScope('dossiers:read'), async (req, res) => {
    const q = DossierListQuery.parse(req.query);
    const actor = actorOf(req);
    const { calendar } = await ctx.calendar.current();
    const now = new Date();
    const { task, dueSoon, receivedFrom, receivedTo, cursor, ...filters } = q;
    const units = await visibleUnits(ctx, actor);
    const rows = await listDossiers(ctx.db, {
      ...filters,
      now,
      visibleUnits: units,
      // SQL narrows by the appointment (one working hour more, past a night or a holiday that the appointment may
      // sit at the other end of); the view's own rule (isDueSoon, below) has the last word.
      ...(dueSoon ? { dueSoonBefore: calendar.addWorkingHours(now, ctx.config.dueSoonWorkingDays * HOURS_PER_WORKING_DAY + 1) } : {}),
      ...(task === 'mine' ? { task: { mine: true as const, assignee: principalOf(actor) } } : {}),
      ...(task === 'unassigned' ? { task: { mine: false as const, kinds: taskKindsOf(actor.role), units } } : {}),
      ...(receivedFrom ? { receivedFrom: hanoiMidnight(receivedFrom, 0) } : {}),
      ...(receivedTo ? { receivedBefore: hanoiMidnight(receivedTo, 1) } : {}),
      limit: q.limit + 1,
      after: cursor ? { receivedAt: cursor.at, code: cursor.code } : undefined,
    });
    const page = rows.slice(0, q.limit);
    const last = page[page.length - 1];
    const staffName = await staffNames(ctx.db, page.flatMap((row) => (row.assignee ? [row.assignee] : [])));
    const views = page.map((row) => dossierView(row, calendar, now, ctx.config.dueSoonWorkingDays, { staffName }));
    res.json({
      items: dueSoon === undefined ? views : views.filter((v) => v.dueSoon === dueSoon),
      nextCursor: rows.length > q.limit && last ? encodeCursor(last) : null,
    });
  });

  r.get('/:code', requireScope('dossiers:read'), async (req, res) => {
    const { code } = DossierPath.parse(req.params);
    const row = await findDossier(ctx.db, code);
    if (!row || !touches(row, await visibleUnits(ctx, actorOf(req)))) throw new HttpError('not_found', `No dossier ${code}.`);
    res.json(await render(code));
  });

  // Many dossiers at once (a leader's redistribution): one result per dossier, each an ordinary action.
  r.post('/bulk/reassign', requireRole('leader'), async (req, res) => {
    const { codes, ...body } = BulkReassignBody.parse(req.body);
    res.json(await bulkAction(ctx, 'reassign', actorOf(req), codes, body, idempotencyKey(req)));
  });
  r.post('/bulk/release', requireRole('leader'), async (req, res) => {
    const { codes, ...body } = BulkReleaseBody.parse(req.body);
    res.json(await bulkAction(ctx, 'release', actorOf(req), codes, body, idempotencyKey(req)));
  });

  r.post('/:code/actions/:action', requireScope('dossiers:act'), async (req, res) => {
    const { code, action } = ActionPath.parse(req.params);
    const actor = actorOf(req);
    const body = ActionBody[action].parse(req.body ?? {});
    await performAction(ctx, code, action, actor, body, idempotencyKey(req));
    res.json(await render(code));
  });

  // A department's report of its progress (Plan 29): an action of the workflow that changes no status, recorded
  // in the history like any other (domain/actions.ts ACTION_RULES.progress). Reports come from systems that
  // repeat requests, so the key is required of everyone: a repeat never records the report twice.
  r.post('/:code/progress', requireScope('progress:write'), async (req, res) => {
    const { code } = DossierPath.parse(req.params);
    const key = idempotencyKey(req);
    if (key === undefined) throw new HttpError('invalid_request', 'A progress report needs an Idempotency-Key header (a repeat with the same key is recorded once).', { reason: 'idempotency_key_required' });
    const body = ActionBody.progress.parse(req.body ?? {});
    await performAction(ctx, code, 'progress', actorOf(req), body, key);
    res.json(await render(code));
  });

  return r;
}

function idempotencyKey(req: Request): string | undefined {
  const key = req.header('Idempotency-Key');
  if (key === undefined) return undefined;
  if (!IdempotencyKey.safeParse(key).success) throw new HttpError('invalid_request', 'Idempotency-Key must be 1–200 visible ASCII characters.');
  return key;
}

/** The first instant of a civil day in Hanoi (+07:00, no daylight saving), or of the day `plusDays` later. */
function hanoiMidnight(civilDate: string, plusDays: number): Date {
  return new Date(new Date(`${civilDate}T00:00:00+07:00`).getTime() + plusDays * 86_400_000);
}

function encodeCursor(row: DossierRow): string {
  return cursorAt(new Date(row.received_at), row.code);
}
