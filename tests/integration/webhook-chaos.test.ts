import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { Webhook } from 'standardwebhooks';
import { act, actors, catalogueFixture, receive, SEEDED_BRANCHES, type Actors, type CatalogueFixture } from '../support/fixtures';
import { startHarness, type Harness } from '../support/harness';

/**
 * Chaos for deliveries (issue 12, item 6), on a compressed clock: the consumer is down (connections refused),
 * then slow, then back, while a batch of dossiers runs its whole life — every delivery arrives, in seq order
 * per dossier, none lost. The production schedule (an hour between attempts at most, three days in all) is the
 * same backoff stretched; tests/unit/delivery-retry.test.ts checks its span.
 */
const DOSSIERS = 12;
const SLOW_MS = 1_500;

let h: Harness;
let f: CatalogueFixture;
let t: Actors;

beforeAll(async () => {
  h = await startHarness({ deliveryRetry: { initialInterval: '200 ms', maximumInterval: '2 seconds', giveUpAfter: '10 minutes' } });
  f = await catalogueFixture(h, { branches: [SEEDED_BRANCHES[9], SEEDED_BRANCHES[8]] });
  t = await actors(h, f);
});
afterAll(() => h?.close());

async function until<T>(what: string, probe: () => Promise<T | undefined> | T | undefined, timeoutMs: number): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const v = await probe();
    if (v !== undefined) return v;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

it('delivers every event, in order, to a consumer that was down, then slow, then back', async () => {
  const arrivals: { id: string; code: string; seq: number; valid: boolean }[] = [];
  let mode: 'slow' | 'ok' = 'ok';
  let secret = '';
  const server = http.createServer((req, res) => {
    let raw = '';
    req.setEncoding('utf8');
    req.on('data', (c: string) => (raw += c));
    req.on('end', () => {
      const headers = { 'webhook-id': String(req.headers['webhook-id']), 'webhook-timestamp': String(req.headers['webhook-timestamp']), 'webhook-signature': String(req.headers['webhook-signature']) };
      let valid = true;
      try {
        new Webhook(secret).verify(raw, headers);
      } catch {
        valid = false;
      }
      const body = JSON.parse(raw) as { data: { code: string; seq: number } };
      const answer = () => {
        arrivals.push({ id: headers['webhook-id'], code: body.data.code, seq: body.data.seq, valid });
        res.writeHead(200).end('ok');
      };
      if (mode === 'slow') setTimeout(answer, SLOW_MS);
      else answer();
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const port = (server.address() as AddressInfo).port;
  const admin = await h.token('admin', 'center');
  const created = await h.api
    .post('/api/v1/webhooks')
    .auth(admin, { type: 'bearer' })
    .send({ url: `http://127.0.0.1:${port}/in`, events: ['dossier.received', 'dossier.transferred', 'dossier.claimed', 'dossier.submitted', 'dossier.result_ready', 'dossier.returned'], unitIds: [f.branch] })
    .expect(201);
  secret = created.body.secret;

  try {
    // Down: nobody listens on the port while every dossier is received and claimed.
    await new Promise<void>((r) => server.close(() => r()));
    const codes: string[] = [];
    for (let i = 0; i < DOSSIERS; i++) codes.push((await receive(h, f, t.clerk).expect(201)).body.code);
    await Promise.all(codes.map((code) => act(h, t.officer, code, 'claim').expect(200)));
    // Several attempts fail on every dossier's first delivery while it is down.
    await until(
      'failed attempts on every dossier',
      async () => {
        const rows = await h.db('deliveries').where({ destination_id: created.body.id }).whereIn('dossier_code', codes).where('attempts', '>=', 2).distinct('dossier_code');
        return rows.length === DOSSIERS ? rows : undefined;
      },
      60_000,
    );
    // Slow: back, but every answer takes its time, while the dossiers move on.
    mode = 'slow';
    await new Promise<void>((r) => server.listen(port, '127.0.0.1', r));
    await Promise.all(codes.map((code) => act(h, t.officer, code, 'submit', { outcome: 'approved', summary: 'Hợp lệ' }).expect(200)));
    await Promise.all(codes.map((code) => act(h, t.leader, code, 'approve', {}).expect(200)));
    // Back to normal.
    mode = 'ok';
    await Promise.all(codes.map((code) => act(h, t.clerk, code, 'return').expect(200)));

    const expected = [1, 2, 3, 4, 5, 6];
    await until(
      'every event of every dossier',
      () => (codes.every((code) => new Set(arrivals.filter((a) => a.code === code).map((a) => a.seq)).size === expected.length) ? true : undefined),
      120_000,
    );
    for (const code of codes) {
      // First arrivals, in order; a repeat (same webhook-id) would be dropped by the consumer.
      const seen = new Set<string>();
      const firsts = arrivals.filter((a) => a.code === code && !seen.has(a.id) && seen.add(a.id));
      expect(firsts.map((a) => a.seq)).toEqual(expected);
    }
    expect(arrivals.every((a) => a.valid)).toBe(true);
    // Every delivery recorded as delivered (the last attempts are recorded once their answers are in).
    await until(
      'every delivery recorded as delivered',
      async () => {
        const undelivered = await h.db('deliveries').where({ destination_id: created.body.id }).whereIn('dossier_code', codes).whereNot({ status: 'delivered' }).count({ n: '*' });
        return Number(undelivered[0].n) === 0 ? true : undefined;
      },
      30_000,
    );
    const delivered = await h.db('deliveries').where({ destination_id: created.body.id, status: 'delivered' }).whereIn('dossier_code', codes).count({ n: '*' });
    expect(Number(delivered[0].n)).toBe(DOSSIERS * expected.length);
  } finally {
    await h.api.delete(`/api/v1/webhooks/${created.body.id}`).auth(admin, { type: 'bearer' });
    await new Promise<void>((r) => (server.listening ? server.close(() => r()) : r()));
  }
}, 240_000);
