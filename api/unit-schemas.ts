import { z } from 'zod';
import { UnitKind } from '../domain/catalogue';
import { OrgSubjectType } from '../db/org-events';
import { CivilDate, Identifier, line, text } from '../domain/text';
import { integerParam } from './schemas'; // (which also extends zod with .openapi())

/** Units over time, where each procedure is received, and the organisation's audit trail: bodies and answers. */

export const UnitsQuery = z
  .object({
    on: CivilDate.optional().meta({ description: 'The civil date (Asia/Ho_Chi_Minh); default today' }),
    kind: UnitKind.optional(),
  })
  .strict();

export const UnitOnDate = z
  .object({
    id: z.string(),
    code: z.string(),
    name: z.string(),
    kind: UnitKind,
    parentId: z.string().optional(),
    from: CivilDate.meta({ description: 'First day of this version of the unit' }),
    to: CivilDate.optional().meta({ description: 'Last day of this version (inclusive); absent while open-ended' }),
    mergedInto: z.string().optional().openapi({ description: 'On a unit’s last version: the unit it was merged into' }),
  })
  .openapi('UnitOnDate');

export const UnitPath = z.object({ id: Identifier });

export const CreateUnitBody = z
  .object({
    id: Identifier,
    code: Identifier,
    name: line(300),
    kind: UnitKind,
    parentId: Identifier.optional().openapi({ description: 'A branch’s parent is the center, a reception point’s a branch; other kinds have none' }),
    address: line(500).optional(),
    from: CivilDate.meta({ description: 'The day the unit opens' }),
    reason: text(2000),
  })
  .strict()
  .openapi('CreateUnit');
export type CreateUnitBody = z.infer<typeof CreateUnitBody>;

export const ChangeUnitBody = z
  .object({
    effectiveFrom: CivilDate.meta({ description: 'The day the change takes effect: on or after the unit’s latest change (on that day it amends it)' }),
    name: line(300).optional(),
    code: Identifier.optional(),
    parentId: Identifier.optional(),
    close: z.literal(true).optional().openapi({ description: 'Closes the unit from effectiveFrom (its last day is the day before)' }),
    mergedInto: Identifier.optional().openapi({ description: 'With close: the open unit of the same kind that takes it over' }),
    reason: text(2000),
  })
  .strict()
  .openapi('ChangeUnit');
export type ChangeUnitBody = z.infer<typeof ChangeUnitBody>;

export const UnitHistoryAnswer = z
  .object({ id: z.string(), versions: z.array(UnitOnDate) })
  .openapi('UnitHistory');

export const BranchProceduresQuery = z.object({ on: CivilDate.optional().meta({ description: 'The civil date; default today' }) }).strict();

export const BranchProcedures = z
  .object({
    branchId: z.string(),
    on: CivilDate,
    operating: z.boolean().openapi({ description: 'Whether the branch exists on that date (a branch that does not receives nothing)' }),
    list: z
      .object({ from: CivilDate, to: CivilDate.optional(), all: z.boolean().openapi({ description: 'The default: every procedure of the catalogue' }) })
      .nullable()
      .openapi({ description: 'The list in force on that date; null: none was ever loaded (every procedure)' }),
    procedures: z.array(z.object({ code: z.string(), name: z.string() })).openapi({ description: 'The procedures in force that it receives then (none when not operating)' }),
  })
  .openapi('BranchProcedures');

export const PutBranchProceduresBody = z
  .object({
    from: CivilDate.meta({ description: 'The day the list takes effect: on or after the branch’s latest list (on that day it replaces it)' }),
    procedures: z
      .union([z.array(Identifier).max(2000), z.literal('all')])
      .openapi({ description: 'The procedure codes it receives from that day, or "all" (every procedure of the catalogue, the default)' }),
    reason: text(2000),
  })
  .strict()
  .openapi('PutBranchProcedures');

export const OrgEventsQuery = z
  .object({
    subjectType: OrgSubjectType.optional(),
    subjectId: Identifier.optional(),
    after: integerParam(0, 999_999_999_999_999).optional().openapi({ description: 'The id of the last event already read (nextCursor)' }),
    limit: integerParam(1, 1000).default(100),
  })
  .strict();

export const OrgEvent = z
  .object({
    id: z.number().int(),
    at: z.string(),
    actor: z.object({ sub: z.string(), role: z.string(), unitId: z.string() }),
    onBehalfOf: z.string().optional(),
    kind: z.string(),
    subjectType: OrgSubjectType,
    subjectId: z.string(),
    effectiveFrom: CivilDate.optional(),
    reason: z.string().optional(),
    before: z.unknown().optional(),
    after: z.unknown().optional(),
  })
  .openapi('OrgEvent');

export const OrgEventList = z.object({ items: z.array(OrgEvent), nextCursor: z.string().nullable().openapi({ description: 'Pass as `after` for the next page' }) }).openapi('OrgEventList');
