import { hashPassword } from '../../api/passwords';
import type { Env } from '../../config/env';
import { createDb } from '../../db/knex';
import { DEMO_STAFF, seedDemoStaff, shouldSeedDemo, staffCount } from '../../db/seeds/demo-staff';

/**
 * `npm start`'s demo accounts: seeded on a fresh installation unless DEMO_SEED=false or NODE_ENV=production.
 * Returns the lines to print: the accounts and the password when just seeded, a reminder when they exist.
 */
export async function demoStaffLines(databaseUrl: string, env: Env): Promise<string[]> {
  const db = createDb(databaseUrl);
  try {
    if (shouldSeedDemo(env, await staffCount(db))) {
      const created = await seedDemoStaff(db, await hashPassword(env.DEMO_PASSWORD));
      if (created.length) return [`Demo staff (password "${env.DEMO_PASSWORD}", DEMO_PASSWORD; DEMO_SEED=false turns this off):`, ...DEMO_STAFF.map((d) => `  ${d.username.padEnd(16)} ${d.role} of ${d.unitId}`)];
    }
    const existing: { username: string }[] = await db('staff').whereIn('username', DEMO_STAFF.map((d) => d.username)).select('username');
    return existing.length ? [`Demo staff: ${existing.map((e) => e.username).join(', ')} (password as seeded: DEMO_PASSWORD, default "motcua-demo")`] : [];
  } finally {
    await db.destroy();
  }
}
