import type { Knex } from 'knex';
import { upsertCatalogue } from '../catalogue';
import { calendarYears, procedures, units } from './catalogue-data';

/** The catalogue every installation starts with (idempotent). */
export function seedCatalogue(db: Knex): Promise<void> {
  return upsertCatalogue(db, { units, procedures, calendarYears });
}
