import type { NextFunction, Request, Response } from 'express';
import { decodeProtectedHeader, errors as joseErrors, jwtVerify, SignJWT, type JWTPayload } from 'jose';
import type { Knex } from 'knex';
import type { AppContext } from './context';
import { UnitKind } from '../domain/catalogue';
import { Actor, Role, roleFitsUnit } from '../domain/roles';
import { formatScopes, parseScopes, type ServiceScope } from '../domain/scopes';
import { findServiceAccount } from '../db/service-accounts';
import { HttpError } from './errors';
import { authenticateSession, hasSessionCookie } from './sessions';

const ALG = 'HS256';
/** Clock skew tolerated between the token's issuer and this process. */
const CLOCK_TOLERANCE_S = 30;
/** The claims a staff token may carry; any other is refused, so a token means exactly what we read. */
const KNOWN_CLAIMS = new Set(['sub', 'role', 'unitId', 'name', 'iat', 'exp', 'nbf', 'jti']);
/** A service account's token carries its scopes and the version of the secret it was issued under. */
const SERVICE_CLAIMS = new Set(['scope', 'secretVersion']);
const REQUIRED_CLAIMS = ['sub', 'role', 'unitId', 'iat', 'exp'] as const;
/** The subject of a service account's token: `svc:<id>`. */
export const SERVICE_SUB_PREFIX = 'svc:';
/** Service accounts' tokens are short-lived: 15 minutes. */
export const SERVICE_TOKEN_SECONDS = 15 * 60;

export async function signStaffToken(secret: string, actor: Actor, expiresIn: string | number = '12h', extra: Record<string, string | number> = {}): Promise<string> {
  return new SignJWT({ role: actor.role, unitId: actor.unitId, ...(actor.name ? { name: actor.name } : {}), ...extra })
    .setProtectedHeader({ alg: ALG })
    .setSubject(actor.sub)
    .setIssuedAt()
    .setExpirationTime(expiresIn)
    .sign(new TextEncoder().encode(secret));
}

/** A service account's bearer token (role `system`, sub `svc:<id>`), signed as staff tokens are. */
export function signServiceToken(
  secret: string,
  account: { id: string; name: string; unitId: string; scopes: readonly ServiceScope[]; secretVersion: number },
): Promise<string> {
  const actor: Actor = { sub: `${SERVICE_SUB_PREFIX}${account.id}`, role: 'system', unitId: account.unitId, name: account.name };
  return signStaffToken(secret, actor, `${SERVICE_TOKEN_SECONDS}s`, { scope: formatScopes(account.scopes), secretVersion: account.secretVersion });
}

declare module 'express-serve-static-core' {
  interface Request {
    actor?: Actor;
    /** A service account's scopes (role `system`); people have none. */
    scopes?: readonly ServiceScope[];
  }
}

/** Why a token was refused: `details.reason` of the 401. */
export const TokenRefusal = [
  'missing_token',
  'malformed_header',
  'malformed_token',
  'algorithm_not_allowed',
  'bad_signature',
  'expired',
  'not_yet_valid',
  'issued_in_future',
  'missing_claims',
  'unknown_claims',
  'invalid_claims',
  'unknown_unit',
  'role_not_in_unit',
  'not_a_service_account',
  'account_unknown',
  'account_disabled',
  'secret_rotated',
] as const;
export type TokenRefusal = (typeof TokenRefusal)[number];

function refuse(reason: TokenRefusal, message: string): HttpError {
  return new HttpError('unauthenticated', message, { reason });
}

/**
 * The kinds of the catalogue's units, from PostgreSQL: reloaded every minute, and at once (at most every
 * few seconds, so unknown ids cannot hammer the database) when a token names a unit it does not know.
 */
export class UnitKinds {
  private kinds = new Map<string, UnitKind>();
  private loadedAt = 0;
  private loading?: Promise<void>;
  constructor(
    private readonly db: Knex,
    private readonly maxAgeMs = 60_000,
    private readonly missRetryMs = 5_000,
  ) {}

  async kindOf(unitId: string): Promise<UnitKind | undefined> {
    const age = Date.now() - this.loadedAt;
    if (age > this.maxAgeMs || (!this.kinds.has(unitId) && age > this.missRetryMs)) await this.reload();
    return this.kinds.get(unitId);
  }

