import cors from 'cors';
import { Router } from 'express';
import helmet from 'helmet';

/**
 * Browsers' side of security: helmet's headers, and a deliberate CORS policy.
 *
 * - Headers: helmet's defaults. Its Content-Security-Policy (`default-src 'self'`, `script-src 'self'`,
 *   inline styles allowed, `img-src 'self' data:`) is what the API reference at /docs needs: swagger-ui
 *   loads its scripts from /docs itself and has no inline script.
 * - CORS: same origin only by default (no `Access-Control-Allow-Origin` at all, so a page of another origin
 *   cannot read any answer). `CORS_ORIGINS` (comma-separated origins, e.g. `https://console.example.vn`)
 *   lets exactly those origins call the API from a browser, with the headers the API reads. Tokens travel
 *   in `Authorization`, never in cookies, so no credentials mode is needed.
 */
export function securityMiddleware(corsOrigins: readonly string[] = corsOriginsFromEnv()): Router {
  const r = Router();
  r.use(helmet());
  if (corsOrigins.length) {
    r.use(
      cors({
        origin: [...corsOrigins],
        methods: ['GET', 'POST', 'PUT'],
        allowedHeaders: ['Authorization', 'Content-Type', 'Idempotency-Key'],
        exposedHeaders: ['RateLimit', 'RateLimit-Policy', 'Retry-After', 'Content-Disposition'],
        maxAge: 600,
      }),
    );
  }
  return r;
}

/** `CORS_ORIGINS`: each entry must be an origin (scheme://host[:port]), or the process refuses to start. */
export function corsOriginsFromEnv(value = process.env.CORS_ORIGINS): string[] {
  if (!value?.trim()) return [];
  return value.split(',').map((raw) => {
    const entry = raw.trim();
    let origin: string | undefined;
    try {
      origin = new URL(entry).origin;
    } catch {
      origin = undefined;
    }
    if (!origin || origin === 'null' || origin !== entry.replace(/\/$/, '')) throw new Error(`CORS_ORIGINS: "${entry}" is not an origin (scheme://host[:port]).`);
    return origin;
  });
}
