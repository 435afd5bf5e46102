import { signStaffToken } from '../../api/auth';
import { units as seedUnits } from '../../db/seeds/catalogue-data';
import type { ActionName } from '../../domain/actions';
import { CENTER_UNIT_ID, roleFitsUnit } from '../../domain/roles';
import {
  actionMatrix,
  actorLabel,
  matrixActorOf,
  matrixActors,
  matrixBody,
  RECEPTION_RECORD_CREATORS,
  RELATION_KIND,
  REPORT_ROLES,
  seesDossier,
  seesDossierPrint,
  seesReceptionRecord,
  seesInRunningReports,
  visibleTasks,
  type ActionCell,
  type MatrixActor,
  type Setup,
  type Units,
} from '../../domain/security-matrix';
import { formatScopes, ServiceScope } from '../../domain/scopes';
import { APPLICANT, catalogueFixture, serviceAccount, type CatalogueFixture } from '../support/fixtures';
import { startHarness, TEST_SECRET, type Harness } from '../support/harness';

let h: Harness;
let f: CatalogueFixture;
let units: Units;
const tokens = new Map<string, string>();
const NOW = new Date();

beforeAll(async () => {
  process.env.CORS_ORIGINS = 'http://console.motcua.test';
  try {
    h = await startHarness();
  } finally {
    delete process.env.CORS_ORIGINS;
  }
  f = await catalogueFixture(h);
  // The worker polls before the first receipt (the API answers 503 until it does).
  await until(async () => (await h.api.get('/readyz')).status === 200, 'the worker to poll');
  const admin = await h.token('admin', CENTER_UNIT_ID);
  const branches = (await h.api.get('/api/v1/branches').auth(admin, { type: 'bearer' }).expect(200)).body as { id: string; kind: string }[];
  // A seeded branch: other test files add branches of their own (opening later, closed…).
  const third = branches.find((b) => b.kind === 'branch' && b.id !== f.branch && b.id !== f.otherBranch && seedUnits.some((u) => u.id === b.id));
  if (!third) throw new Error('the seed has fewer than three branches');
  units = {
    receiving_branch: f.branch,
    return_branch: f.otherBranch,
    other_branch: third.id,
    department: f.procedure.departmentId,
    other_department: f.otherDepartment,
    center: CENTER_UNIT_ID,
  };
  for (const a of matrixActors()) tokens.set(actorLabel(a), await signStaffToken(TEST_SECRET, matrixActorOf(a, units)));
  // A system is a service account (of a unit that can hold one; a branch's token is refused before any account is
  // looked up). Its token is minted here as the others are, for the run's length rather than the 15 minutes of
  // POST /auth/token, with the claims that endpoint gives.
  for (const a of matrixActors().filter((x) => x.role === 'system' && roleFitsUnit('system', RELATION_KIND[x.relation]))) {
    const account = await serviceAccount(h, units[a.relation]);
    const actor = { ...matrixActorOf(a, units), sub: account.sub };
    tokens.set(actorLabel(a), await signStaffToken(TEST_SECRET, actor, '2h', { scope: formatScopes(ServiceScope.options), secretVersion: 1 }));
  }
});
afterAll(() => h?.close());

const tokenOf = (a: MatrixActor) => tokens.get(actorLabel(a))!;
const find = (role: MatrixActor['role'], relation: MatrixActor['relation'], assignee?: boolean) =>
  matrixActors().find((a) => a.role === role && a.relation === relation && (assignee === undefined || a.assignee === assignee))!;
const get = (path: string, a: MatrixActor) => h.api.get(path).auth(tokenOf(a), { type: 'bearer' });

let keys = 0;
/**
 * An action as the matrix sends it: always with an Idempotency-Key (a system's POSTs and every progress report need
 * one; for the others it changes nothing), a progress report at its own path.
 */
const act = (token: string, code: string, action: ActionName, body: object) =>
  h.api
    .post(`/api/v1/dossiers/${encodeURIComponent(code)}/${action === 'progress' ? 'progress' : `actions/${action}`}`)
    .auth(token, { type: 'bearer' })
    .set('Idempotency-Key', `matrix-${Date.now()}-${keys++}`)
    .send(body);

