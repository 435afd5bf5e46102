import { units as seedUnits } from '../../db/seeds/catalogue-data';
import { ServiceScope } from '../../domain/scopes';
import { startHarness, type Harness } from './harness';

export interface CatalogueFixture {
  branch: string;
  otherBranch: string;
  procedure: {
    code: string;
    departmentId: string;
    requiredDocuments: { code: string; requirement: 'mandatory' | 'conditional' }[];
    fee: { amount: number | null; collectedAt: 'reception' | 'return'; payBeforeProcessing: boolean };
  };
  otherDepartment: string;
}

/** The seed's branches, in the seed's order. */
export const SEEDED_BRANCHES = seedUnits.filter((u) => u.kind === 'branch').map((u) => u.id);

/**
 * Picks real catalogue entries from the API: two branches, a city-level procedure in working days. `branches`:
 * two seeded branches of the file's own (tests of destinations filter them by unit, so that the other files'
 * dossiers in the shared database do not queue ahead of the file's own).
 */
export async function catalogueFixture(h: Harness, opts: { branches?: readonly [string, string] } = {}): Promise<CatalogueFixture> {
  const admin = await h.token('admin', 'center');
  const branches = (await h.api.get('/api/v1/branches').auth(admin, { type: 'bearer' }).expect(200)).body as { id: string; kind: string }[];
  // The seed's branches only: other test files add branches of their own (opening later, closed…) to the database.
  const seeded = new Set(seedUnits.filter((u) => u.kind === 'branch').map((u) => u.id));
  const [branch, otherBranch] = opts.branches ?? branches.filter((b) => b.kind === 'branch' && seeded.has(b.id)).map((b) => b.id);
  const procedures = (await h.api.get('/api/v1/procedures').auth(admin, { type: 'bearer' }).expect(200)).body as {
    code: string;
    departmentId: string | null;
    authorityLevel: string;
    processingTime: { value: number; unit: string };
    requiredDocuments: { code: string; requirement: 'mandatory' | 'conditional' }[];
    fee: CatalogueFixture['procedure']['fee'];
  }[];
  // Its fee does not hold processing (the lifecycle tests go straight to the authority); fees have their own test.
  const procedure = procedures.find(
    (p) =>
      p.authorityLevel === 'city' &&
      p.processingTime.unit === 'working_days' &&
      p.processingTime.value >= 5 &&
      p.requiredDocuments.length >= 2 &&
      !p.fee.payBeforeProcessing &&
      p.fee.collectedAt === 'reception',
  );
  if (!procedure || !procedure.departmentId) throw new Error('the seed has no city-level working-day procedure with two documents');
  const departments = (await h.api.get('/api/v1/departments').auth(admin, { type: 'bearer' }).expect(200)).body as { id: string }[];
  const otherDepartment = departments.map((d) => d.id).find((id) => id !== procedure.departmentId && id.startsWith('dept-'))!;
  return { branch, otherBranch, procedure: { ...procedure, departmentId: procedure.departmentId }, otherDepartment };
}

export const APPLICANT = {
  fullName: 'Nguyễn Văn An',
  idNumber: '001085012345',
  phone: '0912345678',
  address: 'Số 1 Tràng Tiền, phường Hoàn Kiếm, Hà Nội',
};

/** A helper around the HTTP API with a token per role. */
export type Actors = Awaited<ReturnType<typeof actors>>;

export async function actors(h: Harness, f: CatalogueFixture) {
  return {
    clerk: await h.token('clerk', f.branch, 'clerk-1'),
    otherClerk: await h.token('clerk', f.otherBranch, 'clerk-2'),
    officer: await h.token('officer', f.procedure.departmentId, 'officer-1'),
    otherOfficer: await h.token('officer', f.procedure.departmentId, 'officer-2'),
    foreignOfficer: await h.token('officer', f.otherDepartment, 'officer-9'),
    leader: await h.token('leader', f.procedure.departmentId, 'leader-1'),
    foreignLeader: await h.token('leader', f.otherDepartment, 'leader-9'),
    supervisor: await h.token('supervisor', 'center', 'supervisor-1'),
    branchSupervisor: await h.token('supervisor', f.branch, 'supervisor-2'),
    admin: await h.token('admin', 'center', 'admin-1'),
  };
}

export function receive(h: Harness, f: CatalogueFixture, token: string, extra: Record<string, unknown> = {}, key?: string) {
  const req = h.api
    .post('/api/v1/dossiers')
    .auth(token, { type: 'bearer' })
    .send({ procedureCode: f.procedure.code, applicant: APPLICANT, documents: f.procedure.requiredDocuments.map((d) => ({ code: d.code })), ...extra });
  if (key) req.set('Idempotency-Key', key);
  return req;
}

export function act(h: Harness, token: string, code: string, action: string, body: Record<string, unknown> = {}) {
  return h.api.post(`/api/v1/dossiers/${encodeURIComponent(code)}/actions/${action}`).auth(token, { type: 'bearer' }).send(body);
}

/**
 * The usual setup of an integration test file: a harness on the test services, the catalogue fixture and the
 * staff tokens, closed after the file. Read them inside tests (`s.h`, `s.f`, `s.t`): they exist from beforeAll.
 */
export function useApi(opts?: Parameters<typeof startHarness>[0], fixture?: Parameters<typeof catalogueFixture>[1]): { h: Harness; f: CatalogueFixture; t: Actors } {
  const s = {} as { h: Harness; f: CatalogueFixture; t: Actors };
  beforeAll(async () => {
    s.h = await startHarness(opts);
    s.f = await catalogueFixture(s.h, fixture);
    s.t = await actors(s.h, s.f);
  });
  afterAll(() => s.h?.close());
  return s;
}

/** A service account of a unit, created by an admin through the API, with a token from POST /api/v1/auth/token. */
export async function serviceAccount(h: Harness, unitId: string, scopes: readonly string[] = ServiceScope.options, name = `system of ${unitId}`) {
  const admin = await h.token('admin', 'center');
  const created = (await h.api.post('/api/v1/service-accounts').auth(admin, { type: 'bearer' }).send({ name, unitId, scopes }).expect(201)).body as {
    id: string;
    clientId: string;
    clientSecret: string;
  };
  const { body } = await h.api.post('/api/v1/auth/token').send({ grant_type: 'client_credentials', client_id: created.clientId, client_secret: created.clientSecret }).expect(200);
  return { ...created, sub: `svc:${created.id}`, token: body.access_token as string };
}
