import { Router } from 'express';
import crypto from 'node:crypto';
import { findDestination, insertDestination, listDestinations, type DestinationRow, type WebhookSecret } from '../../db/destinations';
import { messageId } from '../../domain/integration-events';
import { actorOf, requireRole } from '../auth';
import type { AppContext } from '../context';
import { ensureDelivering } from '../destinations';
import { HttpError } from '../errors';
import { CreateWebhookBody, DeliveriesQuery, DeliveryPath, RotateSecretBody, UpdateWebhookBody, WebhookPath } from '../integration-schemas';

/** A signing secret as Standard Webhooks has them: `whsec_` and 32 random bytes in base64. */
export function newSecret(): string {
  return `whsec_${crypto.randomBytes(32).toString('base64')}`;
}

const DEFAULT_GRACE_HOURS = 24;

function webhookView(d: DestinationRow) {
  return {
    id: d.id,
    url: d.url!,
    events: d.event_types,
    unitIds: d.unit_ids,
    description: d.description,
    enabled: d.enabled,
    disabledReason: d.disabled_reason,
    createdAt: new Date(d.created_at).toISOString(),
    updatedAt: new Date(d.updated_at).toISOString(),
  };
}

/**
 * Webhook endpoints (admin): subscriptions with event types, one secret per endpoint with rotation, every
 * delivery attempt, and redelivery (api-contract.md, "Integrations").
 */
export function webhookRoutes(ctx: AppContext): Router {
  const r = Router();
  r.use(requireRole('admin'));

  const find = async (id: string): Promise<DestinationRow> => {
    const d = await findDestination(ctx.db, id);
    if (!d || d.kind !== 'webhook' || d.deleted_at) throw new HttpError('not_found', `No webhook ${id}.`);
    return d;
  };

  r.post('/', async (req, res) => {
    const body = CreateWebhookBody.parse(req.body);
    if (body.unitIds) await checkUnits(ctx, body.unitIds);
    const secret = newSecret();
    const created = await insertDestination(ctx.db, {
      id: crypto.randomUUID(),
      kind: 'webhook',
      url: body.url,
      description: body.description ?? null,
      event_types: [...new Set(body.events)],
      unit_ids: body.unitIds ? [...new Set(body.unitIds)] : null,
      secrets: [{ secret, createdAt: new Date().toISOString(), expiresAt: null }],
      config: {},
      created_by: actorOf(req).sub,
    });
    await ensureDelivering(ctx, created.id);
    res.status(201).json({ ...webhookView(created), secret });
  });

  r.get('/', async (_req, res) => {
    res.json((await listDestinations(ctx.db, 'webhook')).map(webhookView));
  });

  r.get('/:id', async (req, res) => {
    res.json(webhookView(await find(WebhookPath.parse(req.params).id)));
  });

  r.patch('/:id', async (req, res) => {
    const { id } = WebhookPath.parse(req.params);
    const body = UpdateWebhookBody.parse(req.body);
    await find(id);
    if (body.unitIds) await checkUnits(ctx, body.unitIds);
    await ctx.db('destinations')
      .where({ id })
      .update({
        ...(body.url !== undefined ? { url: body.url } : {}),
        ...(body.events !== undefined ? { event_types: [...new Set(body.events)] } : {}),
        ...(body.description !== undefined ? { description: body.description } : {}),
        ...(body.unitIds !== undefined ? { unit_ids: body.unitIds ? [...new Set(body.unitIds)] : null } : {}),
        ...(body.enabled !== undefined ? { enabled: body.enabled, disabled_reason: body.enabled ? null : 'Paused by an administrator.' } : {}),
        updated_at: ctx.db.fn.now(),
      });
    const after = await find(id);
    if (after.enabled) await ensureDelivering(ctx, id);
    res.json(webhookView(after));
  });

  r.delete('/:id', async (req, res) => {
    const { id } = WebhookPath.parse(req.params);
    await find(id);
    await ctx.db('destinations').where({ id }).update({ deleted_at: ctx.db.fn.now(), enabled: false, disabled_reason: 'Deleted.', updated_at: ctx.db.fn.now() });
    res.status(204).end();
  });

  r.post('/:id/rotate-secret', async (req, res) => {
    const { id } = WebhookPath.parse(req.params);
    const { graceHours = DEFAULT_GRACE_HOURS } = RotateSecretBody.parse(req.body ?? {});
    const secret = newSecret();
    await ctx.db.transaction(async (tx) => {
      const d: { secrets: WebhookSecret[] } | undefined = await tx('destinations').where({ id, kind: 'webhook' }).whereNull('deleted_at').forUpdate().first('secrets');
      if (!d) throw new HttpError('not_found', `No webhook ${id}.`);
      const now = new Date();
      const until = new Date(now.getTime() + graceHours * 3600_000).toISOString();
      // The old secrets still sign until the grace period ends (never later than they already would), then go.
      const kept = d.secrets
        .map((s) => ({ ...s, expiresAt: s.expiresAt && s.expiresAt < until ? s.expiresAt : until }))
        .filter((s) => new Date(s.expiresAt) > now);
      const secrets: WebhookSecret[] = [{ secret, createdAt: now.toISOString(), expiresAt: null }, ...kept];
      await tx('destinations').where({ id }).update({ secrets: JSON.stringify(secrets), updated_at: tx.fn.now() });
    });
    res.json({ ...webhookView(await find(id)), secret });
  });

  r.get('/:id/deliveries', async (req, res) => {
    const { id } = WebhookPath.parse(req.params);
    const q = DeliveriesQuery.parse(req.query);
    await find(id);
    const rows = await deliveries(ctx, { destinationId: id, status: q.status, limit: q.limit ?? 50, before: q.before });
    res.json(rows);
  });

  r.post('/:id/deliveries/:deliveryId/redeliver', async (req, res) => {
    const { id, deliveryId } = DeliveryPath.parse(req.params);
    const d = await find(id);
    const exists = await ctx.db('deliveries').where({ id: deliveryId, destination_id: id }).first('id');
    if (!exists) throw new HttpError('not_found', `No delivery ${deliveryId} of webhook ${id}.`);
    if (!d.enabled) throw new HttpError('conflict', 'The endpoint is disabled: enable it (PATCH enabled: true), then redeliver.', { rule: 'endpoint_disabled' });
    await ctx.db('deliveries').where({ id: deliveryId }).update({ status: 'pending', delivered_at: null });
    await ensureDelivering(ctx, id);
    const [view] = await deliveries(ctx, { destinationId: id, id: deliveryId, limit: 1 });
    res.status(202).json(view);
  });
  return r;
}

