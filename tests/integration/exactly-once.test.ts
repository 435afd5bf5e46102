import supertest from 'supertest';
import { createApp } from '../../api/app';
import { checkConsistency, reconcileAhead } from '../../ops/consistency';
import { stateQuery } from '../../workflows/messages';
import { actors, act, catalogueFixture, receive, type CatalogueFixture } from '../support/fixtures';
import { startHarness, type Harness } from '../support/harness';

/**
 * Exactly once across retries and crashes (issue "Exactly once, proven under fire", item 7): the first
 * answer to a keyed request is the answer to every repeat; the workflow, not the read model, judges an
 * action while it runs; a read model that got ahead of its workflow is brought back in line by the system;
 * a receipt is never undone; the consistency check also covers closed dossiers.
 */
let h: Harness;
let f: CatalogueFixture;
let t: Awaited<ReturnType<typeof actors>>;

beforeAll(async () => {
  h = await startHarness();
  f = await catalogueFixture(h);
  t = await actors(h, f);
});
afterAll(() => h?.close());

const keyed = (req: supertest.Test, key: string) => req.set('Idempotency-Key', key);
let keys = 0;
const newKey = () => `k-${Date.now().toString(36)}-${++keys}`;

async function events(code: string): Promise<{ seq: number; action: string }[]> {
  return h.db('dossier_events').where({ dossier_code: code }).orderBy('seq').select('seq', 'action');
}

async function resultReady(): Promise<string> {
  const code: string = (await receive(h, f, t.clerk).expect(201)).body.code;
  await act(h, t.officer, code, 'claim').expect(200);
  await act(h, t.officer, code, 'submit', { outcome: 'approved', summary: 'ok' }).expect(200);
  await act(h, t.leader, code, 'approve').expect(200);
  return code;
}

describe('a repeated request gets its first answer', () => {
  it('repeats a refusal even after the dossier changed so that the action would now be allowed', async () => {
    const code: string = (await receive(h, f, t.clerk).expect(201)).body.code;
    const key = newKey();
    const submit = () => keyed(act(h, t.officer, code, 'submit', { outcome: 'approved', summary: 'ok' }), key);
    const first = await submit().expect(409);
    await act(h, t.officer, code, 'claim').expect(200);
    const again = await submit().expect(409);
    expect(again.body).toEqual(first.body);
    expect((await events(code)).map((e) => e.action)).toEqual(['receive', 'transfer', 'claim']);
    // A new key is a new request, judged now.
    await keyed(act(h, t.officer, code, 'submit', { outcome: 'approved', summary: 'ok' }), newKey()).expect(200);
  });

  it('keeps every ruling of the rules as the first answer, an apology’s invalid appointment too', async () => {
    const code: string = (await receive(h, f, t.clerk).expect(201)).body.code;
    await keyed(act(h, t.officer, code, 'claim'), newKey()).expect(200);
    const key = newKey();
    // A new appointment in the past: 422 invalid_appointment, a judgement of the rules like a 409.
    const refused = await keyed(act(h, t.leader, code, 'apologize', { newDueAt: '2020-01-06T10:00:00+07:00', reason: 'xin lỗi' }), key).expect(422);
    expect(refused.body.code).toBe('invalid_appointment');
    const kept = await h.db('action_answers').where({ scope: 'leader-1', key }).first();
    expect(kept?.error?.code).toBe('invalid_appointment');
  });

  it('refuses the same key for a different request', async () => {
    const code: string = (await receive(h, f, t.clerk).expect(201)).body.code;
    const key = newKey();
    await keyed(act(h, t.officer, code, 'claim'), key).expect(200);
    const other = await keyed(act(h, t.officer, code, 'submit', { outcome: 'approved', summary: 'ok' }), key).expect(409);
    expect(other.body.code).toBe('conflict');
  });

  it('answers a repeated return 200 after the workflow has closed, once, even when the first answer was never kept', async () => {
    const code = await resultReady();
    const key = newKey();
    const first = await keyed(act(h, t.clerk, code, 'return'), key).expect(200);
    expect(first.body.status).toBe('returned');
    await h.client.workflow.getHandle(code).result();
    expect((await keyed(act(h, t.clerk, code, 'return'), key).expect(200)).body.status).toBe('returned');
    // The API died after the action and before keeping its answer: the history still names the request.
    await h.db('action_answers').where({ scope: 'clerk-1', key }).delete();
    expect((await keyed(act(h, t.clerk, code, 'return'), key).expect(200)).body.status).toBe('returned');
    expect((await events(code)).filter((e) => e.action === 'return')).toHaveLength(1);
    // Another request on the closed dossier is judged by the rules.
    expect((await keyed(act(h, t.clerk, code, 'return'), newKey()).expect(409)).body.code).toBe('invalid_transition');
  });
});

