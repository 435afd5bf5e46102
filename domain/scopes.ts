import { z } from 'zod';

/**
 * What a service account (a department's or ward's own system, role `system`) may do, granted by an admin
 * when it is created: people have no scopes, their role says it all. A system caller without the scope an
 * endpoint needs gets 403 `forbidden`; within a scope, the role's rules (domain/actions.ts) still apply.
 */
export const ServiceScope = z.enum([
  /** Read its unit's dossiers and tasks (lists, a dossier with its history, the printed forms). */
  'dossiers:read',
  /** Act on its unit's dossiers through the action endpoints, as its officers do (ACTION_RULES). */
  'dossiers:act',
  /** Report progress on its unit's dossiers (POST /dossiers/{code}/progress). */
  'progress:write',
  /** Poll the event feed of its unit's dossiers. */
  'events:read',
  /** Hand in online submissions (the national portal). */
  'submissions:write',
]);
export type ServiceScope = z.infer<typeof ServiceScope>;

/** Scopes as OAuth 2.0 writes them: one string, separated by spaces (RFC 6749 §3.3). */
export function formatScopes(scopes: readonly ServiceScope[]): string {
  return [...scopes].sort().join(' ');
}

/** The scopes of a `scope` claim, or null when it names one this API does not know. */
export function parseScopes(claim: string): ServiceScope[] | null {
  const parts = claim.split(' ').filter((s) => s.length > 0);
  const parsed = z.array(ServiceScope).safeParse(parts);
  return parsed.success ? parsed.data : null;
}
