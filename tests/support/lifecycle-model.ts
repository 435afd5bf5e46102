/**
 * A small model of the dossier lifecycle rules, for the property-based tests. It is written again from
 * domain.md and api-contract.md ("Dossiers": who, allowed in, then), not from domain/: its calendar is a
 * plain count of working minutes (Mon–Fri 08:00–12:00, 13:00–17:00, +07:00, minus the days off) with the
 * appointment found by bisection, and its verdicts are one hand-written function per action. Where it and
 * the workflow disagree, one of them is wrong.
 */

export type Status =
  | 'received'
  | 'transferred'
  | 'processing'
  | 'awaiting_supplement'
  | 'awaiting_approval'
  | 'result_ready'
  | 'returned'
  | 'withdrawn'
  | 'stopped';
export type Action = 'claim' | 'reassign' | 'release' | 'request-supplement' | 'supplement' | 'submit' | 'send-back' | 'approve' | 'apologize' | 'return' | 'withdraw';
export const ACTIONS: readonly Action[] = ['claim', 'reassign', 'release', 'request-supplement', 'supplement', 'submit', 'send-back', 'approve', 'apologize', 'return', 'withdraw'];
export type Refusal = 'forbidden' | 'invalid_transition' | 'invalid_request' | 'incomplete_dossier' | 'invalid_appointment';
export type Verdict = { ok: true; to: Status } | { ok: false; type: Refusal };

export interface ModelActor {
  sub: string;
  role: 'clerk' | 'officer' | 'leader' | 'supervisor' | 'admin';
  unitId: string;
}

const OPEN: readonly Status[] = ['received', 'transferred', 'processing', 'awaiting_supplement', 'awaiting_approval'];
export const FINISHED: readonly Status[] = ['returned', 'withdrawn', 'stopped'];
export const isOpen = (s: Status): boolean => OPEN.includes(s);

// ---------------------------------------------------------------------------------------------------------
// Calendar: working minutes, counted.

const MIN = 60_000;
const HOUR = 60 * MIN;
const DAY = 24 * HOUR;
const OFFSET = 7 * HOUR;
const PERIODS: readonly [number, number][] = [
  [8 * HOUR, 12 * HOUR],
  [13 * HOUR, 17 * HOUR],
];

export class ModelCalendar {
  constructor(readonly daysOff: ReadonlySet<string> = new Set()) {}

  withDaysOff(days: string[]): ModelCalendar {
    return new ModelCalendar(new Set([...this.daysOff, ...days]));
  }

  /** The civil date (+07:00) of an instant. */
  static civilDate(ms: number): string {
    return new Date(ms + OFFSET).toISOString().slice(0, 10);
  }

  private working(civilDay: number): boolean {
    const weekday = new Date(civilDay * DAY).getUTCDay();
    return weekday >= 1 && weekday <= 5 && !this.daysOff.has(new Date(civilDay * DAY).toISOString().slice(0, 10));
  }

  /** Working milliseconds in [a, b) (a ≤ b). */
  between(a: number, b: number): number {
    let total = 0;
    for (let day = Math.floor((a + OFFSET) / DAY); day <= Math.floor((b + OFFSET) / DAY); day++) {
      if (!this.working(day)) continue;
      const midnight = day * DAY - OFFSET;
      for (const [s, e] of PERIODS) total += Math.max(0, Math.min(b, midnight + e) - Math.max(a, midnight + s));
    }
    return total;
  }

  /** On a working day, inside an office period or at its close (08:00–12:00, 13:00–17:00, both ends included). */
  isWorkingInstant(t: number): boolean {
    const day = Math.floor((t + OFFSET) / DAY);
    const midnight = day * DAY - OFFSET;
    return this.working(day) && PERIODS.some(([s, e]) => t >= midnight + s && t <= midnight + e);
  }

  /** The earliest instant t ≥ from with `hours` working hours in [from, t). */
  add(from: number, hours: number): number {
    const want = Math.round(hours * HOUR);
    let hi = from + DAY;
    while (this.between(from, hi) < want) hi += 30 * DAY;
    let lo = from;
    while (lo < hi) {
      const mid = Math.floor((lo + hi) / 2);
      if (this.between(from, mid) >= want) hi = mid;
      else lo = mid + 1;
    }
    return lo;
  }

