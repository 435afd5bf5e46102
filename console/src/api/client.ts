import createClient, { type Middleware } from 'openapi-fetch';
import type { paths } from './schema';

/**
 * The typed client of Motcua's API (types generated from the served OpenAPI document). Same origin, the session
 * cookie; every unsafe method carries the session's CSRF token (from sign-in, or GET /api/v1/auth/csrf).
 * Errors come back as ApiError: the API's machine-readable `code` and its human message.
 */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly details?: unknown,
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

let csrfToken: string | null = null;
export function setCsrfToken(token: string | null): void {
  csrfToken = token;
}

async function ensureCsrf(): Promise<string | null> {
  if (csrfToken) return csrfToken;
  const res = await fetch('/api/v1/auth/csrf', { credentials: 'same-origin' });
  if (!res.ok) return null;
  csrfToken = ((await res.json()) as { csrfToken: string }).csrfToken;
  return csrfToken;
}

const UNSAFE = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

const csrf: Middleware = {
  async onRequest({ request }) {
    if (!UNSAFE.has(request.method) || request.url.endsWith('/api/v1/auth/login')) return request;
    const token = await ensureCsrf();
    if (token) request.headers.set('X-CSRF-Token', token);
    return request;
  },
};

export const api = createClient<paths>({ baseUrl: '', credentials: 'same-origin' });
api.use(csrf);

/** The API's error body (api/errors.ts): { code, message, details? }. */
interface ErrorBody {
  code?: string;
  message?: string;
  details?: unknown;
}

/** The error the API sent, in its own words; a network failure or a non-JSON answer gets words of its own. */
export async function errorOf(response: Response | undefined, body: unknown): Promise<ApiError> {
  const b = (body ?? {}) as ErrorBody;
  const code = b.code ?? (response ? `http_${response.status}` : 'network');
  const message = b.message ?? (response ? `${response.status} ${response.statusText}` : 'network error');
  if (response?.status === 403 && code === 'csrf_failed') csrfToken = null;
  return new ApiError(response?.status ?? 0, code, message, b.details);
}

/** Unwraps openapi-fetch's { data, error, response }: the data, or an ApiError thrown. */
export async function unwrap<T>(call: Promise<{ data?: T; error?: unknown; response: Response }>): Promise<T> {
  let result: { data?: T; error?: unknown; response: Response };
  try {
    result = await call;
  } catch (e) {
    throw new ApiError(0, 'network', e instanceof Error ? e.message : String(e));
  }
  if (result.error !== undefined || !result.response.ok) throw await errorOf(result.response, result.error);
  return result.data as T;
}

/** A fresh idempotency key for one press of a button (a retry of the same press reuses it). */
export function idempotencyKey(): string {
  return crypto.randomUUID();
}
