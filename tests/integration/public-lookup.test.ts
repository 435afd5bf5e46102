import supertest from 'supertest';
import { createApp } from '../../api/app';
import { hashPin } from '../../api/pin';
import { LOCK_AFTER_FAILURES } from '../../api/routes/public';
import { APPLICANT, actors, catalogueFixture, receive, type CatalogueFixture } from '../support/fixtures';
import { startHarness, type Harness } from '../support/harness';

let h: Harness;
let f: CatalogueFixture;
let t: Awaited<ReturnType<typeof actors>>;

beforeAll(async () => {
  h = await startHarness();
  f = await catalogueFixture(h);
  t = await actors(h, f);
});
afterAll(() => h?.close());

async function newDossier(): Promise<{ code: string; pin: string }> {
  const { body } = await receive(h, f, t.clerk).expect(201);
  return { code: body.code, pin: body.lookupPin };
}

const lookup = (code: string, pin: string, api: supertest.Agent = h.api) => api.get(`/api/v1/public/dossiers/${encodeURIComponent(code)}`).query({ pin });
const wrong = (pin: string) => (pin === '00000000' ? '11111111' : '00000000');

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
}

describe('public lookup', () => {
  it('locks a code after repeated wrong PINs, in PostgreSQL (every API process), tells the center, and unlocks after a while', async () => {
    const target = await newDossier();
    const bystander = await newDossier();
    for (let i = 0; i < LOCK_AFTER_FAILURES; i++) {
      const res = await lookup(target.code, wrong(target.pin)).expect(404);
      expect(res.body).toEqual({ code: 'not_found', message: 'No dossier with that code and PIN.' });
    }
    // Now even the right PIN is refused, by this process and by another one on the same database.
    const locked = await lookup(target.code, target.pin).expect(429);
    expect(locked.body).toMatchObject({ code: 'rate_limited', details: { reason: 'code_locked' } });
    expect(Number(locked.headers['retry-after'])).toBeGreaterThan(60);
    const otherProcess = supertest.agent(createApp({ ...h.ctx }));
    await lookup(target.code, target.pin, otherProcess).expect(429);
    // Another code is not affected.
    await lookup(bystander.code, bystander.pin).expect(200);

    const alerts = await h.db('security_alerts').where({ subject: target.code });
    expect(alerts).toEqual([
      expect.objectContaining({ kind: 'lookup_locked', recipient_role: 'supervisor', recipient_unit_id: 'center', delivered_at: null }),
    ]);
    const alertText = JSON.stringify(alerts);
    for (const value of Object.values(APPLICANT)) expect(alertText).not.toContain(value);
    expect(alertText).not.toContain(target.pin);

    // The lock runs out (its end moved into the past rather than waiting 30 minutes): the right PIN works and clears the count.
    await h.db('lookup_guards').where({ code: target.code }).update({ locked_until: h.db.raw("now() - interval '1 second'") });
    await lookup(target.code, target.pin).expect(200);
    expect(await h.db('lookup_guards').where({ code: target.code })).toEqual([]);
  });

  it('guards an unknown code exactly like a known one: same answer, same lock', async () => {
    const unknown = `NO-SUCH-${Date.now()}`;
    const known = await newDossier();
    const a = await lookup(unknown, '12345678').expect(404);
    const b = await lookup(known.code, wrong(known.pin)).expect(404);
    expect(a.body).toEqual(b.body);
    for (let i = 1; i < LOCK_AFTER_FAILURES; i++) await lookup(unknown, '12345678').expect(404);
    const locked = await lookup(unknown, '12345678').expect(429);
    expect(locked.body).toMatchObject({ code: 'rate_limited', details: { reason: 'code_locked' } });
    expect(await h.db('security_alerts').where({ subject: unknown })).toHaveLength(1);
  });

  it('takes about as long for an unknown code as for a wrong PIN (a PIN hash is verified either way)', async () => {
    // Under the per-code limit: a few wrong PINs on each of a few dossiers, and as many unknown codes.
    const dossiers = await Promise.all([newDossier(), newDossier(), newDossier()]);
    const wrongPin: number[] = [];
    const unknownCode: number[] = [];
    for (let round = 0; round < LOCK_AFTER_FAILURES - 1; round++) {
      for (const [i, d] of dossiers.entries()) {
        let started = performance.now();
        await lookup(d.code, wrong(d.pin)).expect(404);
        wrongPin.push(performance.now() - started);
        started = performance.now();
        await lookup(`NO-SUCH-${Date.now()}-${round}-${i}`, wrong(d.pin)).expect(404);
        unknownCode.push(performance.now() - started);
      }
    }
    // A scrypt verify is ~30 ms and a lookup without one a few ms: the medians must be of one order.
    const ratio = median(unknownCode) / median(wrongPin);
    expect(ratio).toBeGreaterThan(0.5);
    expect(ratio).toBeLessThan(2);
  });

  it('limits lookups per address too', async () => {
    const d = await newDossier();
    const strict = supertest.agent(createApp({ ...h.ctx, config: { ...h.ctx.config, publicLookupPerMinute: 3 } }));
    for (let i = 0; i < 3; i++) await lookup(d.code, d.pin, strict).expect(200);
    const res = await lookup(d.code, d.pin, strict).expect(429);
    expect(res.body).toMatchObject({ code: 'rate_limited' });
  });

  it('issues 8-digit PINs and keeps accepting the PINs issued before, whatever their length', async () => {
    const d = await newDossier();
    expect(d.pin).toMatch(/^\d{8}$/);
    await h.db('dossiers').where({ code: d.code }).update({ lookup_pin_hash: await hashPin('123456') });
    await lookup(d.code, '123456').expect(200);
  });
});
