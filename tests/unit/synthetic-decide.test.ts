import { transitionDossierColumns } from '../../db/projection-rows';
import type { DossierState, TransitionProjection } from '../../domain/dossier';
import { decide, initialState, nextWakeOf, type LifecycleContext } from '../../domain/lifecycle';
import { SYSTEM_ACTOR } from '../../domain/roles';
import { FINAL_STATUSES } from '../../domain/status';
import { DEFAULT_DUE_SOON_WORKING_DAYS } from '../../domain/timeliness';
import { catalogueFromSeed, SyntheticGenerator, type SyntheticDossier, type SyntheticEvent } from '../../scripts/synthetic/generate';

/**
 * Synthetic data is what the workflows would produce: for a sample of dossiers, the scenario's commands (the
 * actions the generator chose, at their instants) replayed through `decide` — with every timer it asks for
 * fired at its instant, as the workflow's loop does, up to the generator's asOf — give exactly the synthetic
 * history, and the dossier row and open tasks are the last transition's projection.
 */
const catalogue = catalogueFromSeed();
const generator = new SyntheticGenerator(catalogue, { dossiers: 4_000, seed: 11, end: '2026-11-25', years: 2 });
const cal = generator.calendar;
const asOf = generator.asOf.getTime();
const dossiers = [...generator.all()];

/** Every 20th dossier, and every one with something rarer than a plain life. */
const sample = dossiers.filter(
  (d, i) => i % 20 === 0 || d.supplementCount > 0 || d.apologizedAt !== null || ['withdrawn', 'stopped'].includes(d.status) || d.events.some((e) => e.action === 'step-late'),
);

const byKind = (a: { kind: string }, b: { kind: string }) => a.kind.localeCompare(b.kind);

interface Replayed {
  events: SyntheticEvent[];
  last: TransitionProjection;
}

/** The dossier's commands through decide, written apart from the generator's driver (scripts/synthetic/life.ts). */
function replay(d: SyntheticDossier): Replayed {
  const receivedAt = d.receivedAt;
  const dossier = { code: d.code, procedure: d.procedure, departmentId: d.departmentId, receivingBranchId: d.receivingBranchId, returnBranchId: d.returnBranchId };
  const ctx: Omit<LifecycleContext, 'now'> = {
    dossier,
    calendar: cal,
    rules: { byAppointment: true, dueSoonWorkingDays: DEFAULT_DUE_SOON_WORKING_DAYS, receivedAt },
    flags: { withDeadlines: true, movesSupplement: true },
  };
  // The appointment the receipt gives (api/receipt.ts).
  const dueAt = cal.dueAt(receivedAt, d.procedure.processingTime, d.procedure.cutoff).toISOString();
  let state: DossierState = initialState({ ...dossier, receivedAt: receivedAt.toISOString(), dueAt }, cal, { withDeadlines: true, withFees: true });
  const events: SyntheticEvent[] = [{ seq: 1, action: 'receive', status: 'received', at: receivedAt, actor: d.events[0].actor, note: null, data: null }];
  let last: TransitionProjection | null = null;
  let now = receivedAt.getTime();
  const take = (decision: ReturnType<typeof decide>, at: number, what: string) => {
    if (!decision.ok) throw new Error(`${d.code}: ${what} refused: ${decision.violation.message}`);
    const p = decision.effects.find((e) => e.type === 'project');
    if (!p || p.type !== 'project') throw new Error(`${d.code}: ${what} recorded nothing`);
    state = decision.next;
    now = at;
    last = p.projection;
    events.push({ seq: p.projection.seq, action: p.projection.action, status: state.status, at: new Date(p.projection.at), actor: p.projection.actor, note: p.projection.note, data: p.projection.data });
  };
  const timersUntil = (t: number) => {
    if (state.status === 'received') return;
    for (let i = 0; i < 100 && !FINAL_STATUSES.has(state.status); i++) {
      const wake = nextWakeOf(state, ctx);
      if (!wake || wake.at.getTime() > Math.min(t, asOf - 1)) return;
      const at = Math.max(wake.at.getTime(), now);
      take(decide(state, { type: 'timer', wake }, { ...ctx, now: new Date(at) }), at, `timer ${wake.kind}`);
    }
  };
  for (const c of d.commands) {
    timersUntil(c.at.getTime());
    expect(c.at.getTime()).toBeLessThan(asOf);
    take(decide(state, c.command, { ...ctx, now: c.at }), c.at.getTime(), c.command.type);
  }
  timersUntil(asOf - 1);
  if (!last) throw new Error(`${d.code}: nothing happened`);
  return { events, last };
}

