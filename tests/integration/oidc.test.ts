import crypto from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import Provider from 'oidc-provider';
import supertest from 'supertest';
import { createApp } from '../../api/app';
import type { OidcConfig } from '../../api/context';
import { unknownSubjectAuditId } from '../../api/routes/oidc';
import { freePort } from '../../scripts/lib/local-services';
import { catalogueFixture, type CatalogueFixture } from '../support/fixtures';
import { startHarness, type Harness } from '../support/harness';

/**
 * OIDC sign-in (issue 10, item 1) through a real OpenID provider started in this process (oidc-provider v7,
 * its development login and consent forms), with the API on a real port: authorization code with PKCE,
 * the provider's subject mapped to a staff record, and the very session a local sign-in gives. The browser
 * is two cookie jars (one per site), driven by following each redirect by hand.
 */
const CLIENT_ID = 'motcua-console';
const CLIENT_SECRET = 'the-test-provider-client-secret';

let h: Harness;
let f: CatalogueFixture;
let admin: string;
let op: { issuer: string; server: http.Server };
let api: { base: string; server: http.Server; config: OidcConfig };

const run = Date.now().toString(36);
let counter = 0;
const unique = (prefix: string) => `${prefix}-${run}-${++counter}`;

async function listen(server: http.Server, port = 0): Promise<number> {
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', resolve);
  });
  return (server.address() as AddressInfo).port;
}

async function close(server: http.Server | undefined): Promise<void> {
  if (!server) return;
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
}

/** The provider: any login is accepted as the subject of that name; PKCE (S256) required. */
async function startProvider(redirectUrl: string): Promise<{ issuer: string; server: http.Server }> {
  const port = await freePort();
  const issuer = `http://127.0.0.1:${port}`;
  const { privateKey } = crypto.generateKeyPairSync('rsa', { modulusLength: 2048 });
  const provider = new Provider(issuer, {
    clients: [{ client_id: CLIENT_ID, client_secret: CLIENT_SECRET, redirect_uris: [redirectUrl], grant_types: ['authorization_code'], response_types: ['code'] }],
    findAccount: (_ctx, id) => ({ accountId: id, claims: () => ({ sub: id }) }),
    pkce: { required: () => true, methods: ['S256'] },
    jwks: { keys: [{ ...privateKey.export({ format: 'jwk' }), kid: 'test', use: 'sig', alg: 'RS256' }] },
    cookies: { keys: [crypto.randomBytes(16).toString('hex')] },
    // Explicit lifetimes (seconds), so the provider does not print a notice for each default one.
    ttl: { Interaction: 600, Session: 3600, Grant: 3600, AuthorizationCode: 60, AccessToken: 600, IdToken: 600 },
  });
  const server = http.createServer(provider.callback());
  await listen(server, port);
  return { issuer, server };
}

/** An API (the harness's context) configured for `issuer`, listening on a real port for the provider's redirect. */
async function startApi(issuer: (redirectUrl: string) => Promise<string>): Promise<{ base: string; server: http.Server; config: OidcConfig }> {
  const port = await freePort();
  const base = `http://127.0.0.1:${port}`;
  const config: OidcConfig = { issuer: '', clientId: CLIENT_ID, clientSecret: CLIENT_SECRET, redirectUrl: `${base}/auth/oidc/callback` };
  config.issuer = await issuer(config.redirectUrl);
  const server = http.createServer(createApp({ ...h.ctx, config: { ...h.ctx.config, oidc: config } }));
  await listen(server, port);
  return { base, server, config };
}

/** A browser on the API, from an address of its own (the throttle of one test never locks another out). */
function apiBrowser(base = api.base): supertest.Agent {
  const agent = supertest.agent(base);
  agent.set('X-Forwarded-For', `10.99.${counter & 255}.${Math.floor(Math.random() * 250) + 1}`);
  counter++;
  return agent;
}

/**
 * From GET /auth/oidc/login to the provider's redirect back: the login form posted with `login` as the
 * subject, the consent confirmed (or, with `abort`, the login cancelled). Answers the browser (its API cookie
 * jar holds the flow cookie) and the callback URL the provider sent it to — not yet followed.
 */
