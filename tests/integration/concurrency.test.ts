/**
 * Simultaneous staff actions on one dossier, through the API on the real servers (issue 7, item 2).
 *
 * Each case sends its calls at once (Promise.all over HTTP) and then accepts only what some serial order of
 * the same calls could have given: the answers (200/403/409, judged by domain/actions.ts for every order),
 * the accepted actions in the history exactly once and in an order that gives those answers, nothing of a
 * refused one. Afterwards the workflow, the read-model row, its history (seq 1..n without a gap) and its open
 * tasks agree, and the consistency checker finds nothing. Races are probabilistic: each case runs ROUNDS times.
 */
import { openTasksFor, type DossierFacts } from '../../domain/actions';
import { apologyWindowOpens, ESCALATION_LEVEL, isWorkingInstant, nextWake } from '../../domain/deadlines';
import type { DossierState } from '../../domain/dossier';
import type { Actor, Role } from '../../domain/roles';
import { SYSTEM_ACTOR } from '../../domain/roles';
import { checkConsistency, formatDifference } from '../../ops/consistency';
import { stateQuery } from '../../workflows/messages';
import { act, APPLICANT, catalogueFixture, receive, type CatalogueFixture } from '../support/fixtures';
import { startHarness, type Harness } from '../support/harness';
import { outcomeKey, serialOutcomes, type ActionCall } from '../support/serial-orders';

const ROUNDS = 3;
const DAY = 86_400_000;

let h: Harness;
let f: CatalogueFixture;

interface Staff {
  actor: Actor;
  token: string;
}
const staff = async (role: Role, unitId: string, sub: string): Promise<Staff> => ({ actor: { sub, role, unitId }, token: await h.token(role, unitId, sub) });
const six = <T>(make: (i: number) => Promise<T>) => Promise.all([1, 2, 3, 4, 5, 6].map(make));

let officers: Staff[];
let leaders: Staff[];
/** Clerks of the receiving branch, and of the branch the result goes back to. */
let clerks: Staff[];
let returnClerks: Staff[];
let admin: Staff;

/** An apology's new appointment: a working instant (domain.md §4) some 40 working days ahead, `hours` later still. */
let apologyAt: (hours?: number) => string;

beforeAll(async () => {
  h = await startHarness();
  const { calendar } = await h.ctx.calendar.current();
  apologyAt = (hours = 0) => calendar.addWorkingHours(new Date(), 40 * 8 + hours).toISOString();
  f = await catalogueFixture(h);
  const dept = f.procedure.departmentId;
  officers = await six((i) => staff('officer', dept, `officer-${i}`));
  leaders = await six((i) => staff('leader', dept, `leader-${i}`));
  clerks = await six((i) => staff('clerk', f.branch, `clerk-${i}`));
  returnClerks = await six((i) => staff('clerk', f.otherBranch, `return-clerk-${i}`));
  admin = await staff('admin', 'center', 'admin-1');
});
afterAll(() => h?.close());

/** A call as the test sends it. */
type Call = ActionCall & { token: string; key?: string };
const call = (who: Staff, action: Call['action'], body: Record<string, unknown> = {}, key?: string): Call => ({
  action,
  actor: who.actor,
  token: who.token,
  body,
  ...(key ? { key } : {}),
});

type Start = 'transferred' | 'processing' | 'awaiting_supplement' | 'awaiting_approval' | 'result_ready' | 'overdue';
const REQUESTED = ['ban-sao-cccd'];

/** Polls `read` until `done` holds, at most `tries` × 100 ms (15 s); returns the last value read. */
async function until<T>(read: () => Promise<T>, done: (v: T) => boolean, tries = 150): Promise<T> {
  let v = await read();
  for (let i = 0; i < tries && !done(v); i++) {
    await new Promise((r) => setTimeout(r, 100));
    v = await read();
  }
  return v;
}

const workflowState = (code: string) => h.client.workflow.getHandle(code).query(stateQuery);