let imported = 0;
/** A dossier brought to a setup's status through the API, by the actors the matrix itself uses. */
async function prepare(setup: Setup): Promise<string> {
  const clerk = find('clerk', 'receiving_branch');
  const officer = find('officer', 'department', true);
  const leader = find('leader', 'department');
  let code: string;
  const base = {
    procedureCode: f.procedure.code,
    applicant: APPLICANT,
    documents: f.procedure.requiredDocuments.map((d) => ({ code: d.code })),
    returnBranchId: units.return_branch,
  };
  if (setup.overdue) {
    // Received five months ago: overdue, every escalation behind it, the apology window open.
    const res = await h.api
      .post('/api/v1/dossiers/import')
      .auth(tokenOf(find('admin', 'center')), { type: 'bearer' })
      .send({ ...base, receivingBranchId: units.receiving_branch, receivedAt: new Date(Date.now() - 150 * 86_400_000).toISOString(), code: `MATRIX-${Date.now()}-${imported++}` })
      .expect(201);
    code = res.body.code;
    await until(async () => (await get(`/api/v1/dossiers/${code}`, find('admin', 'center'))).body.escalationLevel === 4, `escalations of ${code}`);
  } else {
    code = (await h.api.post('/api/v1/dossiers').auth(tokenOf(clerk), { type: 'bearer' }).send(base).expect(201)).body.code;
  }
  const steps: [MatrixActor, ActionName][] = {
    received: [],
    transferred: [],
    processing: [[officer, 'claim']],
    awaiting_supplement: [[officer, 'claim'], [officer, 'request-supplement']],
    awaiting_approval: [[officer, 'claim'], [officer, 'submit']],
    result_ready: [[officer, 'claim'], [officer, 'submit'], [leader, 'approve']],
    returned: [[officer, 'claim'], [officer, 'submit'], [leader, 'approve'], [find('clerk', 'return_branch'), 'return']],
    withdrawn: [],
    stopped: [],
    awaiting_fees: [],
  }[setup.status] as [MatrixActor, ActionName][];
  for (const [a, action] of steps) await act(tokenOf(a), code, action, matrixBody(action, NOW, f.procedure.fee)).expect(200);
  expect((await get(`/api/v1/dossiers/${code}`, find('admin', 'center'))).body.status).toBe(setup.status);
  return code;
}

