import type { TestWorkflowEnvironment } from '@temporalio/testing';
import type { Worker } from '@temporalio/worker';
import type { Knex } from 'knex';
import { createDb } from '../../db/knex';
import type { Actor } from '../../domain/roles';
import { dossierWorkflow } from '../../workflows/dossier';
import { actionUpdates, receiptUpdate } from '../../workflows/messages';
import { testServices } from '../support/services';
import { dossierWorker, recordedReceipt, timeSkippingEnv } from '../support/workflow-env';

let env: TestWorkflowEnvironment;
let db: Knex;
let worker: Worker;
let running: Promise<void>;
const taskQueue = 'dossier-clock';

const officer: Actor = { sub: 'officer-1', role: 'officer', unitId: 'dept-justice' };
const leader: Actor = { sub: 'leader-1', role: 'leader', unitId: 'dept-justice' };
const clerk: Actor = { sub: 'clerk-1', role: 'clerk', unitId: 'branch-tay-ho' };

beforeAll(async () => {
  env = await timeSkippingEnv();
  db = createDb(testServices().databaseUrl);
  worker = await dossierWorker(env, db, taskQueue);
  running = worker.run();
  // Awaited in afterAll: a worker that failed early is reported there, not as an unhandled rejection.
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

const HOUR = 3_600_000;

/** Starts a dossier received at the test server's current time and waits until it is transferred. */
async function start(workingDays: number) {
  const receivedAt = new Date(await env.currentTimeMs());
  const input = await recordedReceipt(db, receivedAt, { workingDays });
  const handle = await env.client.workflow.start(dossierWorkflow, { workflowId: input.code, taskQueue, args: [input] });
  const transferred = await handle.executeUpdate(receiptUpdate);
  return { handle, input, transferred };
}

async function finish(handle: Awaited<ReturnType<typeof start>>['handle'], afterMs: number) {
  await handle.executeUpdate(actionUpdates.claim, { args: [{ actor: officer, body: {} }] });
  await handle.executeUpdate(actionUpdates.submit, { args: [{ actor: officer, body: { outcome: 'approved', summary: 'ok' } }] });
  await env.sleep(afterMs);
  const approved = await handle.executeUpdate(actionUpdates.approve, { args: [{ actor: leader, body: {} }] });
  await handle.executeUpdate(actionUpdates.return, { args: [{ actor: clerk, body: {} }] });
  return { approved, result: await handle.result() };
}

describe('the dossier workflow on workflow time', () => {
  it('judges a result ready weeks after its appointment late, by the workflow clock', async () => {
    const { handle, input, transferred } = await start(3);
    expect(transferred.status).toBe('transferred');
    const { approved, result } = await finish(handle, 30 * 24 * HOUR);
    expect(approved.timeliness).toBe('late');
    expect(new Date(approved.resultReadyAt!).getTime()).toBeGreaterThan(new Date(input.dueAt).getTime());
    expect(result).toMatchObject({ status: 'returned', timeliness: 'late' });
    const row = await db('dossiers').where({ code: input.code }).first();
    expect(row).toMatchObject({ status: 'returned', timeliness: 'late', last_seq: result.seq, on_time_766: false });
    // While it lay unapproved the timers escalated it, level by level, as history events.
    const events = await db('dossier_events').where({ dossier_code: input.code }).orderBy('seq').pluck('action');
    expect(events.filter((a: string) => a === 'escalate')).toHaveLength(4);
    expect(row.closed_at).not.toBeNull();
  });

  it('judges a result ready before the appointment date early', async () => {
    const { handle } = await start(10);
    const { approved } = await finish(handle, 2 * HOUR);
    expect(approved.timeliness).toBe('early');
  });

  it('keeps the projection idempotent: the history has one event per transition', async () => {
    const { handle, input } = await start(5);
    await finish(handle, HOUR);
    const events = await db('dossier_events').where({ dossier_code: input.code }).orderBy('seq').select('seq', 'action');
    expect(events.map((e) => e.action)).toEqual(['receive', 'transfer', 'claim', 'submit', 'approve', 'return']);
    expect(events.map((e) => e.seq)).toEqual([1, 2, 3, 4, 5, 6]);
  });

  it('ends quietly when its receipt was rolled back (the API could not confirm the start in time)', async () => {
    const input = await recordedReceipt(db, new Date(await env.currentTimeMs()), { workingDays: 5 });
    await db('dossier_events').where({ dossier_code: input.code }).delete();
    await db('dossiers').where({ code: input.code }).delete();
    const result = await env.client.workflow.execute(dossierWorkflow, { workflowId: input.code, taskQueue, args: [input] });
    expect(result).toMatchObject({ code: input.code, status: 'received', seq: 1 });
    expect(await db('dossier_events').where({ dossier_code: input.code })).toEqual([]);
  });
});
