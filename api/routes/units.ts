import { Router } from 'express';
import type { Knex } from 'knex';
import { civilDateOf, proceduresInForce } from '../../db/catalogue';
import { recordOrgEvent } from '../../db/org-events';
import { codeHolder, offerLists, openChildren, saveOfferLists, saveUnitHistory, unitHistory, unitOn, unitsOn } from '../../db/units';
import { planChange, planCreate, planOfferList, versionOn, type UnitVersion, type UnitViolation } from '../../domain/units';
import { actorOf, requireRole } from '../auth';
import type { AppContext } from '../context';
import { HttpError } from '../errors';
import { BranchProceduresQuery, ChangeUnitBody, CreateUnitBody, PutBranchProceduresBody, UnitPath, UnitsQuery } from '../unit-schemas';

export const unitView = (v: UnitVersion) => ({
  id: v.unitId,
  code: v.code,
  name: v.name,
  kind: v.kind,
  ...(v.parentId ? { parentId: v.parentId } : {}),
  from: v.from,
  ...(v.to ? { to: v.to } : {}),
  ...(v.mergedInto ? { mergedInto: v.mergedInto } : {}),
});

const refused = (v: UnitViolation) => new HttpError(v.code, v.message, { rule: v.rule, ...v.details });

/** One change to a unit at a time: its row is locked for the transaction (404 when there is none). */
async function lockUnit(trx: Knex.Transaction, id: string): Promise<void> {
  const row = await trx('units').where({ id }).forUpdate().first('id');
  if (!row) throw new HttpError('not_found', `No unit ${id}.`);
}

/** Units over time (staff read; admins change, each change audited in org_events with before and after). */
export function unitRoutes(ctx: AppContext): Router {
  const r = Router();

  r.get('/units', async (req, res) => {
    const q = UnitsQuery.parse(req.query);
    const units = await unitsOn(ctx.db, q.on ?? civilDateOf(), q.kind ? [q.kind] : undefined);
    res.json(units.map(unitView));
  });

  r.get('/units/:id', async (req, res) => {
    const { id } = UnitPath.parse(req.params);
    const versions = await unitHistory(ctx.db, id);
    if (!versions.length) throw new HttpError('not_found', `No unit ${id}.`);
    res.json({ id, versions: versions.map(unitView) });
  });

  r.post('/units', requireRole('admin'), async (req, res) => {
    const body = CreateUnitBody.parse(req.body);
    const actor = actorOf(req);
    const created = await ctx.db.transaction(async (trx) => {
      // Serialises creations with the same id or code (the second finds the first's row).
      await trx.raw('select pg_advisory_xact_lock(hashtext(?))', [`unit:${body.id}`]);
      const parent = body.parentId ? await unitOn(trx, body.parentId, body.from) : undefined;
      const plan = planCreate(
        { id: body.id, code: body.code, name: body.name, kind: body.kind, parentId: body.parentId ?? null, address: body.address ?? null, from: body.from },
        { idTaken: !!(await trx('units').where({ id: body.id }).first('id')), codeTakenBy: await codeHolder(trx, body.code, body.id), parent },
      );
      if ('rule' in plan) throw refused(plan);
      await saveUnitHistory(trx, body.id, [plan], civilDateOf());
      await recordOrgEvent(trx, { actor, kind: 'unit.created', subjectType: 'unit', subjectId: body.id, effectiveFrom: body.from, reason: body.reason, after: unitView(plan) });
      return plan;
    });
    res.status(201).json(unitView(created));
  });

  r.patch('/units/:id', requireRole('admin'), async (req, res) => {
    const { id } = UnitPath.parse(req.params);
    const body = ChangeUnitBody.parse(req.body);
    const actor = actorOf(req);
    const versions = await ctx.db.transaction(async (trx) => {
      await lockUnit(trx, id);
      const history = await unitHistory(trx, id);
      const d = body.effectiveFrom;
      const plan = planChange(
        history,
        { effectiveFrom: d, name: body.name, code: body.code, parentId: body.parentId, close: body.close, mergedInto: body.mergedInto },
        {
          parent: body.parentId ? await unitOn(trx, body.parentId, d) : undefined,
          mergeTarget: body.mergedInto ? await unitOn(trx, body.mergedInto, d) : undefined,
          openChildren: body.close ? await openChildren(trx, id, d) : [],
          codeTakenBy: body.code ? await codeHolder(trx, body.code, id) : null,
        },
      );
      if ('rule' in plan) throw refused(plan);
      await saveUnitHistory(trx, id, plan.versions, civilDateOf());
      await recordOrgEvent(trx, {
        actor,
        kind: plan.kind,
        subjectType: 'unit',
        subjectId: id,
        effectiveFrom: d,
        reason: body.reason,
        before: history.map(unitView),
        after: plan.versions.map(unitView),
      });
      return plan.versions;
    });
    res.json({ id, versions: versions.map(unitView) });
  });

  r.get('/branches/:id/procedures', async (req, res) => {
    const { id } = UnitPath.parse(req.params);
    const { on = civilDateOf() } = BranchProceduresQuery.parse(req.query);
    const history = await unitHistory(ctx.db, id);
    if (!history.length || history[0].kind !== 'branch') throw new HttpError('not_found', `No branch ${id}.`);
    const operating = versionOn(history, on) !== undefined;
    const list = versionOn(await offerLists(ctx.db, id), on);
    const procedures = operating ? await proceduresInForce(ctx.db, on) : [];
    res.json({
      branchId: id,
      on,
      operating,
      list: list ? { from: list.from, ...(list.to ? { to: list.to } : {}), all: list.procedures === null } : null,
      procedures: procedures.filter((p) => !list || list.procedures === null || list.procedures.includes(p.code)).map((p) => ({ code: p.code, name: p.name })),
    });
  });

  r.put('/branches/:id/procedures', requireRole('admin'), async (req, res) => {
    const { id } = UnitPath.parse(req.params);
    const body = PutBranchProceduresBody.parse(req.body);
    const actor = actorOf(req);
    const codes = body.procedures === 'all' ? null : body.procedures;
    const lists = await ctx.db.transaction(async (trx) => {
      await lockUnit(trx, id);
      const before = await offerLists(trx, id);
      const known = new Set<string>(codes ? await trx('procedures').whereIn('code', codes).distinct('code').pluck('code') : []);
      const plan = planOfferList(before, { branchId: id, from: body.from, procedures: codes }, { branch: await unitOn(trx, id, body.from), unknownCodes: (codes ?? []).filter((c) => !known.has(c)) });
      if ('rule' in plan) throw refused(plan);
      await saveOfferLists(trx, id, plan);
      await recordOrgEvent(trx, { actor, kind: 'branch_procedures.set', subjectType: 'branch_procedures', subjectId: id, effectiveFrom: body.from, reason: body.reason, before, after: plan });
      return plan;
    });
    res.json({ branchId: id, lists: lists.map((l) => ({ from: l.from, ...(l.to ? { to: l.to } : {}), procedures: l.procedures ?? 'all' })) });
  });

  return r;
}
