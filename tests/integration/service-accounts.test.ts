import { signStaffToken } from '../../api/auth';
import { act, receive, serviceAccount, useApi } from '../support/fixtures';
import { TEST_SECRET } from '../support/harness';

/**
 * Service accounts (issue 12): an admin creates one for a department's system, which gets a bearer token
 * (OAuth 2.0 client credentials) and works on the department's dossiers through the same action endpoints as
 * its officers, reporting progress that the applicant reads in the public lookup. Refused: another
 * department's dossier, a POST without Idempotency-Key, a missing scope, a rotated secret or a disabled account.
 */
const s = useApi();
let admin: string;
let counter = 0;
const key = () => `svc-test-${Date.now()}-${counter++}`;

beforeAll(async () => {
  admin = await s.h.token('admin', 'center', 'admin-svc');
});
afterEach(async () => {
  // The throttle rows this file's wrong secrets left (the address's too), so that no later test on this database is slowed.
  await s.h.db('login_throttle').where('key', 'like', 'client:%').orWhere('key', 'like', 'ip:%').delete();
});

const bearer = (token: string) => ({ Authorization: `Bearer ${token}` });
const tokenFor = (clientId: string, clientSecret: string) => s.h.api.post('/api/v1/auth/token').send({ grant_type: 'client_credentials', client_id: clientId, client_secret: clientSecret });
const actAs = (token: string, code: string, action: string, body: Record<string, unknown> = {}, k: string | null = key()) => {
  const req = act(s.h, token, code, action, body);
  return k === null ? req : req.set('Idempotency-Key', k);
};
const progress = (token: string, code: string, body: Record<string, unknown>, k: string | null = key()) => {
  const req = s.h.api.post(`/api/v1/dossiers/${encodeURIComponent(code)}/progress`).set(bearer(token)).send(body);
  return k === null ? req : req.set('Idempotency-Key', k);
};
const lookup = (code: string, pin: string) => s.h.api.get(`/api/v1/public/dossiers/${encodeURIComponent(code)}`).query({ pin });

async function newDossier(): Promise<{ code: string; pin: string; receivedAt: string }> {
  const { body } = await receive(s.h, s.f, s.t.clerk).expect(201);
  return { code: body.code, pin: body.lookupPin, receivedAt: body.receivedAt };
}

