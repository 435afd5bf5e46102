import type { Knex } from 'knex';
import { UnitKind } from '../domain/catalogue';
import type { UnitFacts } from '../domain/people';

/**
 * The one read of "is this unit open on date D" for people's assignments. Today it reads the `units`
 * table's validity (effective_from ≤ D ≤ effective_to); the effective-dated units model (issue 10, units
 * part) replaces this body, nothing else.
 */
export async function unitOpenOn(db: Knex, unitId: string, date: string): Promise<UnitFacts | null> {
  const row: { id: string; kind: string; parent_id: string | null } | undefined = await db('units')
    .where({ id: unitId })
    .where('effective_from', '<=', date)
    .where((w) => w.whereNull('effective_to').orWhere('effective_to', '>=', date))
    .first('id', 'kind', 'parent_id');
  if (!row) return null;
  const kind = UnitKind.safeParse(row.kind);
  return kind.success ? { id: row.id, kind: kind.data, parentId: row.parent_id } : null;
}
