import type { Procedure, RequiredDocument } from './catalogue';

/**
 * What reception finds when it checks a dossier against its procedure's components (domain.md §2.2 and §4
 * "Components may be conditional"). All lists keep the procedure's order and name each component once.
 */
export interface ComponentCheck {
  /** The mandatory components and the conditional ones the clerk found applicable: what the dossier needs. */
  required: RequiredDocument[];
  /** Required and not brought. Any → the dossier is incomplete (422 at the counter; Form 02 lists them). */
  missing: RequiredDocument[];
  /** The components brought (required or not): what the receipt lists. */
  received: RequiredDocument[];
  /** Of `received`, those beyond what is required: a conditional component brought though it does not apply. */
  beyondRequired: RequiredDocument[];
  /** The conditional components the clerk found applicable. */
  applicable: RequiredDocument[];
  /** Codes brought that are no component of the procedure. */
  unknownDocuments: string[];
  /** Codes said to apply that are no conditional component of the procedure (a mandatory one, or none at all). */
  notConditional: string[];
}

/**
 * The reception rule: only the mandatory components and the applicable conditional ones are required; the
 * clerk states which conditional components apply (`conditionalApplies`, codes). A code given twice counts once.
 * Pure: the receipt, the import and reception guidance (Form 02) all judge a dossier with it.
 */
export function checkComponents(
  procedure: Pick<Procedure, 'requiredDocuments'>,
  documents: readonly string[],
  conditionalApplies: readonly string[],
): ComponentCheck {
  const components = procedure.requiredDocuments;
  const brought = new Set(documents);
  const applies = new Set(conditionalApplies);
  const known = new Set(components.map((c) => c.code));
  const conditional = new Set(components.filter((c) => c.requirement === 'conditional').map((c) => c.code));
  const required = components.filter((c) => c.requirement === 'mandatory' || applies.has(c.code));
  const requiredCodes = new Set(required.map((c) => c.code));
  const received = components.filter((c) => brought.has(c.code));
  return {
    required,
    missing: required.filter((c) => !brought.has(c.code)),
    received,
    beyondRequired: received.filter((c) => !requiredCodes.has(c.code)),
    applicable: components.filter((c) => c.requirement === 'conditional' && applies.has(c.code)),
    unknownDocuments: [...brought].filter((code) => !known.has(code)),
    notConditional: [...applies].filter((code) => !conditional.has(code)),
  };
}

/** The components a dossier lacks (the list Form 02 prints): `checkComponents(…).missing`. */
export function missingComponents(
  procedure: Pick<Procedure, 'requiredDocuments'>,
  documents: readonly string[],
  conditionalApplies: readonly string[],
): RequiredDocument[] {
  return checkComponents(procedure, documents, conditionalApplies).missing;
}
