import { insertDestination } from '../db/destinations';
import { PORTAL_EVENT_TYPES } from '../domain/national-portal';
import type { AppContext } from './context';
import { ensureDelivering } from './destinations';

/** The built-in destination of the national portal (README, "National portal"). */
export const NATIONAL_PORTAL_DESTINATION = 'national-portal';

/**
 * Makes sure the portal's destination exists, points at PORTAL_URL, takes every event type, and is delivered
 * to (its workflow runs). Called at the API's start and every minute after (cheap, idempotent), so a Temporal
 * that was down at start is caught up with. The credentials are the worker's (env), not the table's.
 */
export async function ensurePortalDestination(ctx: AppContext, url: string): Promise<void> {
  const d = await insertDestination(ctx.db, {
    id: NATIONAL_PORTAL_DESTINATION,
    kind: 'portal',
    url,
    description: 'Cổng Dịch vụ công quốc gia (DVCQG)',
    event_types: [...PORTAL_EVENT_TYPES],
    secrets: [],
    config: {},
    created_by: 'system',
  });
  if (d.url !== url || d.event_types.length !== PORTAL_EVENT_TYPES.length || PORTAL_EVENT_TYPES.some((t) => !d.event_types.includes(t))) {
    await ctx.db('destinations').where({ id: d.id }).update({ url, event_types: [...PORTAL_EVENT_TYPES], updated_at: ctx.db.fn.now() });
  }
  await ensureDelivering(ctx, d.id);
}
