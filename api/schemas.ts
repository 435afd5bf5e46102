import { extendZodWithOpenApi } from '@asteasolutions/zod-to-openapi';
import { z } from 'zod';
import { ActionName, Outcome } from '../domain/actions';
import { CalendarStatus as DomainCalendarStatus } from '../domain/calendar';
import { AuthorityLevel, Channel, Requirement } from '../domain/catalogue';
import { FeeCollection, TimeUnit } from '../domain/terms';
import { Instant } from '../domain/dossier';
import { FeePaymentBody } from '../domain/fees';
import { DossierStatus } from '../domain/status';
import { Timeliness } from '../domain/timeliness';
import { RECEPTION_UNIT_KINDS, Role } from '../domain/roles';
import { CivilDate, DossierCode, Identifier, line, RequestInstant, text } from '../domain/text';

extendZodWithOpenApi(z);

/** Request and response bodies of the HTTP API; the OpenAPI document is generated from these. */
export const ErrorBody = z
  .object({ code: z.string(), message: z.string(), details: z.unknown().optional() })
  .openapi('Error');

export const Applicant = z
  .object({
    fullName: line(200),
    idNumber: z.string().regex(/^[0-9A-Za-z]{6,20}$/, 'an ID card, passport or business registration number'),
    phone: z
      .string()
      .regex(/^\+?[0-9 .-]{8,20}$/, 'a phone number')
      .overwrite((p) => p.trim()),
    // One pattern for what the API takes as an address (RFC 5321's common subset), read alike everywhere.
    email: z
      .string()
      .max(254)
      .regex(/^[A-Za-z0-9_'+.-]{1,64}@[A-Za-z0-9-]{1,63}(\.[A-Za-z0-9-]{1,63})*\.[A-Za-z]{2,63}$/, 'an email address')
      .optional(),
    address: line(500).optional(),
  })
  .strict()
  .openapi('Applicant');
export type Applicant = z.infer<typeof Applicant>;

export { Channel };

/** The field the receipt, the guidance and the refusal take to handle an online submission (README, "National portal"). */
export const OnlineSubmissionId = z
  .uuid()
  .optional()
  .openapi({ description: 'The online submission from the national portal that this handles: it leaves the queue in the same transaction (a second handling is 409); the dossier’s channel is `online`.' });

export const ReceiveDossierBody = z
  .object({
    procedureCode: Identifier,
    applicant: Applicant,
    documents: z.array(z.object({ code: Identifier }).strict()).max(200),
    conditionalApplies: z
      .array(Identifier)
      .max(200)
      .default([])
      .openapi({ description: 'The conditional components the clerk found applicable (codes); only these and the mandatory ones are required.' }),
    authorityUnitId: Identifier.optional().openapi({ description: 'The deciding ward/commune (commune-level procedures).' }),
    returnBranchId: Identifier.optional().openapi({ description: 'Where the result is collected; the receiving unit by default.' }),
    channel: Channel.default('in_person'),
    note: text(2000).optional(),
    fee: FeePaymentBody.optional().openapi({
      description:
        'The fee paid with the receipt, for a procedure whose fee is collected at reception: the catalogue’s amount (any amount with a note where it varies) and the fee receipt’s number. Left out where it must be paid before processing, the dossier waits in `awaiting_fees`.',
    }),
    onlineSubmissionId: OnlineSubmissionId,
  })
  .strict()
  .openapi('ReceiveDossier');
export type ReceiveDossierBody = z.infer<typeof ReceiveDossierBody>;

export const ImportDossierBody = ReceiveDossierBody.omit({ onlineSubmissionId: true }).extend({
  receivingBranchId: Identifier,
  receivedAt: RequestInstant,
  code: z
    .string()
    .regex(/^[A-Za-z0-9_.-]{3,100}$/, 'letters, digits and _ . - (3 to 100)')
    .optional()
    .openapi({ description: 'The code the previous system gave it.' }),
})
  .strict()
  .openapi('ImportDossier');

export const CalendarYearBody = z
  .object({
    holidays: z.array(z.object({ date: CivilDate, name: line(200) }).strict()).max(366),
    makeUpWorkingDays: z.array(z.object({ date: CivilDate, name: line(200) }).strict()).max(366).default([]),
    source: text(2000),
  })
  .strict()
  .openapi('CalendarYear');

export const HistoryEntry = z.object({
  seq: z.number().int(),
  status: DossierStatus,
  action: z.string(),
  at: Instant,
  actor: z.object({ sub: z.string(), role: Role, unitId: z.string() }),
  onBehalfOf: z.string().optional().openapi({ description: 'The absent colleague the actor acted for, under a delegation' }),
  actorName: z.string().optional().openapi({ description: 'The actor’s name in the staff register (absent for a token that is no person there, and for the system)' }),
  onBehalfOfName: z.string().optional().openapi({ description: 'The absent colleague’s name in the staff register' }),
  note: z.string().optional(),
  actorUnitName: z.string().optional().openapi({ description: 'The name the actor’s unit had on the day of the event (units over time)' }),
  progress: z
    .object({
      step: z.string(),
      publicNote: z.string().optional(),
      reportedAt: Instant.optional().openapi({ description: 'When the department says it did it (the event’s `at` is when it was reported)' }),
    })
    .optional()
    .openapi({ description: 'A progress report (action `progress`): the department’s step; `note` holds its note' }),
});

/** A component of a procedure (domain.md §4 "Components may be conditional"). */
export const ProcedureComponent = z
  .object({
    code: z.string(),
    name: z.string(),
    requirement: Requirement,
    condition: z.string().optional().openapi({ description: 'When a conditional component applies, in words (Vietnamese)' }),
    conditionEn: z.string().optional(),
  })
  .openapi('ProcedureComponent');

/** A component as received; dossiers received before components had a requirement have only code and name. */
const DocumentReceived = z.object({
  code: z.string(),
  name: z.string(),
  requirement: Requirement.optional(),
  condition: z.string().optional(),
});

export const CalendarStatus = z.enum(DomainCalendarStatus.options).openapi('CalendarStatus');

export const Dossier = z
  .object({
    code: z.string(),
    procedureCode: z.string(),
    procedureName: z.string(),
    departmentId: z.string(),
    receivingBranchId: z.string(),
    returnBranchId: z.string(),
    unitNames: z
      .object({ receiving: z.string(), return: z.string(), authority: z.string() })
      .optional()
      .openapi({ description: 'The receiving branch, the return branch and the deciding unit as they were named on the day the dossier was received (single-dossier views)' }),
    status: DossierStatus,
    applicant: Applicant,
    documents: z
      .array(DocumentReceived)
      .openapi({ description: 'The components received (mandatory, applicable conditional, and any brought beyond)' }),
    conditionalApplies: z.array(z.string()).openapi({ description: 'The conditional components the clerk found applicable at reception (codes)' }),
    receivedAt: Instant,
    dueAt: Instant,
    originalDueAt: Instant,
    assignee: z.string().optional(),
    assigneeName: z.string().optional().openapi({ description: 'The assignee’s name in the staff register' }),
    outcome: Outcome.optional(),
    resultReadyAt: Instant.optional(),
    returnedAt: Instant.optional(),
    overdue: z.boolean().openapi({ description: 'Open, clock running, past the appointment by the rules (originalDueAt); an apology does not lift it' }),
    dueSoon: z.boolean(),
    rescheduledDueAt: Instant.optional(), // the appointment an apology set, while it is the one in force
    timeliness: Timeliness.optional(),
    nationalStatus: z.number().int(),
    onTime766: z.boolean().optional().openapi({ description: 'Decision 766 verdict, once the result is ready' }),
    escalationLevel: z.number().int().openapi({ description: '0 none, 1 due soon, 2 overdue, 3 and 4: 2 and 5 working days overdue (3 also: an apology’s appointment missed)' }),
    supplements: z.array(z.record(z.string(), z.unknown())).openapi({ description: 'Requests for additions, with the policy applied and the appointments' }),
    apology: z.record(z.string(), z.unknown()).nullable(),
    processControl: z
      .array(z.object({ phase: z.string(), dueAt: Instant, finishedAt: Instant.nullable(), verdict: Timeliness.nullable() }))
      .openapi({ description: 'The process-control sheet (Form 06): each hand-over with its deadline and verdict' }),
    calendarStatus: CalendarStatus.openapi({ description: 'provisional while a year from reception to the appointment has only a proposed calendar (not the official notice)' }),
    fee: z
      .object({
        amount: z.number().nullable().openapi({ description: 'VND: what was paid, or the catalogue’s amount while unpaid (null: it varies)' }),
        collectedAt: FeeCollection,
        payBeforeProcessing: z.boolean(),
        paidAt: Instant.optional(),
        receiptNumber: z.string().optional(),
      })
      .optional()
      .openapi({
        description:
          'The procedure’s fee and its payment. While the dossier is `awaiting_fees` its clock has not started: `dueAt` is provisional (the appointment had the fee been paid at reception) and is counted again from the payment.',
      }),
    history: z.array(HistoryEntry).optional(),
  })
  .openapi('Dossier');
export type Dossier = z.infer<typeof Dossier>;

export const CreatedDossier = Dossier.extend({
  lookupPin: z.string().optional().openapi({ description: 'Printed on the receipt; shown once.' }),
}).openapi('CreatedDossier');

export const DossierList = z.object({ items: z.array(Dossier), nextCursor: z.string().nullable() }).openapi('DossierList');

const booleanQuery = z.enum(['true', 'false']).transform((v) => v === 'true');

/**
 * An integer in a query or path: decimal digits as written (no spaces, signs other than `-`, exponents or
 * hex, which `Number()` would take), then bounded.
 */
export function integerParam(min: number, max: number) {
  return z
    .string()
    .regex(/^-?(0|[1-9][0-9]{0,14})$/)
    .transform(Number)
    .pipe(z.number().int().min(min).max(max))
    .openapi({ type: 'integer', minimum: min, maximum: max, pattern: undefined });
}

/** A non-negative decimal number in a query: `3`, `0.5` (no exponent, no spaces). */
function decimalParam(min: number, max: number) {
  return z
    .string()
    .regex(/^(0|[1-9][0-9]{0,14})(\.[0-9]{1,15})?$/)
    .transform(Number)
    .pipe(z.number().min(min).max(max))
    .openapi({ type: 'number', minimum: min, maximum: max, pattern: undefined });
}

/**
 * A keyset cursor, as the API hands it out: the last row's instant (milliseconds since the epoch) and its
 * code, `1775007000000_000.00.10.H26-260401-0007` (the first `_` ends the digits; no character of it is
 * percent-encoded in a URL). Every string of this shape is a position between rows, so the pattern is the
 * whole rule (13 digits reach the year 2286).
 */
export const Cursor = z
  .string()
  .regex(/^(0|[1-9][0-9]{0,12})_[A-Za-z0-9_.-]{1,100}$/, 'a cursor from the previous page')
  .transform((c) => {
    const at = c.indexOf('_');
    return { at: new Date(Number(c.slice(0, at))).toISOString(), code: c.slice(at + 1) };
  });

export function encodeCursor(at: Date, code: string): string {
  return `${at.getTime()}_${code}`;
}

export const IdempotencyKey = z.string().regex(/^[\x21-\x7e]{1,200}$/, '1 to 200 visible ASCII characters');

export const DossierListQuery = z
  .object({
    status: DossierStatus.optional(),
    branchId: Identifier.optional(),
    departmentId: Identifier.optional(),
    procedureCode: Identifier.optional(),
    overdue: booleanQuery.optional(),
    dueSoon: booleanQuery.optional().openapi({ description: 'Due soon (domain.md §4): the clock runs, not overdue yet, the due-soon instant has come.' }),
    task: z
      .enum(['mine', 'unassigned'])
      .optional()
      .openapi({
        description:
          "An inbox tab: `mine`, the dossiers assigned to the caller (or to whom they act for); `unassigned`, the dossiers with an open task in the caller's units that nobody holds and that the caller's role acts on (an officer's claims, a leader's approvals…).",
      }),
    receivedFrom: CivilDate.optional().openapi({ description: 'Received on or after this civil date (Asia/Ho_Chi_Minh).' }),
    receivedTo: CivilDate.optional().openapi({ description: 'Received on or before this civil date (Asia/Ho_Chi_Minh).' }),
    limit: integerParam(1, 200).default(50),
    cursor: Cursor.optional(),
  })
  .strict();

export const DossierPath = z.object({ code: DossierCode });
/** The actions of `POST /dossiers/{code}/actions/{action}`: all but a progress report, which has its own path (`/dossiers/{code}/progress`). */
export const RoutedAction = ActionName.exclude(['progress']);
export const ActionPath = z.object({ code: DossierCode, action: RoutedAction });

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
  .object({ id: z.string(), name: z.string(), kind: z.enum(RECEPTION_UNIT_KINDS), parentId: z.string().optional() })
  .openapi('Branch');
export const Department = z.object({ id: z.string(), name: z.string() }).openapi('Department');
export const ProcedureSummary = z
  .object({
    code: z.string(),
    name: z.string(),
    departmentId: z.string().nullable(),
    processingTime: z.object({ value: z.number(), unit: TimeUnit }),
    requiredDocuments: z.array(ProcedureComponent),
    authorityLevel: AuthorityLevel,
    cutoff: z.string().nullable(),
    legalBasis: z.string(),
    fee: z
      .object({
        amount: z.number().nullable(),
        note: z.string().nullable(),
        collectedAt: FeeCollection,
        payBeforeProcessing: z.boolean(),
      })
      .openapi({ description: 'VND; amount 0 is free, null varies (the clerk records what was paid, with a note).' }),
  })
  .openapi('Procedure');

export const CalendarYearSummary = z
  .object({
    year: z.number().int(),
    status: CalendarStatus,
    source: z.string(),
    loadedAt: z.string().nullable(),
    warning: z.string().optional().openapi({ description: 'For the current and next year while provisional: load the official notice' }),
  })
  .openapi('CalendarYearSummary');
export const DueDate = z.object({ dueAt: z.string(), calendarStatus: CalendarStatus }).openapi('DueDate');
export const CalendarLoad = z
  .object({
    year: z.number(),
    status: z.literal('official'),
    previousStatus: CalendarStatus,
    newDaysOff: z.array(z.string()).openapi({ description: 'Days off the year did not have (as loaded, or as proposed): open dossiers move later for them' }),
    droppedDaysOff: z.array(z.string()).openapi({ description: 'Days off the year had that the notice drops: no appointment moves earlier' }),
    fanOutWorkflowId: z.string().nullable(),
  })
  .openapi('CalendarLoad');
export const Readiness = z
  .object({
    status: z.string(),
    checks: z.record(z.string(), z.string()).optional(),
    warnings: z.array(z.object({ code: z.literal('calendar_provisional'), year: z.number().int(), message: z.string() })).optional(),
  })
  .openapi('Readiness');

export const HolidaysQuery = z.object({ year: integerParam(2000, 2100) }).strict();
export const CalendarYearPath = z.object({ year: integerParam(2000, 2100) });
export const Holidays = z
  .object({
    status: CalendarStatus,
    source: z.string(),
    holidays: z.array(z.object({ date: z.string(), name: z.string() })),
    makeUpWorkingDays: z.array(z.string()),
  })
  .openapi('Holidays');

export const DueDateQuery = z
  .object({
    receivedAt: RequestInstant,
    procedureCode: Identifier.optional().openapi({ description: 'Give exactly one of procedureCode and workingDays.' }),
    workingDays: decimalParam(0, 3650).optional(),
  })
  .strict()
  .refine((q) => (q.procedureCode === undefined) !== (q.workingDays === undefined), {
    message: 'give exactly one of procedureCode and workingDays',
  });

export const PublicLookupQuery = z.object({ pin: z.string().regex(/^[0-9A-Za-z]{1,32}$/, 'the PIN on the receipt') }).strict();
export const PublicPath = z.object({ code: DossierCode });
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
    history: z.array(z.object({ status: DossierStatus, at: Instant })).openapi({ description: 'The dossier’s transitions (progress reports are in `progress`)' }),
    progress: z
      .array(z.object({ at: Instant, note: z.string() }))
      .openapi({ description: 'The authority’s progress reports meant for the applicant, most recent first, each at the time the authority says it did the work' }),
  })
  .openapi('PublicDossier');

