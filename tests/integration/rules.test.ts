import { actors, act, catalogueFixture, receive, type CatalogueFixture } from '../support/fixtures';
import { startHarness, type Harness } from '../support/harness';

let h: Harness;
let f: CatalogueFixture;
let t: Awaited<ReturnType<typeof actors>>;

beforeAll(async () => {
  h = await startHarness();
  f = await catalogueFixture(h);
  t = await actors(h, f);
});
afterAll(() => h?.close());

type Status = 'transferred' | 'processing' | 'awaiting_approval' | 'result_ready' | 'returned' | 'withdrawn';

/** Drives a fresh dossier to a status through the API. */
async function dossierIn(status: Status): Promise<string> {
  const { body } = await receive(h, f, t.clerk).expect(201);
  const code: string = body.code;
  const path: [string, string, Record<string, unknown>][] = [
    [t.officer, 'claim', {}],
    [t.officer, 'submit', { outcome: 'approved', summary: 'ok' }],
    [t.leader, 'approve', {}],
    [t.clerk, 'return', {}],
  ];
  const steps: Record<Status, number> = { transferred: 0, processing: 1, awaiting_approval: 2, result_ready: 3, returned: 4, withdrawn: 0 };
  for (const [token, action, b] of path.slice(0, steps[status])) await act(h, token, code, action, b).expect(200);
  if (status === 'withdrawn') await act(h, t.clerk, code, 'withdraw', { reason: 'rút' }).expect(200);
  return code;
}

async function snapshot(code: string) {
  const row = await h.db('dossiers').where({ code }).first();
  const events = await h.db('dossier_events').where({ dossier_code: code }).count<{ count: number }[]>('* as count');
  const tasks = await h.db('tasks').where({ dossier_code: code }).orderBy('id').select('id', 'closed_at');
  const state = await h.client.workflow.getHandle(code).query('state');
  return { row: { ...row, updated_at: undefined }, events, tasks, state };
}

// Every action that the status does not allow, by the role that could otherwise do it.
const invalid: [Status, string, 'officer' | 'leader' | 'clerk', Record<string, unknown>][] = [
  ['transferred', 'submit', 'officer', { outcome: 'approved', summary: 'x' }],
  ['transferred', 'approve', 'leader', {}],
  ['transferred', 'send-back', 'leader', { reason: 'x' }],
  ['transferred', 'return', 'clerk', {}],
  ['transferred', 'reassign', 'leader', { assignee: 'officer-2', reason: 'x' }],
  ['processing', 'claim', 'officer', {}],
  ['processing', 'approve', 'leader', {}],
  ['processing', 'send-back', 'leader', { reason: 'x' }],
  ['processing', 'return', 'clerk', {}],
  ['awaiting_approval', 'claim', 'officer', {}],
  ['awaiting_approval', 'submit', 'officer', { outcome: 'approved', summary: 'x' }],
  ['awaiting_approval', 'return', 'clerk', {}],
  ['awaiting_approval', 'reassign', 'leader', { assignee: 'officer-2', reason: 'x' }],
  ['result_ready', 'claim', 'officer', {}],
  ['result_ready', 'submit', 'officer', { outcome: 'approved', summary: 'x' }],
  ['result_ready', 'approve', 'leader', {}],
  ['result_ready', 'send-back', 'leader', { reason: 'x' }],
  ['result_ready', 'withdraw', 'clerk', { reason: 'x' }],
  ['returned', 'return', 'clerk', {}],
  ['returned', 'withdraw', 'clerk', { reason: 'x' }],
  ['returned', 'claim', 'officer', {}],
  ['withdrawn', 'claim', 'officer', {}],
  ['withdrawn', 'withdraw', 'clerk', { reason: 'x' }],
];

describe('invalid transitions', () => {
  it.each(invalid)('in %s, %s by the %s is 409 and changes nothing', async (status, action, role, body) => {
    const code = await dossierIn(status);
    const before = await snapshot(code);
    const res = await act(h, t[role], code, action, body).expect(409);
    expect(res.body).toEqual({ code: 'invalid_transition', message: expect.stringContaining(status) });
    expect(await snapshot(code)).toEqual(before);
  });
});

