import type { Knex } from 'knex';
import type { UnitFacts } from '../domain/people';
import { unitOn } from './units';

/**
 * The one read of "is this unit open on date D" for people's assignments: the unit's version on that date
 * (db/units.ts, the effective-dated units), with its kind and parent as they were then.
 */
export async function unitOpenOn(db: Knex, unitId: string, date: string): Promise<UnitFacts | null> {
  const v = await unitOn(db, unitId, date);
  return v ? { id: v.unitId, kind: v.kind, parentId: v.parentId } : null;
}
