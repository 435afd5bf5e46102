import supertest from 'supertest';
import type { Express } from 'express';
import { createApp } from '../../api/app';
import { hashPassword } from '../../api/passwords';
import { DEMO_STAFF, seedDemoStaff } from '../../db/seeds/demo-staff';
import { APPLICANT, catalogueFixture, receive, act, type CatalogueFixture } from '../support/fixtures';
import { startHarness, type Harness } from '../support/harness';

/**
 * People (issue 10): sign-in with sessions, CSRF, timeouts, lockout, /me and switching, staff and dated
 * assignments (authorization re-read at each request, with real receipts), delegation recorded as
 * onBehalfOf, the audit trail and the demo accounts. On the real dev server and PostgreSQL.
 *
 * Every browser here comes from an address of its own (X-Forwarded-For, trusted from loopback), so the
 * per-address throttle of one test (or of the Schemathesis run) never locks another out.
 */
let h: Harness;
let f: CatalogueFixture;
let app: Express;
let admin: string;
let today: string;

const run = Date.now().toString(36);
let counter = 0;
const unique = (prefix: string) => `${prefix}-${run}-${++counter}`;
const PASSWORD = 'correct horse battery staple';

function browser(): supertest.Agent {
  const agent = supertest.agent(app);
  agent.set('X-Forwarded-For', `10.${(counter >> 8) & 255}.${counter & 255}.${Math.floor(Math.random() * 250) + 1}`);
  counter++;
  return agent;
}

