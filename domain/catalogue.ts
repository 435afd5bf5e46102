import { z } from 'zod';
import { CivilDate, ClockTime, FeeCollection, ProcessingTime, StepPhase } from './terms';

export const UnitKind = z.enum(['center', 'branch', 'reception_point', 'department', 'commune']);
export type UnitKind = z.infer<typeof UnitKind>;

/** An organisational unit: the center, a branch, a reception point, a competent authority (department,
 * city agency or vertical agency) or a ward/commune People's Committee. Units are data with effective dates. */
export const Unit = z.object({
  id: z.string().min(1),
  /** Unit code used in dossier codes (Decision 20/2020/QĐ-TTg form; illustrative in seed data). */
  code: z.string().min(1),
  name: z.string().min(1),
  kind: UnitKind,
  parentId: z.string().nullable().default(null),
  address: z.string().nullable().default(null),
  effectiveFrom: CivilDate,
  effectiveTo: CivilDate.nullable().default(null),
  source: z.string().nullable().default(null),
});
export type Unit = z.infer<typeof Unit>;

/** Received at or after `cutoff` (local time), the clock starts at the next working day's opening. */
export const CutoffRule = ClockTime.nullable();

export const SupplementPolicy = z.enum(['restart', 'pause']);

/** A component is required always, or only when its condition holds (domain.md §4 "Components may be conditional"). */
export const Requirement = z.enum(['mandatory', 'conditional']);
export type Requirement = z.infer<typeof Requirement>;

/**
 * One component of a procedure's dossier. A conditional one says its condition in words (Vietnamese, as the
 * procedure's text has it; `conditionEn` optionally), which the clerk judges at reception. Definitions stored
 * before components had a requirement parse as mandatory, as they were treated.
 */
export const RequiredDocument = z
  .object({
    code: z.string().min(1),
    name: z.string().min(1),
    requirement: Requirement.default('mandatory'),
    condition: z.string().min(1).optional(),
    conditionEn: z.string().min(1).optional(),
  })
  .refine((d) => (d.requirement === 'conditional') === (d.condition !== undefined), {
    message: 'a conditional component states its condition, and only a conditional one does',
    path: ['condition'],
  })
  .refine((d) => d.conditionEn === undefined || d.condition !== undefined, { message: 'conditionEn translates condition', path: ['conditionEn'] });
export type RequiredDocument = z.infer<typeof RequiredDocument>;

/** One step of a procedure's approved internal process, with its share of the statutory time. */
export const ProcedureStep = z.object({
  code: z.string().min(1),
  name: z.string().min(1),
  /** The share of the statutory time, in the procedure's time unit (e.g. 0.5 working day). */
  duration: z.number().nonnegative(),
  /** Which hand-over the step ends in; steps without one leave the default split of domain.md §4. */
  phase: StepPhase.optional(),
});

/**
 * A procedure's fee (phí, lệ phí) in VND: `amount` 0 is free, null varies or is not known (the clerk records
 * what was paid, with a note). Most fees are paid when the dossier is filed, hence the defaults, which also
 * keep catalogue versions stored before these fields parsing. `payBeforeProcessing`: a dossier whose fee is
 * not paid at reception waits (`awaiting_fees`, national status 6) and its clock starts at payment.
 */
export const Fee = z.object({
  amount: z.number().nonnegative().nullable(),
  note: z.string().nullable().default(null),
  collectedAt: FeeCollection.default('reception'),
  payBeforeProcessing: z.boolean().default(false),
});
export type Fee = z.infer<typeof Fee>;

/** Who decides a procedure: a city department, or the ward/commune. */
export const AuthorityLevel = z.enum(['city', 'commune']);

/** How a dossier reached the center: at a counter, by post, or online. */
export const Channel = z.enum(['in_person', 'postal', 'online']);
export type Channel = z.infer<typeof Channel>;

export const Procedure = z.object({
  code: z.string().min(1),
  /** National database code (e.g. 1.001193) when known. */
  nationalCode: z.string().nullable().default(null),
  name: z.string().min(1),
  nameEn: z.string().nullable().default(null),
  authorityLevel: AuthorityLevel,
  /** The competent authority for a city-level procedure; null for a commune-level one. */
  departmentId: z.string().nullable(),
  processingTime: ProcessingTime,
  cutoff: CutoffRule.default(null),
  supplementPolicy: SupplementPolicy.default('restart'),
  supplementWorkingDays: z.number().int().positive().default(15),
  requiredDocuments: z.array(RequiredDocument),
  fee: Fee,
  steps: z.array(ProcedureStep).default([]),
  receivableAnywhere: z.boolean().default(true),
  effectiveFrom: CivilDate,
  effectiveTo: CivilDate.nullable().default(null),
  /** The legal basis and where the figures were read. */
  legalBasis: z.string().min(1),
  source: z.string().min(1),
});
export type Procedure = z.infer<typeof Procedure>;

/** The rules a dossier holds for its whole life: its procedure version, as received. */
export const ProcedureRules = Procedure.pick({
  code: true,
  name: true,
  effectiveFrom: true,
  processingTime: true,
  cutoff: true,
  supplementPolicy: true,
  supplementWorkingDays: true,
  steps: true,
});
export type ProcedureRules = z.infer<typeof ProcedureRules>;

/** The rules a dossier takes from its procedure version at receipt. */
export function procedureRules(p: Procedure): ProcedureRules {
  return ProcedureRules.parse(p);
}

export const Holiday = z.object({ date: CivilDate, name: z.string().min(1) });
export type Holiday = z.infer<typeof Holiday>;

export const MakeUpWorkingDay = z.object({ date: CivilDate, name: z.string().min(1) });

/** A year's days off (public holidays, compensatory and swapped days) and make-up working days, with the notice. */
export const CalendarYear = z.object({
  year: z.number().int(),
  holidays: z.array(Holiday),
  makeUpWorkingDays: z.array(MakeUpWorkingDay),
  source: z.string().min(1),
});
export type CalendarYear = z.infer<typeof CalendarYear>;
