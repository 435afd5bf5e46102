import crypto from 'node:crypto';
import type { Request, Response } from 'express';
import { actorOn, defaultChoice, type ActiveChoice, type StaffRow } from '../db/people';
import { createSession, deleteSession, findSession, hashSessionId, touchSession } from '../db/sessions';
import { Role } from '../domain/roles';
import { DEFAULT_SESSION_CONFIG, type AppContext, type SessionConfig } from './context';
import { HttpError } from './errors';

/**
 * People's sessions (issue 10, item 1): an HttpOnly, SameSite=Lax cookie holding a random id; idle and
 * absolute timeouts; a CSRF token bound to the session for every unsafe method; and the actor re-read from
 * the person's assignments at the instant of each request.
 */
export const SESSION_COOKIE = 'motcua_session';
export const CSRF_HEADER = 'x-csrf-token';
const UNSAFE_METHODS = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);
/** last_seen_at is written at most this often (a page's burst of requests costs one write). */
const TOUCH_EVERY_MS = 5_000;

export interface StaffSession {
  idHash: string;
  staff: StaffRow;
  active: ActiveChoice | null;
  createdAt: Date;
}

declare module 'express-serve-static-core' {
  interface Request {
    staffSession?: StaffSession;
    /** Why a signed-in person cannot act now (their active assignment is not in force): thrown by actorOf. */
    actorRefusal?: HttpError;
  }
}

export function sessionConfig(ctx: AppContext): SessionConfig {
  return ctx.config.sessions ?? DEFAULT_SESSION_CONFIG;
}

export function readCookie(req: Request, name: string): string | undefined {
  for (const part of (req.headers.cookie ?? '').split(';')) {
    const eq = part.indexOf('=');
    if (eq > 0 && part.slice(0, eq).trim() === name) return part.slice(eq + 1).trim();
  }
  return undefined;
}

export function hasSessionCookie(req: Request): boolean {
  return readCookie(req, SESSION_COOKIE) !== undefined;
}

/** The CSRF token of a session: an HMAC of its stored hash, so it needs no storage and dies with the session. */
export function csrfTokenFor(secret: string, idHash: string): string {
  return crypto.createHmac('sha256', secret).update(`csrf:${idHash}`).digest('base64url');
}

export function csrfMatches(secret: string, idHash: string, sent: string | undefined): boolean {
  if (!sent) return false;
  const expected = Buffer.from(csrfTokenFor(secret, idHash));
  const given = Buffer.from(sent);
  return given.length === expected.length && crypto.timingSafeEqual(given, expected);
}

const unauthenticated = (reason: 'invalid_session' | 'session_expired', message: string) => new HttpError('unauthenticated', message, { reason });

/** The session the cookie names, if it is still alive (else 401 and, when expired, deleted). */
export async function loadSession(ctx: AppContext, req: Request, now: Date): Promise<StaffSession> {
  const id = readCookie(req, SESSION_COOKIE);
  if (!id || !/^[A-Za-z0-9_-]{43}$/.test(id)) throw unauthenticated('invalid_session', 'Sign in again: the session cookie is not valid.');
  const found = await findSession(ctx.db, id);
  if (!found) throw unauthenticated('invalid_session', 'Sign in again: this session does not exist (signed out, or replaced).');
  const { session: row, staff } = found;
  const cfg = sessionConfig(ctx);
  const idle = now.getTime() - new Date(row.last_seen_at).getTime() > cfg.idleMs;
  const tooOld = now.getTime() - new Date(row.created_at).getTime() > cfg.absoluteMs;
  if (idle || tooOld || !staff?.active) {
    await deleteSession(ctx.db, row.id_hash);
    throw unauthenticated('session_expired', idle ? 'The session ended after a time without use: sign in again.' : tooOld ? 'The session reached its maximum length: sign in again.' : 'This account is deactivated.');
  }
  if (now.getTime() - new Date(row.last_seen_at).getTime() > TOUCH_EVERY_MS) await touchSession(ctx.db, row.id_hash, now);
  const role = Role.safeParse(row.active_role);
  const active = role.success && row.active_unit_id ? { role: role.data, unitId: row.active_unit_id, onBehalfOf: row.active_on_behalf_of } : null;
  return { idHash: row.id_hash, staff, active, createdAt: new Date(row.created_at) };
}

/**
 * The session path of `authenticate`: the session, the CSRF check of unsafe methods (403 csrf_failed), and
 * the actor of its active assignment as it stands now — or why it cannot act (403, thrown by actorOf, so
 * /me and switching still work).
 */
export async function authenticateSession(ctx: AppContext, req: Request): Promise<void> {
  const now = new Date();
  const session = await loadSession(ctx, req, now);
  if (UNSAFE_METHODS.has(req.method) && !csrfMatches(ctx.config.jwtSecret, session.idHash, req.get(CSRF_HEADER) ?? undefined)) {
    throw new HttpError('csrf_failed', `A request with a session cookie that changes something needs the ${CSRF_HEADER} header from GET /api/v1/auth/csrf.`);
  }
  req.staffSession = session;
  if (!session.active) {
    req.actorRefusal = new HttpError('forbidden', 'You have no assignment in force: choose one (POST /api/v1/me/active) or ask your supervisor.', { reason: 'no_active_assignment' });
    return;
  }
  const today = (await ctx.calendar.current()).calendar.civilDate(now);
  const actor = await actorOn(ctx.db, session.staff, session.active, today);
  if (actor) req.actor = actor;
  else req.actorRefusal = new HttpError('forbidden', `Your assignment as ${session.active.role} of ${session.active.unitId}${session.active.onBehalfOf ? ` for ${session.active.onBehalfOf}` : ''} is not in force today.`, { reason: 'not_in_force' });
}

/**
 * Signs a person in, whichever way they proved who they are (password or OIDC): a new session id every time
 * (the one the browser came with, if any, ends), in their default assignment in force today, and its cookie.
 */
export async function startSession(ctx: AppContext, req: Request, res: Response, staff: StaffRow, now: Date): Promise<StaffSession> {
  if (hasSessionCookie(req)) {
    const old = await loadSession(ctx, req, now).catch(() => null);
    if (old) await deleteSession(ctx.db, old.idHash);
  }
  const today = (await ctx.calendar.current()).calendar.civilDate(now);
  const choice = await defaultChoice(ctx.db, staff.id, today);
  const id = await createSession(ctx.db, staff.id, choice, now);
  setSessionCookie(ctx, req, res, id);
  res.setHeader('Cache-Control', 'no-store');
  return { idHash: hashSessionId(id), staff, active: choice, createdAt: now };
}

export function setSessionCookie(ctx: AppContext, req: Request, res: Response, id: string): void {
  const secure = req.secure || sessionConfig(ctx).secureCookies;
  res.cookie(SESSION_COOKIE, id, { httpOnly: true, sameSite: 'lax', secure, path: '/', maxAge: sessionConfig(ctx).absoluteMs });
}

export function clearSessionCookie(ctx: AppContext, req: Request, res: Response): void {
  res.clearCookie(SESSION_COOKIE, { httpOnly: true, sameSite: 'lax', secure: req.secure || sessionConfig(ctx).secureCookies, path: '/' });
}
