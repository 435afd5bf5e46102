import type { Knex } from 'knex';

/**
 * Which calendar years are loaded from an official notice (domain.md §4, "Calendars never run out"): a year
 * with a row here is official; any other year the system reaches is proposed from the Labour Code and
 * provisional (a `provisional` row is an admin's amendment before the notice). And every load, with the
 * fan-out that tells open dossiers of its new days off, so that a load whose fan-out did not start (Temporal
 * down, a crash) is started by the next load instead of being lost.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('calendar_years', (t) => {
    t.integer('year').primary();
    t.string('status').notNullable(); // official | provisional
    t.text('source').notNullable();
    t.timestamp('loaded_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
  });
  await knex.raw(`alter table calendar_years add constraint calendar_years_status_check check (status in ('official', 'provisional'))`);
  // Years loaded before this table existed came from official notices (the seed's, or an admin's load).
  await knex.raw(`
    insert into calendar_years (year, status, source)
    select year, 'official', coalesce(max(source), 'loaded before calendar_years existed') from calendar_days group by year
  `);
  await knex.schema.createTable('calendar_loads', (t) => {
    t.bigIncrements('id').primary();
    t.integer('year').notNullable();
    t.jsonb('new_days_off').notNullable();
    t.timestamp('loaded_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.string('fan_out_workflow_id');
    t.timestamp('fan_out_started_at', { useTz: true });
  });
  await knex.raw('create index calendar_loads_pending_idx on calendar_loads (id) where fan_out_started_at is null');
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTableIfExists('calendar_loads');
  await knex.schema.dropTableIfExists('calendar_years');
}
