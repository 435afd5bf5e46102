import fc from 'fast-check';
import { ActionBody, judgeAction, type DossierFacts } from '../../domain/actions';
import { createCalendar } from '../../domain/calendar';
import { isLateApology, isWorkingInstant } from '../../domain/deadlines';
import {
  ACTIONS,
  ModelCalendar,
  apologyIsLate,
  dueAtInForce,
  statutoryDueAt,
  judge,
  newDossier,
  type Action,
  type ModelActor,
  type ModelDossier,
  type Refusal,
  type Status,
  type Verdict,
} from '../support/lifecycle-model';

/**
 * The small model of the rules (tests/support/lifecycle-model.ts), written again from domain.md and the API
 * contract, against domain/: the calendar arithmetic and every verdict of judgeAction. The workflow property
 * (tests/workflows/lifecycle-property.test.ts) trusts the model; this is where the model earns it.
 * FC_SEED / FC_PATH replay a failure.
 */
const SEED = process.env.FC_SEED === undefined ? undefined : Number(process.env.FC_SEED);
const PATH = process.env.FC_PATH;
const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const START = Date.UTC(2027, 0, 4); // a Monday, midnight UTC (07:00 in Hanoi)

const STATUSES: Status[] = ['received', 'transferred', 'processing', 'awaiting_supplement', 'awaiting_approval', 'result_ready', 'returned', 'withdrawn', 'stopped'];
const POOL: ModelActor[] = [
  { sub: 'officer-1', role: 'officer', unitId: 'dept-justice' },
  { sub: 'officer-2', role: 'officer', unitId: 'dept-justice' },
  { sub: 'officer-9', role: 'officer', unitId: 'dept-finance' },
  { sub: 'leader-1', role: 'leader', unitId: 'dept-justice' },
  { sub: 'leader-9', role: 'leader', unitId: 'dept-finance' },
  { sub: 'clerk-1', role: 'clerk', unitId: 'branch-tay-ho' },
  { sub: 'clerk-2', role: 'clerk', unitId: 'branch-cau-giay-thanh-xuan' },
  { sub: 'supervisor-1', role: 'supervisor', unitId: 'center' },
  { sub: 'admin-1', role: 'admin', unitId: 'center' },
];

/** Instants over four months, to the minute, and days off among them. */
const instant = fc.integer({ min: 0, max: 120 * 24 * 60 }).map((m) => START + m * 60_000);
const daysOff = fc.uniqueArray(fc.integer({ min: 0, max: 130 }), { maxLength: 12 }).map((ds) => ds.map((d) => new Date(START + d * DAY).toISOString().slice(0, 10)));
const hours = fc.integer({ min: 1, max: 8 * 40 }).map((q) => q / 4);

const domainCalendar = (days: string[]) => createCalendar({ utcOffsetMinutes: 420, daysOff: days, makeUpWorkingDays: [] });

function options(seed?: number) {
  return { numRuns: 200, seed: seed ?? SEED, path: PATH };
}

describe('the model calendar counts working time as domain/calendar.ts does', () => {
  it('adds, subtracts and measures working hours alike, and gives the same appointment', () => {
    fc.assert(
      fc.property(daysOff, instant, instant, hours, fc.integer({ min: 1, max: 20 }), (days, a, b, h, workingDays) => {
        const model = new ModelCalendar(new Set(days));
        const domain = domainCalendar(days);
        expect(model.add(a, h)).toBe(domain.addWorkingHours(new Date(a), h).getTime());
        expect(model.subtract(a, h)).toBe(domain.subtractWorkingHours(new Date(a), h).getTime());
        const [from, to] = a <= b ? [a, b] : [b, a];
        expect(model.between(from, to) / HOUR).toBeCloseTo(domain.workingHoursBetween(new Date(from), new Date(to)), 9);
        expect(model.add(a, workingDays * 8)).toBe(domain.dueAt(new Date(a), { value: workingDays, unit: 'working_days' }, null).getTime());
      }),
      options(),
    );
  });
});

// ---------------------------------------------------------------------------------------------------------

const text = fc.constantFrom('a reason', '   ');
const bodyArb = (action: Action, due: number): fc.Arbitrary<Record<string, unknown>> => {
  switch (action) {
    case 'claim':
    case 'return':
      return fc.constantFrom<Record<string, unknown>>({}, {}, { extra: 1 });
    case 'reassign':
      return fc.record({ assignee: fc.constantFrom('officer-1', 'officer-2', ' '), reason: text });
    case 'request-supplement':
      return fc.record({ reason: text, documents: fc.subarray(['doc-a', 'doc-b']) });
    case 'supplement':
      return fc.subarray(['doc-a', 'doc-b', 'doc-c']).map((ds) => ({ documents: ds.map((code) => ({ code })) }));
    case 'apologize':
      return fc.record({ newDueAt: fc.integer({ min: -2 * DAY, max: 3 * DAY }).map((d) => new Date(due + d).toISOString()), reason: text });
    case 'submit':
      return fc.record({ outcome: fc.constantFrom('approved', 'refused', 'maybe'), summary: text });
    case 'send-back':
    case 'withdraw':
    case 'release':
      return fc.record({ reason: text });
    case 'approve':
      return fc.constantFrom<Record<string, unknown>>({}, { note: 'fine' }, { note: '  ' });
  }
};

