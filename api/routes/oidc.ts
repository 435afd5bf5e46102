import crypto from 'node:crypto';
import { Router, type Request, type Response } from 'express';
import { custom, errors as oidcErrors, generators, Issuer, type Client } from 'openid-client';
import { logger } from '../../config/logger';
import { recordOrgEvent } from '../../db/org-events';
import { findStaffByOidcSubject } from '../../db/people';
import { oidcSubjectKey } from '../../domain/people';
import { SYSTEM_ACTOR } from '../../domain/roles';
import type { AppContext, OidcConfig } from '../context';
import { HttpError } from '../errors';
import { OidcCallbackQuery } from '../people-schemas';
import { readCookie, sessionConfig, startSession } from '../sessions';

/**
 * Sign-in through an OpenID provider (issue 10, item 1), when OIDC_ISSUER is set: the authorization-code flow
 * with PKCE (S256). GET /auth/oidc/login keeps state, nonce and the code verifier in a short-lived signed
 * HttpOnly cookie (no server-side row, so any API process can finish the flow) and sends the browser to the
 * provider; GET /auth/oidc/callback checks the state, exchanges the code (openid-client validates the ID
 * token: signature, issuer, audience, nonce, expiry), maps (issuer, sub) to a staff record and starts the
 * same session as a local sign-in, then sends the browser to `/`.
 */
export const OIDC_FLOW_COOKIE = 'motcua_oidc';
const FLOW_PATH = '/auth/oidc';
/** How long a browser may spend at the provider between /login and /callback. */
const FLOW_TTL_MS = 10 * 60_000;
/** Requests to the provider (discovery, keys, token) give up after this: 503, never a hang. */
const PROVIDER_TIMEOUT_MS = 5_000;
custom.setHttpOptionsDefaults({ timeout: PROVIDER_TIMEOUT_MS });

interface Flow {
  state: string;
  nonce: string;
  verifier: string;
  /** When /login issued it (ms). */
  at: number;
}

/** The audit trail's subject id for an unknown OIDC identity: a digest, since issuer URLs do not fit an identifier. */
export function unknownSubjectAuditId(issuer: string, subject: string): string {
  return `oidc:${crypto.createHash('sha256').update(oidcSubjectKey(issuer, subject)).digest('hex').slice(0, 40)}`;
}

function sign(secret: string, payload: string): string {
  return crypto.createHmac('sha256', secret).update(`oidc-flow:${payload}`).digest('base64url');
}

function flowCookie(secret: string, flow: Flow): string {
  const payload = Buffer.from(JSON.stringify(flow)).toString('base64url');
  return `${payload}.${sign(secret, payload)}`;
}

/** The flow the cookie carries, if its signature holds and it is not older than FLOW_TTL_MS. */
function readFlow(secret: string, value: string | undefined, now: number): Flow | null {
  const [payload, mac] = (value ?? '').split('.');
  if (!payload || !mac) return null;
  const expected = Buffer.from(sign(secret, payload));
  const given = Buffer.from(mac);
  if (given.length !== expected.length || !crypto.timingSafeEqual(given, expected)) return null;
  try {
    const flow = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as Flow;
    // No lower bound: another API process's clock may run a little ahead of this one's.
    return now - flow.at <= FLOW_TTL_MS ? flow : null;
  } catch {
    return null;
  }
}

function sameString(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && crypto.timingSafeEqual(x, y);
}

/** The provider unreachable, too slow, or failing (5xx): the caller may try again later. */
function providerDown(err: unknown): boolean {
  const e = err as { code?: string; message?: string; response?: { statusCode?: number } } | null;
  if (!e) return false;
  if (e.code && ['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EHOSTUNREACH', 'ENOTFOUND', 'EAI_AGAIN'].includes(e.code)) return true;
  if (e.response?.statusCode && e.response.statusCode >= 500) return true;
  return /timed out/i.test(e.message ?? '');
}

