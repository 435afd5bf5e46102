import { defineSearchAttributeKey, SearchAttributeType } from '@temporalio/common';

/** Typed search attributes of a dossier workflow: codes and times only, never personal data. */
export const DossierStatusKey = defineSearchAttributeKey('DossierStatus', SearchAttributeType.KEYWORD);
export const ReceivingBranchKey = defineSearchAttributeKey('ReceivingBranchId', SearchAttributeType.KEYWORD);
export const DepartmentKey = defineSearchAttributeKey('DepartmentId', SearchAttributeType.KEYWORD);
export const ProcedureKey = defineSearchAttributeKey('ProcedureCode', SearchAttributeType.KEYWORD);
export const DueAtKey = defineSearchAttributeKey('DueAt', SearchAttributeType.DATETIME);

/** `Name=Type` pairs for `temporal server start-dev --search-attribute` and `operator search-attribute create`. */
export const SEARCH_ATTRIBUTE_DEFINITIONS: ReadonlyArray<readonly [string, 'Keyword' | 'Datetime']> = [
  [DossierStatusKey.name, 'Keyword'],
  [ReceivingBranchKey.name, 'Keyword'],
  [DepartmentKey.name, 'Keyword'],
  [ProcedureKey.name, 'Keyword'],
  [DueAtKey.name, 'Datetime'],
];
