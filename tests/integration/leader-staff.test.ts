import { catalogueFixture, type CatalogueFixture } from '../support/fixtures';
import { startHarness, type Harness } from '../support/harness';

/**
 * A leader sees their unit's people (GET /api/v1/staff), to choose whom to reassign its dossiers to (the
 * console's bulk reassignment): the people assigned to the leader's unit today, nobody else's, and not
 * someone whose assignment there has ended. Officers still get 403.
 */
let h: Harness;
let f: CatalogueFixture;
let admin: string;
const run = Date.now().toString(36);
let counter = 0;

async function person(role: string, unitId: string, from: string, to?: string): Promise<string> {
  const username = `ls-${role}-${run}-${++counter}`;
  const res = await h.api.post('/api/v1/staff').auth(admin, { type: 'bearer' }).send({ username, name: `Người ${username}` }).expect(201);
  await h.api
    .post(`/api/v1/staff/${res.body.id}/assignments`)
    .auth(admin, { type: 'bearer' })
    .send({ role, unitId, kind: 'home', from, ...(to ? { to } : {}), reason: 'test' })
    .expect(201);
  return res.body.id as string;
}

beforeAll(async () => {
  h = await startHarness();
  f = await catalogueFixture(h);
  admin = await h.token('admin', 'center');
});
afterAll(() => h?.close());

it('a leader lists the people of their unit today, not those of another unit or whose assignment has ended', async () => {
  const dept = f.procedure.departmentId;
  const officer = await person('officer', dept, '2025-07-01');
  const colleague = await person('leader', dept, '2025-07-01');
  const elsewhere = await person('officer', f.otherDepartment, '2025-07-01');
  const left = await person('officer', dept, '2025-07-01', '2025-07-31');
  const leader = await h.token('leader', dept);
  const listed = ((await h.api.get('/api/v1/staff').auth(leader, { type: 'bearer' }).expect(200)).body as { id: string; assignments: { unitId: string }[] }[]).map((s) => s.id);
  expect(listed).toEqual(expect.arrayContaining([officer, colleague]));
  expect(listed).not.toContain(elsewhere);
  expect(listed).not.toContain(left);
  // One of them, with their delegations; someone of another unit is not theirs to see.
  await h.api.get(`/api/v1/staff/${officer}`).auth(leader, { type: 'bearer' }).expect(200);
  await h.api.get(`/api/v1/staff/${elsewhere}`).auth(leader, { type: 'bearer' }).expect(403);
  // Officers and clerks still see no staff records.
  await h.api.get('/api/v1/staff').auth(await h.token('officer', dept), { type: 'bearer' }).expect(403);
  await h.api.get('/api/v1/staff').auth(await h.token('clerk', f.branch), { type: 'bearer' }).expect(403);
});
