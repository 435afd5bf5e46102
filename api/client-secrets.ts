import crypto from 'node:crypto';

/**
 * Service accounts' client secrets: 32 random bytes (256 bits), shown once, kept as SHA-256. A slow hash
 * (argon2, as for passwords: api/passwords.ts) protects secrets people choose, which are guessable; nobody can
 * guess 256 random bits from a hash, so SHA-256 suffices and a token request costs microseconds, not 19 MiB
 * and tens of milliseconds of an API process an attacker could keep busy with wrong secrets.
 */
const PREFIX = 'mcs_';

export function newClientSecret(): { secret: string; hash: string } {
  const secret = `${PREFIX}${crypto.randomBytes(32).toString('base64url')}`;
  return { secret, hash: hashClientSecret(secret) };
}

export function hashClientSecret(secret: string): string {
  return crypto.createHash('sha256').update(secret, 'utf8').digest('hex');
}

/** Compares in constant time; an unknown client is compared with a hash of nothing, so timing does not tell. */
export function clientSecretMatches(storedHash: string | undefined, secret: string): boolean {
  const given = Buffer.from(hashClientSecret(secret), 'hex');
  const stored = Buffer.from(storedHash ?? '0'.repeat(64), 'hex');
  return stored.length === given.length && crypto.timingSafeEqual(stored, given) && storedHash !== undefined;
}
