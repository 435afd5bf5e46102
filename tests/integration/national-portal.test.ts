import type { Outgoing, Sender } from '../../activities/deliveries';
import { createPortalSender } from '../../activities/senders/portal';
import { destinationWorkflowId, ensureDelivering } from '../../api/destinations';
import { insertDestination } from '../../db/destinations';
import { encodeCursor, headCursor } from '../../db/integration-events';
import { PORTAL_EVENT_TYPES } from '../../domain/national-portal';
import { civilDateOf } from '../../db/catalogue';
import { NATIONAL_STATUS, type DossierStatus } from '../../domain/status';
import { createPortalStub, type PortalStub } from '../../scripts/portal-stub/stub';
import { act, APPLICANT, receive, SEEDED_BRANCHES, serviceAccount, useApi } from '../support/fixtures';

/**
 * The national portal adapter against the local stub of the portal (scripts/portal-stub): every transition
 * reaches it in order with its national code, through sessions that expire, failures and slow replies; online
 * submissions pushed by the portal are received or refused by a clerk, and the portal hears it.
 */
const CREDENTIALS = { username: 'motcua-test', password: 'portal-test-password', dstcode: 'H26.TEST' };
const RETRY = { initialInterval: '200 ms', maximumInterval: '1 second', giveUpAfter: '5 minutes' } as const;

let stub: PortalStub;
let sender: Sender | undefined;
// The harness's worker takes its senders before its database exists: the portal's is bound to it just after.
const s = useApi({ senders: { portal: { send: (o: Outgoing) => sender!.send(o) } } }, { branches: [SEEDED_BRANCHES[5], SEEDED_BRANCHES[4]] });
const destinationId = `portal-test-${Date.now()}`;

beforeAll(async () => {
  stub = await createPortalStub({ ...CREDENTIALS, authPath: '/api/auth', sessionTtlMs: 10 * 60_000 });
  // 1.5 s before a request is given up: the slow replies below (2 s) time out and are retried.
  sender = createPortalSender(s.h.db, { ...CREDENTIALS, authPath: '/api/auth', timeoutMs: 1_500 });
  await insertDestination(s.h.db, {
    id: destinationId,
    kind: 'portal',
    url: stub.url,
    description: 'the portal stub of national-portal.test.ts',
    event_types: [...PORTAL_EVENT_TYPES],
    // This file's branches only: the other files' dossiers in the shared database are not its to sync.
    unit_ids: [s.f.branch, s.f.otherBranch],
    secrets: [],
    config: {},
    created_by: 'test',
  });
  await ensureDelivering(s.h.ctx, destinationId, { retry: RETRY });
});

afterAll(async () => {
  await s.h.client.workflow
    .getHandle(destinationWorkflowId(destinationId))
    .terminate('test over')
    .catch(() => undefined);
  await stub?.close();
});

