import type { Knex } from 'knex';
import { inForce, type AssignmentKind } from '../domain/people';
import type { Actor, Role } from '../domain/roles';
import { unitFactsOn } from './units';

/** Staff, their assignments and delegations (issue 10): the queries, in one place. Dates are civil (YYYY-MM-DD). */

export interface StaffRow {
  id: string;
  username: string;
  name: string;
  email: string | null;
  active: boolean;
  oidc_subject: string | null;
}

export interface Assignment {
  id: number;
  staffId: string;
  role: Role;
  unitId: string;
  kind: AssignmentKind;
  from: string;
  to?: string;
  assignedBy: string;
  reason: string;
}

export interface Delegation {
  id: number;
  fromStaffId: string;
  toStaffId: string;
  from: string;
  until: string;
  reason: string;
  createdBy: string;
}

/** Who acts now, as the session chose: their own assignment, or an absent colleague's under a delegation. */
export interface ActiveChoice {
  role: Role;
  unitId: string;
  onBehalfOf?: string | null;
}

export const STAFF_COLUMNS = ['id', 'username', 'name', 'email', 'active', 'oidc_subject'] as const;

export async function findStaff(db: Knex, id: string): Promise<StaffRow | undefined> {
  return db('staff').where({ id }).first(STAFF_COLUMNS);
}

export async function findStaffByUsername(db: Knex, username: string): Promise<(StaffRow & { password_hash: string | null }) | undefined> {
  return db('staff as s')
    .leftJoin('credentials as c', 'c.staff_id', 's.id')
    .where('s.username', username)
    .first(...STAFF_COLUMNS.map((c) => `s.${c}`), 'c.password_hash');
}

/** The staff member linked to an OIDC identity (domain/people.ts oidcSubjectKey). */
export async function findStaffByOidcSubject(db: Knex, key: string): Promise<StaffRow | undefined> {
  return db('staff').where({ oidc_subject: key }).first(STAFF_COLUMNS);
}

/** People's names by staff id, for the views that show who did what; ids that are no person are left out. */
export async function staffNames(db: Knex, ids: Iterable<string>): Promise<(id: string) => string | undefined> {
  const wanted = [...new Set(ids)];
  const rows: { id: string; name: string }[] = wanted.length ? await db('staff').whereIn('id', wanted).select('id', 'name') : [];
  return staffNamesFrom(rows);
}

/** {@link staffNames} from rows read elsewhere. */
export function staffNamesFrom(rows: { id: string; name: string }[]): (id: string) => string | undefined {
  const names = new Map(rows.map((r) => [r.id, r.name]));
  return (id) => names.get(id);
}

export async function listStaff(db: Knex, onlyIds?: string[]): Promise<StaffRow[]> {
  return db('staff')
    .modify((b) => {
      if (onlyIds) b.whereIn('id', onlyIds);
    })
    .orderBy('username')
    .select(STAFF_COLUMNS);
}

interface AssignmentRow {
  id: number;
  staff_id: string;
  role: Role;
  unit_id: string;
  kind: AssignmentKind;
  from: string;
  to: string | null;
  assigned_by: string;
  reason: string;
}

function assignmentOf(r: AssignmentRow): Assignment {
  return { id: r.id, staffId: r.staff_id, role: r.role, unitId: r.unit_id, kind: r.kind, from: r.from, ...(r.to ? { to: r.to } : {}), assignedBy: r.assigned_by, reason: r.reason };
}

/** A person's assignments, oldest first. */
export async function assignmentsOf(db: Knex, staffId: string): Promise<Assignment[]> {
  const rows: AssignmentRow[] = await db('assignments').where({ staff_id: staffId }).orderBy([{ column: 'from' }, { column: 'id' }]);
  return rows.map(assignmentOf);
}