/** Nothing of the dossier's own falls due within the next minutes (no timer will add an event mid-case). */
async function settled(code: string): Promise<DossierState> {
  const { calendar } = await h.ctx.calendar.current();
  const quiet = (s: DossierState) => {
    const wake = s.deadline ? nextWake(calendar, s.deadline, s.status) : null;
    return !wake || wake.at.getTime() > Date.now() + 5 * 60_000;
  };
  const s = await until(() => workflowState(code), quiet);
  expect(quiet(s)).toBe(true);
  return s;
}

/** A new dossier brought, one action at a time, to the state a case starts from. */
async function dossierIn(start: Start): Promise<string> {
  if (start === 'overdue') {
    // Received five months ago: past its appointment, so the leader may apologize (domain.md §4).
    const res = await h.api
      .post('/api/v1/dossiers/import')
      .auth(admin.token, { type: 'bearer' })
      .send({
        procedureCode: f.procedure.code,
        applicant: APPLICANT,
        documents: f.procedure.requiredDocuments.map((d) => ({ code: d.code })),
        receivingBranchId: f.branch,
        returnBranchId: f.otherBranch,
        receivedAt: new Date(Date.now() - 150 * DAY).toISOString(),
        code: `RACE-${Date.now()}-${Math.floor(Math.random() * 1e6)}`,
      })
      .expect(201);
    expect(res.body.overdue).toBe(true);
    await settled(res.body.code);
    return res.body.code as string;
  }
  const { body } = await receive(h, f, clerks[0].token, { returnBranchId: f.otherBranch }).expect(201);
  const code = body.code as string;
  const steps: [Start, Staff, Call['action'], Record<string, unknown>][] = [
    ['processing', officers[0], 'claim', {}],
    ['awaiting_supplement', officers[0], 'request-supplement', { reason: 'Thiếu bản sao', documents: REQUESTED }],
    ['awaiting_approval', officers[0], 'submit', { outcome: 'approved', summary: 'Hồ sơ hợp lệ' }],
    ['result_ready', leaders[0], 'approve', { note: 'Đồng ý' }],
  ];
  for (const [reached, who, action, b] of steps) {
    if (start === 'transferred') break;
    if (action === 'request-supplement' && start !== 'awaiting_supplement') continue;
    await act(h, who.token, code, action, b).expect(200);
    if (reached === start) break;
  }
  await settled(code);
  return code;
}

/** The facts the rules judge by, as the workflow holds them now. */
async function factsOf(code: string): Promise<{ facts: DossierFacts; state: DossierState }> {
  const state = await workflowState(code);
  const row = await h.db('dossiers').where({ code }).first('department_id', 'return_branch_id');
  const { calendar } = await h.ctx.calendar.current();
  const d = state.deadline;
  const facts: DossierFacts = {
    status: state.status,
    departmentId: row.department_id,
    returnBranchId: row.return_branch_id,
    assignee: state.assignee,
    ...(d
      ? {
          deadline: {
            dueAt: new Date(d.dueAt),
            supplementRequests: d.supplements.length,
            requestedDocuments: d.supplements.at(-1)?.documents ?? [],
            apologized: d.apology !== null,
            apologyWindowOpensAt: apologyWindowOpens(calendar, d),
            apologyTiming: { isWorkingInstant: (at: Date) => isWorkingInstant(calendar, at) },
          },
        }
      : {}),
  };
  return { facts, state };
}

function send(code: string, c: Call) {
  const req = act(h, c.token, code, c.action, c.body);
  if (c.key) req.set('Idempotency-Key', c.key);
  return req;
}

/** What tells one call's history event apart from the others': action, actor and note. */
const noteOf = (b: Record<string, unknown>) => String(b.reason ?? b.summary ?? b.note ?? '').trim();
const identity = (action: string, sub: string, note: string | null) => `${action}|${sub}|${note ?? ''}`;

