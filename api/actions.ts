import { WorkflowNotFoundError } from '@temporalio/client';
import crypto from 'node:crypto';
import { judgeAction, RULE_VIOLATION_TYPES, type ActionName } from '../domain/actions';
import type { Actor } from '../domain/roles';
import { findDossier } from '../db/dossiers';
import { actionUpdates } from '../workflows/messages';
import type { AppContext } from './context';
import { HttpError, keyReused, toHttpError, type ErrorCode } from './errors';
import { ensureWorkerPolling, withWorkerWatch, workflowStatus } from './temporal-calls';

/**
 * A staff action, applied exactly once and answered the same way every time it is repeated:
 * - the dossier's workflow judges it whenever the workflow runs (the read model never answers for it, even
 *   when its row already looks finished: a crash can leave a row ahead of its workflow);
 * - the Temporal update id is derived from the Idempotency-Key, so a repeated request runs the action once;
 * - the first answer (success or refusal by the rules) is kept, and a repeat gets it back;
 * - once the workflow has closed, the history events name the requests that made them, so a request that did
 *   its work before the workflow closed is still answered as applied.
 */
export async function performAction(
  ctx: AppContext,
  code: string,
  action: ActionName,
  actor: Actor,
  body: unknown,
  key: string | undefined,
): Promise<void> {
  const requestHash = crypto.createHash('sha256').update(JSON.stringify([code, action, body])).digest('hex');
  // The key's first answer and whether the dossier exists, in one round trip.
  const before: { answer: AnswerRow | null; known: boolean } = await ctx.db
    .select(
      ctx.db.raw('(select row_to_json(a) from action_answers a where a.scope = ? and a.key = ?) as answer', [actor.sub, key ?? null]),
      ctx.db.raw('exists (select 1 from dossiers where code = ?) as known', [code]),
    )
    .first();
  if (before.answer) return replay(before.answer, code, action, requestHash);
  if (!before.known) throw new HttpError('not_found', `No dossier ${code}.`);
  const updateId = key ? `${action}:${actor.sub}:${key}` : `${action}:${actor.sub}:${crypto.randomUUID()}`;
  let answer: HttpError | null = null;
  try {
    await applyThroughWorkflow(ctx, code, action, actor, body, updateId);
  } catch (err) {
    answer = toHttpError(err);
  }
  // Only the rules' answers are final; an unavailable dependency is not an answer (the client repeats).
  if (key && (answer === null || isRuling(answer.code))) {
    const inserted = await ctx.db('action_answers')
      .insert({
        scope: actor.sub,
        key,
        dossier_code: code,
        action,
        request_hash: requestHash,
        status: answer?.status ?? 200,
        error: answer ? JSON.stringify({ code: answer.code, message: answer.message, details: answer.details ?? null }) : null,
      })
      .onConflict(['scope', 'key'])
      .ignore()
      .returning('key');
    // A concurrent repeat answered first: give its answer (the same update id made them one action).
    if (inserted.length === 0) return replay(await ctx.db('action_answers').where({ scope: actor.sub, key }).first(), code, action, requestHash);
  }
  if (answer) throw answer;
}

/** Judgements of the rules (domain/actions.ts's one list) and a key's conflict: the first answer, kept for every repeat. */
const RULINGS: ReadonlySet<ErrorCode> = new Set<ErrorCode>([...RULE_VIOLATION_TYPES, 'conflict']);
function isRuling(code: ErrorCode): boolean {
  return RULINGS.has(code);
}

interface AnswerRow {
  dossier_code: string;
  action: string;
  request_hash: string;
  status: number;
  error: { code: ErrorCode; message: string; details: unknown } | null;
}

function replay(first: AnswerRow, code: string, action: ActionName, requestHash: string): void {
  if (first.dossier_code !== code || first.action !== action || first.request_hash !== requestHash) {
    throw keyReused();
  }
  if (first.error) throw new HttpError(first.error.code, first.error.message, first.error.details ?? undefined);
}

async function applyThroughWorkflow(ctx: AppContext, code: string, action: ActionName, actor: Actor, body: unknown, updateId: string): Promise<void> {
  const { client } = ctx;
  await ensureWorkerPolling(ctx);
  const handle = client.workflow.getHandle(code);
  try {
    await withWorkerWatch(ctx, () => handle.executeUpdate(actionUpdates[action], { args: [{ actor, body }], updateId }));
  } catch (err) {
    if (!(err instanceof WorkflowNotFoundError)) throw err;
    // Not found can also mean that the server lost the update it was asked about (it restarted): only a
    // workflow known to be closed lets the read model answer; otherwise the client repeats.
    if ((await workflowStatus(ctx, code)) === 'running') {
      throw new HttpError('unavailable', 'The action was not confirmed (Temporal lost track of it). Repeat it with the same Idempotency-Key: it will happen once.');
    }
    // The workflow has closed (its dossier is returned, withdrawn or stopped): its history is complete in the
    // read model, which now answers.
    await judgeClosed(ctx, code, action, actor, updateId);
  }
}

async function judgeClosed(ctx: AppContext, code: string, action: ActionName, actor: Actor, updateId: string): Promise<void> {
  const applied = await ctx.db('dossier_events').where({ dossier_code: code, request_id: updateId }).first('seq');
  if (applied) return;
  const row = await findDossier(ctx.db, code);
  if (!row) throw new HttpError('not_found', `No dossier ${code}.`);
  const verdict = judgeAction({ status: row.status, departmentId: row.department_id, returnBranchId: row.return_branch_id, assignee: row.assignee }, actor, action);
  throw verdict.ok ? new HttpError('invalid_transition', `The dossier is ${row.status}.`) : new HttpError(verdict.violation.type, verdict.violation.message);
}