/** A filter names units of the catalogue (422 otherwise: a typo would silently match nothing). */
async function checkUnits(ctx: AppContext, ids: readonly string[]): Promise<void> {
  const known: string[] = await ctx.db('units').whereIn('id', [...ids]).pluck('id');
  const unknown = ids.filter((u) => !known.includes(u));
  if (unknown.length) throw new HttpError('unit_rule_violation', `No unit ${unknown.join(', ')} in the catalogue.`, { rule: 'unknown_unit', unknown });
}

interface DeliveryRow {
  id: string;
  dossier_code: string;
  seq: number;
  type: string;
  status: 'pending' | 'delivered' | 'failed';
  created_at: Date;
  delivered_at: Date | null;
}

/** Deliveries, newest first, each with all its attempts (oldest first). */
async function deliveries(ctx: AppContext, f: { destinationId: string; status?: string; limit: number; before?: string; id?: string }) {
  const q = ctx.db('deliveries as d')
    .join('integration_events as e', 'e.id', 'd.event_id')
    .where('d.destination_id', f.destinationId)
    .orderBy([
      { column: 'd.created_at', order: 'desc' },
      { column: 'd.id', order: 'desc' },
    ])
    .limit(f.limit)
    .select('d.id', 'd.dossier_code', 'd.seq', 'e.type', 'd.status', 'd.created_at', 'd.delivered_at');
  if (f.status) q.where('d.status', f.status);
  if (f.id) q.where('d.id', f.id);
  if (f.before) {
    const before = await ctx.db('deliveries').where({ id: f.before, destination_id: f.destinationId }).first('created_at');
    if (!before) throw new HttpError('not_found', `No delivery ${f.before} of this webhook to page before.`);
    q.whereRaw('(d.created_at, d.id) < (?, ?)', [before.created_at, f.before]);
  }
  const rows: DeliveryRow[] = await q;
  const attempts = rows.length
    ? await ctx.db('delivery_attempts').whereIn('delivery_id', rows.map((r) => r.id)).orderBy('id').select('delivery_id', 'at', 'request', 'response_status', 'response_body', 'error', 'duration_ms')
    : [];
  return rows.map((r) => ({
    id: r.id,
    webhookId: messageId(r.dossier_code, r.seq),
    type: r.type,
    dossierCode: r.dossier_code,
    seq: r.seq,
    status: r.status,
    createdAt: new Date(r.created_at).toISOString(),
    deliveredAt: r.delivered_at ? new Date(r.delivered_at).toISOString() : null,
    attempts: attempts
      .filter((a) => a.delivery_id === r.id)
      .map((a) => ({
        at: new Date(a.at).toISOString(),
        request: a.request,
        responseStatus: a.response_status,
        responseBody: a.response_body,
        error: a.error,
        durationMs: a.duration_ms,
      })),
  }));
}
