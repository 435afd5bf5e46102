/**
 * The chaos run's webhook endpoint, a department system as the center would have one: subscribed through the
 * API (as an admin would) to every dossier event, it checks each delivery's Standard Webhooks signature with
 * the secret it was given once, and records what came. After the load, `checkDeliveries` holds that against
 * the outbox: every event of every dossier of the run arrived, signed, each dossier's first deliveries in seq
 * order; a repeat (the same webhook-id again) is counted — deliveries are at least once, and a worker killed
 * in mid-delivery, or Temporal or PostgreSQL restarted under it, sends it again — and is a failure in a run
 * whose faults cannot cause one.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Knex } from 'knex';
import { Webhook } from 'standardwebhooks';
import { EVENT_TYPES, messageId } from '../../domain/integration-events';
import type { Fault } from './options';

export interface Delivery {
  id: string;
  /** ms since the run began */
  at: number;
  signed: boolean;
}

/** The faults that can make a delivery happen twice (the sender or its records die between send and record). */
const REPEATING_FAULTS: readonly Fault[] = ['worker', 'temporal', 'postgres'];

export class WebhookConsumer {
  readonly deliveries: Delivery[] = [];
  private verifier: Webhook | null = null;

  private constructor(
    private readonly server: http.Server,
    readonly url: string,
    private readonly t0: number,
  ) {}

  static async start(t0: number): Promise<WebhookConsumer> {
    let consumer: WebhookConsumer | null = null;
    const server = http.createServer((req, res) => {
      let raw = '';
      req.setEncoding('utf8');
      req.on('data', (c: string) => (raw += c));
      req.on('end', () => {
        consumer?.receive(raw, req.headers);
        res.writeHead(204).end();
      });
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    consumer = new WebhookConsumer(server, `http://127.0.0.1:${(server.address() as AddressInfo).port}/hooks/chaos`, t0);
    return consumer;
  }

  /** Subscribes to every dossier event through the API; the secret comes back once. */
  async subscribe(apiUrl: string, adminToken: string): Promise<void> {
    const res = await fetch(`${apiUrl}/api/v1/webhooks`, {
      method: 'POST',
      headers: { authorization: `Bearer ${adminToken}`, 'content-type': 'application/json' },
      body: JSON.stringify({ url: this.url, events: EVENT_TYPES, description: 'chaos run' }),
      signal: AbortSignal.timeout(30_000),
    });
    if (res.status !== 201) throw new Error(`subscribing the webhook endpoint: ${res.status} ${await res.text()}`);
    this.verifier = new Webhook(((await res.json()) as { secret: string }).secret);
  }

  private receive(raw: string, headers: http.IncomingHttpHeaders): void {
    const id = String(headers['webhook-id']);
    let signed = false;
    try {
      this.verifier?.verify(raw, { 'webhook-id': id, 'webhook-timestamp': String(headers['webhook-timestamp']), 'webhook-signature': String(headers['webhook-signature']) });
      signed = this.verifier !== null;
    } catch {
      signed = false;
    }
    this.deliveries.push({ id, at: Date.now() - this.t0, signed });
  }

  close(): Promise<void> {
    return new Promise((r) => this.server.close(() => r()));
  }
}

/** What the chaos run reports of the endpoint. */
export interface DeliveryFigures {
  events: number;
  deliveries: number;
  repeats: number;
  caughtUpMs: number;
}

/**
 * Waits (up to `waitMs`) until every dossier event of `codes` in the outbox has arrived, then checks the
 * deliveries. Gives the checks and the figures for the report.
 */
export async function checkDeliveries(
  db: Knex,
  consumer: WebhookConsumer,
  codes: string[],
  faults: readonly Fault[],
  waitMs: number,
): Promise<{ checks: { name: string; problems: string[] }[]; figures: DeliveryFigures }> {
  const expected: { dossier_code: string; seq: number }[] = codes.length
    ? await db('integration_events').whereIn('dossier_code', codes).whereIn('type', EVENT_TYPES).select('dossier_code', 'seq')
    : [];
  // The webhook-id of each expected event, and the event it names.
  const wanted = new Map(expected.map((e) => [messageId(e.dossier_code, e.seq), { code: e.dossier_code, seq: e.seq }]));
  const started = Date.now();
  const missing = () => {
    const got = new Set(consumer.deliveries.map((d) => d.id));
    return [...wanted.keys()].filter((id) => !got.has(id));
  };
  while (missing().length && Date.now() - started < waitMs) await new Promise((r) => setTimeout(r, 500));
  const caughtUpMs = Date.now() - started;

  const ours = consumer.deliveries.filter((d) => wanted.has(d.id));
  const seen = new Map<string, number>();
  for (const d of ours) seen.set(d.id, (seen.get(d.id) ?? 0) + 1);
  const repeated = [...seen].filter(([, n]) => n > 1);
  const outOfOrder: string[] = [];
  const lastSeq = new Map<string, number>();
  const first = new Set<string>();
  for (const d of ours) {
    if (first.has(d.id)) continue;
    first.add(d.id);
    const p = wanted.get(d.id)!;
    const before = lastSeq.get(p.code) ?? 0;
    if (p.seq < before) outOfOrder.push(`${p.code}: seq ${p.seq} arrived after seq ${before}`);
    lastSeq.set(p.code, Math.max(before, p.seq));
  }
  const canRepeat = faults.some((f) => REPEATING_FAULTS.includes(f));
  return {
    checks: [
      {
        name: `every dossier event of the run reached the webhook endpoint (${wanted.size} events, waited ${(caughtUpMs / 1000).toFixed(1)} s after the load)`,
        problems: missing().map((id) => `${id} never arrived`),
      },
      { name: 'every delivery carried a valid signature', problems: ours.filter((d) => !d.signed).map((d) => `${d.id} at ${(d.at / 1000).toFixed(1)} s: signature did not verify`) },
      { name: "each dossier's events arrived in seq order", problems: outOfOrder },
      // Under a fault that can repeat one, a repeat is what at-least-once allows: counted in the figures.
      ...(canRepeat ? [] : [{ name: 'no event delivered twice (no fault of this run can cause a repeat)', problems: repeated.map(([id, n]) => `${id} delivered ${n} times`) }]),
    ],
    figures: { events: wanted.size, deliveries: ours.length, repeats: ours.length - seen.size, caughtUpMs },
  };
}
