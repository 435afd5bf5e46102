import { execFile } from 'node:child_process';
import path from 'node:path';
import { checkAndRepair, checkConsistency, checkDossier, type Difference } from '../../ops/consistency';
import { insertReceipt, deleteReceipt } from '../../db/dossiers';
import { actors, act, APPLICANT, catalogueFixture, receive, type CatalogueFixture } from '../support/fixtures';
import { startHarness, type Harness } from '../support/harness';
import { testServices } from '../support/services';
import { waitFor } from '../../scripts/lib/local-services';

let h: Harness;
let f: CatalogueFixture;
let t: Awaited<ReturnType<typeof actors>>;

const fast = { confirmDelayMs: 200, timeoutMs: 10_000 };
const repoRoot = path.resolve(__dirname, '..', '..');

beforeAll(async () => {
  h = await startHarness({ checkConsistencyOnClose: false }); // it corrupts rows on purpose
  f = await catalogueFixture(h);
  t = await actors(h, f);
});
afterAll(() => h?.close());

/** The CLI as operators run it, in a child process on the test services. */
function cli(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  const { databaseUrl, temporalAddress } = testServices();
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      ['--import', 'tsx', path.join(repoRoot, 'scripts', 'check-consistency.ts'), ...args],
      { cwd: repoRoot, env: { ...process.env, DATABASE_URL: databaseUrl, TEMPORAL_ADDRESS: temporalAddress, TEMPORAL_NAMESPACE: 'default' }, timeout: 60_000 },
      (err, stdout, stderr) => resolve({ code: err ? ((err as { code?: number }).code ?? 1) : 0, stdout, stderr }),
    );
  });
}

/** Visibility is eventually consistent: wait (bounded in time) until it no longer lists the workflow as running. */
async function visibilityShowsClosed(code: string): Promise<void> {
  await waitFor(
    async () => {
      const { count } = await h.client.workflow.count(`WorkflowId = '${code}' AND ExecutionStatus = 'Running'`);
      if (count !== 0) throw new Error('still running');
    },
    30_000,
    `visibility listing ${code} as closed`,
  );
}

async function snapshot(code: string) {
  const events = await h.db('dossier_events').where({ dossier_code: code }).orderBy('seq').select('*');
  const tasks = await h.db('tasks').where({ dossier_code: code }).orderBy('id').select('*');
  const verdicts = await h.db('step_verdicts').where({ dossier_code: code }).orderBy(['step', 'seq']).select('*');
  const notifications = await h.db('notifications').where({ dossier_code: code }).orderBy('id').select('id', 'seq', 'kind', 'recipient_role', 'recipient_unit_id', 'recipient_sub', 'created_at', 'delivered_at');
  const { updated_at: _u, ...row } = await h.db('dossiers').where({ code }).first();
  return { events, tasks, verdicts, notifications, row };
}

const fields = (ds: Difference[]) => ds.map((d) => `${d.code} ${d.field}`).sort();

