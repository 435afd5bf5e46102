import { Router, type Request } from 'express';
import { ActionBody } from '../../domain/actions';
import { dossierVisible, seesEverything, type Scope } from '../../domain/access';
import type { Actor } from '../../domain/roles';
import { findDossier, findDossierWithHistory, listDossiers, type DossierRow } from '../../db/dossiers';
import { unitScope } from '../../db/catalogue';
import { unitNames } from '../../db/units';
import { actorOf, requireRole } from '../auth';
import type { AppContext } from '../context';
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
    const found = await findDossierWithHistory(ctx.db, code);
    if (!found) throw new HttpError('not_found', `No dossier ${code}.`);
    const { calendar } = await ctx.calendar.current();
    const { row, history } = found;
    const names = await unitNames(ctx.db, [row.receiving_branch_id, row.return_branch_id, row.department_id, ...history.map((e) => e.actor.unitId)]);
    return dossierView(row, calendar, new Date(), ctx.config.dueSoonWorkingDays, history, names);
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

  r.get('/', async (req, res) => {
    const q = DossierListQuery.parse(req.query);
    const actor = actorOf(req);
    const { calendar } = await ctx.calendar.current();
    const now = new Date();
    const rows = await listDossiers(ctx.db, {
      ...q,
      now,
      visibleUnits: await visibleUnits(ctx, actor),
      limit: q.limit + 1,
      after: q.cursor ? { receivedAt: q.cursor.at, code: q.cursor.code } : undefined,
    });
    const page = rows.slice(0, q.limit);
    const last = page[page.length - 1];
    res.json({
      items: page.map((row) => dossierView(row, calendar, now, ctx.config.dueSoonWorkingDays)),
      nextCursor: rows.length > q.limit && last ? encodeCursor(last) : null,
    });
  });

  r.get('/:code', async (req, res) => {
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

  r.post('/:code/actions/:action', async (req, res) => {
    const { code, action } = ActionPath.parse(req.params);
    const actor = actorOf(req);
    const body = ActionBody[action].parse(req.body ?? {});
    await performAction(ctx, code, action, actor, body, idempotencyKey(req));
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

function encodeCursor(row: DossierRow): string {
  return cursorAt(new Date(row.received_at), row.code);
}
