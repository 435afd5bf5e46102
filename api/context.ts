import type { Client } from '@temporalio/client';
import type { Knex } from 'knex';
import { createCalendar, type CalendarData, type WorkingCalendar } from '../domain/calendar';
import { loadCalendarData } from '../db/catalogue';
import type { DeliveryRetry } from '../workflows/destination';

export interface ApiConfig {
  namespace: string;
  taskQueue: string;
  jwtSecret: string;
  /** Deadline of every call to Temporal: past it the API answers 503. */
  temporalTimeoutMs: number;
  /** Requests per minute and client address on the public lookup. */
  publicLookupPerMinute: number;
  /** Due soon this many working days before the appointment (domain.md §4; DUE_SOON_WORKING_DAYS, default 2), given to each new dossier's workflow. */
  dueSoonWorkingDays: number;
  /** Sign-in sessions (issue 10); DEFAULT_SESSION_CONFIG when absent. */
  sessions?: SessionConfig;
  /** Sign-in through an OpenID provider (OIDC_ISSUER…); absent: /auth/oidc/* answer 404. */
  oidc?: OidcConfig;
  /** How deliveries to destinations are retried; workflows/destination.ts's DELIVERY_RETRY (three days) when absent (tests shorten it). */
  deliveryRetry?: DeliveryRetry;
}

export interface OidcConfig {
  /** The provider's issuer URL (discovered at first use from its /.well-known/openid-configuration). */
  issuer: string;
  clientId: string;
  clientSecret: string;
  /** This API's /auth/oidc/callback as the provider knows it (OIDC_REDIRECT_URL, or PUBLIC_URL + the path). */
  redirectUrl: string;
}

export interface SessionConfig {
  /** Signed out after this long without a request (SESSION_IDLE_SECONDS). */
  idleMs: number;
  /** Signed out this long after sign-in, whatever happens (SESSION_ABSOLUTE_SECONDS). */
  absoluteMs: number;
  /** Cookies marked Secure even on plain HTTP (production, behind TLS termination); always on a request that came over https. */
  secureCookies: boolean;
}

export const DEFAULT_SESSION_CONFIG: SessionConfig = { idleMs: 30 * 60_000, absoluteMs: 12 * 3600_000, secureCookies: false };

export interface AppContext {
  db: Knex;
  client: Client;
  config: ApiConfig;
  calendar: CalendarStore;
}

/**
 * The working calendar as PostgreSQL has it: reloaded at once when this process changes it, and at most a
 * minute late when another one does.
 */
export class CalendarStore {
  private cached?: { data: CalendarData; calendar: WorkingCalendar; loadedAt: number; stamp: string };
  constructor(
    private readonly db: Knex,
    private readonly maxAgeMs = 60_000,
  ) {}

  /**
   * The working calendar, as loaded at most a minute ago. `fresh`: as it is in PostgreSQL now (one small read
   * of the years' load stamps) — what a receipt needs when several API processes run: a year loaded through
   * another one must be in the appointment and the workflow's calendar at once, not a minute later, or the
   * dossier would miss the load's fan-out.
   */
  async current(opts: { fresh?: boolean } = {}): Promise<{ data: CalendarData; calendar: WorkingCalendar }> {
    let cached = this.cached && Date.now() - this.cached.loadedAt <= this.maxAgeMs ? this.cached : undefined;
    const stamp = !cached || opts.fresh ? await this.stamp() : cached.stamp;
    if (!cached || stamp !== cached.stamp) {
      // The stamp is read before the days: a load committed in between is seen again at the next fresh read.
      const data = await loadCalendarData(this.db);
      // Calendars never run out: a later year is proposed (provisional); a year before the first loaded one, or
      // past what the lunar astronomy covers, is refused (422 calendar_year_unknown), never guessed.
      cached = { data, calendar: createCalendar(data, { beyondKnownYears: 'propose-later' }), loadedAt: Date.now(), stamp };
      this.cached = cached;
    }
    return cached;
  }

  invalidate(): void {
    this.cached = undefined;
  }

  /** Every load of a year (re)writes its calendar_years row: their count and latest load time say whether anything changed. */
  private async stamp(): Promise<string> {
    const row: { n: number; at: Date | null } = await this.db('calendar_years').first(this.db.raw('count(*)::int as n'), this.db.raw('max(loaded_at) as at'));
    return `${row.n}:${row.at ? new Date(row.at).toISOString() : ''}`;
  }
}