  /** The earliest instant t ≤ to with at most `hours` working hours in [t, to). */
  subtract(to: number, hours: number): number {
    const want = Math.round(hours * HOUR);
    let lo = to - DAY;
    while (this.between(lo, to) <= want) lo -= 30 * DAY;
    let hi = to;
    while (lo < hi) {
      const mid = Math.floor((lo + hi) / 2);
      if (this.between(mid, to) <= want) hi = mid;
      else lo = mid + 1;
    }
    return lo;
  }
}

// ---------------------------------------------------------------------------------------------------------
// The dossier.

export interface ModelDossier {
  status: Status;
  departmentId: string;
  receivingBranchId: string;
  returnBranchId: string;
  assignee: string | null;
  calendar: ModelCalendar;
  policy: 'restart' | 'pause';
  /** Statutory time in working days. */
  workingDays: number;
  receivedAt: number;
  /** When the applicant last completed the dossier (restart counts again from here). */
  lastSupplementAt: number | null;
  /** Working hours spent waiting for the applicant, already over (pause adds them). */
  pausedHours: number;
  supplementRequests: number;
  requestedDocuments: string[];
  /** The open request for additions: when it was made. */
  waitingSince: number | null;
  apologized: boolean;
  /** The appointment an apology set, while no supplement has recounted it. */
  apologyDueAt: number | null;
  /** Some escalation was announced (the leader then owes an apology, until one is made). */
  escalated: boolean;
}

export const SUPPLEMENT_WORKING_DAYS = 15;

export function newDossier(init: Omit<ModelDossier, 'status' | 'assignee' | 'lastSupplementAt' | 'pausedHours' | 'supplementRequests' | 'requestedDocuments' | 'waitingSince' | 'apologized' | 'apologyDueAt' | 'escalated'>): ModelDossier {
  return {
    ...init,
    status: 'received',
    assignee: null,
    lastSupplementAt: null,
    pausedHours: 0,
    supplementRequests: 0,
    requestedDocuments: [],
    waitingSince: null,
    apologized: false,
    apologyDueAt: null,
    escalated: false,
  };
}

/** The appointment by the rules (domain.md §3, §2.5): statutory time from reception, recounted or paused by supplements. */
export function statutoryDueAt(d: ModelDossier): number {
  const hours = d.workingDays * 8;
  if (d.policy === 'restart') return d.calendar.add(d.lastSupplementAt ?? d.receivedAt, hours);
  return d.calendar.add(d.receivedAt, hours + d.pausedHours);
}

/** The appointment in force: the apology's, until a supplement recounts it. */
export function dueAtInForce(d: ModelDossier): number {
  return d.apologyDueAt ?? statutoryDueAt(d);
}

/** By when the applicant must supplement (15 working days from the request), or null. */
export function supplementDueBy(d: ModelDossier): number | null {
  return d.waitingSince === null ? null : d.calendar.add(d.waitingSince, SUPPLEMENT_WORKING_DAYS * 8);
}

/**
 * Apology timing (domain.md §4): an apology made with less than one working day of the appointment by the
 * rules left is late (recorded with a flag, not refused).
 */
export function apologyIsLate(d: ModelDossier, at: number): boolean {
  return d.calendar.between(Math.min(at, statutoryDueAt(d)), statutoryDueAt(d)) < 8 * HOUR;
}

const nonBlank = (v: unknown): boolean => typeof v === 'string' && v.trim().length > 0;
const onlyKeys = (body: Record<string, unknown>, keys: string[]): boolean => Object.keys(body).every((k) => keys.includes(k));

