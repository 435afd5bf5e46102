import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { actors, act, catalogueFixture, receive, type CatalogueFixture } from '../support/fixtures';
import { startHarness, type Harness } from '../support/harness';
import { testServices } from '../support/services';

let h: Harness;
let f: CatalogueFixture;
let t: Awaited<ReturnType<typeof actors>>;

beforeAll(async () => {
  h = await startHarness({ withWorker: false, temporalTimeoutMs: 3_000 });
  f = await catalogueFixture(h);
  t = await actors(h, f);
});
afterAll(() => h?.close());

/** The real worker process (worker/main.ts) on this file's task queue. */
function workerProcess(): ChildProcess {
  const { databaseUrl, temporalAddress } = testServices();
  const root = path.resolve(__dirname, '..', '..');
  return spawn(process.execPath, ['--import', 'tsx', path.join(root, 'worker', 'main.ts')], {
    env: { ...process.env, DATABASE_URL: databaseUrl, TEMPORAL_ADDRESS: temporalAddress, TASK_QUEUE: h.taskQueue, LOG_LEVEL: 'warn' },
    stdio: ['ignore', 'inherit', 'inherit'],
  });
}

async function untilPolling(): Promise<void> {
  // Readiness is a condition, not a sleep: the API's own readiness probe says when the worker polls.
  for (;;) {
    const res = await h.api.get('/readyz');
    if (res.status === 200) return;
    await new Promise((r) => setTimeout(r, 250));
  }
}

describe('resilience', () => {
  it('answers 503 quickly, changing nothing, when no worker polls', async () => {
    const before = await h.db('dossiers').count<{ count: number }[]>('* as count');
    const started = Date.now();
    const res = await receive(h, f, t.clerk).expect(503);
    expect(res.body.code).toBe('unavailable');
    expect(Date.now() - started).toBeLessThan(15_000);
    expect(await h.db('dossiers').count('* as count')).toEqual(before);
    const ready = await h.api.get('/readyz').expect(503);
    expect(ready.body.checks.postgres).toBe('ok');
  });

  it('carries a dossier on after its worker is killed mid-lifecycle, with no duplicated history', async () => {
    let worker = workerProcess();
    await untilPolling();
    const { body } = await receive(h, f, t.clerk).expect(201);
    const code: string = body.code;
    await act(h, t.officer, code, 'claim').expect(200);

    worker.kill('SIGKILL');
    await new Promise((r) => worker.once('exit', r));
    worker = workerProcess();
    try {
      // Until the new worker has taken over, the API answers 503; the clerk's software repeats the action with
      // the same Idempotency-Key, and it must happen exactly once.
      // The API answers 503 at once while no worker runs, so the client backs off between attempts.
      let res;
      for (let attempt = 0, until = Date.now() + 120_000; Date.now() < until; attempt++) {
        res = await act(h, t.officer, code, 'submit', { outcome: 'approved', summary: 'sau sự cố' }).set('Idempotency-Key', 'submit-1');
        if (res.status !== 503) break;
        expect(res.body.code).toBe('unavailable');
        await new Promise((r) => setTimeout(r, Math.min(250 * 2 ** attempt, 2_000)));
      }
      expect(res?.status).toBe(200);
      expect(res?.body.status).toBe('awaiting_approval');
      await act(h, t.leader, code, 'approve').expect(200);
      await act(h, t.clerk, code, 'return').expect(200);
    } finally {
      worker.kill('SIGTERM');
      await new Promise((r) => worker.once('exit', r));
    }
    const events = await h.db('dossier_events').where({ dossier_code: code }).orderBy('seq').select('seq', 'action');
    expect(events.map((e) => `${e.seq}:${e.action}`)).toEqual(['1:receive', '2:transfer', '3:claim', '4:submit', '5:approve', '6:return']);
    const tasks = await h.db('tasks').where({ dossier_code: code });
    expect(new Set(tasks.map((x) => x.id)).size).toBe(tasks.length);
    expect(tasks.filter((x) => x.closed_at === null)).toEqual([]);
  }, 180_000); // the client retries for up to two minutes while the new worker takes over
});
