import type { UnitKind } from './catalogue';

/**
 * Units over time (domain.md §1: "Names, territories and the list of points change over time: keep units data,
 * with effective dates"). A unit keeps its id for ever; what it is called, its code and its parent are known
 * on a date from its versions. Dates are civil dates (`YYYY-MM-DD`, Asia/Ho_Chi_Minh); `to` is the last day a
 * version holds (inclusive, as a procedure's `effectiveTo`), null while it is open-ended. A unit's versions
 * are contiguous and do not overlap; a closed unit's last version has a `to`.
 *
 * The rules of a change, in one place (the API only gathers the facts):
 * - a change takes effect on a date and may be scheduled ahead or dated back; it may not be dated before the
 *   unit's latest change (that would rewrite what the later version means: 409 `conflict`, rule
 *   `later_change_exists`); dated on the latest change's own date, it amends that change;
 * - a unit is renamed, re-coded, moved or closed only while it exists (422 `unit_not_operating` otherwise);
 * - a branch's parent is the center, a reception point's a branch; other kinds have none; the parent is open
 *   on the date (422 `unit_rule_violation`);
 * - a unit with open children on the date is not closed (its points are closed or moved first); a merge names
 *   an open unit of the same kind.
 */
export interface UnitVersion {
  unitId: string;
  from: string;
  to: string | null;
  code: string;
  name: string;
  kind: UnitKind;
  parentId: string | null;
  address: string | null;
  /** On a closed unit's last version: the unit it was merged into. */
  mergedInto: string | null;
}

/** The kind of a unit's parent, by its kind (null: it has none). */
export const PARENT_KIND: Record<UnitKind, UnitKind | null> = {
  center: null,
  branch: 'center',
  reception_point: 'branch',
  department: null,
  commune: null,
};

export type UnitViolation = {
  code: 'conflict' | 'unit_rule_violation' | 'unit_not_operating';
  rule: string;
  message: string;
  details?: Record<string, unknown>;
};

const MS_PER_DAY = 86_400_000;
export function addDays(date: string, days: number): string {
  return new Date(Date.parse(`${date}T00:00:00Z`) + days * MS_PER_DAY).toISOString().slice(0, 10);
}

export const covers = (v: { from: string; to: string | null }, date: string): boolean => v.from <= date && (v.to === null || date <= v.to);

/** The version in force on a date, if the unit exists then. */
export function versionOn<V extends { from: string; to: string | null }>(versions: readonly V[], date: string): V | undefined {
  return versions.find((v) => covers(v, date));
}

function parentRule(kind: UnitKind, parentId: string | null, parent: UnitVersion | undefined, date: string): UnitViolation | null {
  const wanted = PARENT_KIND[kind];
  if (wanted === null) {
    return parentId === null ? null : violation('parent_kind', `A ${kind} has no parent unit.`, { kind, parentId });
  }
  if (parentId === null) return violation('parent_kind', `A ${kind}'s parent is a ${wanted}.`, { kind, expectedParentKind: wanted });
  if (!parent) return violation('parent_not_open', `The parent ${parentId} does not exist on ${date}.`, { parentId, on: date });
  if (parent.kind !== wanted) return violation('parent_kind', `A ${kind}'s parent is a ${wanted}, and ${parentId} is a ${parent.kind}.`, { kind, expectedParentKind: wanted, parentKind: parent.kind });
  return null;
}

function violation(rule: string, message: string, details?: Record<string, unknown>): UnitViolation {
  return { code: 'unit_rule_violation', rule, message, ...(details ? { details } : {}) };
}

export interface NewUnit {
  id: string;
  code: string;
  name: string;
  kind: UnitKind;
  parentId: string | null;
  address: string | null;
  from: string;
}

/** A new unit's first version, or why not. `parent` is the parent's version on `from`. */
export function planCreate(u: NewUnit, facts: { idTaken: boolean; codeTakenBy: string | null; parent: UnitVersion | undefined }): UnitVersion | UnitViolation {
  if (facts.idTaken) return { code: 'conflict', rule: 'id_taken', message: `A unit ${u.id} already exists.` };
  if (u.kind === 'center') return violation('one_center', 'There is one center; it is not created.');
  if (facts.codeTakenBy) return { code: 'conflict', rule: 'code_taken', message: `The code ${u.code} belongs to ${facts.codeTakenBy}.`, details: { unitId: facts.codeTakenBy } };
  const bad = parentRule(u.kind, u.parentId, facts.parent, u.from);
  if (bad) return bad;
  return { unitId: u.id, from: u.from, to: null, code: u.code, name: u.name, kind: u.kind, parentId: u.parentId, address: u.address, mergedInto: null };
}

