import { WithStartWorkflowOperation } from '@temporalio/client';
import crypto from 'node:crypto';
import type { Procedure } from '../domain/catalogue';
import { checkComponents, type ComponentCheck } from '../domain/components';
import { procedureRules } from '../domain/catalogue';
import type { DossierState, DossierWorkflowInput } from '../domain/dossier';
import { checkFeeAmount, feeOwed, feeStateFor, type FeeState } from '../domain/fees';
import { isReceptionUnit, type Actor } from '../domain/roles';
import { allocateCode, feeOfRow, insertReceipt, SYNTHETIC_PIN_HASH } from '../db/dossiers';
import { findUnit, proceduresInForce } from '../db/catalogue';
import { receptionFacts, unitOn } from '../db/units';
import { receptionRefusal } from '../domain/units';
import { DepartmentKey, DossierStatusKey, DueAtKey, ProcedureKey, ReceivingBranchKey } from '../config/search-attributes';
import { DOSSIER_WORKFLOW_TYPE, receiptUpdate } from '../workflows/messages';
import type { dossierWorkflow } from '../workflows/dossier';
import type { AppContext } from './context';
import { HttpError, keyReused, toHttpError } from './errors';
import { hashPin, newPin, sealPin, unsealPin } from './pin';
import { keepPinForFirstPrint } from './print/receipt-pin';
import type { ReceiveDossierBody } from './schemas';
import { ensureWorkerPolling, withWorkerWatch, workflowStatus } from './temporal-calls';
import { handleSubmission, submissionToHandle } from './online-submissions';

export interface ReceiptResult {
  code: string;
  lookupPin?: string;
  created: boolean;
}

/**
 * Receives a complete dossier: checks it against the procedure, records it with its code and hashed PIN,
 * and starts its workflow, which transfers it to the competent authority at once. A request repeated with
 * the same Idempotency-Key returns the first dossier and creates nothing.
 */