interface EventRow {
  seq: number;
  action: string;
  status: string;
  actor: Actor;
  note: string | null;
}
const eventsOf = (code: string): Promise<EventRow[]> => h.db('dossier_events').where({ dossier_code: code }).orderBy('seq').select('seq', 'action', 'status', 'actor', 'note');

/**
 * The workflow, the row, the history and the open tasks agree, and the consistency checker finds nothing.
 * Returns the workflow's state.
 */
async function expectAgreement(code: string): Promise<DossierState> {
  const state = await workflowState(code);
  const row = await h.db('dossiers').where({ code }).first('status', 'assignee', 'outcome', 'last_seq', 'due_at', 'receiving_branch_id', 'department_id', 'return_branch_id');
  const events = await eventsOf(code);
  expect(events.map((e) => e.seq)).toEqual(Array.from({ length: state.seq }, (_, i) => i + 1));
  expect({ status: row.status, assignee: row.assignee, outcome: row.outcome, lastSeq: row.last_seq, dueAt: new Date(row.due_at).toISOString() }).toEqual({
    status: state.status,
    assignee: state.assignee,
    outcome: state.outcome,
    lastSeq: state.seq,
    dueAt: new Date(state.dueAt).toISOString(),
  });
  expect(events.at(-1)?.status).toBe(state.status);
  // One open task per step the dossier waits for (the domain's own list for its status), nothing else.
  const someday = new Date(state.dueAt);
  const d = state.deadline;
  const wanted = openTasksFor(
    { status: state.status, departmentId: row.department_id, receivingBranchId: row.receiving_branch_id, returnBranchId: row.return_branch_id, assignee: state.assignee },
    {
      claim: someday,
      examination: someday,
      approval: someday,
      supplementBy: null,
      apologyBefore: d && d.escalationLevel >= ESCALATION_LEVEL.due_soon && !d.apology ? someday : null,
    },
  );
  const open: { kind: string; unit_id: string; assignee: string | null }[] = await h.db('tasks').where({ dossier_code: code }).whereNull('closed_at').select('kind', 'unit_id', 'assignee');
  const byKind = (a: { kind: string }, b: { kind: string }) => a.kind.localeCompare(b.kind);
  expect(open.map((t) => ({ kind: t.kind, unitId: t.unit_id, assignee: t.assignee })).sort(byKind)).toEqual(
    wanted.map((t) => ({ kind: t.kind, unitId: t.unitId, assignee: t.assignee })).sort(byKind),
  );
  const report = await checkConsistency(h.db, h.client, { codes: [code] });
  expect(report.differences.map(formatDifference)).toEqual([]);
  return state;
}

/**
 * Sends the calls at once on a dossier in `start`, and checks that what happened is what one serial order of
 * them gives. `alongside` runs at the same moment (a calendar change, readied by `prepare`, awaited by `settle`);
 * `systemActions` are the automatic transitions the case may add (any other of the system's fails the case).
 */