const dossierArb: fc.Arbitrary<ModelDossier> = fc
  .record({
    status: fc.constantFrom(...STATUSES),
    assignee: fc.constantFrom(null, 'officer-1', 'officer-2'),
    days: daysOff,
    policy: fc.constantFrom<'restart' | 'pause'>('restart', 'pause'),
    workingDays: fc.integer({ min: 1, max: 10 }),
    receivedAt: instant,
    supplementRequests: fc.integer({ min: 0, max: 3 }),
    requestedDocuments: fc.subarray(['doc-a', 'doc-b']),
    apologized: fc.boolean(),
    apologyShift: fc.option(fc.integer({ min: 1, max: 5 * DAY }), { nil: null }),
  })
  .map((r) => {
    const d = newDossier({
      departmentId: 'dept-justice',
      receivingBranchId: 'branch-tay-ho',
      returnBranchId: 'branch-tay-ho',
      calendar: new ModelCalendar(new Set(r.days)),
      policy: r.policy,
      workingDays: r.workingDays,
      receivedAt: r.receivedAt,
    });
    const m: ModelDossier = { ...d, status: r.status, assignee: r.assignee, supplementRequests: r.supplementRequests, requestedDocuments: r.requestedDocuments, apologized: r.apologized };
    return r.apologized && r.apologyShift !== null ? { ...m, apologyDueAt: dueAtInForce(m) + r.apologyShift } : m;
  });

const caseArb = dossierArb.chain((d) =>
  fc.record({
    d: fc.constant(d),
    actor: fc.constantFrom(...POOL),
    action: fc.constantFrom(...ACTIONS),
    // Around the apology window: from the receipt to well past the appointment.
    now: fc.integer({ min: 0, max: 20 * DAY }).map((ms) => d.receivedAt + ms),
  }).chain((c) => bodyArb(c.action, dueAtInForce(c.d)).map((body) => ({ ...c, body }))),
);

/** What the workflow decides: the body's schema first (400), then judgeAction on the facts it keeps. */
function domainVerdict(d: ModelDossier, actor: ModelActor, action: Action, body: Record<string, unknown>, now: number): Verdict {
  const parsed = ActionBody[action].safeParse(body);
  if (!parsed.success) return { ok: false, type: 'invalid_request' };
  const due = dueAtInForce(d);
  const facts: DossierFacts = {
    status: d.status,
    departmentId: d.departmentId,
    returnBranchId: d.returnBranchId,
    assignee: d.assignee,
    deadline: {
      dueAt: new Date(due),
      supplementRequests: d.supplementRequests,
      requestedDocuments: d.requestedDocuments,
      apologized: d.apologized,
      apologyWindowOpensAt: domainCalendar([...d.calendar.daysOff]).subtractWorkingHours(new Date(due), 8),
      apologyTiming: { isWorkingInstant: (at) => isWorkingInstant(domainCalendar([...d.calendar.daysOff]), at) },
    },
  };
  const v = judgeAction(facts, actor, action, parsed.data, new Date(now));
  // The model knows no fees (its dossiers have none): the domain never answers with a fee status or refusal here.
  return v.ok ? { ok: true, to: v.to as Status } : { ok: false, type: v.violation.type as Refusal };
}

describe("the model's verdicts are domain/actions.ts's", () => {
  it('accepts and refuses every action, by anyone, in any state, for the same reason', () => {
    fc.assert(
      fc.property(caseArb, ({ d, actor, action, body, now }) => {
        expect(judge(d, actor, action, body, now)).toEqual(domainVerdict(d, actor, action, body, now));
      }),
      { ...options(), numRuns: 600 },
    );
  });

  it('flags an apology late (less than one working day before the appointment by the rules) as the domain does', () => {
    fc.assert(
      fc.property(dossierArb, fc.integer({ min: 0, max: 20 * DAY }), (d, ms) => {
        const at = d.receivedAt + ms;
        expect(apologyIsLate(d, at)).toBe(isLateApology(domainCalendar([...d.calendar.daysOff]), new Date(statutoryDueAt(d)), new Date(at)));
      }),
      options(),
    );
  });
});
