import { SignJWT, type JWTPayload } from 'jose';
import { catalogueFixture, receive, type CatalogueFixture } from '../support/fixtures';
import { startHarness, TEST_SECRET, type Harness } from '../support/harness';

let h: Harness;
let f: CatalogueFixture;

beforeAll(async () => {
  h = await startHarness({ withWorker: false });
  f = await catalogueFixture(h);
});
afterAll(() => h?.close());

const key = (secret = TEST_SECRET) => new TextEncoder().encode(secret);
const now = () => Math.floor(Date.now() / 1000);
const b64 = (o: unknown) => Buffer.from(JSON.stringify(o)).toString('base64url');

/** A token with exactly these claims (nothing added), signed as asked. */
function sign(claims: JWTPayload, opts: { secret?: string; alg?: string } = {}): Promise<string> {
  return new SignJWT(claims).setProtectedHeader({ alg: opts.alg ?? 'HS256' }).sign(key(opts.secret));
}
const valid = (extra: JWTPayload = {}): JWTPayload => ({ sub: 'clerk-1', role: 'clerk', unitId: f.branch, iat: now(), exp: now() + 600, ...extra });
function without(claim: string): JWTPayload {
  const c = valid();
  delete c[claim];
  return c;
}

async function expect401(authorization: string | undefined, reason: string): Promise<void> {
  const req = h.api.get('/api/v1/branches');
  if (authorization !== undefined) req.set('Authorization', authorization);
  const res = await req.expect(401);
  expect(res.body).toEqual({ code: 'unauthenticated', message: expect.any(String), details: { reason } });
}

describe('staff tokens', () => {
  it('accepts a well-formed token of a role its unit can hold', async () => {
    await h.api.get('/api/v1/branches').set('Authorization', `Bearer ${await sign(valid())}`).expect(200);
    await h.api.get('/api/v1/branches').set('Authorization', `Bearer ${await sign(valid({ name: 'Chị Lan', nbf: now() - 5, jti: 'x1' }))}`).expect(200);
  });

  const cases: [string, () => Promise<string | undefined>, string][] = [
    ['no Authorization header', async () => undefined, 'missing_token'],
    ['another scheme', async () => `Basic ${Buffer.from('a:b').toString('base64')}`, 'malformed_header'],
    ['Bearer without a token', async () => 'Bearer', 'malformed_header'],
    ['a token of two parts', async () => 'Bearer abc.def', 'malformed_header'],
    ['three parts that are not JSON', async () => 'Bearer abc.def.ghi', 'malformed_token'],
    ['alg: none, unsigned', async () => `Bearer ${b64({ alg: 'none', typ: 'JWT' })}.${b64(valid())}.`, 'algorithm_not_allowed'],
    ['alg: none, with the HS256 signature kept', async () => {
      const [, payload, sig] = (await sign(valid())).split('.');
      return `Bearer ${b64({ alg: 'none' })}.${payload}.${sig}`;
    }, 'algorithm_not_allowed'],
    ['another algorithm (HS512) with our key', async () => `Bearer ${await sign(valid(), { alg: 'HS512' })}`, 'algorithm_not_allowed'],
    ['signed with another key', async () => `Bearer ${await sign(valid(), { secret: 'another-secret-of-sixteen-chars' })}`, 'bad_signature'],
    ['expired', async () => `Bearer ${await sign(valid({ iat: now() - 7200, exp: now() - 3600 }))}`, 'expired'],
    ['not yet valid (nbf in the future)', async () => `Bearer ${await sign(valid({ nbf: now() + 3600 }))}`, 'not_yet_valid'],
    ['issued in the future', async () => `Bearer ${await sign(valid({ iat: now() + 3600, exp: now() + 7200 }))}`, 'issued_in_future'],
    ['without iat', async () => `Bearer ${await sign(without('iat'))}`, 'missing_claims'],
    ['without exp', async () => `Bearer ${await sign(without('exp'))}`, 'missing_claims'],
    ['without sub', async () => `Bearer ${await sign(without('sub'))}`, 'missing_claims'],
    ['without role', async () => `Bearer ${await sign(without('role'))}`, 'missing_claims'],
    ['without unitId', async () => `Bearer ${await sign(without('unitId'))}`, 'missing_claims'],
    ['with an unknown claim', async () => `Bearer ${await sign(valid({ scope: 'admin' }))}`, 'unknown_claims'],
    ['with an unknown role', async () => `Bearer ${await sign(valid({ role: 'root' }))}`, 'invalid_claims'],
    ['an officer of a branch', async () => `Bearer ${await sign(valid({ role: 'officer', unitId: f.branch }))}`, 'role_not_in_unit'],
    ['a clerk of a department', async () => `Bearer ${await sign(valid({ role: 'clerk', unitId: f.procedure.departmentId }))}`, 'role_not_in_unit'],
    ['a leader of the center', async () => `Bearer ${await sign(valid({ role: 'leader', unitId: 'center' }))}`, 'role_not_in_unit'],
    ['an admin of a branch', async () => `Bearer ${await sign(valid({ role: 'admin', unitId: f.branch }))}`, 'role_not_in_unit'],
    ['a supervisor of a department', async () => `Bearer ${await sign(valid({ role: 'supervisor', unitId: f.procedure.departmentId }))}`, 'role_not_in_unit'],
    ['a unit that does not exist', async () => `Bearer ${await sign(valid({ unitId: 'branch-atlantis' }))}`, 'unknown_unit'],
  ];
  it.each(cases)('refuses %s with 401 and its reason', async (_name, header, reason) => {
    await expect401(await header(), reason);
  });

  it('lets a refused token change nothing', async () => {
    const before = await h.db('dossiers').count<{ count: string }[]>('* as count');
    const forged = `${b64({ alg: 'none' })}.${b64(valid())}.`;
    const res = await receive(h, f, forged).expect(401);
    expect(res.body.details).toEqual({ reason: 'algorithm_not_allowed' });
    expect(await h.db('dossiers').count('* as count')).toEqual(before);
  });
});
