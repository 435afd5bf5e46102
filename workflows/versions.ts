import { patched } from '@temporalio/workflow';
import { FIRST_RULES, type DeadlineRules } from '../domain/deadlines';
import type { DossierWorkflowInput } from '../domain/dossier';
import type { LifecycleFlags } from '../domain/lifecycle';

/**
 * The versions of the dossier workflow. A dossier replays the code it started with for its whole life (years,
 * with suspensions), so every change to what a running dossier decides or records sits behind a patch here,
 * chosen once when the workflow starts (or replays), and the shell and `decide` read the chosen version.
 * `domain/` is replayed code too: a change there that alters a decision needs a patch as much as one here.
 *
 * Each patch has a retirement plan: once no open dossier runs WITHOUT it (`npm run ops:patch-usage` asks every
 * open dossier which version it runs; the count "without" must be 0), its `patched(id)` becomes
 * `deprecatePatch(id)` and the code for dossiers without it (the FIRST_RULES branches, the remote projection,
 * the unserialised wait…) is deleted together with its recorded histories; once no open dossier runs the
 * deprecated marker either (same report, count "with" of the deprecated patch 0, or simply after every dossier
 * started before the deprecation has closed), the `deprecatePatch` call is removed.
 */
export const PATCHES = [
  {
    id: 'deadline-timers',
    since: 2,
    what: 'Deadlines that keep themselves on durable timers (supplement deadline, apology, escalation ladder), calendar changes by signal.',
  },
  {
    id: 'local-projections',
    since: 3,
    what: 'Projections as local activities; notifications delivered beside the transition, not inside it.',
  },
  {
    id: 'serialised-handlers',
    since: 4,
    what: 'Transitions serialised by a real mutex: an update that waited is judged against the state the previous one left.',
  },
  {
    id: 'fees',
    since: 5,
    what: 'Fees: a fee due before processing holds the dossier in awaiting_fees; the clock starts at payment.',
  },
  {
    id: 'overdue-by-rules',
    since: 5,
    what: 'domain.md §4 (issue 8): escalation from the appointment by the rules, apology timing, due soon N working days before, 766 against the original appointment plus waiting.',
  },
  {
    id: 'calendar-moves-supplement',
    since: 5,
    // Called only when a calendar change moves nothing but a supplement deadline: patched() records its marker
    // where it is first called, so a dossier that never meets that case never records it.
    lazy: true,
    what: 'Newly announced days off that move only an open supplement deadline are recorded (and the stop timer moves).',
  },
] as const satisfies readonly { id: string; since: number; what: string; lazy?: true }[];

export type PatchId = (typeof PATCHES)[number]['id'];
const patch = (id: PatchId): boolean => patched(id);

/** What one dossier runs: read once at its start, in this order (the order is part of its history). */
export interface WorkflowVersion {
  /** Durable deadlines and calendar changes (v2 on); without it the dossier only records its actions. */
  withDeadlines: boolean;
  /** Local projections and delivery beside the transition (v3 on); remote and in line before. */
  localProjections: boolean;
  /** A real mutex (v4 on); before, every waiter resumed at once. */
  serialised: boolean;
  /** The dossier holds its fee (v5 on). */
  withFees: boolean;
  /** The rules by the appointment (v5 on) or the first rules. */
  rules: DeadlineRules;
  /** What decide reads of the version (the lazy patch stays lazy). */
  flags: LifecycleFlags;
  /** The patches this dossier runs with, for the version query (the lazy one once it has been asked). */
  patches(): Record<PatchId, boolean | 'not yet asked'>;
}

export function chooseVersion(input: DossierWorkflowInput): WorkflowVersion {
  const withDeadlines = patch('deadline-timers');
  const localProjections = patch('local-projections');
  const serialised = patch('serialised-handlers');
  // Short-circuit kept: a dossier without deadlines never asks for the fees patch.
  const withFees = withDeadlines && patch('fees');
  const byAppointment = patch('overdue-by-rules');
  const rules: DeadlineRules = byAppointment
    ? {
        byAppointment: true,
        // An input from an API before the setting (absent) keeps the first rule's one working day.
        dueSoonWorkingDays: input.dueSoonWorkingDays ?? FIRST_RULES.dueSoonWorkingDays,
        receivedAt: new Date(input.receivedAt),
      }
    : FIRST_RULES;
  let movesSupplement: boolean | undefined;
  const flags: LifecycleFlags = {
    withDeadlines,
    get movesSupplement() {
      movesSupplement = patch('calendar-moves-supplement');
      return movesSupplement;
    },
  };
  return {
    withDeadlines,
    localProjections,
    serialised,
    withFees,
    rules,
    flags,
    patches: () => ({
      'deadline-timers': withDeadlines,
      'local-projections': localProjections,
      'serialised-handlers': serialised,
      fees: withFees,
      'overdue-by-rules': byAppointment,
      'calendar-moves-supplement': movesSupplement ?? 'not yet asked',
    }),
  };
}
