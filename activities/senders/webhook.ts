import { Webhook } from 'standardwebhooks';
import type { WebhookSecret } from '../../db/destinations';
import type { Outgoing, SendResult, Sender } from '../deliveries';

/** How long a consumer has to answer (Standard Webhooks: 15–30 s). */
const TIMEOUT_MS = 15_000;
/** What the admin view keeps of an answer. */
const KEPT_RESPONSE = 2_000;

/** The secrets that sign now: the current one and any rotated out less than their grace period ago. */
export function signingSecrets(secrets: readonly WebhookSecret[], now: Date): WebhookSecret[] {
  return secrets.filter((s) => !s.expiresAt || new Date(s.expiresAt) > now);
}

/**
 * Standard Webhooks v1 headers for a body: `webhook-signature` lists one `v1,<base64 HMAC-SHA256>` per live
 * secret (space-separated), so a consumer that still has the old secret during a rotation verifies too.
 */
export function signedHeaders(id: string, body: string, secrets: readonly WebhookSecret[], now: Date): Record<string, string> {
  const signatures = signingSecrets(secrets, now).map((s) => new Webhook(s.secret).sign(id, now, body));
  return {
    'content-type': 'application/json',
    'user-agent': 'Motcua-Webhooks/1',
    'webhook-id': id,
    'webhook-timestamp': String(Math.floor(now.getTime() / 1000)),
    'webhook-signature': signatures.join(' '),
  };
}

/**
 * Posts an event to a webhook endpoint, signed. Any 2xx is delivered; 410 disables the endpoint; redirects
 * are not followed (a 3xx is a failure); 429 and 503 may say when to come back (Retry-After).
 */
export const webhookSender: Sender = {
  async send(o: Outgoing): Promise<SendResult> {
    const body = JSON.stringify({ type: o.message.type, timestamp: o.message.timestamp, data: o.message.data });
    const headers = signedHeaders(o.message.id, body, o.destination.secrets, new Date());
    const request = { method: 'POST', url: o.destination.url, headers: { ...headers, 'webhook-signature': '(signed)' }, body: JSON.parse(body) as unknown };
    let res: Response;
    try {
      res = await fetch(o.destination.url!, { method: 'POST', headers, body, redirect: 'manual', signal: AbortSignal.timeout(TIMEOUT_MS) });
    } catch (err) {
      const cause = err instanceof Error && err.cause instanceof Error ? `: ${err.cause.message}` : '';
      return { ok: false, request, responseStatus: null, error: `${err instanceof Error ? err.message : String(err)}${cause}` };
    }
    const text = await res.text().catch(() => '');
    const ok = res.status >= 200 && res.status < 300;
    return {
      ok,
      gone: res.status === 410,
      request,
      responseStatus: res.status,
      responseBody: text.slice(0, KEPT_RESPONSE),
      ...(ok ? {} : { error: `HTTP ${res.status}` }),
      ...retryAfter(res),
    };
  },
};

function retryAfter(res: Response): { retryAfterMs?: number } {
  if (res.status !== 429 && res.status !== 503 && res.status !== 502 && res.status !== 504) return {};
  const value = res.headers.get('retry-after');
  if (!value) return {};
  const seconds = Number(value);
  const ms = Number.isFinite(seconds) ? seconds * 1000 : new Date(value).getTime() - Date.now();
  // Bounded: a consumer cannot park its deliveries for more than a day with one answer.
  return ms > 0 ? { retryAfterMs: Math.min(ms, 24 * 3600_000) } : {};
}