/** Is the body well formed for the action (api-contract.md, "body")? */
function bodyOk(action: Action, b: Record<string, unknown>): boolean {
  switch (action) {
    case 'claim':
    case 'return':
      return onlyKeys(b, []);
    case 'reassign':
      return onlyKeys(b, ['assignee', 'reason']) && nonBlank(b.assignee) && nonBlank(b.reason);
    case 'request-supplement':
      return onlyKeys(b, ['reason', 'documents']) && nonBlank(b.reason) && Array.isArray(b.documents) && b.documents.length > 0;
    case 'supplement':
      return onlyKeys(b, ['documents']) && Array.isArray(b.documents) && b.documents.length > 0;
    case 'apologize':
      return onlyKeys(b, ['newDueAt', 'reason']) && nonBlank(b.reason) && typeof b.newDueAt === 'string' && !Number.isNaN(Date.parse(b.newDueAt));
    case 'submit':
      return onlyKeys(b, ['outcome', 'summary']) && (b.outcome === 'approved' || b.outcome === 'refused') && nonBlank(b.summary);
    case 'send-back':
    case 'withdraw':
    case 'release':
      return onlyKeys(b, ['reason']) && nonBlank(b.reason);
    case 'approve':
      return onlyKeys(b, ['note']) && (b.note === undefined || nonBlank(b.note));
  }
}

/**
 * The model's verdict on an action at instant `now`: a malformed body first (400), then who may act (403),
 * then the status (409), then the assignee (403), then the action's own conditions.
 */
export function judge(d: ModelDossier, actor: ModelActor, action: Action, body: Record<string, unknown>, now: number): Verdict {
  const no = (type: Refusal): Verdict => ({ ok: false, type });
  if (!bodyOk(action, body)) return no('invalid_request');
  const ofDepartment = actor.unitId === d.departmentId;
  const is = (role: ModelActor['role']) => actor.role === role;
  const inStatus = (...s: Status[]) => s.includes(d.status);
  switch (action) {
    case 'claim':
      if (!is('officer') || !ofDepartment) return no('forbidden');
      return inStatus('transferred') ? { ok: true, to: 'processing' } : no('invalid_transition');
    case 'reassign':
      if (!is('leader') || !ofDepartment) return no('forbidden');
      return inStatus('processing', 'awaiting_supplement') ? { ok: true, to: d.status } : no('invalid_transition');
    case 'release':
      // A leader takes the work back to the department's unassigned queue (api-contract.md, "Bulk").
      if (!is('leader') || !ofDepartment) return no('forbidden');
      return inStatus('processing') ? { ok: true, to: 'transferred' } : no('invalid_transition');
    case 'request-supplement':
      // Once by the assignee; a second time only by the department's leader; never a third (domain.md §4).
      if (!(is('officer') || is('leader')) || !ofDepartment) return no('forbidden');
      if (!inStatus('processing')) return no('invalid_transition');
      if (d.supplementRequests === 0) return is('officer') && actor.sub === d.assignee ? { ok: true, to: 'awaiting_supplement' } : no('forbidden');
      if (d.supplementRequests === 1) return is('leader') ? { ok: true, to: 'awaiting_supplement' } : no('forbidden');
      return no('invalid_transition');
    case 'supplement': {
      if (!is('clerk')) return no('forbidden');
      if (!inStatus('awaiting_supplement')) return no('invalid_transition');
      const given = new Set((body.documents as { code: string }[]).map((x) => x.code));
      return d.requestedDocuments.every((c) => given.has(c)) ? { ok: true, to: 'processing' } : no('incomplete_dossier');
    }
    case 'submit':
      if (!is('officer') || !ofDepartment) return no('forbidden');
      if (!inStatus('processing')) return no('invalid_transition');
      return actor.sub === d.assignee ? { ok: true, to: 'awaiting_approval' } : no('forbidden');
    case 'send-back':
      if (!is('leader') || !ofDepartment) return no('forbidden');
      return inStatus('awaiting_approval') ? { ok: true, to: 'processing' } : no('invalid_transition');
    case 'approve':
      if (!is('leader') || !ofDepartment) return no('forbidden');
      return inStatus('awaiting_approval') ? { ok: true, to: 'result_ready' } : no('invalid_transition');
    case 'apologize': {
      // Once, while open (before the result); any time (a late one is flagged); to a working instant after now.
      if (!is('leader') || !ofDepartment) return no('forbidden');
      if (!isOpen(d.status) || d.apologized) return no('invalid_transition');
      const to = Date.parse(body.newDueAt as string);
      return to > now && to > dueAtInForce(d) && d.calendar.isWorkingInstant(to) ? { ok: true, to: d.status } : no('invalid_appointment');
    }
    case 'return':
      if (!is('clerk') || actor.unitId !== d.returnBranchId) return no('forbidden');
      return inStatus('result_ready') ? { ok: true, to: 'returned' } : no('invalid_transition');
    case 'withdraw':
      if (!is('clerk')) return no('forbidden');
      return isOpen(d.status) ? { ok: true, to: 'withdrawn' } : no('invalid_transition');
  }
}

