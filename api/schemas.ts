import { extendZodWithOpenApi } from '@asteasolutions/zod-to-openapi';
import { z } from 'zod';
import { ActionName } from '../domain/actions';
import { Instant } from '../domain/dossier';
import { DossierStatus } from '../domain/status';
import { Role } from '../domain/roles';

extendZodWithOpenApi(z);

/** Request and response bodies of the HTTP API; the OpenAPI document is generated from these. */
export const ErrorBody = z
  .object({ code: z.string(), message: z.string(), details: z.unknown().optional() })
  .openapi('Error');

export const Applicant = z
  .object({
    fullName: z.string().trim().min(1).max(200),
    idNumber: z.string().trim().regex(/^[0-9A-Za-z]{6,20}$/, 'an ID card, passport or business registration number'),
    phone: z.string().trim().regex(/^\+?[0-9 .-]{8,20}$/, 'a phone number'),
    email: z.email().optional(),
    address: z.string().trim().max(500).optional(),
  })
  .strict()
  .openapi('Applicant');
export type Applicant = z.infer<typeof Applicant>;

export const Channel = z.enum(['in_person', 'postal', 'online']);

export const ReceiveDossierBody = z
  .object({
    procedureCode: z.string().min(1),
    applicant: Applicant,
    documents: z.array(z.object({ code: z.string().min(1) }).strict()).max(200),
    authorityUnitId: z.string().min(1).optional().openapi({ description: 'The deciding ward/commune (commune-level procedures).' }),
    returnBranchId: z.string().min(1).optional().openapi({ description: 'Where the result is collected; the receiving unit by default.' }),
    channel: Channel.default('in_person'),
    note: z.string().max(2000).optional(),
  })
  .strict()
  .openapi('ReceiveDossier');
export type ReceiveDossierBody = z.infer<typeof ReceiveDossierBody>;

export const HistoryEntry = z.object({
  seq: z.number().int(),
  status: DossierStatus,
  action: z.string(),
  at: Instant,
  actor: z.object({ sub: z.string(), role: Role, unitId: z.string() }),
  note: z.string().optional(),
});

export const Dossier = z
  .object({
    code: z.string(),
    procedureCode: z.string(),
    procedureName: z.string(),
    departmentId: z.string(),
    receivingBranchId: z.string(),
    returnBranchId: z.string(),
    status: DossierStatus,
    applicant: Applicant,
    documents: z.array(z.object({ code: z.string(), name: z.string() })),
    receivedAt: Instant,
    dueAt: Instant,
    originalDueAt: Instant,
    assignee: z.string().optional(),
    outcome: z.enum(['approved', 'refused']).optional(),
    resultReadyAt: Instant.optional(),
    returnedAt: Instant.optional(),
    overdue: z.boolean(),
    dueSoon: z.boolean(),
    timeliness: z.enum(['early', 'on_time', 'late']).optional(),
    nationalStatus: z.number().int(),
    history: z.array(HistoryEntry).optional(),
  })
  .openapi('Dossier');
export type Dossier = z.infer<typeof Dossier>;

export const CreatedDossier = Dossier.extend({
  lookupPin: z.string().optional().openapi({ description: 'Printed on the receipt; shown once.' }),
}).openapi('CreatedDossier');

export const DossierList = z.object({ items: z.array(Dossier), nextCursor: z.string().nullable() }).openapi('DossierList');

const booleanQuery = z.enum(['true', 'false']).transform((v) => v === 'true');

export const DossierListQuery = z
  .object({
    status: DossierStatus.optional(),
    branchId: z.string().optional(),
    departmentId: z.string().optional(),
    procedureCode: z.string().optional(),
    overdue: booleanQuery.optional(),
    limit: z.coerce.number().int().min(1).max(200).default(50),
    cursor: z.string().optional(),
  })
  .strict();

export const ActionPath = z.object({ code: z.string(), action: ActionName });

export const Task = z
  .object({
    id: z.string(),
    dossierCode: z.string(),
    kind: z.string(),
    unitId: z.string(),
    assignee: z.string().optional(),
    createdAt: Instant,
    dueAt: Instant.nullable(),
  })
  .openapi('Task');

export const Branch = z
  .object({ id: z.string(), name: z.string(), kind: z.enum(['branch', 'reception_point']), parentId: z.string().optional() })
  .openapi('Branch');
export const Department = z.object({ id: z.string(), name: z.string() }).openapi('Department');
export const ProcedureSummary = z
  .object({
    code: z.string(),
    name: z.string(),
    departmentId: z.string().nullable(),
    processingTime: z.object({ value: z.number(), unit: z.enum(['working_days', 'working_hours', 'calendar_days']) }),
    requiredDocuments: z.array(z.object({ code: z.string(), name: z.string() })),
    authorityLevel: z.enum(['city', 'commune']),
    cutoff: z.string().nullable(),
    legalBasis: z.string(),
  })
  .openapi('Procedure');

export const HolidaysQuery = z.object({ year: z.coerce.number().int().min(2000).max(2100) }).strict();
export const Holidays = z
  .object({ holidays: z.array(z.object({ date: z.string(), name: z.string() })), makeUpWorkingDays: z.array(z.string()) })
  .openapi('Holidays');

export const DueDateQuery = z
  .object({
    receivedAt: Instant,
    procedureCode: z.string().optional(),
    workingDays: z.coerce.number().min(0).max(3650).optional(),
  })
  .strict()
  .refine((q) => (q.procedureCode === undefined) !== (q.workingDays === undefined), {
    message: 'give exactly one of procedureCode and workingDays',
  });

export const PublicLookupQuery = z.object({ pin: z.string().min(1).max(32) }).strict();
export const PublicDossier = z
  .object({
    code: z.string(),
    procedureName: z.string(),
    status: DossierStatus,
    statusText: z.object({ vi: z.string(), en: z.string() }),
    receivedAt: Instant,
    dueAt: Instant,
    resultReadyAt: Instant.optional(),
    returnedAt: Instant.optional(),
    history: z.array(z.object({ status: DossierStatus, at: Instant })),
  })
  .openapi('PublicDossier');
