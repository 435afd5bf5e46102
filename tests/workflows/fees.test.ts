import { WorkflowUpdateFailedError } from '@temporalio/client';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import type { Worker } from '@temporalio/worker';
import type { Knex } from 'knex';
import { createDb } from '../../db/knex';
import type { CalendarData } from '../../domain/calendar';
import type { FeeState } from '../../domain/fees';
import type { Actor } from '../../domain/roles';
import { dossierWorkflow } from '../../workflows/dossier';
import { actionUpdates, receiptUpdate, stateQuery } from '../../workflows/messages';
import { testServices } from '../support/services';
import { dossierWorker, recordedReceipt, terminateQuietly, timeSkippingEnv } from '../support/workflow-env';

/**
 * Fees on the time-skipping test server (domain.md §4 Fees): a dossier whose fee comes before processing and
 * was not paid at reception waits, its clock not started — nothing falls due, nothing escalates — and at
 * payment its appointment and hand-overs are counted from the payment. The scenario happens in March of a
 * later year (the server's clock only moves forward), on a calendar with no days off that month; instants by hand.
 */
let env: TestWorkflowEnvironment;
let db: Knex;
let worker: Worker;
let running: Promise<void>;
const taskQueue = 'fees';
const HOUR = 3_600_000;
const DAY = 24 * HOUR;

const clerk: Actor = { sub: 'clerk-1', role: 'clerk', unitId: 'branch-tay-ho' };
const clerkElsewhere: Actor = { sub: 'clerk-7', role: 'clerk', unitId: 'branch-cau-giay-thanh-xuan' };
const officer: Actor = { sub: 'officer-1', role: 'officer', unitId: 'dept-justice' };
const FEE: FeeState = { amount: 50_000, collectedAt: 'reception', payBeforeProcessing: true, paid: null };

const CALENDAR: CalendarData = {
  utcOffsetMinutes: 420,
  officeHours: { weekdays: [1, 2, 3, 4, 5], periods: [{ start: '08:00', end: '12:00' }, { start: '13:00', end: '17:00' }] },
  daysOff: [],
  makeUpWorkingDays: [],
};

/** The first Monday of March of a year well ahead of the test server's clock, and days after it. */
let march: (days: number, time: string) => Date;

const started: string[] = [];
afterEach(async () => {
  for (const id of started.splice(0)) {
    const undelivered = async () => Number((await db('notifications').where({ dossier_code: id }).whereNull('delivered_at').count<{ count: string }[]>('* as count'))[0].count) > 0;
    await terminateQuietly(env, id, undelivered);
  }
});

beforeAll(async () => {
  env = await timeSkippingEnv();
  const year = new Date(await env.currentTimeMs()).getUTCFullYear() + 1;
  const monday = new Date(Date.UTC(year, 2, 1));
  while (monday.getUTCDay() !== 1) monday.setUTCDate(monday.getUTCDate() + 1);
  march = (days, time) => new Date(`${new Date(monday.getTime() + days * DAY).toISOString().slice(0, 10)}T${time}:00+07:00`);
  db = createDb(testServices().databaseUrl);
  worker = await dossierWorker(env, db, taskQueue);
  running = worker.run();
  running.catch(() => undefined);
});
afterAll(async () => {
  try {
    worker?.shutdown();
    await running;
  } finally {
    await env?.teardown();
    await db?.destroy();
  }
});

async function sleepUntil(instant: Date): Promise<void> {
  const ms = instant.getTime() - (await env.currentTimeMs());
  if (ms < 0) throw new Error(`the test clock is already past ${instant.toISOString()}`);
  await env.sleep(ms);
}

async function events(code: string) {
  return (await db('dossier_events').where({ dossier_code: code }).orderBy('seq')) as { seq: number; action: string; status: string; at: Date; data: Record<string, unknown> | null }[];
}

async function rejection(p: Promise<unknown>): Promise<string | undefined> {
  const err = await p.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(WorkflowUpdateFailedError);
  return ((err as WorkflowUpdateFailedError).cause as { type?: string } | undefined)?.type;
}

/** Timers fire exactly; the activity that records the event takes a moment. */
function expectAt(actual: Date | string, expected: Date): void {
  expect(new Date(actual).getTime()).toBeGreaterThanOrEqual(expected.getTime());
  expect(new Date(actual).getTime()).toBeLessThan(expected.getTime() + 60_000);
}

