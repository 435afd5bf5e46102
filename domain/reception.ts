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

// What a guidance slip asks for is `checkComponents(…).missing` (domain/components.ts), the receipt's own rule.