// --- Supervision: reports (api/routes/reports.ts) ---------------------------------------------------------

const ReportFormatQuery = z.enum(['json', 'csv', 'xlsx']).openapi({ description: 'json (default), or a file to download; `Accept: text/csv` or the XLSX type does the same.' });
const ReportCivilDate = CivilDate;

export const RunningListQuery = z
  .object({
    branchId: Identifier.optional().openapi({ description: 'Receiving unit: a branch (with its reception points) or a reception point.' }),
    departmentId: Identifier.optional().openapi({ description: 'Competent authority.' }),
    procedureCode: Identifier.optional(),
    limit: integerParam(1, 1000).optional().openapi({ description: 'Page size, default 100 (JSON); an export streams every row unless a limit is given.' }),
    cursor: Cursor.optional().openapi({ description: 'From the previous page’s `X-Next-Cursor` header (or its `Link: rel="next"`).' }),
    format: ReportFormatQuery.optional(),
  })
  .strict();
export type RunningListQuery = z.infer<typeof RunningListQuery>;

const RunningDossier = z.object({
  code: z.string(),
  procedureCode: z.string(),
  departmentId: z.string(),
  receivingBranchId: z.string(),
  status: DossierStatus,
  /** The appointment by the rules (originalDueAt): what overdue and due soon are judged by. */
  dueAt: Instant,
  /** The appointment an apology set, when one was made. */
  rescheduledDueAt: Instant.optional(),
});
export const OverdueDossier = RunningDossier.extend({
  overdueWorkingDays: z.number().int().openapi({ description: 'Whole working days (8 working hours each) since the appointment.' }),
}).openapi('OverdueDossier');
export const DueSoonDossier = RunningDossier.extend({
  workingHoursLeft: z.number().openapi({ description: 'Working hours until the appointment (two decimals).' }),
}).openapi('DueSoonDossier');

