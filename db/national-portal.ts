import type { Knex } from 'knex';
import type { Actor } from '../domain/roles';
import type { MappedStatus, MappingRow } from '../domain/national-portal';

/** The dated mapping of statuses to national codes, and the online submissions (db/migrations/…_national_portal.ts). */

export interface MappingRecord extends MappingRow {
  id: number;
  note: string | null;
  createdBy: Pick<Actor, 'sub' | 'role' | 'unitId'>;
  createdAt: string;
}

const DATE = (column: string) => `to_char(${column}, 'YYYY-MM-DD')`;

/** Every row of the mapping (a few dozen), oldest first per status; optionally only those of one status. */
export async function mappingRows(db: Knex | Knex.Transaction, status?: MappedStatus): Promise<MappingRecord[]> {
  const rows = await db('national_status_mappings')
    .modify((q) => {
      if (status) q.where({ status });
    })
    .orderBy([{ column: 'status' }, { column: 'valid_from' }])
    .select('id', 'status', 'national_code', db.raw(`${DATE('valid_from')} as valid_from`), db.raw(`${DATE('valid_to')} as valid_to`), 'note', 'created_by', 'created_at');
  return rows.map((r: Record<string, unknown>) => ({
    id: Number(r.id),
    status: r.status as MappedStatus,
    nationalCode: r.national_code as number,
    validFrom: r.valid_from as string,
    validTo: (r.valid_to as string | null) ?? null,
    note: (r.note as string | null) ?? null,
    createdBy: r.created_by as MappingRecord['createdBy'],
    createdAt: new Date(r.created_at as Date).toISOString(),
  }));
}

export type SubmissionStatus = 'submitted' | 'received' | 'guided' | 'refused';

export interface SubmissionRow {
  id: string;
  portal_reference: string;
  procedure_code: string;
  procedure_name: string;
  receiving_unit_id: string;
  return_branch_id: string | null;
  applicant: Record<string, unknown>;
  documents: { code: string; name?: string; url?: string }[];
  note: string | null;
  submitted_at: Date;
  created_at: Date;
  created_by: Pick<Actor, 'sub' | 'role' | 'unitId'>;
  request_hash: string;
  status: SubmissionStatus;
  dossier_code: string | null;
  guidance_id: string | null;
  refusal_id: string | null;
  handled_by: Pick<Actor, 'sub' | 'role' | 'unitId'> | null;
  handled_at: Date | null;
}

export function findSubmission(db: Knex | Knex.Transaction, id: string): Promise<SubmissionRow | undefined> {
  return db('online_submissions').where({ id }).first();
}

/**
 * Marks a submission handled, in the transaction that records the outcome: only a submission still waiting
 * is changed. False when another clerk handled it first (the caller answers 409 and rolls back).
 */
export async function markSubmissionHandled(
  tx: Knex.Transaction,
  id: string,
  outcome: { status: 'received'; dossierCode: string } | { status: 'guided'; guidanceId: string } | { status: 'refused'; refusalId: string },
  actor: Actor,
  at: Date,
): Promise<boolean> {
  const n = await tx('online_submissions')
    .where({ id, status: 'submitted' })
    .update({
      status: outcome.status,
      ...(outcome.status === 'received' ? { dossier_code: outcome.dossierCode } : {}),
      ...(outcome.status === 'guided' ? { guidance_id: outcome.guidanceId } : {}),
      ...(outcome.status === 'refused' ? { refusal_id: outcome.refusalId } : {}),
      handled_by: JSON.stringify({ sub: actor.sub, role: actor.role, unitId: actor.unitId }),
      handled_at: at,
    });
  return n === 1;
}
