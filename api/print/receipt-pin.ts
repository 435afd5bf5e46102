import type { Knex } from 'knex';
import { sealPin, unsealPin } from '../pin';

/**
 * The lookup PIN is printed on the receipt once (api-contract.md: "shown once"). The dossier keeps only its
 * hash, so the receipt keeps the PIN, encrypted, until its first print takes it (deleting the row in the same
 * statement: two prints at once get it once) or it expires. It never appears in a URL or a log.
 */
export const RECEIPT_PIN_TTL_MS = 2 * 60 * 60 * 1000;

export async function keepPinForFirstPrint(tx: Knex.Transaction, code: string, pin: string, secret: string, now: Date): Promise<void> {
  await tx('receipt_print_pins').insert({ dossier_code: code, sealed_pin: sealPin(pin, secret), expires_at: new Date(now.getTime() + RECEIPT_PIN_TTL_MS) });
}

/** The PIN for this print, if it is the first print within the expiry; afterwards never again. */
export async function takePinForFirstPrint(db: Knex, code: string, secret: string, now: Date): Promise<string | undefined> {
  // Expired PINs go too: a receipt never printed in time says, like a reprint, that the PIN can be reset.
  await db('receipt_print_pins').where('expires_at', '<', now).delete();
  const [row] = await db('receipt_print_pins').where({ dossier_code: code }).where('expires_at', '>=', now).delete().returning('sealed_pin');
  return row ? unsealPin(row.sealed_pin as string, secret) : undefined;
}