async function race(
  start: Start,
  calls: (code: string) => Call[],
  opts: {
    prepare?: (code: string) => Promise<unknown>;
    alongside?: (code: string) => Promise<unknown>;
    systemActions?: string[];
    settle?: (code: string) => Promise<unknown>;
  } = {},
): Promise<{ code: string; state: DossierState; answers: number[] }> {
  const code = await dossierIn(start);
  const batch = calls(code);
  expect(new Set(batch.map((c) => identity(c.action, c.actor.sub, noteOf(c.body)))).size).toBe(batch.length);
  await opts.prepare?.(code);
  const before = await factsOf(code);
  const [responses] = await Promise.all([Promise.all(batch.map((c) => send(code, c))), opts.alongside?.(code)]);
  const now = new Date();
  await opts.settle?.(code);

  // The history since the race: the accepted calls, in the order they were applied.
  const after = (await eventsOf(code)).filter((e) => e.seq > before.state.seq);
  const system = after.filter((e) => e.actor.sub === SYSTEM_ACTOR.sub).map((e) => e.action);
  expect(system.filter((a) => !(opts.systemActions ?? []).includes(a))).toEqual([]);
  const ids = batch.map((c) => identity(c.action, c.actor.sub, noteOf(c.body)));
  const applied = after.filter((e) => e.actor.sub !== SYSTEM_ACTOR.sub).map((e) => ids.indexOf(identity(e.action, e.actor.sub, e.note)));
  const answers = responses.map((r) => r.status);
  const observed = outcomeKey({ codes: answers, applied });

  const possible = serialOutcomes(before.facts, batch, now);
  expect([...possible.keys()]).toContain(observed);
  for (const [i, r] of responses.entries()) {
    if (r.status !== 200) expect(r.body).toEqual({ code: expect.any(String), message: expect.any(String) });
    else expect(r.body).toMatchObject({ code, history: expect.arrayContaining([expect.objectContaining({ action: batch[i].action })]) });
  }

  const state = await expectAgreement(code);
  const model = possible.get(observed)!.final;
  expect({ status: state.status, assignee: state.assignee }).toEqual({ status: model.status, assignee: model.assignee });
  return { code, state, answers };
}

/**
 * Runs a case ROUNDS times, each on a new dossier, the rounds at the same time unless a case touches shared
 * state (the calendar); returns each round's answers.
 */
async function rounds(run: () => Promise<{ answers: number[] }>, opts: { parallel?: boolean } = {}): Promise<number[][]> {
  if (opts.parallel !== false) return (await Promise.all(Array.from({ length: ROUNDS }, run))).map((r) => r.answers);
  const seen: number[][] = [];
  for (let i = 0; i < ROUNDS; i++) seen.push((await run()).answers);
  return seen;
}

const count = (answers: number[], status: number) => answers.filter((s) => s === status).length;
const TIMEOUT = 60_000;

