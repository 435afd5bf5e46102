import { z } from 'zod';
import { NATIONAL_STATUS, type DossierStatus } from './status';

/**
 * What other systems hear of a dossier (api-contract.md, "Integrations"): one event per transition of its
 * history, typed, carrying codes and statuses only — never the applicant's personal data, never staff's free
 * text (a reason may name a person). Webhooks, the event feed, the national portal and the applicant's
 * messages all read these same events.
 */
export const EVENT_TYPES = [
  'dossier.received',
  'dossier.transferred',
  'dossier.claimed',
  'dossier.supplement_requested',
  'dossier.supplemented',
  'dossier.submitted',
  'dossier.sent_back',
  'dossier.result_ready',
  'dossier.returned',
  'dossier.withdrawn',
  'dossier.stopped',
  'dossier.due_soon',
  'dossier.overdue',
  'dossier.escalated',
  'dossier.apologized',
  'dossier.progress',
  // Beyond the contract's list: the other transitions of a history, so that a consumer misses no step.
  'dossier.awaiting_fees',
  'dossier.fee_paid',
  'dossier.reassigned',
  'dossier.released',
  'dossier.step_late',
  'dossier.calendar_changed',
] as const;
export const EventType = z.enum(EVENT_TYPES);
export type EventType = z.infer<typeof EventType>;

/** The history's actions (domain/lifecycle.ts, the receipt) and the event each one is. */
const TYPE_OF_ACTION: Record<string, EventType> = {
  receive: 'dossier.received',
  import: 'dossier.received',
  transfer: 'dossier.transferred',
  'await-fees': 'dossier.awaiting_fees',
  claim: 'dossier.claimed',
  reassign: 'dossier.reassigned',
  release: 'dossier.released',
  'request-supplement': 'dossier.supplement_requested',
  supplement: 'dossier.supplemented',
  submit: 'dossier.submitted',
  'send-back': 'dossier.sent_back',
  approve: 'dossier.result_ready',
  return: 'dossier.returned',
  withdraw: 'dossier.withdrawn',
  stop: 'dossier.stopped',
  apologize: 'dossier.apologized',
  'pay-fee': 'dossier.fee_paid',
  progress: 'dossier.progress',
  'step-late': 'dossier.step_late',
  'calendar-change': 'dossier.calendar_changed',
};

/** The event a transition is; escalations say how far they went. Null for an action no consumer hears of. */
export function eventTypeOf(action: string, data: Record<string, unknown> | null): EventType | null {
  if (action === 'escalate') {
    const level = data?.escalation;
    return level === 'due_soon' ? 'dossier.due_soon' : level === 'overdue' ? 'dossier.overdue' : 'dossier.escalated';
  }
  return TYPE_OF_ACTION[action] ?? null;
}

/** The fields of a transition's data that an event may carry: codes, instants, levels — no free text but the public note. */
const SHARED_DATA = ['escalation', 'level', 'oldDueAt', 'newDueAt', 'step', 'publicNote', 'reportedAt', 'outcome', 'departmentId'] as const;

export interface TransitionFacts {
  code: string;
  seq: number;
  action: string;
  at: string;
  status: DossierStatus;
  dueAt: string | null;
  assignee: string | null;
  data: Record<string, unknown> | null;
}

/** The `data` of an event (the parts known from the transition; the dossier's procedure and units join it in db/). */
export function eventData(t: TransitionFacts): Record<string, unknown> {
  const data: Record<string, unknown> = {
    code: t.code,
    seq: t.seq,
    at: t.at,
    action: t.action,
    status: t.status,
    nationalStatus: NATIONAL_STATUS[t.status],
    dueAt: t.dueAt,
  };
  for (const key of SHARED_DATA) if (t.data?.[key] !== undefined) data[key] = t.data[key];
  if (t.action === 'claim' || t.action === 'reassign') data.assignee = t.assignee;
  const cycle = t.data?.supplement as { dueBy?: string; documents?: string[] } | undefined;
  if (t.action === 'request-supplement' && cycle) Object.assign(data, { supplementDueBy: cycle.dueBy, documents: cycle.documents });
  if (t.action === 'supplement' && Array.isArray(t.data?.documents)) data.documents = t.data.documents;
  return data;
}

/**
 * An event feed's position as text, `<txid>.<id>`: both decimal, without leading zeros, as the feed writes them
 * (PostgreSQL reads an xid8 with a leading 0 as octal), and within xid8's and bigint's ranges.
 */
export const EVENT_CURSOR = /^(0|[1-9][0-9]{0,18})\.(0|[1-9][0-9]{0,17})$/;

/** The webhook-id of an event: the same on every attempt and in the feed, so a consumer drops a repeat. */
export function messageId(code: string, seq: number): string {
  return `msg_${code}_${seq}`;
}

/** Standard Webhooks' body: `{ type, timestamp, data }`. */
export function eventBody(type: EventType, at: string, data: Record<string, unknown>): { type: EventType; timestamp: string; data: Record<string, unknown> } {
  return { type, timestamp: at, data };
}

/** Failure type of a delivery the destination refused for good (HTTP 410): not retried, the destination is disabled. */
export const DESTINATION_GONE = 'destination_gone';
