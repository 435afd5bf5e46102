import type { TestWorkflowEnvironment } from '@temporalio/testing';
import type { Worker } from '@temporalio/worker';
import type { Knex } from 'knex';
import { createDb } from '../../db/knex';
import type { Actor } from '../../domain/roles';
import { dossierWorkflow } from '../../workflows/dossier';
import { actionUpdates, receiptUpdate, stateQuery } from '../../workflows/messages';
import { testServices } from '../support/services';
import { dossierWorker, recordedReceipt, timeSkippingEnv } from '../support/workflow-env';

/**
 * Updates sent to one dossier at the same instant are delivered to the workflow together: each must be judged
 * against the state the previous one left (a real mutex), never against a state they all saw.
 */
let env: TestWorkflowEnvironment;
let db: Knex;
let worker: Worker;
let running: Promise<void>;
const taskQueue = 'dossier-concurrency';

const officers: Actor[] = [1, 2, 3, 4].map((n) => ({ sub: `officer-${n}`, role: 'officer', unitId: 'dept-justice' }));
const leader: Actor = { sub: 'leader-1', role: 'leader', unitId: 'dept-justice' };

beforeAll(async () => {
  env = await timeSkippingEnv();
  db = createDb(testServices().databaseUrl);
  worker = await dossierWorker(env, db, taskQueue);
  running = worker.run();
});
afterAll(async () => {
  worker?.shutdown();
  await running;
  await env?.teardown();
  await db?.destroy();
});

async function start() {
  const input = await recordedReceipt(db, new Date(await env.currentTimeMs()), { workingDays: 5 });
  const handle = await env.client.workflow.start(dossierWorkflow, { workflowId: input.code, taskQueue, args: [input] });
  await handle.executeUpdate(receiptUpdate);
  return { handle, code: input.code };
}

type Handle = Awaited<ReturnType<typeof start>>['handle'];
type Outcome = { ok: true; seq: number } | { ok: false; type: string };

function outcome(p: Promise<{ seq: number }>): Promise<Outcome> {
  return p.then(
    (s) => ({ ok: true as const, seq: s.seq }),
    (err: unknown) => {
      let e: unknown = err;
      while (e instanceof Error && e.cause) e = e.cause;
      return { ok: false as const, type: (e as { type?: string }).type ?? String(e) };
    },
  );
}

async function history(code: string): Promise<{ seq: number; action: string }[]> {
  return db('dossier_events').where({ dossier_code: code }).orderBy('seq').select('seq', 'action');
}

async function expectAgreement(handle: Handle, code: string): Promise<void> {
  const state = await handle.query(stateQuery);
  const events = await history(code);
  expect(events.map((e) => e.seq)).toEqual(events.map((_, i) => i + 1));
  const row = await db('dossiers').where({ code }).first();
  expect(row).toMatchObject({ status: state.status, last_seq: state.seq, assignee: state.assignee });
  expect(events.at(-1)!.seq).toBe(state.seq);
}

describe('simultaneous actions on one dossier', () => {
  it('lets exactly one of four simultaneous claims win; the others are refused', async () => {
    const { handle, code } = await start();
    const results = await Promise.all(officers.map((o) => outcome(handle.executeUpdate(actionUpdates.claim, { args: [{ actor: o, body: {} }] }))));
    expect(results.filter((r) => r.ok)).toHaveLength(1);
    expect(results.filter((r) => !r.ok).map((r) => (r as { type: string }).type)).toEqual(['invalid_transition', 'invalid_transition', 'invalid_transition']);
    const winner = officers[results.findIndex((r) => r.ok)];
    expect((await handle.query(stateQuery)).assignee).toBe(winner.sub);
    expect((await history(code)).filter((e) => e.action === 'claim')).toHaveLength(1);
    await expectAgreement(handle, code);
  });

  it('applies three simultaneous reassignments in turn, each in the history once', async () => {
    const { handle, code } = await start();
    await handle.executeUpdate(actionUpdates.claim, { args: [{ actor: officers[0], body: {} }] });
    const results = await Promise.all(
      [1, 2, 3].map((n) => outcome(handle.executeUpdate(actionUpdates.reassign, { args: [{ actor: leader, body: { assignee: `officer-${n + 1}`, reason: `lượt ${n}` } }] }))),
    );
    expect(results.every((r) => r.ok)).toBe(true);
    expect(new Set(results.map((r) => (r as { seq: number }).seq)).size).toBe(3);
    const events = await history(code);
    expect(events.filter((e) => e.action === 'reassign')).toHaveLength(3);
    await expectAgreement(handle, code);
  });

  it('never loses a submit racing a reassignment: one wins, the other is judged on its result', async () => {
    const { handle, code } = await start();
    await handle.executeUpdate(actionUpdates.claim, { args: [{ actor: officers[0], body: {} }] });
    const [submit, reassign] = await Promise.all([
      outcome(handle.executeUpdate(actionUpdates.submit, { args: [{ actor: officers[0], body: { outcome: 'approved', summary: 'ok' } }] })),
      outcome(handle.executeUpdate(actionUpdates.reassign, { args: [{ actor: leader, body: { assignee: 'officer-2', reason: 'cân đối' } }] })),
    ]);
    // Either order is a serial one: submit first makes the reassignment invalid (awaiting approval); a
    // reassignment first makes the submit forbidden (no longer the assignee).
    expect([submit.ok, reassign.ok].filter(Boolean)).toHaveLength(1);
    const loser = (submit.ok ? reassign : submit) as { type: string };
    expect(loser.type).toBe(submit.ok ? 'invalid_transition' : 'forbidden');
    const actions = (await history(code)).map((e) => e.action);
    expect(actions.filter((a) => a === 'submit' || a === 'reassign')).toHaveLength(1);
    await expectAgreement(handle, code);
  });

  it('approves or sends back, never both', async () => {
    const { handle, code } = await start();
    await handle.executeUpdate(actionUpdates.claim, { args: [{ actor: officers[0], body: {} }] });
    await handle.executeUpdate(actionUpdates.submit, { args: [{ actor: officers[0], body: { outcome: 'approved', summary: 'ok' } }] });
    // (A simultaneous withdrawal, which closes the dossier, is tried on the dev server in
    // tests/integration/concurrency.test.ts: the Java test server can hang on updates left at a close.)
    const results = await Promise.all([
      outcome(handle.executeUpdate(actionUpdates.approve, { args: [{ actor: leader, body: {} }] })),
      outcome(handle.executeUpdate(actionUpdates['send-back'], { args: [{ actor: leader, body: { reason: 'xem lại' } }] })),
    ]);
    // Approve and send-back exclude each other: exactly one wins, the other finds the dossier moved on.
    expect(results.filter((r) => r.ok)).toHaveLength(1);
    expect(results.find((r) => !r.ok)).toEqual({ ok: false, type: 'invalid_transition' });
    await expectAgreement(handle, code);
  });
});