function addDays(date: string, days: number): string {
  return new Date(Date.parse(`${date}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);
}

async function createPerson(role: string, unitId: string, extra: { kind?: string; from?: string } = {}): Promise<{ id: string; username: string }> {
  const username = unique(role);
  const res = await h.api.post('/api/v1/staff').auth(admin, { type: 'bearer' }).send({ username, name: `Test ${role}`, password: PASSWORD }).expect(201);
  await h.api
    .post(`/api/v1/staff/${res.body.id}/assignments`)
    .auth(admin, { type: 'bearer' })
    .send({ role, unitId, kind: extra.kind ?? 'home', from: extra.from ?? '2025-07-01', reason: 'test' })
    .expect(201);
  return { id: res.body.id, username };
}

/** Signs in and returns the session's CSRF token. */
async function signIn(agent: supertest.Agent, username: string, password = PASSWORD): Promise<string> {
  const res = await agent.post('/api/v1/auth/login').send({ username, password }).expect(200);
  return res.body.csrfToken as string;
}

function sessionCookie(res: supertest.Response): string {
  const cookies = ([] as string[]).concat(res.headers['set-cookie'] ?? []);
  const cookie = cookies.find((c) => c.startsWith('motcua_session='));
  if (!cookie) throw new Error('no session cookie');
  return cookie;
}

async function sessionsOf(staffId: string): Promise<{ id_hash: string }[]> {
  return h.db('sessions').where({ staff_id: staffId }).select('id_hash');
}

async function receptionPointsOf(branch: string): Promise<string[]> {
  return (await h.db('units').where({ parent_id: branch, kind: 'reception_point' }).orderBy('id').select('id')).map((u: { id: string }) => u.id);
}

beforeAll(async () => {
  h = await startHarness();
  f = await catalogueFixture(h);
  app = createApp(h.ctx);
  admin = await h.token('admin', 'center');
  today = (await h.ctx.calendar.current()).calendar.civilDate(new Date());
});
afterAll(() => h?.close());

describe('sign-in', () => {
  it('signs in with the right password: an HttpOnly, SameSite=Lax session cookie, and /me says who and as what', async () => {
    const clerk = await createPerson('clerk', f.branch);
    const agent = browser();
    const res = await agent.post('/api/v1/auth/login').send({ username: clerk.username, password: PASSWORD }).expect(200);
    const cookie = sessionCookie(res);
    expect(cookie).toMatch(/HttpOnly/);
    expect(cookie).toMatch(/SameSite=Lax/);
    expect(cookie).not.toMatch(/Secure/); // plain HTTP outside production
    const me = (await agent.get('/api/v1/me').expect(200)).body;
    expect(me).toMatchObject({ sub: clerk.id, username: clerk.username, active: { role: 'clerk', unitId: f.branch }, assignments: [expect.objectContaining({ role: 'clerk', unitId: f.branch, kind: 'home' })] });
    // The stored row holds a hash of the id, never the id itself.
    const id = cookie.split(';')[0].split('=')[1];
    const stored = await sessionsOf(clerk.id);
    expect(stored).toHaveLength(1);
    expect(stored[0].id_hash).not.toContain(id);
    // An existing route works unchanged with the session.
    await agent.get('/api/v1/branches').expect(200);
  });

  it('refuses a wrong password and an unknown username alike (401 bad_credentials), and sets no cookie', async () => {
    const clerk = await createPerson('clerk', f.branch);
    const wrong = await browser().post('/api/v1/auth/login').send({ username: clerk.username, password: 'not the password at all' }).expect(401);
    expect(wrong.body).toEqual({ code: 'unauthenticated', message: expect.any(String), details: { reason: 'bad_credentials' } });
    expect(wrong.headers['set-cookie']).toBeUndefined();
    const unknown = await browser().post('/api/v1/auth/login').send({ username: unique('nobody'), password: PASSWORD }).expect(401);
    expect(unknown.body.details).toEqual({ reason: 'bad_credentials' });
  });

  it('gives a new session id at every sign-in and ends the old one; logout deletes the session', async () => {
    const clerk = await createPerson('clerk', f.branch);
    const agent = browser();
    const first = sessionCookie(await agent.post('/api/v1/auth/login').send({ username: clerk.username, password: PASSWORD }).expect(200)).split(';')[0];
    const second = await agent.post('/api/v1/auth/login').send({ username: clerk.username, password: PASSWORD }).expect(200);
    expect(sessionCookie(second).split(';')[0]).not.toBe(first);
    expect(await sessionsOf(clerk.id)).toHaveLength(1);
    const old = await supertest(app).get('/api/v1/me').set('Cookie', first).expect(401);
    expect(old.body.details).toEqual({ reason: 'invalid_session' });

    await agent.post('/api/v1/auth/logout').expect(403); // without its CSRF token
    await agent.post('/api/v1/auth/logout').set('x-csrf-token', second.body.csrfToken).expect(204);
    expect(await sessionsOf(clerk.id)).toHaveLength(0);
    await supertest(app).get('/api/v1/me').set('Cookie', sessionCookie(second).split(';')[0]).expect(401);
  });

  it('ends a session idle too long, and one too old even while used', async () => {
    const clerk = await createPerson('clerk', f.branch);
    const idle = browser();
    await signIn(idle, clerk.username);
    await idle.get('/api/v1/me').expect(200);
    // Half an hour and a second without a request (the default idle timeout): the session's clock moved back.
    await h.db('sessions').where({ staff_id: clerk.id }).update({ last_seen_at: new Date(Date.now() - 30 * 60_000 - 1000) });
    expect((await idle.get('/api/v1/me').expect(401)).body.details).toEqual({ reason: 'session_expired' });
    expect(await sessionsOf(clerk.id)).toHaveLength(0);

    const old = browser();
    await signIn(old, clerk.username);
    // Used a second ago, but signed in 12 hours and a second ago (the default absolute timeout).
    await h.db('sessions').where({ staff_id: clerk.id }).update({ created_at: new Date(Date.now() - 12 * 3600_000 - 1000), last_seen_at: new Date(Date.now() - 1000) });
    expect((await old.get('/api/v1/me').expect(401)).body.details).toEqual({ reason: 'session_expired' });
  });

  it('refuses an unsafe method with a session but without its CSRF token (403 csrf_failed); a bearer token needs none', async () => {
    const clerk = await createPerson('clerk', f.branch);
    const agent = browser();
    const csrf = await signIn(agent, clerk.username);
    const body = { procedureCode: f.procedure.code, applicant: APPLICANT, documents: f.procedure.requiredDocuments.map((d) => ({ code: d.code })) };
    const noToken = await agent.post('/api/v1/dossiers').send(body).expect(403);
    expect(noToken.body.code).toBe('csrf_failed');
    const wrongToken = await agent.post('/api/v1/dossiers').set('x-csrf-token', csrf.slice(1) + (csrf[0] === 'A' ? 'B' : 'A')).send(body).expect(403);
    expect(wrongToken.body.code).toBe('csrf_failed');
    const receivedBy = async () => Number((await h.db('dossier_events').whereRaw("actor->>'sub' = ?", [clerk.id]).count({ n: '*' }))[0].n);
    expect(await receivedBy()).toBe(0); // refused: nothing recorded
    // The same with the token from GET /auth/csrf: received.
    const fromEndpoint = (await agent.get('/api/v1/auth/csrf').expect(200)).body.csrfToken;
    expect(fromEndpoint).toBe(csrf);
    const ok = await agent.post('/api/v1/dossiers').set('x-csrf-token', csrf).send(body).expect(201);
    expect(ok.body.history[0].actor).toEqual({ sub: clerk.id, role: 'clerk', unitId: f.branch });
    expect(await receivedBy()).toBeGreaterThan(0);
    // A bearer token needs no CSRF token, even from a browser that also holds a session.
    await agent.post('/api/v1/dossiers').auth(await h.token('clerk', f.branch), { type: 'bearer' }).send(body).expect(201);
  });

  it('slows and then locks repeated failures (429 with Retry-After, even for the right password), audited with its end', async () => {
    const clerk = await createPerson('clerk', f.branch);
    const agent = browser();
    for (let i = 1; i <= 4; i++) await agent.post('/api/v1/auth/login').send({ username: clerk.username, password: `wrong password ${i}` }).expect(401);
    const fifth = await agent.post('/api/v1/auth/login').send({ username: clerk.username, password: 'wrong password 5' }).expect(401);
    expect(fifth.body.details.reason).toBe('bad_credentials');
    // Locked: from another address too, and with the right password.
    const locked = await browser().post('/api/v1/auth/login').send({ username: clerk.username, password: PASSWORD }).expect(429);
    expect(locked.body).toMatchObject({ code: 'rate_limited', details: { reason: 'account_locked' } });
    expect(Number(locked.headers['retry-after'])).toBeGreaterThan(14 * 60);
    const key = `user:${clerk.username}`;
    const admins = await h.api.get('/api/v1/audit/org-events').query({ subjectType: 'account', subjectId: key }).auth(admin, { type: 'bearer' }).expect(200);
    expect(admins.body.items.map((e: { kind: string }) => e.kind)).toEqual(['account.locked']);
    // Fifteen minutes later (the lock moved back): the right password signs in, and the lock's end is audited.
    await h.db('login_throttle').where({ key }).update({ locked_until: new Date(Date.now() - 1000) });
    await signIn(browser(), clerk.username);
    const after = await h.api.get('/api/v1/audit/org-events').query({ subjectType: 'account', subjectId: key }).auth(admin, { type: 'bearer' }).expect(200);
    expect(after.body.items.map((e: { kind: string }) => e.kind)).toEqual(['account.locked', 'account.lock_ended']);
  });

  it('keeps the password rules, and a changed password replaces the old one', async () => {
    const username = unique('rules');
    for (const [password, problem] of [
      ['short pass', 'too_short'],
      [`${username}-secret`, 'is_username'],
      ['password1234', 'too_common'],
    ]) {
      const res = await h.api.post('/api/v1/staff').auth(admin, { type: 'bearer' }).send({ username, name: 'Rules', password }).expect(422);
      expect(res.body).toMatchObject({ code: 'weak_password', details: { problems: expect.arrayContaining([problem]) } });
    }
    const clerk = await createPerson('clerk', f.branch);
    const agent = browser();
    const csrf = await signIn(agent, clerk.username);
    await agent.post('/api/v1/me/password').set('x-csrf-token', csrf).send({ currentPassword: 'not it', newPassword: 'a new long passphrase' }).expect(403);
    expect((await agent.post('/api/v1/me/password').set('x-csrf-token', csrf).send({ currentPassword: PASSWORD, newPassword: 'short' }).expect(422)).body.code).toBe('weak_password');
    await agent.post('/api/v1/me/password').set('x-csrf-token', csrf).send({ currentPassword: PASSWORD, newPassword: 'a new long passphrase' }).expect(204);
    await browser().post('/api/v1/auth/login').send({ username: clerk.username, password: PASSWORD }).expect(401);
    await signIn(browser(), clerk.username, 'a new long passphrase');
  });
});

describe('assignments, read at every request', () => {
  it('a clerk deployed to a reception point from a date receives there from that date and not before, and not after it ends', async () => {
    const [point] = await receptionPointsOf(f.branch);
    const clerk = await createPerson('clerk', f.branch);
    const director = await createPerson('supervisor', f.branch);
    const directorBrowser = browser();
    const directorCsrf = await signIn(directorBrowser, director.username);
    // The branch director deploys the branch's clerk to its reception point from tomorrow.
    const deployed = await directorBrowser
      .post(`/api/v1/staff/${clerk.id}/assignments`)
      .set('x-csrf-token', directorCsrf)
      .send({ role: 'clerk', unitId: point, kind: 'acting', from: addDays(today, 1), reason: 'Deployed to the reception point' })
      .expect(201);

    const agent = browser();
    const csrf = await signIn(agent, clerk.username);
    const refused = await agent.post('/api/v1/me/active').set('x-csrf-token', csrf).send({ role: 'clerk', unitId: point }).expect(403);
    expect(refused.body.details).toEqual({ reason: 'not_in_force' });
    const body = { procedureCode: f.procedure.code, applicant: APPLICANT, documents: f.procedure.requiredDocuments.map((d) => ({ code: d.code })) };
    // Today it receives at its home branch.
    expect((await agent.post('/api/v1/dossiers').set('x-csrf-token', csrf).send(body).expect(201)).body.receivingBranchId).toBe(f.branch);

    // The date comes (the assignment's first day moved to today): the clerk switches and receives at the point.
    await h.db('assignments').where({ id: deployed.body.id }).update({ from: today });
    await agent.post('/api/v1/me/active').set('x-csrf-token', csrf).send({ role: 'clerk', unitId: point }).expect(200);
    const there = await agent.post('/api/v1/dossiers').set('x-csrf-token', csrf).send(body).expect(201);
    expect(there.body.receivingBranchId).toBe(point);

    // The director ends the deployment yesterday: from this request on, the same session receives nothing there.
    await directorBrowser
      .patch(`/api/v1/staff/${clerk.id}/assignments/${deployed.body.id}`)
      .set('x-csrf-token', directorCsrf)
      .send({ to: addDays(today, -1), reason: 'Back to the branch' })
      .expect(200);
    const ended = await agent.post('/api/v1/dossiers').set('x-csrf-token', csrf).send(body).expect(403);
    expect(ended.body).toMatchObject({ code: 'forbidden', details: { reason: 'not_in_force' } });
    // /me still answers, so the console can offer the home branch again.
    expect((await agent.get('/api/v1/me').expect(200)).body.active).toEqual({ role: 'clerk', unitId: point });
    await agent.post('/api/v1/me/active').set('x-csrf-token', csrf).send({ role: 'clerk', unitId: f.branch }).expect(200);
    await agent.post('/api/v1/dossiers').set('x-csrf-token', csrf).send(body).expect(201);
  });

  it('lets a branch supervisor deploy only the branch’s own staff to the branch and its points; a role must fit its unit', async () => {
    const [point] = await receptionPointsOf(f.branch);
    const [foreignPoint] = await receptionPointsOf(f.otherBranch);
    const director = await createPerson('supervisor', f.branch);
    const ownClerk = await createPerson('clerk', f.branch);
    const foreignClerk = await createPerson('clerk', f.otherBranch);
    const agent = browser();
    const csrf = await signIn(agent, director.username);
    const assign = (staffId: string, role: string, unitId: string) =>
      agent.post(`/api/v1/staff/${staffId}/assignments`).set('x-csrf-token', csrf).send({ role, unitId, kind: 'acting', from: today, reason: 'test' });
    await assign(ownClerk.id, 'clerk', point).expect(201);
    await assign(ownClerk.id, 'clerk', foreignPoint).expect(403); // another branch's point
    await assign(foreignClerk.id, 'clerk', point).expect(403); // another branch's clerk
    await assign(ownClerk.id, 'supervisor', f.branch).expect(403); // no promotions
    expect((await assign(ownClerk.id, 'officer', point).expect(422)).body.code).toBe('role_not_in_unit');
    // Others may not assign at all; admins may assign anyone, but not a role outside its unit either.
    const clerkAgent = browser();
    const clerkCsrf = await signIn(clerkAgent, ownClerk.username);
    await clerkAgent.post(`/api/v1/staff/${ownClerk.id}/assignments`).set('x-csrf-token', clerkCsrf).send({ role: 'clerk', unitId: point, kind: 'acting', from: today, reason: 'self' }).expect(403);
    await h.api.post(`/api/v1/staff/${foreignClerk.id}/assignments`).auth(admin, { type: 'bearer' }).send({ role: 'clerk', unitId: point, kind: 'acting', from: today, reason: 'test' }).expect(201);
    const misfit = await h.api.post(`/api/v1/staff/${foreignClerk.id}/assignments`).auth(admin, { type: 'bearer' }).send({ role: 'leader', unitId: f.branch, kind: 'home', from: today, reason: 'test' }).expect(422);
    expect(misfit.body.code).toBe('role_not_in_unit');
    // The branch supervisor sees the branch's staff, and every change is in the audit trail.
    const listed = (await agent.get('/api/v1/staff').expect(200)).body.map((s: { id: string }) => s.id);
    expect(listed).toEqual(expect.arrayContaining([director.id, ownClerk.id, foreignClerk.id]));
    await agent.get(`/api/v1/staff/${ownClerk.id}`).expect(200);
    const audit = await h.api.get('/api/v1/audit/org-events').auth(admin, { type: 'bearer' }).query({ subjectType: 'staff', subjectId: ownClerk.id }).expect(200);
    expect(audit.body.items).toEqual([expect.objectContaining({ kind: 'staff.created', actor: expect.objectContaining({ role: 'admin' }) })]);
    await clerkAgent.get('/api/v1/audit/org-events').expect(403);
  });

  it('a seconded department officer shows as seconded, and a deactivated person is signed out everywhere', async () => {
    const officer = await createPerson('officer', f.procedure.departmentId);
    await h.api.post(`/api/v1/staff/${officer.id}/assignments`).auth(admin, { type: 'bearer' }).send({ role: 'officer', unitId: f.otherDepartment, kind: 'seconded', from: today, reason: 'Seconded' }).expect(201);
    const agent = browser();
    await signIn(agent, officer.username);
    const me = (await agent.get('/api/v1/me').expect(200)).body;
    expect(me.active).toEqual({ role: 'officer', unitId: f.procedure.departmentId }); // home first
    expect(me.assignments.map((a: { kind: string; unitId: string }) => [a.kind, a.unitId])).toEqual([
      ['home', f.procedure.departmentId],
      ['seconded', f.otherDepartment],
    ]);
    await h.api.patch(`/api/v1/staff/${officer.id}`).auth(admin, { type: 'bearer' }).send({ active: false }).expect(200);
    await agent.get('/api/v1/me').expect(401);
    await browser().post('/api/v1/auth/login').send({ username: officer.username, password: PASSWORD }).expect(401);
  });
});

describe('delegation', () => {
  it('a delegate’s action is recorded on behalf of the absent officer', async () => {
    const dept = f.procedure.departmentId;
    const absent = await createPerson('officer', dept);
    const delegate = await createPerson('officer', dept);
    const absentBrowser = browser();
    const absentCsrf = await signIn(absentBrowser, absent.username);
    const code = (await receive(h, f, await h.token('clerk', f.branch)).expect(201)).body.code as string;
    await absentBrowser.post(`/api/v1/dossiers/${code}/actions/claim`).set('x-csrf-token', absentCsrf).send({}).expect(200);
    // The officer will be away: they delegate to a colleague from today.
    await absentBrowser
      .post(`/api/v1/staff/${absent.id}/delegations`)
      .set('x-csrf-token', absentCsrf)
      .send({ to: delegate.id, from: today, until: addDays(today, 7), reason: 'Annual leave' })
      .expect(201);

    const agent = browser();
    const csrf = await signIn(agent, delegate.username);
    // Acting as themselves, the colleague is not the assignee.
    await agent.post(`/api/v1/dossiers/${code}/actions/submit`).set('x-csrf-token', csrf).send({ outcome: 'approved', summary: 'Complete' }).expect(403);
    const me = (await agent.get('/api/v1/me').expect(200)).body;
    expect(me.actingFor).toEqual([expect.objectContaining({ staffId: absent.id, assignments: [expect.objectContaining({ role: 'officer', unitId: dept })] })]);
    await agent.post('/api/v1/me/active').set('x-csrf-token', csrf).send({ role: 'officer', unitId: dept, onBehalfOf: absent.id }).expect(200);
    const submitted = await agent.post(`/api/v1/dossiers/${code}/actions/submit`).set('x-csrf-token', csrf).send({ outcome: 'approved', summary: 'Complete' }).expect(200);
    expect(submitted.body.status).toBe('awaiting_approval');
    const last = submitted.body.history.at(-1);
    expect(last).toMatchObject({ action: 'submit', actor: { sub: delegate.id, role: 'officer', unitId: dept }, onBehalfOf: absent.id });
    // The dossier's history API says the same.
    const viewed = (await h.api.get(`/api/v1/dossiers/${code}`).auth(admin, { type: 'bearer' }).expect(200)).body;
    expect(viewed.history.find((e: { action: string }) => e.action === 'submit')).toMatchObject({ actor: { sub: delegate.id }, onBehalfOf: absent.id });
    expect(viewed.history.find((e: { action: string }) => e.action === 'claim')).not.toHaveProperty('onBehalfOf');
    // Without a delegation in force, nobody acts for another.
    const stranger = await createPerson('officer', dept);
    const strangerBrowser = browser();
    const strangerCsrf = await signIn(strangerBrowser, stranger.username);
    await strangerBrowser.post('/api/v1/me/active').set('x-csrf-token', strangerCsrf).send({ role: 'officer', unitId: dept, onBehalfOf: absent.id }).expect(403);
    await act(h, await h.token('leader', dept), code, 'approve').expect(200);
  });
});

describe('demo accounts', () => {
  it('demo-clerk signs in at once with the demo password and receives a dossier at its branch', async () => {
    await seedDemoStaff(h.db, await hashPassword('motcua-demo'));
    expect(await h.db('staff').whereIn('username', DEMO_STAFF.map((d) => d.username)).count({ n: '*' })).toEqual([{ n: DEMO_STAFF.length }]);
    const agent = browser();
    const csrf = await signIn(agent, 'demo-clerk', 'motcua-demo');
    const me = (await agent.get('/api/v1/me').expect(200)).body;
    expect(me.active).toEqual({ role: 'clerk', unitId: 'branch-cau-giay-thanh-xuan' });
    const body = { procedureCode: f.procedure.code, applicant: APPLICANT, documents: f.procedure.requiredDocuments.map((d) => ({ code: d.code })) };
    expect((await agent.post('/api/v1/dossiers').set('x-csrf-token', csrf).send(body).expect(201)).body.receivingBranchId).toBe('branch-cau-giay-thanh-xuan');
    for (const d of DEMO_STAFF.filter((x) => x.username !== 'demo-clerk')) {
      const other = browser();
      await signIn(other, d.username, 'motcua-demo');
      expect((await other.get('/api/v1/me').expect(200)).body.active).toEqual({ role: d.role, unitId: d.unitId });
    }
  });
});