  private reload(): Promise<void> {
    this.loading ??= (async () => {
      try {
        const rows: { id: string; kind: string }[] = await this.db('units').select('id', 'kind');
        this.kinds = new Map(rows.flatMap((r) => (UnitKind.safeParse(r.kind).success ? [[r.id, r.kind as UnitKind]] : [])));
        this.loadedAt = Date.now();
      } finally {
        this.loading = undefined;
      }
    })();
    return this.loading;
  }
}

/**
 * Verifies the staff token and puts its claims on the request as the actor. Refused with 401 and a reason:
 * anything but HS256 with our key (`alg: none` included), expired, not yet valid, issued in the future,
 * `iat`/`exp`/`sub`/`role`/`unitId` missing, a claim we do not know, and a role the unit cannot hold (an
 * officer of a branch, a clerk of a department, a unit the catalogue does not have).
 */
export function authenticate(ctx: AppContext) {
  const key = new TextEncoder().encode(ctx.config.jwtSecret);
  const units = new UnitKinds(ctx.db);
  return async (req: Request, _res: Response, next: NextFunction): Promise<void> => {
    try {
      // People sign in with a session cookie (api/sessions.ts); machine clients send a bearer token, which wins when both come.
      if (!req.headers.authorization && hasSessionCookie(req)) await authenticateSession(ctx, req);
      else {
        const { actor, payload } = await verifyStaffToken(req.headers.authorization, key, units);
        if (actor.role === 'system') req.scopes = await serviceAccountScopes(ctx, actor, payload);
        req.actor = actor;
      }
      next();
    } catch (err) {
      next(err);
    }
  };
}

async function verifyStaffToken(header: string | undefined, key: Uint8Array, units: UnitKinds): Promise<{ actor: Actor; payload: JWTPayload }> {
  if (!header) throw refuse('missing_token', 'A staff token is required (Authorization: Bearer …).');
  const match = /^Bearer +([A-Za-z0-9_-]+\.[A-Za-z0-9_-]*\.[A-Za-z0-9_-]*)$/i.exec(header);
  if (!match) throw refuse('malformed_header', 'The Authorization header must be "Bearer <JWT>".');
  const token = match[1];
  let alg: unknown;
  try {
    alg = decodeProtectedHeader(token).alg;
  } catch {
    throw refuse('malformed_token', 'The token is not a JWT.');
  }
  if (alg !== ALG) throw refuse('algorithm_not_allowed', `Staff tokens are signed with ${ALG}.`);
  let payload: JWTPayload;
  try {
    ({ payload } = await jwtVerify(token, key, { algorithms: [ALG], clockTolerance: CLOCK_TOLERANCE_S, requiredClaims: [...REQUIRED_CLAIMS] }));
  } catch (err) {
    throw refusalOf(err);
  }
  const now = Math.floor(Date.now() / 1000);
  if (typeof payload.iat === 'number' && payload.iat > now + CLOCK_TOLERANCE_S) throw refuse('issued_in_future', 'The token is issued in the future.');
  const unknown = Object.keys(payload).filter((c) => !KNOWN_CLAIMS.has(c) && !(payload.role === 'system' && SERVICE_CLAIMS.has(c)));
  if (unknown.length) throw refuse('unknown_claims', `The token has claims this API does not know: ${unknown.join(', ')}.`);
  const actor = Actor.safeParse({ sub: payload.sub, role: payload.role, unitId: payload.unitId, name: payload.name });
  if (!actor.success || typeof payload.name === 'object') throw refuse('invalid_claims', `The token's claims are not valid (role is one of ${Role.options.join(', ')}).`);
  const kind = await units.kindOf(actor.data.unitId);
  if (!kind) throw refuse('unknown_unit', `No unit ${actor.data.unitId} in the catalogue.`);
  if (!roleFitsUnit(actor.data.role, kind)) throw refuse('role_not_in_unit', `A ${kind} has no ${actor.data.role}.`);
  return { actor: actor.data, payload };
}

