import type { Knex } from 'knex';

/**
 * Exactly once across crashes and retries:
 * - each history event keeps the id of the request that caused it (the Temporal update id), so a request
 *   repeated after its dossier's workflow has closed is still recognised as applied;
 * - the first answer to every staff action sent with an Idempotency-Key, so a repeat gets that answer;
 * - workers' heartbeats, so the API can tell at once that no worker runs (and answer 503 instead of waiting);
 * - recently changed dossiers by time, for the reconciler that brings a read model that got ahead of its
 *   workflow back in line.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.alterTable('dossier_events', (t) => {
    t.string('request_id', 300);
  });
  await knex.raw(`create index dossier_events_request_idx on dossier_events (dossier_code, request_id) where request_id is not null`);
  await knex.schema.createTable('action_answers', (t) => {
    t.string('scope').notNullable(); // the caller (a key is unique per caller)
    t.string('key').notNullable();
    t.string('dossier_code').notNullable();
    t.string('action').notNullable();
    t.string('request_hash').notNullable();
    t.integer('status').notNullable(); // the HTTP status of the first answer
    t.jsonb('error'); // its error body ({ code, message, details }), for a refusal
    t.timestamp('created_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.primary(['scope', 'key']);
  });
  await knex.schema.createTable('worker_heartbeats', (t) => {
    t.string('worker_id').primary();
    t.string('task_queue').notNullable();
    t.timestamp('seen_at', { useTz: true }).notNullable();
    t.index(['task_queue', 'seen_at']);
  });
  await knex.raw(`create index dossiers_updated_idx on dossiers (updated_at)`);
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw(`drop index if exists dossiers_updated_idx`);
  await knex.schema.dropTableIfExists('worker_heartbeats');
  await knex.schema.dropTableIfExists('action_answers');
  await knex.raw(`drop index if exists dossier_events_request_idx`);
  await knex.schema.alterTable('dossier_events', (t) => {
    t.dropColumn('request_id');
  });
}
