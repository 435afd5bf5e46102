import type { Knex } from 'knex';

/**
 * The public lookup's guard per dossier code (wrong PINs counted in a window, and the lock they lead to),
 * in PostgreSQL so that it holds across API processes; and the security alerts the center is told of
 * (an outbox without dossier history: a code under attack may not even exist). No personal data.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('lookup_guards', (t) => {
    t.string('code', 100).primary(); // as typed by the caller: known or not, a code is guarded the same way
    t.integer('failures').notNullable().defaultTo(0);
    t.timestamp('window_started_at', { useTz: true }).notNullable();
    t.timestamp('locked_until', { useTz: true });
    t.integer('locks').notNullable().defaultTo(0);
  });
  await knex.schema.createTable('security_alerts', (t) => {
    t.bigIncrements('id').primary();
    t.string('kind').notNullable(); // lookup_locked
    t.string('subject', 100).notNullable(); // the dossier code under attack
    t.string('recipient_role').notNullable(); // supervisor
    t.string('recipient_unit_id').notNullable(); // center
    t.jsonb('detail').notNullable();
    t.timestamp('created_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.timestamp('delivered_at', { useTz: true });
  });
  await knex.raw('create index security_alerts_pending_idx on security_alerts (created_at) where delivered_at is null');
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTableIfExists('security_alerts');
  await knex.schema.dropTableIfExists('lookup_guards');
}
