import { Router, type Request } from 'express';
import { recordVisible } from '../../domain/access';
import crypto from 'node:crypto';
import type { Knex } from 'knex';
import { checkComponents } from '../../domain/components';
import { NATIONAL_STATUS_REFUSED_AT_RECEPTION } from '../../domain/status';
import { isReceptionUnit, type Actor } from '../../domain/roles';
import { RECEPTION_RECORD_CREATORS, RECEPTION_RECORD_ROLES } from '../../domain/security-matrix';
import { civilDateOf, findUnit, proceduresInForce } from '../../db/catalogue';
import { checkReceivingUnit } from '../receipt';
import { actorOf, requireRole } from '../auth';
import type { AppContext } from '../context';
import { HttpError, keyReused } from '../errors';
import { GuidanceBody, ReceptionRecordPath, RefusalBody, type Guidance, type Refusal } from '../reception-schemas';
import { IdempotencyKey } from '../schemas';
import { visibleUnits } from './dossiers';
import { handleSubmission, submissionToHandle } from '../online-submissions';

/**
 * Reception's other two outcomes (domain.md §4 "Reception has three outcomes"): guidance to complete (Form 02)
 * and refusal (Form 03), each recorded with who, when and which unit, and printable (api/routes/print.ts).
 * No dossier code, no workflow: nothing is processed. The applicant's personal data stays in PostgreSQL.
 */
export type ReceptionKind = 'guidance' | 'refusal';
const TABLE: Record<ReceptionKind, string> = { guidance: 'reception_guidance', refusal: 'reception_refusals' };

export interface ReceptionRow {
  id: string;
  procedure_code: string;
  procedure_name: string;
  unit_id: string;
  channel: string;
  applicant: Guidance['applicant'];
  documents?: { code: string; name: string }[];
  missing?: { code: string; name: string }[];
  note?: string | null;
  reason?: string;
  national_status?: number;
  actor: Actor;
  created_at: Date;
  request_hash: string | null;
}

export function receptionRoutes(ctx: AppContext): Router {
  const r = Router();

  r.post('/guidance', requireRole(...RECEPTION_RECORD_CREATORS), async (req, res) => {
    const body = GuidanceBody.parse(req.body);
    const actor = actorOf(req);
    const { row, created } = await record(ctx, 'guidance', actor, body, idempotencyKey(req), async (now) => {
      const procedure = await procedureInForce(ctx, body.procedureCode, now);
      const brought = body.documents.map((d) => d.code);
      // The same rule as the receipt's: the mandatory components and the applicable conditional ones.
      const check = checkComponents(procedure, brought, body.conditionalApplies);
      if (check.unknownDocuments.length) {
        throw new HttpError('invalid_request', `Documents not in this procedure's list: ${check.unknownDocuments.join(', ')}.`, { unknownDocuments: check.unknownDocuments });
      }
      if (check.notConditional.length) {
        throw new HttpError('not_conditional_component', `Not conditional components of this procedure: ${check.notConditional.join(', ')}.`, {
          notConditional: check.notConditional,
        });
      }
      const missing = check.missing;
      if (missing.length === 0 && !body.note) {
        throw new HttpError('invalid_request', 'Nothing is missing: receive the dossier, or say in a note what must be completed.', { field: 'note' });
      }
      return {
        procedure,
        fields: {
          documents: JSON.stringify(check.received.map(({ code, name }) => ({ code, name }))),
          missing: JSON.stringify(missing.map(({ code, name }) => ({ code, name }))),
          note: body.note ?? null,
        },
      };
    });
    res.status(created ? 201 : 200).json(await guidanceView(ctx, row));
  });

  r.post('/refusals', requireRole(...RECEPTION_RECORD_CREATORS), async (req, res) => {
    const body = RefusalBody.parse(req.body);
    const actor = actorOf(req);
    const { row, created } = await record(ctx, 'refusal', actor, body, idempotencyKey(req), async (now) => ({
      procedure: await procedureInForce(ctx, body.procedureCode, now),
      fields: { reason: body.reason, national_status: NATIONAL_STATUS_REFUSED_AT_RECEPTION },
    }));
    res.status(created ? 201 : 200).json(await refusalView(ctx, row));
  });

  r.get('/guidance/:id', requireRole(...RECEPTION_RECORD_ROLES), async (req, res) => {
    res.json(await guidanceView(ctx, await findReceptionRecord(ctx, 'guidance', req)));
  });
  r.get('/refusals/:id', requireRole(...RECEPTION_RECORD_ROLES), async (req, res) => {
    res.json(await refusalView(ctx, await findReceptionRecord(ctx, 'refusal', req)));
  });
  return r;
}

async function procedureInForce(ctx: AppContext, code: string, now: Date) {
  const { calendar } = await ctx.calendar.current();
  const [procedure] = await proceduresInForce(ctx.db, calendar.civilDate(now), code);
  if (!procedure) throw new HttpError('invalid_request', `No procedure ${code} is in force.`, { field: 'procedureCode' });
  return procedure;
}

/**
 * Records a guidance or a refusal once: with an Idempotency-Key (unique per caller) a repeat of the same
 * request answers with the first record (200), another request with the same key is refused (409), as the
 * receipt does.
 */
