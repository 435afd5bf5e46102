import type { Knex } from 'knex';

/**
 * Service accounts (issue 12): department and ward systems that act for their unit with a bearer token (role
 * `system`). The client secret is 32 random bytes shown once; only its SHA-256 is kept (a high-entropy secret
 * cannot be guessed from its hash, so a slow hash would only make every token request cost more CPU).
 * `secret_version` goes up with each rotation and is carried in the tokens, so a rotation ends them at once.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('service_accounts', (t) => {
    t.string('id').primary(); // the OAuth client_id; tokens name it as sub `svc:<id>`
    t.string('name').notNullable();
    t.string('unit_id').notNullable().references('units.id');
    t.specificType('scopes', 'text[]').notNullable();
    t.string('secret_hash').notNullable(); // sha256 hex of the client secret
    t.integer('secret_version').notNullable().defaultTo(1);
    t.timestamp('secret_created_at', { useTz: true }).notNullable();
    t.boolean('enabled').notNullable().defaultTo(true);
    t.string('created_by').notNullable();
    t.timestamp('created_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.index(['unit_id']);
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTableIfExists('service_accounts');
}
