import type { RequiredDocument } from './catalogue';

/**
 * Reception's three outcomes (domain.md §2.2, §4 "Reception has three outcomes"): the clerk checks what the
 * applicant brought against the procedure's components and either receives the dossier (Form 01, a dossier
 * with its code), asks for the missing components (Form 02, guidance to complete) or refuses it with a reason
 * (Form 03). Guidance and refusals are recorded with who, when and which unit; they get no dossier code.
 */
export const ReceptionOutcome = ['received', 'guided', 'refused'] as const;
export type ReceptionOutcome = (typeof ReceptionOutcome)[number];

/** National portal status of a dossier refused at reception (TrangThaiHoSo 3, domain.md §2.10). */
export const REFUSED_AT_RECEPTION_NATIONAL_STATUS = 3;

/**
 * The components a guidance slip asks for: the procedure's required components that the applicant did not
 * bring, in the procedure's order. Over the current list, where every component is required.
 *
 * NOTE for the merge: conditional components (`requirement: 'mandatory' | 'conditional'`) come with their own
 * "missing components" function on another branch; once both are in, this one should call it (only the
 * mandatory and the applicable conditional components are missing) and keep its name for Form 02.
 */
export function componentsMissingForGuidance(required: readonly RequiredDocument[], brought: readonly string[]): RequiredDocument[] {
  const have = new Set(brought);
  return required.filter((d) => !have.has(d.code));
}

/** Codes brought that the procedure does not list (refused as a bad request, as the receipt does). */
export function componentsNotInProcedure(required: readonly RequiredDocument[], brought: readonly string[]): string[] {
  const known = new Set(required.map((d) => d.code));
  return [...new Set(brought)].filter((c) => !known.has(c));
}
