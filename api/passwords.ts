import { hash, verify } from '@node-rs/argon2';

/**
 * Password hashes: argon2id (the @node-rs/argon2 default) with its default cost (19 MiB, 2 passes: OWASP's
 * minimum), as PHC strings, so a later cost change still verifies the old hashes.
 */
export function hashPassword(password: string): Promise<string> {
  return hash(password);
}

/** A hash of nothing anyone knows: an unknown username still costs one verification, so timing does not tell. */
let decoy: Promise<string> | undefined;

export async function verifyPassword(stored: string | null | undefined, password: string): Promise<boolean> {
  if (!stored) {
    decoy ??= hash(`decoy-${Math.random()}-${Date.now()}`);
    await verify(await decoy, password).catch(() => false);
    return false;
  }
  return verify(stored, password).catch(() => false);
}
