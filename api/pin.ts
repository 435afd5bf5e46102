import crypto from 'node:crypto';
import { promisify } from 'node:util';

/** The lookup PIN printed on the receipt: 8 digits, stored only as a salted scrypt hash. */
export function newPin(): string {
  return String(crypto.randomInt(0, 100_000_000)).padStart(8, '0');
}

const scrypt = promisify(crypto.scrypt) as (pin: string, salt: Buffer, length: number) => Promise<Buffer>;

/** Off the event loop (libuv's pool): a receipt must not stall every other request for ~30 ms. */
export async function hashPin(pin: string): Promise<string> {
  const salt = crypto.randomBytes(16);
  const hash = await scrypt(pin, salt, 32);
  return `scrypt$${salt.toString('base64')}$${hash.toString('base64')}`;
}

export async function verifyPin(pin: string, stored: string): Promise<boolean> {
  const [scheme, salt, hash] = stored.split('$');
  if (scheme !== 'scrypt' || !salt || !hash) return false;
  const expected = Buffer.from(hash, 'base64');
  const actual = await scrypt(pin, Buffer.from(salt, 'base64'), expected.length);
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
