import { ApplicationFailure } from '@temporalio/activity';
import type { Knex } from 'knex';
import type { TransitionProjection } from '../domain/dossier';
import { NATIONAL_STATUS } from '../domain/status';

/**
 * Records one transition in the read model: the history event, the dossier row, the open task. Idempotent:
 * the event's (code, seq) key and the row's last_seq make a retried or replayed projection a no-op.
 */
export async function projectTransition(db: Knex, p: TransitionProjection): Promise<void> {
  await db.transaction(async (tx) => {
    const row = await tx('dossiers').where({ code: p.code }).forUpdate().first('last_seq');
    if (!row) {
      // The receipt was rolled back (Temporal answered too late for the API): there is nothing to project.
      throw ApplicationFailure.nonRetryable(`dossier ${p.code} is not recorded`, 'dossier_not_recorded');
    }
    if (row.last_seq >= p.seq) return;
    const s = p.state;
    await tx('dossier_events').insert({
      dossier_code: p.code,
      seq: p.seq,
      action: p.action,
      status: s.status,
      at: p.at,
      actor: JSON.stringify(p.actor),
      note: p.note,
      data: p.data === null ? null : JSON.stringify(p.data),
    });
    await tx('dossiers').where({ code: p.code }).update({
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
      last_seq: p.seq,
      updated_at: p.at,
    });
    await tx('tasks').where({ dossier_code: p.code }).whereNull('closed_at').update({ closed_at: p.at });
    if (p.task) {
      await tx('tasks').insert({
        id: `${p.code}:${p.seq}:${p.task.kind}`,
        dossier_code: p.code,
        kind: p.task.kind,
        unit_id: p.task.unitId,
        assignee: p.task.assignee,
        opened_seq: p.seq,
        created_at: p.at,
        due_at: p.task.dueAt,
      });
    }
  });
}
