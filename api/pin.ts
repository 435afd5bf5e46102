import crypto from 'node:crypto';
import { promisify } from 'node:util';

/** The lookup PIN printed on the receipt: 8 digits, stored only as a salted scrypt hash. */
export function newPin(): string {
  return String(crypto.randomInt(0, 100_000_000)).padStart(8, '0');
}

/**
 * scrypt's cost for new PIN hashes: N = 2^12, r = 8, p = 1 (4 MiB, ~10 ms of one core). It was 2^14 (16 MiB,
 * ~40 ms), the largest single CPU cost of a receipt. An 8-digit PIN is guarded by the lookup's limits (README,
 * Security), not by the hash: 10^8 guesses at either cost are within reach of whoever steals the table
 * (~15 instead of ~60 CPU-days per PIN on this machine's cores), so the hash only keeps PINs out of plain
 * sight. Stored as `scrypt$ln=12$salt$hash`; hashes stored before (`scrypt$salt$hash`) are 2^14 and still verify.
 */
export const PIN_SCRYPT_LOG2_N = 12;
const LEGACY_LOG2_N = 14;
const SCRYPT_MAXMEM = 64 * 1024 * 1024;

const scrypt = promisify(crypto.scrypt) as (pin: string, salt: Buffer, length: number, options: crypto.ScryptOptions) => Promise<Buffer>;
const scryptAt = (pin: string, salt: Buffer, length: number, log2N: number) => scrypt(pin, salt, length, { N: 2 ** log2N, r: 8, p: 1, maxmem: SCRYPT_MAXMEM });

/** Off the event loop (libuv's pool): a receipt must not stall every other request while it hashes. */
export async function hashPin(pin: string): Promise<string> {
  const salt = crypto.randomBytes(16);
  const hash = await scryptAt(pin, salt, 32, PIN_SCRYPT_LOG2_N);
  return `scrypt$ln=${PIN_SCRYPT_LOG2_N}$${salt.toString('base64')}$${hash.toString('base64')}`;
}

export async function verifyPin(pin: string, stored: string): Promise<boolean> {
  const parts = stored.split('$');
  if (parts[0] !== 'scrypt') return false;
  const [log2N, salt, hash] = parts.length === 4 ? [Number(parts[1].replace(/^ln=/, '')), parts[2], parts[3]] : [LEGACY_LOG2_N, parts[1], parts[2]];
  if (!salt || !hash || !Number.isInteger(log2N) || log2N < 10 || log2N > 16) return false;
  const expected = Buffer.from(hash, 'base64');
  const actual = await scryptAt(pin, Buffer.from(salt, 'base64'), expected.length, log2N);
  return crypto.timingSafeEqual(expected, actual);
}

/**
 * The PIN kept (encrypted) with an Idempotency-Key, so that a clerk whose response was lost can still print
 * the receipt when the request is repeated.
 */
export function sealPin(pin: string, secret: string): string {
  const iv = crypto.randomBytes(12);
  const cipher = crypto.createCipheriv('aes-256-gcm', keyOf(secret), iv);
  const data = Buffer.concat([cipher.update(pin, 'utf8'), cipher.final()]);
  return [iv, cipher.getAuthTag(), data].map((b) => b.toString('base64')).join('.');
}

export function unsealPin(sealed: string, secret: string): string | undefined {
  try {
    const [iv, tag, data] = sealed.split('.').map((p) => Buffer.from(p, 'base64'));
    const decipher = crypto.createDecipheriv('aes-256-gcm', keyOf(secret), iv);
    decipher.setAuthTag(tag);
    return Buffer.concat([decipher.update(data), decipher.final()]).toString('utf8');
  } catch {
    return undefined;
  }
}

function keyOf(secret: string): Buffer {
  return crypto.createHash('sha256').update(`motcua-pin:${secret}`).digest();
}

let dummy: Promise<string> | undefined;
/** A real hash of no one's PIN: verifying against it costs what verifying a real one does. */
export function dummyPinHash(): Promise<string> {
  dummy ??= hashPin(crypto.randomBytes(16).toString('hex'));
  return dummy;
}
