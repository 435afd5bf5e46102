import { actors, APPLICANT, catalogueFixture, type CatalogueFixture } from '../support/fixtures';
import { startHarness, type Harness } from '../support/harness';

// domain.md §4 "Components may be conditional", through the API. The criminal-record certificate (HN-LLTP)
// in force today (NĐ 216/2026/NĐ-CP, from 01/07/2026): the declaration is mandatory; the authorisation letter,
// the signature authentication (by post) and the fee-exemption proof are conditional.

let h: Harness;
let f: CatalogueFixture;
let t: Awaited<ReturnType<typeof actors>>;

beforeAll(async () => {
  h = await startHarness();
  f = await catalogueFixture(h);
  t = await actors(h, f);
});
afterAll(() => h?.close());

const LLTP = 'HN-LLTP';
const LETTER = 'van-ban-uy-quyen';

function receiveLltp(body: Record<string, unknown>) {
  return h.api
    .post('/api/v1/dossiers')
    .auth(t.clerk, { type: 'bearer' })
    .send({ procedureCode: LLTP, applicant: APPLICANT, documents: [{ code: 'to-khai' }], ...body });
}

/** Everything a receipt writes: a refused one must leave each of these as it was. */
async function footprint() {
  const count = async (table: string) => Number((await h.db(table).count<{ count: string }[]>('* as count'))[0].count);
  return {
    dossiers: await count('dossiers'),
    events: await count('dossier_events'),
    keys: await count('idempotency_keys'),
    counters: await h.db('dossier_code_counters').sum<{ sum: string | null }[]>('last as sum').then((r) => r[0].sum),
  };
}

