import { NATIONAL_STATUS, DossierStatus } from '../../domain/status';
import { isOverdue } from '../../domain/timeliness';
import { overdueSql } from '../../db/dossiers';
import { startHarness, type Harness } from '../support/harness';

/**
 * One definition of overdue (domain.md §4) through the API: the dossier view, the dossier list's `overdue=`
 * filter, the overdue and due-soon reports and the summary give the same answers on the same rows, and the
 * SQL that the list and reports run (db/dossiers.ts overdueSql) answers as domain/timeliness.ts isOverdue.
 *
 * Rows inserted straight into the read model; the clock is fixed (only Date is faked) at Wednesday
 * 2026-10-21 10:00 +07:00 (October 2026 has no day off but its weekends).
 */
const PROCEDURE = 'OVD-TEST';
const GRID = 'OVD-GRID';
const DEPT = 'dept-tourism';
const BRANCH = 'branch-tay-ho';
const NOW = '2026-10-21T10:00';
const t = (civil: string): Date => new Date(`${civil}:00+07:00`);
const civil = (s: string) => `${s}:00+07:00`;

interface Spec {
  n: string;
  status: DossierStatus;
  /** The appointment by the rules. */
  due: string;
  /** An apology's appointment (due_at), and when and whether late it was made. */
  apology?: { due: string; at: string; late: boolean };
  awaitingSince?: string;
  resultReady?: string;
}

const DOSSIERS: Spec[] = [
  // Processing, past its appointment: overdue.
  { n: 'a', status: 'processing', due: '2026-10-20T17:00' },
  // Waiting for the applicant's supplement, past its old appointment: paused, NOT overdue. (Before this
  // change the dossier list counted it as overdue and the overdue report did not.)
  { n: 'b', status: 'awaiting_supplement', due: '2026-10-16T09:00', awaitingSince: '2026-10-14T10:00' },
  // Apologised late (Mon 19 Oct 16:30, half an hour before), to Fri 23 Oct 17:00: still overdue by the rules.
  { n: 'c', status: 'processing', due: '2026-10-19T17:00', apology: { due: '2026-10-23T17:00', at: '2026-10-19T16:30', late: true } },
  // Result ready after its appointment: late, but finished, so not overdue.
  { n: 'd', status: 'result_ready', due: '2026-10-16T17:00', resultReady: '2026-10-20T10:00' },
  // Due exactly now: not overdue yet (overdue once it has passed), due soon.
  { n: 'e', status: 'awaiting_approval', due: '2026-10-21T10:00' },
  // One minute past: overdue.
  { n: 'f', status: 'transferred', due: '2026-10-21T09:59' },
  // Within time, not due soon (Wed 28 Oct).
  { n: 'g', status: 'received', due: '2026-10-28T17:00' },
  // Apologised in time (Tue 20 Oct), appointment Tue 27 Oct 17:00 moved to Fri 30 Oct: within time.
  { n: 'h', status: 'processing', due: '2026-10-27T17:00', apology: { due: '2026-10-30T17:00', at: '2026-10-20T10:00', late: false } },
];
const code = (n: string) => `${PROCEDURE}-${n}`;
const OVERDUE = ['c', 'a', 'f'];

let h: Harness;
const tokens: Record<string, string> = {};

