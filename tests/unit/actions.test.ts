import { ACTION_RULES, ActionName, defaultTaskDeadlines, judgeAction, openTasksFor, taskKindsOf, type DossierFacts } from '../../domain/actions';
import { createCalendar } from '../../domain/calendar';
import type { Actor } from '../../domain/roles';
import { DossierStatus, NATIONAL_STATUS } from '../../domain/status';

const dossier = (status: DossierFacts['status'], assignee: string | null = 'officer-1'): DossierFacts => ({
  status,
  departmentId: 'dept-justice',
  returnBranchId: 'branch-tay-ho',
  assignee,
});
const officer: Actor = { sub: 'officer-1', role: 'officer', unitId: 'dept-justice' };
const leader: Actor = { sub: 'leader-1', role: 'leader', unitId: 'dept-justice' };
const clerk: Actor = { sub: 'clerk-1', role: 'clerk', unitId: 'branch-tay-ho' };
const otherClerk: Actor = { sub: 'clerk-2', role: 'clerk', unitId: 'branch-cau-giay-thanh-xuan' };
const deadlineFacts = (supplementRequests: number): NonNullable<DossierFacts['deadline']> => ({
  dueAt: new Date('2026-03-05T10:00:00+07:00'),
  supplementRequests,
  requestedDocuments: [],
  apologized: false,
  apologyWindowOpensAt: new Date('2026-03-04T10:00:00+07:00'),
});

// What the rules beyond role, unit and status say of a dossier with no deadline facts and an empty body.
const SPECIAL: Partial<Record<ActionName, string>> = { apologize: 'invalid_transition', 'pay-fee': 'fee_not_due' };

