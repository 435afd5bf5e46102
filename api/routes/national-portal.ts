import { Router } from 'express';
import { dayBefore, MAPPED_STATUSES, nationalCodeOn } from '../../domain/national-portal';
import { civilDateOf } from '../../db/catalogue';
import { RECEPTION_RECORD_ROLES } from '../../domain/security-matrix';
import { mappingRows, type MappingRecord, type SubmissionRow } from '../../db/national-portal';
import { recordOrgEvent } from '../../db/org-events';
import { actorOf, requireRole, requireScope } from '../auth';
import type { AppContext } from '../context';
import { HttpError } from '../errors';
import { pushSubmission, submissionView, visibleSubmission } from '../online-submissions';
import { MappingChangeBody, MappingPath, MappingQuery, SubmissionBody, SubmissionListQuery, SubmissionPath } from '../portal-schemas';
import { visibleUnits } from './dossiers';

/** The national status mapping (admins change it, from a date) and the portal's online submissions. */
export function nationalPortalRoutes(ctx: AppContext): Router {
  const r = Router();

  r.get('/national-status-mappings', async (req, res) => {
    actorOf(req);
    const { on = civilDateOf() } = MappingQuery.parse(req.query);
    const rows = await mappingRows(ctx.db);
    const inForce = MAPPED_STATUSES.flatMap((status) => {
      const code = nationalCodeOn(rows, status, on);
      const row = rows.find((x) => x.status === status && x.nationalCode === code && x.validFrom <= on && (x.validTo === null || on <= x.validTo));
      return row ? [entry(row)] : [];
    });
    res.json(inForce);
  });

  r.get('/national-status-mappings/:status', async (req, res) => {
    actorOf(req);
    const { status } = MappingPath.parse(req.params);
    res.json({ status, rows: (await mappingRows(ctx.db, status)).map(entry) });
  });

  /**
   * A new code from a date: a new row, which ends the row in force then the day before (and itself ends the day
   * before a row already planned after it). Days already lived keep their codes (a date before today is 409), so
   * what was sent stays what the table says; a row's own day, when not past, amends it.
   */
  r.put('/national-status-mappings/:status', requireRole('admin'), async (req, res) => {
    const { status } = MappingPath.parse(req.params);
    const body = MappingChangeBody.parse(req.body);
    const actor = actorOf(req);
    const today = civilDateOf();
    if (body.validFrom < today) {
      throw new HttpError('conflict', `A mapping changes from today (${today}) or later: events before it were sent with the codes of their day.`, { reason: 'in_the_past', today });
    }
    await ctx.db.transaction(async (tx) => {
      await tx.raw('select pg_advisory_xact_lock(hashtext(?))', [`national_status_mappings:${status}`]);
      const rows = await mappingRows(tx, status);
      const same = rows.find((x) => x.validFrom === body.validFrom);
      const previous = rows.filter((x) => x.validFrom < body.validFrom).at(-1);
      const next = rows.find((x) => x.validFrom > body.validFrom);
      const who = JSON.stringify({ sub: actor.sub, role: actor.role, unitId: actor.unitId });
      if (same) {
        await tx('national_status_mappings').where({ id: same.id }).update({ national_code: body.nationalCode, note: body.note ?? null, created_by: who, created_at: tx.fn.now() });
      } else {
        if (previous) await tx('national_status_mappings').where({ id: previous.id }).update({ valid_to: dayBefore(body.validFrom) });
        await tx('national_status_mappings').insert({
          status,
          national_code: body.nationalCode,
          valid_from: body.validFrom,
          valid_to: next ? dayBefore(next.validFrom) : null,
          note: body.note ?? null,
          created_by: who,
        });
      }
      const latest = same ?? previous;
      await recordOrgEvent(tx, {
        actor,
        kind: 'national_status_mapping.changed',
        subjectType: 'national_status_mapping',
        subjectId: status,
        effectiveFrom: body.validFrom,
        ...(body.note ? { reason: body.note } : {}),
        before: latest ? { nationalCode: latest.nationalCode, validFrom: latest.validFrom, validTo: latest.validTo } : null,
        after: { nationalCode: body.nationalCode, validFrom: body.validFrom },
      });
    });
    res.json({ status, rows: (await mappingRows(ctx.db, status)).map(entry) });
  });

  // Pushed by the portal's connector (role system); read by the clerks and supervisors of the unit (and above).
  r.post('/online-submissions', requireRole('system'), requireScope('submissions:write'), async (req, res) => {
    const body = SubmissionBody.parse(req.body);
    const { row, created } = await pushSubmission(ctx, actorOf(req), body);
    res.status(created ? 201 : 200).json(await submissionView(ctx, row));
  });

  r.get('/online-submissions', requireRole(...RECEPTION_RECORD_ROLES), async (req, res) => {
    const q = SubmissionListQuery.parse(req.query);
    const units = await visibleUnits(ctx, actorOf(req));
    const rows: SubmissionRow[] = await ctx
      .db('online_submissions')
      .modify((b) => {
        if (q.status) b.where({ status: q.status });
        if (units) b.whereIn('receiving_unit_id', units);
      })
      .orderBy([{ column: 'submitted_at' }, { column: 'id' }])
      .limit(q.limit ?? 100);
    res.json(await Promise.all(rows.map((row) => submissionView(ctx, row))));
  });

  r.get('/online-submissions/:id', requireRole(...RECEPTION_RECORD_ROLES), async (req, res) => {
    const { id } = SubmissionPath.parse(req.params);
    res.json(await submissionView(ctx, await visibleSubmission(ctx, actorOf(req), id)));
  });
  return r;
}

function entry(r: MappingRecord) {
  return { status: r.status, nationalCode: r.nationalCode, validFrom: r.validFrom, validTo: r.validTo, note: r.note, createdBy: r.createdBy, createdAt: r.createdAt };
}
