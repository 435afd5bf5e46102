import { ApplicationFailure, Context } from '@temporalio/activity';
import crypto from 'node:crypto';
import type { Knex } from 'knex';
import { destinationTakes, findDestination, type DestinationKind, type DestinationRow } from '../db/destinations';
import { eventMessage, eventsAfter, type EventRow } from '../db/integration-events';
import { DESTINATION_GONE } from '../domain/integration-events';

/**
 * Deliveries of the outbox's events to destinations, as Temporal activities (workflows/destination.ts runs
 * them): at least once, in `seq` order per dossier and destination, every attempt recorded.
 */

/** One event on its way to one destination. */
export interface Outgoing {
  destination: DestinationRow;
  event: EventRow;
  /** The event as webhooks and the feed carry it (`webhook-id` = message.id). */
  message: ReturnType<typeof eventMessage>;
  deliveryId: string;
  /** 1 for the first attempt. */
  attempt: number;
}

/** What an attempt did, as the admin view shows it. */
export interface SendResult {
  ok: boolean;
  /** The destination said it is gone for good (HTTP 410): it is disabled. */
  gone?: boolean;
  /** What was sent (headers and body, or the protocol's messages). */
  request: unknown;
  responseStatus: number | null;
  responseBody?: string;
  error?: string;
  /** The destination asked to wait this long before the next attempt (Retry-After). */
  retryAfterMs?: number;
}

/** A channel for one kind of destination (activities/senders/). */
export interface Sender {
  send(o: Outgoing): Promise<SendResult>;
}
export type Senders = Partial<Record<DestinationKind, Sender>>;


const POLL_MS = 500;
const LONG_POLL_MS = 20_000;
const PAGE = 500;

/** A dossier claimed for delivery to a destination: its run delivers its pending events, then releases it. */
export interface DeliveryRun {
  code: string;
  runId: string;
}

/**
 * Takes the destination's new events into deliveries (advancing its cursor in the same transaction), then
 * claims dossiers with pending deliveries that no run is delivering (at most `maxRuns` at a time per
 * destination; a claim older than `staleAfterMs` — its run was terminated — is taken over). Waits
 * (heartbeating) up to 20 s for work; answers at once when there is some.
 *
 * Claims are committed before the answer reaches the workflow: when that answer is lost (the worker killed,
 * Temporal restarted), Temporal runs this activity again, and the retry answers with the claims the lost
 * attempt made (`claimant`: the activity's workflow run and id, the same for every attempt) beside any new
 * ones. Their runs are started under ids derived from the claims, so a claim answered twice starts one run.
 */
export async function collectDeliveries(
  db: Knex,
  destinationId: string,
  maxRuns: number,
  staleAfterMs: number,
  opts: { waitMs?: number; claimant?: string } = {},
): Promise<{ enabled: boolean; runs: DeliveryRun[] }> {
  const until = Date.now() + (opts.waitMs ?? LONG_POLL_MS);
  const claimant = opts.claimant ?? activityClaimant();
  // Claims whose runs cannot be alive any more, once a collection (not at every look of its wait).
  await db('delivery_runs').where({ destination_id: destinationId }).where('claimed_at', '<', new Date(Date.now() - staleAfterMs)).delete();
  for (;;) {
    const answer = await db.transaction(async (tx) => {
      const dest: DestinationRow | undefined = await tx('destinations')
        .where({ id: destinationId })
        .forUpdate()
        .first('id', 'enabled', 'deleted_at', 'event_types', 'unit_ids', tx.raw('cursor_txid::text as cursor_txid'), 'cursor_id');
      if (!dest || !dest.enabled || dest.deleted_at) return { enabled: false, runs: [] };
      const events = await eventsAfter(tx, { txid: dest.cursor_txid, id: String(dest.cursor_id) }, { limit: PAGE });
      const wanted = events.filter((e) => destinationTakes(dest, e));
      if (wanted.length) {
        await tx('deliveries')
          .insert(wanted.map((e) => ({ id: crypto.randomUUID(), destination_id: destinationId, event_id: e.id, dossier_code: e.dossier_code, seq: e.seq })))
          .onConflict(['destination_id', 'event_id'])
          .ignore();
      }
      const last = events.at(-1);
      if (last) await tx('destinations').where({ id: destinationId }).update({ cursor_txid: tx.raw('?::xid8', [last.txid]), cursor_id: last.id });
      // Claims, under the destination's row lock: no two collections claim the same dossier.
      const mine: DeliveryRun[] = claimant
        ? (await tx('delivery_runs').where({ destination_id: destinationId, claimed_by: claimant }).orderBy('claimed_at').select('dossier_code', 'run_id')).map((r) => ({ code: r.dossier_code, runId: r.run_id }))
        : [];
      const running = Number((await tx('delivery_runs').where({ destination_id: destinationId }).count({ n: '*' }))[0].n);
      const room = maxRuns - running;
      if (room <= 0) return { enabled: true, runs: mine };
      const codes: string[] = await tx('deliveries as d')
        .where({ 'd.destination_id': destinationId, 'd.status': 'pending' })
        .whereNotExists(tx('delivery_runs as r').whereRaw('r.destination_id = d.destination_id and r.dossier_code = d.dossier_code'))
        .groupBy('d.dossier_code')
        .orderByRaw('min(d.created_at)')
        .limit(room)
        .pluck('d.dossier_code');
      const runs = codes.map((code) => ({ code, runId: crypto.randomUUID() }));
      if (runs.length) await tx('delivery_runs').insert(runs.map((r) => ({ destination_id: destinationId, dossier_code: r.code, run_id: r.runId, claimed_by: claimant })));
      return { enabled: true, runs: [...mine, ...runs] };
    });
    if (!answer.enabled || answer.runs.length || Date.now() >= until) return answer;
    heartbeat();
    await pause(POLL_MS);
  }
}