describe('the same action, sent at once by several staff', () => {
  it(
    'claim: exactly one officer gets the dossier, the others 409',
    async () => {
      const seen = await rounds(() => race('transferred', () => officers.slice(0, 5).map((o) => call(o, 'claim'))));
      for (const a of seen) expect([count(a, 200), count(a, 409)]).toEqual([1, 4]);
    },
    TIMEOUT,
  );

  it(
    'reassign: every reassignment applies in turn; the last one decides',
    async () => {
      const seen = await rounds(() =>
        race('processing', () => leaders.slice(0, 4).map((l, i) => call(l, 'reassign', { assignee: officers[i + 1].actor.sub, reason: `Phân công lại ${i}` }))),
      );
      for (const a of seen) expect(a).toEqual([200, 200, 200, 200]);
    },
    TIMEOUT,
  );

  it(
    'request-supplement: one request wins; the assignee’s others get 409, the leader 403 or 409',
    async () => {
      const seen = await rounds(() =>
        race('processing', () => [
          ...[0, 1, 2, 3].map((i) => call(officers[0], 'request-supplement', { reason: `Thiếu giấy tờ ${i}`, documents: REQUESTED })),
          ...[0, 1].map((i) => call(leaders[i], 'request-supplement', { reason: `Lãnh đạo yêu cầu ${i}`, documents: REQUESTED })),
        ]),
      );
      for (const a of seen) expect(count(a, 200)).toBe(1);
    },
    TIMEOUT,
  );

  it(
    'supplement: one clerk’s supplement is taken, the others 409',
    async () => {
      const seen = await rounds(() =>
        race('awaiting_supplement', () => [...clerks.slice(0, 2), ...returnClerks.slice(0, 2)].map((c) => call(c, 'supplement', { documents: REQUESTED.map((code) => ({ code })) }))),
      );
      for (const a of seen) expect([count(a, 200), count(a, 409)]).toEqual([1, 3]);
    },
    TIMEOUT,
  );

  it(
    'submit: the assignee’s first submission wins; the rest 409, another officer 403 or 409',
    async () => {
      const seen = await rounds(() =>
        race('processing', () => [
          ...[0, 1, 2, 3, 4].map((i) => call(officers[0], 'submit', { outcome: i === 1 ? 'refused' : 'approved', summary: `Kết quả thẩm định ${i}` })),
          call(officers[1], 'submit', { outcome: 'approved', summary: 'Không phải người thụ lý' }),
        ]),
      );
      for (const a of seen) expect(count(a, 200)).toBe(1);
    },
    TIMEOUT,
  );

  it(
    'send-back: one leader sends it back, the others 409',
    async () => {
      const seen = await rounds(() => race('awaiting_approval', () => leaders.slice(0, 4).map((l, i) => call(l, 'send-back', { reason: `Xem lại ${i}` }))));
      for (const a of seen) expect([count(a, 200), count(a, 409)]).toEqual([1, 3]);
    },
    TIMEOUT,
  );

  it(
    'approve: one leader approves, the others 409',
    async () => {
      const seen = await rounds(() => race('awaiting_approval', () => leaders.slice(0, 4).map((l, i) => call(l, 'approve', { note: `Đồng ý ${i}` }))));
      for (const a of seen) expect([count(a, 200), count(a, 409)]).toEqual([1, 3]);
    },
    TIMEOUT,
  );

  it(
    'apologize: the appointment is moved once, by one leader; the others 409',
    async () => {
      const seen = await rounds(() =>
        race('overdue', () =>
          leaders.slice(0, 4).map((l, i) => call(l, 'apologize', { newDueAt: apologyAt(i), reason: `Xin lỗi ${i}` })),
        ),
      );
      for (const a of seen) expect([count(a, 200), count(a, 409)]).toEqual([1, 3]);
    },
    TIMEOUT,
  );

  it(
    'return: one clerk of the return branch returns the result, the others 409; another branch 403',
    async () => {
      const seen = await rounds(() => race('result_ready', () => [...returnClerks.slice(0, 4), clerks[1]].map((c) => call(c, 'return'))));
      for (const a of seen) expect([count(a, 200), count(a, 409), a[4]]).toEqual([1, 3, 403]);
    },
    TIMEOUT,
  );

  it(
    'withdraw: withdrawn once, the others 409',
    async () => {
      const seen = await rounds(() => race('processing', () => [...clerks.slice(0, 2), ...returnClerks.slice(0, 2)].map((c, i) => call(c, 'withdraw', { reason: `Công dân rút ${i}` }))));
      for (const a of seen) expect([count(a, 200), count(a, 409)]).toEqual([1, 3]);
    },
    TIMEOUT,
  );
});

describe('different actions, sent at once', () => {
  it(
    'submit with reassign: a submission then refuses the reassignments (409), or a reassignment refuses the submissions (403)',
    async () => {
      await rounds(() =>
        race('processing', () => [
          call(officers[0], 'submit', { outcome: 'approved', summary: 'Nộp A' }),
          call(officers[0], 'submit', { outcome: 'approved', summary: 'Nộp B' }),
          call(leaders[0], 'reassign', { assignee: officers[1].actor.sub, reason: 'Chuyển B' }),
          call(leaders[1], 'reassign', { assignee: officers[2].actor.sub, reason: 'Chuyển C' }),
        ]),
      );
    },
    TIMEOUT,
  );

  it(
    'approve with send-back: exactly one of them',
    async () => {
      const seen = await rounds(() =>
        race('awaiting_approval', () => [
          call(leaders[0], 'approve', { note: 'Duyệt 1' }),
          call(leaders[1], 'approve', { note: 'Duyệt 2' }),
          call(leaders[2], 'send-back', { reason: 'Trả lại 1' }),
          call(leaders[3], 'send-back', { reason: 'Trả lại 2' }),
        ]),
      );
      for (const a of seen) expect([count(a, 200), count(a, 409)]).toEqual([1, 3]);
    },
    TIMEOUT,
  );

  it(
    'supplement with withdraw: a supplement then a withdrawal both apply; a withdrawal first refuses the supplements',
    async () => {
      await rounds(() =>
        race('awaiting_supplement', () => [
          call(clerks[0], 'supplement', { documents: REQUESTED.map((code) => ({ code })) }),
          call(returnClerks[0], 'supplement', { documents: REQUESTED.map((code) => ({ code })) }),
          call(clerks[1], 'withdraw', { reason: 'Rút 1' }),
          call(returnClerks[1], 'withdraw', { reason: 'Rút 2' }),
        ]),
      );
    },
    TIMEOUT,
  );

  it(
    'claim with withdraw: a claim then a withdrawal both apply; a withdrawal first refuses the claims',
    async () => {
      await rounds(() =>
        race('transferred', () => [
          call(officers[0], 'claim'),
          call(officers[1], 'claim'),
          call(clerks[0], 'withdraw', { reason: 'Rút 1' }),
          call(returnClerks[0], 'withdraw', { reason: 'Rút 2' }),
        ]),
      );
    },
    TIMEOUT,
  );
});

