import { z } from 'zod';
import { Instant } from '../domain/dossier';
import { Role } from '../domain/roles';
import { Identifier, text } from '../domain/text';
import { Applicant, Channel, OnlineSubmissionId } from './schemas';

/** Reception's other outcomes (Forms 02 and 03): request bodies and records; the OpenAPI document shows them. */

const Brought = z.array(z.object({ code: Identifier }).strict()).max(200);

export const GuidanceBody = z
  .object({
    procedureCode: Identifier,
    applicant: Applicant,
    documents: Brought.openapi({ description: 'The components the applicant brought; the missing ones are computed from the procedure.' }),
    conditionalApplies: z
      .array(Identifier)
      .max(200)
      .default([])
      .openapi({ description: 'The conditional components the clerk found applicable (codes): missing ones are listed like the mandatory ones.' }),
    channel: Channel.default('in_person'),
    note: text(2000).optional().openapi({ description: 'What else to complete; required when no component is missing.' }),
    onlineSubmissionId: OnlineSubmissionId,
  })
  .strict()
  .openapi('GuidanceRequest');
export type GuidanceBody = z.infer<typeof GuidanceBody>;

export const RefusalBody = z
  .object({
    procedureCode: Identifier,
    applicant: Applicant,
    channel: Channel.default('in_person'),
    reason: text(2000).openapi({ description: 'Why the dossier is not accepted, in words (printed on Form 03).' }),
    onlineSubmissionId: OnlineSubmissionId,
  })
  .strict()
  .openapi('RefusalRequest');
export type RefusalBody = z.infer<typeof RefusalBody>;

const Component = z.object({ code: z.string(), name: z.string() });
const Recorded = {
  id: z.string(),
  procedureCode: z.string(),
  procedureName: z.string(),
  unitId: z.string().openapi({ description: 'The branch or reception point where it was recorded.' }),
  channel: Channel,
  applicant: Applicant,
  createdAt: Instant,
  createdBy: z.object({ sub: z.string(), role: Role, unitId: z.string() }),
  printUrl: z.string().openapi({ description: 'The printable form (text/html).' }),
};

export const Guidance = z
  .object({ ...Recorded, documents: z.array(Component), missing: z.array(Component), note: z.string().optional() })
  .openapi('Guidance');
export type Guidance = z.infer<typeof Guidance>;

export const Refusal = z
  .object({ ...Recorded, reason: z.string(), nationalStatus: z.literal(3).openapi({ description: 'Refused at reception (domain.md §2.10).' }) })
  .openapi('Refusal');
export type Refusal = z.infer<typeof Refusal>;

/** Records are named by a UUID (not guessable; no dossier code). */
export const ReceptionRecordPath = z.object({
  id: z.string().regex(/^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$/, 'a record id (UUID)'),
});
