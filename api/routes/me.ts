import { Router } from 'express';
import { civilDateOf } from '../../db/catalogue';
import { actorOn, assignmentsOf, delegationsOf, findStaff } from '../../db/people';
import { recordOrgEvent } from '../../db/org-events';
import { deleteSessionsOf, setSessionActive } from '../../db/sessions';
import { inForce, passwordProblems } from '../../domain/people';
import type { Actor } from '../../domain/roles';
import { actorOf } from '../auth';
import type { AppContext } from '../context';
import { HttpError } from '../errors';
import { hashPassword, verifyPassword } from '../passwords';
import { ActiveAssignment, PasswordChangeBody, type Me } from '../people-schemas';
import type { StaffSession } from '../sessions';
import type { z } from 'zod';

/**
 * GET /me, POST /me/active (switch among one's assignments, or act for an absent colleague under their
 * delegation), POST /me/password.
 */
export function meRoutes(ctx: AppContext): Router {
  const r = Router();

  r.get('/me', async (req, res) => {
    res.json(await meOf(ctx, req.staffSession, req.staffSession ? undefined : actorOf(req)));
  });

  r.post('/me/active', async (req, res) => {
    const session = sessionOf(req.staffSession);
    const choice = ActiveAssignment.parse(req.body);
    const today = civilDateOf();
    const actor = await actorOn(ctx.db, session.staff, choice, today);
    if (!actor) {
      throw new HttpError(
        'forbidden',
        choice.onBehalfOf
          ? `No delegation from ${choice.onBehalfOf} to you with an assignment as ${choice.role} of ${choice.unitId} is in force today.`
          : `You have no assignment as ${choice.role} of ${choice.unitId} in force today.`,
        { reason: 'not_in_force' },
      );
    }
    await setSessionActive(ctx.db, session.idHash, choice);
    res.json(await meOf(ctx, { ...session, active: choice }, undefined));
  });

  r.post('/me/password', async (req, res) => {
    const session = sessionOf(req.staffSession);
    const body = PasswordChangeBody.parse(req.body);
    const row = await ctx.db('credentials').where({ staff_id: session.staff.id }).first('password_hash');
    if (!(await verifyPassword(row?.password_hash, body.currentPassword))) throw new HttpError('forbidden', 'The current password is wrong.', { reason: 'wrong_password' });
    const problems = passwordProblems(session.staff.username, body.newPassword);
    if (problems.length) throw new HttpError('weak_password', 'The new password does not follow the rules (at least 12 characters, not the username, not a common password).', { problems });
    const passwordHash = await hashPassword(body.newPassword);
    await ctx.db.transaction(async (tx) => {
      await tx('credentials').insert({ staff_id: session.staff.id, password_hash: passwordHash, changed_at: new Date() }).onConflict('staff_id').merge();
      // Every other session of this person ends: whoever knew the old password is out.
      await deleteSessionsOf(tx, session.staff.id, session.idHash);
      await recordOrgEvent(tx, { actor: req.actor ?? { sub: session.staff.id, role: session.active?.role ?? 'clerk', unitId: session.active?.unitId ?? 'none' }, kind: 'account.password_changed', subjectType: 'account', subjectId: session.staff.id });
    });
    res.status(204).end();
  });

  return r;
}

function sessionOf(session: StaffSession | undefined): StaffSession {
  if (!session) throw new HttpError('forbidden', 'This needs a signed-in session (a bearer token has no assignments to switch among, nor a password).', { reason: 'no_session' });
  return session;
}

/** GET /me: the person, their assignments in force today or later, whom they may act for, and what they act as. */
export async function meOf(ctx: AppContext, session: StaffSession | undefined, bearer: Actor | undefined): Promise<z.infer<typeof Me>> {
  if (!session) {
    const a = bearer!;
    return { sub: a.sub, ...(a.name ? { name: a.name } : {}), assignments: [], actingFor: [], active: { role: a.role, unitId: a.unitId } };
  }
  const today = civilDateOf();
  const current = (staffId: string) => assignmentsOf(ctx.db, staffId).then((all) => all.filter((a) => !a.to || a.to >= today));
  const actingFor = [];
  for (const d of await delegationsOf(ctx.db, session.staff.id)) {
    if (d.toStaffId !== session.staff.id || !inForce({ from: d.from, to: d.until }, today)) continue;
    const absent = await findStaff(ctx.db, d.fromStaffId);
    if (!absent) continue;
    actingFor.push({ staffId: absent.id, name: absent.name, from: d.from, until: d.until, assignments: (await current(absent.id)).filter((a) => inForce(a, today)) });
  }
  const active = session.active ? { role: session.active.role, unitId: session.active.unitId, ...(session.active.onBehalfOf ? { onBehalfOf: session.active.onBehalfOf } : {}) } : null;
  return { sub: session.staff.id, name: session.staff.name, username: session.staff.username, assignments: await current(session.staff.id), actingFor, active };
}