export async function insertAssignment(db: Knex | Knex.Transaction, a: Omit<Assignment, 'id'>): Promise<Assignment> {
  const [row] = (await db('assignments')
    .insert({ staff_id: a.staffId, role: a.role, unit_id: a.unitId, kind: a.kind, from: a.from, to: a.to ?? null, assigned_by: a.assignedBy, reason: a.reason })
    .returning('*')) as AssignmentRow[];
  return assignmentOf(row);
}

/** Staff with an assignment in force on `date` in one of `unitIds`. */
export async function staffInUnits(db: Knex, unitIds: string[], date: string): Promise<string[]> {
  const rows: { staff_id: string }[] = await db('assignments')
    .whereIn('unit_id', unitIds)
    .where('from', '<=', date)
    .where((w) => w.whereNull('to').orWhere('to', '>=', date))
    .distinct('staff_id');
  return rows.map((r) => r.staff_id);
}

interface DelegationRow {
  id: number;
  from_staff_id: string;
  to_staff_id: string;
  from: string;
  until: string;
  reason: string;
  created_by: string;
}

function delegationOf(r: DelegationRow): Delegation {
  return { id: r.id, fromStaffId: r.from_staff_id, toStaffId: r.to_staff_id, from: r.from, until: r.until, reason: r.reason, createdBy: r.created_by };
}

export async function insertDelegation(db: Knex | Knex.Transaction, d: Omit<Delegation, 'id'>): Promise<Delegation> {
  const [row] = (await db('delegations')
    .insert({ from_staff_id: d.fromStaffId, to_staff_id: d.toStaffId, from: d.from, until: d.until, reason: d.reason, created_by: d.createdBy })
    .returning('*')) as DelegationRow[];
  return delegationOf(row);
}

/** Delegations given by or to a person, oldest first. */
export async function delegationsOf(db: Knex, staffId: string): Promise<Delegation[]> {
  const rows: DelegationRow[] = await db('delegations')
    .where((w) => w.where({ from_staff_id: staffId }).orWhere({ to_staff_id: staffId }))
    .orderBy([{ column: 'from' }, { column: 'id' }]);
  return rows.map(delegationOf);
}

/**
 * The actor a person is on `date` in the assignment they chose, read afresh (authorization at the instant of
 * each request, issue 10 item 3): the person active, the assignment (their own, or under a delegation in
 * force the absent colleague's) in force, its unit open. Null when any of that fails.
 */
export async function actorOn(db: Knex, staff: Pick<StaffRow, 'id' | 'name' | 'active'>, choice: ActiveChoice, date: string): Promise<Actor | null> {
  if (!staff.active) return null;
  const holder = choice.onBehalfOf ?? staff.id;
  if (choice.onBehalfOf) {
    if (choice.onBehalfOf === staff.id) return null;
    if (!(await findStaff(db, choice.onBehalfOf))?.active) return null;
    const delegations: DelegationRow[] = await db('delegations').where({ from_staff_id: choice.onBehalfOf, to_staff_id: staff.id });
    if (!delegations.some((d) => inForce({ from: d.from, to: d.until }, date))) return null;
  }
  const assignments = await db('assignments').where({ staff_id: holder, role: choice.role, unit_id: choice.unitId });
  if (!(assignments as AssignmentRow[]).some((a) => inForce(a, date))) return null;
  if (!(await unitFactsOn(db, choice.unitId, date))) return null;
  return { sub: staff.id, name: staff.name, role: choice.role, unitId: choice.unitId, ...(choice.onBehalfOf ? { onBehalfOf: choice.onBehalfOf } : {}) };
}

/** The assignment a fresh session starts in: a home assignment in force, else any in force; none when nothing is. */
export async function defaultChoice(db: Knex, staffId: string, date: string): Promise<ActiveChoice | null> {
  const current = (await assignmentsOf(db, staffId)).filter((a) => inForce(a, date));
  const pick = current.find((a) => a.kind === 'home') ?? current[0];
  return pick ? { role: pick.role, unitId: pick.unitId } : null;
}
