import { z } from 'zod';
import { EVENT_CURSOR, EventType } from '../domain/integration-events';
import { Identifier, line } from '../domain/text';
import { integerParam } from './schemas'; // (which also extends zod with .openapi())

/** Webhooks and the event feed (api-contract.md, "Integrations"): bodies and answers. */

const TYPE_PATTERN = EventType.options.map((t) => t.replace(/\./g, '\\.')).join('|');

/** An endpoint's address: http(s), no credentials in it, no fragment. */
export const WebhookUrl = z
  .url({ protocol: /^https?$/ })
  .max(2000)
  .refine((u) => {
    try {
      const url = new URL(u);
      return !url.username && !url.password && !url.hash;
    } catch {
      return false; // not a URL at all: the check above says so already
    }
  }, 'an http(s) address without credentials or fragment')
  .openapi({ example: 'https://department.example.gov.vn/motcua/webhooks' });

export const CreateWebhookBody = z
  .object({
    url: WebhookUrl,
    events: z.array(EventType).min(1).max(EventType.options.length).openapi({ description: 'The event types this endpoint receives' }),
    description: line(500).optional(),
    unitIds: z
      .array(Identifier)
      .min(1)
      .max(100)
      .optional()
      .openapi({ description: 'Only dossiers received, returned or decided in one of these units (a department’s system: its own); absent: every dossier' }),
  })
  .strict();

export const UpdateWebhookBody = z
  .object({
    url: WebhookUrl.optional(),
    events: z.array(EventType).min(1).max(EventType.options.length).optional(),
    description: line(500).nullable().optional(),
    enabled: z.boolean().optional().openapi({ description: 'Re-enable an endpoint disabled by a 410, or pause one' }),
    unitIds: z.array(Identifier).min(1).max(100).nullable().optional().openapi({ description: 'Only these units’ dossiers; null: every dossier' }),
  })
  .strict();

export const WebhookPath = z.object({ id: z.uuid() });
export const DeliveryPath = z.object({ id: z.uuid(), deliveryId: z.uuid() });

export const Webhook = z
  .object({
    id: z.uuid(),
    url: z.string(),
    events: z.array(EventType),
    unitIds: z.array(z.string()).nullable(),
    description: z.string().nullable(),
    enabled: z.boolean(),
    disabledReason: z.string().nullable(),
    createdAt: z.string(),
    updatedAt: z.string(),
  })
  .openapi('Webhook');

export const WebhookWithSecret = Webhook.extend({
  secret: z.string().openapi({ description: 'whsec_…: shown once; sign-verification key (Standard Webhooks)' }),
}).openapi('WebhookWithSecret');

export const RotateSecretBody = z
  .object({
    graceHours: z.number().int().min(0).max(168).optional().openapi({ description: 'How long the old secret still signs beside the new one (default 24)' }),
  })
  .strict();

export const DeliveryAttempt = z.object({
  at: z.string(),
  request: z.unknown(),
  responseStatus: z.number().int().nullable(),
  responseBody: z.string().nullable(),
  error: z.string().nullable(),
  durationMs: z.number().int(),
});

export const Delivery = z
  .object({
    id: z.uuid(),
    webhookId: z.string().openapi({ description: 'The message id (`webhook-id` header)' }),
    type: EventType,
    dossierCode: z.string(),
    seq: z.number().int(),
    status: z.enum(['pending', 'delivered', 'failed']),
    attempts: z.array(DeliveryAttempt),
    createdAt: z.string(),
    deliveredAt: z.string().nullable(),
  })
  .openapi('Delivery');

export const DeliveriesQuery = z
  .object({
    status: z.enum(['pending', 'delivered', 'failed']).optional(),
    limit: integerParam(1, 200).optional(),
    before: z.uuid().optional().openapi({ description: 'Older than this delivery (the previous page’s last id)' }),
  })
  .strict();

export const EventsQuery = z
  .object({
    after: z
      .string()
      .regex(EVENT_CURSOR, 'a cursor: the previous page’s nextCursor')
      .optional()
      .openapi({ description: 'The previous page’s `nextCursor`; absent: from the first event' }),
    types: z
      .string()
      .max(2000)
      .regex(new RegExp(`^(${TYPE_PATTERN})(,(${TYPE_PATTERN}))*$`), 'comma-separated event types')
      .optional()
      .openapi({ description: 'Comma-separated event types (e.g. dossier.received,dossier.returned)' }),
    limit: integerParam(1, 500).optional(),
  })
  .strict();

export const EventMessage = z
  .object({
    id: z.string().openapi({ description: 'The same as the webhook-id of its deliveries' }),
    type: EventType,
    timestamp: z.string(),
    data: z.record(z.string(), z.unknown()).openapi({ description: '{ code, status, nationalStatus, seq, at, … }: codes and statuses, never personal data' }),
  })
  .openapi('Event');

export const EventPage = z.object({ items: z.array(EventMessage), nextCursor: z.string() }).openapi('EventPage');