export interface UnitChange {
  effectiveFrom: string;
  name?: string;
  code?: string;
  parentId?: string | null;
  close?: true;
  mergedInto?: string;
}

export interface ChangeFacts {
  /** The new parent's version on the date (when the change moves the unit). */
  parent?: UnitVersion;
  /** The merge target's version on the date. */
  mergeTarget?: UnitVersion;
  /** Units whose version on or after the date has this unit as parent (closing). */
  openChildren: string[];
  /** Another unit holding the new code, if any. */
  codeTakenBy: string | null;
}

export type ChangeKind = 'unit.renamed' | 'unit.recoded' | 'unit.moved' | 'unit.changed' | 'unit.closed' | 'unit.merged';

/**
 * A change applied to a unit's history (sorted by `from`): its whole new history, and what kind of change it
 * was (for the audit trail), or the rule it breaks.
 */
export function planChange(history: readonly UnitVersion[], change: UnitChange, facts: ChangeFacts): { versions: UnitVersion[]; kind: ChangeKind } | UnitViolation {
  const d = change.effectiveFrom;
  const first = history[0];
  const last = history[history.length - 1];
  if (d < first.from) {
    return { code: 'unit_not_operating', rule: 'not_yet_open', message: `${first.unitId} exists only from ${first.from}.`, details: { from: first.from } };
  }
  if (d < last.from) {
    return {
      code: 'conflict',
      rule: 'later_change_exists',
      message: `${last.unitId} has a change dated ${last.from}: a change is dated on or after the latest one (on its date it amends it).`,
      details: { latestChange: last.from },
    };
  }
  if (last.to !== null && d > last.to) {
    return { code: 'unit_not_operating', rule: 'closed', message: `${last.unitId} is closed from ${addDays(last.to, 1)}.`, details: { closedFrom: addDays(last.to, 1) } };
  }
  const earlier = history.slice(0, -1);

  if (change.close) {
    if (change.name !== undefined || change.code !== undefined || change.parentId !== undefined) {
      return violation('close_alone', 'A close changes nothing else: rename or move the unit in a change of its own.');
    }
    if (last.to !== null) {
      return { code: 'conflict', rule: 'already_closed', message: `${last.unitId} is already closed from ${addDays(last.to, 1)}.`, details: { closedFrom: addDays(last.to, 1) } };
    }
    if (facts.openChildren.length) {
      return violation('has_open_children', `${last.unitId} still has open units under it on ${d}: close or move them first.`, { children: facts.openChildren });
    }
    if (change.mergedInto !== undefined) {
      const t = facts.mergeTarget;
      if (change.mergedInto === last.unitId || !t || t.kind !== last.kind) {
        return violation('merge_target', `A unit merges into another open unit of its kind (${last.kind}) on ${d}.`, { mergedInto: change.mergedInto });
      }
    }
    if (d === last.from && earlier.length === 0) {
      return violation('close_on_opening_day', `${last.unitId} opens on ${d}: a unit is closed after the day it opens.`);
    }
    const closing = d === last.from ? earlier[earlier.length - 1] : last;
    const kept = d === last.from ? earlier.slice(0, -1) : earlier;
    return {
      versions: [...kept, { ...closing, to: addDays(d, -1), mergedInto: change.mergedInto ?? null }],
      kind: change.mergedInto !== undefined ? 'unit.merged' : 'unit.closed',
    };
  }
  if (change.mergedInto !== undefined) return violation('merge_target', 'mergedInto goes with close: true.');

  const next: UnitVersion = {
    ...last,
    from: d,
    ...(change.name !== undefined ? { name: change.name } : {}),
    ...(change.code !== undefined ? { code: change.code } : {}),
    ...(change.parentId !== undefined ? { parentId: change.parentId } : {}),
  };
  const changed = (['name', 'code', 'parentId'] as const).filter((k) => next[k] !== last[k]);
  if (changed.length === 0) return violation('no_change', `The change leaves ${last.unitId} as it is on ${d}.`);
  if (changed.includes('code') && facts.codeTakenBy) {
    return { code: 'conflict', rule: 'code_taken', message: `The code ${next.code} belongs to ${facts.codeTakenBy}.`, details: { unitId: facts.codeTakenBy } };
  }
  if (changed.includes('parentId')) {
    const bad = parentRule(last.kind, next.parentId, facts.parent, d);
    if (bad) return bad;
  }
  const kind: ChangeKind = changed.length > 1 ? 'unit.changed' : changed[0] === 'name' ? 'unit.renamed' : changed[0] === 'code' ? 'unit.recoded' : 'unit.moved';
  // On the latest change's own date the change amends it; later, the latest version ends the day before.
  const versions = d === last.from ? [...earlier, next] : [...earlier, { ...last, to: addDays(d, -1) }, next];
  return { versions, kind };
}

