import crypto from 'node:crypto';
import { hashPin, PIN_SCRYPT_LOG2_N, verifyPin } from '../../api/pin';

describe('lookup PIN hashes', () => {
  it('hashes with salted scrypt at the cost it names (N = 2^12, r = 8), each salt its own', async () => {
    const a = await hashPin('12345678');
    const b = await hashPin('12345678');
    expect(a).toMatch(/^scrypt\$ln=12\$[A-Za-z0-9+/=]+\$[A-Za-z0-9+/=]+$/);
    expect(PIN_SCRYPT_LOG2_N).toBe(12);
    expect(a).not.toBe(b);
    const [, , salt, hash] = a.split('$');
    const expected = crypto.scryptSync('12345678', Buffer.from(salt, 'base64'), 32, { N: 2 ** 12, r: 8, p: 1 });
    expect(Buffer.from(hash, 'base64').equals(expected)).toBe(true);
  });

  it('verifies the right PIN and refuses a wrong one', async () => {
    const stored = await hashPin('00000042');
    await expect(verifyPin('00000042', stored)).resolves.toBe(true);
    await expect(verifyPin('00000043', stored)).resolves.toBe(false);
  });

  it('keeps verifying hashes stored before (scrypt$salt$hash, N = 2^14)', async () => {
    const salt = crypto.randomBytes(16);
    const old = `scrypt$${salt.toString('base64')}$${crypto.scryptSync('87654321', salt, 32).toString('base64')}`;
    await expect(verifyPin('87654321', old)).resolves.toBe(true);
    await expect(verifyPin('87654320', old)).resolves.toBe(false);
  });

  it('refuses what is no scrypt hash, or names a cost out of range', async () => {
    await expect(verifyPin('12345678', 'synthetic')).resolves.toBe(false);
    await expect(verifyPin('12345678', 'scrypt$ln=40$AAAA$AAAA')).resolves.toBe(false);
    await expect(verifyPin('12345678', 'bcrypt$x$y')).resolves.toBe(false);
  });
});