/** Makes the read model look as if a transition the workflow never took had been projected (a crash). */
async function phantom(code: string, action: string, status: string): Promise<number> {
  const row = await h.db('dossiers').where({ code }).first('last_seq');
  const seq = row.last_seq + 1;
  const at = new Date();
  await h.db('dossier_events').insert({ dossier_code: code, seq, action, status, at, actor: JSON.stringify({ sub: 'clerk-1', role: 'clerk', unitId: f.branch }), note: null, data: null });
  await h.db('dossiers').where({ code }).update({ status, last_seq: seq, closed_at: at, updated_at: at });
  await h.db('tasks').where({ dossier_code: code }).whereNull('closed_at').update({ closed_at: at });
  return seq;
}

describe('the workflow is the authority', () => {
  it('judges an action on a row that looks finished by the workflow, and undoes the phantom transition', async () => {
    const code = await resultReady();
    const seq = await phantom(code, 'return', 'returned');
    // The row says returned; the workflow says result ready: the return is still to be done, and it is.
    const res = await act(h, t.clerk, code, 'return').expect(200);
    expect(res.body.status).toBe('returned');
    const history = await events(code);
    expect(history.map((e) => e.seq)).toEqual(history.map((_, i) => i + 1));
    expect(history.filter((e) => e.action === 'return')).toEqual([{ seq, action: 'return' }]);
    await h.client.workflow.getHandle(code).result();
    expect((await checkConsistency(h.db, h.client, { codes: [code], closed: 'all' })).differences).toEqual([]);
  });

  it('rebuilds by itself a read model left ahead of its workflow when nobody acts again', async () => {
    const code = await resultReady();
    const before = await events(code);
    await phantom(code, 'withdraw', 'withdrawn');
    expect((await checkConsistency(h.db, h.client, { codes: [code], confirmDelayMs: 0 })).differences.length).toBeGreaterThan(0);
    // (Scoped to this dossier: the other test files' dossiers share the database.)
    const repairs = await reconcileAhead(h.db, h.client, { sinceMs: 60_000, confirmDelayMs: 100, codes: [code] });
    expect(repairs).toEqual([expect.objectContaining({ code, ok: true, lastSeq: before.at(-1)!.seq })]);
    expect(await events(code)).toEqual(before);
    const state = await h.client.workflow.getHandle(code).query(stateQuery);
    expect(await h.db('dossiers').where({ code }).first('status', 'last_seq')).toEqual({ status: state.status, last_seq: state.seq });
    // The return task is open again: the clerk still has to hand the result over.
    expect(await h.db('tasks').where({ dossier_code: code }).whereNull('closed_at').pluck('kind')).toEqual(['return']);
    await act(h, t.clerk, code, 'return').expect(200);
  });
});

describe('receipts are never undone', () => {
  it('keeps a receipt whose workflow start was not confirmed, and a repeat with its key finishes it without a gap in the codes', async () => {
    // An API whose Temporal calls time out at once: the receipt commits, the start is not confirmed.
    const hasty = supertest(createApp({ ...h.ctx, config: { ...h.ctx.config, temporalTimeoutMs: 1 } }));
    const key = newKey();
    const body = { procedureCode: f.procedure.code, applicant: { fullName: 'Lê Văn Cường', idNumber: '001099000777', phone: '0987000777' }, documents: f.procedure.requiredDocuments.map((d) => ({ code: d.code })) };
    const uncertain = await hasty.post('/api/v1/dossiers').auth(t.clerk, { type: 'bearer' }).set('Idempotency-Key', key).send(body).expect(503);
    expect(uncertain.body.code).toBe('unavailable');
    const code: string = uncertain.body.details.code;
    expect(await h.db('dossiers').where({ code }).first('code')).toEqual({ code });
    const repeated = await h.api.post('/api/v1/dossiers').auth(t.clerk, { type: 'bearer' }).set('Idempotency-Key', key).send(body).expect(200);
    expect(repeated.body).toMatchObject({ code, status: 'transferred' });
    expect(repeated.body.lookupPin).toMatch(/^\d{8}$/);
    const next: string = (await receive(h, f, t.clerk).expect(201)).body.code;
    const serial = (c: string) => Number(c.split('-').at(-1));
    expect(serial(next)).toBe(serial(code) + 1);
  });
});

describe('the consistency check covers closed dossiers', () => {
  it('finds a closed dossier whose row differs from its workflow result', async () => {
    const code = await resultReady();
    await act(h, t.clerk, code, 'return').expect(200);
    await h.client.workflow.getHandle(code).result();
    expect((await checkConsistency(h.db, h.client, { codes: [code] })).differences).toEqual([]);
    await h.db('dossiers').where({ code }).update({ outcome: 'refused' });
    const { differences } = await checkConsistency(h.db, h.client, { codes: [code], confirmDelayMs: 0 });
    expect(differences).toEqual([{ code, field: 'outcome', workflow: 'approved', readModel: 'refused' }]);
    expect((await checkConsistency(h.db, h.client, { codes: [code], closed: 'none' })).differences).toEqual([]);
    await h.db('dossiers').where({ code }).update({ outcome: 'approved' });
  });
});
