import crypto from 'node:crypto';
import { z } from 'zod';
import { ActionBody } from '../domain/actions';
import type { Actor } from '../domain/roles';
import { eachLimited } from '../ops/each-limited';
import { DossierCode } from '../domain/text';
import { performAction } from './actions';
import type { AppContext } from './context';
import { toHttpError } from './errors';

const Codes = z
  .array(DossierCode)
  .min(1)
  .max(200)
  .refine((codes) => new Set(codes).size === codes.length, 'each dossier code once');

/** Reassign many dossiers to one officer (a colleague away, a leaver's queue): the action's body and the codes. */
export const BulkReassignBody = ActionBody.reassign.extend({ codes: Codes }).strict();
/** Release many dossiers back to their department's unassigned queue. */
export const BulkReleaseBody = ActionBody.release.extend({ codes: Codes }).strict();

/** One dossier's result: 200 when the action was applied, otherwise the status and error it alone got. */
export const BulkResult = z.object({
  code: z.string(),
  status: z.number().int(),
  error: z.object({ code: z.string(), message: z.string() }).optional(),
});
export type BulkResult = z.infer<typeof BulkResult>;

/** How many dossiers' actions run at once: each is a Temporal update and a projection. */
const PARALLEL = 8;

/**
 * The same action on many dossiers, each an ordinary action in its own workflow (performAction: judged by the
 * workflow, exactly once, in its history, with its notifications), one result per dossier in the order given.
 * With an Idempotency-Key, each dossier's action gets a key derived from it and the code, so a repeated bulk
 * request applies nothing twice and answers each dossier as the first time.
 */
export async function bulkAction<A extends 'reassign' | 'release'>(
  ctx: AppContext,
  action: A,
  actor: Actor,
  codes: string[],
  body: ActionBody<A>,
  key: string | undefined,
): Promise<BulkResult[]> {
  const keyed = key ? `bulk:${crypto.createHash('sha256').update(key).digest('hex').slice(0, 32)}` : undefined;
  const results: BulkResult[] = new Array(codes.length);
  await eachLimited(codes, PARALLEL, async (code, i) => {
    try {
      await performAction(ctx, code, action, actor, body, keyed && `${keyed}:${code}`);
      results[i] = { code, status: 200 };
    } catch (err) {
      const e = toHttpError(err);
      results[i] = { code, status: e.status, error: { code: e.code, message: e.message } };
    }
  });
  return results;
}
