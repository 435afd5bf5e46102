import { judgeAction, openTasksFor, type DossierFacts, type TaskDeadlines } from '../../domain/actions';
import { createCalendar } from '../../domain/calendar';
import { Fee } from '../../domain/catalogue';
import { nextWake } from '../../domain/deadlines';
import type { ProcedureRules } from '../../domain/catalogue';
import { awaitsFee, deadlinesFromPayment, feeBlocksReturn, type FeeState } from '../../domain/fees';
import type { Actor } from '../../domain/roles';
import {
  CLOCK_RUNNING_STATUSES,
  clockNotStarted,
  isOpen,
  NATIONAL_STATUS,
  NATIONAL_STATUS_REFUSED_AT_RECEPTION,
  STATUS_TEXT,
} from '../../domain/status';

/**
 * Fees (domain.md §4 "Reception has three outcomes … Fees"; §2.10 national statuses 3 and 6). Instants are
 * worked out by hand: office hours Mon–Fri 08:00–12:00, 13:00–17:00 (+07:00), 8 working hours a day.
 */

const clerk: Actor = { sub: 'clerk-1', role: 'clerk', unitId: 'branch-tay-ho' };
const clerkElsewhere: Actor = { sub: 'clerk-2', role: 'clerk', unitId: 'branch-long-bien-gia-lam' };
const officer: Actor = { sub: 'officer-1', role: 'officer', unitId: 'dept-finance' };
const leader: Actor = { sub: 'leader-1', role: 'leader', unitId: 'dept-finance' };

const BEFORE_PROCESSING: FeeState = { amount: 50_000, collectedAt: 'reception', payBeforeProcessing: true, paid: null };
const AT_RETURN: FeeState = { amount: null, collectedAt: 'return', payBeforeProcessing: false, paid: null };
const paid = (f: FeeState): FeeState => ({ ...f, paid: { amount: 50_000, receiptNumber: 'AA/25E-0000123', note: null, at: '2026-12-03T09:00:00.000Z', by: clerk } });

const dossier = (status: DossierFacts['status'], fee: FeeState | null): DossierFacts & { receivingBranchId: string } => ({
  status,
  departmentId: 'dept-finance',
  receivingBranchId: 'branch-cau-giay-thanh-xuan',
  returnBranchId: 'branch-tay-ho',
  assignee: null,
  fee,
});
const body = { amount: 50_000, receiptNumber: 'AA/25E-0000123' };

describe('the status awaiting_fees', () => {
  it('is national status 6, open, with its clock not running (domain.md §2.10, §4)', () => {
    expect(NATIONAL_STATUS.awaiting_fees).toBe(6);
    expect(STATUS_TEXT.awaiting_fees).toEqual({ vi: 'Chờ nộp phí, lệ phí', en: 'Waiting for the fee to be paid' });
    expect(isOpen('awaiting_fees')).toBe(true);
    expect(CLOCK_RUNNING_STATUSES).not.toContain('awaiting_fees');
    expect(clockNotStarted('awaiting_fees')).toBe(true);
    expect(clockNotStarted('awaiting_supplement')).toBe(false);
  });

  it('and national status 3 (refused at reception) exists for the reception records that carry it', () => {
    expect(NATIONAL_STATUS_REFUSED_AT_RECEPTION).toBe(3);
    expect(Object.values(NATIONAL_STATUS)).not.toContain(3); // a refusal is a record, never a dossier's status
  });

  it('wakes nothing while waiting: no due soon, overdue or escalation before the clock starts', () => {
    const calendar = createCalendar({ daysOff: [] });
    const d = deadlinesFromPayment(calendar, rules(3), new Date('2026-12-01T10:00:00+07:00'));
    expect(nextWake(calendar, d, 'awaiting_fees')).toBeNull();
    expect(nextWake(calendar, d, 'transferred')).not.toBeNull();
  });
});

