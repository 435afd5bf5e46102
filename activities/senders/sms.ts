/**
 * SMS to applicants through a provider. Operators differ (brand-name SMS gateways of Viettel, VNPT, MobiFone,
 * aggregators), so the sender sees only this interface; `httpSmsProvider` is the generic one.
 *
 * A provider must not log the number or the text, and its errors must not carry them: an error's message is
 * kept in the delivery's attempts and may reach Temporal's history.
 */
export interface SmsProvider {
  /**
   * Sends one text to one number (E.164, `+84…`). `reference` is the same on every retry of the same message,
   * for a provider that drops repeats. Resolves with the provider's id of the message when it accepted it;
   * rejects with an `SmsError` otherwise (the delivery is retried).
   */
  send(to: string, text: string, reference: string): Promise<{ id?: string }>;
}

export class SmsError extends Error {
  constructor(
    message: string,
    /** The provider's answer (HTTP status), when there was one. */
    readonly status: number | null,
  ) {
    super(message);
    this.name = 'SmsError';
  }
}

const TIMEOUT_MS = 15_000;

/**
 * A provider reached by HTTP: `POST url` with `Authorization: Bearer <key>`, `Idempotency-Key: <reference>` and
 * the JSON body `{ "to": "+84…", "text": "…", "reference": "…" }`; any 2xx is accepted (`{ "id": "…" }` in the
 * answer is kept if present). An adapter in front of an operator's own API speaks this.
 */
export function httpSmsProvider(opts: { url: string; key: string }): SmsProvider {
  return {
    async send(to, text, reference) {
      let res: Response;
      try {
        res = await fetch(opts.url, {
          method: 'POST',
          headers: { 'content-type': 'application/json', authorization: `Bearer ${opts.key}`, 'idempotency-key': reference },
          body: JSON.stringify({ to, text, reference }),
          redirect: 'manual',
          signal: AbortSignal.timeout(TIMEOUT_MS),
        });
      } catch (err) {
        // fetch's errors name the URL's host at most, never the body.
        const cause = err instanceof Error && err.cause instanceof Error ? `: ${err.cause.message}` : '';
        throw new SmsError(`SMS provider unreachable: ${err instanceof Error ? err.message : String(err)}${cause}`, null);
      }
      // The answer's body is not kept: a provider may echo the number.
      const body = await res.text().catch(() => '');
      if (res.status < 200 || res.status >= 300) throw new SmsError(`SMS provider answered HTTP ${res.status}`, res.status);
      try {
        const id = (JSON.parse(body) as { id?: unknown }).id;
        return typeof id === 'string' || typeof id === 'number' ? { id: String(id) } : {};
      } catch {
        return {};
      }
    },
  };
}
