import type { Knex } from 'knex';
import { recordOrgEvent } from '../org-events';
import { SYSTEM_ACTOR, type Role } from '../../domain/roles';
import type { AssignmentKind } from '../../domain/people';

/**
 * The demo staff of the embedded default (api-contract.md, "Demo data of the embedded default"): one
 * account per role, so a newcomer can sign in at once. Their password (DEMO_PASSWORD) may break the
 * password rules: they are for trying the system, and production never seeds them.
 */
export const DEMO_STAFF: readonly { username: string; name: string; role: Role; unitId: string; kind: AssignmentKind }[] = [
  { username: 'demo-clerk', name: 'Demo clerk (Cầu Giấy – Thanh Xuân)', role: 'clerk', unitId: 'branch-cau-giay-thanh-xuan', kind: 'home' },
  { username: 'demo-officer', name: 'Demo officer (Sở Xây dựng)', role: 'officer', unitId: 'dept-construction', kind: 'home' },
  { username: 'demo-leader', name: 'Demo leader (Sở Xây dựng)', role: 'leader', unitId: 'dept-construction', kind: 'home' },
  { username: 'demo-supervisor', name: 'Demo supervisor (center)', role: 'supervisor', unitId: 'center', kind: 'home' },
  { username: 'demo-admin', name: 'Demo admin', role: 'admin', unitId: 'center', kind: 'home' },
];

/** Seed only on a fresh installation (no staff at all), when asked, and never in production. */
export function shouldSeedDemo(env: { DEMO_SEED?: string; NODE_ENV?: string }, staffCount: number): boolean {
  return env.DEMO_SEED !== 'false' && env.NODE_ENV !== 'production' && staffCount === 0;
}

export async function staffCount(db: Knex): Promise<number> {
  const [{ n }] = await db('staff').count<{ n: number }[]>({ n: '*' });
  return Number(n);
}

/**
 * Creates the demo accounts that do not exist yet (by username), each with its home assignment from the day
 * the branches began official operation (1 July 2025) and `passwordHash` (argon2id of DEMO_PASSWORD).
 * Returns the usernames created.
 */
export async function seedDemoStaff(db: Knex, passwordHash: string): Promise<string[]> {
  return db.transaction(async (tx) => {
    const created: string[] = [];
    for (const d of DEMO_STAFF) {
      const id = d.username;
      const inserted = await tx('staff').insert({ id, username: d.username, name: d.name, active: true }).onConflict('username').ignore().returning('id');
      if (inserted.length === 0) continue;
      await tx('credentials').insert({ staff_id: id, password_hash: passwordHash });
      await tx('assignments').insert({ staff_id: id, role: d.role, unit_id: d.unitId, kind: d.kind, from: '2025-07-01', to: null, assigned_by: SYSTEM_ACTOR.sub, reason: 'Demo data of the embedded default' });
      await recordOrgEvent(tx, { actor: SYSTEM_ACTOR, kind: 'staff.created', subjectType: 'staff', subjectId: id, reason: 'Demo data of the embedded default', after: { username: d.username, role: d.role, unitId: d.unitId } });
      created.push(d.username);
    }
    return created;
  });
}
