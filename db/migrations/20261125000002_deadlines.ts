import type { Knex } from 'knex';

/**
 * Deadline state in the read model (supplements, apology, escalation, timeliness for Decision 766), the
 * process-control verdicts (Form 06), and the notification outbox.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.alterTable('dossiers', (t) => {
    t.integer('supplement_count').notNullable().defaultTo(0);
    t.timestamp('awaiting_supplement_since', { useTz: true });
    t.timestamp('supplement_due_at', { useTz: true });
    t.decimal('paused_working_hours', 10, 2).notNullable().defaultTo(0);
    t.timestamp('apologized_at', { useTz: true });
    t.integer('escalation_level').notNullable().defaultTo(0); // 0 none, 1 due soon, 2 overdue, 3 and 4: +2 and +5 working days
    t.boolean('on_time_766'); // set when the result is ready
    t.timestamp('finished_at', { useTz: true }); // result ready, withdrawn or stopped
    t.jsonb('deadline'); // the workflow's deadline state: steps, supplements, apology (no personal data)
  });
  // Finished dossiers by period, for the summaries.
  await knex.raw(`create index dossiers_finished_idx on dossiers (finished_at) where finished_at is not null`);
  await knex.raw(`create index dossiers_received_idx on dossiers (received_at)`);

  await knex.schema.createTable('step_verdicts', (t) => {
    t.string('dossier_code').notNullable().references('dossiers.code');
    t.string('step').notNullable();
    t.timestamp('due_at', { useTz: true }).notNullable();
    t.timestamp('finished_at', { useTz: true }).notNullable();
    t.string('verdict').notNullable(); // early | on_time | late
    t.string('unit_id').notNullable();
    t.integer('seq').notNullable();
    t.primary(['dossier_code', 'step', 'seq']);
  });

  await knex.schema.createTable('notifications', (t) => {
    t.string('id').primary(); // {code}:{seq}:{kind}:{recipient}, so a retried projection cannot add it twice
    t.string('dossier_code').notNullable().references('dossiers.code');
    t.integer('seq').notNullable();
    t.string('kind').notNullable(); // due_soon | overdue | escalation | supplement_requested | result_ready
    t.string('recipient_role').notNullable(); // officer | leader | supervisor | center | applicant
    t.string('recipient_unit_id');
    t.string('recipient_sub');
    t.timestamp('created_at', { useTz: true }).notNullable();
    t.timestamp('delivered_at', { useTz: true });
    t.integer('attempts').notNullable().defaultTo(0);
    t.text('last_error');
  });
  await knex.raw(`create index notifications_pending_idx on notifications (dossier_code, created_at) where delivered_at is null`);
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTableIfExists('notifications');
  await knex.schema.dropTableIfExists('step_verdicts');
  await knex.raw('drop index if exists dossiers_finished_idx');
  await knex.raw('drop index if exists dossiers_received_idx');
  await knex.schema.alterTable('dossiers', (t) => {
    for (const c of ['supplement_count', 'awaiting_supplement_since', 'supplement_due_at', 'paused_working_hours', 'apologized_at', 'escalation_level', 'on_time_766', 'finished_at', 'deadline']) t.dropColumn(c);
  });
}