/** The dossier after an accepted action made at `at` (the instant the history records). */
export function apply(d: ModelDossier, actor: ModelActor, action: Action, body: Record<string, unknown>, at: number): ModelDossier {
  const verdict = judge(d, actor, action, body, at);
  if (!verdict.ok) throw new Error(`model: ${action} is refused (${verdict.type}), it cannot be applied`);
  const next: ModelDossier = { ...d, status: verdict.to };
  switch (action) {
    case 'claim':
      next.assignee = actor.sub;
      break;
    case 'reassign':
      next.assignee = body.assignee as string;
      break;
    case 'release':
      next.assignee = null;
      break;
    case 'request-supplement':
      next.supplementRequests++;
      next.requestedDocuments = body.documents as string[];
      next.waitingSince = at;
      break;
    case 'supplement':
      next.pausedHours += d.calendar.between(d.waitingSince!, at) / HOUR;
      next.lastSupplementAt = at;
      next.waitingSince = null;
      next.apologyDueAt = null;
      break;
    case 'apologize':
      next.apologized = true;
      next.apologyDueAt = Date.parse(body.newDueAt as string);
      break;
  }
  return next;
}

/** The system's own transitions (timers, the transfer, announced days off), with the statuses each may happen in. */
export const SYSTEM_TRANSITIONS: Record<string, { from: readonly Status[]; to: Status | 'same' }> = {
  transfer: { from: ['received'], to: 'transferred' },
  stop: { from: ['awaiting_supplement'], to: 'stopped' },
  escalate: { from: ['transferred', 'processing', 'awaiting_approval'], to: 'same' },
  'step-late': { from: ['transferred', 'processing', 'awaiting_approval'], to: 'same' },
  'calendar-change': { from: [...OPEN, 'result_ready'], to: 'same' },
};

/**
 * Newly announced days off (all after `now`): the appointment by the rules is counted on the new calendar;
 * an apology's appointment keeps its working time from now (domain.md §4: later, never earlier).
 */
export function announceDaysOff(d: ModelDossier, days: string[], now: number): ModelDossier {
  // A dossier whose result is ready keeps the appointment it was judged by (domain.md §4: open dossiers move).
  if (!isOpen(d.status)) return d;
  const calendar = d.calendar.withDaysOff(days);
  const shift = (t: number) => (t <= now ? t : Math.max(t, calendar.add(now, d.calendar.between(now, t) / HOUR)));
  return { ...d, calendar, apologyDueAt: d.apologyDueAt === null || FINISHED.includes(d.status) ? d.apologyDueAt : shift(d.apologyDueAt) };
}

/** The human task a dossier waits for in a status, and which unit holds it (api-contract.md, "Tasks"). */
export function expectedTasks(d: ModelDossier): { kind: string; unitId: string; assignee: string | null }[] {
  const step: Partial<Record<Status, { kind: string; unitId: string; assignee: string | null }>> = {
    transferred: { kind: 'claim', unitId: d.departmentId, assignee: null },
    processing: { kind: 'submit', unitId: d.departmentId, assignee: d.assignee },
    awaiting_supplement: { kind: 'supplement', unitId: d.receivingBranchId, assignee: null },
    awaiting_approval: { kind: 'approve', unitId: d.departmentId, assignee: null },
    result_ready: { kind: 'return', unitId: d.returnBranchId, assignee: null },
  };
  const tasks = step[d.status] ? [step[d.status]!] : [];
  if (isOpen(d.status) && d.escalated && !d.apologized) tasks.push({ kind: 'apologize', unitId: d.departmentId, assignee: null });
  return tasks;
}