describe('the same request repeated at once with one Idempotency-Key', () => {
  const cases: [Call['action'], Start, () => Call][] = [
    ['claim', 'transferred', () => call(officers[0], 'claim', {}, 'k-claim')],
    ['reassign', 'processing', () => call(leaders[0], 'reassign', { assignee: officers[1].actor.sub, reason: 'Chuyển' }, 'k-reassign')],
    ['request-supplement', 'processing', () => call(officers[0], 'request-supplement', { reason: 'Thiếu', documents: REQUESTED }, 'k-request')],
    ['supplement', 'awaiting_supplement', () => call(clerks[0], 'supplement', { documents: REQUESTED.map((code) => ({ code })) }, 'k-supplement')],
    ['submit', 'processing', () => call(officers[0], 'submit', { outcome: 'approved', summary: 'Nộp' }, 'k-submit')],
    ['send-back', 'awaiting_approval', () => call(leaders[0], 'send-back', { reason: 'Xem lại' }, 'k-send-back')],
    ['approve', 'awaiting_approval', () => call(leaders[0], 'approve', { note: 'Đồng ý' }, 'k-approve')],
    ['apologize', 'overdue', () => call(leaders[0], 'apologize', { newDueAt: apologyAt(), reason: 'Xin lỗi' }, 'k-apologize')],
    ['return', 'result_ready', () => call(returnClerks[0], 'return', {}, 'k-return')],
    ['withdraw', 'processing', () => call(clerks[0], 'withdraw', { reason: 'Rút' }, 'k-withdraw')],
  ];
  it.each(cases)(
    '%s (from %s): every answer is the first one, and the action is applied once',
    async (action, start, make) => {
      const code = await dossierIn(start);
      const seq0 = (await workflowState(code)).seq;
      const one = make();
      const same = await Promise.all(Array.from({ length: 5 }, () => send(code, one)));
      // A retry that comes later, with the same key, is the same request too.
      const later = await send(code, one);
      const answer = (r: { status: number; body: { status?: string; assignee?: string; history?: { seq: number }[] } }) => ({
        status: r.status,
        dossierStatus: r.body.status,
        assignee: r.body.assignee,
        seq: r.body.history?.at(-1)?.seq,
      });
      const first = answer(same[0]);
      expect(first).toMatchObject({ status: 200, seq: seq0 + 1 });
      expect([...same, later].map(answer)).toEqual(Array(6).fill(first));
      const applied = (await eventsOf(code)).filter((e) => e.seq > seq0 && e.actor.sub !== SYSTEM_ACTOR.sub);
      expect(applied.map((e) => e.action)).toEqual([action]);
      await expectAgreement(code);
    },
    TIMEOUT,
  );
});

