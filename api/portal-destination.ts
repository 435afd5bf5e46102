import { PORTAL_EVENT_TYPES } from '../domain/national-portal';
import type { BuiltInDestination } from './destinations';

/**
 * The built-in destination of the national portal (README, "National portal"), at PORTAL_URL: the API keeps it
 * (api/destinations.ts ensureDestinations). The credentials are the worker's (env), not the table's.
 */
export function nationalPortal(url: string): BuiltInDestination {
  return { id: 'national-portal', kind: 'portal', url, description: 'Cổng Dịch vụ công quốc gia (DVCQG)', eventTypes: PORTAL_EVENT_TYPES };
}
