import { planChange, planCreate, planOfferList, receptionRefusal, versionOn, type OfferList, type UnitVersion } from '../../domain/units';

/** Units over time (domain.md §1): the rules of a change, of a list of procedures and of a receipt, by date. */
const v = (over: Partial<UnitVersion>): UnitVersion => ({
  unitId: 'branch-x',
  from: '2024-12-01',
  to: null,
  code: '000.90.00.H26',
  name: 'Chi nhánh X',
  kind: 'branch',
  parentId: 'center',
  address: null,
  mergedInto: null,
  ...over,
});
const center = v({ unitId: 'center', kind: 'center', parentId: null, code: '000.00.00.H26', name: 'Trung tâm', from: '2024-10-24' });
const noFacts = { openChildren: [], codeTakenBy: null };

describe('versionOn: what a unit is on a date', () => {
  const history = [v({ to: '2025-03-31', name: 'Chi nhánh Cầu Giấy' }), v({ from: '2025-04-01', name: 'Chi nhánh Cầu Giấy – Thanh Xuân' })];
  it.each([
    ['2024-11-30', undefined],
    ['2024-12-01', 'Chi nhánh Cầu Giấy'],
    ['2025-03-31', 'Chi nhánh Cầu Giấy'],
    ['2025-04-01', 'Chi nhánh Cầu Giấy – Thanh Xuân'],
    ['2026-12-02', 'Chi nhánh Cầu Giấy – Thanh Xuân'],
  ])('on %s: %s', (on, name) => {
    expect(versionOn(history, on)?.name).toBe(name);
  });
});

describe('planChange', () => {
  const history = [v({})];

  it('renames from a date: the old version ends the day before, the history keeps it', () => {
    const plan = planChange(history, { effectiveFrom: '2025-04-01', name: 'Chi nhánh X – Y' }, noFacts);
    expect(plan).toEqual({
      kind: 'unit.renamed',
      versions: [v({ to: '2025-03-31' }), v({ from: '2025-04-01', name: 'Chi nhánh X – Y' })],
    });
  });

  it('amends the latest change on its own date, and refuses one dated before it (409 later_change_exists)', () => {
    const renamed = [v({ to: '2025-03-31' }), v({ from: '2025-04-01', name: 'Chi nhánh X – Y' })];
    expect(planChange(renamed, { effectiveFrom: '2025-04-01', name: 'Chi nhánh X và Y' }, noFacts)).toEqual({
      kind: 'unit.renamed',
      versions: [v({ to: '2025-03-31' }), v({ from: '2025-04-01', name: 'Chi nhánh X và Y' })],
    });
    expect(planChange(renamed, { effectiveFrom: '2025-03-01', code: '000.91.00.H26' }, noFacts)).toMatchObject({ code: 'conflict', rule: 'later_change_exists', details: { latestChange: '2025-04-01' } });
  });

  it('refuses a change before the unit opens or after it closed (unit_not_operating), and one that changes nothing (422)', () => {
    expect(planChange(history, { effectiveFrom: '2024-11-30', name: 'Z' }, noFacts)).toMatchObject({ code: 'unit_not_operating', rule: 'not_yet_open' });
    expect(planChange([v({ to: '2025-06-30' })], { effectiveFrom: '2025-07-01', name: 'Z' }, noFacts)).toMatchObject({ code: 'unit_not_operating', rule: 'closed' });
    expect(planChange(history, { effectiveFrom: '2025-01-01', name: 'Chi nhánh X' }, noFacts)).toMatchObject({ code: 'unit_rule_violation', rule: 'no_change' });
  });

  it('moves a reception point to another open branch, never under a department or a closed branch', () => {
    const point = [v({ unitId: 'rp-a', kind: 'reception_point', parentId: 'branch-x', from: '2025-07-01' })];
    const other = v({ unitId: 'branch-y' });
    expect(planChange(point, { effectiveFrom: '2025-09-01', parentId: 'branch-y' }, { ...noFacts, parent: other })).toMatchObject({ kind: 'unit.moved' });
    expect(planChange(point, { effectiveFrom: '2025-09-01', parentId: 'dept-a' }, { ...noFacts, parent: v({ unitId: 'dept-a', kind: 'department', parentId: null }) })).toMatchObject({
      code: 'unit_rule_violation',
      rule: 'parent_kind',
    });
    expect(planChange(point, { effectiveFrom: '2025-09-01', parentId: 'branch-z' }, { ...noFacts, parent: undefined })).toMatchObject({ code: 'unit_rule_violation', rule: 'parent_not_open' });
  });

  it('closes from a date; a merge names an open unit of its kind; open children hold a close back', () => {
    expect(planChange(history, { effectiveFrom: '2025-07-01', close: true, mergedInto: 'branch-y' }, { ...noFacts, mergeTarget: v({ unitId: 'branch-y' }) })).toEqual({
      kind: 'unit.merged',
      versions: [v({ to: '2025-06-30', mergedInto: 'branch-y' })],
    });
    expect(planChange(history, { effectiveFrom: '2025-07-01', close: true, mergedInto: 'dept-a' }, { ...noFacts, mergeTarget: v({ unitId: 'dept-a', kind: 'department' }) })).toMatchObject({ rule: 'merge_target' });
    expect(planChange(history, { effectiveFrom: '2025-07-01', close: true }, { ...noFacts, openChildren: ['rp-a'] })).toMatchObject({ rule: 'has_open_children', details: { children: ['rp-a'] } });
    expect(planChange([v({ to: '2025-06-30' })], { effectiveFrom: '2025-06-01', close: true }, noFacts)).toMatchObject({ code: 'conflict', rule: 'already_closed' });
    expect(planChange(history, { effectiveFrom: '2024-12-01', close: true }, noFacts)).toMatchObject({ rule: 'close_on_opening_day' });
  });

  it('refuses a code another unit holds (409)', () => {
    expect(planChange(history, { effectiveFrom: '2025-01-01', code: '000.02.00.H26' }, { ...noFacts, codeTakenBy: 'branch-cau-giay-thanh-xuan' })).toMatchObject({ code: 'conflict', rule: 'code_taken' });
  });
});

