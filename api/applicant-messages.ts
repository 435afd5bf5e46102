import { APPLICANT_EVENT_TYPES } from '../domain/applicant-messages';
import type { BuiltInDestination } from './destinations';

/**
 * The built-in destination of the applicant's messages (README "Messages to the applicant"): the API keeps it
 * when a channel is configured (api/destinations.ts ensureDestinations); the worker sends.
 */
export const APPLICANT_MESSAGES: BuiltInDestination = {
  id: 'applicant-messages',
  kind: 'applicant',
  url: null,
  description: 'Messages to the applicant (e-mail, SMS), in Vietnamese',
  eventTypes: APPLICANT_EVENT_TYPES,
};
