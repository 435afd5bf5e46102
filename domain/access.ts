import { CENTER_UNIT_ID, type Actor, type Role } from './roles';

/**
 * Who sees what: one policy for dossiers, tasks, reception records and reports. A scope is the set of units a
 * member of staff sees through — their own unit and the units under it (a branch over its reception points),
 * resolved by the caller from the unit tree on the day — or `null` for the center's staff, who see everything.
 */
export type Scope = readonly string[] | null;

/** The center's staff see every unit; everyone else the scope of their own unit. */
export function seesEverything(actor: Pick<Actor, 'unitId'>): boolean {
  return actor.unitId === CENTER_UNIT_ID;
}

/** The units a dossier touches: where it was received, where its result is returned, who decides it. */
export interface DossierUnits {
  receivingBranchId: string;
  returnBranchId: string;
  departmentId: string;
}

/** A dossier (and its tasks) is visible when any unit it touches is in the scope. */
export function dossierVisible(d: DossierUnits, scope: Scope): boolean {
  return scope === null || [d.receivingBranchId, d.returnBranchId, d.departmentId].some((u) => scope.includes(u));
}

/** A reception record (guidance, refusal) is visible in the unit that recorded it and the units above it. */
export function recordVisible(unitId: string, scope: Scope): boolean {
  return scope === null || scope.includes(unitId);
}

/** The roles that read the supervision reports. */
export const REPORT_ROLES: readonly Role[] = ['supervisor', 'admin', 'leader'];

/**
 * What a report shows the caller: a leader their own department's dossiers (asking for another is refused);
 * supervisors and admins the dossiers received in their scope (everything at the center); nobody else.
 */
export type ReportAccess =
  | { ok: true; departmentId: string | null; receivingScopeOf: string | null }
  | { ok: false; message: string };

export function reportAccess(actor: Pick<Actor, 'role' | 'unitId'>, asked: { departmentId?: string }): ReportAccess {
  switch (actor.role) {
    case 'leader':
      if (asked.departmentId !== undefined && asked.departmentId !== actor.unitId) return { ok: false, message: 'A leader sees the reports of their own department only.' };
      return { ok: true, departmentId: actor.unitId, receivingScopeOf: null };
    case 'supervisor':
    case 'admin':
      return { ok: true, departmentId: asked.departmentId ?? null, receivingScopeOf: seesEverything(actor) ? null : actor.unitId };
    default:
      return { ok: false, message: 'Reports are for supervisors, admins and leaders.' };
  }
}
