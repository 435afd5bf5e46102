import { spawn, type ChildProcess } from 'node:child_process';
import net from 'node:net';
import path from 'node:path';
import { signStaffToken } from '../../api/auth';
import type { Actor } from '../../domain/roles';
import { catalogueFixture, type CatalogueFixture } from '../support/fixtures';
import { startHarness, TEST_SECRET, type Harness } from '../support/harness';
import { testServices } from '../support/services';

/**
 * No personal data of the applicant in Temporal or in logs (domain.md §4): one whole lifecycle through the
 * real API and worker processes at LOG_LEVEL=debug, then the workflow's history (every payload decoded),
 * memo, search attributes, the API's metrics and every log line are searched for the applicant's data.
 */
const APPLICANT = {
  fullName: 'Lương Thị Xuyến Canarybird',
  idNumber: 'PII0792918273645',
  phone: '+84 977 31 42 59',
  email: 'xuyen.canarybird@example.vn',
  address: 'Ngõ 77 phố Canarybird, phường Láng, Hà Nội',
};
/** What must not appear, including the forms a leak might take (digits only, JSON-escaped, each distinctive part). */
const NEEDLES = [
  ...Object.values(APPLICANT),
  '84977314259',
  '977314259',
  'Canarybird',
  'canarybird',
  'Xuyến',
  JSON.stringify('Xuyến').slice(1, -1).replace(/[\u0080-\uffff]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`),
];

let h: Harness;
let f: CatalogueFixture;
const lines: string[] = [];
const children: ChildProcess[] = [];

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as net.AddressInfo;
      srv.close(() => resolve(port));
    });
  });
}

/** A real process of ours (api/main.ts or worker/main.ts) on this file's task queue, every log line captured. */
function start(entry: string, env: Record<string, string>): ChildProcess {
  const { databaseUrl, temporalAddress } = testServices();
  const root = path.resolve(__dirname, '..', '..');
  const child = spawn(process.execPath, ['--import', 'tsx', path.join(root, entry)], {
    env: { ...process.env, DATABASE_URL: databaseUrl, TEMPORAL_ADDRESS: temporalAddress, TASK_QUEUE: h.taskQueue, AUTH_JWT_SECRET: TEST_SECRET, LOG_LEVEL: 'debug', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  for (const stream of [child.stdout!, child.stderr!]) {
    let rest = '';
    stream.setEncoding('utf8');
    stream.on('data', (chunk: string) => {
      const parts = (rest + chunk).split('\n');
      rest = parts.pop() ?? '';
      lines.push(...parts.map((l) => `${entry}: ${l}`));
    });
    stream.on('end', () => rest && lines.push(`${entry}: ${rest}`));
  }
  children.push(child);
  return child;
}

function leaksIn(text: string): string[] {
  return NEEDLES.filter((n) => text.includes(n));
}

/** JSON with every byte array decoded as UTF-8 text (payloads of the JSON converter are UTF-8 JSON). */
function decoded(value: unknown): string {
  return JSON.stringify(value, (_k, v: unknown) => {
    if (v instanceof Uint8Array) return Buffer.from(v).toString('utf8');
    if (v && typeof v === 'object' && (v as { type?: string }).type === 'Buffer' && Array.isArray((v as { data?: unknown }).data)) {
      return Buffer.from((v as { data: number[] }).data).toString('utf8');
    }
    return v;
  });
}

beforeAll(async () => {
  h = await startHarness({ withWorker: false });
  f = await catalogueFixture(h);
});
afterAll(async () => {
  for (const c of children) {
    if (c.exitCode === null && c.signalCode === null) {
      c.kill('SIGTERM');
      await new Promise((r) => c.once('exit', r));
    }
  }
  await h?.close();
});

describe('personal data', () => {
  it('never reaches Temporal (history, memo, search attributes), the metrics or any log line of a whole lifecycle', async () => {
    const port = await freePort();
    start('worker/main.ts', {});
    start('api/main.ts', { PORT: String(port) });
    const base = `http://127.0.0.1:${port}`;
    const deadline = Date.now() + 120_000;
    // Ready when the API answers and sees the worker polling its task queue.
    for (;;) {
      const ready = await fetch(`${base}/readyz`).then((r) => r.status, () => 0);
      if (ready === 200) break;
      if (Date.now() > deadline) throw new Error(`the API on ${port} did not become ready:\n${lines.slice(-20).join('\n')}`);
      await new Promise((r) => setTimeout(r, 250));
    }

    const token = (actor: Actor) => signStaffToken(TEST_SECRET, actor);
    const clerk = await token({ sub: 'pii-clerk', role: 'clerk', unitId: f.branch });
    const officer = await token({ sub: 'pii-officer', role: 'officer', unitId: f.procedure.departmentId });
    const leader = await token({ sub: 'pii-leader', role: 'leader', unitId: f.procedure.departmentId });
    const call = async (tok: string, method: string, p: string, body: unknown) => {
      const res = await fetch(`${base}${p}`, { method, headers: { authorization: `Bearer ${tok}`, 'content-type': 'application/json' }, body: JSON.stringify(body) });
      const json = (await res.json()) as Record<string, unknown>;
      if (!res.ok) throw new Error(`${method} ${p}: ${res.status} ${JSON.stringify(json)}`);
      return json;
    };
    const documents = f.procedure.requiredDocuments.map((d) => ({ code: d.code }));
    const received = await call(clerk, 'POST', '/api/v1/dossiers', { procedureCode: f.procedure.code, applicant: APPLICANT, documents });
    const code = received.code as string;
    const act = (tok: string, action: string, body: unknown = {}) => call(tok, 'POST', `/api/v1/dossiers/${code}/actions/${action}`, body);
    await act(officer, 'claim');
    await act(officer, 'request-supplement', { reason: 'Thiếu bản sao', documents: [documents[0].code] });
    await act(clerk, 'supplement', { documents: [documents[0]] });
    await act(officer, 'submit', { outcome: 'approved', summary: 'Đủ điều kiện' });
    await act(leader, 'approve');
    const returned = await act(clerk, 'return');
    expect(returned.status).toBe('returned');
    const metrics = await fetch(`${base}/metrics`).then((r) => r.text());

    // The workflow has finished its work (its last notifications delivered) before its history is read.
    const handle = h.client.workflow.getHandle(code);
    await handle.result();
    const history = await handle.fetchHistory();
    const description = await handle.describe();
    for (const c of children) {
      c.kill('SIGTERM');
      await new Promise((r) => c.once('exit', r));
    }

    // The search works: the read model, where the applicant belongs, has every needle of the applicant.
    const row = await h.db('dossiers').where({ code }).first();
    expect(leaksIn(JSON.stringify(row))).toEqual(expect.arrayContaining(Object.values(APPLICANT)));
    expect(lines.length).toBeGreaterThan(20); // debug logs were captured

    const historyText = decoded(history);
    expect(historyText).toContain(code); // payloads were decoded
    expect({
      history: leaksIn(historyText),
      memo: leaksIn(decoded(description.memo ?? {})),
      searchAttributes: leaksIn(decoded({ raw: description.raw.workflowExecutionInfo?.searchAttributes, typed: description.typedSearchAttributes })),
      metrics: leaksIn(metrics),
      logLines: lines.filter((l) => leaksIn(l).length),
    }).toEqual({ history: [], memo: [], searchAttributes: [], metrics: [], logLines: [] });
  }, 240_000);
});
