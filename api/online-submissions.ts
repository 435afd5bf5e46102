import crypto from 'node:crypto';
import type { Knex } from 'knex';
import { recordVisible } from '../domain/access';
import { GUIDED_NATIONAL_STATUS, submissionKey, type SubmissionEventType } from '../domain/national-portal';
import { isReceptionUnit, type Actor } from '../domain/roles';
import { NATIONAL_STATUS, NATIONAL_STATUS_REFUSED_AT_RECEPTION, NATIONAL_STATUS_SUBMITTED_ONLINE, type DossierStatus } from '../domain/status';
import { findUnit, proceduresInForce } from '../db/catalogue';
import { findSubmission, markSubmissionHandled, type SubmissionRow } from '../db/national-portal';
import type { AppContext } from './context';
import { HttpError } from './errors';
import type { Submission, SubmissionBody } from './portal-schemas';
import { visibleUnits } from './routes/dossiers';

/**
 * Online submissions (README, "National portal"): the portal pushes a dossier submitted there; it waits in
 * its receiving unit's queue (national status 1) until a clerk receives, guides or refuses it through the
 * ordinary reception endpoints, which name it with `onlineSubmissionId`.
 */

/**
 * Records a push from the portal once. The portal's reference names it: a repeat of the same request answers
 * with what was recorded (200), whatever happened to it since; a different request with the reference of a
 * live submission is 409. A guided submission is no longer live: the applicant's completed one comes under the
 * same reference as a new submission.
 */
export async function pushSubmission(ctx: AppContext, actor: Actor, body: SubmissionBody): Promise<{ row: SubmissionRow; created: boolean }> {
  const requestHash = crypto.createHash('sha256').update(JSON.stringify(body)).digest('hex');
  const live = async (db: Knex | Knex.Transaction): Promise<SubmissionRow | undefined> => {
    const row: SubmissionRow | undefined = await db('online_submissions').where({ portal_reference: body.reference }).whereNot({ status: 'guided' }).first();
    if (row && row.request_hash !== requestHash) {
      throw new HttpError('conflict', `The portal reference ${body.reference} already names another submission (${row.status}).`, { reason: 'reference_taken', status: row.status });
    }
    return row;
  };
  const earlier = await live(ctx.db);
  if (earlier) return { row: earlier, created: false };

  const { calendar } = await ctx.calendar.current();
  const now = new Date();
  const [procedure] = await proceduresInForce(ctx.db, calendar.civilDate(now), body.procedureCode);
  if (!procedure) throw new HttpError('invalid_request', `No procedure ${body.procedureCode} is in force.`, { field: 'procedureCode' });
  for (const [field, id] of [['receivingUnitId', body.receivingUnitId], ['returnBranchId', body.returnBranchId]] as const) {
    if (id === undefined) continue;
    const unit = await findUnit(ctx.db, id);
    if (!unit || !isReceptionUnit(unit.kind)) throw new HttpError('invalid_request', `${id} is no branch or reception point.`, { field });
  }
  try {
    const [row] = await ctx
      .db('online_submissions')
      .insert({
        id: crypto.randomUUID(),
        portal_reference: body.reference,
        procedure_code: procedure.code,
        procedure_name: procedure.name,
        receiving_unit_id: body.receivingUnitId,
        return_branch_id: body.returnBranchId ?? null,
        applicant: JSON.stringify(body.applicant),
        documents: JSON.stringify(body.documents),
        note: body.note ?? null,
        submitted_at: new Date(body.submittedAt),
        created_at: now,
        created_by: JSON.stringify({ sub: actor.sub, role: actor.role, unitId: actor.unitId }),
        request_hash: requestHash,
      })
      .returning('*');
    return { row, created: true };
  } catch (err) {
    // The same push, concurrently: the live reference's unique index let one in; answer as it did.
    if ((err as { code?: string }).code !== '23505') throw err;
    const first = await live(ctx.db);
    if (!first) throw err;
    return { row: first, created: false };
  }
}