describe('the catalogue fee', () => {
  it('keeps a definition stored before fees were handled parsing: collected at reception, not holding processing', () => {
    expect(Fee.parse({ amount: 200_000, note: null })).toEqual({ amount: 200_000, note: null, collectedAt: 'reception', payBeforeProcessing: false });
  });

  it('holds processing only when owed, unpaid, collected at reception and due before processing', () => {
    expect(awaitsFee(BEFORE_PROCESSING)).toBe(true);
    expect(awaitsFee(paid(BEFORE_PROCESSING))).toBe(false);
    expect(awaitsFee({ ...BEFORE_PROCESSING, amount: 0 })).toBe(false); // free
    expect(awaitsFee({ ...BEFORE_PROCESSING, payBeforeProcessing: false })).toBe(false);
    expect(awaitsFee({ ...BEFORE_PROCESSING, amount: null })).toBe(true); // varies: still owed
    expect(feeBlocksReturn(AT_RETURN)).toBe(true);
    expect(feeBlocksReturn(paid(AT_RETURN))).toBe(false);
    expect(feeBlocksReturn({ ...AT_RETURN, amount: 0 })).toBe(false);
    expect(feeBlocksReturn({ ...BEFORE_PROCESSING, payBeforeProcessing: false })).toBe(false); // a reception fee never holds the return
  });
});

describe('pay-fee', () => {
  it('by a clerk of any branch, while awaiting fees, sends the dossier to its authority', () => {
    expect(judgeAction(dossier('awaiting_fees', BEFORE_PROCESSING), clerk, 'pay-fee', body)).toEqual({ ok: true, to: 'transferred' });
    expect(judgeAction(dossier('awaiting_fees', BEFORE_PROCESSING), clerkElsewhere, 'pay-fee', body)).toEqual({ ok: true, to: 'transferred' });
  });

  it('of a fee collected at return keeps the result ready for its return', () => {
    expect(judgeAction(dossier('result_ready', AT_RETURN), clerk, 'pay-fee', { ...body, note: 'Lệ phí cấp phép 75 m²' })).toEqual({ ok: true, to: 'result_ready' });
  });

  it('is refused to staff who are not clerks (403), after the result is returned (409), twice (409)', () => {
    expect(judgeAction(dossier('awaiting_fees', BEFORE_PROCESSING), officer, 'pay-fee', body)).toMatchObject({ ok: false, violation: { type: 'forbidden' } });
    expect(judgeAction(dossier('awaiting_fees', BEFORE_PROCESSING), leader, 'pay-fee', body)).toMatchObject({ ok: false, violation: { type: 'forbidden' } });
    expect(judgeAction(dossier('returned', AT_RETURN), clerk, 'pay-fee', body)).toMatchObject({ ok: false, violation: { type: 'invalid_transition' } });
    expect(judgeAction(dossier('transferred', paid(BEFORE_PROCESSING)), clerk, 'pay-fee', body)).toMatchObject({ ok: false, violation: { type: 'fee_already_paid' } });
    expect(judgeAction(dossier('result_ready', paid(AT_RETURN)), clerk, 'pay-fee', body)).toMatchObject({ ok: false, violation: { type: 'fee_already_paid' } });
  });

  it('with nothing to pay (free procedure, or a dossier older than fees) is refused (409)', () => {
    expect(judgeAction(dossier('transferred', { ...BEFORE_PROCESSING, amount: 0 }), clerk, 'pay-fee', body)).toMatchObject({ ok: false, violation: { type: 'fee_not_due' } });
    expect(judgeAction(dossier('transferred', null), clerk, 'pay-fee', body)).toMatchObject({ ok: false, violation: { type: 'fee_not_due' } });
  });

  it('must pay the catalogue’s amount (422); a varying fee takes any amount with a note', () => {
    expect(judgeAction(dossier('awaiting_fees', BEFORE_PROCESSING), clerk, 'pay-fee', { ...body, amount: 40_000 })).toMatchObject({
      ok: false,
      violation: { type: 'fee_mismatch', details: { expected: 50_000, given: 40_000 } },
    });
    const varies: FeeState = { ...BEFORE_PROCESSING, amount: null };
    expect(judgeAction(dossier('awaiting_fees', varies), clerk, 'pay-fee', { ...body, amount: 1 })).toMatchObject({ ok: false, violation: { type: 'fee_mismatch' } });
    expect(judgeAction(dossier('awaiting_fees', varies), clerk, 'pay-fee', { ...body, amount: 0, note: 'Miễn phí: hộ nghèo' })).toEqual({ ok: true, to: 'transferred' });
  });
});

