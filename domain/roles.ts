import { z } from 'zod';

export const Role = z.enum(['clerk', 'officer', 'leader', 'supervisor', 'admin']);
export type Role = z.infer<typeof Role>;

/** The member of staff behind an action: the verified claims of their token. */
export const Actor = z.object({ sub: z.string().min(1), role: Role, unitId: z.string().min(1), name: z.string().optional() });
export type Actor = z.infer<typeof Actor>;

/** The system itself (transfer, timers), recorded as the actor of automatic transitions. */
export const SYSTEM_ACTOR: Actor = { sub: 'system', role: 'admin', unitId: 'center', name: 'Motcua' };

export const CENTER_UNIT_ID = 'center';
