import crypto from 'node:crypto';
import { Router } from 'express';
import { recordOrgEvent } from '../../db/org-events';
import { assignmentsOf, delegationsOf, findStaff, insertAssignment, insertDelegation, listStaff, staffInUnits, type StaffRow } from '../../db/people';
import { deleteSessionsOf } from '../../db/sessions';
import { civilDateOf, unitScope } from '../../db/catalogue';
import { unitFactsOn } from '../../db/units';
import { inForce, judgeAssignment, oidcSubjectKey, parseOidcSubjectKey, passwordProblems, type UnitFacts } from '../../domain/people';
import { seesEverything } from '../../domain/access';
import type { Actor, Role } from '../../domain/roles';
import { actorOf, requireRole } from '../auth';
import type { AppContext } from '../context';
import { HttpError } from '../errors';
import { hashPassword } from '../passwords';
import { AssignmentBody, AssignmentEndBody, AssignmentPath, DelegationBody, StaffCreateBody, StaffPatchBody, StaffPath } from '../people-schemas';

/**
 * Staff, assignments and delegations (issue 10, items 3 and 4). Admins manage everyone; a branch supervisor
 * (the branch director) sees the branch's staff and deploys them across the branch and its reception points
 * (domain/people.ts judgeAssignment). Every change is in the organisation's audit trail.
 */
