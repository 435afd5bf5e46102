import { APPLICANT, act } from '../support/fixtures';
import { units as seedUnits } from '../../db/seeds/catalogue-data';
import { startHarness, type Harness } from '../support/harness';

/**
 * Fees through the API (domain.md §4 "Reception has three outcomes … Fees"; api-contract.md "Additions
 * (round 2)": `pay-fee`, status `awaiting_fees`, the dossier view's `fee`). The procedures are found in the
 * seeded catalogue by their fee: one whose fee is paid at reception before processing, one collected at return.
 * The harness checks on close that every dossier's read model matches its workflow (check-consistency).
 */

interface ProcedureRow {
  code: string;
  departmentId: string | null;
  authorityLevel: 'city' | 'commune';
  requiredDocuments: { code: string }[];
  fee: { amount: number | null; collectedAt: 'reception' | 'return'; payBeforeProcessing: boolean };
}

let h: Harness;
let beforeProcessing: ProcedureRow;
let atReturn: ProcedureRow;
let commune: string;
let branch: string;
let otherBranch: string;
let tokens: Record<'clerk' | 'otherClerk' | 'officer' | 'supervisor' | 'admin' | 'communeOfficer' | 'communeLeader', string>;

beforeAll(async () => {
  h = await startHarness();
  const admin = await h.token('admin', 'center');
  const get = async (path: string) => (await h.api.get(path).auth(admin, { type: 'bearer' }).expect(200)).body;
  const procedures = (await get('/api/v1/procedures')) as ProcedureRow[];
  beforeProcessing = procedures.find((p) => p.authorityLevel === 'city' && p.fee.collectedAt === 'reception' && p.fee.payBeforeProcessing && (p.fee.amount ?? 0) > 0)!;
  atReturn = procedures.find((p) => p.fee.collectedAt === 'return')!;
  if (!beforeProcessing || !atReturn) throw new Error('the seed has no procedure whose fee comes before processing, or none collected at return');
  // The seed's branches only: other test files add branches of their own to the database.
  const seeded = new Set(seedUnits.filter((u) => u.kind === 'branch').map((u) => u.id));
  const branches = ((await get('/api/v1/branches')) as { id: string; kind: string }[]).filter((b) => b.kind === 'branch' && seeded.has(b.id)).map((b) => b.id);
  [branch, otherBranch] = branches;
  commune = ((await get('/api/v1/departments')) as { id: string; level: string }[]).find((u) => u.level === 'commune')!.id;
  tokens = {
    clerk: await h.token('clerk', branch, 'fee-clerk-1'),
    otherClerk: await h.token('clerk', otherBranch, 'fee-clerk-2'),
    officer: await h.token('officer', beforeProcessing.departmentId!, 'fee-officer-1'),
    supervisor: await h.token('supervisor', branch, 'fee-supervisor-1'),
    admin,
    communeOfficer: await h.token('officer', commune, 'fee-officer-2'),
    communeLeader: await h.token('leader', commune, 'fee-leader-2'),
  };
  await until(async () => (await h.api.get('/readyz')).status === 200, 'the worker to poll');
});
afterAll(() => h?.close());