function rowOf(p: string, n: string, s: Spec) {
  const due = t(s.due);
  const dueAt = s.apology ? t(s.apology.due) : due;
  return {
    code: `${p}-${n}`,
    procedure_code: p,
    procedure_version: '2025-07-01',
    procedure_name: 'Thủ tục thử nghiệm quá hạn',
    department_id: DEPT,
    receiving_branch_id: BRANCH,
    return_branch_id: BRANCH,
    channel: 'in_person',
    status: s.status,
    national_status: NATIONAL_STATUS[s.status],
    applicant: '{}',
    documents: '[]',
    received_at: t('2026-10-01T09:00'),
    due_at: dueAt,
    original_due_at: due,
    result_ready_at: s.resultReady ? t(s.resultReady) : null,
    finished_at: s.resultReady ? t(s.resultReady) : null,
    timeliness: s.resultReady ? 'late' : null,
    awaiting_supplement_since: s.awaitingSince ? t(s.awaitingSince) : null,
    supplement_count: s.awaitingSince ? 1 : 0,
    apologized_at: s.apology ? t(s.apology.at) : null,
    deadline: JSON.stringify({
      originalDueAt: due.toISOString(),
      dueAt: dueAt.toISOString(),
      steps: [],
      supplements: [],
      apology: s.apology
        ? { at: t(s.apology.at).toISOString(), by: 'leader-1', reason: 'x', oldDueAt: due.toISOString(), newDueAt: dueAt.toISOString(), late: s.apology.late }
        : null,
      escalations: [],
      escalationLevel: 0,
    }),
    lookup_pin_hash: 'x',
    last_seq: 1,
  };
}

/** Every status on each side of now and exactly at it, for the SQL-against-domain comparison. */
const GRID_ROWS = DossierStatus.options.flatMap((status) =>
  [
    ['past', '2026-10-21T09:59'],
    ['now', '2026-10-21T10:00'],
    ['future', '2026-10-21T10:01'],
  ].map(([when, due]) => rowOf(GRID, `${status}-${when}`.replace(/_/g, '-'), { n: '', status, due })),
);

beforeAll(async () => {
  jest.useFakeTimers({
    now: t(NOW),
    doNotFake: ['hrtime', 'nextTick', 'performance', 'queueMicrotask', 'requestAnimationFrame', 'cancelAnimationFrame', 'requestIdleCallback', 'cancelIdleCallback', 'setImmediate', 'clearImmediate', 'setInterval', 'clearInterval', 'setTimeout', 'clearTimeout'],
  });
  h = await startHarness({ withWorker: false });
  await h.db('dossiers').whereIn('procedure_code', [PROCEDURE, GRID]).delete();
  await h.db('dossiers').insert([...DOSSIERS.map((s) => rowOf(PROCEDURE, s.n, s)), ...GRID_ROWS]);
  Object.assign(tokens, { supervisor: await h.token('supervisor', 'center'), leader: await h.token('leader', DEPT) });
});
afterAll(async () => {
  await h?.db('dossiers').whereIn('procedure_code', [PROCEDURE, GRID]).delete();
  await h?.close();
  jest.useRealTimers();
});

const get = (path: string, who = 'supervisor') => h.api.get(path).auth(tokens[who], { type: 'bearer' });

