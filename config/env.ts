import { z } from 'zod';

/** The process environment the API and the worker read (api-contract.md, "Running it"). */
export const Env = z.object({
  PORT: z.coerce.number().int().positive().default(3000),
  DATABASE_URL: z.string().min(1),
  TEMPORAL_ADDRESS: z.string().min(1).default('localhost:7233'),
  TEMPORAL_NAMESPACE: z.string().min(1).default('default'),
  TASK_QUEUE: z.string().min(1).default('dossiers'),
  AUTH_JWT_SECRET: z.string().min(16).optional(),
  /** How long an API call may wait on Temporal before answering 503. */
  TEMPORAL_CALL_TIMEOUT_MS: z.coerce.number().int().positive().default(10_000),
  /**
   * Dossier workflows a worker keeps in memory (about 2 MiB each, measured by `npm run bench -- --open`); the
   * others are replayed from their history when next woken (an action, a timer). Bounds the worker's memory
   * whatever the number of open dossiers; the SDK's own default grows with the heap limit (~2,300 here).
   */
  WORKER_MAX_CACHED_WORKFLOWS: z.coerce.number().int().min(2).max(100_000).default(1000),
  /** How often each API process looks for a read model that got ahead of its workflow (and rebuilds it). */
  RECONCILE_INTERVAL_MS: z.coerce.number().int().positive().default(60_000),
  /** Due soon this many working days before the appointment (domain.md §4 "Escalation"). */
  DUE_SOON_WORKING_DAYS: z.coerce.number().int().min(0).max(30).default(2),
  /** Sessions (issue 10): signed out after this long without a request, and this long after sign-in whatever happens. */
  SESSION_IDLE_SECONDS: z.coerce.number().int().positive().default(30 * 60),
  SESSION_ABSOLUTE_SECONDS: z.coerce.number().int().positive().default(12 * 3600),
  /** Demo staff of the embedded default (api-contract.md "Demo data"): "false" turns them off; production never seeds. */
  DEMO_SEED: z.enum(['true', 'false']).default('true'),
  DEMO_PASSWORD: z.string().min(1).default('motcua-demo'),
  /** OIDC sign-in (issue 10): the provider's issuer URL; with it the client id and secret are required. */
  OIDC_ISSUER: z.url().optional(),
  OIDC_CLIENT_ID: z.string().min(1).optional(),
  OIDC_CLIENT_SECRET: z.string().min(1).optional(),
  /** The callback URL registered with the provider; default PUBLIC_URL + /auth/oidc/callback. */
  OIDC_REDIRECT_URL: z.url().optional(),
  /** Where browsers reach this API (https://motcua.example.vn); default http://localhost:PORT. */
  PUBLIC_URL: z.url().optional(),
  /** Where the receipt's QR code and the applicant's messages send citizens to look a dossier up (`{code}` replaced). */
  PUBLIC_LOOKUP_URL: z.string().min(1).optional(),
  /** Messages to the applicant (README "Messages to the applicant"): e-mail through this SMTP server (smtp://user:pass@host:587, smtps://…). */
  SMTP_URL: z.url().optional(),
  /** The sender of those e-mails ("Trung tâm PVHCC Hà Nội <khongtraloi@example.vn>"); required with SMTP_URL. */
  MAIL_FROM: z.string().min(3).optional(),
  /** SMS through an HTTP provider (activities/senders/sms.ts): its URL and bearer key (required with the URL). */
  SMS_PROVIDER_URL: z.url().optional(),
  SMS_PROVIDER_KEY: z.string().min(1).optional(),
  /** The national portal (README, "National portal"): its address turns the adapter on; the rest is its sign-in. */
  PORTAL_URL: z.url({ protocol: /^https?$/ }).optional(),
  PORTAL_AUTH_PATH: z.string().startsWith('/').default('/auth'),
  PORTAL_USERNAME: z.string().default(''),
  PORTAL_PASSWORD: z.string().default(''),
  PORTAL_DSTCODE: z.string().default(''),
  PORTAL_TIMEOUT_MS: z.coerce.number().int().positive().default(30_000),
  NODE_ENV: z.string().optional(),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
});
export type Env = z.infer<typeof Env>;