/**
 * Where procedures are received (domain.md §1, reception without administrative boundaries; Plan 29's
 * phases): each branch's list, in dated versions. `procedures: null` is the default, every procedure of the
 * catalogue; a list names the codes. A reception point receives what its branch does.
 */
export interface OfferList {
  branchId: string;
  from: string;
  to: string | null;
  procedures: string[] | null;
}

export function offers(list: OfferList | undefined, procedureCode: string): boolean {
  return !list || list.procedures === null || list.procedures.includes(procedureCode);
}

/** A branch's lists after a new one from `from` (sorted by `from`), or the rule it breaks. `branch` is its version on `from`. */
export function planOfferList(lists: readonly OfferList[], next: { branchId: string; from: string; procedures: string[] | null }, facts: { branch: UnitVersion | undefined; unknownCodes: string[] }): OfferList[] | UnitViolation {
  if (!facts.branch) return { code: 'unit_not_operating', rule: 'not_operating', message: `${next.branchId} is not operating on ${next.from}.`, details: { on: next.from } };
  if (facts.branch.kind !== 'branch') return violation('not_a_branch', `Lists of procedures are kept per branch; ${next.branchId} is a ${facts.branch.kind} (it receives what its branch does).`);
  if (facts.unknownCodes.length) return violation('unknown_procedure', `No such procedure: ${facts.unknownCodes.join(', ')}.`, { unknownCodes: facts.unknownCodes });
  const last = lists[lists.length - 1];
  if (last && next.from < last.from) {
    return { code: 'conflict', rule: 'later_change_exists', message: `${next.branchId}'s list has a change dated ${last.from}: a change is dated on or after it.`, details: { latestChange: last.from } };
  }
  const entry: OfferList = { branchId: next.branchId, from: next.from, to: null, procedures: next.procedures === null ? null : [...new Set(next.procedures)].sort() };
  if (!last) return [entry];
  if (last.from === next.from) return [...lists.slice(0, -1), entry];
  return [...lists.slice(0, -1), { ...last, to: addDays(next.from, -1) }, entry];
}

export type ReceptionRefusal = { code: 'unit_not_operating' | 'not_offered_here'; message: string; details: Record<string, unknown> };

/**
 * May this unit receive this procedure on this date (domain.md §1)? The unit and, for a reception point, its
 * branch exist then, and the branch's list in force then names the procedure (or is the default, all).
 */
export function receptionRefusal(
  facts: { unitId: string; on: string; unit: UnitVersion | undefined; branch: UnitVersion | undefined; list: OfferList | undefined },
  procedureCode: string,
  checkOffer = true,
): ReceptionRefusal | null {
  if (!facts.unit) return { code: 'unit_not_operating', message: `${facts.unitId} is not operating on ${facts.on}: it receives nothing then.`, details: { unitId: facts.unitId, on: facts.on } };
  if (!facts.branch) {
    const branchId = facts.unit.parentId ?? facts.unitId;
    return { code: 'unit_not_operating', message: `The branch ${branchId} is not operating on ${facts.on}: its points receive nothing then.`, details: { unitId: branchId, on: facts.on } };
  }
  if (checkOffer && !offers(facts.list, procedureCode)) {
    return {
      code: 'not_offered_here',
      message: `${facts.branch.unitId} does not receive ${procedureCode} on ${facts.on}.`,
      details: { branchId: facts.branch.unitId, procedureCode, on: facts.on },
    };
  }
  return null;
}
