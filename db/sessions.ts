import crypto from 'node:crypto';
import type { Knex } from 'knex';
import { STAFF_COLUMNS, type ActiveChoice, type StaffRow } from './people';

/**
 * Sign-in sessions, stored in PostgreSQL. The cookie carries a random id (32 bytes); only its SHA-256 is
 * stored, so a copy of the table signs nobody in.
 */
export interface SessionRow {
  id_hash: string;
  staff_id: string;
  created_at: Date;
  last_seen_at: Date;
  active_role: string | null;
  active_unit_id: string | null;
  active_on_behalf_of: string | null;
}

export function hashSessionId(id: string): string {
  return crypto.createHash('sha256').update(id).digest('hex');
}

/** A new session for a person: the id for the cookie (never stored) and its row. */
export async function createSession(db: Knex, staffId: string, active: ActiveChoice | null, now: Date): Promise<string> {
  const id = crypto.randomBytes(32).toString('base64url');
  await db('sessions').insert({
    id_hash: hashSessionId(id),
    staff_id: staffId,
    created_at: now,
    last_seen_at: now,
    active_role: active?.role ?? null,
    active_unit_id: active?.unitId ?? null,
    active_on_behalf_of: active?.onBehalfOf ?? null,
  });
  return id;
}

/** A session with its person, in one round trip (every signed-in request reads both). */
export async function findSession(db: Knex, id: string): Promise<{ session: SessionRow; staff: StaffRow | undefined } | undefined> {
  const row = await db('sessions as x')
    .leftJoin('staff as s', 's.id', 'x.staff_id')
    .where('x.id_hash', hashSessionId(id))
    .first('x.*', ...STAFF_COLUMNS.map((c) => `s.${c} as person_${c}`));
  if (!row) return undefined;
  const session: SessionRow = {
    id_hash: row.id_hash,
    staff_id: row.staff_id,
    created_at: row.created_at,
    last_seen_at: row.last_seen_at,
    active_role: row.active_role,
    active_unit_id: row.active_unit_id,
    active_on_behalf_of: row.active_on_behalf_of,
  };
  // The person (gone only if deleted): the join's columns under their own names.
  const staff = row.person_id ? (Object.fromEntries(STAFF_COLUMNS.map((c) => [c, row[`person_${c}`]])) as unknown as StaffRow) : undefined;
  return { session, staff };
}

export async function touchSession(db: Knex, idHash: string, now: Date): Promise<void> {
  await db('sessions').where({ id_hash: idHash }).update({ last_seen_at: now });
}

export async function deleteSession(db: Knex, idHash: string): Promise<void> {
  await db('sessions').where({ id_hash: idHash }).delete();
}

/** Signs a person out everywhere (deactivated), or everywhere but `keep` (password changed). */
export async function deleteSessionsOf(db: Knex | Knex.Transaction, staffId: string, keep?: string): Promise<void> {
  await db('sessions')
    .where({ staff_id: staffId })
    .modify((b) => {
      if (keep) b.whereNot({ id_hash: keep });
    })
    .delete();
}

export async function setSessionActive(db: Knex, idHash: string, active: ActiveChoice): Promise<void> {
  await db('sessions').where({ id_hash: idHash }).update({ active_role: active.role, active_unit_id: active.unitId, active_on_behalf_of: active.onBehalfOf ?? null });
}

export interface ThrottleRow {
  key: string;
  failures: number;
  last_failure_at: Date;
  locked_until: Date | null;
}

export async function throttleRows(db: Knex, keys: string[]): Promise<ThrottleRow[]> {
  return db('login_throttle').whereIn('key', keys);
}

export async function saveThrottle(db: Knex | Knex.Transaction, row: ThrottleRow): Promise<void> {
  await db('login_throttle').insert(row).onConflict('key').merge();
}

export async function clearThrottle(db: Knex | Knex.Transaction, key: string): Promise<void> {
  await db('login_throttle').where({ key }).delete();
}
