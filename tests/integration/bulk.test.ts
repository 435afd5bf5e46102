import { checkConsistency } from '../../ops/consistency';
import { act, receive, useApi } from '../support/fixtures';

const s = useApi();

/** Dossiers received and claimed by officer-1, side by side (a few at a time). */
async function claimedDossiers(n: number): Promise<string[]> {
  const codes: string[] = [];
  for (let i = 0; i < n; i += 10) {
    const batch = await Promise.all(
      Array.from({ length: Math.min(10, n - i) }, async () => {
        const code = (await receive(s.h, s.f, s.t.clerk).expect(201)).body.code as string;
        await act(s.h, s.t.officer, code, 'claim').expect(200);
        return code;
      }),
    );
    codes.push(...batch);
  }
  return codes;
}

const events = (code: string, action: string) => s.h.db('dossier_events').where({ dossier_code: code, action }).count<{ n: number }[]>('* as n').first();

describe('bulk reassign and release (a leader redistributes work)', () => {
  it('reassigns 50 dossiers with one result each, once each even when repeated, and the read model agrees with every workflow', async () => {
    const codes = await claimedDossiers(50);
    const bulk = () =>
      s.h.api.post('/api/v1/dossiers/bulk/reassign').auth(s.t.leader, { type: 'bearer' }).set('Idempotency-Key', 'leave-of-officer-1').send({ codes, assignee: 'officer-2', reason: 'officer-1 nghỉ phép' });
    const first = await bulk().expect(200);
    expect(first.body).toEqual(codes.map((code) => ({ code, status: 200 })));
    // A repeat (the leader's browser retried): the same answers, nothing applied twice.
    const again = await bulk().expect(200);
    expect(again.body).toEqual(first.body);
    for (const code of codes) expect(Number((await events(code, 'reassign'))!.n)).toBe(1);
    const rows = await s.h.db('dossiers').whereIn('code', codes).select('assignee');
    expect(new Set(rows.map((r) => r.assignee))).toEqual(new Set(['officer-2']));
    const report = await checkConsistency(s.h.db, s.h.client, { codes, timeoutMs: 20_000 });
    expect(report.differences).toEqual([]);
    expect(report.checked).toBe(50);
    // Officer-2's task list now holds their submit tasks.
    const tasks = (await s.h.api.get('/api/v1/tasks').auth(s.t.otherOfficer, { type: 'bearer' }).expect(200)).body as { dossierCode: string; kind: string }[];
    expect(tasks.filter((x) => codes.includes(x.dossierCode) && x.kind === 'submit')).toHaveLength(50);
  }, 240_000);

  it('releases to the unassigned queue, answering each dossier alone: 200, 409 not claimed, 404 unknown, 403 for another department’s leader', async () => {
    const [a, b] = await claimedDossiers(2);
    const unclaimed = (await receive(s.h, s.f, s.t.clerk).expect(201)).body.code as string;
    // Another department's leader: 403 for each of this department's dossiers, nothing changed.
    const foreign = await s.h.api.post('/api/v1/dossiers/bulk/release').auth(s.t.foreignLeader, { type: 'bearer' }).send({ codes: [a, b], reason: 'x' }).expect(200);
    expect(foreign.body.map((r: { status: number }) => r.status)).toEqual([403, 403]);
    expect(foreign.body[0].error.code).toBe('forbidden');
    const res = await s.h.api
      .post('/api/v1/dossiers/bulk/release')
      .auth(s.t.leader, { type: 'bearer' })
      .send({ codes: [a, unclaimed, 'KHONG-CO-HO-SO', b], reason: 'Chia lại việc' })
      .expect(200);
    expect(res.body.map((r: { code: string; status: number }) => [r.code, r.status])).toEqual([
      [a, 200],
      [unclaimed, 409],
      ['KHONG-CO-HO-SO', 404],
      [b, 200],
    ]);
    expect(res.body[1].error.code).toBe('invalid_transition');
    for (const code of [a, b]) {
      const view = (await s.h.api.get(`/api/v1/dossiers/${code}`).auth(s.t.leader, { type: 'bearer' }).expect(200)).body;
      expect(view.status).toBe('transferred');
      expect(view.assignee ?? null).toBeNull();
      expect(view.history.at(-1)).toMatchObject({ action: 'release', note: 'Chia lại việc' });
      // Back in the queue: another officer claims it.
      await act(s.h, s.t.otherOfficer, code, 'claim').expect(200);
    }
    expect((await checkConsistency(s.h.db, s.h.client, { codes: [a, b, unclaimed], timeoutMs: 20_000 })).differences).toEqual([]);
  }, 120_000);

  it('refuses a bulk request that is not a leader’s, or that names a dossier twice, and changes nothing', async () => {
    const [a] = await claimedDossiers(1);
    await s.h.api.post('/api/v1/dossiers/bulk/release').auth(s.t.officer, { type: 'bearer' }).send({ codes: [a], reason: 'x' }).expect(403);
    const dup = await s.h.api.post('/api/v1/dossiers/bulk/reassign').auth(s.t.leader, { type: 'bearer' }).send({ codes: [a, a], assignee: 'officer-2', reason: 'x' }).expect(400);
    expect(dup.body.code).toBe('invalid_request');
    expect((await s.h.db('dossiers').where({ code: a }).first('assignee')).assignee).toBe('officer-1');
  });
});
