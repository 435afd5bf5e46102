import { actors, APPLICANT, catalogueFixture, receive, type CatalogueFixture } from '../support/fixtures';
import { startHarness, type Harness } from '../support/harness';

/** Reception's other outcomes through the API (domain.md §4 "Reception has three outcomes"). */
let h: Harness;
let f: CatalogueFixture;
let t: Awaited<ReturnType<typeof actors>>;

beforeAll(async () => {
  h = await startHarness();
  f = await catalogueFixture(h);
  t = await actors(h, f);
});
afterAll(() => h?.close());

const post = (path: string, token: string, body: unknown, key?: string) => {
  const req = h.api.post(`/api/v1/reception/${path}`).auth(token, { type: 'bearer' }).send(body as object);
  if (key) req.set('Idempotency-Key', key);
  return req;
};
const get = (path: string, token: string) => h.api.get(`/api/v1/reception/${path}`).auth(token, { type: 'bearer' });

describe('guidance to complete (Form 02)', () => {
  it('records the components missing from what was brought, with who, when and which unit, and no dossier code', async () => {
    const mandatory = f.procedure.requiredDocuments.filter((d) => d.requirement !== 'conditional');
    const [first, ...rest] = mandatory;
    const res = await post('guidance', t.clerk, { procedureCode: f.procedure.code, applicant: APPLICANT, documents: [{ code: first.code }], note: 'Mang bản chính để đối chiếu' }).expect(201);
    expect(res.body).toMatchObject({
      procedureCode: f.procedure.code,
      unitId: f.branch,
      applicant: APPLICANT,
      documents: [{ code: first.code }],
      missing: rest.map((d) => ({ code: d.code })),
      note: 'Mang bản chính để đối chiếu',
      createdBy: { sub: 'clerk-1', role: 'clerk', unitId: f.branch },
      printUrl: `/print/guidance/${res.body.id}`,
    });
    expect(res.body.createdAt).toMatch(/\+07:00$/);
    expect(res.body).not.toHaveProperty('code');
    const row = await h.db('reception_guidance').where({ id: res.body.id }).first();
    expect(row.missing.map((d: { code: string }) => d.code)).toEqual(rest.map((d) => d.code));
    // Read back by the unit's clerk.
    expect((await get(`guidance/${res.body.id}`, t.clerk).expect(200)).body).toEqual(res.body);
  });

  it('lists an applicable conditional component as missing, and not one that does not apply (the receipt’s rule)', async () => {
    // The criminal-record certificate: the authorisation letter is needed only through an authorised person.
    const body = { procedureCode: 'HN-LLTP', applicant: APPLICANT, documents: [], note: 'Bổ sung tờ khai' };
    const inPerson = await post('guidance', t.clerk, body).expect(201);
    expect(inPerson.body.missing.map((d: { code: string }) => d.code)).toEqual(['to-khai']);
    const authorised = await post('guidance', t.clerk, { ...body, conditionalApplies: ['van-ban-uy-quyen'] }).expect(201);
    expect(authorised.body.missing.map((d: { code: string }) => d.code)).toEqual(['to-khai', 'van-ban-uy-quyen']);
    const wrong = await post('guidance', t.clerk, { ...body, conditionalApplies: ['to-khai'] }).expect(422);
    expect(wrong.body).toMatchObject({ code: 'not_conditional_component', details: { notConditional: ['to-khai'] } });
  });

  it('refuses a guidance with nothing missing and nothing to complete, a document the procedure lacks, a NUL byte; records nothing', async () => {
    const before = Number((await h.db('reception_guidance').count<{ count: string }[]>('* as count'))[0].count);
    const all = f.procedure.requiredDocuments.map((d) => ({ code: d.code }));
    const nothing = await post('guidance', t.clerk, { procedureCode: f.procedure.code, applicant: APPLICANT, documents: all }).expect(400);
    expect(nothing.body).toMatchObject({ code: 'invalid_request', details: { field: 'note' } });
    const unknown = await post('guidance', t.clerk, { procedureCode: f.procedure.code, applicant: APPLICANT, documents: [{ code: 'NOT-IN-LIST' }] }).expect(400);
    expect(unknown.body.details).toEqual({ unknownDocuments: ['NOT-IN-LIST'] });
    await post('guidance', t.clerk, { procedureCode: f.procedure.code, applicant: { ...APPLICANT, fullName: 'An\u0000' }, documents: [] }).expect(400);
    await post('guidance', t.clerk, { procedureCode: 'NO-SUCH-PROCEDURE', applicant: APPLICANT, documents: [] }).expect(400);
    expect(Number((await h.db('reception_guidance').count<{ count: string }[]>('* as count'))[0].count)).toBe(before);
  });

  it('honours the Idempotency-Key like the receipt: a repeat answers with the first record; another body with the key is a conflict', async () => {
    const key = `guidance-${Date.now()}`;
    const body = { procedureCode: f.procedure.code, applicant: APPLICANT, documents: [] };
    const answers = await Promise.all(Array.from({ length: 5 }, () => post('guidance', t.clerk, body, key)));
    expect(answers.map((r) => r.status).sort()).toEqual([200, 200, 200, 200, 201]);
    expect(new Set(answers.map((r) => r.body.id)).size).toBe(1);
    expect(await h.db('reception_guidance').where({ idempotency_key: key })).toHaveLength(1);
    const other = await post('guidance', t.clerk, { ...body, note: 'khác' }, key).expect(409);
    expect(other.body.code).toBe('conflict');
    // The key is the caller's own: another clerk's same key is another request.
    await post('guidance', t.otherClerk, body, key).expect(201);
  });
});

