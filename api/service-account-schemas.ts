import { z } from 'zod';
import { ServiceScope } from '../domain/scopes';
import { Identifier, line } from '../domain/text';
import './schemas'; // extends zod with .openapi()

/** Service accounts and their tokens (issue 12): bodies and answers; the OpenAPI document shows them. */

const Scopes = z
  .array(ServiceScope)
  .min(1)
  .max(ServiceScope.options.length)
  .refine((s) => new Set(s).size === s.length, 'each scope once')
  .openapi({ uniqueItems: true, description: 'What the account may do, each scope once: a system caller without the scope an endpoint needs gets 403 `forbidden`' });

export const ServiceAccountCreateBody = z
  .object({
    name: line(200).openapi({ description: 'Which system this is, e.g. "Department of Construction – permits system"' }),
    unitId: Identifier.meta({ description: 'The unit it acts for: a department, a commune, or the center (422 `role_not_in_unit` for another kind)' }),
    scopes: Scopes,
  })
  .strict()
  .openapi('ServiceAccountCreate');

export const ServiceAccountPatchBody = z
  .object({
    name: line(200).optional(),
    scopes: Scopes.optional(),
    enabled: z.boolean().optional().openapi({ description: 'false stops the account at once: its tokens are refused from the next request, and it gets no new one' }),
  })
  .strict()
  .openapi('ServiceAccountPatch');

export const ServiceAccountPath = z.object({ id: Identifier });

export const ServiceAccountView = z
  .object({
    id: z.string(),
    name: z.string(),
    unitId: z.string(),
    scopes: z.array(ServiceScope),
    enabled: z.boolean(),
    clientId: z.string().openapi({ description: 'The OAuth 2.0 client_id of POST /api/v1/auth/token' }),
    secretCreatedAt: z.string().openapi({ format: 'date-time' }),
    createdBy: z.string(),
    createdAt: z.string().openapi({ format: 'date-time' }),
  })
  .openapi('ServiceAccount');

export const ServiceAccountWithSecret = ServiceAccountView.extend({
  clientSecret: z.string().openapi({ description: 'Shown this once: only its hash is kept' }),
}).openapi('ServiceAccountCredentials');

/**
 * The OAuth 2.0 client-credentials grant (RFC 6749 §4.4), as JSON or a form; the client may authenticate with
 * HTTP Basic instead of the body's client_id and client_secret.
 */
const Secretish = z.string().regex(/^[\x21-\x7e]{1,200}$/, '1 to 200 visible ASCII characters');
export const TokenRequestBody = z
  .object({
    grant_type: z.literal('client_credentials'),
    client_id: Secretish.optional(),
    client_secret: Secretish.optional(),
    scope: z
      .string()
      .regex(new RegExp(`^(${ServiceScope.options.join('|')})( (${ServiceScope.options.join('|')}))*$`), 'scopes separated by spaces')
      .optional()
      .openapi({ description: 'Space-separated; a subset of the account’s scopes (default: all of them; 400 details.reason invalid_scope for one it lacks)' }),
  })
  .strict()
  .openapi('TokenRequest');

export const TokenAnswer = z
  .object({
    access_token: z.string(),
    token_type: z.literal('Bearer'),
    expires_in: z.number().int().openapi({ description: 'Seconds (900)' }),
    scope: z.string().openapi({ description: 'The scopes granted, space-separated' }),
  })
  .openapi('TokenAnswer');