export function staffRoutes(ctx: AppContext): Router {
  const r = Router();

  /** The staff ids a supervisor of a branch sees (its own and its reception points'), or a leader (the department's); null for everyone. */
  async function visibleStaff(actor: Actor): Promise<string[] | null> {
    if (actor.role === 'admin' || (actor.role === 'supervisor' && seesEverything(actor))) return null;
    // A leader reassigns work within the department: its staff (the console's reassign form lists them).
    if (actor.role === 'leader') return staffInUnits(ctx.db, await unitScope(ctx.db, actor.unitId), civilDateOf());
    if (actor.role !== 'supervisor') throw new HttpError('forbidden', 'Staff records are for admins, supervisors and leaders.');
    // The branch and its reception points as they are today: the scope its dossiers are seen through.
    return staffInUnits(ctx.db, await unitScope(ctx.db, actor.unitId), civilDateOf());
  }

  async function view(row: StaffRow, withDelegations = false) {
    return {
      id: row.id,
      username: row.username,
      name: row.name,
      ...(row.email ? { email: row.email } : {}),
      active: row.active,
      ...oidcView(row.oidc_subject),
      assignments: await assignmentsOf(ctx.db, row.id),
      ...(withDelegations ? { delegations: await delegationsOf(ctx.db, row.id) } : {}),
    };
  }

  function oidcView(key: string | null) {
    const linked = key ? parseOidcSubjectKey(key) : null;
    return linked ? { oidcSubject: linked.subject, oidcIssuer: linked.issuer } : {};
  }

  async function staffOr404(id: string): Promise<StaffRow> {
    const row = await findStaff(ctx.db, id);
    if (!row) throw new HttpError('not_found', `No staff member ${id}.`);
    return row;
  }

  r.get('/', async (req, res) => {
    const only = await visibleStaff(actorOf(req));
    const rows = await listStaff(ctx.db, only ?? undefined);
    res.json(await Promise.all(rows.map((row) => view(row))));
  });

  r.post('/', requireRole('admin'), async (req, res) => {
    const actor = actorOf(req);
    const body = StaffCreateBody.parse(req.body);
    if (body.password) {
      const problems = passwordProblems(body.username, body.password);
      if (problems.length) throw new HttpError('weak_password', 'The password does not follow the rules (at least 12 characters, not the username, not a common password).', { problems });
    }
    const id = crypto.randomUUID();
    const passwordHash = body.password ? await hashPassword(body.password) : null;
    await ctx.db.transaction(async (tx) => {
      const inserted = await tx('staff').insert({ id, username: body.username, name: body.name, email: body.email ?? null, active: true }).onConflict('username').ignore().returning('id');
      if (inserted.length === 0) throw new HttpError('conflict', `The username ${body.username} is taken.`);
      if (passwordHash) await tx('credentials').insert({ staff_id: id, password_hash: passwordHash });
      await recordOrgEvent(tx, { actor, kind: 'staff.created', subjectType: 'staff', subjectId: id, after: { username: body.username, name: body.name, email: body.email ?? null } });
    });
    res.status(201).json(await view(await staffOr404(id)));
  });

  r.get('/:id', async (req, res) => {
    const { id } = StaffPath.parse(req.params);
    const actor = actorOf(req);
    const row = await staffOr404(id);
    if (actor.sub !== id) {
      const only = await visibleStaff(actor);
      if (only && !only.includes(id)) throw new HttpError('forbidden', 'This person is not on your branch’s staff.');
    }
    res.json(await view(row, true));
  });

  r.patch('/:id', requireRole('admin'), async (req, res) => {
    const { id } = StaffPath.parse(req.params);
    const body = StaffPatchBody.parse(req.body);
    const before = await staffOr404(id);
    const change = {
      ...(body.name !== undefined ? { name: body.name } : {}),
      ...(body.email !== undefined ? { email: body.email } : {}),
      ...(body.active !== undefined ? { active: body.active } : {}),
      ...(body.oidcSubject !== undefined ? { oidc_subject: oidcKeyOf(body.oidcSubject) } : {}),
    };
    await ctx.db.transaction(async (tx) => {
      if (change.oidc_subject && (await tx('staff').where({ oidc_subject: change.oidc_subject }).whereNot({ id }).first('id'))) {
        throw new HttpError('conflict', 'Another staff member is linked to this OIDC subject.', { reason: 'oidc_subject_taken' });
      }
      if (Object.keys(change).length) {
        await tx('staff')
          .where({ id })
          .update(change)
          .catch((err: { code?: string }) => {
            // Another request linked the same subject meanwhile (the column is unique).
            if (err.code === '23505') throw new HttpError('conflict', 'Another staff member is linked to this OIDC subject.', { reason: 'oidc_subject_taken' });
            throw err;
          });
      }
      if (body.active === false) await deleteSessionsOf(tx, id);
      await recordOrgEvent(tx, {
        actor: actorOf(req),
        kind: body.active === false && before.active ? 'staff.deactivated' : 'staff.updated',
        subjectType: 'staff',
        subjectId: id,
        before: { name: before.name, email: before.email, active: before.active, oidcSubject: before.oidc_subject },
        after: {
          name: body.name ?? before.name,
          email: body.email === undefined ? before.email : body.email,
          active: body.active ?? before.active,
          oidcSubject: change.oidc_subject === undefined ? before.oidc_subject : change.oidc_subject,
        },
      });
    });
    res.json(await view(await staffOr404(id), true));
  });

  /** The stored key of a subject of the configured provider (null unlinks); linking needs OIDC configured. */
  function oidcKeyOf(subject: string | null): string | null {
    if (subject === null) return null;
    const oidc = ctx.config.oidc;
    if (!oidc) throw new HttpError('conflict', 'OIDC sign-in is not configured on this server (OIDC_ISSUER): there is no provider to link a subject of.', { reason: 'oidc_not_configured' });
    const key = oidcSubjectKey(oidc.issuer, subject);
    if (key.length > 255) throw new HttpError('invalid_request', 'The issuer and subject together exceed 255 characters.', { field: 'oidcSubject' });
    return key;
  }

  /** Checks who assigns whom where (domain/people.ts): the unit open on the first day, the role fitting it. */
  async function judge(actor: Actor, staffId: string, a: { role: Role; unitId: string; from: string; to?: string | null }): Promise<UnitFacts> {
    const unit = await unitFactsOn(ctx.db, a.unitId, a.from);
    if (!unit) throw new HttpError('invalid_request', `No unit ${a.unitId} is open on ${a.from}.`, { field: 'unitId' });
    const today = civilDateOf();
    const held = (await assignmentsOf(ctx.db, staffId)).filter((x) => inForce(x, today));
    const units = (await Promise.all(held.map((x) => unitFactsOn(ctx.db, x.unitId, today)))).filter((u): u is UnitFacts => u !== null);
    const refusal = judgeAssignment(actor, { role: a.role, unit, from: a.from, to: a.to }, units);
    if (refusal) throw new HttpError(refusal.code, refusal.message);
    return unit;
  }

  r.post('/:id/assignments', async (req, res) => {
    const { id } = StaffPath.parse(req.params);
    const actor = actorOf(req);
    const body = AssignmentBody.parse(req.body);
    await staffOr404(id);
    await judge(actor, id, body);
    const assignment = await ctx.db.transaction(async (tx) => {
      const a = await insertAssignment(tx, { staffId: id, role: body.role, unitId: body.unitId, kind: body.kind, from: body.from, to: body.to, assignedBy: actor.sub, reason: body.reason });
      await recordOrgEvent(tx, { actor, onBehalfOf: actor.onBehalfOf, kind: 'assignment.added', subjectType: 'assignment', subjectId: String(a.id), effectiveFrom: a.from, reason: body.reason, after: a });
      return a;
    });
    res.status(201).json(assignment);
  });

  /** Ends (or, with a last day before its first, removes) an assignment: judged as giving it would be. */
  r.patch('/:id/assignments/:assignmentId', async (req, res) => {
    const { id, assignmentId } = AssignmentPath.parse(req.params);
    const actor = actorOf(req);
    const body = AssignmentEndBody.parse(req.body);
    const before = (await assignmentsOf(ctx.db, id)).find((a) => a.id === assignmentId);
    if (!before) throw new HttpError('not_found', `No assignment ${assignmentId} of ${id}.`);
    await judge(actor, id, { role: before.role, unitId: before.unitId, from: before.from });
    const after = await ctx.db.transaction(async (tx) => {
      await tx('assignments').where({ id: assignmentId }).update({ to: body.to });
      const a = { ...before, to: body.to };
      await recordOrgEvent(tx, { actor, onBehalfOf: actor.onBehalfOf, kind: body.to < before.from ? 'assignment.removed' : 'assignment.ended', subjectType: 'assignment', subjectId: String(a.id), reason: body.reason, before, after: a });
      return a;
    });
    res.json(after);
  });

  r.post('/:id/delegations', async (req, res) => {
    const { id } = StaffPath.parse(req.params);
    const actor = actorOf(req);
    const body = DelegationBody.parse(req.body);
    if (actor.role !== 'admin' && actor.sub !== id) throw new HttpError('forbidden', 'A delegation is given by the person who will be away, or by an admin.');
    await staffOr404(id);
    const delegate = await findStaff(ctx.db, body.to);
    if (!delegate?.active) throw new HttpError('invalid_request', `No active staff member ${body.to}.`, { field: 'to' });
    if (body.to === id) throw new HttpError('invalid_request', 'Nobody delegates to themselves.', { field: 'to' });
    if (body.until < body.from) throw new HttpError('invalid_request', 'A delegation cannot end before it starts.', { field: 'until' });
    const delegation = await ctx.db.transaction(async (tx) => {
      const d = await insertDelegation(tx, { fromStaffId: id, toStaffId: body.to, from: body.from, until: body.until, reason: body.reason, createdBy: actor.sub });
      await recordOrgEvent(tx, { actor, kind: 'delegation.added', subjectType: 'delegation', subjectId: String(d.id), effectiveFrom: d.from, reason: body.reason, after: d });
      return d;
    });
    res.status(201).json(delegation);
  });

  return r;
}
