import type { Knex } from 'knex';

/**
 * Integrations (issue 12):
 * - `integration_events`: the outbox — one row per transition of a dossier's history, written in the same
 *   transaction as the transition (activities/projection.ts), with codes and statuses only. `txid` (the
 *   writing transaction, xid8) orders the feed by commit: a reader serves only rows of transactions older than
 *   every one still running (db/integration-events.ts), so a cursor never skips a row committed late.
 * - `destinations`: where events go — webhook endpoints (with their signing secrets), the national portal,
 *   the applicant's messages — each with the event types it takes, optionally the units whose dossiers it
 *   hears of (a department's system: its own), and its own cursor in the outbox.
 * - `deliveries`: one per (destination, event), pending until delivered or given up; `delivery_attempts`:
 *   every attempt (request, response code and body, time), for the admin view;
 * - `delivery_runs`: which dossiers are being delivered to a destination right now (one run each, so a
 *   dossier's events go out one at a time, in order).
 */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('integration_events', (t) => {
    t.bigIncrements('id').primary();
    t.specificType('txid', 'xid8').notNullable().defaultTo(knex.raw('pg_current_xact_id()'));
    t.string('dossier_code').notNullable();
    t.integer('seq').notNullable();
    t.string('type').notNullable();
    t.timestamp('at', { useTz: true }).notNullable();
    t.jsonb('data').notNullable();
    t.unique(['dossier_code', 'seq']);
  });
  await knex.raw(`create index integration_events_commit_idx on integration_events (txid, id)`);

  await knex.schema.createTable('destinations', (t) => {
    t.string('id').primary();
    t.string('kind').notNullable(); // webhook | portal | applicant
    t.text('url');
    t.text('description');
    t.specificType('event_types', 'text[]').notNullable();
    t.specificType('unit_ids', 'text[]'); // null: every dossier; else those touching one of these units
    t.jsonb('secrets').notNullable().defaultTo('[]'); // webhook: [{ secret, createdAt, expiresAt }], newest first
    t.jsonb('config').notNullable().defaultTo('{}'); // portal: credentials and unit code
    t.boolean('enabled').notNullable().defaultTo(true);
    t.text('disabled_reason');
    t.specificType('cursor_txid', 'xid8').notNullable();
    t.bigInteger('cursor_id').notNullable();
    t.string('created_by').notNullable();
    t.timestamp('created_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.timestamp('updated_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.timestamp('deleted_at', { useTz: true });
  });

  await knex.schema.createTable('deliveries', (t) => {
    t.uuid('id').primary();
    t.string('destination_id').notNullable().references('destinations.id');
    t.bigInteger('event_id').notNullable().references('integration_events.id').onDelete('cascade');
    t.string('dossier_code').notNullable();
    t.integer('seq').notNullable();
    t.string('status').notNullable().defaultTo('pending'); // pending | delivered | failed
    t.integer('attempts').notNullable().defaultTo(0);
    t.timestamp('created_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.timestamp('last_attempt_at', { useTz: true });
    t.integer('last_response_status');
    t.timestamp('delivered_at', { useTz: true });
    t.unique(['destination_id', 'event_id']);
  });
  await knex.raw(`create index deliveries_pending_idx on deliveries (destination_id, dossier_code, seq) where status = 'pending'`);
  await knex.raw(`create index deliveries_destination_idx on deliveries (destination_id, created_at desc)`);

  await knex.schema.createTable('delivery_runs', (t) => {
    t.string('destination_id').notNullable();
    t.string('dossier_code').notNullable();
    t.uuid('run_id').notNullable().unique();
    t.timestamp('claimed_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.primary(['destination_id', 'dossier_code']);
  });

  await knex.schema.createTable('delivery_attempts', (t) => {
    t.bigIncrements('id').primary();
    t.uuid('delivery_id').notNullable().references('deliveries.id').onDelete('cascade');
    t.timestamp('at', { useTz: true }).notNullable();
    t.jsonb('request').notNullable();
    t.integer('response_status');
    t.text('response_body');
    t.text('error');
    t.integer('duration_ms').notNullable();
    t.index(['delivery_id', 'id']);
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTableIfExists('delivery_attempts');
  await knex.schema.dropTableIfExists('delivery_runs');
  await knex.schema.dropTableIfExists('deliveries');
  await knex.schema.dropTableIfExists('destinations');
  await knex.schema.dropTableIfExists('integration_events');
}
