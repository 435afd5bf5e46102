import { ApplicationFailure } from '@temporalio/activity';
import type { Knex } from 'knex';
import { feeColumns } from '../db/dossiers';
import type { TransitionProjection } from '../domain/dossier';
import { NATIONAL_STATUS, RESULT_STATUSES } from '../domain/status';

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
    const row: { last_seq: number; open_tasks: OpenTask[] } | undefined = await tx('dossiers')
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
    const s = p.state;
    const d = s.deadline ?? null;
    const openSupplement = d?.supplements.at(-1);
    const waiting = openSupplement && !openSupplement.respondedAt ? openSupplement : null;
    // The event and the row in one statement (a data-modifying WITH always runs): one round trip less.
    const event = tx('dossier_events').insert({
      dossier_code: p.code,
      seq: p.seq,
      action: p.action,
      status: s.status,
      at: p.at,
      actor: JSON.stringify(p.actor),
      note: p.note,
      data: p.data === null ? null : JSON.stringify(p.data),
      request_id: p.requestId ?? null,
    });
    await tx('dossiers')
      .with('event', event)
      .where({ code: p.code })
      .update({
        status: s.status,
        national_status: NATIONAL_STATUS[s.status],
        assignee: s.assignee,
        outcome: s.outcome,
        due_at: s.dueAt,
        original_due_at: s.originalDueAt,
        result_ready_at: s.resultReadyAt,
        returned_at: s.returnedAt,
        closed_at: s.closedAt,
        timeliness: s.timeliness,
        finished_at: s.resultReadyAt ?? (RESULT_STATUSES.has(s.status) ? p.at : s.closedAt),
        last_seq: p.seq,
        updated_at: p.at,
        ...(d
          ? {
              deadline: JSON.stringify(d),
              supplement_count: d.supplements.length,
              awaiting_supplement_since: waiting?.requestedAt ?? null,
              supplement_due_at: waiting?.dueBy ?? null,
              paused_working_hours: d.supplements.reduce((h, c) => h + (c.waitedWorkingHours ?? 0), 0),
              apologized_at: d.apology?.at ?? null,
              escalation_level: d.escalationLevel,
              on_time_766: s.onTime766 ?? null,
              // Every wait for the applicant, [asked, answered) — open-ended while it lasts.
              supplement_spans: `{${d.supplements.map((c) => `["${c.requestedAt}",${c.respondedAt ? `"${c.respondedAt}"` : ''})`).join(',')}}`,
            }
          : {}),
        ...(s.fee ? feeColumns(s.fee) : {}),
      });
    await projectTasks(tx, p, open);
    if (p.stepVerdicts?.length) {
      await tx('step_verdicts')
        .insert(p.stepVerdicts.map((v) => ({ dossier_code: p.code, step: v.step, due_at: v.dueAt, finished_at: v.finishedAt, verdict: v.verdict, unit_id: v.unitId, seq: p.seq })))
        .onConflict(['dossier_code', 'step', 'seq'])
        .ignore();
    }
    if (p.notifications?.length) {
      await tx('notifications')
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
        .ignore();
    }
  });
  // Returned so that a local activity's marker records it: the history alone can rebuild the read model.
  return p;
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
  await tx('step_verdicts').where({ dossier_code: code }).where('seq', '>=', seq).delete();
  await tx('notifications').where({ dossier_code: code }).where('seq', '>=', seq).whereNull('delivered_at').delete();
  await tx('tasks').where({ dossier_code: code }).where('opened_seq', '>=', seq).delete();
  if (first) await tx('tasks').where({ dossier_code: code }).where('closed_at', '>=', first.at).update({ closed_at: null });
  await tx('dossiers').where({ code }).update({ last_seq: seq - 1 });
}

interface OpenTask {
  id: string;
  kind: string;
  unit_id: string;
  assignee: string | null;
  /** A Date from a row, an ISO string from JSON. */
  due_at: Date | string | null;
}

function openTasks(tx: Knex.Transaction, code: string): Promise<OpenTask[]> {
  return tx('tasks').where({ dossier_code: code }).whereNull('closed_at').select('id', 'kind', 'unit_id', 'assignee', 'due_at');
}

/** Closes the tasks no longer wanted and opens the new ones; a task that stays open keeps its identity. */
async function projectTasks(tx: Knex.Transaction, p: TransitionProjection, open: OpenTask[]): Promise<void> {
  const wanted = p.tasks ?? (p.task ? [p.task] : []);
  const same = (o: (typeof open)[number], w: (typeof wanted)[number]) =>
    o.kind === w.kind && o.unit_id === w.unitId && o.assignee === w.assignee && (o.due_at ? new Date(o.due_at).toISOString() : null) === (w.dueAt ? new Date(w.dueAt).toISOString() : null);
  const keep = open.filter((o) => wanted.some((w) => same(o, w)));
  const close = open.filter((o) => !keep.includes(o)).map((o) => o.id);
  if (close.length) await tx('tasks').whereIn('id', close).update({ closed_at: p.at });
  const add = wanted.filter((w) => !keep.some((o) => same(o, w)));
  if (add.length) {
    await tx('tasks').insert(
      add.map((w) => ({
        id: `${p.code}:${p.seq}:${w.kind}`,
        dossier_code: p.code,
        kind: w.kind,
        unit_id: w.unitId,
        assignee: w.assignee,
        opened_seq: p.seq,
        created_at: p.at,
        due_at: w.dueAt,
      })),
    );
  }
}
