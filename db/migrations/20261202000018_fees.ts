import type { Knex } from 'knex';

/**
 * Fees (domain.md §4): each dossier's fee as its procedure set it when received, and its payment. Amounts in
 * VND and fee receipt numbers only (no personal data). Null for dossiers received before fees were handled.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.alterTable('dossiers', (t) => {
    t.string('fee_collected_at', 16); // reception | return: when the desk collects it
    t.boolean('fee_pay_before_processing'); // unpaid at reception, the dossier waits (awaiting_fees)
    t.decimal('fee_amount', 14, 0); // the catalogue's amount (null: it varies)
    t.decimal('fee_paid_amount', 14, 0);
    t.timestamp('fee_paid_at', { useTz: true });
    t.string('fee_receipt_number', 64);
    t.string('fee_note', 500); // what a varying amount covered
  });
  // The counters' work lists: dossiers held for their fee.
  await knex.raw(`create index dossiers_awaiting_fees_idx on dossiers (receiving_branch_id, received_at) where status = 'awaiting_fees'`);
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw(`drop index if exists dossiers_awaiting_fees_idx`);
  await knex.schema.alterTable('dossiers', (t) => {
    for (const c of ['fee_collected_at', 'fee_pay_before_processing', 'fee_amount', 'fee_paid_amount', 'fee_paid_at', 'fee_receipt_number', 'fee_note']) t.dropColumn(c);
  });
}
