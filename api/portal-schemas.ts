import { z } from 'zod';
import { Instant } from '../domain/dossier';
import { MappedStatus } from '../domain/national-portal';
import { Role } from '../domain/roles';
import { CivilDate, Identifier, line, RequestInstant, text } from '../domain/text';
import { Applicant, integerParam } from './schemas'; // (which also extends zod with .openapi())

/** The national portal's API (README, "National portal"): the status mapping and the online submissions. */

export const MappingQuery = z.object({ on: CivilDate.optional().openapi({ description: 'The mapping in force that day (default: today, Asia/Ho_Chi_Minh)' }) }).strict();
export const MappingPath = z.object({ status: MappedStatus });

export const MappingChangeBody = z
  .object({
    nationalCode: z.number().int().min(0).max(99),
    validFrom: CivilDate.meta({ description: 'From this day on (today or later; a row’s own day amends it)' }),
    note: text(1000).optional().openapi({ description: 'Why: the text that changed the codes' }),
  })
  .strict()
  .openapi('NationalStatusMappingChange');

const Who = z.object({ sub: z.string(), role: Role, unitId: z.string() });

export const MappingEntry = z
  .object({
    status: MappedStatus,
    nationalCode: z.number().int(),
    validFrom: z.string(),
    validTo: z.string().nullable(),
    note: z.string().nullable(),
    createdBy: Who,
    createdAt: z.string(),
  })
  .openapi('NationalStatusMapping');

export const MappingHistory = z.object({ status: MappedStatus, rows: z.array(MappingEntry) }).openapi('NationalStatusMappingHistory');

/** The portal's reference of a dossier (its MaHoSo). */
export const PortalReference = z.string().regex(/^[A-Za-z0-9_.-]{3,100}$/, 'letters, digits and _ . - (3 to 100)');

export const SubmissionBody = z
  .object({
    reference: PortalReference.meta({ description: 'The portal’s MaHoSo: the same on every repeat, and the dossier’s MaHoSo once it is received' }),
    procedureCode: Identifier,
    receivingUnitId: Identifier.meta({ description: 'The branch or reception point the applicant chose' }),
    returnBranchId: Identifier.optional(),
    applicant: Applicant,
    documents: z
      .array(z.object({ code: Identifier, name: line(300).optional(), url: z.url({ protocol: /^https?$/ }).max(2000).optional() }).strict())
      .max(200),
    note: text(2000).optional(),
    submittedAt: RequestInstant.meta({ description: 'When the applicant submitted it on the portal' }),
  })
  .strict()
  .openapi('OnlineSubmissionRequest');
export type SubmissionBody = z.infer<typeof SubmissionBody>;

export const SubmissionStatus = z.enum(['submitted', 'received', 'guided', 'refused']);

export const Submission = z
  .object({
    id: z.uuid(),
    reference: z.string(),
    status: SubmissionStatus,
    nationalStatus: z.number().int().openapi({ description: 'The national code of its state today (1 while waiting, 3 refused, 5 guided; a received one: its dossier’s)' }),
    procedureCode: z.string(),
    procedureName: z.string(),
    receivingUnitId: z.string(),
    returnBranchId: z.string().optional(),
    applicant: Applicant,
    documents: z.array(z.object({ code: z.string(), name: z.string().optional(), url: z.string().optional() })),
    note: z.string().optional(),
    submittedAt: Instant,
    createdAt: Instant,
    dossierCode: z.string().optional(),
    guidanceId: z.string().optional(),
    refusalId: z.string().optional(),
    handledBy: Who.optional(),
    handledAt: Instant.optional(),
  })
  .openapi('OnlineSubmission');
export type Submission = z.infer<typeof Submission>;

export const SubmissionListQuery = z
  .object({
    status: SubmissionStatus.optional(),
    limit: integerParam(1, 500).optional(),
  })
  .strict();
export const SubmissionPath = z.object({ id: z.uuid() });
