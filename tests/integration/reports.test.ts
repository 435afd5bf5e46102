import ExcelJS from 'exceljs';
import type { Response } from 'supertest';
import { createCalendar, type WorkingCalendar } from '../../domain/calendar';
import type { Timeliness } from '../../domain/timeliness';
import { NATIONAL_STATUS, type DossierStatus } from '../../domain/status';
import { timelinessOf } from '../../domain/timeliness';
import { loadCalendarData } from '../../db/catalogue';
import { startHarness, type Harness } from '../support/harness';

/**
 * The supervisors' reports on a hand-built set of dossiers, inserted straight into the read model, against
 * figures computed by hand (below, next to each dossier). The dossiers belong to a made-up procedure
 * (RPT-TEST) of dept-tourism, which no other test uses: every assertion filters by it.
 *
 * The clock is fixed (only Date is faked) at Wednesday 2026-10-21 10:00 +07:00. October 2026 has no day off
 * but its weekends. The summary period is Mon 5 – Fri 16 October 2026.
 */
const PROCEDURE = 'RPT-TEST';
const DEPT = 'dept-tourism';
const B1 = 'branch-tay-ho'; // reception points rp-tay-ho, rp-phu-thuong
const B1_POINT = 'rp-tay-ho';
const B1_POINT_2 = 'rp-phu-thuong';
const B2 = 'branch-cau-giay-thanh-xuan';
const NOW = '2026-10-21T10:00';
const t = (civil: string): Date => new Date(`${civil}:00+07:00`);

interface Spec {
  n: string;
  branch: string;
  channel: 'in_person' | 'postal' | 'online';
  status: DossierStatus;
  received: string;
  due: string;
  resultReady?: string;
  returned?: string;
  /** Withdrawn or stopped at. */
  closed?: string;
  timeliness?: Timeliness;
  onTime766?: boolean;
  supplements?: number;
  awaitingSince?: string;
}

const DOSSIERS: Spec[] = [
  // Received in the period, finished a day early, returned in the period.
  { n: '01', branch: B1_POINT, channel: 'in_person', status: 'returned', received: '2026-10-05T09:00', due: '2026-10-09T17:00', resultReady: '2026-10-08T15:00', returned: '2026-10-09T10:00', timeliness: 'early', onTime766: true },
  // Finished on the appointment's date but after its hour: on time (one supplement: still on time for 766).
  { n: '02', branch: B1, channel: 'online', status: 'result_ready', received: '2026-10-06T10:00', due: '2026-10-12T16:00', resultReady: '2026-10-12T16:59', timeliness: 'on_time', onTime766: true, supplements: 1 },
  // Finished on a later date: late; returned after the period.
  { n: '03', branch: B2, channel: 'postal', status: 'returned', received: '2026-10-06T11:00', due: '2026-10-13T11:00', resultReady: '2026-10-14T08:30', returned: '2026-10-19T09:00', timeliness: 'late', onTime766: false },
  // On time, but two supplement requests: late for Decision 766.
  { n: '04', branch: B2, channel: 'in_person', status: 'result_ready', received: '2026-10-07T09:00', due: '2026-10-15T17:00', resultReady: '2026-10-15T10:00', timeliness: 'on_time', onTime766: false, supplements: 2 },
  // Carried over, finished late in the period, returned in the period.
  { n: '05', branch: B1_POINT, channel: 'in_person', status: 'returned', received: '2026-09-28T09:00', due: '2026-10-02T17:00', resultReady: '2026-10-06T10:00', returned: '2026-10-07T14:00', timeliness: 'late', onTime766: false },
  // Carried over and still processing, overdue since Thu 8 Oct 10:00.
  { n: '06', branch: B1, channel: 'postal', status: 'processing', received: '2026-09-29T10:00', due: '2026-10-08T10:00' },
  // Finished before the period (not carried over), but its result was returned in the period.
  { n: '07', branch: B1_POINT, channel: 'online', status: 'returned', received: '2026-09-21T09:00', due: '2026-09-30T17:00', resultReady: '2026-10-02T10:00', returned: '2026-10-05T09:00', timeliness: 'late', onTime766: false },
  // Received and withdrawn in the period.
  { n: '08', branch: B2, channel: 'online', status: 'withdrawn', received: '2026-10-08T09:00', due: '2026-10-16T09:00', closed: '2026-10-09T11:00' },
  // Carried over, stopped in the period (the applicant did not supplement).
  { n: '09', branch: B1, channel: 'in_person', status: 'stopped', received: '2026-09-10T09:00', due: '2026-10-08T17:00', closed: '2026-10-13T17:00', supplements: 1 },
  // Received in the period at the branch's second point, pending within time.
  { n: '10', branch: B1_POINT_2, channel: 'online', status: 'transferred', received: '2026-10-15T09:00', due: '2026-10-29T09:00' },
  // Pending and paused since Wed 14 Oct (its old appointment has passed, but its clock is stopped).
  { n: '11', branch: B2, channel: 'in_person', status: 'awaiting_supplement', received: '2026-10-12T09:00', due: '2026-10-16T09:00', supplements: 1, awaitingSince: '2026-10-14T10:00' },
  // Received after the period; overdue since Tue 20 Oct 17:00 (2 working hours: 0 days).
  { n: '12', branch: B1, channel: 'in_person', status: 'processing', received: '2026-10-19T09:00', due: '2026-10-20T17:00' },
  // Received in the period, overdue since Fri 16 Oct 15:00, across a weekend: 2 + 8 + 8 + 2 = 20 h = 2 days.
  { n: '13', branch: B2, channel: 'in_person', status: 'awaiting_approval', received: '2026-10-09T09:00', due: '2026-10-16T15:00' },
  // Due soon (two working days by default, domain.md §4): Thu 22 Oct 09:00 is 7 working hours away.
  { n: '14', branch: B2, channel: 'in_person', status: 'processing', received: '2026-10-20T09:00', due: '2026-10-22T09:00' },
  // Due soon too: 9 working hours away (not within one working day, within two).
  { n: '15', branch: B2, channel: 'in_person', status: 'received', received: '2026-10-20T10:00', due: '2026-10-22T11:00' },
];
const code = (n: string) => `${PROCEDURE}-${n}`;