export async function receiveDossier(
  ctx: AppContext,
  actor: Actor,
  body: ReceiveDossierBody,
  idempotencyKey: string | undefined,
  now: Date,
  importing?: { receivedAt: Date; receivingBranchId: string; code?: string },
): Promise<ReceiptResult> {
  // Fresh: a year loaded through another API process a moment ago is in this dossier's appointment.
  const { calendar, data: calendarData } = await ctx.calendar.current({ fresh: true });
  // An import keeps the previous system's reception time: everything is computed from it.
  const receivedAt = importing?.receivedAt ?? now;
  if (receivedAt > now) throw new HttpError('invalid_request', 'receivedAt is in the future.', { field: 'receivedAt' });
  const [procedure] = await proceduresInForce(ctx.db, calendar.civilDate(receivedAt), body.procedureCode);
  if (!procedure) throw new HttpError('invalid_request', `No procedure ${body.procedureCode} is in force.`, { field: 'procedureCode' });
  // The PIN is hashed on libuv's pool while the checks below read the units: a receipt waits for the longer of
  // the two, not for both. A receipt refused by a check leaves the hash unread.
  const pin = newPin();
  const hashing = hashPin(pin);
  hashing.catch(() => undefined);

  const departmentId = await competentAuthority(ctx, procedure, body.authorityUnitId);
  const receivingUnit = await findUnit(ctx.db, importing?.receivingBranchId ?? actor.unitId);
  if (!receivingUnit || !isReceptionUnit(receivingUnit.kind)) {
    if (importing) throw new HttpError('invalid_request', `Unknown receiving branch ${importing.receivingBranchId}.`, { field: 'receivingBranchId' });
    throw new HttpError('forbidden', 'Dossiers are received by the clerks of a branch or reception point.');
  }
  const returnBranchId = body.returnBranchId ?? receivingUnit.id;
  // Most dossiers return where they were received: no second read of the same unit.
  const returnUnit = returnBranchId === receivingUnit.id ? receivingUnit : await findUnit(ctx.db, returnBranchId);
  if (!returnUnit || !isReceptionUnit(returnUnit.kind)) {
    throw new HttpError('invalid_request', `Unknown return branch ${returnBranchId}.`, { field: 'returnBranchId' });
  }
  // Units over time (domain.md §1): a receipt happens at a unit operating that day that offers the procedure
  // then. An import records what the previous system already received, wherever it was: not checked.
  if (!importing) await checkReceivingUnit(ctx, receivingUnit.id, returnBranchId, procedure.code, calendar.civilDate(receivedAt));

  const components = checkReceivedComponents(procedure, body);
  // An online submission received here leaves its queue in the receipt's own transaction (below).
  const submission = body.onlineSubmissionId && !importing ? await submissionForReceipt(ctx, actor, body.onlineSubmissionId, procedure.code, idempotencyKey) : undefined;

  const fee = feeAtReception(procedure, body.fee, actor, receivedAt);
  const dueAt = calendar.dueAt(receivedAt, procedure.processingTime, procedure.cutoff);
  // With no worker, answer 503 before anything is recorded (a repeat then receives the dossier normally).
  await ensureWorkerPolling(ctx);
  const requestHash = crypto.createHash('sha256').update(JSON.stringify(body)).digest('hex');
  const pinHash = await hashing;

  const recorded = await ctx.db.transaction(async (tx) => {
    if (idempotencyKey) {
      // Concurrent requests with one key queue on this row's primary key; all but the first find it taken.
      const existing = await tx('idempotency_keys').where({ scope: actor.sub, key: idempotencyKey }).first();
      if (existing) return { existing };
    }
    if (importing?.code && (await tx('dossiers').where({ code: importing.code }).first())) {
      throw new HttpError('conflict', `A dossier ${importing.code} already exists.`);
    }
    const code = importing?.code ?? (await allocateCode(tx, receivingUnit.id, receivingUnit.code, calendar.civilDate(receivedAt)));
    await insertReceipt(tx, code, {
      procedureCode: procedure.code,
      procedureVersion: procedure.effectiveFrom,
      procedureName: procedure.name,
      departmentId,
      receivingBranchId: receivingUnit.id,
      returnBranchId,
      channel: submission ? 'online' : body.channel,
      applicant: body.applicant,
      documents: components.received.map(({ code, name, requirement, condition }) => ({ code, name, requirement, ...(condition ? { condition } : {}) })),
      conditionalApplies: components.applicable.map((d) => d.code),
      note: body.note ?? null,
      receivedAt: receivedAt.toISOString(),
      dueAt: dueAt.toISOString(),
      lookupPinHash: pinHash,
      imported: importing !== undefined,
      actor,
      fee,
    });
    // The PIN for the receipt's first print (api/routes/print.ts), encrypted and short-lived; then only its hash.
    await keepPinForFirstPrint(tx, code, pin, ctx.config.jwtSecret, now);
    if (idempotencyKey) {
      const inserted = await tx('idempotency_keys')
        .insert({ scope: actor.sub, key: idempotencyKey, request_hash: requestHash, dossier_code: code, sealed_pin: sealPin(pin, ctx.config.jwtSecret) })
        .onConflict(['scope', 'key'])
        .ignore()
        .returning('key');
      if (inserted.length === 0) {
        // Another request with this key committed first: undo ours and answer with theirs.
        const existing = await tx('idempotency_keys').where({ scope: actor.sub, key: idempotencyKey }).first();
        throw new RepeatedKey(existing);
      }
    }
    // After the key: a concurrent repeat of this request is answered as a repeat, not as a second handling.
    if (submission) await handleSubmission(tx, submission.id, { status: 'received', dossierCode: code }, actor, now);
    return { code };
  }).catch((err) => {
    if (err instanceof RepeatedKey) return { existing: err.row };
    throw err;
  });

  if ('existing' in recorded) {
    const row = recorded.existing as { request_hash: string; dossier_code: string; sealed_pin: string };
    if (row.request_hash !== requestHash) {
      throw keyReused();
    }
    // The first request may have died before its workflow started, or before the workflow confirmed the
    // transfer (a row can be ahead of its workflow after a crash): a repeat answers only once the workflow has
    // the dossier transferred — it starts it if it never was, or waits on the running one (a receipt update).
    if ((await workflowStatus(ctx, row.dossier_code)) !== 'closed') await startDossierWorkflow(ctx, await workflowInputFor(ctx, row.dossier_code));
    return { code: row.dossier_code, lookupPin: unsealPin(row.sealed_pin, ctx.config.jwtSecret), created: false };
  }

  const input: DossierWorkflowInput = {
    code: recorded.code,
    procedure: procedureRules(procedure),
    calendar: calendarData,
    departmentId,
    receivingBranchId: receivingUnit.id,
    returnBranchId,
    receivedAt: receivedAt.toISOString(),
    dueAt: dueAt.toISOString(),
    receivedBy: actor,
    imported: importing !== undefined,
    fee,
    dueSoonWorkingDays: ctx.config.dueSoonWorkingDays,
  };
  try {
    await startDossierWorkflow(ctx, input);
  } catch (err) {
    // The receipt is committed and its code taken (the register has no gaps): it is never undone. Its
    // workflow may even have started; either way it is finished here, or by any API's sweep, or by a repeat.
    finishLater(ctx, input);
    const e = toHttpError(err);
    if (e.code !== 'unavailable') throw err;
    throw new HttpError(
      'unavailable',
      `The dossier was recorded as ${recorded.code}, but its transfer was not confirmed in time; it will complete by itself. Repeat the request with the same Idempotency-Key to print its receipt.`,
      { code: recorded.code },
    );
  }
  return { code: recorded.code, lookupPin: pin, created: true };
}

