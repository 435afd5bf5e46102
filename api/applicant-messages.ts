import { insertDestination } from '../db/destinations';
import { APPLICANT_EVENT_TYPES } from '../domain/applicant-messages';
import type { AppContext } from './context';
import { ensureDelivering } from './destinations';

/** The built-in destination of the applicant's messages (README "Messages to the applicant"). */
export const APPLICANT_MESSAGES_DESTINATION = 'applicant-messages';

/**
 * Creates the applicant's messages' destination (once: from then on it hears of every new event) and makes
 * sure its deliveries run. The API calls it at start when a channel is configured; the worker sends.
 */
export async function ensureApplicantMessages(ctx: AppContext): Promise<void> {
  await insertDestination(ctx.db, {
    id: APPLICANT_MESSAGES_DESTINATION,
    kind: 'applicant',
    url: null,
    description: 'Messages to the applicant (e-mail, SMS), in Vietnamese',
    event_types: [...APPLICANT_EVENT_TYPES],
    secrets: [],
    config: {},
    created_by: 'system',
  });
  // A newer release may tell the applicant of more events: the built-in destination follows the code.
  await ctx.db('destinations')
    .where({ id: APPLICANT_MESSAGES_DESTINATION })
    .whereRaw('not (event_types @> ?::text[] and event_types <@ ?::text[])', [[...APPLICANT_EVENT_TYPES], [...APPLICANT_EVENT_TYPES]])
    .update({ event_types: [...APPLICANT_EVENT_TYPES], updated_at: ctx.db.fn.now() });
  await ensureDelivering(ctx, APPLICANT_MESSAGES_DESTINATION);
}
