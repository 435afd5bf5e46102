import type { Knex } from 'knex';

/**
 * Which collection claimed a dossier for delivery (its workflow run and activity): a collection whose answer was
 * lost after its commit runs again under the same activity, and takes back the claims it made, instead of
 * leaving them to the stale-claim timeout. Claims made before this column have none (taken over when stale).
 */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.alterTable('delivery_runs', (t) => {
    t.text('claimed_by');
    t.index(['destination_id', 'claimed_by']);
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.alterTable('delivery_runs', (t) => {
    t.dropIndex(['destination_id', 'claimed_by']);
    t.dropColumn('claimed_by');
  });
}