async function until(check: () => Promise<boolean>, what: string): Promise<void> {
  const deadline = Date.now() + 30_000;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

function receive(p: ProcedureRow, extra: Record<string, unknown> = {}, token = tokens.clerk) {
  return h.api
    .post('/api/v1/dossiers')
    .auth(token, { type: 'bearer' })
    .send({
      procedureCode: p.code,
      applicant: APPLICANT,
      documents: p.requiredDocuments.map((d) => ({ code: d.code })),
      ...(p.authorityLevel === 'commune' ? { authorityUnitId: commune } : {}),
      ...extra,
    });
}

const feeOf = (p: ProcedureRow) => p.fee.amount!;

describe('a fee collected at reception, before processing', () => {
  it('paid with the receipt: the dossier goes to its authority at once, the payment recorded', async () => {
    const res = await receive(beforeProcessing, { fee: { amount: feeOf(beforeProcessing), receiptNumber: 'BL-2026-000101' } }).expect(201);
    expect(res.body).toMatchObject({
      status: 'transferred',
      nationalStatus: 4,
      fee: { amount: feeOf(beforeProcessing), collectedAt: 'reception', payBeforeProcessing: true, receiptNumber: 'BL-2026-000101' },
    });
    expect(new Date(res.body.fee.paidAt).getTime()).toBe(new Date(res.body.receivedAt).getTime());
  });

  it('not paid: the dossier waits (national status 6), then pay-fee at another branch starts its clock', async () => {
    const res = await receive(beforeProcessing).expect(201);
    const code = res.body.code as string;
    expect(res.body).toMatchObject({ status: 'awaiting_fees', nationalStatus: 6, overdue: false, dueSoon: false, fee: { amount: feeOf(beforeProcessing), payBeforeProcessing: true } });
    expect(res.body.fee.paidAt).toBeUndefined();
    // The citizen sees it waiting for the fee.
    const lookup = await h.api.get(`/api/v1/public/dossiers/${code}`).query({ pin: res.body.lookupPin }).expect(200);
    expect(lookup.body).toMatchObject({ status: 'awaiting_fees', statusText: { vi: 'Chờ nộp phí, lệ phí' } });
    // The receiving branch's clerks have a pay-fee task; the department nothing to claim.
    const tasks = (await h.api.get('/api/v1/tasks').auth(tokens.clerk, { type: 'bearer' }).expect(200)).body as { dossierCode: string; kind: string; dueAt: string | null }[];
    expect(tasks.filter((t) => t.dossierCode === code)).toEqual([expect.objectContaining({ kind: 'pay-fee', dueAt: null })]);
    const officerTasks = (await h.api.get('/api/v1/tasks').auth(tokens.officer, { type: 'bearer' }).expect(200)).body as { dossierCode: string }[];
    expect(officerTasks.filter((t) => t.dossierCode === code)).toEqual([]);
    await act(h, tokens.officer, code, 'claim').expect(409);

    // Staff other than clerks may not record a payment; a wrong amount is refused; neither changes anything.
    expect((await act(h, tokens.officer, code, 'pay-fee', { amount: feeOf(beforeProcessing), receiptNumber: 'BL-2026-000102' }).expect(403)).body.code).toBe('forbidden');
    expect((await act(h, tokens.supervisor, code, 'pay-fee', { amount: feeOf(beforeProcessing), receiptNumber: 'BL-2026-000102' }).expect(403)).body.code).toBe('forbidden');
    const wrong = await act(h, tokens.clerk, code, 'pay-fee', { amount: feeOf(beforeProcessing) + 1, receiptNumber: 'BL-2026-000102' }).expect(422);
    expect(wrong.body).toMatchObject({ code: 'fee_mismatch', details: { expected: feeOf(beforeProcessing), given: feeOf(beforeProcessing) + 1 } });
    expect((await h.db('dossier_events').where({ dossier_code: code }).pluck('action')).sort()).toEqual(['await-fees', 'receive']);

    const paid = await act(h, tokens.otherClerk, code, 'pay-fee', { amount: feeOf(beforeProcessing), receiptNumber: 'BL-2026-000102' }).expect(200);
    expect(paid.body).toMatchObject({ status: 'transferred', nationalStatus: 4, fee: { amount: feeOf(beforeProcessing), receiptNumber: 'BL-2026-000102' } });
    // The appointment is the procedure's, counted from the payment (the same function as the due-date endpoint).
    const expected = await h.api
      .get('/api/v1/calendar/due-date')
      .auth(tokens.clerk, { type: 'bearer' })
      .query({ receivedAt: paid.body.fee.paidAt, procedureCode: beforeProcessing.code })
      .expect(200);
    expect(new Date(paid.body.dueAt).getTime()).toBe(new Date(expected.body.dueAt).getTime());
    expect(paid.body.originalDueAt).toBe(paid.body.dueAt);
    const history = paid.body.history as { action: string; status: string; actor: { sub: string; unitId: string } }[];
    expect(history.map((e) => [e.action, e.status])).toEqual([
      ['receive', 'received'],
      ['await-fees', 'awaiting_fees'],
      ['pay-fee', 'transferred'],
    ]);
    expect(history[2].actor).toMatchObject({ sub: 'fee-clerk-2', unitId: otherBranch });

    // Twice: refused.
    expect((await act(h, tokens.clerk, code, 'pay-fee', { amount: feeOf(beforeProcessing), receiptNumber: 'BL-2026-000103' }).expect(409)).body.code).toBe('fee_already_paid');
  });

  it('a wrong amount with the receipt records nothing', async () => {
    const before = Number((await h.db('dossiers').count<{ count: string }[]>('* as count'))[0].count);
    const res = await receive(beforeProcessing, { fee: { amount: 1, receiptNumber: 'BL-2026-000104' } }).expect(422);
    expect(res.body.code).toBe('fee_mismatch');
    expect(Number((await h.db('dossiers').count<{ count: string }[]>('* as count'))[0].count)).toBe(before);
  });

  it('may be withdrawn while it waits', async () => {
    const code = (await receive(beforeProcessing).expect(201)).body.code as string;
    const res = await act(h, tokens.otherClerk, code, 'withdraw', { reason: 'Người nộp không nộp phí' }).expect(200);
    expect(res.body).toMatchObject({ status: 'withdrawn', nationalStatus: 7 });
  });
});

describe('a dossier waiting for its fee in the reports (domain.md §3: paused, awaiting fees)', () => {
  it('is paused, never overdue, in the view, the overdue list and the summary, however long it waits', async () => {
    // Received 40 days ago and still unpaid: the appointment it would have had is long past.
    const receivedAt = new Date(Date.now() - 40 * 86_400_000).toISOString();
    const from = receivedAt.slice(0, 10);
    const to = new Date().toISOString().slice(0, 10);
    const summary = async () => {
      const rows = (await h.api.get('/api/v1/reports/summary').query({ from, to, groupBy: 'procedure', procedureCode: beforeProcessing.code }).auth(tokens.admin, { type: 'bearer' }).expect(200)).body as Record<string, number>[];
      return rows[0] ?? { pending: 0, paused: 0, pendingOverdue: 0 };
    };
    const before = await summary();
    const res = await h.api
      .post('/api/v1/dossiers/import')
      .auth(tokens.admin, { type: 'bearer' })
      .send({ procedureCode: beforeProcessing.code, applicant: APPLICANT, documents: beforeProcessing.requiredDocuments.map((d) => ({ code: d.code })), receivingBranchId: branch, receivedAt })
      .expect(201);
    let view: Record<string, unknown> = {};
    await until(async () => {
      view = (await h.api.get(`/api/v1/dossiers/${res.body.code}`).auth(tokens.admin, { type: 'bearer' }).expect(200)).body;
      return view.status === 'awaiting_fees';
    }, 'the dossier to wait for its fee');
    expect(new Date(view.originalDueAt as string).getTime()).toBeLessThan(Date.now());
    expect(view).toMatchObject({ overdue: false, dueSoon: false, nationalStatus: 6 });
    const overdue = (await h.api.get('/api/v1/reports/overdue').query({ branchId: branch }).auth(tokens.admin, { type: 'bearer' }).expect(200)).body as { code: string }[];
    expect(overdue.map((d) => d.code)).not.toContain(res.body.code);
    const listed = (await h.api.get('/api/v1/dossiers').query({ overdue: true, branchId: branch }).auth(tokens.admin, { type: 'bearer' }).expect(200)).body as { items: { code: string }[] };
    expect(listed.items.map((d) => d.code)).not.toContain(res.body.code);
    const after = await summary();
    expect({ pending: after.pending - before.pending, paused: after.paused - before.paused, pendingOverdue: after.pendingOverdue - before.pendingOverdue }).toEqual({ pending: 1, paused: 1, pendingOverdue: 0 });
  });
});

describe('a fee collected at return', () => {
  it('is not taken with the receipt; the return waits for it (409 fee_unpaid), then goes', async () => {
    expect((await receive(atReturn, { fee: { amount: 100_000, receiptNumber: 'BL-2026-000201', note: 'x' } }).expect(409)).body.code).toBe('fee_not_due');
    const res = await receive(atReturn).expect(201);
    const code = res.body.code as string;
    expect(res.body).toMatchObject({ status: 'transferred', fee: { collectedAt: 'return', payBeforeProcessing: false } });
    await act(h, tokens.communeOfficer, code, 'claim').expect(200);
    await act(h, tokens.communeOfficer, code, 'submit', { outcome: 'approved', summary: 'Đủ điều kiện cấp phép' }).expect(200);
    await act(h, tokens.communeLeader, code, 'approve').expect(200);

    const refused = await act(h, tokens.clerk, code, 'return').expect(409);
    expect(refused.body.code).toBe('fee_unpaid');
    const tasks = (await h.api.get('/api/v1/tasks').auth(tokens.clerk, { type: 'bearer' }).expect(200)).body as { dossierCode: string; kind: string }[];
    expect(tasks.filter((t) => t.dossierCode === code).map((t) => t.kind).sort()).toEqual(['pay-fee', 'return']);
    // Its amount varies (the catalogue has none): any amount, with a note saying what it covers.
    if (atReturn.fee.amount === null) {
      expect((await act(h, tokens.clerk, code, 'pay-fee', { amount: 150_000, receiptNumber: 'BL-2026-000202' }).expect(422)).body.code).toBe('fee_mismatch');
    }
    const amount = atReturn.fee.amount ?? 150_000;
    const paid = await act(h, tokens.clerk, code, 'pay-fee', { amount, receiptNumber: 'BL-2026-000202', note: 'Lệ phí cấp giấy phép xây dựng nhà ở riêng lẻ' }).expect(200);
    expect(paid.body).toMatchObject({ status: 'result_ready', fee: { amount, receiptNumber: 'BL-2026-000202' } });
    const returned = await act(h, tokens.clerk, code, 'return').expect(200);
    expect(returned.body.status).toBe('returned');
    expect((await h.api.get('/api/v1/tasks').auth(tokens.clerk, { type: 'bearer' }).expect(200)).body.filter((t: { dossierCode: string }) => t.dossierCode === code)).toEqual([]);
  });
});