describe('refusal at reception (Form 03)', () => {
  it('records a reasoned refusal with national status 3', async () => {
    const res = await post('refusals', t.clerk, { procedureCode: f.procedure.code, applicant: APPLICANT, reason: 'Hồ sơ không thuộc thẩm quyền giải quyết của thành phố.' }).expect(201);
    expect(res.body).toMatchObject({ nationalStatus: 3, reason: 'Hồ sơ không thuộc thẩm quyền giải quyết của thành phố.', unitId: f.branch, printUrl: `/print/refusal/${res.body.id}` });
    const row = await h.db('reception_refusals').where({ id: res.body.id }).first();
    expect(row).toMatchObject({ national_status: 3, unit_id: f.branch });
  });

  it('needs a reason in words', async () => {
    await post('refusals', t.clerk, { procedureCode: f.procedure.code, applicant: APPLICANT }).expect(400);
    await post('refusals', t.clerk, { procedureCode: f.procedure.code, applicant: APPLICANT, reason: '   ' }).expect(400);
  });
});

describe('who records and who reads (domain/security-matrix.ts seesReceptionRecord)', () => {
  it('lets only clerks record; shows a record to its unit’s clerks and supervisors and the center, 403 to officers and leaders, 404 elsewhere', async () => {
    const body = { procedureCode: f.procedure.code, applicant: APPLICANT, reason: 'Không thuộc thẩm quyền' };
    for (const token of [t.officer, t.leader, t.supervisor, t.admin]) await post('refusals', token, body).expect(403);
    await h.api.post('/api/v1/reception/refusals').send(body).expect(401);
    const { id } = (await post('refusals', t.clerk, body).expect(201)).body;
    for (const token of [t.clerk, t.branchSupervisor, t.supervisor, t.admin]) await get(`refusals/${id}`, token).expect(200);
    for (const token of [t.officer, t.leader]) expect((await get(`refusals/${id}`, token).expect(403)).body.code).toBe('forbidden');
    expect((await get(`refusals/${id}`, t.otherClerk).expect(404)).body.code).toBe('not_found');
    await get('refusals/00000000-0000-4000-8000-000000000000', t.clerk).expect(404);
    await get('refusals/not-a-uuid', t.clerk).expect(400);
    // A refusal is not a guidance.
    await get(`guidance/${id}`, t.clerk).expect(404);
    await h.api.get(`/api/v1/reception/refusals/${id}`).expect(401);
  });

  it('leaves the receipt as it was: a complete dossier is still received with its code', async () => {
    const res = await receive(h, f, t.clerk).expect(201);
    expect(res.body.code).toBeTruthy();
    expect(await h.db('receipt_print_pins').where({ dossier_code: res.body.code })).toHaveLength(1);
  });
});
