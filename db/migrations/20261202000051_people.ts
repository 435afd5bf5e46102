import type { Knex } from 'knex';

/**
 * People (issue 10): staff who sign in, their assignments (role × unit × kind × dates), delegations while
 * away, sessions (only a hash of each session id is kept) and the throttle of failed sign-ins. Dates are
 * civil dates (Asia/Ho_Chi_Minh), both ends inclusive.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('staff', (t) => {
    t.string('id').primary();
    t.string('username').notNullable().unique();
    t.string('name').notNullable();
    t.string('email');
    t.boolean('active').notNullable().defaultTo(true);
    // "issuer sub" of the OIDC provider's subject, when the person signs in through it.
    t.string('oidc_subject').unique();
    t.timestamp('created_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
  });
  await knex.schema.createTable('credentials', (t) => {
    t.string('staff_id').primary().references('staff.id');
    t.text('password_hash').notNullable(); // argon2id, PHC string
    t.timestamp('changed_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
  });
  await knex.schema.createTable('assignments', (t) => {
    t.bigIncrements('id').primary();
    t.string('staff_id').notNullable().references('staff.id');
    t.string('role').notNullable();
    t.string('unit_id').notNullable().references('units.id');
    t.string('kind').notNullable(); // home | seconded | acting
    t.date('from').notNullable();
    t.date('to');
    t.string('assigned_by').notNullable();
    t.text('reason').notNullable();
    t.timestamp('created_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.index(['staff_id']);
    t.index(['unit_id']);
  });
  await knex.schema.createTable('delegations', (t) => {
    t.bigIncrements('id').primary();
    t.string('from_staff_id').notNullable().references('staff.id');
    t.string('to_staff_id').notNullable().references('staff.id');
    t.date('from').notNullable();
    t.date('until').notNullable();
    t.text('reason').notNullable();
    t.string('created_by').notNullable();
    t.timestamp('created_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.index(['to_staff_id']);
    t.index(['from_staff_id']);
  });
  await knex.schema.createTable('sessions', (t) => {
    t.string('id_hash').primary(); // sha256 of the cookie's random id: the id itself is never stored
    t.string('staff_id').notNullable().references('staff.id');
    t.timestamp('created_at', { useTz: true }).notNullable();
    t.timestamp('last_seen_at', { useTz: true }).notNullable();
    t.string('active_role');
    t.string('active_unit_id');
    t.string('active_on_behalf_of');
    t.index(['staff_id']);
  });
  await knex.schema.createTable('login_throttle', (t) => {
    t.string('key').primary(); // user:<username> or ip:<address>
    t.integer('failures').notNullable();
    t.timestamp('last_failure_at', { useTz: true }).notNullable();
    t.timestamp('locked_until', { useTz: true });
  });
}

export async function down(knex: Knex): Promise<void> {
  for (const table of ['login_throttle', 'sessions', 'delegations', 'assignments', 'credentials', 'staff']) await knex.schema.dropTableIfExists(table);
}