export function oidcRoutes(ctx: AppContext): Router {
  const r = Router();
  /** The discovered provider's client: discovered at first use and kept; a failed discovery is tried again next time. */
  let client: Promise<Client> | null = null;

  function configured(): OidcConfig {
    const oidc = ctx.config.oidc;
    if (!oidc) throw new HttpError('not_found', 'OIDC sign-in is not configured on this server (OIDC_ISSUER is not set): sign in with POST /api/v1/auth/login.');
    return oidc;
  }

  async function clientOf(oidc: OidcConfig): Promise<Client> {
    client ??= (async () => {
      const issuer = await Issuer.discover(oidc.issuer);
      return new issuer.Client({ client_id: oidc.clientId, client_secret: oidc.clientSecret, redirect_uris: [oidc.redirectUrl], response_types: ['code'] });
    })();
    try {
      return await client;
    } catch (err) {
      client = null;
      logger.warn({ issuer: oidc.issuer, cause: err instanceof Error ? err.message : String(err) }, 'OIDC discovery failed');
      throw new HttpError('unavailable', 'The sign-in provider could not be reached; try again shortly.');
    }
  }

  function setFlowCookie(req: Request, res: Response, value: string, maxAge: number): void {
    res.cookie(OIDC_FLOW_COOKIE, value, { httpOnly: true, sameSite: 'lax', secure: req.secure || sessionConfig(ctx).secureCookies, path: FLOW_PATH, maxAge });
  }

  r.get('/login', async (req, res) => {
    const oidc = configured();
    const c = await clientOf(oidc);
    const flow: Flow = { state: generators.state(), nonce: generators.nonce(), verifier: generators.codeVerifier(), at: Date.now() };
    setFlowCookie(req, res, flowCookie(ctx.config.jwtSecret, flow), FLOW_TTL_MS);
    res.setHeader('Cache-Control', 'no-store');
    res.redirect(
      302,
      c.authorizationUrl({ scope: 'openid', state: flow.state, nonce: flow.nonce, code_challenge: generators.codeChallenge(flow.verifier), code_challenge_method: 'S256' }),
    );
  });

  r.get('/callback', async (req, res) => {
    const oidc = configured();
    const query = OidcCallbackQuery.parse(req.query);
    const flow = readFlow(ctx.config.jwtSecret, readCookie(req, OIDC_FLOW_COOKIE), Date.now());
    // The flow is single-use: whatever happens next, its cookie goes.
    res.clearCookie(OIDC_FLOW_COOKIE, { httpOnly: true, sameSite: 'lax', secure: req.secure || sessionConfig(ctx).secureCookies, path: FLOW_PATH });
    res.setHeader('Cache-Control', 'no-store');
    if (!flow) throw new HttpError('oidc_state_mismatch', 'No sign-in was started from this browser, or it took too long: start again at /auth/oidc/login.', { reason: 'no_flow' });
    if (!query.state || !sameString(query.state, flow.state)) throw new HttpError('oidc_state_mismatch', 'The answer from the sign-in provider does not belong to the sign-in this browser started.', { reason: 'state_mismatch' });
    if (query.error) {
      throw new HttpError('oidc_provider_error', `The sign-in provider refused: ${query.error}.`, { error: query.error, ...(query.error_description ? { description: query.error_description } : {}) });
    }
    const c = await clientOf(oidc);
    let claims: { iss: string; sub: string };
    try {
      const tokens = await c.callback(oidc.redirectUrl, c.callbackParams(req), { state: flow.state, nonce: flow.nonce, code_verifier: flow.verifier, response_type: 'code' });
      claims = tokens.claims();
    } catch (err) {
      if (providerDown(err)) throw new HttpError('unavailable', 'The sign-in provider could not be reached; try again shortly.');
      if (err instanceof oidcErrors.OPError) throw new HttpError('oidc_provider_error', `The sign-in provider refused: ${err.error}.`, { error: err.error });
      logger.warn({ cause: err instanceof Error ? err.message : String(err) }, 'OIDC callback refused');
      throw new HttpError('oidc_token_invalid', 'The sign-in provider’s answer could not be verified: start again at /auth/oidc/login.');
    }
    // The subject is unique within its issuer: the configured one (the ID token's iss was checked against it).
    const staff = await findStaffByOidcSubject(ctx.db, oidcSubjectKey(oidc.issuer, claims.sub));
    if (!staff) {
      await recordOrgEvent(ctx.db, {
        actor: SYSTEM_ACTOR,
        kind: 'account.oidc_unknown_subject',
        subjectType: 'account',
        subjectId: unknownSubjectAuditId(oidc.issuer, claims.sub),
        reason: 'signed in at the OIDC provider, but linked to no staff member',
        after: { issuer: oidc.issuer, subject: claims.sub },
      });
      throw new HttpError('oidc_unknown_subject', 'You signed in at the provider, but no staff member is linked to that account: ask an admin to link it (PATCH /api/v1/staff/{id} oidcSubject).', { subject: claims.sub });
    }
    if (!staff.active) throw new HttpError('oidc_account_inactive', 'This account is deactivated.');
    await startSession(ctx, req, res, staff, new Date());
    res.redirect(302, '/');
  });

  return r;
}