describe('the consistency check between dossier workflows and the read model', () => {
  let examined: string; // awaiting approval: claim and examination verdicts, tasks opened and closed
  let waiting: string; // awaiting a supplement: notifications
  const codes = () => [examined, waiting];

  beforeAll(async () => {
    examined = (await receive(h, f, t.clerk).expect(201)).body.code;
    await act(h, t.officer, examined, 'claim').expect(200);
    await act(h, t.officer, examined, 'submit', { outcome: 'approved', summary: 'Hồ sơ hợp lệ' }).expect(200);
    waiting = (await receive(h, f, t.clerk).expect(201)).body.code;
    await act(h, t.officer, waiting, 'claim').expect(200);
    await act(h, t.officer, waiting, 'request-supplement', { reason: 'Thiếu giấy tờ', documents: [f.procedure.requiredDocuments[0].code] }).expect(200);
  });

  it('finds nothing different in dossiers driven through the API', async () => {
    const report = await checkConsistency(h.db, h.client, { codes: codes(), ...fast });
    expect(report.differences).toEqual([]);
    expect(report.checked).toBe(2);
    expect(report.rows).toBe(2);
    const cleanRun = await cli('--codes', codes().join(','));
    expect(cleanRun.stdout).toContain('checked 2 dossiers');
    expect(cleanRun.stdout).toContain(': 0 differences');
    expect(cleanRun.code).toBe(0);
  });

  it('reports exactly what was corrupted, and a repair rebuilds it from the workflow history', async () => {
    const before = await snapshot(examined);
    expect(before.events.map((e: { seq: number }) => e.seq)).toEqual([1, 2, 3, 4]);
    expect(before.verdicts.length).toBe(2);
    const lastSeq = before.events.at(-1).seq;
    const shifted = new Date(new Date(before.row.due_at).getTime() + 86_400_000);

    await h.db('dossier_events').where({ dossier_code: examined, seq: lastSeq }).delete();
    await h.db('dossiers').where({ code: examined }).update({ status: 'transferred', due_at: shifted });

    const report = await checkConsistency(h.db, h.client, { codes: codes(), ...fast });
    expect(fields(report.differences)).toEqual([`${examined} due_at`, `${examined} events`, `${examined} status`]);
    const byField = Object.fromEntries(report.differences.map((d) => [d.field, d]));
    expect(byField.status).toMatchObject({ workflow: 'awaiting_approval', readModel: 'transferred' });
    expect(byField.due_at).toMatchObject({ workflow: new Date(before.row.due_at).toISOString(), readModel: shifted.toISOString() });
    expect(byField.events).toMatchObject({ workflow: '1..4', readModel: '1..3 (missing 4)' });

    const dirty = await cli('--codes', codes().join(','));
    expect(dirty.code).toBe(1);
    expect(dirty.stdout).toContain(`DIFF ${examined} status: workflow=awaiting_approval read-model=transferred`);
    expect(dirty.stdout).toContain('3 differences');
    expect(dirty.stdout + dirty.stderr).not.toContain(APPLICANT.fullName);
    expect(dirty.stdout + dirty.stderr).not.toContain(APPLICANT.idNumber);

    const repaired = await checkAndRepair(h.db, h.client, { codes: codes(), repair: [examined], ...fast });
    expect(repaired.repairs).toEqual([{ code: examined, ok: true, reapplied: 3, lastSeq: 4 }]);
    expect(repaired.differences).toEqual([]);
    const after = await snapshot(examined);
    expect(after).toEqual(before);
  });

  it('repairs every different dossier from the CLI (--repair-all), keeping delivered notifications', async () => {
    const before = await snapshot(waiting);
    expect(before.notifications.length).toBeGreaterThan(0);
    expect(before.notifications.every((n: { delivered_at: Date | null }) => n.delivered_at !== null)).toBe(true);
    // Corrupt the deadline side: escalation level, a duplicated open task, a lost event in the middle.
    const openTask = before.tasks.find((x: { closed_at: Date | null }) => x.closed_at === null);
    await h.db('tasks').insert({ ...openTask, id: `${openTask.id}:dup` });
    await h.db('dossiers').where({ code: waiting }).update({ escalation_level: 3, assignee: 'someone-else' });
    await h.db('dossier_events').where({ dossier_code: waiting, seq: 2 }).delete();
    const { differences } = await checkConsistency(h.db, h.client, { codes: [waiting], ...fast });
    expect(fields(differences)).toEqual(
      [`${waiting} assignee`, `${waiting} escalation_level`, `${waiting} events`, `${waiting} open tasks ${openTask.kind}`].sort(),
    );

    const fixed = await cli('--codes', waiting, '--repair-all', '--json');
    const report = JSON.parse(fixed.stdout);
    expect(report).toMatchObject({ checked: 1, workflows: expect.any(Number), rows: 1, differences: [], repairs: [{ code: waiting, ok: true, lastSeq: 4 }] });
    expect(fields(report.repairedDifferences)).toEqual(fields(differences));
    expect(fixed.code).toBe(0);
    expect(await snapshot(waiting)).toEqual(before);
  });

  it('reports a read-model row whose workflow is not running, but not a receipt in flight', async () => {
    const { body } = await receive(h, f, t.clerk).expect(201);
    await h.client.workflow.getHandle(body.code).terminate('consistency test');
    await visibilityShowsClosed(body.code);
    const { differences } = await checkConsistency(h.db, h.client, { codes: [body.code], ...fast });
    expect(differences).toEqual([{ code: body.code, field: 'workflow', workflow: 'terminated', readModel: 'transferred' }]);

    // A receipt whose workflow is still being started: not a difference for a minute, then one.
    const code = `CONSISTENCY-${Date.now()}`;
    await h.db.transaction((tx) =>
      insertReceipt(tx, code, {
        procedureCode: f.procedure.code,
        procedureVersion: '2025-01-01',
        procedureName: 'x',
        departmentId: f.procedure.departmentId,
        receivingBranchId: f.branch,
        returnBranchId: f.branch,
        channel: 'in_person',
        applicant: APPLICANT,
        documents: [],
        note: null,
        receivedAt: new Date().toISOString(),
        dueAt: new Date(Date.now() + 86_400_000).toISOString(),
        lookupPinHash: 'x',
        imported: false,
        actor: { sub: 'clerk-1', role: 'clerk', unitId: f.branch },
      }),
    );
    try {
      expect((await checkConsistency(h.db, h.client, { codes: [code], ...fast })).differences).toEqual([]);
      await h.db('dossiers').where({ code }).update({ created_at: new Date(Date.now() - 120_000) });
      expect((await checkConsistency(h.db, h.client, { codes: [code], ...fast })).differences).toEqual([
        { code, field: 'workflow', workflow: 'not found', readModel: 'received' },
      ]);
      // Nothing to rebuild it from: the repair says so, and the difference stays.
      const report = await checkAndRepair(h.db, h.client, { codes: [code], repairAll: true, ...fast });
      expect(report.repairs).toEqual([expect.objectContaining({ code, ok: false })]);
      expect(report.differences).toHaveLength(1);
    } finally {
      await deleteReceipt(h.db, code);
    }
  });

  it('does not count a finished dossier whose workflow completed after it was listed', async () => {
    const { body } = await receive(h, f, t.clerk).expect(201);
    await act(h, t.otherClerk, body.code, 'withdraw', { reason: 'Công dân xin rút hồ sơ' }).expect(200);
    await h.client.workflow.getHandle(body.code).result();
    // As if visibility still listed it as running.
    expect(await checkDossier(h.db, h.client, body.code, { assumeRunning: true, ...fast })).toEqual([]);
    await visibilityShowsClosed(body.code);
    expect(await checkConsistency(h.db, h.client, { codes: [body.code], ...fast })).toEqual({ checked: 1, workflows: 0, rows: 0, closedRows: 1, differences: [] });
  });
});
