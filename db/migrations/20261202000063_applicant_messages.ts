import type { Knex } from 'knex';

/**
 * Messages to the applicant (issue 12, item 5): which channel of a delivery has gone, so that a retry after
 * one channel failed sends only the other (an e-mail that went is not sent again because the SMS failed).
 * The address itself stays in `dossiers.applicant`; only the channel and the provider's reference are kept.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('applicant_messages', (t) => {
    t.uuid('delivery_id').notNullable().references('deliveries.id').onDelete('cascade');
    t.string('channel').notNullable(); // email | sms
    t.timestamp('sent_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.text('provider_ref'); // the SMTP Message-ID, the SMS provider's id
    t.primary(['delivery_id', 'channel']);
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTableIfExists('applicant_messages');
}