export const DEV_JWT_SECRET = 'motcua-development-secret-do-not-use-in-production';

export function readEnv(source: NodeJS.ProcessEnv = process.env): Env {
  return Env.parse(source);
}

export function jwtSecret(env: Env): { secret: string; isDevDefault: boolean } {
  return env.AUTH_JWT_SECRET ? { secret: env.AUTH_JWT_SECRET, isDevDefault: false } : { secret: DEV_JWT_SECRET, isDevDefault: true };
}

/** The OIDC settings, when OIDC_ISSUER is set; a half-configured provider stops the process with a clear message. */
export function oidcConfig(env: Env): { issuer: string; clientId: string; clientSecret: string; redirectUrl: string } | undefined {
  if (!env.OIDC_ISSUER) return undefined;
  if (!env.OIDC_CLIENT_ID || !env.OIDC_CLIENT_SECRET) throw new Error('OIDC_ISSUER is set: OIDC_CLIENT_ID and OIDC_CLIENT_SECRET are needed too.');
  if (env.OIDC_ISSUER.includes('|')) throw new Error('OIDC_ISSUER must not contain "|" (it separates the issuer from the subject in staff records).');
  const publicUrl = (env.PUBLIC_URL ?? `http://localhost:${env.PORT}`).replace(/\/+$/, '');
  return { issuer: env.OIDC_ISSUER, clientId: env.OIDC_CLIENT_ID, clientSecret: env.OIDC_CLIENT_SECRET, redirectUrl: env.OIDC_REDIRECT_URL ?? `${publicUrl}/auth/oidc/callback` };
}

export interface ApplicantMessagesConfig {
  smtp?: { url: string; from: string };
  sms?: { url: string; key: string };
  lookupUrlTemplate?: string;
}

/**
 * The applicant's messages, when a channel is configured (SMTP_URL or SMS_PROVIDER_URL); undefined otherwise
 * (nothing is sent). A channel configured by half stops the process with a clear message.
 */
export function applicantMessagesConfig(env: Env): ApplicantMessagesConfig | undefined {
  if (!env.SMTP_URL && !env.SMS_PROVIDER_URL) return undefined;
  if (env.SMTP_URL && !env.MAIL_FROM) throw new Error('SMTP_URL is set: MAIL_FROM (the sender of the applicant\'s e-mails) is needed too.');
  if (env.SMS_PROVIDER_URL && !env.SMS_PROVIDER_KEY) throw new Error('SMS_PROVIDER_URL is set: SMS_PROVIDER_KEY is needed too.');
  const lookup = env.PUBLIC_LOOKUP_URL ?? (env.PUBLIC_URL ? `${env.PUBLIC_URL.replace(/\/+$/, '')}/tra-cuu?code={code}` : undefined);
  return {
    ...(env.SMTP_URL ? { smtp: { url: env.SMTP_URL, from: env.MAIL_FROM! } } : {}),
    ...(env.SMS_PROVIDER_URL ? { sms: { url: env.SMS_PROVIDER_URL, key: env.SMS_PROVIDER_KEY! } } : {}),
    ...(lookup ? { lookupUrlTemplate: lookup } : {}),
  };
}

/** The national portal adapter's settings, when PORTAL_URL is set. */
export function portalConfig(env: Env): { url: string; authPath: string; username: string; password: string; dstcode: string; timeoutMs: number } | undefined {
  if (!env.PORTAL_URL) return undefined;
  return { url: env.PORTAL_URL, authPath: env.PORTAL_AUTH_PATH, username: env.PORTAL_USERNAME, password: env.PORTAL_PASSWORD, dstcode: env.PORTAL_DSTCODE, timeoutMs: env.PORTAL_TIMEOUT_MS };
}
