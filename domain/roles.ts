import { z } from 'zod';
import type { UnitKind } from './catalogue';

/** `system`: a machine client (a department's or ward's own system, the center's integrations) with a bearer token: it reads what its unit sees and does no action. */
export const Role = z.enum(['clerk', 'officer', 'leader', 'supervisor', 'admin', 'system']);
export type Role = z.infer<typeof Role>;

/**
 * The member of staff behind an action: the verified claims of their token, or their session's active
 * assignment. `onBehalfOf`: the absent colleague whose delegation they act under (issue 10), recorded with
 * every event; absent in every dossier started before it existed, so replay is unchanged.
 */
export const Actor = z.object({ sub: z.string().min(1), role: Role, unitId: z.string().min(1), name: z.string().optional(), onBehalfOf: z.string().min(1).optional() });
export type Actor = z.infer<typeof Actor>;

/** Whose work an action is: the absent colleague's under a delegation, else the actor's own (assignee checks, claims). */
export function principalOf(actor: Actor): string {
  return actor.onBehalfOf ?? actor.sub;
}

/** The system itself (transfer, timers), recorded as the actor of automatic transitions. */
export const SYSTEM_ACTOR: Actor = { sub: 'system', role: 'admin', unitId: 'center', name: 'Motcua' };

export const CENTER_UNIT_ID = 'center';

/** Where dossiers are received and results handed back: the units that have clerks. */
export const RECEPTION_UNIT_KINDS = ['branch', 'reception_point'] as const satisfies readonly UnitKind[];

export function isReceptionUnit(kind: string): boolean {
  return (RECEPTION_UNIT_KINDS as readonly string[]).includes(kind);
}

/** Which unit kinds may hold each role (api-contract.md, "Authentication and scope"). */
export const ROLE_UNIT_KINDS: Record<Role, readonly UnitKind[]> = {
  clerk: RECEPTION_UNIT_KINDS,
  officer: ['department', 'commune'],
  leader: ['department', 'commune'],
  supervisor: ['branch', 'center'],
  admin: ['center'],
  system: ['department', 'commune', 'center'],
};

export function roleFitsUnit(role: Role, kind: UnitKind): boolean {
  return ROLE_UNIT_KINDS[role].includes(kind);
}