async function record(
  ctx: AppContext,
  kind: ReceptionKind,
  actor: Actor,
  body: GuidanceBody | RefusalBody,
  key: string | undefined,
  prepare: (now: Date) => Promise<{ procedure: { code: string; name: string; effectiveFrom: string }; fields: Record<string, unknown> }>,
): Promise<{ row: ReceptionRow; created: boolean }> {
  const table = TABLE[kind];
  const requestHash = crypto.createHash('sha256').update(JSON.stringify(body)).digest('hex');
  const repeat = async (db: Knex): Promise<ReceptionRow | undefined> => {
    if (!key) return undefined;
    const row: ReceptionRow | undefined = await db(table).where({ idempotency_scope: actor.sub, idempotency_key: key }).first();
    if (row && row.request_hash !== requestHash) throw keyReused();
    return row;
  };
  const earlier = await repeat(ctx.db);
  if (earlier) return { row: earlier, created: false };

  const unit = await findUnit(ctx.db, actor.unitId);
  if (!unit || !isReceptionUnit(unit.kind)) throw new HttpError('forbidden', 'Reception is recorded by the clerks of a branch or reception point.');
  const now = new Date();
  // Guidance and refusal are reception too: a unit not operating that day records neither. A procedure the
  // branch does not offer is still guided or refused there (that is how the applicant learns where to go).
  await checkReceivingUnit(ctx, unit.id, null, body.procedureCode, civilDateOf(now), false);
  const { procedure, fields } = await prepare(now);
  // An online submission guided or refused here leaves its queue in the same transaction (409 if handled already).
  const submission = body.onlineSubmissionId ? await submissionToHandle(ctx, actor, body.onlineSubmissionId, procedure.code) : undefined;
  const row = await ctx.db.transaction(async (tx) => {
    const [inserted]: ReceptionRow[] = await tx(table)
      .insert({
        id: crypto.randomUUID(),
        procedure_code: procedure.code,
        procedure_version: procedure.effectiveFrom,
        procedure_name: procedure.name,
        unit_id: unit.id,
        channel: submission ? 'online' : body.channel,
        applicant: JSON.stringify(body.applicant),
        ...fields,
        actor: JSON.stringify({ sub: actor.sub, role: actor.role, unitId: actor.unitId, ...(actor.name ? { name: actor.name } : {}) }),
        created_at: now,
        idempotency_scope: key ? actor.sub : null,
        idempotency_key: key ?? null,
        request_hash: key ? requestHash : null,
      })
      .onConflict(['idempotency_scope', 'idempotency_key'])
      .ignore()
      .returning('*');
    if (inserted && submission) {
      await handleSubmission(tx, submission.id, kind === 'refusal' ? { status: 'refused', refusalId: inserted.id } : { status: 'guided', guidanceId: inserted.id }, actor, now);
    }
    return inserted;
  });
  if (row) return { row, created: true };
  // A concurrent request with the same key committed first: answer as it did.
  const first = await repeat(ctx.db);
  if (!first) throw new HttpError('conflict', 'A concurrent request with this Idempotency-Key did not finish; repeat it.');
  return { row: first, created: false };
}

/**
 * A recorded guidance or refusal, for the staff who may see it (domain/security-matrix.ts `seesReceptionRecord`):
 * the roles of RECEPTION_RECORD_ROLES (403 for the others, checked before), in the unit that recorded it or a
 * unit above it (a branch over its reception points; the center over all); 404 for anyone else, as if it did
 * not exist.
 */
export async function findReceptionRecord(ctx: AppContext, kind: ReceptionKind, req: Request): Promise<ReceptionRow> {
  const { id } = ReceptionRecordPath.parse(req.params);
  const row: ReceptionRow | undefined = await ctx.db(TABLE[kind]).where({ id }).first();
  const units = await visibleUnits(ctx, actorOf(req));
  if (!row || !recordVisible(row.unit_id, units)) throw new HttpError('not_found', `No ${kind} ${id}.`);
  return row;
}

async function common(ctx: AppContext, row: ReceptionRow, path: string) {
  const { calendar } = await ctx.calendar.current();
  return {
    id: row.id,
    procedureCode: row.procedure_code,
    procedureName: row.procedure_name,
    unitId: row.unit_id,
    channel: row.channel as Guidance['channel'],
    applicant: row.applicant,
    createdAt: calendar.civilDateTime(new Date(row.created_at)),
    createdBy: { sub: row.actor.sub, role: row.actor.role, unitId: row.actor.unitId },
    printUrl: `/print/${path}/${row.id}`,
  };
}

async function guidanceView(ctx: AppContext, row: ReceptionRow): Promise<Guidance> {
  return { ...(await common(ctx, row, 'guidance')), documents: row.documents ?? [], missing: row.missing ?? [], ...(row.note ? { note: row.note } : {}) };
}

async function refusalView(ctx: AppContext, row: ReceptionRow): Promise<Refusal> {
  return { ...(await common(ctx, row, 'refusal')), reason: row.reason ?? '', nationalStatus: NATIONAL_STATUS_REFUSED_AT_RECEPTION };
}

function idempotencyKey(req: Request): string | undefined {
  const key = req.header('Idempotency-Key');
  if (key === undefined) return undefined;
  if (!IdempotencyKey.safeParse(key).success) throw new HttpError('invalid_request', 'Idempotency-Key must be 1–200 visible ASCII characters.');
  return key;
}
