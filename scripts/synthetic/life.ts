import type { WorkingCalendar } from '../../domain/calendar';
import type { DeadlineRules } from '../../domain/deadlines';
import type { DossierState, TransitionProjection } from '../../domain/dossier';
import { decide, initialState, nextWakeOf, type Decision, type LifecycleCommand, type LifecycleContext, type LifecycleDossier } from '../../domain/lifecycle';
import { FINAL_STATUSES } from '../../domain/status';

/** A command the scenario gave, at its instant (timers are not listed: they follow from decide). */
export interface ScenarioCommand {
  at: Date;
  command: LifecycleCommand;
}

/**
 * One synthetic dossier lived through `decide` (domain/lifecycle.ts), as its workflow would live it: the
 * scenario's commands in time order and, between them, every timer decide asks for (nextWakeOf) at its instant
 * — or at once, when an action left one already due, as the workflow's timer loop does. Nothing happens at or
 * after `asOf`. The rules are the current version's (every patch on): what a dossier received today runs.
 */
export class DecidedLife {
  state: DossierState;
  /** The recorded transitions (seq 2 on; seq 1, the receipt, is written by whoever receives). */
  readonly projections: TransitionProjection[] = [];
  /** Each projection's instant (its `at`, unparsed). */
  readonly instants: number[] = [];
  /** The scenario's commands that were decided, for replaying them. */
  readonly commands: ScenarioCommand[] = [];
  private readonly ctx: Omit<LifecycleContext, 'now'>;
  private lastAt: number;
  /** asOf reached, or the dossier closed: later commands do not happen. */
  over = false;

  constructor(
    input: LifecycleDossier & { receivedAt: string; dueAt: string },
    calendar: WorkingCalendar,
    dueSoonWorkingDays: number,
    private readonly asOf: number,
  ) {
    const rules = { byAppointment: true, dueSoonWorkingDays, receivedAt: new Date(input.receivedAt) };
    this.ctx = { dossier: input, calendar, rules, flags: { withDeadlines: true, movesSupplement: true } };
    this.state = initialState(input, calendar, { withDeadlines: true, withFees: true });
    this.lastAt = Date.parse(input.receivedAt);
  }

  /** The deadline rules the dossier runs (the current version's). */
  get rules(): DeadlineRules {
    return this.ctx.rules;
  }

  /** The latest instant of the life so far. */
  get now(): number {
    return this.lastAt;
  }

  /**
   * Decides `command` at `at` (after the timers due by then). Gives the refusal if decide refuses, null if the
   * command does not happen (asOf passed, or the dossier closed meanwhile).
   */
  run(at: number, command: LifecycleCommand): Extract<Decision, { ok: false }> | null {
    if (this.over) return null;
    this.advance(Math.min(at, this.asOf - 1));
    if (at >= this.asOf || FINAL_STATUSES.has(this.state.status)) {
      this.over = true;
      return null;
    }
    const when = Math.max(at, this.lastAt);
    const decision = this.decide(command, when);
    if (!decision.ok) return decision;
    this.commands.push({ at: new Date(when), command });
    this.record(decision, when);
    return null;
  }

  /** Lets time pass up to `to` (inclusive, before asOf): every timer that falls due fires. */
  advance(to: number): void {
    const until = Math.min(to, this.asOf - 1);
    // The workflow arms its timers once the dossier has started (transferred or awaiting its fee).
    if (this.state.status === 'received') return;
    for (;;) {
      if (FINAL_STATUSES.has(this.state.status)) return;
      const wake = nextWakeOf(this.state, this.ctx);
      if (!wake || wake.at.getTime() > until) return;
      const at = Math.max(wake.at.getTime(), this.lastAt);
      const decision = this.decide({ type: 'timer', wake }, at);
      // A due timer that changes nothing would fire for ever (the workflow's loop would spin).
      if (!decision.ok || decision.effects.length === 0) throw new Error(`${this.ctx.dossier.code}: the timer ${wake.kind} at ${wake.at.toISOString()} did nothing`);
      this.record(decision, at);
    }
  }

  /** The life up to asOf. */
  finish(): void {
    this.advance(this.asOf - 1);
    this.over = true;
  }

  private decide(command: LifecycleCommand, at: number): Decision {
    return decide(this.state, command, { ...this.ctx, now: new Date(at) });
  }

  private record(decision: Extract<Decision, { ok: true }>, at: number): void {
    for (const effect of decision.effects) {
      if (effect.type !== 'project') continue;
      this.projections.push(effect.projection);
      this.instants.push(at);
    }
    this.state = decision.next;
    this.lastAt = at;
  }
}