describe('synthetic dossiers are what decide gives for their scenario', () => {
  test('the sample covers the lives worth checking', () => {
    expect(sample.length).toBeGreaterThan(400);
    for (const pick of [
      (d: SyntheticDossier) => d.status === 'stopped',
      (d: SyntheticDossier) => d.status === 'withdrawn',
      (d: SyntheticDossier) => d.apologizedAt !== null,
      (d: SyntheticDossier) => d.supplementCount === 2,
      (d: SyntheticDossier) => d.escalationLevel >= 3,
      (d: SyntheticDossier) => d.events.some((e) => e.action === 'step-late'),
      (d: SyntheticDossier) => !FINAL_STATUSES.has(d.status),
    ]) {
      expect(sample.filter(pick).length).toBeGreaterThan(0);
    }
  });

  test('the same history, event by event', () => {
    const differing: string[] = [];
    for (const d of sample) {
      const { events } = replay(d);
      if (JSON.stringify(events) !== JSON.stringify(d.events)) differing.push(d.code);
    }
    expect(differing).toEqual([]);
    // Spot check one in full, so that a failure shows the difference.
    const d = sample.find((x) => x.supplementCount > 0 && x.events.some((e) => e.action === 'escalate'))!;
    expect(d.events).toEqual(replay(d).events);
  });

  test('the same dossier row and open tasks as the projection of the last transition', () => {
    const differing: string[] = [];
    for (const d of sample) {
      const { last } = replay(d);
      const row = transitionDossierColumns(last);
      const date = (v: unknown) => (v === null || v === undefined ? null : new Date(v as string).toISOString());
      const iso = (v: Date | null) => (v === null ? null : v.toISOString());
      const got = {
        status: d.status,
        national_status: d.nationalStatus,
        assignee: d.assignee,
        outcome: d.outcome,
        due_at: iso(d.dueAt),
        original_due_at: iso(d.originalDueAt),
        result_ready_at: iso(d.resultReadyAt),
        returned_at: iso(d.returnedAt),
        closed_at: iso(d.closedAt),
        finished_at: iso(d.finishedAt),
        timeliness: d.timeliness,
        on_time_766: d.onTime766,
        supplement_count: d.supplementCount,
        awaiting_supplement_since: iso(d.awaitingSupplementSince),
        supplement_due_at: iso(d.supplementDueAt),
        paused_working_hours: d.pausedWorkingHours,
        apologized_at: iso(d.apologizedAt),
        escalation_level: d.escalationLevel,
        deadline: d.deadline,
        supplement_spans: d.supplementSpans,
        last_seq: d.lastSeq,
        updated_at: iso(d.updatedAt),
        // A table has no order: by kind.
        tasks: d.tasks.map((t) => ({ kind: t.kind, unitId: t.unitId, assignee: t.assignee, dueAt: iso(t.dueAt) })).sort(byKind),
      };
      const want: Record<string, unknown> = {
        ...Object.fromEntries(Object.keys(got).filter((k) => k !== 'tasks').map((k) => [k, k.endsWith('_at') ? date(row[k]) : row[k]])),
        tasks: (last.tasks ?? []).map((t) => ({ kind: t.kind, unitId: t.unitId, assignee: t.assignee, dueAt: t.dueAt })).sort(byKind),
      };
      const keys = Object.keys(got).filter((k) => JSON.stringify(got[k as keyof typeof got]) !== JSON.stringify(want[k]));
      if (keys.length) differing.push(`${d.code}: ${keys.join(', ')}`);
    }
    expect(differing).toEqual([]);
  });

  test('every event that no command caused is one of the system’s timers', () => {
    const byCommand = new Set(['receive', 'transfer', 'claim', 'request-supplement', 'supplement', 'apologize', 'submit', 'approve', 'return', 'withdraw']);
    const system = new Set(['escalate', 'step-late', 'stop']);
    const odd = dossiers.flatMap((d) => {
      const commanded = d.commands.length + 1; // and the receipt
      const timers = d.events.filter((e) => !byCommand.has(e.action));
      return timers.every((e) => system.has(e.action) && e.actor.sub === SYSTEM_ACTOR.sub) && d.events.length === commanded + timers.length ? [] : [d.code];
    });
    expect(odd).toEqual([]);
  });
});