async function throughProvider(login: string, opts: { abort?: boolean } = {}): Promise<{ browser: supertest.Agent; callback: URL }> {
  const browser = apiBrowser();
  const start = await browser.get('/auth/oidc/login').expect(302);
  const authorize = new URL(start.headers.location);
  expect(authorize.origin).toBe(op.issuer);
  expect(authorize.searchParams.get('code_challenge_method')).toBe('S256');
  expect(authorize.searchParams.get('client_id')).toBe(CLIENT_ID);
  const atProvider = supertest.agent(op.issuer);
  let location = start.headers.location as string;
  for (let step = 0; step < 20; step++) {
    const url = new URL(location, op.issuer);
    if (url.href.startsWith(api.config.redirectUrl)) return { browser, callback: url };
    const page = await atProvider.get(url.pathname + url.search);
    if (page.status >= 300 && page.status < 400) {
      location = page.headers.location;
      continue;
    }
    expect(page.status).toBe(200);
    const prompt = /name="prompt" value="(\w+)"/.exec(page.text)?.[1];
    const action = /<form[^>]*action="([^"]+)"/.exec(page.text)?.[1];
    if (!prompt || !action) throw new Error(`the provider showed no form:\n${page.text}`);
    if (opts.abort) {
      location = /href="([^"]*\/abort)"/.exec(page.text)?.[1] ?? '';
      continue;
    }
    const posted = await atProvider
      .post(new URL(action, op.issuer).pathname)
      .type('form')
      .send(prompt === 'login' ? { prompt, login, password: 'anything' } : { prompt });
    expect(posted.status).toBeGreaterThanOrEqual(300);
    expect(posted.status).toBeLessThan(400);
    location = posted.headers.location;
  }
  throw new Error('the provider never sent the browser back to the API');
}

function cookiesOf(res: supertest.Response): string[] {
  return ([] as string[]).concat(res.headers['set-cookie'] ?? []);
}
const sessionCookieOf = (res: supertest.Response) => cookiesOf(res).find((c) => c.startsWith('motcua_session=') && !c.startsWith('motcua_session=;'));

/** A staff member (admin-created, no password) with a clerk assignment, linked to a fresh subject through PATCH. */
async function linkedClerk(): Promise<{ id: string; subject: string }> {
  const staff = await h.api.post('/api/v1/staff').auth(admin, { type: 'bearer' }).send({ username: unique('oidc-clerk'), name: 'OIDC Clerk' }).expect(201);
  await h.api
    .post(`/api/v1/staff/${staff.body.id}/assignments`)
    .auth(admin, { type: 'bearer' })
    .send({ role: 'clerk', unitId: f.branch, kind: 'home', from: '2025-07-01', reason: 'test' })
    .expect(201);
  const subject = unique('subject');
  const linked = await h.api.patch(`/api/v1/staff/${staff.body.id}`).auth(admin, { type: 'bearer' }).send({ oidcSubject: subject }).expect(200);
  expect(linked.body).toMatchObject({ oidcSubject: subject, oidcIssuer: op.issuer });
  return { id: staff.body.id, subject };
}

beforeAll(async () => {
  h = await startHarness({ withWorker: false });
  f = await catalogueFixture(h);
  admin = await h.token('admin', 'center');
  api = await startApi(async (redirectUrl) => {
    op = await startProvider(redirectUrl);
    return op.issuer;
  });
  // The admin links through the API that knows the issuer.
  h.ctx.config = { ...h.ctx.config, oidc: api.config };
}, 60_000);

afterAll(async () => {
  await close(api?.server);
  await close(op?.server);
  await h?.close();
});