let h: Harness;
let calendar: WorkingCalendar;
const tokens: Record<string, string> = {};

beforeAll(async () => {
  // Only Date: timers, ticks and microtasks stay real for PostgreSQL, Temporal and supertest.
  jest.useFakeTimers({
    now: t(NOW),
    doNotFake: ['hrtime', 'nextTick', 'performance', 'queueMicrotask', 'requestAnimationFrame', 'cancelAnimationFrame', 'requestIdleCallback', 'cancelIdleCallback', 'setImmediate', 'clearImmediate', 'setInterval', 'clearInterval', 'setTimeout', 'clearTimeout'],
  });
  h = await startHarness({ withWorker: false });
  calendar = createCalendar(await loadCalendarData(h.db));
  await h.db('dossiers').where({ procedure_code: PROCEDURE }).delete();
  await h.db('dossiers').insert(
    DOSSIERS.map((d) => {
      const finished = d.resultReady ?? d.closed;
      return {
        code: code(d.n),
        procedure_code: PROCEDURE,
        procedure_version: '2025-07-01',
        procedure_name: 'Thủ tục thử nghiệm báo cáo',
        department_id: DEPT,
        receiving_branch_id: d.branch,
        return_branch_id: d.branch,
        channel: d.channel,
        status: d.status,
        national_status: NATIONAL_STATUS[d.status],
        applicant: '{}',
        documents: '[]',
        received_at: t(d.received),
        due_at: t(d.due),
        original_due_at: t(d.due),
        result_ready_at: d.resultReady ? t(d.resultReady) : null,
        returned_at: d.returned ? t(d.returned) : null,
        // As the workflow sets it: when the dossier reaches a final status (returned, withdrawn, stopped).
        closed_at: d.returned ? t(d.returned) : d.closed ? t(d.closed) : null,
        finished_at: finished ? t(finished) : null,
        timeliness: d.timeliness ?? null,
        on_time_766: d.onTime766 ?? null,
        supplement_count: d.supplements ?? 0,
        awaiting_supplement_since: d.awaitingSince ? t(d.awaitingSince) : null,
        lookup_pin_hash: 'x',
        last_seq: 1,
      };
    }),
  );
  const token = (role: Parameters<Harness['token']>[0], unit: string) => h.token(role, unit);
  Object.assign(tokens, {
    supervisor: await token('supervisor', 'center'),
    admin: await token('admin', 'center'),
    branchSupervisor: await token('supervisor', B1),
    leader: await token('leader', DEPT),
    foreignLeader: await token('leader', 'dept-health'),
    clerk: await token('clerk', B1),
    officer: await token('officer', DEPT),
  });
});
afterAll(async () => {
  await h?.db('dossiers').where({ procedure_code: PROCEDURE }).delete();
  await h?.close();
  jest.useRealTimers();
});