describe('roles and units', () => {
  it('answers 401 without a token, with a bad one, and with one signed by another secret', async () => {
    const code = await dossierIn('transferred');
    for (const auth of [undefined, 'Bearer nonsense', `Bearer ${t.officer.slice(0, -4)}AAAA`]) {
      const req = h.api.post(`/api/v1/dossiers/${code}/actions/claim`).send({});
      if (auth) req.set('Authorization', auth);
      const res = await req.expect(401);
      expect(res.body.code).toBe('unauthenticated');
    }
    await h.api.get('/api/v1/procedures').expect(401);
  });

  // [status, action, who, body]: the caller has the wrong role or unit, or is not the assignee.
  const forbidden: [Status, string, keyof Awaited<ReturnType<typeof actors>>, Record<string, unknown>][] = [
    ['transferred', 'claim', 'clerk', {}],
    ['transferred', 'claim', 'leader', {}],
    ['transferred', 'claim', 'foreignOfficer', {}],
    ['transferred', 'claim', 'supervisor', {}],
    ['processing', 'submit', 'otherOfficer', { outcome: 'approved', summary: 'x' }],
    ['processing', 'submit', 'leader', { outcome: 'approved', summary: 'x' }],
    ['processing', 'reassign', 'foreignLeader', { assignee: 'officer-2', reason: 'x' }],
    ['processing', 'reassign', 'officer', { assignee: 'officer-2', reason: 'x' }],
    ['awaiting_approval', 'approve', 'officer', {}],
    ['awaiting_approval', 'approve', 'foreignLeader', {}],
    ['awaiting_approval', 'send-back', 'foreignLeader', { reason: 'x' }],
    ['awaiting_approval', 'approve', 'admin', {}],
    ['result_ready', 'return', 'otherClerk', {}],
    ['result_ready', 'return', 'officer', {}],
    ['processing', 'withdraw', 'officer', { reason: 'x' }],
    ['processing', 'withdraw', 'branchSupervisor', { reason: 'x' }],
  ];
  it.each(forbidden)('in %s, %s by %s is 403 and changes nothing', async (status, action, who, body) => {
    const code = await dossierIn(status);
    const before = await snapshot(code);
    const res = await act(h, t[who], code, action, body).expect(403);
    expect(res.body.code).toBe('forbidden');
    expect(await snapshot(code)).toEqual(before);
  });

  it('lets only clerks receive dossiers', async () => {
    for (const who of ['officer', 'leader', 'supervisor', 'admin'] as const) {
      const res = await receive(h, f, t[who]).expect(403);
      expect(res.body.code).toBe('forbidden');
    }
  });

  it('reassigns a dossier by its department leader, after which only the new assignee may submit', async () => {
    const code = await dossierIn('processing');
    const res = await act(h, t.leader, code, 'reassign', { assignee: 'officer-2', reason: 'cân đối công việc' }).expect(200);
    expect(res.body).toMatchObject({ status: 'processing', assignee: 'officer-2' });
    await act(h, t.officer, code, 'submit', { outcome: 'refused', summary: 'x' }).expect(403);
    await act(h, t.otherOfficer, code, 'submit', { outcome: 'refused', summary: 'Không đủ điều kiện' }).expect(200);
  });
});

describe('bad input', () => {
  it('answers 400 with the issues for a malformed action body, and 404 for an unknown dossier', async () => {
    const code = await dossierIn('processing');
    const res = await act(h, t.officer, code, 'submit', { outcome: 'maybe' }).expect(400);
    expect(res.body.code).toBe('invalid_request');
    expect(Array.isArray(res.body.details)).toBe(true);
    await act(h, t.officer, 'NO-SUCH-CODE', 'claim').expect(404);
    await h.api.post(`/api/v1/dossiers/${code}/actions/fly`).auth(t.officer, { type: 'bearer' }).send({}).expect(400);
  });

  it('answers 422 naming the missing documents and creates nothing', async () => {
    const before = await h.db('dossiers').count<{ count: number }[]>('* as count');
    const [first, ...rest] = f.procedure.requiredDocuments;
    const res = await receive(h, f, t.clerk, { documents: rest.map((d) => ({ code: d.code })) }).expect(422);
    expect(res.body).toEqual({
      code: 'incomplete_dossier',
      message: expect.stringContaining(first.code),
      details: { missingDocuments: [first.code], missing: [expect.objectContaining({ code: first.code, requirement: 'mandatory' })] },
    });
    const none = await receive(h, f, t.clerk, { documents: [] }).expect(422);
    // Nothing conditional applies: only the mandatory components are missing (domain.md §4).
    expect(none.body.details.missingDocuments).toEqual(f.procedure.requiredDocuments.filter((d) => d.requirement === 'mandatory').map((d) => d.code));
    expect(await h.db('dossiers').count('* as count')).toEqual(before);
  });

  it('answers 400 for an invalid receipt: unknown procedure, bad applicant, unknown return branch', async () => {
    await receive(h, f, t.clerk, { procedureCode: 'NO-SUCH' }).expect(400);
    await receive(h, f, t.clerk, { applicant: { fullName: '', idNumber: 'x', phone: '1' } }).expect(400);
    await receive(h, f, t.clerk, { returnBranchId: 'nowhere' }).expect(400);
    const malformed = await h.api.post('/api/v1/dossiers').auth(t.clerk, { type: 'bearer' }).set('Content-Type', 'application/json').send('{"oops":').expect(400);
    expect(malformed.body.code).toBe('invalid_request');
  });
});