describe('OIDC sign-in through a real provider', () => {
  it('signs a linked staff member in with the same session as a local sign-in: cookie, /me, CSRF', async () => {
    const clerk = await linkedClerk();
    const { browser, callback } = await throughProvider(clerk.subject);
    expect(callback.searchParams.get('code')).toBeTruthy();
    const landed = await browser.get(callback.pathname + callback.search).expect(302);
    expect(landed.headers.location).toBe('/');
    const cookie = sessionCookieOf(landed);
    expect(cookie).toMatch(/HttpOnly/);
    expect(cookie).toMatch(/SameSite=Lax/);
    const me = (await browser.get('/api/v1/me').expect(200)).body;
    expect(me).toMatchObject({ sub: clerk.id, name: 'OIDC Clerk', active: { role: 'clerk', unitId: f.branch }, assignments: [expect.objectContaining({ role: 'clerk', unitId: f.branch, kind: 'home' })] });
    expect(await h.db('sessions').where({ staff_id: clerk.id })).toHaveLength(1);
    // An unsafe method needs the session's CSRF token, as with a local sign-in.
    const refused = await browser.post('/api/v1/me/active').send({ role: 'clerk', unitId: f.branch }).expect(403);
    expect(refused.body.code).toBe('csrf_failed');
    const { csrfToken } = (await browser.get('/api/v1/auth/csrf').expect(200)).body;
    await browser.post('/api/v1/me/active').set('x-csrf-token', csrfToken).send({ role: 'clerk', unitId: f.branch }).expect(200);
    // The flow cookie is single-use: the same callback again starts no second session.
    const again = await browser.get(callback.pathname + callback.search).expect(400);
    expect(again.body.code).toBe('oidc_state_mismatch');
    expect(await h.db('sessions').where({ staff_id: clerk.id })).toHaveLength(1);
  });

  it('refuses a subject linked to nobody (401 oidc_unknown_subject), sets no session, and audits it', async () => {
    const stranger = unique('stranger');
    const { browser, callback } = await throughProvider(stranger);
    const res = await browser.get(callback.pathname + callback.search).expect(401);
    expect(res.body).toMatchObject({ code: 'oidc_unknown_subject', message: expect.any(String) });
    expect(sessionCookieOf(res)).toBeUndefined();
    await browser.get('/api/v1/me').expect(401);
    const audit = await h.api.get('/api/v1/audit/org-events').query({ subjectType: 'account', subjectId: unknownSubjectAuditId(op.issuer, stranger) }).auth(admin, { type: 'bearer' }).expect(200);
    expect(audit.body.items).toEqual([expect.objectContaining({ kind: 'account.oidc_unknown_subject', after: { issuer: op.issuer, subject: stranger } })]);
  });

  it('refuses a deactivated staff member (401), with no session', async () => {
    const clerk = await linkedClerk();
    await h.api.patch(`/api/v1/staff/${clerk.id}`).auth(admin, { type: 'bearer' }).send({ active: false }).expect(200);
    const { browser, callback } = await throughProvider(clerk.subject);
    const res = await browser.get(callback.pathname + callback.search).expect(401);
    expect(res.body.code).toBe('oidc_account_inactive');
    expect(sessionCookieOf(res)).toBeUndefined();
    expect(await h.db('sessions').where({ staff_id: clerk.id })).toHaveLength(0);
  });

  it('refuses a tampered state (400 oidc_state_mismatch) and a callback without the flow cookie, with no session', async () => {
    const clerk = await linkedClerk();
    const { browser, callback } = await throughProvider(clerk.subject);
    const tampered = new URL(callback);
    tampered.searchParams.set('state', `${callback.searchParams.get('state')}x`);
    const res = await browser.get(tampered.pathname + tampered.search).expect(400);
    expect(res.body.code).toBe('oidc_state_mismatch');
    expect(sessionCookieOf(res)).toBeUndefined();
    // Another browser (no flow cookie) with the genuine callback URL gets nothing either.
    const other = await apiBrowser().get(callback.pathname + callback.search).expect(400);
    expect(other.body.code).toBe('oidc_state_mismatch');
    expect(await h.db('sessions').where({ staff_id: clerk.id })).toHaveLength(0);
  });

  it('answers the provider’s access_denied (the person cancelled) with 401 oidc_provider_error', async () => {
    const { browser, callback } = await throughProvider('whoever', { abort: true });
    expect(callback.searchParams.get('error')).toBe('access_denied');
    const res = await browser.get(callback.pathname + callback.search).expect(401);
    expect(res.body).toMatchObject({ code: 'oidc_provider_error', details: { error: 'access_denied' } });
    expect(sessionCookieOf(res)).toBeUndefined();
  });

  it('links a subject to one staff member only (409), and unlinks with null', async () => {
    const clerk = await linkedClerk();
    const other = await h.api.post('/api/v1/staff').auth(admin, { type: 'bearer' }).send({ username: unique('other'), name: 'Other' }).expect(201);
    const taken = await h.api.patch(`/api/v1/staff/${other.body.id}`).auth(admin, { type: 'bearer' }).send({ oidcSubject: clerk.subject }).expect(409);
    expect(taken.body.code).toBe('conflict');
    const unlinked = await h.api.patch(`/api/v1/staff/${clerk.id}`).auth(admin, { type: 'bearer' }).send({ oidcSubject: null }).expect(200);
    expect(unlinked.body.oidcSubject).toBeUndefined();
    const { browser, callback } = await throughProvider(clerk.subject);
    expect((await browser.get(callback.pathname + callback.search).expect(401)).body.code).toBe('oidc_unknown_subject');
  });
});

describe('OIDC configuration', () => {
  it('answers 404 not_found on both routes when OIDC_ISSUER is not set', async () => {
    const plain = supertest(createApp({ ...h.ctx, config: { ...h.ctx.config, oidc: undefined } }));
    for (const path of ['/auth/oidc/login', '/auth/oidc/callback?code=x&state=y']) {
      const res = await plain.get(path).expect(404);
      expect(res.body).toMatchObject({ code: 'not_found', message: expect.stringMatching(/OIDC/) });
    }
  });

  it('answers 503 unavailable while the provider cannot be discovered, and discovers it once it is up', async () => {
    const port = await freePort();
    const down = supertest(createApp({ ...h.ctx, config: { ...h.ctx.config, oidc: { ...api.config, issuer: `http://127.0.0.1:${port}` } } }));
    const res = await down.get('/auth/oidc/login').expect(503);
    expect(res.body.code).toBe('unavailable');
    const { privateKey } = crypto.generateKeyPairSync('rsa', { modulusLength: 2048 });
    const late = http.createServer(new Provider(`http://127.0.0.1:${port}`, { clients: [{ client_id: CLIENT_ID, client_secret: CLIENT_SECRET, redirect_uris: [api.config.redirectUrl] }], jwks: { keys: [{ ...privateKey.export({ format: 'jwk' }), kid: 'late' }] }, cookies: { keys: ['late-provider-cookie-key'] } }).callback());
    try {
      await listen(late, port);
      const started = await down.get('/auth/oidc/login').expect(302);
      expect(new URL(started.headers.location).origin).toBe(`http://127.0.0.1:${port}`);
    } finally {
      await close(late);
    }
  });
});