describe('judgeAction', () => {
  it.each<[ActionName, DossierFacts['status'], Actor, string]>([
    ['claim', 'transferred', officer, 'processing'],
    ['reassign', 'processing', leader, 'processing'],
    ['submit', 'processing', officer, 'awaiting_approval'],
    ['send-back', 'awaiting_approval', leader, 'processing'],
    ['approve', 'awaiting_approval', leader, 'result_ready'],
    ['return', 'result_ready', clerk, 'returned'],
    ['withdraw', 'awaiting_approval', otherClerk, 'withdrawn'],
    ['withdraw', 'received', clerk, 'withdrawn'],
  ])('%s from %s by %o leads to %s', (action, status, actor, to) => {
    expect(judgeAction(dossier(status), actor, action)).toEqual({ ok: true, to });
  });

  it('checks role and unit before status, and the assignee last', () => {
    expect(judgeAction(dossier('returned'), clerk, 'approve')).toMatchObject({ ok: false, violation: { type: 'forbidden' } });
    expect(judgeAction(dossier('returned'), leader, 'approve')).toMatchObject({ ok: false, violation: { type: 'invalid_transition' } });
    expect(judgeAction(dossier('processing', 'officer-2'), officer, 'submit')).toMatchObject({ ok: false, violation: { type: 'forbidden' } });
    expect(judgeAction(dossier('transferred', null), officer, 'submit')).toMatchObject({ ok: false, violation: { type: 'invalid_transition' } });
    expect(judgeAction(dossier('result_ready'), otherClerk, 'return')).toMatchObject({ ok: false, violation: { type: 'forbidden' } });
    expect(judgeAction(dossier('transferred'), { ...officer, unitId: 'dept-health' }, 'claim')).toMatchObject({ ok: false, violation: { type: 'forbidden' } });
  });

  it('lets a department’s system (service account svc:<id>) examine like its officers, and nothing that is a leader’s or a clerk’s', () => {
    const system: Actor = { sub: 'svc:dept-system', role: 'system', unitId: dossier('transferred').departmentId };
    const mine = (status: DossierFacts['status']) => dossier(status, system.sub);
    expect(judgeAction(dossier('transferred', null), system, 'claim')).toEqual({ ok: true, to: 'processing' });
    expect(judgeAction(mine('processing'), system, 'submit', { outcome: 'approved', summary: 'x' })).toEqual({ ok: true, to: 'awaiting_approval' });
    // The first request for additions is the assignee's, a machine as much as a person; a second only a leader's.
    expect(judgeAction({ ...mine('processing'), deadline: deadlineFacts(0) }, system, 'request-supplement')).toEqual({ ok: true, to: 'awaiting_supplement' });
    expect(judgeAction({ ...mine('processing'), deadline: deadlineFacts(1) }, system, 'request-supplement')).toMatchObject({ ok: false, violation: { type: 'forbidden' } });
    expect(judgeAction(mine('processing'), system, 'progress', { step: 's', note: 'n' })).toEqual({ ok: true, to: 'processing' });
    // The assignee rules hold for a machine too: a dossier an officer holds is not the system's to submit, and back.
    expect(judgeAction(dossier('processing', 'officer-1'), system, 'submit')).toMatchObject({ ok: false, violation: { type: 'forbidden' } });
    expect(judgeAction({ ...dossier('processing', 'officer-1'), deadline: deadlineFacts(0) }, system, 'request-supplement')).toMatchObject({ ok: false, violation: { type: 'forbidden' } });
    expect(judgeAction(mine('processing'), officer, 'submit')).toMatchObject({ ok: false, violation: { type: 'forbidden' } });
    const peoples: ActionName[] = ['reassign', 'release', 'send-back', 'approve', 'apologize', 'supplement', 'return', 'withdraw', 'pay-fee'];
    for (const action of peoples) {
      for (const status of DossierStatus.options) expect([action, status, judgeAction(mine(status), system, action)]).toMatchObject([action, status, { ok: false, violation: { type: 'forbidden' } }]);
    }
    // Another department's system, and the center's, act on nothing of this department's.
    for (const unitId of ['dept-health', 'center']) {
      for (const action of ['claim', 'submit', 'request-supplement', 'progress'] as const) {
        expect(judgeAction(dossier(ACTION_RULES[action].from[0], null), { ...system, unitId }, action)).toMatchObject({ ok: false, violation: { type: 'forbidden' } });
      }
    }
  });

  describe('progress', () => {
    const receivedAt = new Date('2026-03-02T10:00:00+07:00');
    const now = new Date('2026-03-04T10:00:00+07:00');
    const facts = (status: DossierFacts['status']): DossierFacts => ({ ...dossier(status), receivedAt });
    const body = (at?: string) => ({ step: 'site inspection', note: 'done', ...(at ? { at } : {}) });
    const system: Actor = { sub: 'svc:dept-system', role: 'system', unitId: 'dept-justice' };

    it('is reported by an officer, a leader or the system of the deciding unit while the dossier is with it, its status unchanged', () => {
      for (const status of ['transferred', 'processing', 'awaiting_supplement', 'awaiting_approval'] as const) {
        for (const actor of [officer, { ...officer, sub: 'officer-2' }, leader, system]) expect(judgeAction(facts(status), actor, 'progress', body(), now)).toEqual({ ok: true, to: status });
      }
      for (const status of ['received', 'awaiting_fees', 'result_ready', 'returned', 'withdrawn', 'stopped'] as const) {
        expect(judgeAction(facts(status), officer, 'progress', body(), now)).toMatchObject({ ok: false, violation: { type: 'invalid_transition' } });
      }
      expect(judgeAction(facts('processing'), clerk, 'progress', body(), now)).toMatchObject({ ok: false, violation: { type: 'forbidden' } });
      expect(judgeAction(facts('processing'), { ...leader, unitId: 'dept-health' }, 'progress', body(), now)).toMatchObject({ ok: false, violation: { type: 'forbidden' } });
    });

    it('takes an `at` between the receipt and now (a minute of clock skew allowed), else invalid_request', () => {
      const judge = (at: string) => judgeAction(facts('processing'), system, 'progress', body(at), now);
      expect(judge('2026-03-02T10:00:00+07:00')).toEqual({ ok: true, to: 'processing' });
      expect(judge('2026-03-04T10:00:59+07:00')).toEqual({ ok: true, to: 'processing' });
      expect(judge('2026-03-04T10:01:01+07:00')).toMatchObject({ ok: false, violation: { type: 'invalid_request', message: expect.stringContaining('future') } });
      expect(judge('2026-03-02T09:59:59+07:00')).toMatchObject({ ok: false, violation: { type: 'invalid_request', message: expect.stringContaining('before the dossier was received') } });
    });
  });

  it('allows every action only from its listed statuses', () => {
    for (const [action, rule] of Object.entries(ACTION_RULES) as [ActionName, (typeof ACTION_RULES)[ActionName]][]) {
      const actor = { clerk, officer, leader, supervisor: leader, admin: leader, system: leader }[rule.roles[0]];
      for (const status of DossierStatus.options) {
        const verdict = judgeAction(dossier(status), actor, action);
        expect(verdict.ok ? 'allowed' : verdict.violation.type).toBe(
          rule.from.includes(status) ? (SPECIAL[action] ?? 'allowed') : 'invalid_transition',
        );
      }
    }
  });
});