export const SummaryGroupBy = z.enum(['branch', 'reception_point', 'department', 'procedure', 'month']);

export const SummaryQuery = z
  .object({
    from: ReportCivilDate.optional().openapi({ description: 'First civil day (+07:00) of the period; default the first day of the current month.' }),
    to: ReportCivilDate.optional().openapi({ description: 'Last civil day of the period, inclusive; default today.' }),
    groupBy: SummaryGroupBy.default('branch'),
    branchId: Identifier.optional(),
    departmentId: Identifier.optional(),
    procedureCode: Identifier.optional(),
    format: ReportFormatQuery.optional(),
  })
  .strict()
  .refine((q) => !q.from || !q.to || q.from <= q.to, { message: 'from must not be after to', path: ['from'] });
export type SummaryQuery = z.infer<typeof SummaryQuery>;

export const SummaryRow = z
  .object({
    key: z.string(),
    received: z.number().int().openapi({ description: 'Received in the period (new).' }),
    carriedOver: z.number().int().openapi({ description: 'Received before the period and not finished before it started.' }),
    receivedByChannel: z.object({ in_person: z.number().int(), postal: z.number().int(), online: z.number().int() }),
    resolved: z.number().int().openapi({ description: 'Result ready in the period.' }),
    early: z.number().int(),
    onTime: z.number().int(),
    late: z.number().int(),
    pending: z.number().int().openapi({ description: 'Received by the period end and not finished, withdrawn or stopped by then.' }),
    pendingWithinTime: z.number().int().openapi({ description: 'pending − pendingOverdue − paused.' }),
    pendingOverdue: z.number().int().openapi({ description: 'Pending, not paused, with the appointment by the rules before the period end (or now, if sooner); apologised ones included.' }),
    paused: z.number().int().openapi({ description: 'Pending and awaiting a supplement since before the period end, and still awaiting it today (its clock is stopped).' }),
    returned: z.number().int().openapi({ description: 'Result returned in the period.' }),
    withdrawnOrStopped: z.number().int().openapi({ description: 'Withdrawn or stopped in the period.' }),
    lateApologies: z.number().int().openapi({ description: 'Apologies made in the period later than one working day before the appointment.' }),
    onTimeRate: z.number().nullable().openapi({ description: '(early + onTime) / resolved, 4 decimals; null when nothing was resolved.' }),
    rate766: z.number().nullable().openapi({ description: 'Decision 766: resolved on time net of supplement waiting, at most one supplement, / resolved.' }),
  })
  .openapi('SummaryRow');
export type SummaryRow = z.infer<typeof SummaryRow>;
