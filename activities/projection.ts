import { ApplicationFailure } from '@temporalio/activity';
import type { Knex } from 'knex';
import { insertEvent } from '../db/integration-events';
import { taskChanges, taskId, transitionDossierColumns, transitionEventRow, wantedTasks, type OpenTaskRow } from '../db/projection-rows';
import type { TransitionProjection } from '../domain/dossier';

/**
 * Records one transition in the read model: the history event, the dossier row, the open tasks, the
 * process-control verdicts and the notifications to send. Idempotent: the event's (code, seq) key and the
 * row's last_seq make a retried or replayed projection a no-op.
 *
 * The workflow is the authority: a read model that got ahead of it is brought back in line here. That happens
 * when a worker dies after a (local) projection committed but before its workflow task completed: the
 * workflow never took that transition, and its next one arrives with the same seq and different content.
 * The phantom transitions (from that seq on) are then undone before this one is applied.
 */
export async function projectTransition(db: Knex, p: TransitionProjection): Promise<TransitionProjection> {
  await db.transaction(async (tx) => {
    // The row, locked, with its open tasks (for projectTasks) in the same round trip.
    const row: { last_seq: number; open_tasks: OpenTaskRow[] } | undefined = await tx('dossiers')
      .where({ code: p.code })
      .forUpdate()
      .first(
        'last_seq',
        tx.raw(
          `(select coalesce(json_agg(json_build_object('id', t.id, 'kind', t.kind, 'unit_id', t.unit_id, 'assignee', t.assignee, 'due_at', t.due_at)), '[]'::json)
             from tasks t where t.dossier_code = dossiers.code and t.closed_at is null) as open_tasks`,
        ),
      );
    if (!row) {
      // The receipt was rolled back (Temporal answered too late for the API): there is nothing to project.
      throw ApplicationFailure.nonRetryable(`dossier ${p.code} is not recorded`, 'dossier_not_recorded');
    }
    if (row.last_seq >= p.seq) {
      const recorded = await tx('dossier_events').where({ dossier_code: p.code, seq: p.seq }).first('action', 'status', 'at');
      if (recorded && sameTransition(recorded, p)) return;
      await undoFrom(tx, p.code, p.seq);
    }
    // Undoing phantom transitions reopens or removes tasks: read them again then.
    const open = row.last_seq >= p.seq ? await openTasks(tx, p.code) : row.open_tasks;
    // The receipt's own event is published with the workflow's first transition (before it, in seq order): a
    // receipt that is rolled back (its workflow could not be started) is never announced.
    if (row.last_seq === 1 && p.seq === 2) await publishReceipt(tx, p);
    // The whole transition in one statement (data-modifying WITHs always run, all or nothing): the event, its
    // outbox row, the tasks closed and opened, the process-control verdicts, the notifications to send, and the
    // dossier row. One round trip instead of five: each query is a socket write, the worker's costliest call.
    const update = tx('dossiers').with('event', tx('dossier_events').insert(transitionEventRow(p)));
    const outbox = insertEvent(tx, { ...p, status: p.state.status, dueAt: p.state.dueAt, assignee: p.state.assignee });
    if (outbox) update.with('outbox', outbox);
    withTaskChanges(tx, update, p, open);
    if (p.stepVerdicts?.length) {
      update.with(
        'verdicts',
        tx('step_verdicts')
          .insert(p.stepVerdicts.map((v) => ({ dossier_code: p.code, step: v.step, due_at: v.dueAt, finished_at: v.finishedAt, verdict: v.verdict, unit_id: v.unitId, seq: p.seq })))
          .onConflict(['dossier_code', 'step', 'seq'])
          .ignore(),
      );
    }
    if (p.notifications?.length) {
      update.with(
        'notified',
        tx('notifications')
          .insert(
            p.notifications.map((n) => ({
              id: `${p.code}:${p.seq}:${n.kind}:${n.recipient.role}:${n.recipient.unitId ?? ''}:${n.recipient.sub ?? ''}`,
              dossier_code: p.code,
              seq: p.seq,
              kind: n.kind,
              recipient_role: n.recipient.role,
              recipient_unit_id: n.recipient.unitId,
              recipient_sub: n.recipient.sub,
              created_at: p.at,
            })),
          )
          .onConflict('id')
          .ignore(),
      );
    }
    await update.where({ code: p.code }).update(transitionDossierColumns(p));
  });
  // Returned so that a local activity's marker records it: the history alone can rebuild the read model.
  return p;
}

async function publishReceipt(tx: Knex.Transaction, p: TransitionProjection): Promise<void> {
  const first = await tx('dossier_events').where({ dossier_code: p.code, seq: 1 }).first('action', 'at');
  if (!first) return;
  const at = new Date(first.at).toISOString();
  await insertEvent(tx, { code: p.code, seq: 1, action: first.action, at, status: 'received', dueAt: p.state.originalDueAt ?? null, assignee: null, data: null });
}

function sameTransition(e: { action: string; status: string; at: Date | string }, p: TransitionProjection): boolean {
  return e.action === p.action && e.status === p.state.status && new Date(e.at).getTime() === new Date(p.at).getTime();
}

/**
 * Undoes the phantom transitions from `seq` on (events, verdicts, undelivered notifications; tasks they opened
 * go, tasks they closed reopen). The dossier row itself is overwritten by the transition applied next.
 */
async function undoFrom(tx: Knex.Transaction, code: string, seq: number): Promise<void> {
  const first = await tx('dossier_events').where({ dossier_code: code }).where('seq', '>=', seq).orderBy('seq').first('at');
  await tx('dossier_events').where({ dossier_code: code }).where('seq', '>=', seq).delete();
  // Their outbox rows too: a consumer that already had one gets the transition that replaces it under the same webhook-id.
  await tx('integration_events').where({ dossier_code: code }).where('seq', '>=', seq).delete();
  await tx('step_verdicts').where({ dossier_code: code }).where('seq', '>=', seq).delete();
  await tx('notifications').where({ dossier_code: code }).where('seq', '>=', seq).whereNull('delivered_at').delete();
  await tx('tasks').where({ dossier_code: code }).where('opened_seq', '>=', seq).delete();
  if (first) await tx('tasks').where({ dossier_code: code }).where('closed_at', '>=', first.at).update({ closed_at: null });
  await tx('dossiers').where({ code }).update({ last_seq: seq - 1 });
}

/** The dossier's open tasks. */
function openTasks(tx: Knex.Transaction, code: string): Promise<OpenTaskRow[]> {
  return tx('tasks').where({ dossier_code: code }).whereNull('closed_at').select('id', 'kind', 'unit_id', 'assignee', 'due_at');
}

/**
 * Closes the tasks no longer wanted and opens the new ones, as WITHs of the transition's statement; a task that
 * stays open keeps its identity. Closed and opened rows are never the same (a new task's id carries this seq).
 */
function withTaskChanges(tx: Knex.Transaction, statement: Knex.QueryBuilder, p: TransitionProjection, open: OpenTaskRow[]): void {
  const changes = taskChanges(open, wantedTasks(p));
  const close = changes.close.map((o) => o.id);
  if (close.length) statement.with('closed', tx('tasks').whereIn('id', close).update({ closed_at: p.at }));
  if (changes.add.length) {
    statement.with(
      'opened',
      tx('tasks').insert(
        changes.add.map((w) => ({
          id: taskId(p.code, p.seq, w.kind),
          dossier_code: p.code,
          kind: w.kind,
          unit_id: w.unitId,
          assignee: w.assignee,
          opened_seq: p.seq,
          created_at: p.at,
          due_at: w.dueAt,
        })),
      ),
    );
  }
}