describe('statuses', () => {
  it('map to the national portal codes of domain.md §2.10', () => {
    expect(NATIONAL_STATUS).toEqual({
      received: 2,
      transferred: 4,
      processing: 4,
      awaiting_supplement: 5,
      awaiting_approval: 4,
      awaiting_fees: 6,
      result_ready: 9,
      returned: 10,
      withdrawn: 7,
      stopped: 8,
    });
  });
});

describe('openTasksFor', () => {
  const calendar = createCalendar({ daysOff: ['2026-12-31'] });
  const now = new Date('2026-11-25T09:00:00+07:00');
  const dueAt = new Date('2026-12-02T09:00:00+07:00');
  const facts = (status: DossierFacts['status'], assignee: string | null = 'officer-1') => ({ ...dossier(status, assignee), receivingBranchId: 'branch-cau-giay-thanh-xuan' });
  const due = defaultTaskDeadlines(calendar, now, dueAt);

  it('gives the department one working day to claim, and keeps the last working day for approval', () => {
    expect(due).toEqual({
      claim: new Date('2026-11-26T09:00:00+07:00'),
      examination: new Date('2026-12-01T09:00:00+07:00'),
      approval: dueAt,
      supplementBy: null,
      apologyBefore: null,
    });
    expect(openTasksFor(facts('transferred', null), due)).toEqual([{ kind: 'claim', unitId: 'dept-justice', assignee: null, dueAt: due.claim }]);
    expect(openTasksFor(facts('processing'), due)).toEqual([{ kind: 'submit', unitId: 'dept-justice', assignee: 'officer-1', dueAt: due.examination }]);
    expect(openTasksFor(facts('awaiting_approval'), due)).toEqual([{ kind: 'approve', unitId: 'dept-justice', assignee: null, dueAt }]);
    expect(openTasksFor(facts('result_ready'), due)).toEqual([{ kind: 'return', unitId: 'branch-tay-ho', assignee: null, dueAt: null }]);
    expect(openTasksFor(facts('returned'), due)).toEqual([]);
  });

  it('puts the supplement with the receiving branch, and adds the leader’s apology while one is owed', () => {
    const supplementBy = new Date('2026-12-16T09:00:00+07:00');
    expect(openTasksFor(facts('awaiting_supplement'), { ...due, supplementBy })).toEqual([
      { kind: 'supplement', unitId: 'branch-cau-giay-thanh-xuan', assignee: null, dueAt: supplementBy },
    ]);
    const owed = openTasksFor(facts('processing'), { ...due, apologyBefore: dueAt });
    expect(owed.map((t) => t.kind)).toEqual(['submit', 'apologize']);
    expect(openTasksFor(facts('result_ready'), { ...due, apologyBefore: dueAt }).map((t) => t.kind)).toEqual(['return']);
  });

  it('never gives the claim a deadline after the appointment', () => {
    const soon = new Date('2026-11-25T11:00:00+07:00');
    expect(defaultTaskDeadlines(calendar, now, soon).claim).toEqual(soon);
  });
});

describe('the task kinds of each role, from ACTION_RULES', () => {
  it.each([
    ['clerk', ['supplement', 'return', 'pay-fee']],
    ['officer', ['claim', 'submit']],
    ['leader', ['approve', 'apologize']],
    ['supervisor', 'all'],
    ['admin', 'all'],
    ['system', ['claim', 'submit']],
  ] as const)('%s works on %j', (role, kinds) => {
    expect(taskKindsOf(role)).toEqual(kinds);
  });
});
