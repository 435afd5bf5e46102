import type { Knex } from 'knex';
import { z } from 'zod';
import type { Actor } from '../domain/roles';

export const OrgSubjectType = z.enum(['unit', 'staff', 'assignment', 'delegation', 'branch_procedures', 'account', 'service_account', 'national_status_mapping']);
export type OrgSubjectType = z.infer<typeof OrgSubjectType>;

export interface OrgEventInput {
  actor: Actor;
  onBehalfOf?: string;
  kind: string;
  subjectType: OrgSubjectType;
  subjectId: string;
  effectiveFrom?: string;
  reason?: string;
  before?: unknown;
  after?: unknown;
}

/** Appends one event to the organisation's audit trail; call it inside the transaction that makes the change. */
export async function recordOrgEvent(db: Knex | Knex.Transaction, e: OrgEventInput): Promise<void> {
  await db('org_events').insert({
    actor_sub: e.actor.sub,
    actor_role: e.actor.role,
    actor_unit_id: e.actor.unitId,
    on_behalf_of: e.onBehalfOf ?? null,
    kind: e.kind,
    subject_type: e.subjectType,
    subject_id: e.subjectId,
    effective_from: e.effectiveFrom ?? null,
    reason: e.reason ?? null,
    before: e.before === undefined ? null : JSON.stringify(e.before),
    after: e.after === undefined ? null : JSON.stringify(e.after),
  });
}

export interface OrgEventQuery {
  subjectType?: OrgSubjectType;
  subjectId?: string;
  afterId?: number;
  limit: number;
}

interface OrgEventRow {
  id: number;
  at: Date;
  actor_sub: string;
  actor_role: string;
  actor_unit_id: string;
  on_behalf_of: string | null;
  kind: string;
  subject_type: OrgSubjectType;
  subject_id: string;
  effective_from: string | null;
  reason: string | null;
  before: unknown;
  after: unknown;
}

/** The audit trail, oldest first, for admins. */
export async function listOrgEvents(db: Knex, q: OrgEventQuery) {
  const rows = await db('org_events')
    .modify((b) => {
      if (q.subjectType) b.where('subject_type', q.subjectType);
      if (q.subjectId) b.where('subject_id', q.subjectId);
      if (q.afterId !== undefined) b.where('id', '>', q.afterId);
    })
    .orderBy('id')
    .limit(q.limit);
  return (rows as OrgEventRow[]).map((r) => ({
    id: r.id,
    at: new Date(r.at).toISOString(),
    actor: { sub: r.actor_sub, role: r.actor_role, unitId: r.actor_unit_id },
    ...(r.on_behalf_of ? { onBehalfOf: r.on_behalf_of } : {}),
    kind: r.kind,
    subjectType: r.subject_type,
    subjectId: r.subject_id,
    ...(r.effective_from ? { effectiveFrom: r.effective_from } : {}),
    ...(r.reason ? { reason: r.reason } : {}),
    before: r.before ?? undefined,
    after: r.after ?? undefined,
  }));
}