const get = (path: string, who: string) => h.api.get(path).auth(tokens[who], { type: 'bearer' });
const binary = (res: Response, cb: (err: Error | null, body: Buffer) => void) => {
  const chunks: Buffer[] = [];
  res.on('data', (c: Buffer) => chunks.push(c));
  res.on('end', () => cb(null, Buffer.concat(chunks)));
};

describe('the hand-built data', () => {
  it('is consistent with the timeliness rule: judged by civil date against the appointment', () => {
    for (const d of DOSSIERS.filter((x) => x.resultReady)) {
      expect([d.n, timelinessOf(calendar, t(d.resultReady!), t(d.due))]).toEqual([d.n, d.timeliness]);
    }
  });
});

describe('GET /api/v1/reports/overdue', () => {
  const mine = `departmentId=${DEPT}&procedureCode=${PROCEDURE}`;

  it('lists running dossiers past their appointment, most overdue first, in working days across a weekend', async () => {
    const res = await get(`/api/v1/reports/overdue?${mine}`, 'supervisor').expect(200);
    expect(res.body).toEqual([
      { code: code('06'), procedureCode: PROCEDURE, departmentId: DEPT, receivingBranchId: B1, status: 'processing', dueAt: '2026-10-08T10:00:00+07:00', overdueWorkingDays: 9 },
      { code: code('13'), procedureCode: PROCEDURE, departmentId: DEPT, receivingBranchId: B2, status: 'awaiting_approval', dueAt: '2026-10-16T15:00:00+07:00', overdueWorkingDays: 2 },
      { code: code('12'), procedureCode: PROCEDURE, departmentId: DEPT, receivingBranchId: B1, status: 'processing', dueAt: '2026-10-20T17:00:00+07:00', overdueWorkingDays: 0 },
    ]);
    // 11 is past its old appointment but awaiting a supplement: its clock is stopped.
    expect(res.headers['x-next-cursor']).toBeUndefined();
  });

  it('pages by keyset, the next cursor in X-Next-Cursor and Link, the body staying a plain array', async () => {
    const first = await get(`/api/v1/reports/overdue?${mine}&limit=2`, 'admin').expect(200);
    expect(first.body.map((r: { code: string }) => r.code)).toEqual([code('06'), code('13')]);
    const cursor = first.headers['x-next-cursor'];
    expect(cursor).toEqual(expect.any(String));
    expect(first.headers.link).toContain(`cursor=${cursor}`);
    expect(first.headers.link).toMatch(/^<\/api\/v1\/reports\/overdue\?.*>; rel="next"$/);
    const next = await get(first.headers.link.slice(1, first.headers.link.indexOf('>')), 'admin').expect(200);
    expect(next.body.map((r: { code: string }) => r.code)).toEqual([code('12')]);
    expect(next.headers['x-next-cursor']).toBeUndefined();
    await get(`/api/v1/reports/overdue?cursor=nonsense`, 'admin').expect(400);
    const tooMany = await get(`/api/v1/reports/overdue?limit=1001`, 'admin').expect(400);
    expect(tooMany.body).toMatchObject({ code: 'invalid_request', details: [expect.objectContaining({ path: ['limit'] })] });
  });

  it('is scoped: a branch supervisor sees their branch and its points, a leader their department', async () => {
    const branch = await get(`/api/v1/reports/overdue?${mine}`, 'branchSupervisor').expect(200);
    expect(branch.body.map((r: { code: string }) => r.code)).toEqual([code('06'), code('12')]);
    const all = await get(`/api/v1/reports/overdue`, 'branchSupervisor').expect(200);
    expect(all.body.every((r: { receivingBranchId: string }) => [B1, B1_POINT, B1_POINT_2].includes(r.receivingBranchId))).toBe(true);
    await get(`/api/v1/reports/overdue?branchId=${B2}`, 'branchSupervisor').expect(403);
    const point = await get(`/api/v1/reports/overdue?${mine}&branchId=${B1_POINT}`, 'branchSupervisor').expect(200);
    expect(point.body).toEqual([]);

    const leader = await get(`/api/v1/reports/overdue?procedureCode=${PROCEDURE}`, 'leader').expect(200);
    expect(leader.body.map((r: { code: string }) => r.code)).toEqual([code('06'), code('13'), code('12')]);
    const forbidden = await get(`/api/v1/reports/overdue?departmentId=${DEPT}`, 'foreignLeader').expect(403);
    expect(forbidden.body.code).toBe('forbidden');
    const ownOnly = await get(`/api/v1/reports/overdue?procedureCode=${PROCEDURE}`, 'foreignLeader').expect(200);
    expect(ownOnly.body).toEqual([]);
    await get(`/api/v1/reports/overdue`, 'clerk').expect(403);
    await get(`/api/v1/reports/overdue`, 'officer').expect(403);
    await h.api.get('/api/v1/reports/overdue').expect(401);
  });

  it('exports CSV (UTF-8 with a BOM, a header row) and XLSX, streamed as attachments', async () => {
    const csv = await get(`/api/v1/reports/overdue?${mine}&format=csv`, 'supervisor').buffer(true).parse(binary).expect(200);
    expect(csv.headers['content-type']).toMatch(/^text\/csv/);
    expect(csv.headers['content-disposition']).toMatch(/^attachment; filename="overdue-2026-10-21\.csv"$/);
    const bytes = csv.body as Buffer;
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const table = parseCsv(bytes.subarray(3).toString('utf8'));
    expect(table).toEqual([
      ['code', 'procedureCode', 'departmentId', 'receivingBranchId', 'status', 'dueAt', 'overdueWorkingDays'],
      [code('06'), PROCEDURE, DEPT, B1, 'processing', '2026-10-08T10:00:00+07:00', '9'],
      [code('13'), PROCEDURE, DEPT, B2, 'awaiting_approval', '2026-10-16T15:00:00+07:00', '2'],
      [code('12'), PROCEDURE, DEPT, B1, 'processing', '2026-10-20T17:00:00+07:00', '0'],
    ]);

    // By the Accept header as well; an export ignores the page size unless a limit is given.
    const accepted = await get(`/api/v1/reports/overdue?${mine}`, 'supervisor').set('Accept', 'text/csv').buffer(true).parse(binary).expect(200);
    expect(parseCsv((accepted.body as Buffer).subarray(3).toString('utf8'))).toHaveLength(4);

    const xlsx = await get(`/api/v1/reports/overdue?${mine}`, 'supervisor')
      .set('Accept', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet')
      .buffer(true)
      .parse(binary)
      .expect(200);
    expect(xlsx.headers['content-disposition']).toMatch(/filename="overdue-2026-10-21\.xlsx"/);
    const sheet = await readSheet(xlsx.body as Buffer);
    expect(sheet.getRow(1).getCell(1).value).toBe('code');
    expect(sheet.getRow(2).getCell(1).value).toBe(code('06'));
    expect(sheet.getRow(2).getCell(7).value).toBe(9);
    expect(sheet.getRow(4).getCell(1).value).toBe(code('12'));
    expect(sheet.rowCount).toBe(4);
  });
});

describe('GET /api/v1/reports/due-soon', () => {
  it('lists running dossiers due within two working days (the default), with the working hours left', async () => {
    const res = await get(`/api/v1/reports/due-soon?departmentId=${DEPT}&procedureCode=${PROCEDURE}`, 'supervisor').expect(200);
    expect(res.body).toEqual([
      { code: code('14'), procedureCode: PROCEDURE, departmentId: DEPT, receivingBranchId: B2, status: 'processing', dueAt: '2026-10-22T09:00:00+07:00', workingHoursLeft: 7 },
      { code: code('15'), procedureCode: PROCEDURE, departmentId: DEPT, receivingBranchId: B2, status: 'received', dueAt: '2026-10-22T11:00:00+07:00', workingHoursLeft: 9 },
    ]);
    const branch = await get(`/api/v1/reports/due-soon?procedureCode=${PROCEDURE}`, 'branchSupervisor').expect(200);
    expect(branch.body).toEqual([]);
    await get(`/api/v1/reports/due-soon`, 'clerk').expect(403);
  });
});

/** Every column, so that a missing or extra one fails. */
function row(key: string, c: Partial<Record<string, unknown>>) {
  const base = {
    key,
    received: 0,
    carriedOver: 0,
    receivedByChannel: { in_person: 0, postal: 0, online: 0 },
    resolved: 0,
    early: 0,
    onTime: 0,
    late: 0,
    pending: 0,
    pendingWithinTime: 0,
    pendingOverdue: 0,
    paused: 0,
    returned: 0,
    withdrawnOrStopped: 0,
    lateApologies: 0,
    onTimeRate: null,
    rate766: null,
  };
  return { ...base, ...c };
}

describe('GET /api/v1/reports/summary', () => {
  const period = 'from=2026-10-05&to=2026-10-16';
  /**
   * By hand, Mon 5 – Fri 16 October:
   * received 01 02 03 04 08 10 11 13 (in person 01 04 11 13; postal 03; online 02 08 10);
   * carried over 05 06 09 (07 finished on 2 Oct); resolved 01 early, 02 04 on time, 03 05 late; 766 on time: 01 02;
   * withdrawn 08, stopped 09; pending at the end 06 10 11 13: overdue 06 13, paused 11, within time 10;
   * returned 01 05 07 (03 was returned on the 19th). Check: 3 + 8 = 5 resolved + 2 withdrawn/stopped + 4 pending.
   */
  const all = row(PROCEDURE, {
    received: 8,
    carriedOver: 3,
    receivedByChannel: { in_person: 4, postal: 1, online: 3 },
    resolved: 5,
    early: 1,
    onTime: 2,
    late: 2,
    pending: 4,
    pendingWithinTime: 1,
    pendingOverdue: 2,
    paused: 1,
    returned: 3,
    withdrawnOrStopped: 2,
    onTimeRate: 0.6,
    rate766: 0.4,
  });
  const b1 = {
    received: 3,
    carriedOver: 3,
    receivedByChannel: { in_person: 1, postal: 0, online: 2 },
    resolved: 3,
    early: 1,
    onTime: 1,
    late: 1,
    pending: 2,
    pendingWithinTime: 1,
    pendingOverdue: 1,
    paused: 0,
    returned: 3,
    withdrawnOrStopped: 1,
    onTimeRate: 0.6667,
    rate766: 0.6667,
  };
  const b2 = {
    received: 5,
    carriedOver: 0,
    receivedByChannel: { in_person: 3, postal: 1, online: 1 },
    resolved: 2,
    early: 0,
    onTime: 1,
    late: 1,
    pending: 2,
    pendingWithinTime: 0,
    pendingOverdue: 1,
    paused: 1,
    returned: 0,
    withdrawnOrStopped: 1,
    onTimeRate: 0.5,
    rate766: 0,
  };

  it('counts every column of domain.md §3 for a period, grouped by procedure', async () => {
    const res = await get(`/api/v1/reports/summary?${period}&groupBy=procedure`, 'supervisor').expect(200);
    const mine = res.body.find((r: { key: string }) => r.key === PROCEDURE);
    expect(mine).toEqual(all);
    // Every dossier in play is accounted for once.
    expect(mine.carriedOver + mine.received).toBe(mine.resolved + mine.withdrawnOrStopped + mine.pending);
  });

  it('counts a dossier as paused at the end of a past period while it waited then, though it has resumed since', async () => {
    // Received Thu 1 Oct; additions asked Fri 9 Oct 10:00, supplied Mon 19 Oct 09:00; processing now.
    const paused = 'RPT-PAUSE';
    await h.db('dossiers').where({ procedure_code: paused }).delete();
    await h.db('dossiers').insert({
      code: `${paused}-01`,
      procedure_code: paused,
      procedure_version: '2025-07-01',
      procedure_name: 'Thủ tục thử nghiệm tạm dừng',
      department_id: DEPT,
      receiving_branch_id: B1,
      return_branch_id: B1,
      channel: 'in_person',
      status: 'processing',
      national_status: NATIONAL_STATUS.processing,
      applicant: '{}',
      documents: '[]',
      received_at: t('2026-10-01T09:00'),
      due_at: t('2026-10-26T09:00'),
      original_due_at: t('2026-10-26T09:00'),
      supplement_count: 1,
      supplement_spans: `{["${t('2026-10-09T10:00').toISOString()}","${t('2026-10-19T09:00').toISOString()}")}`,
      lookup_pin_hash: 'x',
      last_seq: 1,
    });
    try {
      const at = async (to: string) =>
        (await get(`/api/v1/reports/summary?from=2026-10-01&to=${to}&groupBy=procedure`, 'supervisor').expect(200)).body.find((r: { key: string }) => r.key === paused);
      expect(await at('2026-10-08')).toMatchObject({ pending: 1, paused: 0 }); // before the request
      expect(await at('2026-10-14')).toMatchObject({ pending: 1, paused: 1, pendingOverdue: 0 }); // waiting then
      expect(await at('2026-10-20')).toMatchObject({ pending: 1, paused: 0 }); // resumed
    } finally {
      await h.db('dossiers').where({ procedure_code: paused }).delete();
    }
  });

  it('groups by branch (points roll up), by reception point and by department', async () => {
    const byBranch = await get(`/api/v1/reports/summary?${period}&groupBy=branch&procedureCode=${PROCEDURE}`, 'supervisor').expect(200);
    expect(byBranch.body).toEqual([row(B2, b2), row(B1, b1)]);

    const byPoint = await get(`/api/v1/reports/summary?${period}&groupBy=reception_point&procedureCode=${PROCEDURE}`, 'supervisor').expect(200);
    expect(byPoint.body.map((r: { key: string }) => r.key)).toEqual([B2, B1, B1_POINT_2, B1_POINT]);
    // At rp-tay-ho: 01 received, early, returned; 05 carried over, late, returned; 07 returned.
    expect(byPoint.body[3]).toEqual(
      row(B1_POINT, { received: 1, carriedOver: 1, receivedByChannel: { in_person: 1, postal: 0, online: 0 }, resolved: 2, early: 1, late: 1, returned: 3, onTimeRate: 0.5, rate766: 0.5 }),
    );

    const byDept = await get(`/api/v1/reports/summary?${period}&groupBy=department&procedureCode=${PROCEDURE}`, 'supervisor').expect(200);
    expect(byDept.body).toEqual([{ ...all, key: DEPT }]);
  });

  it('counts each column in the month of its own event, with the snapshots at each month’s start and end', async () => {
    const res = await get(`/api/v1/reports/summary?from=2026-09-01&to=2026-10-16&groupBy=month&procedureCode=${PROCEDURE}`, 'supervisor').expect(200);
    expect(res.body).toEqual([
      // September: 05 06 07 09 received; all four pending on 1 October, 07 overdue (due 30 Sep).
      row('2026-09', { received: 4, receivedByChannel: { in_person: 2, postal: 1, online: 1 }, pending: 4, pendingOverdue: 1, pendingWithinTime: 3 }),
      // 1–16 October: as the period, plus 07 (carried over from September, resolved late on 2 Oct).
      row('2026-10', { ...all, key: '2026-10', carriedOver: 4, resolved: 6, late: 3, onTimeRate: 0.5, rate766: 0.3333 }),
    ]);
  });

  it('takes a period that runs into the future as pending now', async () => {
    const res = await get(`/api/v1/reports/summary?from=2026-10-05&to=2026-10-31&groupBy=procedure&procedureCode=${PROCEDURE}`, 'supervisor').expect(200);
    // Open now: 06 10 11 12 13 14 15; overdue now: 06 12 13; paused: 11.
    expect(res.body[0]).toMatchObject({ key: PROCEDURE, received: 11, pending: 7, pendingOverdue: 3, paused: 1, pendingWithinTime: 3 });
  });

  it('is scoped by role and unit', async () => {
    const branch = await get(`/api/v1/reports/summary?${period}&groupBy=procedure`, 'branchSupervisor').expect(200);
    expect(branch.body.find((r: { key: string }) => r.key === PROCEDURE)).toEqual(row(PROCEDURE, b1));
    await get(`/api/v1/reports/summary?${period}&branchId=${B2}`, 'branchSupervisor').expect(403);

    const leader = await get(`/api/v1/reports/summary?${period}&groupBy=procedure`, 'leader').expect(200);
    expect(leader.body).toEqual([all]);
    await get(`/api/v1/reports/summary?${period}&departmentId=${DEPT}`, 'foreignLeader').expect(403);
    const foreign = await get(`/api/v1/reports/summary?${period}&groupBy=procedure`, 'foreignLeader').expect(200);
    expect(foreign.body.find((r: { key: string }) => r.key === PROCEDURE)).toBeUndefined();
    await get(`/api/v1/reports/summary?${period}`, 'clerk').expect(403);
    await get(`/api/v1/reports/summary?${period}`, 'officer').expect(403);
  });

  it('rejects bad queries with the validation details', async () => {
    const reversed = await get(`/api/v1/reports/summary?from=2026-10-16&to=2026-10-05`, 'supervisor').expect(400);
    expect(reversed.body).toMatchObject({ code: 'invalid_request', details: [expect.objectContaining({ path: ['from'] })] });
    const badDate = await get(`/api/v1/reports/summary?from=2026-02-30&to=2026-03-01`, 'supervisor').expect(400);
    expect(badDate.body.details).toEqual([expect.objectContaining({ path: ['from'] })]);
    await get(`/api/v1/reports/summary?${period}&groupBy=ward`, 'supervisor').expect(400);
    await get(`/api/v1/reports/summary?${period}&format=pdf`, 'supervisor').expect(400);
    await get(`/api/v1/reports/summary?${period}&unknown=1`, 'supervisor').expect(400);
  });

  it('exports CSV that parses back to the same numbers, and a valid XLSX workbook', async () => {
    const csv = await get(`/api/v1/reports/summary?${period}&groupBy=branch&procedureCode=${PROCEDURE}&format=csv`, 'supervisor').buffer(true).parse(binary).expect(200);
    expect(csv.headers['content-disposition']).toBe('attachment; filename="summary-branch-2026-10-05-2026-10-16.csv"');
    const bytes = csv.body as Buffer;
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    expect(bytes.subarray(3).toString('utf8')).toMatch(/\r\n$/);
    const [header, ...records] = parseCsv(bytes.subarray(3).toString('utf8'));
    const parsed = records.map((r) => Object.fromEntries(header.map((name, i) => [name, r[i]])));
    const json = [row(B2, b2), row(B1, b1)];
    expect(parsed).toEqual(
      json.map((j) => ({
        key: j.key,
        carriedOver: String(j.carriedOver),
        received: String(j.received),
        receivedInPerson: String(j.receivedByChannel.in_person),
        receivedPostal: String(j.receivedByChannel.postal),
        receivedOnline: String(j.receivedByChannel.online),
        resolved: String(j.resolved),
        early: String(j.early),
        onTime: String(j.onTime),
        late: String(j.late),
        pending: String(j.pending),
        pendingWithinTime: String(j.pendingWithinTime),
        pendingOverdue: String(j.pendingOverdue),
        paused: String(j.paused),
        returned: String(j.returned),
        withdrawnOrStopped: String(j.withdrawnOrStopped),
        lateApologies: String(j.lateApologies),
        onTimeRate: String(j.onTimeRate),
        rate766: String(j.rate766),
      })),
    );

    const xlsx = await get(`/api/v1/reports/summary?${period}&groupBy=procedure&procedureCode=${PROCEDURE}&format=xlsx`, 'supervisor').buffer(true).parse(binary).expect(200);
    expect(xlsx.headers['content-type']).toBe('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
    const sheet = await readSheet(xlsx.body as Buffer);
    const headers = (sheet.getRow(1).values as unknown[]).slice(1);
    expect(headers[0]).toBe('key');
    const cell = (name: string) => sheet.getRow(2).getCell(headers.indexOf(name) + 1).value;
    expect(cell('key')).toBe(PROCEDURE);
    expect(cell('received')).toBe(8);
    expect(cell('carriedOver')).toBe(3);
    expect(cell('pendingOverdue')).toBe(2);
    expect(cell('onTimeRate')).toBe(0.6);
    expect(cell('rate766')).toBe(0.4);
  });
});

describe('the OpenAPI document', () => {
  it('describes the three report paths', async () => {
    const doc = (await h.api.get('/api/v1/openapi.json').expect(200)).body as { paths: Record<string, unknown> };
    expect(Object.keys(doc.paths)).toEqual(expect.arrayContaining(['/api/v1/reports/overdue', '/api/v1/reports/due-soon', '/api/v1/reports/summary']));
  });
});

async function readSheet(body: Buffer): Promise<ExcelJS.Worksheet> {
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load(body as unknown as ArrayBuffer);
  expect(workbook.worksheets).toHaveLength(1);
  return workbook.worksheets[0];
}

/** RFC 4180: CRLF records, quoted fields with doubled quotes. */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let field = '';
  let record: string[] = [];
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        field += '"';
        i++;
      } else if (c === '"') quoted = false;
      else field += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') {
      record.push(field);
      field = '';
    } else if (c === '\r' && text[i + 1] === '\n') {
      record.push(field);
      rows.push(record);
      record = [];
      field = '';
      i++;
    } else field += c;
  }
  if (field !== '' || record.length) rows.push([...record, field]);
  return rows;
}
