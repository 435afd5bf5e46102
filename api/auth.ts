import type { NextFunction, Request, Response } from 'express';
import { jwtVerify, SignJWT } from 'jose';
import { Actor, type Role } from '../domain/roles';
import { HttpError } from './errors';

const ALG = 'HS256';

export async function signStaffToken(secret: string, actor: Actor, expiresIn = '12h'): Promise<string> {
  return new SignJWT({ role: actor.role, unitId: actor.unitId, ...(actor.name ? { name: actor.name } : {}) })
    .setProtectedHeader({ alg: ALG })
    .setSubject(actor.sub)
    .setIssuedAt()
    .setExpirationTime(expiresIn)
    .sign(new TextEncoder().encode(secret));
}

declare module 'express-serve-static-core' {
  interface Request {
    actor?: Actor;
  }
}

/** Verifies the staff token (HS256) and puts its claims on the request as the actor. */
export function authenticate(secret: string) {
  const key = new TextEncoder().encode(secret);
  return async (req: Request, _res: Response, next: NextFunction): Promise<void> => {
    const header = req.headers.authorization ?? '';
    const match = /^Bearer\s+(.+)$/i.exec(header);
    if (!match) return next(new HttpError('unauthenticated', 'A staff token is required (Authorization: Bearer …).'));
    try {
      const { payload } = await jwtVerify(match[1], key, { algorithms: [ALG] });
      const actor = Actor.safeParse({ sub: payload.sub, role: payload.role, unitId: payload.unitId, name: payload.name });
      if (!actor.success) return next(new HttpError('unauthenticated', 'The token lacks the staff claims (sub, role, unitId).'));
      req.actor = actor.data;
      next();
    } catch {
      next(new HttpError('unauthenticated', 'The token is invalid or expired.'));
    }
  };
}

export function actorOf(req: Request): Actor {
  if (!req.actor) throw new HttpError('unauthenticated', 'A staff token is required.');
  return req.actor;
}

/** Lets only the given roles through. */
export function requireRole(...roles: Role[]) {
  return (req: Request, _res: Response, next: NextFunction): void => {
    const actor = actorOf(req);
    if (!roles.includes(actor.role)) return next(new HttpError('forbidden', `This needs the role ${roles.join(' or ')}.`));
    next();
  };
}