describe('the other actions while a fee is owed', () => {
  it('withdraw is allowed while awaiting fees; claim and apologize are not (no clock yet)', () => {
    expect(judgeAction(dossier('awaiting_fees', BEFORE_PROCESSING), clerkElsewhere, 'withdraw', { reason: 'x' })).toEqual({ ok: true, to: 'withdrawn' });
    expect(judgeAction(dossier('awaiting_fees', BEFORE_PROCESSING), officer, 'claim')).toMatchObject({ ok: false, violation: { type: 'invalid_transition' } });
    expect(judgeAction(dossier('awaiting_fees', BEFORE_PROCESSING), leader, 'apologize', { newDueAt: '2027-01-01T10:00:00+07:00', reason: 'x' })).toMatchObject({
      ok: false,
      violation: { type: 'invalid_transition' },
    });
  });

  it('return waits for a fee collected at return (409 fee_unpaid), and goes once it is paid', () => {
    expect(judgeAction(dossier('result_ready', AT_RETURN), clerk, 'return')).toMatchObject({ ok: false, violation: { type: 'fee_unpaid' } });
    expect(judgeAction(dossier('result_ready', paid(AT_RETURN)), clerk, 'return')).toEqual({ ok: true, to: 'returned' });
    expect(judgeAction(dossier('result_ready', null), clerk, 'return')).toEqual({ ok: true, to: 'returned' });
  });
});

describe('tasks', () => {
  const far = new Date('2027-06-01T10:00:00+07:00');
  const due: TaskDeadlines = { claim: far, examination: far, approval: far, supplementBy: null, apologyBefore: null };

  it('a dossier awaiting fees waits on the receiving branch’s clerks, with no deadline', () => {
    expect(openTasksFor(dossier('awaiting_fees', BEFORE_PROCESSING), due)).toEqual([{ kind: 'pay-fee', unitId: 'branch-cau-giay-thanh-xuan', assignee: null, dueAt: null }]);
  });

  it('a result whose fee is collected at return: pay-fee and return at the return branch; paid, return only', () => {
    expect(openTasksFor(dossier('result_ready', AT_RETURN), due).map((t) => [t.kind, t.unitId])).toEqual([
      ['pay-fee', 'branch-tay-ho'],
      ['return', 'branch-tay-ho'],
    ]);
    expect(openTasksFor(dossier('result_ready', paid(AT_RETURN)), due).map((t) => t.kind)).toEqual(['return']);
  });
});

describe('the clock starts at payment', () => {
  const calendar = createCalendar({ daysOff: [] });

  it('received Mon 30 Nov, paid Thu 3 Dec 10:00, 3 working days: due Tue 8 Dec 10:00 (not Thu 3 Dec)', () => {
    const d = deadlinesFromPayment(calendar, rules(3), new Date('2026-12-03T10:00:00+07:00'));
    expect(new Date(d.dueAt)).toEqual(new Date('2026-12-08T10:00:00+07:00'));
    expect(d.originalDueAt).toBe(d.dueAt);
    // Claim within one working day of the payment.
    expect(new Date(d.steps.find((s) => s.phase === 'claim')!.dueAt)).toEqual(new Date('2026-12-04T10:00:00+07:00'));
  });

  it('with the procedure’s cut-off: paid Thu 3 Dec 15:30 with a 15:00 cut-off counts from Fri 4 Dec 08:00', () => {
    const d = deadlinesFromPayment(calendar, { ...rules(3), cutoff: '15:00' }, new Date('2026-12-03T15:30:00+07:00'));
    expect(new Date(d.dueAt)).toEqual(new Date('2026-12-08T17:00:00+07:00'));
  });
});

function rules(days: number): ProcedureRules {
  return {
    code: 'HN-DKDN',
    name: 'Đăng ký thành lập doanh nghiệp',
    effectiveFrom: '2025-07-01',
    processingTime: { value: days, unit: 'working_days' },
    cutoff: null,
    supplementPolicy: 'restart',
    supplementWorkingDays: 15,
    steps: [],
  };
}
