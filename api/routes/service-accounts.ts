import crypto from 'node:crypto';
import { Router } from 'express';
import { recordOrgEvent } from '../../db/org-events';
import { findServiceAccount, insertServiceAccount, listServiceAccounts, replaceSecret, serviceAccountOf, updateServiceAccount, type ServiceAccountRow } from '../../db/service-accounts';
import { UnitKind } from '../../domain/catalogue';
import { roleFitsUnit, ROLE_UNIT_KINDS } from '../../domain/roles';
import { actorOf, requireRole } from '../auth';
import { newClientSecret } from '../client-secrets';
import type { AppContext } from '../context';
import { HttpError } from '../errors';
import { ServiceAccountCreateBody, ServiceAccountPatchBody, ServiceAccountPath } from '../service-account-schemas';

/**
 * Service accounts for department and ward systems (issue 12), managed by admins: create (the client secret
 * shown once), list, read, change name, scopes or enabled, rotate the secret. Each change is in the
 * organisation's audit trail (never the secret, nor its hash). Tokens: api/routes/token.ts.
 */
export function serviceAccountRoutes(ctx: AppContext): Router {
  const r = Router();
  r.use(requireRole('admin'));

  async function accountOr404(id: string, tx = ctx.db): Promise<ServiceAccountRow> {
    const row = await findServiceAccount(tx, id, { forUpdate: tx !== ctx.db });
    if (!row) throw new HttpError('not_found', `No service account ${id}.`);
    return row;
  }

  r.post('/', async (req, res) => {
    const body = ServiceAccountCreateBody.parse(req.body);
    const actor = actorOf(req);
    const unit: { kind: string } | undefined = await ctx.db('units').where({ id: body.unitId }).first('kind');
    if (!unit) throw new HttpError('invalid_request', `No unit ${body.unitId}.`);
    const kind = UnitKind.parse(unit.kind);
    if (!roleFitsUnit('system', kind)) throw new HttpError('role_not_in_unit', `A service account acts for a ${ROLE_UNIT_KINDS.system.join(', ')}; ${body.unitId} is a ${kind}.`);
    const { secret, hash } = newClientSecret();
    const row = await ctx.db.transaction(async (tx) => {
      const created = await insertServiceAccount(tx, { id: crypto.randomUUID(), name: body.name, unitId: body.unitId, scopes: body.scopes, secretHash: hash, createdBy: actor.sub, now: new Date() });
      await recordOrgEvent(tx, { actor, onBehalfOf: actor.onBehalfOf, kind: 'service_account.created', subjectType: 'service_account', subjectId: created.id, after: serviceAccountOf(created) });
      return created;
    });
    res.status(201).json({ ...serviceAccountOf(row), clientSecret: secret });
  });

  r.get('/', async (_req, res) => {
    res.json((await listServiceAccounts(ctx.db)).map(serviceAccountOf));
  });

  r.get('/:id', async (req, res) => {
    const { id } = ServiceAccountPath.parse(req.params);
    res.json(serviceAccountOf(await accountOr404(id)));
  });

  r.patch('/:id', async (req, res) => {
    const { id } = ServiceAccountPath.parse(req.params);
    const change = ServiceAccountPatchBody.parse(req.body ?? {});
    const actor = actorOf(req);
    const row = await ctx.db.transaction(async (tx) => {
      const before = await accountOr404(id, tx);
      if (Object.keys(change).length === 0) return before;
      const after = await updateServiceAccount(tx, id, change);
      const kind = change.enabled === false && before.enabled ? 'service_account.disabled' : change.enabled === true && !before.enabled ? 'service_account.enabled' : 'service_account.changed';
      await recordOrgEvent(tx, { actor, onBehalfOf: actor.onBehalfOf, kind, subjectType: 'service_account', subjectId: id, before: serviceAccountOf(before), after: serviceAccountOf(after) });
      return after;
    });
    res.json(serviceAccountOf(row));
  });

  // The old secret, and every token issued under it, stop working at once (api/auth.ts checks the secret's version).
  r.post('/:id/rotate-secret', async (req, res) => {
    const { id } = ServiceAccountPath.parse(req.params);
    const actor = actorOf(req);
    const { secret, hash } = newClientSecret();
    const row = await ctx.db.transaction(async (tx) => {
      const before = await accountOr404(id, tx);
      const after = await replaceSecret(tx, id, hash, new Date());
      await recordOrgEvent(tx, {
        actor,
        onBehalfOf: actor.onBehalfOf,
        kind: 'service_account.secret_rotated',
        subjectType: 'service_account',
        subjectId: id,
        before: { secretCreatedAt: serviceAccountOf(before).secretCreatedAt },
        after: { secretCreatedAt: serviceAccountOf(after).secretCreatedAt },
      });
      return after;
    });
    res.json({ ...serviceAccountOf(row), clientSecret: secret });
  });

  return r;
}
