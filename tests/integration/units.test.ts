import { civilDateOf as civilToday, unitScope } from '../../db/catalogue';
import { seedCatalogue } from '../../db/seeds/seed-catalogue';
import { addDays } from '../../domain/units';
import { actors, APPLICANT, catalogueFixture, receive, type CatalogueFixture } from '../support/fixtures';
import { startHarness, type Harness } from '../support/harness';

/**
 * Units over time (issue 10, items 2–4): units known on a date, changed from a date by admins with an audit
 * trail, where each procedure is received, and dossiers that keep the names their units had when received.
 * Every unit this file changes is its own (the database is shared with the other files).
 */
let h: Harness;
let f: CatalogueFixture;
let t: Awaited<ReturnType<typeof actors>>;
const run = Date.now().toString(36);
const today = civilToday();

beforeAll(async () => {
  h = await startHarness();
  f = await catalogueFixture(h);
  t = await actors(h, f);
});
afterAll(() => h?.close());

const as = (token: string) => ({
  get: (path: string, query: Record<string, string> = {}) => h.api.get(path).query(query).auth(token, { type: 'bearer' }),
  post: (path: string, body: object) => h.api.post(path).auth(token, { type: 'bearer' }).send(body),
  patch: (path: string, body: object) => h.api.patch(path).auth(token, { type: 'bearer' }).send(body),
  put: (path: string, body: object) => h.api.put(path).auth(token, { type: 'bearer' }).send(body),
});

let seq = 0;
/** A branch of this file's own, open from `from`, and (optionally) a reception point under it. */
async function createBranch(from: string, name = `Chi nhánh thử ${run}-${++seq}`): Promise<string> {
  const id = `branch-t${run}-${++seq}`;
  await as(t.admin).post('/api/v1/units', { id, code: `T${run}.${seq}`, name, kind: 'branch', parentId: 'center', from, reason: 'test' }).expect(201);
  return id;
}
async function createPoint(branchId: string, from: string): Promise<string> {
  const id = `rp-t${run}-${++seq}`;
  await as(t.admin).post('/api/v1/units', { id, code: `T${run}.${seq}`, name: `Điểm thử ${seq}`, kind: 'reception_point', parentId: branchId, from, reason: 'test' }).expect(201);
  return id;
}