describe('one definition of overdue', () => {
  it('the SQL of the list and the reports answers as the domain on the same rows (every status, either side of now)', async () => {
    const now = t(NOW);
    const { rows } = (await h.db.raw(`select code, status, original_due_at, ${overdueSql()} as overdue from dossiers where procedure_code in (?, ?) order by code`, [
      now,
      PROCEDURE,
      GRID,
    ])) as { rows: { code: string; status: DossierStatus; original_due_at: Date; overdue: boolean }[] };
    expect(rows).toHaveLength(DOSSIERS.length + GRID_ROWS.length);
    const disagreements = rows.filter((r) => r.overdue !== isOverdue({ status: r.status, originalDueAt: new Date(r.original_due_at) }, now));
    expect(disagreements).toEqual([]);
    // The grid is not trivially one-sided: the running statuses are overdue one minute past, nothing else is.
    expect(rows.filter((r) => r.overdue && r.code.startsWith(GRID)).map((r) => r.code)).toEqual(
      ['awaiting-approval', 'processing', 'received', 'transferred'].map((s) => `${GRID}-${s}-past`),
    );
  });

  it('the dossier view, the list filter and the overdue report agree; a paused dossier is on none of them', async () => {
    const views = await Promise.all(DOSSIERS.map(async (s) => (await get(`/api/v1/dossiers/${code(s.n)}`).expect(200)).body));
    expect(views.filter((v) => v.overdue).map((v) => v.code).sort()).toEqual(OVERDUE.map(code).sort());

    const listed = (await get(`/api/v1/dossiers?procedureCode=${PROCEDURE}&overdue=true`).expect(200)).body.items;
    expect(listed.map((v: { code: string }) => v.code).sort()).toEqual(OVERDUE.map(code).sort());
    expect(listed.every((v: { overdue: boolean }) => v.overdue)).toBe(true);
    const notListed = (await get(`/api/v1/dossiers?procedureCode=${PROCEDURE}&overdue=false`).expect(200)).body.items;
    expect(notListed.map((v: { code: string }) => v.code).sort()).toEqual(DOSSIERS.filter((s) => !OVERDUE.includes(s.n)).map((s) => code(s.n)).sort());
    expect(notListed.some((v: { overdue: boolean }) => v.overdue)).toBe(false);

    const report = (await get(`/api/v1/reports/overdue?procedureCode=${PROCEDURE}`).expect(200)).body;
    expect(report.map((r: { code: string }) => r.code)).toEqual(OVERDUE.map(code));
    // The paused dossier (b): in none of them.
    expect([...views.filter((v) => v.overdue), ...listed, ...report].map((v: { code: string }) => v.code)).not.toContain(code('b'));
  });

  it('an apologised dossier stays overdue, shows its rescheduled appointment, and is listed by the appointment by the rules', async () => {
    const c = (await get(`/api/v1/dossiers/${code('c')}`).expect(200)).body;
    expect(c).toMatchObject({ overdue: true, dueSoon: false, originalDueAt: civil('2026-10-19T17:00'), dueAt: civil('2026-10-23T17:00'), rescheduledDueAt: civil('2026-10-23T17:00') });
    const hView = (await get(`/api/v1/dossiers/${code('h')}`).expect(200)).body;
    expect(hView).toMatchObject({ overdue: false, rescheduledDueAt: civil('2026-10-30T17:00') });
    expect((await get(`/api/v1/dossiers/${code('a')}`).expect(200)).body.rescheduledDueAt).toBeUndefined();

    const report = (await get(`/api/v1/reports/overdue?procedureCode=${PROCEDURE}`, 'leader').expect(200)).body;
    // Mon 19 Oct 17:00 → Wed 21 Oct 10:00: 8 + 2 = 10 working hours, one whole working day.
    expect(report[0]).toEqual({
      code: code('c'),
      procedureCode: PROCEDURE,
      departmentId: DEPT,
      receivingBranchId: BRANCH,
      status: 'processing',
      dueAt: civil('2026-10-19T17:00'),
      rescheduledDueAt: civil('2026-10-23T17:00'),
      overdueWorkingDays: 1,
    });
  });

  it('due soon: within two working days of the appointment by the rules, in the view and the report alike', async () => {
    const views = await Promise.all(DOSSIERS.map(async (s) => (await get(`/api/v1/dossiers/${code(s.n)}`).expect(200)).body));
    expect(views.filter((v) => v.dueSoon).map((v) => v.code)).toEqual([code('e')]);
    const report = (await get(`/api/v1/reports/due-soon?procedureCode=${PROCEDURE}`).expect(200)).body;
    expect(report.map((r: { code: string }) => r.code)).toEqual([code('e')]);
  });

  it('the summary counts an apologised dossier as overdue (not within time), the paused one as paused, and the late apology', async () => {
    const res = await get(`/api/v1/reports/summary?from=2026-10-19&to=2026-10-21&groupBy=procedure&procedureCode=${PROCEDURE}`).expect(200);
    // Pending at the period's end (now): a b c e f g h; overdue a c f; paused b; within time e g h.
    // Late apologies made in the period: c (h's was in time).
    expect(res.body).toEqual([
      expect.objectContaining({ key: PROCEDURE, pending: 7, pendingOverdue: 3, paused: 1, pendingWithinTime: 3, lateApologies: 1, resolved: 1, late: 1 }),
    ]);
  });
});
