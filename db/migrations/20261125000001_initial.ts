import type { Knex } from 'knex';

/** The catalogue, the dossier read model, its history and open tasks, and the bookkeeping for receipts. */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('units', (t) => {
    t.string('id').primary();
    t.string('code').notNullable().unique();
    t.string('name').notNullable();
    t.string('kind').notNullable();
    t.string('parent_id').references('units.id');
    t.text('address');
    t.date('effective_from').notNullable();
    t.date('effective_to');
    t.text('source');
    t.index(['kind']);
  });

  await knex.schema.createTable('procedures', (t) => {
    t.string('code').notNullable();
    t.date('effective_from').notNullable();
    t.date('effective_to');
    t.string('national_code');
    t.text('name').notNullable();
    t.text('name_en');
    t.string('authority_level').notNullable();
    t.string('department_id').references('units.id');
    t.jsonb('definition').notNullable(); // the whole Procedure, as the domain schema has it
    t.primary(['code', 'effective_from']);
  });

  await knex.schema.createTable('calendar_days', (t) => {
    t.date('date').primary();
    t.string('kind').notNullable(); // day_off | make_up_working_day
    t.text('name').notNullable();
    t.integer('year').notNullable();
    t.text('source');
  });

  await knex.schema.createTable('dossiers', (t) => {
    t.string('code').primary();
    t.string('procedure_code').notNullable();
    t.date('procedure_version').notNullable();
    t.text('procedure_name').notNullable();
    t.string('department_id').notNullable();
    t.string('receiving_branch_id').notNullable();
    t.string('return_branch_id').notNullable();
    t.string('channel').notNullable().defaultTo('in_person');
    t.string('status').notNullable();
    t.integer('national_status').notNullable();
    t.jsonb('applicant').notNullable(); // personal data: stays here, never in Temporal
    t.jsonb('documents').notNullable();
    t.text('note');
    t.timestamp('received_at', { useTz: true }).notNullable();
    t.timestamp('due_at', { useTz: true }).notNullable();
    t.timestamp('original_due_at', { useTz: true }).notNullable();
    t.string('assignee');
    t.string('outcome');
    t.timestamp('result_ready_at', { useTz: true });
    t.timestamp('returned_at', { useTz: true });
    t.timestamp('closed_at', { useTz: true });
    t.string('timeliness');
    t.string('lookup_pin_hash').notNullable();
    t.boolean('imported').notNullable().defaultTo(false);
    t.integer('last_seq').notNullable();
    t.timestamp('created_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.timestamp('updated_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.index(['receiving_branch_id', 'code']);
    t.index(['department_id', 'code']);
    t.index(['status', 'code']);
  });
  // Open dossiers by deadline: the supervisors' lists read only these rows.
  await knex.raw(
    `create index dossiers_open_due_idx on dossiers (due_at, code) where status not in ('result_ready','returned','withdrawn','stopped')`,
  );

  await knex.schema.createTable('dossier_events', (t) => {
    t.string('dossier_code').notNullable().references('dossiers.code');
    t.integer('seq').notNullable();
    t.string('action').notNullable();
    t.string('status').notNullable();
    t.timestamp('at', { useTz: true }).notNullable();
    t.jsonb('actor').notNullable();
    t.text('note');
    t.jsonb('data');
    t.primary(['dossier_code', 'seq']);
  });

  await knex.schema.createTable('tasks', (t) => {
    t.string('id').primary(); // {code}:{seq}:{kind}, so a retried projection cannot open it twice
    t.string('dossier_code').notNullable().references('dossiers.code');
    t.string('kind').notNullable();
    t.string('unit_id').notNullable();
    t.string('assignee');
    t.integer('opened_seq').notNullable();
    t.timestamp('created_at', { useTz: true }).notNullable();
    t.timestamp('due_at', { useTz: true });
    t.timestamp('closed_at', { useTz: true });
    t.index(['dossier_code']);
  });
  await knex.raw(`create index tasks_open_unit_idx on tasks (unit_id, created_at) where closed_at is null`);

  await knex.schema.createTable('dossier_code_counters', (t) => {
    t.string('unit_id').notNullable();
    t.string('day').notNullable(); // yyMMdd, civil
    t.integer('last').notNullable();
    t.primary(['unit_id', 'day']);
  });

  await knex.schema.createTable('idempotency_keys', (t) => {
    t.string('scope').notNullable(); // who sent it: a key is only unique per caller
    t.string('key').notNullable();
    t.string('request_hash').notNullable();
    t.string('dossier_code').notNullable();
    t.text('sealed_pin').notNullable(); // encrypted: a repeated request can print the receipt again
    t.timestamp('created_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.primary(['scope', 'key']);
  });
}

export async function down(knex: Knex): Promise<void> {
  for (const table of ['idempotency_keys', 'dossier_code_counters', 'tasks', 'dossier_events', 'dossiers', 'calendar_days', 'procedures', 'units']) {
    await knex.schema.dropTableIfExists(table);
  }
}
