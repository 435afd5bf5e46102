/**
 * A destination's collection claims dossiers (delivery_runs) in PostgreSQL, then its workflow starts a run per
 * claim. When the collecting activity's answer is lost after its commit (its worker killed, Temporal restarted),
 * Temporal runs the activity again: the claims of the lost answer must come back with the retry, or their
 * dossiers would wait for the stale-claim timeout (days) — found by `npm run chaos`, where a worker SIGKILL left
 * two dossiers' webhooks undelivered.
 */
import crypto from 'node:crypto';
import { CancelledFailure } from '@temporalio/activity';
import { MockActivityEnvironment } from '@temporalio/testing';
import type { Knex } from 'knex';
import { collectDeliveries } from '../../activities/deliveries';
import { insertDestination } from '../../db/destinations';
import { createDb } from '../../db/knex';
import { testServices } from '../support/services';

const STALE_MS = 3 * 86_400_000;
let db: Knex;
let destinationId: string;
let code: string;

beforeAll(async () => {
  db = createDb(testServices().databaseUrl);
  destinationId = `claims-${crypto.randomUUID()}`;
  code = `CLAIMS-${crypto.randomUUID()}`;
  await insertDestination(db, { id: destinationId, kind: 'webhook', url: 'http://127.0.0.1:9/unused', description: 'claims test', unit_ids: ['unit-of-the-claims-test'], event_types: ['dossier.received'], secrets: [], config: {}, created_by: 'test' });
  const [event] = await db('integration_events').insert({ dossier_code: code, seq: 1, type: 'dossier.received', at: new Date(), data: {} }).returning('id');
  await db('deliveries').insert({ id: crypto.randomUUID(), destination_id: destinationId, event_id: event.id, dossier_code: code, seq: 1 });
});
afterAll(async () => {
  await db('delivery_runs').where({ destination_id: destinationId }).delete();
  await db('deliveries').where({ destination_id: destinationId }).delete();
  await db('integration_events').where({ dossier_code: code }).delete();
  await db('destinations').where({ id: destinationId }).delete();
  await db.destroy();
});

describe('collectDeliveries', () => {
  it('gives a retried collection the claims its lost attempt committed, and no other collection', async () => {
    const first = await collectDeliveries(db, destinationId, 32, STALE_MS, { waitMs: 0, claimant: 'destination-x/run-1/activity-1' });
    expect(first.runs.map((r) => r.code)).toEqual([code]);
    // The answer never reached the workflow; Temporal runs the same activity again.
    const retried = await collectDeliveries(db, destinationId, 32, STALE_MS, { waitMs: 0, claimant: 'destination-x/run-1/activity-1' });
    expect(retried.runs).toEqual(first.runs);
    // Another collection (the next activity) does not take a dossier that is claimed.
    const next = await collectDeliveries(db, destinationId, 32, STALE_MS, { waitMs: 0, claimant: 'destination-x/run-1/activity-2' });
    expect(next.runs).toEqual([]);
  });

  it('stops waiting for work when its activity is cancelled (a worker shutting down does not wait out the long poll)', async () => {
    // Everything pending is claimed (the test above), so the collection waits for new events, heartbeating.
    const env = new MockActivityEnvironment({ activityId: 'collect-1' });
    const waiting = new Promise<void>((resolve) => env.once('heartbeat', () => resolve()));
    const collecting = env.run(collectDeliveries, db, destinationId, 32, STALE_MS, { waitMs: 600_000, claimant: 'destination-x/run-1/activity-3' });
    await waiting;
    env.cancel('WORKER_SHUTDOWN');
    await expect(collecting).rejects.toBeInstanceOf(CancelledFailure);
  }, 15_000);
});
