import type { Knex } from 'knex';
import { dossierVisible } from '../domain/access';
import { headCursor } from './integration-events';

/** Where events go: a webhook endpoint, the national portal, the applicant's messages. */
export type DestinationKind = 'webhook' | 'portal' | 'applicant';

export interface WebhookSecret {
  secret: string;
  createdAt: string;
  /** A rotated-out secret still signs (beside the new one) until then, so a consumer can switch without losing a delivery. */
  expiresAt: string | null;
}

export interface DestinationRow {
  id: string;
  kind: DestinationKind;
  url: string | null;
  description: string | null;
  event_types: string[];
  /** Only dossiers touching one of these units (received, returned or decided there); null: all. */
  unit_ids: string[] | null;
  secrets: WebhookSecret[];
  config: Record<string, unknown>;
  enabled: boolean;
  disabled_reason: string | null;
  cursor_txid: string;
  cursor_id: string;
  created_by: string;
  created_at: Date;
  updated_at: Date;
  deleted_at: Date | null;
}

const COLUMNS = ['id', 'kind', 'url', 'description', 'event_types', 'unit_ids', 'secrets', 'config', 'enabled', 'disabled_reason', 'cursor_id', 'created_by', 'created_at', 'updated_at', 'deleted_at'];

export function findDestination(db: Knex | Knex.Transaction, id: string): Promise<DestinationRow | undefined> {
  return db('destinations').where({ id }).first([...COLUMNS, db.raw('cursor_txid::text as cursor_txid')]);
}

/** The destinations of a kind not deleted, oldest first. */
export function listDestinations(db: Knex, kind: DestinationKind): Promise<DestinationRow[]> {
  return db('destinations').where({ kind }).whereNull('deleted_at').orderBy('created_at').select([...COLUMNS, db.raw('cursor_txid::text as cursor_txid')]);
}

/** A new destination, reading the outbox from its end as it stands: it hears of what happens from now on. */
export async function insertDestination(
  db: Knex,
  d: Pick<DestinationRow, 'id' | 'kind' | 'url' | 'description' | 'event_types' | 'secrets' | 'config' | 'created_by'> & { unit_ids?: string[] | null },
): Promise<DestinationRow> {
  return db.transaction(async (tx) => {
    const cursor = await headCursor(tx);
    await tx('destinations')
      .insert({ ...d, secrets: JSON.stringify(d.secrets), config: JSON.stringify(d.config), cursor_txid: cursor.txid, cursor_id: cursor.id })
      .onConflict('id')
      .ignore();
    return (await findDestination(tx, d.id))!;
  });
}

/**
 * Whether a destination hears of an event: its type, and — when it names units — the dossier policy of
 * domain/access.ts (a dossier touches the units where it was received, is returned and is decided).
 */
export function destinationTakes(d: Pick<DestinationRow, 'event_types' | 'unit_ids'>, e: { type: string; data: Record<string, unknown> }): boolean {
  if (!d.event_types.includes(e.type)) return false;
  const units = e.data as { departmentId?: string; receivingBranchId?: string; returnBranchId?: string };
  return dossierVisible({ departmentId: units.departmentId ?? '', receivingBranchId: units.receivingBranchId ?? '', returnBranchId: units.returnBranchId ?? '' }, d.unit_ids);
}