/** A clerk's token of a unit just created: the API learns new units within seconds (api/auth.ts UnitKinds); wait for it. */
async function clerkOf(unitId: string): Promise<string> {
  const token = await h.token('clerk', unitId, `clerk-${unitId}`);
  for (const until = Date.now() + 20_000; ; ) {
    const res = await as(token).get('/api/v1/tasks');
    if (res.status === 200) return token;
    if (Date.now() > until) throw new Error(`the API never accepted a clerk of ${unitId}: ${res.status} ${JSON.stringify(res.body)}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

const receivedAt = async (unitId: string) => Number((await h.db('dossiers').where({ receiving_branch_id: unitId }).count<{ count: number }[]>('* as count'))[0].count);

describe('the seed tells Plan 29 with its dates (GET /units?on=)', () => {
  const names = async (on: string, kind: string) =>
    Object.fromEntries(((await as(t.clerk).get('/api/v1/units', { on, kind }).expect(200)).body as { id: string; name: string }[]).filter((u) => !u.id.includes(`t${run}`)).map((u) => [u.id, u.name]));

  it('two pilot branches from 2024-12-01, Cầu Giấy under its first name; twelve from 2025-04-01, Cầu Giấy – Thanh Xuân among them', async () => {
    expect(await names('2024-11-30', 'branch')).toEqual({});
    const pilot = await names('2025-03-31', 'branch');
    expect(pilot).toEqual({ 'branch-cau-giay-thanh-xuan': 'Chi nhánh Cầu Giấy', 'branch-tay-ho': 'Chi nhánh Tây Hồ' });
    const regional = await names('2025-04-01', 'branch');
    expect(Object.keys(regional)).toHaveLength(12);
    expect(regional['branch-cau-giay-thanh-xuan']).toBe('Chi nhánh Cầu Giấy – Thanh Xuân');
    // Reception points from the two-level government (2025-07-01).
    expect(Object.keys(await names('2025-06-30', 'reception_point'))).toEqual([]);
    expect(Object.keys(await names('2025-07-01', 'reception_point')).length).toBeGreaterThanOrEqual(30);
  });

  it('the departments NQ 06/NQ-HĐND merged until 2025-02-28, the merged ones from 2025-03-01, each with its successor', async () => {
    const before = await names('2025-02-28', 'department');
    expect(before).toMatchObject({ 'dept-transport': 'Sở Giao thông vận tải', 'dept-planning-investment': 'Sở Kế hoạch và Đầu tư' });
    expect(before).not.toHaveProperty('dept-construction');
    const after = await names('2025-03-01', 'department');
    expect(after).toMatchObject({ 'dept-construction': 'Sở Xây dựng', 'dept-finance': 'Sở Tài chính' });
    expect(after).not.toHaveProperty('dept-transport');
    const transport = (await as(t.clerk).get('/api/v1/units/dept-transport').expect(200)).body;
    expect(transport.versions).toEqual([expect.objectContaining({ from: '2008-08-01', to: '2025-02-28', mergedInto: 'dept-construction' })]);
    // Today's lists keep their shape and leave the closed departments out.
    const departments = (await as(t.clerk).get('/api/v1/departments').expect(200)).body as { id: string; name: string }[];
    expect(departments.map((d) => d.id)).toContain('dept-construction');
    expect(departments.map((d) => d.id)).not.toContain('dept-transport');
    const branches = (await as(t.clerk).get('/api/v1/branches').expect(200)).body as Record<string, unknown>[];
    expect(branches.find((b) => b.id === 'branch-cau-giay-thanh-xuan')).toEqual({ id: 'branch-cau-giay-thanh-xuan', name: 'Chi nhánh Cầu Giấy – Thanh Xuân', kind: 'branch' });
  });

  it('is idempotent, and leaves alone a unit an admin has changed', async () => {
    const own = await createBranch('2025-01-01');
    await as(t.admin).patch(`/api/v1/units/${own}`, { effectiveFrom: '2025-06-01', name: 'Đổi tên', reason: 'test' }).expect(200);
    const snapshot = () => h.db('unit_versions').orderBy(['unit_id', 'valid_from']).select();
    const first = await snapshot();
    await seedCatalogue(h.db);
    await seedCatalogue(h.db);
    expect(await snapshot()).toEqual(first);
  });
});

describe('admins change units from a date; the history keeps what they were; every change is audited', () => {
  it('renames, moves and closes with before/after in the audit trail; refusals change nothing', async () => {
    const a = await createBranch('2025-01-01');
    const b = await createBranch('2025-01-01');
    const point = await createPoint(a, '2025-07-01');
    const renamed = await as(t.admin).patch(`/api/v1/units/${a}`, { effectiveFrom: '2026-01-01', name: 'Chi nhánh mới', reason: 'Quyết định đổi tên' }).expect(200);
    expect(renamed.body.versions).toEqual([
      expect.objectContaining({ from: '2025-01-01', to: '2025-12-31', name: expect.stringMatching(/^Chi nhánh thử/) }),
      expect.objectContaining({ from: '2026-01-01', name: 'Chi nhánh mới' }),
    ]);
    expect(renamed.body.versions[1]).not.toHaveProperty('to');
    const units = (on: string) => as(t.clerk).get('/api/v1/units', { on, kind: 'branch' }).expect(200).then((r) => (r.body as { id: string; name: string }[]).find((u) => u.id === a)?.name);
    expect(await units('2025-12-31')).toMatch(/^Chi nhánh thử/);
    expect(await units('2026-01-01')).toBe('Chi nhánh mới');

    const before = await h.db('unit_versions').where({ unit_id: a }).orderBy('valid_from').select();
    // Dated before the latest change: 409; a point under a department, a branch closed with its point open: 422; a clerk: 403.
    const earlier = await as(t.admin).patch(`/api/v1/units/${a}`, { effectiveFrom: '2025-06-01', code: `X${run}`, reason: 'x' }).expect(409);
    expect(earlier.body).toMatchObject({ code: 'conflict', details: { rule: 'later_change_exists', latestChange: '2026-01-01' } });
    const misplaced = await as(t.admin).patch(`/api/v1/units/${point}`, { effectiveFrom: '2026-02-01', parentId: f.procedure.departmentId, reason: 'x' }).expect(422);
    expect(misplaced.body).toMatchObject({ code: 'unit_rule_violation', details: { rule: 'parent_kind' } });
    const withPoint = await as(t.admin).patch(`/api/v1/units/${a}`, { effectiveFrom: '2026-03-01', close: true, reason: 'x' }).expect(422);
    expect(withPoint.body).toMatchObject({ code: 'unit_rule_violation', details: { rule: 'has_open_children', children: [point] } });
    await as(t.clerk).patch(`/api/v1/units/${a}`, { effectiveFrom: '2026-03-01', name: 'x', reason: 'x' }).expect(403);
    await as(t.admin).patch(`/api/v1/units/nope-${run}`, { effectiveFrom: '2026-03-01', name: 'x', reason: 'x' }).expect(404);
    expect(await h.db('unit_versions').where({ unit_id: a }).orderBy('valid_from').select()).toEqual(before);

    // Move the point to b, then close a and merge it into b.
    await as(t.admin).patch(`/api/v1/units/${point}`, { effectiveFrom: '2026-03-01', parentId: b, reason: 'Điều chuyển điểm' }).expect(200);
    const merged = await as(t.admin).patch(`/api/v1/units/${a}`, { effectiveFrom: '2026-03-01', close: true, mergedInto: b, reason: 'Sáp nhập' }).expect(200);
    expect(merged.body.versions[1]).toMatchObject({ from: '2026-01-01', to: '2026-02-28', mergedInto: b });
    expect(await units('2026-03-01')).toBeUndefined();
    await as(t.admin).patch(`/api/v1/units/${a}`, { effectiveFrom: '2026-04-01', name: 'x', reason: 'x' }).expect(409);

    const audit = await as(t.admin).get('/api/v1/audit/org-events', { subjectType: 'unit', subjectId: a }).expect(200);
    expect(audit.body.items.map((e: { kind: string }) => e.kind)).toEqual(['unit.created', 'unit.renamed', 'unit.merged']);
    expect(audit.body.items[2]).toMatchObject({
      actor: { sub: 'admin-1', role: 'admin', unitId: 'center' },
      subjectType: 'unit',
      subjectId: a,
      effectiveFrom: '2026-03-01',
      reason: 'Sáp nhập',
      before: [expect.objectContaining({ from: '2025-01-01' }), expect.objectContaining({ from: '2026-01-01' })],
      after: [expect.objectContaining({ from: '2025-01-01' }), expect.objectContaining({ to: '2026-02-28', mergedInto: b })],
    });
    const moved = await as(t.admin).get('/api/v1/audit/org-events', { subjectType: 'unit', subjectId: point }).expect(200);
    expect(moved.body.items.map((e: { kind: string }) => e.kind)).toEqual(['unit.created', 'unit.moved']);
    // Paging, and admins only.
    const page = await as(t.admin).get('/api/v1/audit/org-events', { subjectType: 'unit', subjectId: a, limit: '2' }).expect(200);
    expect(page.body.items).toHaveLength(2);
    const rest = await as(t.admin).get('/api/v1/audit/org-events', { subjectType: 'unit', subjectId: a, after: page.body.nextCursor }).expect(200);
    expect(rest.body.items.map((e: { kind: string }) => e.kind)).toEqual(['unit.merged']);
    expect(rest.body.nextCursor).toBeNull();
    await as(t.clerk).get('/api/v1/audit/org-events').expect(403);
  });

  it('a point moved from tomorrow is in its old branch’s scope today and in its new branch’s from tomorrow', async () => {
    const [a, b] = [await createBranch('2025-01-01'), await createBranch('2025-01-01')];
    const point = await createPoint(a, '2025-07-01');
    await as(t.admin).patch(`/api/v1/units/${point}`, { effectiveFrom: addDays(today, 1), parentId: b, reason: 'Điều chuyển' }).expect(200);
    const tomorrow = new Date(Date.now() + 86_400_000);
    expect([await unitScope(h.db, a), await unitScope(h.db, b)]).toEqual([[a, point], [b]]);
    expect([await unitScope(h.db, a, tomorrow), await unitScope(h.db, b, tomorrow)]).toEqual([[a], [b, point]]);
  });

  it('creates only under an open parent of the right kind, with a free code (409/422)', async () => {
    const base = { kind: 'reception_point', name: 'Điểm', from: '2026-01-01', reason: 'x' };
    const closedFrom = await createBranch('2027-01-01');
    await as(t.admin).post('/api/v1/units', { ...base, id: `rp-bad-${run}-1`, code: `B${run}.1`, parentId: closedFrom }).expect(422);
    await as(t.admin).post('/api/v1/units', { ...base, id: `rp-bad-${run}-2`, code: `B${run}.2`, parentId: 'center' }).expect(422);
    await as(t.admin).post('/api/v1/units', { ...base, id: `rp-bad-${run}-3`, code: '000.02.00.H26', parentId: 'branch-cau-giay-thanh-xuan' }).expect(409);
    await as(t.admin).post('/api/v1/units', { ...base, id: 'branch-tay-ho', code: `B${run}.4`, kind: 'branch', parentId: 'center' }).expect(409);
    await as(t.clerk).post('/api/v1/units', { ...base, id: `rp-bad-${run}-5`, code: `B${run}.5`, parentId: 'branch-cau-giay-thanh-xuan' }).expect(403);
    expect(await h.db('units').where('id', 'like', `rp-bad-${run}-%`).select('id')).toEqual([]);
  });
});

describe('where each procedure is received (receipt on its date)', () => {
  it('refuses a receipt at a branch before its opening date, and at its points; accepts one at a branch open that day; records nothing when refused', async () => {
    const opensTomorrow = await createBranch(addDays(today, 1));
    const point = await createPoint(opensTomorrow, addDays(today, 1));
    const openedYesterday = await createBranch(addDays(today, -1));
    for (const unit of [opensTomorrow, point]) {
      const clerk = await clerkOf(unit);
      const res = await receive(h, f, clerk).expect(409);
      expect(res.body).toMatchObject({ code: 'unit_not_operating', details: { on: today } });
      expect(await receivedAt(unit)).toBe(0);
      // Guidance and refusals are reception too.
      await as(clerk).post('/api/v1/reception/refusals', { procedureCode: f.procedure.code, applicant: APPLICANT, reason: 'Không thuộc thẩm quyền' }).expect(409);
    }
    const ok = await receive(h, f, await clerkOf(openedYesterday)).expect(201);
    expect(ok.body).toMatchObject({ receivingBranchId: openedYesterday, unitNames: { receiving: expect.stringMatching(/^Chi nhánh thử/) } });
    // A return branch that is not operating is refused too.
    await receive(h, f, await clerkOf(openedYesterday), { returnBranchId: opensTomorrow }).expect(409);
  });

  it('refuses a receipt at a branch closed from today', async () => {
    const branch = await createBranch('2025-01-01');
    const clerk = await clerkOf(branch);
    await as(t.admin).patch(`/api/v1/units/${branch}`, { effectiveFrom: today, close: true, reason: 'Đóng chi nhánh' }).expect(200);
    expect((await receive(h, f, clerk).expect(409)).body.code).toBe('unit_not_operating');
  });

  it('refuses a procedure removed from a branch’s list from that date, at the branch and its points; the list is dated and audited', async () => {
    const branch = await createBranch('2025-01-01');
    const point = await createPoint(branch, '2025-07-01');
    const [clerk, pointClerk] = [await clerkOf(branch), await clerkOf(point)];
    const procedures = (await as(t.clerk).get('/api/v1/procedures').expect(200)).body as { code: string }[];
    const others = procedures.map((p) => p.code).filter((c) => c !== f.procedure.code);
    // By default a branch receives every procedure of the catalogue.
    const all = await as(clerk).get(`/api/v1/branches/${branch}/procedures`).expect(200);
    expect(all.body).toMatchObject({ branchId: branch, on: today, operating: true, list: null });
    expect(all.body.procedures.map((p: { code: string }) => p.code)).toContain(f.procedure.code);
    await receive(h, f, clerk).expect(201);

    await as(t.clerk).put(`/api/v1/branches/${branch}/procedures`, { from: today, procedures: others, reason: 'x' }).expect(403);
    await as(t.admin).put(`/api/v1/branches/${branch}/procedures`, { from: today, procedures: others, reason: 'Danh mục tiếp nhận mới' }).expect(200);
    for (const c of [clerk, pointClerk]) {
      const refused = await receive(h, f, c).expect(409);
      expect(refused.body).toMatchObject({ code: 'not_offered_here', details: { branchId: branch, procedureCode: f.procedure.code, on: today } });
    }
    // A refusal (Form 03) is how the applicant learns it: still recorded there.
    await as(clerk).post('/api/v1/reception/refusals', { procedureCode: f.procedure.code, applicant: APPLICANT, reason: 'Chi nhánh không tiếp nhận thủ tục này' }).expect(201);
    const now = await as(clerk).get(`/api/v1/branches/${branch}/procedures`).expect(200);
    expect(now.body.list).toEqual({ from: today, all: false });
    expect(now.body.procedures.map((p: { code: string }) => p.code)).not.toContain(f.procedure.code);
    const yesterday = await as(clerk).get(`/api/v1/branches/${branch}/procedures`, { on: addDays(today, -1) }).expect(200);
    expect(yesterday.body.procedures.map((p: { code: string }) => p.code)).toContain(f.procedure.code);

    // Dated before the latest list: 409; back to all from tomorrow: today is still refused.
    await as(t.admin).put(`/api/v1/branches/${branch}/procedures`, { from: addDays(today, -1), procedures: 'all', reason: 'x' }).expect(409);
    await as(t.admin).put(`/api/v1/branches/${branch}/procedures`, { from: addDays(today, 1), procedures: 'all', reason: 'Mở lại' }).expect(200);
    await receive(h, f, clerk).expect(409);
    const audit = await as(t.admin).get('/api/v1/audit/org-events', { subjectType: 'branch_procedures', subjectId: branch }).expect(200);
    expect(audit.body.items.map((e: { effectiveFrom: string; reason: string }) => [e.effectiveFrom, e.reason])).toEqual([
      [today, 'Danh mục tiếp nhận mới'],
      [addDays(today, 1), 'Mở lại'],
    ]);
    // A reception point has no list of its own; an unknown branch is 404.
    await as(t.admin).put(`/api/v1/branches/${point}/procedures`, { from: today, procedures: 'all', reason: 'x' }).expect(422);
    await as(clerk).get(`/api/v1/branches/nope-${run}/procedures`).expect(404);
  });
});

describe('a dossier keeps the names its units had when it was received', () => {
  /** A procedure version in force only in the pilot phase (the seed's start on 2025-07-01), so that one can be imported then. */
  async function pilotProcedure(): Promise<string> {
    const code = `TEST-PILOT-${run}`;
    const current = await h.db('procedures').where({ code: f.procedure.code }).orderBy('effective_from', 'desc').first();
    const definition = { ...current.definition, code, effectiveFrom: '2024-12-01', effectiveTo: '2025-03-31' };
    await h.db('procedures').insert({ ...current, code, effective_from: '2024-12-01', effective_to: '2025-03-31', definition: JSON.stringify(definition) });
    return code;
  }

  it('the Cầu Giấy rename: a dossier received before 2025-04-01 shows "Chi nhánh Cầu Giấy" in its view, history and print; one received today the new name', async () => {
    const code = await pilotProcedure();
    const old = await as(t.admin)
      .post('/api/v1/dossiers/import', {
        procedureCode: code,
        applicant: APPLICANT,
        documents: f.procedure.requiredDocuments.map((d) => ({ code: d.code })),
        receivingBranchId: 'branch-cau-giay-thanh-xuan',
        receivedAt: '2025-02-10T09:00:00+07:00',
        code: `CG-${run}`,
      })
      .expect(201);
    expect(old.body.unitNames).toMatchObject({ receiving: 'Chi nhánh Cầu Giấy', return: 'Chi nhánh Cầu Giấy' });
    const cauGiayClerk = await h.token('clerk', 'branch-cau-giay-thanh-xuan', 'clerk-cg');
    const fresh = await receive(h, f, cauGiayClerk).expect(201);
    expect(fresh.body.unitNames).toMatchObject({ receiving: 'Chi nhánh Cầu Giấy – Thanh Xuân', return: 'Chi nhánh Cầu Giấy – Thanh Xuân' });

    const view = await as(t.supervisor).get(`/api/v1/dossiers/${old.body.code}`).expect(200);
    expect(view.body.unitNames.receiving).toBe('Chi nhánh Cầu Giấy');
    const print = await as(t.supervisor).get(`/print/receipt/${old.body.code}`).expect(200);
    expect(print.text).toContain('Chi nhánh Cầu Giấy');
    expect(print.text).not.toContain('Thanh Xuân');
    const freshPrint = await as(t.supervisor).get(`/print/receipt/${fresh.body.code}`).expect(200);
    expect(freshPrint.text).toContain('Chi nhánh Cầu Giấy – Thanh Xuân');
    // The receipt's event names the clerk's unit as it was that day.
    expect(fresh.body.history[0]).toMatchObject({ action: 'receive', actor: { unitId: 'branch-cau-giay-thanh-xuan' }, actorUnitName: 'Chi nhánh Cầu Giấy – Thanh Xuân' });
  });

  it('a rename made today leaves yesterday’s dossier with the old name and gives today’s the new one', async () => {
    const branch = await createBranch('2025-01-01', `Chi nhánh cũ ${run}`);
    const yesterday = await as(t.admin)
      .post('/api/v1/dossiers/import', {
        procedureCode: f.procedure.code,
        applicant: APPLICANT,
        documents: f.procedure.requiredDocuments.map((d) => ({ code: d.code })),
        receivingBranchId: branch,
        receivedAt: new Date(Date.now() - 86_400_000).toISOString(),
        code: `RN-${run}`,
      })
      .expect(201);
    await as(t.admin).patch(`/api/v1/units/${branch}`, { effectiveFrom: today, name: `Chi nhánh mới ${run}`, reason: 'Đổi tên' }).expect(200);
    const fresh = await receive(h, f, await clerkOf(branch)).expect(201);
    expect(fresh.body.unitNames.receiving).toBe(`Chi nhánh mới ${run}`);
    expect((await as(t.supervisor).get(`/api/v1/dossiers/${yesterday.body.code}`).expect(200)).body.unitNames.receiving).toBe(`Chi nhánh cũ ${run}`);
    expect((await as(t.supervisor).get(`/print/receipt/${yesterday.body.code}`).expect(200)).text).toContain(`Chi nhánh cũ ${run}`);
  });
});
