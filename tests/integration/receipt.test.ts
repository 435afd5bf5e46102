import { actors, act, catalogueFixture, receive, type CatalogueFixture } from '../support/fixtures';
import { startHarness, type Harness } from '../support/harness';
import { insertReceipt } from '../../db/dossiers';
import { recoverStalledReceipts } from '../../api/receipt';

let h: Harness;
let f: CatalogueFixture;
let t: Awaited<ReturnType<typeof actors>>;

beforeAll(async () => {
  h = await startHarness();
  f = await catalogueFixture(h);
  t = await actors(h, f);
});
afterAll(() => h?.close());

describe('receipt', () => {
  it('creates one dossier for concurrent receipts with the same Idempotency-Key', async () => {
    const key = `key-${Date.now()}`;
    const responses = await Promise.all(Array.from({ length: 8 }, () => receive(h, f, t.clerk, {}, key)));
    const statuses = responses.map((r) => r.status).sort();
    expect(statuses.filter((s) => s === 201)).toHaveLength(1);
    expect(statuses.filter((s) => s === 200)).toHaveLength(7);
    const codes = new Set(responses.map((r) => r.body.code));
    expect(codes.size).toBe(1);
    const [code] = codes;
    // The repeat can print the receipt again: same PIN.
    expect(new Set(responses.map((r) => r.body.lookupPin)).size).toBe(1);
    const rows = await h.db('dossiers').where({ code });
    expect(rows).toHaveLength(1);
    const events = await h.db('dossier_events').where({ dossier_code: code }).orderBy('seq');
    expect(events.map((e) => e.action)).toEqual(['receive', 'transfer']);
    const sameKeyOtherBody = await receive(h, f, t.clerk, { note: 'khác' }, key).expect(409);
    expect(sameKeyOtherBody.body.code).toBe('conflict');
  });

  it('answers a repeat after the dossier has finished with the same dossier, starting nothing again', async () => {
    const key = `late-repeat-${Date.now()}`;
    const first = await receive(h, f, t.clerk, {}, key).expect(201);
    await act(h, t.clerk, first.body.code, 'withdraw', { reason: 'rút' }).expect(200);
    const { runId } = await h.client.workflow.getHandle(first.body.code).describe();
    const again = await receive(h, f, t.clerk, {}, key).expect(200);
    expect(again.body).toMatchObject({ code: first.body.code, status: 'withdrawn' });
    const now = await h.client.workflow.getHandle(first.body.code).describe();
    expect(now.runId).toBe(runId);
    expect(now.status.name).toBe('COMPLETED');
  });

  it('starts the workflow of a receipt whose request died before starting it, once', async () => {
    // As if the API had stopped right after committing the receipt: the row is there, the workflow is not.
    const code = `STALLED-${Date.now()}`;
    const procedure = (await h.db('procedures').where({ code: f.procedure.code }).first()).definition;
    await h.db.transaction((tx) =>
      insertReceipt(tx, code, {
        procedureCode: procedure.code,
        procedureVersion: procedure.effectiveFrom,
        procedureName: procedure.name,
        departmentId: f.procedure.departmentId,
        receivingBranchId: f.branch,
        returnBranchId: f.branch,
        channel: 'in_person',
        applicant: { fullName: 'Phạm Thị Dung', idNumber: '001190000777', phone: '0900000777' },
        documents: [],
        note: null,
        receivedAt: new Date().toISOString(),
        dueAt: new Date(Date.now() + 5 * 86_400_000).toISOString(),
        lookupPinHash: 'scrypt$x$y',
        imported: false,
        actor: { sub: 'clerk-1', role: 'clerk', unitId: f.branch },
      }),
    );
    // (Only this test's row: other files' rows are theirs to handle.)
    const recover = () => recoverStalledReceipts(h.ctx, { codes: [code] });
    expect(await recover()).toEqual({ started: [], failed: [] }); // too young: its request may still be at work
    await h.db('dossiers').where({ code }).update({ created_at: new Date(Date.now() - 10 * 60_000) });
    expect(await recover()).toEqual({ started: [code], failed: [] });
    expect(await recover()).toEqual({ started: [], failed: [] });
    const row = await h.db('dossiers').where({ code }).first();
    expect(row.status).toBe('transferred');
    const events = await h.db('dossier_events').where({ dossier_code: code }).orderBy('seq').pluck('action');
    expect(events).toEqual(['receive', 'transfer']);
  });

  it('gives consecutive codes per receiving unit and day', async () => {
    const a = (await receive(h, f, t.clerk).expect(201)).body.code as string;
    const b = (await receive(h, f, t.clerk).expect(201)).body.code as string;
    const [prefixA, nA] = [a.slice(0, -5), Number(a.slice(-4))];
    expect(b).toBe(`${prefixA}-${String(nA + 1).padStart(4, '0')}`);
    const unit = await h.db('units').where({ id: f.branch }).first();
    expect(a.startsWith(`${unit.code}-`)).toBe(true);
  });

  it('routes a commune-level procedure to the ward or commune the receipt names', async () => {
    const admin = await h.token('admin', 'center');
    const procedures = (await h.api.get('/api/v1/procedures').auth(admin, { type: 'bearer' })).body as {
      code: string;
      authorityLevel: string;
      requiredDocuments: { code: string }[];
    }[];
    const commune = procedures.find((p) => p.authorityLevel === 'commune')!;
    const ward = (await h.db('units').where({ kind: 'commune' }).first()).id as string;
    const base = { procedureCode: commune.code, documents: commune.requiredDocuments.map((d) => ({ code: d.code })) };
    const missing = await receive(h, f, t.clerk, base).expect(400);
    expect(missing.body.details).toEqual({ field: 'authorityUnitId' });
    const res = await receive(h, f, t.clerk, { ...base, authorityUnitId: ward }).expect(201);
    expect(res.body).toMatchObject({ departmentId: ward, status: 'transferred' });
  });
});