describe('a fee that comes before processing', () => {
  it('holds the dossier, with no clock and no escalation, until it is paid; the appointment counts from the payment', async () => {
    // Received Mon 10:00, 3 working days, the fee not paid: had it been paid, the appointment would be Thu 10:00.
    await sleepUntil(march(0, '10:00'));
    const input = await recordedReceipt(db, new Date(await env.currentTimeMs()), { workingDays: 3, calendar: CALENDAR, fee: FEE });
    expectAt(input.receivedAt, march(0, '10:00'));
    const handle = await env.client.workflow.start(dossierWorkflow, { workflowId: input.code, taskQueue, args: [input] });
    started.push(input.code);
    const received = await handle.executeUpdate(receiptUpdate);
    expect(received.status).toBe('awaiting_fees');
    let row = await db('dossiers').where({ code: input.code }).first();
    expect(row).toMatchObject({ status: 'awaiting_fees', national_status: 6, fee_collected_at: 'reception', fee_paid_at: null });
    const waiting = await db('tasks').where({ dossier_code: input.code }).whereNull('closed_at').select('kind', 'unit_id', 'due_at');
    expect(waiting).toEqual([{ kind: 'pay-fee', unit_id: 'branch-tay-ho', due_at: null }]);
    // Nobody at the department can take it yet.
    expect(await rejection(handle.executeUpdate(actionUpdates.claim, { args: [{ actor: officer, body: {} }] }))).toBe('invalid_transition');

    // Three days later, past the provisional appointment (Thu 10:00) and every step of it: nothing fell due.
    await sleepUntil(march(3, '11:00'));
    expect((await events(input.code)).map((e) => e.action)).toEqual(['receive', 'await-fees']);
    expect((await handle.query(stateQuery)).deadline?.escalationLevel).toBe(0);

    // Paid Thu 11:00 at another branch: 3 working days from then is Tue 11:00 (Thu 5 h, Fri 8 h, Mon 8 h, Tue 3 h).
    const paid = await handle.executeUpdate(actionUpdates['pay-fee'], { args: [{ actor: clerkElsewhere, body: { amount: 50_000, receiptNumber: 'AA/25E-0000123' } }] });
    expect(paid.status).toBe('transferred');
    // (The payment's instant is 11:00 and the milliseconds the workflow took; the appointment keeps them.)
    expectAt(paid.dueAt, march(8, '11:00'));
    expect(paid.originalDueAt).toBe(paid.dueAt);
    expect(paid.fee?.paid).toMatchObject({ amount: 50_000, receiptNumber: 'AA/25E-0000123', by: { sub: 'clerk-7', unitId: 'branch-cau-giay-thanh-xuan' } });
    expectAt(paid.fee!.paid!.at, march(3, '11:00'));
    row = await db('dossiers').where({ code: input.code }).first();
    expect(row).toMatchObject({ status: 'transferred', national_status: 4, fee_receipt_number: 'AA/25E-0000123', fee_paid_amount: 50_000 });
    expect(new Date(row.due_at).toISOString()).toBe(paid.dueAt);
    // The claim is owed within one working day of the payment: Fri 11:00.
    const claim = await db('tasks').where({ dossier_code: input.code }).whereNull('closed_at').first('kind', 'due_at');
    expect(claim.kind).toBe('claim');
    expectAt(claim.due_at, march(4, '11:00'));
    expect(await db('tasks').where({ dossier_code: input.code, kind: 'pay-fee' }).whereNull('closed_at')).toEqual([]);

    // Paying again is refused.
    expect(await rejection(handle.executeUpdate(actionUpdates['pay-fee'], { args: [{ actor: clerk, body: { amount: 50_000, receiptNumber: 'AA/25E-0000124' } }] }))).toBe(
      'fee_already_paid',
    );

    // From now on the clock runs as for any dossier: overdue at the appointment counted from the payment.
    await sleepUntil(march(8, '12:00'));
    const escalations = (await events(input.code)).filter((e) => e.action === 'escalate');
    const overdue = escalations.find((e) => (e.data as { escalation?: string }).escalation === 'overdue');
    expect(overdue).toBeDefined();
    expectAt(overdue!.at, march(8, '11:00'));
    // Nothing escalated before the payment.
    for (const e of escalations) expect(new Date(e.at).getTime()).toBeGreaterThan(march(3, '11:00').getTime());
  });

  it('refuses the wrong amount and leaves the dossier waiting', async () => {
    const input = await recordedReceipt(db, new Date(await env.currentTimeMs()), { workingDays: 3, calendar: CALENDAR, fee: FEE });
    const handle = await env.client.workflow.start(dossierWorkflow, { workflowId: input.code, taskQueue, args: [input] });
    started.push(input.code);
    await handle.executeUpdate(receiptUpdate);
    expect(await rejection(handle.executeUpdate(actionUpdates['pay-fee'], { args: [{ actor: clerk, body: { amount: 5_000, receiptNumber: 'AA/25E-0000125' } }] }))).toBe('fee_mismatch');
    expect((await handle.query(stateQuery)).status).toBe('awaiting_fees');
    expect((await events(input.code)).map((e) => e.action)).toEqual(['receive', 'await-fees']);
  });

  it('goes to its authority at once when the fee was paid with the receipt', async () => {
    const at = new Date(await env.currentTimeMs());
    const fee: FeeState = { ...FEE, paid: { amount: 50_000, receiptNumber: 'AA/25E-0000126', note: null, at: at.toISOString(), by: clerk } };
    const input = await recordedReceipt(db, at, { workingDays: 3, calendar: CALENDAR, fee });
    const handle = await env.client.workflow.start(dossierWorkflow, { workflowId: input.code, taskQueue, args: [input] });
    started.push(input.code);
    const transferred = await handle.executeUpdate(receiptUpdate);
    expect(transferred.status).toBe('transferred');
    expect(transferred.dueAt).toBe(input.dueAt);
    expect(await db('dossiers').where({ code: input.code }).first()).toMatchObject({ status: 'transferred', fee_receipt_number: 'AA/25E-0000126' });
  });
});