/** A run is over: its dossier may be claimed again (by the next collection, for deliveries that came meanwhile). */
export async function releaseRun(db: Knex, runId: string): Promise<void> {
  await db('delivery_runs').where({ run_id: runId }).delete();
}

/**
 * Sends a dossier's pending deliveries to a destination, one at a time in `seq` order, until none is left.
 * An attempt that fails is recorded, and the activity fails so that Temporal retries it with backoff: the
 * dossier's later events wait behind it (order per dossier and destination). A 410 disables the destination.
 */
export async function deliverDossier(db: Knex, senders: Senders, destinationId: string, code: string): Promise<number> {
  let delivered = 0;
  for (;;) {
    const destination = await findDestination(db, destinationId);
    if (!destination || !destination.enabled || destination.deleted_at) return delivered;
    const next = await db('deliveries')
      .where({ destination_id: destinationId, dossier_code: code, status: 'pending' })
      .orderBy([{ column: 'seq' }, { column: 'event_id' }])
      .first('id', 'event_id', 'attempts');
    if (!next) return delivered;
    const event: EventRow | undefined = await db('integration_events')
      .where({ id: next.event_id })
      .first('id', db.raw('txid::text as txid'), 'dossier_code', 'seq', 'type', 'at', 'data');
    if (!event) continue; // undone as a phantom transition (the delivery went with it)
    const sender = senders[destination.kind];
    const attempt = next.attempts + 1;
    const started = Date.now();
    let result: SendResult;
    if (!sender) {
      result = { ok: false, request: null, responseStatus: null, error: `No ${destination.kind} channel is configured on this worker.` };
    } else {
      try {
        result = await sender.send({ destination, event, message: eventMessage(event), deliveryId: next.id, attempt });
      } catch (err) {
        result = { ok: false, request: null, responseStatus: null, error: err instanceof Error ? err.message : String(err) };
      }
    }
    await recordAttempt(db, next.id, result, new Date(started), Date.now() - started);
    if (result.gone) {
      await db('destinations')
        .where({ id: destinationId })
        .update({ enabled: false, disabled_reason: `The endpoint answered 410 Gone on ${new Date().toISOString()}.`, updated_at: db.fn.now() });
      throw ApplicationFailure.create({ type: DESTINATION_GONE, message: `${destinationId} is gone (410)`, nonRetryable: true });
    }
    if (!result.ok) {
      throw ApplicationFailure.create({
        type: 'delivery_failed',
        message: `delivery ${next.id} to ${destinationId}: ${result.responseStatus ?? result.error ?? 'failed'}`,
        ...(result.retryAfterMs ? { nextRetryDelay: result.retryAfterMs } : {}),
      });
    }
    delivered++;
    heartbeat();
  }
}

/** After days of failures: the dossier's first pending delivery is given up (`failed`; an admin may redeliver it), the next ones go on. */
export async function giveUpDelivery(db: Knex, destinationId: string, code: string): Promise<void> {
  const head = await db('deliveries').where({ destination_id: destinationId, dossier_code: code, status: 'pending' }).orderBy([{ column: 'seq' }, { column: 'event_id' }]).first('id');
  if (head) await db('deliveries').where({ id: head.id, status: 'pending' }).update({ status: 'failed' });
}

async function recordAttempt(db: Knex, deliveryId: string, r: SendResult, at: Date, durationMs: number): Promise<void> {
  await db.transaction(async (tx) => {
    await tx('delivery_attempts').insert({
      delivery_id: deliveryId,
      at,
      request: JSON.stringify(r.request ?? null),
      response_status: r.responseStatus,
      response_body: r.responseBody?.slice(0, 4000) ?? null,
      error: r.error?.slice(0, 1000) ?? null,
      duration_ms: durationMs,
    });
    await tx('deliveries')
      .where({ id: deliveryId })
      .update({
        attempts: tx.raw('attempts + 1'),
        last_attempt_at: at,
        last_response_status: r.responseStatus,
        ...(r.ok ? { status: 'delivered', delivered_at: tx.fn.now() } : {}),
      });
  });
}

/** The collecting activity, the same for all its attempts: its workflow run and activity id (none outside an activity). */
function activityClaimant(): string | undefined {
  const info = activityContext()?.info;
  return info?.workflowExecution ? `${info.workflowExecution.workflowId}/${info.workflowExecution.runId}/${info.activityId}` : undefined;
}

function heartbeat(): void {
  activityContext()?.heartbeat();
}

/**
 * Waits `ms`; in an activity, throws CancelledFailure as soon as it is cancelled — its worker shutting down does
 * not wait out the long poll, and Temporal runs the collection again (its claims come back with the retry).
 */
function pause(ms: number): Promise<void> {
  return activityContext()?.sleep(ms) ?? new Promise((r) => setTimeout(r, ms));
}

/** The running activity's context; none when a test calls the function directly. */
function activityContext(): Context | undefined {
  try {
    return Context.current();
  } catch {
    return undefined;
  }
}