describe('planCreate', () => {
  const unit = { id: 'rp-new', code: '000.90.01.H26', name: 'Điểm mới', kind: 'reception_point' as const, parentId: 'branch-x', address: null, from: '2026-01-01' };
  it('creates under an open parent of the right kind', () => {
    expect(planCreate(unit, { idTaken: false, codeTakenBy: null, parent: v({}) })).toMatchObject({ unitId: 'rp-new', from: '2026-01-01', to: null });
  });
  it.each([
    ['a taken id', { idTaken: true, codeTakenBy: null, parent: v({}) }, unit, 'id_taken'],
    ['a taken code', { idTaken: false, codeTakenBy: 'x', parent: v({}) }, unit, 'code_taken'],
    ['a parent closed then', { idTaken: false, codeTakenBy: null, parent: undefined }, unit, 'parent_not_open'],
    ['a point under the center', { idTaken: false, codeTakenBy: null, parent: center }, { ...unit, parentId: 'center' }, 'parent_kind'],
    ['a department with a parent', { idTaken: false, codeTakenBy: null, parent: center }, { ...unit, kind: 'department' as const, parentId: 'center' }, 'parent_kind'],
    ['a second center', { idTaken: false, codeTakenBy: null, parent: undefined }, { ...unit, kind: 'center' as const, parentId: null }, 'one_center'],
  ])('refuses %s', (_name, facts, u, rule) => {
    expect(planCreate(u, facts)).toMatchObject({ rule });
  });
});

describe('where each procedure is received', () => {
  const lists: OfferList[] = [];
  it('replaces the default (all) by a list from a date, and closes the previous list the day before', () => {
    const first = planOfferList(lists, { branchId: 'branch-x', from: '2025-01-01', procedures: null }, { branch: v({}), unknownCodes: [] }) as OfferList[];
    const second = planOfferList(first, { branchId: 'branch-x', from: '2026-01-01', procedures: ['B', 'A', 'A'] }, { branch: v({}), unknownCodes: [] });
    expect(second).toEqual([
      { branchId: 'branch-x', from: '2025-01-01', to: '2025-12-31', procedures: null },
      { branchId: 'branch-x', from: '2026-01-01', to: null, procedures: ['A', 'B'] },
    ]);
    expect(planOfferList(second as OfferList[], { branchId: 'branch-x', from: '2025-06-01', procedures: null }, { branch: v({}), unknownCodes: [] })).toMatchObject({ code: 'conflict', rule: 'later_change_exists' });
    expect(planOfferList([], { branchId: 'branch-x', from: '2024-01-01', procedures: null }, { branch: undefined, unknownCodes: [] })).toMatchObject({ code: 'unit_not_operating' });
    expect(planOfferList([], { branchId: 'branch-x', from: '2025-01-01', procedures: ['Q'] }, { branch: v({}), unknownCodes: ['Q'] })).toMatchObject({ rule: 'unknown_procedure' });
  });

  const list: OfferList = { branchId: 'branch-x', from: '2026-01-01', to: null, procedures: ['A'] };
  it.each([
    ['a unit not operating that day', { unit: undefined, branch: undefined, list: undefined }, 'A', 'unit_not_operating'],
    ['a point whose branch is not operating', { unit: v({ kind: 'reception_point', parentId: 'branch-x' }), branch: undefined, list: undefined }, 'A', 'unit_not_operating'],
    ['a procedure off the list', { unit: v({}), branch: v({}), list }, 'B', 'not_offered_here'],
    ['a procedure on the list', { unit: v({}), branch: v({}), list }, 'A', null],
    ['any procedure with no list (the default)', { unit: v({}), branch: v({}), list: undefined }, 'B', null],
  ])('receipt at %s', (_name, facts, code, refusal) => {
    expect(receptionRefusal({ unitId: 'branch-x', on: '2026-02-01', ...facts }, code)?.code ?? null).toBe(refusal);
  });
});