/** Waits for a condition, polling, at most `ms`; fails with what it was waiting for. */
async function until(what: string, cond: () => boolean | Promise<boolean>, ms = 60_000): Promise<void> {
  for (const end = Date.now() + ms; ; ) {
    if (await cond()) return;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** The national codes the portal must hold for a dossier: one per event of its history, in order. */
async function expectedCodes(code: string): Promise<string[]> {
  const events: { data: { status: DossierStatus } }[] = await s.h.db('integration_events').where({ dossier_code: code }).orderBy('seq').select('data');
  return events.map((e) => String(NATIONAL_STATUS[e.data.status]));
}

const progressOf = (maHoSo: string) => stub.dossiers.get(maHoSo)?.progress.map((p) => p.TrangThai) ?? [];

async function inSync(code: string): Promise<boolean> {
  const expected = await expectedCodes(code);
  return expected.length > 0 && JSON.stringify(progressOf(code)) === JSON.stringify(expected) && stub.dossiers.get(code)?.record.TrangThaiHoSo === expected.at(-1);
}

describe('the national portal adapter', () => {
  it('tells the portal every transition of a dossier’s life in order, with its national code, and signs in again when the session expires', async () => {
    const { h, f, t } = s;
    const doc = f.procedure.requiredDocuments[0].code;
    const { body } = await receive(h, f, t.clerk).expect(201);
    const code: string = body.code;
    await act(h, t.officer, code, 'claim').expect(200);
    await until('the claim on the portal', () => progressOf(code).length === 3);

    // The portal forgets every session: the next request is refused, and the adapter signs in again.
    const signIns = stub.stats.signIns;
    stub.expireSessions();
    await act(h, t.officer, code, 'request-supplement', { reason: 'Thiếu bản sao', documents: [doc] }).expect(200);
    // A dossier's next event is not held back by the destination's 20-second wait for work: a dossier with a run
    // is left to it, one whose run has ended is claimed at the next look (workflows/destination.ts).
    await until('the request for additions on the portal, promptly', () => progressOf(code).length === 4, 15_000);
    await act(h, t.clerk, code, 'supplement', { documents: [{ code: doc }] }).expect(200);
    await act(h, t.officer, code, 'submit', { outcome: 'approved', summary: 'Hồ sơ hợp lệ' }).expect(200);
    await act(h, t.leader, code, 'approve', {}).expect(200);
    await act(h, t.clerk, code, 'return').expect(200);

    await until('the whole life on the portal', () => progressOf(code).length === 8);
    const held = stub.dossiers.get(code)!;
    // receive, transfer, claim, request-supplement, supplement, submit, approve, return
    expect(held.progress.map((p) => p.TrangThai)).toEqual(['2', '4', '4', '5', '4', '4', '9', '10']);
    expect(held.statuses).toEqual(['2', '4', '4', '5', '4', '4', '9', '10']);
    expect(held.progress.map((p) => p.NoiDungXuLy)).toEqual([
      'Tiếp nhận hồ sơ',
      'Chuyển hồ sơ đến cơ quan giải quyết',
      'Nhận xử lý hồ sơ',
      'Yêu cầu bổ sung hồ sơ',
      'Đã bổ sung hồ sơ',
      'Trình lãnh đạo phê duyệt',
      'Đã có kết quả giải quyết',
      'Đã trả kết quả',
    ]);
    expect(held.record).toMatchObject({
      MaHoSo: code,
      MaTTHC: f.procedure.code,
      ChuHoSo: APPLICANT.fullName,
      MaDoiTuong: APPLICANT.idNumber,
      SoDienThoai: APPLICANT.phone,
      TrangThaiHoSo: '10',
      NgayTiepNhan: expect.stringMatching(/^\d{14}$/),
      NgayTra: expect.stringMatching(/^\d{14}$/),
      NgayKetThucXuLy: expect.stringMatching(/^\d{14}$/),
    });
    expect(held.progress[2]).toMatchObject({ NguoiXuLy: 'officer-1', ChucDanh: 'Chuyên viên xử lý', PhongBanXuLy: expect.any(String) });
    expect(stub.stats.sessionsRefused).toBeGreaterThanOrEqual(1);
    expect(stub.stats.signIns).toBeGreaterThan(signIns);

    // Every attempt is recorded for the admin view, with the messages but no credential.
    // (An attempt is recorded once the portal's answer is in: the last one may still be on its way.)
    await until('every delivery recorded', async () => {
      const delivered = await h.db('deliveries').where({ destination_id: destinationId, dossier_code: code, status: 'delivered' }).count({ n: '*' }).first();
      return Number(delivered?.n) >= 8;
    });
    const attempts: { request: unknown }[] = await h.db('delivery_attempts as a').join('deliveries as d', 'd.id', 'a.delivery_id').where({ 'd.destination_id': destinationId, 'd.dossier_code': code }).select('a.request');
    expect(attempts.length).toBeGreaterThanOrEqual(8);
    const recorded = JSON.stringify(attempts);
    expect(recorded).toContain('CapNhatTienDoHoSoMC');
    expect(recorded).not.toContain(CREDENTIALS.password);
  }, 120_000);

  it('syncs every dossier of a batch while the portal fails one request in five, some slowly', async () => {
    const { h, f, t } = s;
    stub.setFailures({ every: 5, kinds: ['error_code', 'http_500', 'slow'], slowMs: 2_000 });
    try {
      const codes: string[] = [];
      for (let i = 0; i < 10; i++) codes.push((await receive(h, f, t.clerk).expect(201)).body.code);
      for (const code of codes.slice(0, 5)) await act(h, t.officer, code, 'claim').expect(200);
      await until('every dossier of the batch in sync', async () => (await Promise.all(codes.map(inSync))).every(Boolean), 120_000);
      expect(stub.stats.failed).toBeGreaterThan(0);
      // The failures were retried: nothing was given up.
      const failed = await h.db('deliveries').where({ destination_id: destinationId, status: 'failed' }).whereIn('dossier_code', codes).count<{ count: string }[]>('* as count');
      expect(Number(failed[0].count)).toBe(0);
    } finally {
      stub.setFailures(undefined);
    }
  }, 180_000);

  it('uses the national code in force on the event’s day: a change from today applies to today’s events', async () => {
    const { h, f, t } = s;
    const today = civilDateOf();
    const yesterday = new Date(Date.now() - 86_400_000);
    const before = await h.api.get('/api/v1/national-status-mappings').query({ on: '2025-07-01' }).auth(t.clerk, { type: 'bearer' }).expect(200);
    expect(before.body).toContainEqual(expect.objectContaining({ status: 'withdrawn', nationalCode: 7, validFrom: '2025-07-01' }));
    expect(before.body).toContainEqual(expect.objectContaining({ status: 'submitted_online', nationalCode: 1 }));

    await h.api.put('/api/v1/national-status-mappings/withdrawn').auth(t.clerk, { type: 'bearer' }).send({ nationalCode: 17, validFrom: today }).expect(403);
    const past = await h.api.put('/api/v1/national-status-mappings/withdrawn').auth(t.admin, { type: 'bearer' }).send({ nationalCode: 17, validFrom: civilDateOf(yesterday) }).expect(409);
    expect(past.body.details.reason).toBe('in_the_past');
    try {
      const changed = await h.api
        .put('/api/v1/national-status-mappings/withdrawn')
        .auth(t.admin, { type: 'bearer' })
        .send({ nationalCode: 17, validFrom: today, note: 'test: a code changed from today' })
        .expect(200);
      const rows = changed.body.rows as { nationalCode: number; validFrom: string; validTo: string | null }[];
      expect(rows.find((r) => r.validFrom === today)).toMatchObject({ nationalCode: 17 });
      // The row before it now ends yesterday; the decree's row itself is never rewritten but for its end.
      expect(rows.filter((r) => r.validFrom < today).at(-1)!.validTo).toBe(civilDateOf(yesterday));
      const onYesterday = await h.api.get('/api/v1/national-status-mappings').query({ on: civilDateOf(yesterday) }).auth(t.admin, { type: 'bearer' }).expect(200);
      expect(onYesterday.body).toContainEqual(expect.objectContaining({ status: 'withdrawn', nationalCode: 7 }));
      const audit = await h.api.get('/api/v1/audit/org-events').query({ subjectType: 'national_status_mapping', subjectId: 'withdrawn', limit: '500' }).auth(t.admin, { type: 'bearer' }).expect(200);
      expect(audit.body.items.at(-1)).toMatchObject({ kind: 'national_status_mapping.changed', effectiveFrom: today, after: { nationalCode: 17 } });

      const { body } = await receive(h, f, t.clerk).expect(201);
      await act(h, t.clerk, body.code, 'withdraw', { reason: 'Người nộp rút hồ sơ' }).expect(200);
      await until('the withdrawal on the portal', () => progressOf(body.code).length === 3);
      expect(progressOf(body.code)).toEqual(['2', '4', '17']);
      expect(stub.dossiers.get(body.code)!.record.TrangThaiHoSo).toBe('17');
    } finally {
      // Back to the decree's code: today's row is amended (it is not a day already lived).
      await h.api.put('/api/v1/national-status-mappings/withdrawn').auth(t.admin, { type: 'bearer' }).send({ nationalCode: 7, validFrom: today, note: 'test: restored' }).expect(200);
    }
  }, 120_000);

  it('queues an online submission from the portal for its unit’s clerks, who receive one (2) and refuse another (3)', async () => {
    const { h, f, t } = s;
    // The portal's connector: a service account of the center with the scope to push submissions (and nothing else).
    const { token: system } = await serviceAccount(h, 'center', ['submissions:write'], 'DVCQG connector');
    const documents = f.procedure.requiredDocuments.map((d) => ({ code: d.code }));
    const submittedAt = new Date().toISOString();
    const push = (reference: string) =>
      h.api
        .post('/api/v1/online-submissions')
        .auth(system, { type: 'bearer' })
        .set('Idempotency-Key', `${reference}-${Date.now()}`)
        .send({ reference, procedureCode: f.procedure.code, receivingUnitId: f.branch, applicant: APPLICANT, documents, submittedAt });
    const stamp = Date.now();
    const [refA, refB, refC] = [`G22.99-${stamp}-A`, `G22.99-${stamp}-B`, `G22.99-${stamp}-C`];

    const first = await push(refA).expect(201);
    expect(first.body).toMatchObject({ reference: refA, status: 'submitted', nationalStatus: 1, receivingUnitId: f.branch, applicant: APPLICANT });
    // The portal sends it again (its reply was lost): the same submission.
    const again = await push(refA).expect(200);
    expect(again.body.id).toBe(first.body.id);
    await h.api.post('/api/v1/online-submissions').auth(t.clerk, { type: 'bearer' }).send({}).expect(403);

    // In the clerks' queue of that branch only.
    const queue = await h.api.get('/api/v1/online-submissions').query({ status: 'submitted', limit: '500' }).auth(t.clerk, { type: 'bearer' }).expect(200);
    expect(queue.body.map((x: { id: string }) => x.id)).toContain(first.body.id);
    const elsewhere = await h.api.get('/api/v1/online-submissions').query({ status: 'submitted', limit: '500' }).auth(t.otherClerk, { type: 'bearer' }).expect(200);
    expect(elsewhere.body.map((x: { id: string }) => x.id)).not.toContain(first.body.id);
    await h.api.get(`/api/v1/online-submissions/${first.body.id}`).auth(t.otherClerk, { type: 'bearer' }).expect(404);
    await receive(h, f, t.otherClerk, { onlineSubmissionId: first.body.id }).expect(404);

    // Received: a dossier with channel online, the submission handled in the same transaction.
    const received = await receive(h, f, t.clerk, { onlineSubmissionId: first.body.id }).expect(201);
    expect(await h.db('dossiers').where({ code: received.body.code }).first('channel')).toEqual({ channel: 'online' });
    const twice = await receive(h, f, t.clerk, { onlineSubmissionId: first.body.id }).expect(409);
    expect(twice.body.details.reason).toBe('already_handled');
    const handled = await h.api.get(`/api/v1/online-submissions/${first.body.id}`).auth(t.clerk, { type: 'bearer' }).expect(200);
    expect(handled.body).toMatchObject({ status: 'received', dossierCode: received.body.code, nationalStatus: 4 });
    // The portal knows the dossier by its own reference.
    await until('the received submission on the portal', () => progressOf(refA).length >= 2);
    expect(progressOf(refA).slice(0, 2)).toEqual(['2', '4']);
    expect(stub.dossiers.has(received.body.code)).toBe(false);

    // Refused (Form 03): national status 3, told through the outbox but not in the dossiers' event feed.
    const cursor = encodeCursor(await headCursor(h.db));
    const second = await push(refB).expect(201);
    const refusal = await h.api
      .post('/api/v1/reception/refusals')
      .auth(t.clerk, { type: 'bearer' })
      .send({ procedureCode: f.procedure.code, applicant: APPLICANT, reason: 'Không thuộc thẩm quyền giải quyết', onlineSubmissionId: second.body.id })
      .expect(201);
    expect(refusal.body.channel).toBe('online');
    await h.api
      .post('/api/v1/reception/guidance')
      .auth(t.clerk, { type: 'bearer' })
      .send({ procedureCode: f.procedure.code, applicant: APPLICANT, documents: [], note: 'x', onlineSubmissionId: second.body.id })
      .expect(409);
    // (The upsert comes first, then the step: wait for the step.)
    await until('the refusal on the portal', () => stub.dossiers.get(refB)?.record.TrangThaiHoSo === '3' && stub.dossiers.get(refB)?.progress.at(-1)?.TrangThai === '3');
    expect(stub.dossiers.get(refB)!.progress.at(-1)).toMatchObject({ TrangThai: '3', NoiDungXuLy: 'Từ chối tiếp nhận hồ sơ: Không thuộc thẩm quyền giải quyết' });
    const feed = await h.api.get('/api/v1/events').query({ after: cursor, limit: '500' }).auth(t.admin, { type: 'bearer' }).expect(200);
    expect(feed.body.items.filter((e: { type: string }) => !e.type.startsWith('dossier.'))).toEqual([]);

    // Guided (Form 02): national status 5; the applicant may submit it again under the same reference.
    const third = await push(refC).expect(201);
    await h.api
      .post('/api/v1/reception/guidance')
      .auth(t.clerk, { type: 'bearer' })
      .send({ procedureCode: f.procedure.code, applicant: APPLICANT, documents: [], onlineSubmissionId: third.body.id })
      .expect(201);
    await until('the guidance on the portal', () => stub.dossiers.get(refC)?.record.TrangThaiHoSo === '5' && stub.dossiers.get(refC)?.progress.at(-1)?.TrangThai === '5');
    const resubmitted = await push(refC).expect(201);
    expect(resubmitted.body.id).not.toBe(third.body.id);
  }, 120_000);
});