/**
 * The dossier against its procedure's components (domain.md §4 "Components may be conditional"): codes said
 * to apply that are no conditional component → 422 `not_conditional_component`; a mandatory or applicable
 * conditional component missing → 422 `incomplete_dossier` naming each; a document that is no component of
 * the procedure → 400. Components brought beyond what is required are received and listed.
 */
function checkReceivedComponents(procedure: Procedure, body: ReceiveDossierBody): ComponentCheck {
  const c = checkComponents(procedure, body.documents.map((d) => d.code), body.conditionalApplies);
  if (c.notConditional.length) {
    const conditional = procedure.requiredDocuments.filter((d) => d.requirement === 'conditional').map((d) => d.code);
    throw new HttpError(
      'not_conditional_component',
      `conditionalApplies names ${c.notConditional.join(', ')}, which ${c.notConditional.length === 1 ? 'is' : 'are'} no conditional component of ${procedure.code}` +
        (conditional.length ? ` (its conditional components: ${conditional.join(', ')}).` : ' (it has none).'),
      { notConditional: c.notConditional, conditionalComponents: conditional },
    );
  }
  if (c.missing.length) {
    throw new HttpError(
      'incomplete_dossier',
      `The dossier lacks ${c.missing.length} required document(s): ${c.missing.map((d) => `${d.name} (${d.code})`).join('; ')}.`,
      {
        missingDocuments: c.missing.map((d) => d.code),
        missing: c.missing.map(({ code, name, requirement, condition }) => ({ code, name, requirement, ...(condition ? { condition } : {}) })),
      },
    );
  }
  if (c.unknownDocuments.length) {
    throw new HttpError('invalid_request', `Documents not in this procedure's list: ${c.unknownDocuments.join(', ')}.`, { unknownDocuments: c.unknownDocuments });
  }
  return c;
}

/**
 * The online submission a receipt handles (404/409/400 as api/online-submissions.ts says) — unless this is a
 * repeat of a receipt with the same Idempotency-Key, which the transaction answers with the first dossier.
 */
