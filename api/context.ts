import type { Client } from '@temporalio/client';
import type { Knex } from 'knex';
import { createCalendar, type CalendarData, type WorkingCalendar } from '../domain/calendar';
import { loadCalendarData } from '../db/catalogue';

export interface ApiConfig {
  namespace: string;
  taskQueue: string;
  jwtSecret: string;
  /** Deadline of every call to Temporal: past it the API answers 503. */
  temporalTimeoutMs: number;
  /** Requests per minute and client address on the public lookup. */
  publicLookupPerMinute: number;
}

export interface AppContext {
  db: Knex;
  client: Client;
  config: ApiConfig;
  calendar: CalendarStore;
}

/** The working calendar as PostgreSQL has it, reloaded when an admin changes it. */
export class CalendarStore {
  private cached?: { data: CalendarData; calendar: WorkingCalendar };
  constructor(private readonly db: Knex) {}

  async current(): Promise<{ data: CalendarData; calendar: WorkingCalendar }> {
    if (!this.cached) {
      const data = await loadCalendarData(this.db);
      this.cached = { data, calendar: createCalendar(data) };
    }
    return this.cached;
  }

  invalidate(): void {
    this.cached = undefined;
  }
}
