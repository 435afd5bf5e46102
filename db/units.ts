import type { Knex } from 'knex';
import type { UnitKind } from '../domain/catalogue';
import type { UnitFacts } from '../domain/people';
import { versionOn, type OfferList, type UnitVersion } from '../domain/units';

type Db = Knex | Knex.Transaction;

export interface VersionRow {
  unit_id: string;
  valid_from: string;
  valid_to: string | null;
  code: string;
  name: string;
  kind: UnitKind;
  parent_id: string | null;
  address: string | null;
  merged_into: string | null;
}

const fromRow = (r: VersionRow): UnitVersion => ({
  unitId: r.unit_id,
  from: r.valid_from,
  to: r.valid_to,
  code: r.code,
  name: r.name,
  kind: r.kind,
  parentId: r.parent_id,
  address: r.address,
  mergedInto: r.merged_into,
});

const toRow = (v: UnitVersion): VersionRow => ({
  unit_id: v.unitId,
  valid_from: v.from,
  valid_to: v.to,
  code: v.code,
  name: v.name,
  kind: v.kind,
  parent_id: v.parentId,
  address: v.address,
  merged_into: v.mergedInto,
});

/** A unit's versions, oldest first (empty for an unknown unit). */
export async function unitHistory(db: Db, unitId: string): Promise<UnitVersion[]> {
  const rows: VersionRow[] = await db('unit_versions').where({ unit_id: unitId }).orderBy('valid_from');
  return rows.map(fromRow);
}

/** The units as they are on a civil date (those that exist then), by id. */
export async function unitsOn(db: Db, on: string, kinds?: readonly string[]): Promise<UnitVersion[]> {
  const rows: VersionRow[] = await db('unit_versions')
    .where('valid_from', '<=', on)
    .andWhere((w) => w.whereNull('valid_to').orWhere('valid_to', '>=', on))
    .modify((q) => {
      if (kinds) q.whereIn('kind', kinds);
    })
    .orderBy('unit_id');
  return rows.map(fromRow);
}

/** One unit's version on a date. */
export async function unitOn(db: Db, unitId: string, on: string): Promise<UnitVersion | undefined> {
  return versionOn(await unitHistory(db, unitId), on);
}

/** What people's assignments need of a unit open on a date (domain/people.ts); null when it is not open then. */
export async function unitFactsOn(db: Db, unitId: string, on: string): Promise<UnitFacts | null> {
  const v = await unitOn(db, unitId, on);
  return v ? { id: v.unitId, kind: v.kind, parentId: v.parentId } : null;
}

/**
 * The names some units had, by date, from one read of their histories: `(id, on) => name`. A unit that did
 * not exist on that date (an imported dossier from before it opened) has its nearest version's name.
 */
export async function unitNames(db: Db, ids: string[]): Promise<(id: string, on: string) => string | undefined> {
  const rows: VersionRow[] = await db('unit_versions').whereIn('unit_id', [...new Set(ids)]).orderBy('valid_from');
  return unitNamesFrom(rows);
}

/** {@link unitNames} from rows of unit_versions read elsewhere (in the order of valid_from). */
export function unitNamesFrom(rows: VersionRow[]): (id: string, on: string) => string | undefined {
  const histories = new Map<string, UnitVersion[]>();
  for (const r of rows) histories.set(r.unit_id, [...(histories.get(r.unit_id) ?? []), fromRow(r)]);
  return (id, on) => {
    const history = histories.get(id);
    if (!history?.length) return undefined;
    return (versionOn(history, on) ?? (on < history[0].from ? history[0] : history[history.length - 1])).name;
  };
}

/**
 * Writes a unit's whole history and makes its `units` row say what the unit is on `today` (the version then,
 * else its last one before, else its first), with the unit's overall span. Inside the caller's transaction.
 */
export async function saveUnitHistory(trx: Knex.Transaction, unitId: string, versions: UnitVersion[], today: string): Promise<void> {
  const current = versionOn(versions, today) ?? [...versions].reverse().find((v) => v.from <= today) ?? versions[0];
  const row = {
    code: current.code,
    name: current.name,
    kind: current.kind,
    parent_id: current.parentId,
    address: current.address,
    effective_from: versions[0].from,
    effective_to: versions[versions.length - 1].to,
  };
  const updated = await trx('units').where({ id: unitId }).update(row);
  if (updated === 0) await trx('units').insert({ id: unitId, ...row });
  await trx('unit_versions').where({ unit_id: unitId }).delete();
  await trx('unit_versions').insert(versions.map(toRow));
}

/** Another unit that holds (or held) a code, if any. */
export async function codeHolder(db: Db, code: string, except: string): Promise<string | null> {
  const version = await db('unit_versions').where({ code }).whereNot({ unit_id: except }).first('unit_id');
  if (version) return version.unit_id as string;
  const unit = await db('units').where({ code }).whereNot({ id: except }).first('id');
  return unit ? (unit.id as string) : null;
}

/** Units under `unitId` on `on` or later (a close must not leave them without a parent). */
export async function openChildren(db: Db, unitId: string, on: string): Promise<string[]> {
  return db('unit_versions')
    .where({ parent_id: unitId })
    .andWhere((w) => w.whereNull('valid_to').orWhere('valid_to', '>=', on))
    .distinct('unit_id')
    .orderBy('unit_id')
    .pluck('unit_id');
}

interface ListRow {
  branch_id: string;
  valid_from: string;
  valid_to: string | null;
  procedure_codes: string[] | null;
}

const listFromRow = (r: ListRow): OfferList => ({ branchId: r.branch_id, from: r.valid_from, to: r.valid_to, procedures: r.procedure_codes });

/** A branch's lists of procedures, oldest first (none: the default, every procedure). */
export async function offerLists(db: Db, branchId: string): Promise<OfferList[]> {
  const rows: ListRow[] = await db('branch_procedure_lists').where({ branch_id: branchId }).orderBy('valid_from');
  return rows.map(listFromRow);
}

export async function saveOfferLists(trx: Knex.Transaction, branchId: string, lists: OfferList[]): Promise<void> {
  await trx('branch_procedure_lists').where({ branch_id: branchId }).delete();
  await trx('branch_procedure_lists').insert(
    lists.map((l) => ({ branch_id: l.branchId, valid_from: l.from, valid_to: l.to, procedure_codes: l.procedures === null ? null : JSON.stringify(l.procedures) })),
  );
}

/** What decides whether a unit receives on a date: the unit then, its branch then, and that branch's list then. */
export async function receptionFacts(db: Db, unitId: string, on: string) {
  const unit = await unitOn(db, unitId, on);
  const branch = !unit ? undefined : unit.kind === 'reception_point' ? (unit.parentId ? await unitOn(db, unit.parentId, on) : undefined) : unit;
  const list = branch ? versionOn(await offerLists(db, branch.unitId), on) : undefined;
  return { unitId, on, unit, branch, list };
}