describe('conditional components', () => {
  it('the catalogue says which components are conditional, and on what condition', async () => {
    const procedures = (await h.api.get('/api/v1/procedures').auth(t.clerk, { type: 'bearer' }).expect(200)).body as {
      code: string;
      requiredDocuments: Record<string, unknown>[];
    }[];
    const lltp = procedures.find((p) => p.code === LLTP)!;
    expect(lltp.requiredDocuments.map((d) => [d.code, d.requirement])).toEqual([
      ['to-khai', 'mandatory'],
      [LETTER, 'conditional'],
      ['chung-thuc-chu-ky', 'conditional'],
      ['giay-to-mien-giam-phi', 'conditional'],
    ]);
    expect(lltp.requiredDocuments[0]).not.toHaveProperty('condition');
    expect(lltp.requiredDocuments[1]).toMatchObject({
      condition: expect.stringContaining('cho người khác'),
      conditionEn: expect.stringContaining('someone else'),
    });
    for (const p of procedures) for (const d of p.requiredDocuments) expect([p.code, d.code, d.requirement === 'conditional', typeof d.condition]).toEqual([p.code, d.code, d.requirement === 'conditional', d.requirement === 'conditional' ? 'string' : 'undefined']);
  });

  it('receives the criminal-record certificate without an authorisation letter when the applicant comes in person', async () => {
    const res = await receiveLltp({ conditionalApplies: [] }).expect(201);
    expect(res.body).toMatchObject({ procedureCode: LLTP, status: 'transferred', conditionalApplies: [] });
    expect(res.body.documents).toEqual([{ code: 'to-khai', name: expect.any(String), requirement: 'mandatory' }]);
    // conditionalApplies may be left out: nothing conditional applies.
    await receiveLltp({}).expect(201);
  });

  it('refuses it with 422 naming the letter when the clerk says it applies and it is missing, creating nothing', async () => {
    const before = await footprint();
    const res = await receiveLltp({ conditionalApplies: [LETTER] }).set('Idempotency-Key', `letter-${Date.now()}`).expect(422);
    expect(res.body).toEqual({
      code: 'incomplete_dossier',
      message: expect.stringContaining('Văn bản ủy quyền'),
      details: {
        missingDocuments: [LETTER],
        missing: [{ code: LETTER, name: expect.stringContaining('Văn bản ủy quyền'), requirement: 'conditional', condition: expect.stringContaining('cho người khác') }],
      },
    });
    // Each missing component is named: here a mandatory one and an applicable conditional one.
    const both = await receiveLltp({ documents: [], conditionalApplies: [LETTER, 'chung-thuc-chu-ky'] }).expect(422);
    expect(both.body.details.missingDocuments).toEqual(['to-khai', LETTER, 'chung-thuc-chu-ky']);
    expect(await footprint()).toEqual(before);
  });

  it('receives it with the letter when it applies, and the dossier records what applied', async () => {
    const res = await receiveLltp({ documents: [{ code: LETTER }, { code: 'to-khai' }], conditionalApplies: [LETTER] }).expect(201);
    expect(res.body.conditionalApplies).toEqual([LETTER]);
    expect(res.body.documents.map((d: { code: string; requirement: string }) => [d.code, d.requirement])).toEqual([
      ['to-khai', 'mandatory'],
      [LETTER, 'conditional'],
    ]);
    const row = await h.db('dossiers').where({ code: res.body.code }).first();
    expect(row.conditional_applies).toEqual([LETTER]);
    const view = await h.api.get(`/api/v1/dossiers/${res.body.code}`).auth(t.clerk, { type: 'bearer' }).expect(200);
    expect(view.body.conditionalApplies).toEqual([LETTER]);
  });

  it('accepts and lists a conditional component brought though it does not apply', async () => {
    const res = await receiveLltp({ documents: [{ code: 'to-khai' }, { code: 'giay-to-mien-giam-phi' }] }).expect(201);
    expect(res.body.conditionalApplies).toEqual([]);
    expect(res.body.documents.map((d: { code: string }) => d.code)).toEqual(['to-khai', 'giay-to-mien-giam-phi']);
  });

  it('answers 422 not_conditional_component for a code that is no conditional component, creating nothing', async () => {
    const before = await footprint();
    const mandatory = await receiveLltp({ conditionalApplies: ['to-khai'] }).expect(422);
    expect(mandatory.body).toEqual({
      code: 'not_conditional_component',
      message: expect.stringContaining('to-khai'),
      details: { notConditional: ['to-khai'], conditionalComponents: [LETTER, 'chung-thuc-chu-ky', 'giay-to-mien-giam-phi'] },
    });
    const unknown = await receiveLltp({ conditionalApplies: ['no-such', LETTER] }).expect(422);
    expect(unknown.body.details.notConditional).toEqual(['no-such']);
    expect(await footprint()).toEqual(before);
  });

  it('applies the same rule to an import, by the procedure version in force when it was received', async () => {
    const importing = (body: Record<string, unknown>) =>
      h.api
        .post('/api/v1/dossiers/import')
        .auth(t.admin, { type: 'bearer' })
        .send({ procedureCode: LLTP, applicant: APPLICANT, receivingBranchId: f.branch, ...body });
    const before = await footprint();
    // March 2026: the version before NĐ 216/2026, which still asks for the ID copy.
    const march = '2026-03-02T03:00:00.000Z';
    const old = await importing({ receivedAt: march, documents: [{ code: 'to-khai' }], conditionalApplies: [LETTER] }).expect(422);
    expect(old.body.details.missingDocuments).toEqual(['giay-to-tuy-than', LETTER]);
    const wrong = await importing({ receivedAt: march, documents: [{ code: 'to-khai' }], conditionalApplies: ['chung-thuc-chu-ky'] }).expect(422);
    expect(wrong.body.code).toBe('not_conditional_component'); // no such component in that version
    expect(await footprint()).toEqual(before);
    const ok = await importing({ receivedAt: march, documents: [{ code: 'to-khai' }, { code: 'giay-to-tuy-than' }], code: `LLTP-${Date.now()}` }).expect(201);
    expect(ok.body.conditionalApplies).toEqual([]);
  });
});