/**
 * A `system` token is a service account's, checked against the account on every request (one read by primary
 * key, exact across API processes): a disabled account, or a token issued under a secret since rotated, stops
 * at once. Its scopes are those the token was granted that the account still has (an admin's removal holds at
 * once; an added scope needs a new token).
 */
async function serviceAccountScopes(ctx: AppContext, actor: Actor, payload: JWTPayload): Promise<ServiceScope[]> {
  if (!actor.sub.startsWith(SERVICE_SUB_PREFIX)) {
    throw refuse('not_a_service_account', 'A system token is a service account’s (sub svc:<id>): get one from POST /api/v1/auth/token.');
  }
  const granted = typeof payload.scope === 'string' ? parseScopes(payload.scope) : null;
  if (!granted || typeof payload.secretVersion !== 'number') throw refuse('invalid_claims', 'A service account’s token carries its scope and secretVersion.');
  const account = await findServiceAccount(ctx.db, actor.sub.slice(SERVICE_SUB_PREFIX.length));
  if (!account) throw refuse('account_unknown', 'No such service account.');
  if (account.unit_id !== actor.unitId) throw refuse('invalid_claims', 'The token’s unit is not its service account’s.');
  if (!account.enabled) throw refuse('account_disabled', 'This service account is disabled.');
  if (account.secret_version !== payload.secretVersion) throw refuse('secret_rotated', 'The secret this token was issued under has been rotated: get a new token.');
  return granted.filter((s) => account.scopes.includes(s));
}

function refusalOf(err: unknown): HttpError {
  if (err instanceof joseErrors.JWTExpired) return refuse('expired', 'The token has expired.');
  if (err instanceof joseErrors.JWTClaimValidationFailed) {
    if (err.claim === 'nbf') return refuse('not_yet_valid', 'The token is not valid yet.');
    if (err.reason === 'missing') return refuse('missing_claims', `The token lacks the claim ${err.claim}.`);
    return refuse('invalid_claims', `The token's claim ${err.claim} is not valid.`);
  }
  if (err instanceof joseErrors.JWSSignatureVerificationFailed) return refuse('bad_signature', 'The token is not signed with this API’s key.');
  if (err instanceof joseErrors.JOSEAlgNotAllowed || err instanceof joseErrors.JOSENotSupported) return refuse('algorithm_not_allowed', `Staff tokens are signed with ${ALG}.`);
  return refuse('malformed_token', 'The token is not a valid JWT.');
}

export function actorOf(req: Request): Actor {
  if (req.actorRefusal) throw req.actorRefusal;
  if (!req.actor) throw refuse('missing_token', 'A staff token is required.');
  return req.actor;
}

/**
 * The gate of every endpoint a system caller (a service account) may use: it needs the endpoint's scope (403
 * `forbidden`, `missing_scope`), and on a POST an Idempotency-Key (400 `invalid_request`): machines repeat
 * requests (timeouts, restarts), and the key makes a repeat do its work once (api/actions.ts). People pass: their
 * role's rules apply as ever. Placed after any role check of the route, so that a caller who may not do a thing
 * at all hears 403, not "add a key".
 */
export function requireScope(scope: ServiceScope) {
  return (req: Request, _res: Response, next: NextFunction): void => {
    if (req.actor?.role !== 'system') return next();
    if (!req.scopes?.includes(scope)) {
      return next(new HttpError('forbidden', `This needs the scope ${scope}, which this service account was not granted.`, { reason: 'missing_scope', scope }));
    }
    if (req.method === 'POST' && req.header('Idempotency-Key') === undefined) {
      return next(new HttpError('invalid_request', 'A service account’s POST needs an Idempotency-Key header (a repeat with the same key does the work once).', { reason: 'idempotency_key_required' }));
    }
    next();
  };
}

/** Lets only the given roles through. */
export function requireRole(...roles: Role[]) {
  return (req: Request, _res: Response, next: NextFunction): void => {
    let actor: Actor;
    try {
      actor = actorOf(req);
    } catch (err) {
      return next(err);
    }
    if (!roles.includes(actor.role)) return next(new HttpError('forbidden', `This needs the role ${roles.join(' or ')}.`));
    next();
  };
}