describe('service accounts', () => {
  it('a department’s system claims, reports progress the applicant reads, and submits, through the officers’ endpoints', async () => {
    const dept = s.f.procedure.departmentId;
    const created = await s.h.api
      .post('/api/v1/service-accounts')
      .set(bearer(admin))
      .send({ name: 'Construction permits system', unitId: dept, scopes: ['dossiers:read', 'dossiers:act', 'progress:write'] })
      .expect(201);
    expect(created.body).toEqual({
      id: expect.any(String),
      name: 'Construction permits system',
      unitId: dept,
      scopes: ['dossiers:read', 'dossiers:act', 'progress:write'],
      enabled: true,
      clientId: created.body.id,
      clientSecret: expect.stringMatching(/^mcs_[A-Za-z0-9_-]{43}$/),
      secretCreatedAt: expect.any(String),
      createdBy: 'admin-svc',
      createdAt: expect.any(String),
    });
    const { clientId, clientSecret } = created.body as { clientId: string; clientSecret: string };
    // The secret is shown once: never stored, never listed.
    const stored = await s.h.db('service_accounts').where({ id: clientId }).first();
    expect(JSON.stringify(stored)).not.toContain(clientSecret);
    const listed = await s.h.api.get('/api/v1/service-accounts').set(bearer(admin)).expect(200);
    expect(listed.body).toContainEqual(expect.objectContaining({ id: clientId, enabled: true }));
    expect(JSON.stringify(listed.body)).not.toContain(clientSecret);
    expect((await s.h.api.get(`/api/v1/service-accounts/${clientId}`).set(bearer(admin)).expect(200)).body).not.toHaveProperty('clientSecret');

    // Client credentials as JSON, as a form, and with HTTP Basic: a 15-minute bearer token of role system.
    const token = await tokenFor(clientId, clientSecret).expect(200);
    expect(token.headers['cache-control']).toBe('no-store');
    expect(token.body).toEqual({ access_token: expect.any(String), token_type: 'Bearer', expires_in: 900, scope: 'dossiers:act dossiers:read progress:write' });
    const claims = JSON.parse(Buffer.from(token.body.access_token.split('.')[1], 'base64url').toString());
    expect(claims).toMatchObject({ sub: `svc:${clientId}`, role: 'system', unitId: dept, scope: 'dossiers:act dossiers:read progress:write' });
    expect(claims.exp - claims.iat).toBe(900);
    await s.h.api.post('/api/v1/auth/token').type('form').send({ grant_type: 'client_credentials', client_id: clientId, client_secret: clientSecret }).expect(200);
    const basic = await s.h.api.post('/api/v1/auth/token').auth(clientId, clientSecret).type('form').send({ grant_type: 'client_credentials', scope: 'dossiers:read' }).expect(200);
    expect(basic.body.scope).toBe('dossiers:read');
    const system = token.body.access_token as string;

    const d = await newDossier();
    // Every POST of a system needs an Idempotency-Key.
    const unkeyed = await actAs(system, d.code, 'claim', {}, null).expect(400);
    expect(unkeyed.body).toMatchObject({ code: 'invalid_request', message: expect.stringContaining('Idempotency-Key') });
    const claimed = await actAs(system, d.code, 'claim').expect(200);
    expect(claimed.body).toMatchObject({ status: 'processing', assignee: `svc:${clientId}` });
    // Its unit's dossiers are in its lists and tasks.
    const inbox = await s.h.api.get('/api/v1/dossiers').query({ task: 'mine' }).set(bearer(system)).expect(200);
    expect(inbox.body.items.map((x: { code: string }) => x.code)).toContain(d.code);
    const tasks = await s.h.api.get('/api/v1/tasks').set(bearer(system)).expect(200);
    expect(tasks.body).toContainEqual(expect.objectContaining({ dossierCode: d.code, kind: 'submit' }));

    // Progress: the department's time (at) is data; the applicant reads the public notes, most recent first.
    const inspectedAt = new Date().toISOString();
    const reportKey = key();
    const first = await progress(system, d.code, { step: 'Kiểm tra hiện trường', note: 'Inspected the site with the ward', publicNote: 'Đã kiểm tra hiện trường', at: inspectedAt }, reportKey).expect(200);
    expect(first.body.status).toBe('processing');
    const event = first.body.history.at(-1);
    expect(event).toMatchObject({
      action: 'progress',
      status: 'processing',
      actor: { sub: `svc:${clientId}`, role: 'system', unitId: dept },
      note: 'Inspected the site with the ward',
      progress: { step: 'Kiểm tra hiện trường', publicNote: 'Đã kiểm tra hiện trường', reportedAt: expect.any(String) },
    });
    expect(new Date(event.progress.reportedAt).toISOString()).toBe(inspectedAt);
    // The same key again: the same answer, one event.
    await progress(system, d.code, { step: 'Kiểm tra hiện trường', note: 'Inspected the site with the ward', publicNote: 'Đã kiểm tra hiện trường', at: inspectedAt }, reportKey).expect(200);
    await progress(system, d.code, { step: 'Thẩm định', note: 'Internal review', publicNote: 'Đang thẩm định hồ sơ' }).expect(200);
    await progress(system, d.code, { step: 'Ghi chú nội bộ', note: 'Only for staff' }).expect(200);
    const events = await s.h.db('dossier_events').where({ dossier_code: d.code, action: 'progress' }).orderBy('seq');
    expect(events.map((e) => e.data.step)).toEqual(['Kiểm tra hiện trường', 'Thẩm định', 'Ghi chú nội bộ']);
    // A report without a key, from the future, or before the receipt is refused, and records nothing.
    expect((await progress(system, d.code, { step: 's', note: 'n' }, null).expect(400)).body.code).toBe('invalid_request');
    expect((await progress(system, d.code, { step: 's', note: 'n', at: new Date(Date.now() + 3_600_000).toISOString() }).expect(400)).body.message).toContain('future');
    expect((await progress(system, d.code, { step: 's', note: 'n', at: new Date(new Date(d.receivedAt).getTime() - 60_000).toISOString() }).expect(400)).body.message).toContain('received');
    expect(await s.h.db('dossier_events').where({ dossier_code: d.code, action: 'progress' }).pluck('seq')).toHaveLength(3);

    const pub = await lookup(d.code, d.pin).expect(200);
    expect(pub.body.progress).toEqual([
      { at: expect.any(String), note: 'Đang thẩm định hồ sơ' },
      { at: expect.any(String), note: 'Đã kiểm tra hiện trường' },
    ]);
    expect(new Date(pub.body.progress[1].at).toISOString()).toBe(inspectedAt);
    expect(JSON.stringify(pub.body)).not.toContain('Internal review');
    expect(pub.body.history.map((x: { status: string }) => x.status)).toEqual(['received', 'transferred', 'processing']);

    const submitted = await actAs(system, d.code, 'submit', { outcome: 'approved', summary: 'Meets the rules' }).expect(200);
    expect(submitted.body.status).toBe('awaiting_approval');
    // A leader's action is not a machine's: approval stays with people.
    expect((await actAs(system, d.code, 'approve').expect(403)).body.code).toBe('forbidden');
    await actAs(s.t.leader, d.code, 'approve', {}, null).expect(200);
  });

  it('refuses another department’s dossier, a missing scope, and a system token that is no service account’s', async () => {
    const foreign = await serviceAccount(s.h, s.f.otherDepartment);
    const d = await newDossier();
    expect((await actAs(foreign.token, d.code, 'claim').expect(403)).body.code).toBe('forbidden');
    expect((await progress(foreign.token, d.code, { step: 's', note: 'n' }).expect(403)).body.code).toBe('forbidden');
    // Not even seen: the dossier does not touch its unit.
    await s.h.api.get(`/api/v1/dossiers/${d.code}`).set(bearer(foreign.token)).expect(404);

    const reader = await serviceAccount(s.h, s.f.procedure.departmentId, ['dossiers:read']);
    await s.h.api.get(`/api/v1/dossiers/${d.code}`).set(bearer(reader.token)).expect(200);
    const noAct = await actAs(reader.token, d.code, 'claim').expect(403);
    expect(noAct.body).toEqual({ code: 'forbidden', message: expect.stringContaining('dossiers:act'), details: { reason: 'missing_scope', scope: 'dossiers:act' } });
    expect((await progress(reader.token, d.code, { step: 's', note: 'n' }).expect(403)).body.details).toEqual({ reason: 'missing_scope', scope: 'progress:write' });
    const actor = await serviceAccount(s.h, s.f.procedure.departmentId, ['dossiers:act']);
    expect((await s.h.api.get(`/api/v1/dossiers/${d.code}`).set(bearer(actor.token)).expect(403)).body.details).toEqual({ reason: 'missing_scope', scope: 'dossiers:read' });
    // A token asks for scopes the account has, no more.
    expect((await s.h.api.post('/api/v1/auth/token').auth(reader.clientId, reader.clientSecret).send({ grant_type: 'client_credentials', scope: 'dossiers:act' }).expect(400)).body.details).toEqual({ reason: 'invalid_scope' });
    // An admin who removes a scope removes it at once, from the tokens already issued too.
    await s.h.api.patch(`/api/v1/service-accounts/${reader.id}`).set(bearer(admin)).send({ scopes: ['progress:write'] }).expect(200);
    expect((await s.h.api.get(`/api/v1/dossiers/${d.code}`).set(bearer(reader.token)).expect(403)).body.details.reason).toBe('missing_scope');

    // The role system is a service account's: a token signed with the key for any other subject is refused.
    const forged = await signStaffToken(TEST_SECRET, { sub: 'dept-system', role: 'system', unitId: s.f.procedure.departmentId });
    expect((await s.h.api.get(`/api/v1/dossiers/${d.code}`).set(bearer(forged)).expect(401)).body.details).toEqual({ reason: 'not_a_service_account' });
    // Only admins manage service accounts.
    await s.h.api.get('/api/v1/service-accounts').set(bearer(s.t.supervisor)).expect(403);
    await s.h.api.post('/api/v1/service-accounts').set(bearer(reader.token)).set('Idempotency-Key', key()).send({ name: 'x', unitId: s.f.procedure.departmentId, scopes: ['dossiers:read'] }).expect(403);
    // A branch has no system.
    expect((await s.h.api.post('/api/v1/service-accounts').set(bearer(admin)).send({ name: 'x', unitId: s.f.branch, scopes: ['dossiers:read'] }).expect(422)).body.code).toBe('role_not_in_unit');
  });

  it('stops a rotated secret and its tokens at once, and a disabled account, each change in the audit trail', async () => {
    const account = await serviceAccount(s.h, s.f.procedure.departmentId);
    const d = await newDossier();
    await s.h.api.get(`/api/v1/dossiers/${d.code}`).set(bearer(account.token)).expect(200);

    const rotated = await s.h.api.post(`/api/v1/service-accounts/${account.id}/rotate-secret`).set(bearer(admin)).expect(200);
    expect(rotated.body.clientSecret).toMatch(/^mcs_/);
    expect(rotated.body.clientSecret).not.toBe(account.clientSecret);
    const old = await tokenFor(account.clientId, account.clientSecret).expect(401);
    expect(old.body).toEqual({ code: 'unauthenticated', message: expect.any(String), details: { reason: 'invalid_client' } });
    expect((await s.h.api.get(`/api/v1/dossiers/${d.code}`).set(bearer(account.token)).expect(401)).body.details).toEqual({ reason: 'secret_rotated' });
    expect((await actAs(account.token, d.code, 'claim').expect(401)).body.details).toEqual({ reason: 'secret_rotated' });
    const fresh = (await tokenFor(account.clientId, rotated.body.clientSecret).expect(200)).body.access_token as string;
    await actAs(fresh, d.code, 'claim').expect(200);

    await s.h.api.patch(`/api/v1/service-accounts/${account.id}`).set(bearer(admin)).send({ enabled: false }).expect(200);
    expect((await s.h.api.get(`/api/v1/dossiers/${d.code}`).set(bearer(fresh)).expect(401)).body.details).toEqual({ reason: 'account_disabled' });
    expect((await tokenFor(account.clientId, rotated.body.clientSecret).expect(401)).body.details).toEqual({ reason: 'account_disabled' });
    await s.h.api.patch(`/api/v1/service-accounts/${account.id}`).set(bearer(admin)).send({ enabled: true, name: 'Renamed system' }).expect(200);
    await s.h.api.get(`/api/v1/dossiers/${d.code}`).set(bearer(fresh)).expect(200);

    const audit = await s.h.api.get('/api/v1/audit/org-events').query({ subjectType: 'service_account', subjectId: account.id }).set(bearer(admin)).expect(200);
    expect(audit.body.items.map((e: { kind: string }) => e.kind)).toEqual(['service_account.created', 'service_account.secret_rotated', 'service_account.disabled', 'service_account.enabled']);
    expect(JSON.stringify(audit.body)).not.toContain(rotated.body.clientSecret);
    expect(JSON.stringify(audit.body)).not.toContain('secret_hash');
  });

  it('throttles wrong secrets like sign-ins: the client locked, even for the right secret, with Retry-After', async () => {
    const account = await serviceAccount(s.h, s.f.procedure.departmentId);
    for (let i = 0; i < 5; i++) {
      const res = await tokenFor(account.clientId, `${account.clientSecret}x`).expect(401);
      expect(res.body.details).toEqual({ reason: 'invalid_client' });
    }
    const locked = await tokenFor(account.clientId, account.clientSecret).expect(429);
    expect(locked.body).toMatchObject({ code: 'rate_limited', details: { reason: 'client_locked' } });
    expect(Number(locked.headers['retry-after'])).toBeGreaterThan(0);
    // An unknown client answers as a wrong secret does.
    expect((await tokenFor('no-such-client', 'mcs_nothing').expect(401)).body.details).toEqual({ reason: 'invalid_client' });
    expect((await s.h.api.post('/api/v1/auth/token').send({ grant_type: 'password', client_id: 'a', client_secret: 'b' }).expect(400)).body.details).toEqual({ reason: 'unsupported_grant_type' });
  });
});