/** A submission as the API shows it. */
export async function submissionView(ctx: AppContext, row: SubmissionRow): Promise<Submission> {
  const { calendar } = await ctx.calendar.current();
  let nationalStatus = NATIONAL_STATUS_SUBMITTED_ONLINE;
  if (row.status === 'refused') nationalStatus = NATIONAL_STATUS_REFUSED_AT_RECEPTION;
  if (row.status === 'guided') nationalStatus = GUIDED_NATIONAL_STATUS;
  if (row.status === 'received' && row.dossier_code) {
    const dossier: { status: DossierStatus } | undefined = await ctx.db('dossiers').where({ code: row.dossier_code }).first('status');
    if (dossier) nationalStatus = NATIONAL_STATUS[dossier.status];
  }
  return {
    id: row.id,
    reference: row.portal_reference,
    status: row.status,
    nationalStatus,
    procedureCode: row.procedure_code,
    procedureName: row.procedure_name,
    receivingUnitId: row.receiving_unit_id,
    ...(row.return_branch_id ? { returnBranchId: row.return_branch_id } : {}),
    applicant: row.applicant as Submission['applicant'],
    documents: row.documents,
    ...(row.note ? { note: row.note } : {}),
    submittedAt: calendar.civilDateTime(new Date(row.submitted_at)),
    createdAt: calendar.civilDateTime(new Date(row.created_at)),
    ...(row.dossier_code ? { dossierCode: row.dossier_code } : {}),
    ...(row.guidance_id ? { guidanceId: row.guidance_id } : {}),
    ...(row.refusal_id ? { refusalId: row.refusal_id } : {}),
    ...(row.handled_by ? { handledBy: row.handled_by } : {}),
    ...(row.handled_at ? { handledAt: calendar.civilDateTime(new Date(row.handled_at)) } : {}),
  };
}

/** A submission the caller may see (its receiving unit in their scope); 404 otherwise, as if it did not exist. */
export async function visibleSubmission(ctx: AppContext, actor: Actor, id: string): Promise<SubmissionRow> {
  const row = await findSubmission(ctx.db, id);
  if (!row || !recordVisible(row.receiving_unit_id, await visibleUnits(ctx, actor))) throw new HttpError('not_found', `No online submission ${id}.`);
  return row;
}

/**
 * Before a clerk handles a submission: it is theirs to see (404), still waiting (409), and of the procedure the
 * handling names (400). The handling itself marks it, in its own transaction (handleSubmission).
 */
export async function submissionToHandle(ctx: AppContext, actor: Actor, id: string, procedureCode: string): Promise<SubmissionRow> {
  const row = await visibleSubmission(ctx, actor, id);
  if (row.status !== 'submitted') throw alreadyHandled(row);
  if (row.procedure_code !== procedureCode) {
    throw new HttpError('invalid_request', `The online submission ${id} is for ${row.procedure_code}, not ${procedureCode}.`, { field: 'procedureCode' });
  }
  return row;
}

function alreadyHandled(row: Pick<SubmissionRow, 'id' | 'status'>): HttpError {
  return new HttpError('conflict', `The online submission ${row.id} was already handled (${row.status}).`, { reason: 'already_handled', status: row.status });
}

/**
 * Marks the submission handled in the transaction that records its outcome (409 and a rollback when another
 * clerk was first). A refusal or a guidance also writes the portal's event to the outbox (a received one is
 * told by its dossier's own events, under the submission's reference).
 */
export async function handleSubmission(
  tx: Knex.Transaction,
  id: string,
  outcome: Parameters<typeof markSubmissionHandled>[2],
  actor: Actor,
  at: Date,
): Promise<void> {
  if (!(await markSubmissionHandled(tx, id, outcome, actor, at))) {
    const row = await findSubmission(tx, id);
    throw alreadyHandled(row ?? { id, status: 'submitted' });
  }
  if (outcome.status === 'received') return;
  const row = (await findSubmission(tx, id))!;
  const type: SubmissionEventType = outcome.status === 'refused' ? 'submission.refused' : 'submission.guided';
  await tx('integration_events').insert({
    dossier_code: submissionKey(id),
    seq: 1,
    type,
    at,
    // Codes only, as every event: the sender reads the rest from PostgreSQL.
    data: JSON.stringify({
      submissionId: id,
      reference: row.portal_reference,
      outcome: outcome.status,
      procedureCode: row.procedure_code,
      receivingBranchId: row.receiving_unit_id,
      at: at.toISOString(),
      ...(outcome.status === 'refused' ? { refusalId: outcome.refusalId } : { guidanceId: outcome.guidanceId }),
    }),
  });
}