async function submissionForReceipt(ctx: AppContext, actor: Actor, id: string, procedureCode: string, key: string | undefined) {
  if (key && (await ctx.db('idempotency_keys').where({ scope: actor.sub, key }).first('key'))) return undefined;
  return submissionToHandle(ctx, actor, id, procedureCode);
}

/** Tries again to start a recorded receipt's workflow, with backoff, for a while (then the sweep does). */
function finishLater(ctx: AppContext, input: DossierWorkflowInput, attempt = 0): void {
  if (attempt >= 8) return;
  const timer = setTimeout(() => {
    // Only a workflow that never started is started: another receipt update sent to a running one would only
    // add traffic (and history) to a dossier already on its way.
    workflowStatus(ctx, input.code)
      .then((status) => (status === 'none' ? startDossierWorkflow(ctx, input) : undefined))
      .catch(() => finishLater(ctx, input, attempt + 1));
  }, Math.min(1_000 * 2 ** attempt, 30_000));
  timer.unref();
}

/**
 * The fee a dossier starts with (domain.md §4 Fees): the procedure's, with the payment the clerk records with
 * the receipt — only for a fee collected at reception, of the catalogue's amount (any amount, with a note,
 * where it varies). Checked before anything is recorded.
 */
function feeAtReception(procedure: Procedure, paid: ReceiveDossierBody['fee'], actor: Actor, at: Date): FeeState {
  if (!paid) return feeStateFor(procedure.fee, null);
  if (!feeOwed(procedure.fee)) throw new HttpError('fee_not_due', `${procedure.code} has no fee.`, { field: 'fee' });
  if (procedure.fee.collectedAt !== 'reception') {
    throw new HttpError('fee_not_due', `The fee of ${procedure.code} is collected when the result is returned.`, { field: 'fee' });
  }
  const wrong = checkFeeAmount(procedure.fee, paid);
  if (wrong) throw new HttpError(wrong.type, wrong.message, wrong.details);
  return feeStateFor(procedure.fee, {
    amount: paid.amount,
    receiptNumber: paid.receiptNumber,
    note: paid.note ?? null,
    at: at.toISOString(),
    by: { sub: actor.sub, role: actor.role, unitId: actor.unitId },
  });
}

/** 409 `unit_not_operating` / `not_offered_here` when the unit may not receive the procedure on that civil date. */
export async function checkReceivingUnit(ctx: AppContext, unitId: string, returnBranchId: string | null, procedureCode: string, on: string, checkOffer = true): Promise<void> {
  const refusal = receptionRefusal(await receptionFacts(ctx.db, unitId, on), procedureCode, checkOffer);
  if (refusal) throw new HttpError(refusal.code, refusal.message, refusal.details);
  if (returnBranchId !== null && returnBranchId !== unitId && !(await unitOn(ctx.db, returnBranchId, on))) {
    throw new HttpError('unit_not_operating', `The return branch ${returnBranchId} is not operating on ${on}.`, { field: 'returnBranchId', unitId: returnBranchId, on });
  }
}

class RepeatedKey extends Error {
  constructor(readonly row: unknown) {
    super('repeated idempotency key');
  }
}

async function competentAuthority(ctx: AppContext, procedure: Procedure, authorityUnitId: string | undefined): Promise<string> {
  if (procedure.authorityLevel === 'city') {
    if (authorityUnitId && authorityUnitId !== procedure.departmentId) {
      throw new HttpError('invalid_request', `${procedure.code} is decided by ${procedure.departmentId}, not ${authorityUnitId}.`, { field: 'authorityUnitId' });
    }
    return procedure.departmentId!;
  }
  if (!authorityUnitId) {
    throw new HttpError('invalid_request', 'A commune-level procedure needs the deciding ward/commune (authorityUnitId).', { field: 'authorityUnitId' });
  }
  const unit = await findUnit(ctx.db, authorityUnitId);
  if (!unit || unit.kind !== 'commune') {
    throw new HttpError('invalid_request', `${authorityUnitId} is not a ward or commune.`, { field: 'authorityUnitId' });
  }
  return unit.id;
}

