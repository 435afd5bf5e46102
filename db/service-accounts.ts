import type { Knex } from 'knex';
import type { ServiceScope } from '../domain/scopes';

/** Service accounts (issue 12): the queries, in one place. The secret's hash never leaves this module but for its check. */

export interface ServiceAccountRow {
  id: string;
  name: string;
  unit_id: string;
  scopes: ServiceScope[];
  secret_hash: string;
  secret_version: number;
  secret_created_at: Date;
  enabled: boolean;
  created_by: string;
  created_at: Date;
}

export interface ServiceAccount {
  id: string;
  name: string;
  unitId: string;
  scopes: ServiceScope[];
  enabled: boolean;
  clientId: string;
  secretCreatedAt: string;
  createdBy: string;
  createdAt: string;
}

/** The account as the API shows it: everything but the secret's hash. */
export function serviceAccountOf(row: ServiceAccountRow): ServiceAccount {
  return {
    id: row.id,
    name: row.name,
    unitId: row.unit_id,
    scopes: row.scopes,
    enabled: row.enabled,
    clientId: row.id,
    secretCreatedAt: new Date(row.secret_created_at).toISOString(),
    createdBy: row.created_by,
    createdAt: new Date(row.created_at).toISOString(),
  };
}

export async function insertServiceAccount(
  db: Knex | Knex.Transaction,
  a: { id: string; name: string; unitId: string; scopes: ServiceScope[]; secretHash: string; createdBy: string; now: Date },
): Promise<ServiceAccountRow> {
  const [row] = await db('service_accounts')
    .insert({
      id: a.id,
      name: a.name,
      unit_id: a.unitId,
      scopes: a.scopes,
      secret_hash: a.secretHash,
      secret_version: 1,
      secret_created_at: a.now,
      enabled: true,
      created_by: a.createdBy,
      created_at: a.now,
    })
    .returning('*');
  return row as ServiceAccountRow;
}

export function findServiceAccount(db: Knex | Knex.Transaction, id: string, opts: { forUpdate?: boolean } = {}): Promise<ServiceAccountRow | undefined> {
  const q = db<ServiceAccountRow>('service_accounts').where({ id }).first();
  return opts.forUpdate ? q.forUpdate() : q;
}

export function listServiceAccounts(db: Knex): Promise<ServiceAccountRow[]> {
  return db<ServiceAccountRow>('service_accounts').orderBy('created_at').orderBy('id');
}

export async function updateServiceAccount(
  db: Knex.Transaction,
  id: string,
  change: { name?: string; scopes?: ServiceScope[]; enabled?: boolean },
): Promise<ServiceAccountRow> {
  const [row] = await db('service_accounts')
    .where({ id })
    .update({
      ...(change.name !== undefined ? { name: change.name } : {}),
      ...(change.scopes !== undefined ? { scopes: change.scopes } : {}),
      ...(change.enabled !== undefined ? { enabled: change.enabled } : {}),
    })
    .returning('*');
  return row as ServiceAccountRow;
}

/** A new secret: its version goes up, so every token issued under the old one stops at once (api/auth.ts). */
export async function replaceSecret(db: Knex.Transaction, id: string, secretHash: string, now: Date): Promise<ServiceAccountRow> {
  const [row] = await db('service_accounts')
    .where({ id })
    .update({ secret_hash: secretHash, secret_version: db.raw('secret_version + 1'), secret_created_at: now })
    .returning('*');
  return row as ServiceAccountRow;
}
