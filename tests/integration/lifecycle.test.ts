import { actors, act, APPLICANT, catalogueFixture, receive, type CatalogueFixture } from '../support/fixtures';
import { startHarness, type Harness } from '../support/harness';
import { DueAtKey } from '../../config/search-attributes';

let h: Harness;
let f: CatalogueFixture;
let t: Awaited<ReturnType<typeof actors>>;

beforeAll(async () => {
  h = await startHarness();
  f = await catalogueFixture(h);
  t = await actors(h, f);
});
afterAll(() => h?.close());

describe('the whole lifecycle of a dossier', () => {
  it('goes from receipt at one branch to return at another, with its history and tasks', async () => {
    const created = await receive(h, f, t.clerk, { returnBranchId: f.otherBranch }).expect(201);
    const code: string = created.body.code;
    expect(code).toMatch(/^.+-\d{6}-\d{4}$/);
    expect(created.body.lookupPin).toMatch(/^\d{8}$/);
    expect(created.body).toMatchObject({
      procedureCode: f.procedure.code,
      departmentId: f.procedure.departmentId,
      receivingBranchId: f.branch,
      returnBranchId: f.otherBranch,
      status: 'transferred',
      nationalStatus: 4,
      applicant: APPLICANT,
      overdue: false,
    });
    expect(created.body.dueAt).toBe(created.body.originalDueAt);
    expect(created.body.dueAt).toMatch(/\+07:00$/);
    expect(created.body.history.map((e: { action: string }) => e.action)).toEqual(['receive', 'transfer']);
    // The history's instants render as the dossier's own (the receipt event is the reception, to the millisecond).
    expect(created.body.history[0].at).toBe(created.body.receivedAt);

    // The department sees the claim task.
    const tasks = await h.api.get('/api/v1/tasks').auth(t.officer, { type: 'bearer' }).expect(200);
    expect(tasks.body).toContainEqual(expect.objectContaining({ dossierCode: code, kind: 'claim', unitId: f.procedure.departmentId }));

    const claimed = await act(h, t.officer, code, 'claim').expect(200);
    expect(claimed.body).toMatchObject({ status: 'processing', assignee: 'officer-1' });

    await act(h, t.officer, code, 'submit', { outcome: 'approved', summary: 'Hồ sơ hợp lệ' }).expect(200);
    const sentBack = await act(h, t.leader, code, 'send-back', { reason: 'Bổ sung ý kiến thẩm định' }).expect(200);
    expect(sentBack.body.status).toBe('processing');
    await act(h, t.officer, code, 'submit', { outcome: 'approved', summary: 'Đã bổ sung' }).expect(200);
    const approved = await act(h, t.leader, code, 'approve', { note: 'Đồng ý' }).expect(200);
    expect(approved.body).toMatchObject({ status: 'result_ready', outcome: 'approved', nationalStatus: 9, timeliness: 'early' });
    expect(approved.body.resultReadyAt).toBeDefined();

    // The result goes back to the branch the applicant chose, not the one that received it.
    await act(h, t.clerk, code, 'return').expect(403);
    const returned = await act(h, t.otherClerk, code, 'return').expect(200);
    expect(returned.body).toMatchObject({ status: 'returned', nationalStatus: 10 });

    const history = returned.body.history as { seq: number; action: string; status: string; actor: { sub: string } }[];
    expect(history.map((e) => [e.seq, e.action, e.status])).toEqual([
      [1, 'receive', 'received'],
      [2, 'transfer', 'transferred'],
      [3, 'claim', 'processing'],
      [4, 'submit', 'awaiting_approval'],
      [5, 'send-back', 'processing'],
      [6, 'submit', 'awaiting_approval'],
      [7, 'approve', 'result_ready'],
      [8, 'return', 'returned'],
    ]);
    expect(history[2].actor.sub).toBe('officer-1');

    // No task is left open for a finished dossier, and its workflow has completed.
    const open = await h.db('tasks').where({ dossier_code: code }).whereNull('closed_at');
    expect(open).toEqual([]);
    const result = await h.client.workflow.getHandle(code).result();
    expect(result).toMatchObject({ status: 'returned', seq: 8 });
  });

  it('lets the applicant withdraw before the result, and then refuses every other action', async () => {
    const { body } = await receive(h, f, t.clerk).expect(201);
    await act(h, t.officer, body.code, 'claim').expect(200);
    const withdrawn = await act(h, t.otherClerk, body.code, 'withdraw', { reason: 'Công dân xin rút hồ sơ' }).expect(200);
    expect(withdrawn.body).toMatchObject({ status: 'withdrawn', nationalStatus: 7 });
    const res = await act(h, t.officer, body.code, 'submit', { outcome: 'approved', summary: 'x' }).expect(409);
    expect(res.body.code).toBe('invalid_transition');
  });

  it('shows the public status by code and PIN, with no personal data, and the same 404 for a wrong PIN or code', async () => {
    const { body } = await receive(h, f, t.clerk).expect(201);
    const res = await h.api.get(`/api/v1/public/dossiers/${body.code}`).query({ pin: body.lookupPin }).expect(200);
    expect(res.body).toMatchObject({ code: body.code, status: 'transferred', statusText: { vi: expect.any(String), en: expect.any(String) } });
    expect(JSON.stringify(res.body)).not.toContain(APPLICANT.idNumber);
    expect(JSON.stringify(res.body)).not.toContain(APPLICANT.fullName);
    const wrongPin = await h.api.get(`/api/v1/public/dossiers/${body.code}`).query({ pin: '00000000' === body.lookupPin ? '11111111' : '00000000' }).expect(404);
    const wrongCode = await h.api.get('/api/v1/public/dossiers/NO-SUCH-CODE').query({ pin: body.lookupPin }).expect(404);
    expect(wrongPin.body).toEqual(wrongCode.body);
    const stored = await h.db('dossiers').where({ code: body.code }).first();
    expect(stored.lookup_pin_hash).not.toContain(body.lookupPin);
  });

  it('lists dossiers with keyset pagination, limited to what the caller may see', async () => {
    const codes: string[] = [];
    for (let i = 0; i < 3; i++) codes.push((await receive(h, f, t.clerk).expect(201)).body.code);
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const page: { body: { items: { code: string }[]; nextCursor: string | null } } = await h.api
        .get('/api/v1/dossiers')
        .query({ branchId: f.branch, limit: 2, ...(cursor ? { cursor } : {}) })
        .auth(t.supervisor, { type: 'bearer' })
        .expect(200);
      seen.push(...page.body.items.map((d) => d.code));
      cursor = page.body.nextCursor;
    } while (cursor);
    expect(new Set(seen).size).toBe(seen.length);
    for (const c of codes) expect(seen).toContain(c);
    const foreign = await h.api.get('/api/v1/dossiers').auth(t.foreignOfficer, { type: 'bearer' }).expect(200);
    expect(foreign.body.items.map((d: { code: string }) => d.code)).not.toContain(codes[0]);
    await h.api.get(`/api/v1/dossiers/${codes[0]}`).auth(t.foreignOfficer, { type: 'bearer' }).expect(404);
    await h.api.get(`/api/v1/dossiers/${codes[0]}`).auth(t.officer, { type: 'bearer' }).expect(200);
  });

  it('keeps typed search attributes (codes and times only) that operators can query', async () => {
    const { body } = await receive(h, f, t.clerk).expect(201);
    await act(h, t.officer, body.code, 'claim').expect(200);
    const query = `WorkflowId = '${body.code}' AND DossierStatus = 'processing' AND DepartmentId = '${f.procedure.departmentId}' AND ReceivingBranchId = '${f.branch}' AND ProcedureCode = '${f.procedure.code}'`;
    // Visibility is eventually consistent: poll (bounded) until the listing reflects the claim.
    let found = 0;
    for (let i = 0; i < 100 && found === 0; i++) {
      found = (await h.client.workflow.count(query)).count;
      if (found === 0) await new Promise((r) => setTimeout(r, 100));
    }
    expect(found).toBe(1);
    const description = await h.client.workflow.getHandle(body.code).describe();
    const attributes = JSON.stringify(description.typedSearchAttributes);
    expect(attributes).not.toContain(APPLICANT.fullName);
    expect(attributes).not.toContain(APPLICANT.idNumber);
    expect(new Date(description.typedSearchAttributes.get(DueAtKey)!).toISOString()).toBe(new Date(body.dueAt).toISOString());
  });
});