async function until(check: () => Promise<boolean>, what: string): Promise<void> {
  const deadline = Date.now() + 60_000;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

/** Everything a refused action must leave as it was: the row, the history, the tasks, the workflow's history. */
async function snapshot(code: string) {
  const row = await h.db('dossiers').where({ code }).first();
  const events = await h.db('dossier_events').where({ dossier_code: code }).orderBy('seq').select('seq', 'action');
  const tasks = await h.db('tasks').where({ dossier_code: code }).orderBy('id').select('id', 'kind', 'closed_at');
  // The workflow's own history, but for workflow-task bookkeeping (a rejected update may share a task with nothing).
  const history = await h.client.workflow.getHandle(code).fetchHistory();
  const workflowEvents = (history.events ?? [])
    .filter((e) => !e.workflowTaskScheduledEventAttributes && !e.workflowTaskStartedEventAttributes && !e.workflowTaskCompletedEventAttributes)
    .map((e) => e.eventType);
  return { row, events, tasks, workflowEvents };
}

/** Runs jobs a few at a time (the refused ones share a dossier; they change nothing, so order does not matter). */
async function pool<T>(items: T[], width: number, job: (item: T) => Promise<void>): Promise<void> {
  const queue = [...items];
  await Promise.all(Array.from({ length: width }, async () => {
    for (let item = queue.shift(); item !== undefined; item = queue.shift()) await job(item);
  }));
}

const key = (s: Setup) => `${s.status}${s.overdue ? '+overdue' : ''}`;
const describeCell = (c: ActionCell) => `${actorLabel(c.actor)} ${c.action} in ${key(c.setup)}`;

describe('security matrix', () => {
  it('answers every role × action × unit relation as the rules say, and a refused action changes nothing', async () => {
    const cells = actionMatrix(units, NOW, f.procedure.fee);
    // The table covers every actor and action, and shows each outcome.
    expect(new Set(cells.map((c) => c.expected))).toEqual(new Set([200, 401, 403, 409]));
    const mismatches: string[] = [];
    const check = (c: ActionCell, res: { status: number; body: { code?: string; status?: string } }) => {
      const got = res.status === 200 ? `200 ${res.body.status}` : `${res.status} ${res.body.code}`;
      const want = c.expected === 200 ? `200 ${c.to}` : `${c.expected} ${c.code}`;
      if (got !== want) mismatches.push(`${describeCell(c)}: expected ${want}, got ${got}`);
    };

    // Refused cells share one dossier per setup; each accepted cell gets a fresh one.
    const refused = cells.filter((c) => c.expected !== 200);
    const accepted = cells.filter((c) => c.expected === 200);
    const setups = new Map<string, Setup>(refused.map((c) => [key(c.setup), c.setup]));
    const shared = new Map<string, string>();
    for (const [k, s] of setups) shared.set(k, await prepare(s));
    const before = new Map<string, Awaited<ReturnType<typeof snapshot>>>();
    for (const [k, code] of shared) before.set(k, await snapshot(code));
    await pool(refused, 6, async (c) => {
      check(c, await act(tokenOf(c.actor), shared.get(key(c.setup))!, c.action, matrixBody(c.action, NOW, f.procedure.fee)));
    });
    for (const [k, code] of shared) {
      const after = await snapshot(code);
      if (JSON.stringify(after) !== JSON.stringify(before.get(k))) mismatches.push(`refused actions changed the ${k} dossier: ${JSON.stringify(before.get(k))} -> ${JSON.stringify(after)}`);
    }

    await pool(accepted, 4, async (c) => {
      const code = await prepare(c.setup);
      const events = await h.db('dossier_events').where({ dossier_code: code }).count<{ count: string }[]>('* as count');
      const res = await act(tokenOf(c.actor), code, c.action, matrixBody(c.action, NOW, f.procedure.fee));
      check(c, res);
      if (res.status === 200) {
        const last = await h.db('dossier_events').where({ dossier_code: code }).orderBy('seq', 'desc').first();
        expect({ cell: describeCell(c), action: last.action, events: Number(events[0].count) + 1 }).toEqual({
          cell: describeCell(c),
          action: c.action,
          events: Number((await h.db('dossier_events').where({ dossier_code: code }).count<{ count: string }[]>('* as count'))[0].count),
        });
      }
    });
    expect(mismatches).toEqual([]);
  }, 600_000);

  describe('reads', () => {
    const actors = matrixActors();
    const valid = actors.filter((a) => roleFitsUnit(a.role, RELATION_KIND[a.relation]));
    const invalid = actors.filter((a) => !roleFitsUnit(a.role, RELATION_KIND[a.relation]));
    const dossiers = new Map<string, { code: string; setup: Setup }>();
    const setups: Setup[] = [
      { status: 'transferred', overdue: true },
      { status: 'processing', overdue: false },
      { status: 'awaiting_supplement', overdue: false },
      { status: 'awaiting_approval', overdue: false },
      { status: 'result_ready', overdue: false },
    ];

    beforeAll(async () => {
      for (const s of setups) dossiers.set(key(s), { code: await prepare(s), setup: s });
    }, 300_000);

    it('shows a dossier (GET, list) to its receiving, returning and deciding units and the center; 404 to the others', async () => {
      const mismatches: string[] = [];
      for (const { code, setup } of dossiers.values()) {
        for (const a of valid) {
          const res = await get(`/api/v1/dossiers/${code}`, a);
          const want = seesDossier(a.relation) ? 200 : 404;
          if (res.status !== want) mismatches.push(`GET ${key(setup)} by ${actorLabel(a)}: expected ${want}, got ${res.status}`);
          // The list, filtered down to this dossier's department and status, shows it to the same people.
          let listed = false;
          let cursor: string | null = null;
          for (let page = 0; page < 20 && !listed; page++) {
            const q: Record<string, string> = { departmentId: units.department, status: setup.status, limit: '200', ...(cursor ? { cursor } : {}) };
            const list = await get('/api/v1/dossiers', a).query(q).expect(200);
            listed = (list.body.items as { code: string }[]).some((d) => d.code === code);
            cursor = list.body.nextCursor;
            if (!cursor) break;
          }
          if (listed !== seesDossier(a.relation)) mismatches.push(`list ${key(setup)} by ${actorLabel(a)}: expected ${seesDossier(a.relation) ? '' : 'not '}listed`);
        }
        for (const a of invalid) await get(`/api/v1/dossiers/${code}`, a).expect(401);
      }
      expect(mismatches).toEqual([]);
    }, 300_000);

    it('lists each open task to the roles that work on it, in the unit that holds it', async () => {
      const mismatches: string[] = [];
      for (const a of valid) {
        const tasks = (await get('/api/v1/tasks', a).expect(200)).body as { dossierCode: string; kind: string }[];
        for (const { code, setup } of dossiers.values()) {
          const got = tasks.filter((t) => t.dossierCode === code).map((t) => t.kind).sort();
          const want = [...visibleTasks(a, setup, units, NOW, f.procedure.fee)].sort();
          if (JSON.stringify(got) !== JSON.stringify(want)) mismatches.push(`tasks of ${key(setup)} for ${actorLabel(a)}: expected [${want}], got [${got}]`);
        }
      }
      for (const a of invalid) await get('/api/v1/tasks', a).expect(401);
      expect(mismatches).toEqual([]);
    }, 120_000);

    it('gives reports to supervisors, admins and leaders (403 to others), each within their own scope', async () => {
      const overdue = [...dossiers.values()].find((d) => d.setup.overdue)!.code;
      const mismatches: string[] = [];
      for (const a of valid) {
        const allowed = REPORT_ROLES.includes(a.role);
        for (const path of ['/api/v1/reports/overdue', '/api/v1/reports/due-soon', '/api/v1/reports/summary']) {
          const res = await get(path, a).query(path.endsWith('overdue') ? { limit: '1000' } : {});
          if (res.status !== (allowed ? 200 : 403)) mismatches.push(`${path} by ${actorLabel(a)}: expected ${allowed ? 200 : 403}, got ${res.status}`);
          if (allowed && path.endsWith('overdue')) {
            const listed = (res.body as { code: string }[]).some((d) => d.code === overdue);
            if (listed !== seesInRunningReports(a)) mismatches.push(`overdue report by ${actorLabel(a)}: expected the dossier ${seesInRunningReports(a) ? '' : 'not '}listed`);
          }
        }
        // Asking for another unit's figures: a leader only for their department, a branch supervisor only for their branch.
        if (a.role === 'leader') {
          const res = await get('/api/v1/reports/summary', a).query({ departmentId: a.relation === 'department' ? units.other_department : units.department });
          if (res.status !== 403) mismatches.push(`summary of another department by ${actorLabel(a)}: got ${res.status}`);
        }
        if (a.role === 'supervisor' && a.relation !== 'center') {
          const res = await get('/api/v1/reports/summary', a).query({ branchId: a.relation === 'other_branch' ? units.receiving_branch : units.other_branch });
          if (res.status !== 403) mismatches.push(`summary of another branch by ${actorLabel(a)}: got ${res.status}`);
        }
      }
      for (const a of invalid) await get('/api/v1/reports/summary', a).expect(401);
      expect(mismatches).toEqual([]);
    }, 120_000);

    it('gives the catalogue to any staff; calendar changes to admins, receipts to clerks, imports to admins', async () => {
      const mismatches: string[] = [];
      for (const a of valid) {
        for (const path of ['/api/v1/branches', '/api/v1/departments', '/api/v1/procedures', '/api/v1/calendar/holidays?year=2026']) {
          const res = await get(path, a);
          if (res.status !== 200) mismatches.push(`${path} by ${actorLabel(a)}: got ${res.status}`);
        }
        // An empty body: 400 from those allowed (the role check passed), 403 from the others; nothing is written.
        const writes: [string, 'put' | 'post', boolean][] = [
          ['/api/v1/calendar/years/2099', 'put', a.role === 'admin'],
          ['/api/v1/dossiers', 'post', a.role === 'clerk'],
          ['/api/v1/dossiers/import', 'post', a.role === 'admin'],
        ];
        for (const [path, method, allowed] of writes) {
          const res = await h.api[method](path).auth(tokenOf(a), { type: 'bearer' }).send({});
          if (res.status !== (allowed ? 400 : 403)) mismatches.push(`${method.toUpperCase()} ${path} by ${actorLabel(a)}: expected ${allowed ? 400 : 403}, got ${res.status}`);
        }
      }
      for (const a of invalid) await get('/api/v1/branches', a).expect(401);
      expect(mismatches).toEqual([]);
    }, 120_000);
  });

  describe('reception records and print pages', () => {
    it('lets clerks record guidance and refusals, shows them (API and print) as seesReceptionRecord says, and a dossier’s print pages as seesDossierPrint says', async () => {
      const all = matrixActors();
      const clerk = find('clerk', 'receiving_branch');
      const body = { procedureCode: f.procedure.code, applicant: APPLICANT, documents: [], reason: 'matrix' };
      const guidance = (await h.api.post('/api/v1/reception/guidance').auth(tokenOf(clerk), { type: 'bearer' }).send({ ...body, reason: undefined }).expect(201)).body.id;
      const refusal = (await h.api.post('/api/v1/reception/refusals').auth(tokenOf(clerk), { type: 'bearer' }).send({ ...body, documents: undefined }).expect(201)).body.id;
      const code = await prepare({ status: 'processing', overdue: false });
      const mismatches: string[] = [];
      const expectStatus = (what: string, a: MatrixActor, got: number, want: number) => {
        if (got !== want) mismatches.push(`${what} by ${actorLabel(a)}: expected ${want}, got ${got}`);
      };
      for (const a of all) {
        const want = seesReceptionRecord(a);
        for (const path of [`/api/v1/reception/guidance/${guidance}`, `/api/v1/reception/refusals/${refusal}`, `/print/guidance/${guidance}`, `/print/refusal/${refusal}`]) {
          expectStatus(path.replace(/[0-9a-f-]{36}$/, '{id}'), a, (await get(path, a)).status, want);
        }
        for (const path of [`/print/receipt/${code}`, `/print/process-sheet/${code}`]) expectStatus(path, a, (await get(path, a)).status, seesDossierPrint(a));
        // Recording: an empty body is 400 for the roles allowed (the role check passed), 403 for the others.
        if (roleFitsUnit(a.role, RELATION_KIND[a.relation])) {
          for (const path of ['/api/v1/reception/guidance', '/api/v1/reception/refusals']) {
            const res = await h.api.post(path).auth(tokenOf(a), { type: 'bearer' }).send({});
            expectStatus(`POST ${path}`, a, res.status, RECEPTION_RECORD_CREATORS.includes(a.role) ? 400 : 403);
          }
        }
      }
      // The table shows every outcome.
      expect(new Set(all.map(seesReceptionRecord))).toEqual(new Set([200, 401, 403, 404]));
      expect(mismatches).toEqual([]);
    }, 300_000);
  });

  describe('browser security', () => {
    it('sends helmet’s headers, and /docs still loads under its Content-Security-Policy', async () => {
      const res = await h.api.get('/api/v1/openapi.json').expect(200);
      expect(res.headers).toMatchObject({
        'x-content-type-options': 'nosniff',
        'x-frame-options': 'SAMEORIGIN',
        'strict-transport-security': expect.stringContaining('max-age='),
        'content-security-policy': expect.stringContaining("default-src 'self'"),
      });
      const docs = await h.api.get('/docs/').expect(200);
      const csp: string = docs.headers['content-security-policy'];
      expect(csp).toContain("script-src 'self'");
      const html: string = docs.text;
      // Every script is a file of /docs itself (allowed by script-src 'self'); none is inline.
      const scripts = [...html.matchAll(/<script([^>]*)>([\s\S]*?)<\/script>/g)];
      expect(scripts.length).toBeGreaterThan(0);
      for (const [, attrs, body] of scripts) {
        const src = /src=["']([^"']+)["']/.exec(attrs)?.[1];
        expect({ src, inline: body.trim() }).toEqual({ src: expect.stringMatching(/^\.\//), inline: '' });
        await h.api.get(`/docs/${src!.slice(2)}`).expect(200);
      }
    });

    it('answers CORS only to the origins in CORS_ORIGINS', async () => {
      const allowed = await h.api.options('/api/v1/dossiers').set('Origin', 'http://console.motcua.test').set('Access-Control-Request-Method', 'POST').set('Access-Control-Request-Headers', 'authorization,content-type,idempotency-key');
      expect(allowed.status).toBe(204);
      expect(allowed.headers['access-control-allow-origin']).toBe('http://console.motcua.test');
      expect(allowed.headers['access-control-allow-headers']).toMatch(/Idempotency-Key/i);
      const other = await h.api.get('/api/v1/openapi.json').set('Origin', 'http://evil.example');
      expect(other.headers['access-control-allow-origin']).toBeUndefined();
      const preflight = await h.api.options('/api/v1/dossiers').set('Origin', 'http://evil.example').set('Access-Control-Request-Method', 'POST');
      expect(preflight.headers['access-control-allow-origin']).toBeUndefined();
    });
  });
});

