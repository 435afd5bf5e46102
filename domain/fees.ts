import { z } from 'zod';
import type { WorkingCalendar } from './calendar';
import type { Fee } from './catalogue';
import { FeeCollection, Instant } from './terms';
import type { DeadlineState } from './deadline-state';
import { initialDeadlines } from './deadlines';
import type { ProcedureRules } from './catalogue';
import { Actor } from './roles';
import { text } from './text';

/**
 * Fees (domain.md §4 "Reception has three outcomes … Fees"): collected at reception or at return as the
 * procedure says, recorded with amount and receipt number; a fee that must be paid before processing and is
 * not paid at reception holds the dossier in `awaiting_fees` (national status 6), and its clock starts at payment.
 */

/** A payment as recorded: amount (VND), the fee receipt's number, an optional note, who and when. */
export const FeePayment = z.object({
  amount: z.number().nonnegative(),
  receiptNumber: z.string(),
  note: z.string().nullable(),
  at: Instant,
  by: Actor,
});
export type FeePayment = z.infer<typeof FeePayment>;

/** What a dossier holds of its procedure's fee, and its payment. Codes and amounts only: no personal data. */
export const FeeState = z.object({
  /** The catalogue's amount: 0 free, null varies (any amount, with a note). */
  amount: z.number().nonnegative().nullable(),
  collectedAt: FeeCollection,
  payBeforeProcessing: z.boolean(),
  paid: FeePayment.nullable(),
});
export type FeeState = z.infer<typeof FeeState>;

/** The fee a dossier holds from its procedure version, with the payment made at reception if any. */
export function feeStateFor(fee: Fee, paidAtReception: FeePayment | null): FeeState {
  return { amount: fee.amount, collectedAt: fee.collectedAt, payBeforeProcessing: fee.payBeforeProcessing, paid: paidAtReception };
}

/** Whether there is a fee to collect at all (a free procedure has none). */
export function feeOwed(fee: Pick<FeeState, 'amount'>): boolean {
  return fee.amount !== 0;
}

/** Unpaid, and processing may not start before it is paid: the dossier waits in `awaiting_fees`. */
export function awaitsFee(fee: FeeState): boolean {
  return feeOwed(fee) && fee.paid === null && fee.collectedAt === 'reception' && fee.payBeforeProcessing;
}

/** Unpaid, and collected when the result is handed over: the return waits for it. */
export function feeBlocksReturn(fee: FeeState): boolean {
  return feeOwed(fee) && fee.paid === null && fee.collectedAt === 'return';
}

/** What the clerk enters: the amount paid, the fee receipt's number, a note (needed when the amount varies). */
export const FeePaymentBody = z
  .object({
    amount: z.number().int().nonnegative().max(1e12),
    // The fee receipt's series and number as printed (e.g. `AA/25E-0000123`).
    receiptNumber: z.string().regex(/^[A-Za-z0-9][A-Za-z0-9 ./_-]{0,63}$/, 'the fee receipt number: letters, digits and space . / _ - (1 to 64)'),
    note: text(500).optional(),
  })
  .strict();
export type FeePaymentBody = z.infer<typeof FeePaymentBody>;

export type FeeViolation = { type: 'fee_mismatch'; message: string; details: { expected: number | null; given: number } };

/**
 * The amount must be the catalogue's; where the catalogue's varies (null), any non-negative amount with a
 * note saying what it covers.
 */
export function checkFeeAmount(fee: Pick<FeeState, 'amount'>, body: FeePaymentBody): FeeViolation | null {
  if (fee.amount === null) {
    return body.note
      ? null
      : { type: 'fee_mismatch', message: 'This procedure’s fee varies: say what the amount covers (note).', details: { expected: null, given: body.amount } };
  }
  return body.amount === fee.amount
    ? null
    : { type: 'fee_mismatch', message: `The fee is ${fee.amount} VND, not ${body.amount}.`, details: { expected: fee.amount, given: body.amount } };
}

/** The deadlines of a dossier whose clock starts at the fee's payment: counted from then, with the cut-off rule. */
export function deadlinesFromPayment(calendar: WorkingCalendar, procedure: ProcedureRules, paidAt: Date): DeadlineState {
  const dueAt = calendar.dueAt(paidAt, procedure.processingTime, procedure.cutoff);
  return initialDeadlines(calendar, procedure, paidAt, dueAt, procedure.cutoff);
}