describe('a calendar change at the same time as actions', () => {
  it(
    'applies both: one claim wins, the newly announced day off moves the appointment once, and all agree',
    async () => {
      interface Year {
        holidays: { date: string; name: string }[];
        makeUpWorkingDays: string[];
      }
      const civil = (d: Date) => new Date(d.getTime() + 7 * 3_600_000).toISOString().slice(0, 10);
      const weekend = (date: string) => [0, 6].includes(new Date(`${date}T12:00:00Z`).getUTCDay());
      // Each year touched, as it was loaded before the test (restored after each round and at the end).
      const original = new Map<number, { holidays: Year['holidays']; makeUpWorkingDays: { date: string; name: string }[]; source: string }>();
      const yearAsLoaded = async (year: number) => {
        if (!original.has(year)) {
          const y = (await h.api.get('/api/v1/calendar/holidays').query({ year }).auth(admin.token, { type: 'bearer' }).expect(200)).body as Year;
          original.set(year, { holidays: y.holidays, makeUpWorkingDays: y.makeUpWorkingDays.map((date) => ({ date, name: 'Làm bù' })), source: 'restored by test' });
        }
        return original.get(year)!;
      };
      const restoreAll = async () => {
        for (const [year, y] of original) await h.api.put(`/api/v1/calendar/years/${year}`).auth(admin.token, { type: 'bearer' }).send(y).expect(200);
      };
      const dueBefore = new Map<string, string>();
      const dayOff = new Map<string, string>();
      let round = 0;
      try {
        const seen = await rounds(
          () =>
            race('transferred', () => officers.slice(0, 4).map((o) => call(o, 'claim')), {
              systemActions: ['calendar-change'],
              prepare: async (code) => {
                // A new day off inside the dossier's window: the n-th working day after tomorrow (civil dates, +07:00)
                // in round n, a different day each round (an announcement of the same day again would be the
                // same fan-out workflow, see concurrency-findings.md).
                const due = (await workflowState(code)).dueAt;
                dueBefore.set(code, due);
                const working = async (d: string) => !weekend(d) && !(await yearAsLoaded(Number(d.slice(0, 4)))).holidays.some((x) => x.date === d);
                const next = (d: string) => civil(new Date(new Date(`${d}T12:00:00Z`).getTime() + DAY));
                let day = civil(new Date(Date.now() + 2 * DAY));
                for (let seen = 0, i = 0; i < 60; i++, day = next(day)) {
                  if (!(await working(day))) continue;
                  if (seen++ === round) break;
                }
                round++;
                expect(day < civil(new Date(due))).toBe(true);
                dayOff.set(code, day);
              },
              alongside: async (code) => {
                const day = dayOff.get(code)!;
                const year = Number(day.slice(0, 4));
                const y = await yearAsLoaded(year);
                const put = await h.api
                  .put(`/api/v1/calendar/years/${year}`)
                  .auth(admin.token, { type: 'bearer' })
                  .send({ ...y, holidays: [...y.holidays, { date: day, name: 'Nghỉ (thông báo mới)' }], source: 'concurrency test' })
                  .expect(200);
                expect(put.body.newDaysOff).toEqual([day]);
              },
              // The change reaches the dossier by a signal from a fan-out workflow: wait for its event. Then the
              // day off goes again, so that the next round's dossier is received without it (taking a day off
              // away moves nothing).
              settle: async (code) => {
                // The fan-out tells every open dossier (those the earlier cases left open too): up to 30 s.
                const events = await until(
                  () => eventsOf(code),
                  (es) => es.some((e) => e.action === 'calendar-change'),
                  300,
                );
                await restoreAll();
                expect(events.filter((e) => e.action === 'calendar-change')).toHaveLength(1);
              },
            }).then((r) => {
              expect(new Date(r.state.dueAt).getTime()).toBeGreaterThan(new Date(dueBefore.get(r.code)!).getTime());
              return r;
            }),
          { parallel: false },
        );
        for (const a of seen) expect([count(a, 200), count(a, 409)]).toEqual([1, 3]);
      } finally {
        await restoreAll();
      }
    },
    TIMEOUT,
  );
});