/**
 * Receipts whose workflow never started — the API stopped between committing the receipt and starting its
 * workflow — are started here, so that no dossier is left behind. Safe to run anywhere and often: the start
 * is idempotent (the code names one workflow), and young receipts are left to the request still handling them.
 */
export async function recoverStalledReceipts(
  ctx: AppContext,
  opts: { olderThanMs?: number; limit?: number; codes?: string[] } = {},
): Promise<{ started: string[]; failed: { code: string; error: string }[] }> {
  const q = ctx
    .db('dossiers')
    .where({ status: 'received', last_seq: 1 })
    .where('created_at', '<', new Date(Date.now() - (opts.olderThanMs ?? 120_000)))
    .whereNot('lookup_pin_hash', SYNTHETIC_PIN_HASH)
    .orderBy('created_at')
    .limit(opts.limit ?? 100);
  if (opts.codes) q.whereIn('code', opts.codes);
  const codes: string[] = await q.pluck('code');
  const result = { started: [] as string[], failed: [] as { code: string; error: string }[] };
  for (const code of codes) {
    try {
      if ((await workflowStatus(ctx, code)) !== 'none') continue;
      await startDossierWorkflow(ctx, await workflowInputFor(ctx, code));
      result.started.push(code);
    } catch (err) {
      // One bad row must not hold the others back; it is reported, and tried again next time.
      result.failed.push({ code, error: err instanceof Error ? err.message : String(err) });
    }
  }
  return result;
}

/** Rebuilds a recorded dossier's workflow input from its row (a repeated request, a stalled receipt). */
async function workflowInputFor(ctx: AppContext, code: string): Promise<DossierWorkflowInput> {
  const row = await ctx.db('dossiers').where({ code }).first();
  const first = await ctx.db('dossier_events').where({ dossier_code: code, seq: 1 }).first();
  const [procedure] = await ctx.db('procedures').where({ code: row.procedure_code, effective_from: row.procedure_version }).select('definition');
  const p = procedure.definition as Procedure;
  const { data } = await ctx.calendar.current({ fresh: true });
  const fee = feeOfRow(row, first.actor);
  return {
    code,
    procedure: procedureRules(p),
    calendar: data,
    departmentId: row.department_id,
    receivingBranchId: row.receiving_branch_id,
    returnBranchId: row.return_branch_id,
    receivedAt: new Date(row.received_at).toISOString(),
    dueAt: new Date(row.original_due_at).toISOString(),
    receivedBy: first.actor,
    imported: row.imported,
    ...(fee ? { fee } : {}),
    dueSoonWorkingDays: ctx.config.dueSoonWorkingDays,
  };
}

/** Starts the dossier's workflow (or finds it running) and waits until it has reached its authority. */
export async function startDossierWorkflow(ctx: AppContext, input: DossierWorkflowInput): Promise<DossierState> {
  const { client, config } = ctx;
  await ensureWorkerPolling(ctx);
  const start = new WithStartWorkflowOperation<typeof dossierWorkflow>(DOSSIER_WORKFLOW_TYPE, {
    workflowId: input.code,
    taskQueue: config.taskQueue,
    args: [input],
    workflowIdConflictPolicy: 'USE_EXISTING',
    // A dossier's code names one workflow for ever: never a second run after it finished.
    workflowIdReusePolicy: 'REJECT_DUPLICATE',
    typedSearchAttributes: [
      { key: DossierStatusKey, value: 'received' },
      { key: ReceivingBranchKey, value: input.receivingBranchId },
      { key: DepartmentKey, value: input.departmentId },
      { key: ProcedureKey, value: input.procedure.code },
      { key: DueAtKey, value: new Date(input.dueAt) },
    ],
  });
  // Stops waiting as soon as the worker is seen dead: the receipt stays, and is finished as any uncertain one.
  return withWorkerWatch(ctx, () => client.workflow.executeUpdateWithStart(receiptUpdate, { startWorkflowOperation: start }));
}
