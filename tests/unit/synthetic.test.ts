import { parseDossierCode } from '../../domain/dossier-code';
import { NATIONAL_STATUS, type DossierStatus } from '../../domain/status';
import { isOverdue } from '../../domain/timeliness';
import { catalogueFromSeed, PROFILE, SyntheticGenerator, type SyntheticDossier } from '../../scripts/synthetic/generate';
import { copyText, dossierLine, eventLines } from '../../scripts/synthetic/write';

/**
 * The synthetic-data generator (scripts/synthetic/generate.ts), without a database: determinism, the calendar
 * (office hours, working days, appointments), consistency of statuses, timestamps and histories, and the
 * shares the profile designs. Expected values are recomputed here from the rules, not read from the generator.
 */

const catalogue = catalogueFromSeed();
const END = '2026-11-25';
const generator = new SyntheticGenerator(catalogue, { dossiers: 20_000, seed: 7, end: END, years: 2 });
const cal = generator.calendar;
const dossiers: SyntheticDossier[] = [...generator.all()];
const units = new Map(catalogue.units.map((u) => [u.id, u]));
const procedures = new Map(catalogue.procedures.map((p) => [`${p.code}@${p.effectiveFrom}`, p]));

const OPEN: DossierStatus[] = ['received', 'transferred', 'processing', 'awaiting_supplement', 'awaiting_approval'];
const RUNNING: DossierStatus[] = ['received', 'transferred', 'processing', 'awaiting_approval'];
const TASK_OF: Partial<Record<DossierStatus, string>> = {
  transferred: 'claim',
  processing: 'submit',
  awaiting_supplement: 'supplement',
  awaiting_approval: 'approve',
  result_ready: 'return',
};
const share = (n: number, of: number) => n / of;
const same = (a: Date | null, b: Date | null) => (a === null ? b === null : b !== null && a.getTime() === b.getTime());

/** Runs `check` on every dossier and returns the failures (`expect` per dossier would be slow at 20k). */
function violations(check: (d: SyntheticDossier) => string | null | false | undefined): string[] {
  const out: string[] = [];
  for (const d of dossiers) {
    const problem = check(d);
    if (problem) out.push(`${d.code}: ${problem}`);
  }
  return out.slice(0, 20);
}
const count = (pred: (d: SyntheticDossier) => boolean, from: SyntheticDossier[] = dossiers) => from.filter(pred).length;

describe('synthetic data generator', () => {
  test('generates exactly the number asked for, over the window before --end', () => {
    expect(dossiers).toHaveLength(20_000);
    expect(generator.start).toBe('2024-11-25');
    expect(generator.asOf.toISOString()).toBe('2026-11-24T17:00:00.000Z'); // 2026-11-25 00:00 +07:00
    const first = cal.atCivil(generator.start, '00:00');
    expect(violations((d) => !(d.receivedAt >= first && d.receivedAt < generator.asOf) && 'received outside the window')).toEqual([]);
  });

  test('is deterministic for a seed, and another seed gives other data', () => {
    const opts = { dossiers: 2_000, seed: 42, end: END, years: 2 };
    const a = [...new SyntheticGenerator(catalogue, opts).all()];
    const b = [...new SyntheticGenerator(catalogue, opts).all()];
    expect(b).toEqual(a);
    expect(a.map(dossierLine).join('')).toBe(b.map(dossierLine).join(''));
    const c = [...new SyntheticGenerator(catalogue, { ...opts, seed: 43 }).all()];
    expect(c.map((d) => d.code)).not.toEqual(a.map((d) => d.code));
  });

  test('every dossier is received in office hours on a working day of the real calendar', () => {
    expect(violations((d) => !cal.isWorkingDay(cal.civilDate(d.receivedAt)) && 'received on a day off')).toEqual([]);
    expect(violations((d) => !cal.isWithinOfficeHours(d.receivedAt) && 'received outside office hours')).toEqual([]);
    // Days off of the 2025–2026 notices are never used, and the make-up Saturdays are.
    const days = new Set(dossiers.map((d) => cal.civilDate(d.receivedAt)));
    for (const off of ['2025-01-28', '2025-04-07', '2025-05-02', '2025-09-02', '2026-01-01', '2026-02-17', '2026-04-27', '2026-08-31']) {
      expect(days.has(off)).toBe(false);
    }
    expect(days.has('2025-04-26') || days.has('2026-08-22')).toBe(true);
  });

  test('the appointment is the calendar’s, counted again from the last supplement; an apology moves only due_at', () => {
    const problems = violations((d) => {
      const p = procedures.get(`${d.procedureCode}@${d.procedureVersion}`);
      if (!p) return 'unknown procedure version';
      const supplements = d.events.filter((e) => e.action === 'supplement');
      const from = supplements.length ? supplements[supplements.length - 1].at : d.receivedAt;
      if (!same(d.originalDueAt, cal.dueAt(from, p.processingTime, p.cutoff))) return `original_due_at ${d.originalDueAt.toISOString()} is not the calendar's`;
      if (d.apologizedAt ? !(d.dueAt > d.originalDueAt) : !same(d.dueAt, d.originalDueAt)) return 'due_at differs from original_due_at without an apology';
      return null;
    });
    expect(problems).toEqual([]);
    // The unit's own examples of the rules appear: with and without supplements and apologies.
    expect(count((d) => d.supplementCount === 0 && !d.apologizedAt)).toBeGreaterThan(15_000);
    expect(count((d) => d.apologizedAt !== null)).toBeGreaterThan(50);
  });

  test('timeliness is by civil date of result_ready_at against original_due_at; 766 against the first appointment plus the waiting', () => {
    let stricter = 0;
    const problems = violations((d) => {
      if (!d.resultReadyAt) return (d.timeliness !== null || d.onTime766 !== null) && 'timeliness without a result';
      const finished = cal.civilDate(d.resultReadyAt);
      const due = cal.civilDate(d.originalDueAt);
      const expected = finished < due ? 'early' : finished === due ? 'on_time' : 'late';
      if (d.timeliness !== expected) return `timeliness ${d.timeliness}, expected ${expected}`;
      // domain.md §4 "Decision 766 on time": the appointment at receipt + the working hours waited, ≤ 1 request.
      const p = procedures.get(`${d.procedureCode}@${d.procedureVersion}`)!;
      const first = cal.dueAt(d.receivedAt, p.processingTime, p.cutoff);
      const waited = d.events
        .filter((e) => e.action === 'supplement')
        .reduce((h, e) => h + ((e.data!.supplement as { waitedWorkingHours: number }).waitedWorkingHours), 0);
      const limit = waited > 0 ? cal.addWorkingHours(first, waited) : first;
      const on766 = d.supplementCount <= 1 && finished <= cal.civilDate(limit);
      if (d.onTime766 !== on766) return `on_time_766 ${d.onTime766}, expected ${on766}`;
      if (expected !== 'late' && !on766) stricter++;
      return null;
    });
    expect(problems).toEqual([]);
    // restart dossiers in time by their recounted appointment but late for 766 exist (the example).
    expect(stricter).toBeGreaterThan(0);
  });

  test('apologies from the due-soon warning on; those later than one working day before are flagged late', () => {
    const apologies = dossiers.flatMap((d) => d.events.filter((e) => e.action === 'apologize').map((e) => ({ d, e })));
    const problems = apologies
      .filter(({ e }) => e.data!.late !== cal.workingHoursBetween(e.at, new Date(e.data!.oldDueAt as string)) < 8)
      .map(({ d }) => d.code);
    expect(problems).toEqual([]);
    const late = share(apologies.filter(({ e }) => e.data!.late === true).length, apologies.length);
    expect(late).toBeGreaterThan(0.2);
    expect(late).toBeLessThan(0.8);
  });

  test('statuses agree with the timestamps, the history and the open tasks', () => {
    const problems = violations((d) => {
      if (d.nationalStatus !== NATIONAL_STATUS[d.status]) return 'national status';
      // History: seq 1…n in time order, receipt then transfer, ending in the dossier's status, all before asOf.
      const ev = d.events;
      if (ev.some((e, i) => e.seq !== i + 1) || d.lastSeq !== ev.length) return 'seq';
      if (ev[0].action !== 'receive' || ev[0].status !== 'received' || !same(ev[0].at, d.receivedAt)) return 'first event';
      if (ev[1].action !== 'transfer' || ev[1].status !== 'transferred') return 'second event';
      if (ev.some((e, i) => i > 0 && e.at < ev[i - 1].at)) return 'events out of time order';
      const last = ev[ev.length - 1];
      if (last.status !== d.status || !(last.at < generator.asOf) || !same(d.updatedAt, last.at)) return 'last event';
      if (d.supplementCount !== ev.filter((e) => e.action === 'request-supplement').length) return 'supplement_count';
      if (d.pausedWorkingHours > 0 !== ev.some((e) => e.action === 'supplement')) return 'paused_working_hours';
      if (ev.some((e) => e.action === 'claim') && !d.assignee) return 'claimed without an assignee';
      if (d.tasks.some((t) => t.id !== `${d.code}:${t.openedSeq}:${t.kind}`)) return 'task id';

      const tasks = d.tasks.map((t) => t.kind).filter((k) => k !== 'apologize');
      if (OPEN.includes(d.status)) {
        if (d.finishedAt || d.closedAt || d.resultReadyAt || d.returnedAt) return 'open with an end';
        if (tasks.join() !== TASK_OF[d.status]) return `tasks ${tasks.join()}`;
        if (d.status === 'awaiting_supplement' && !(d.supplementDueAt! > d.awaitingSupplementSince!)) return 'supplement deadline';
      } else if (d.status === 'result_ready') {
        if (!d.resultReadyAt || !same(d.finishedAt, d.resultReadyAt) || d.returnedAt || d.closedAt) return 'result_ready timestamps';
        if (tasks.join() !== 'return' || d.tasks.length !== 1) return 'result_ready tasks';
      } else if (d.status === 'returned') {
        if (!d.resultReadyAt || !same(d.finishedAt, d.resultReadyAt) || !(d.returnedAt! >= d.resultReadyAt) || !same(d.closedAt, d.returnedAt)) {
          return 'returned timestamps';
        }
        if (!d.outcome || d.tasks.length) return 'returned outcome/tasks';
      } else {
        if (!['withdrawn', 'stopped'].includes(d.status)) return 'status';
        if (d.resultReadyAt || !d.closedAt || !same(d.finishedAt, d.closedAt) || d.tasks.length) return 'closed timestamps';
      }
      return null;
    });
    expect(problems).toEqual([]);
  });

  test('codes count up per receiving unit and day in order of reception, and continue after existing counters', () => {
    expect(new Set(dossiers.map((d) => d.code)).size).toBe(dossiers.length);
    const byUnitDay = new Map<string, SyntheticDossier[]>();
    const problems = violations((d) => {
      const parsed = parseDossierCode(d.code);
      if (!parsed || parsed.unitCode !== units.get(d.receivingBranchId)!.code || parsed.civilDate !== cal.civilDate(d.receivedAt) || parsed.n !== d.counter.n) {
        return 'code does not match its unit, day and counter';
      }
      const key = `${d.receivingBranchId}|${parsed.civilDate}`;
      const list = byUnitDay.get(key) ?? [];
      list.push(d);
      byUnitDay.set(key, list);
      return null;
    });
    expect(problems).toEqual([]);
    for (const list of byUnitDay.values()) {
      const sorted = [...list].sort((a, b) => a.counter.n - b.counter.n);
      expect(sorted.every((d, i) => d.counter.n === i + 1 && (i === 0 || d.receivedAt >= sorted[i - 1].receivedAt))).toBe(true);
    }
    const continued = new SyntheticGenerator(catalogue, { dossiers: 200, seed: 7, end: END, years: 2, codeBase: () => 100 });
    const first = continued.generateDay(continued.days.findIndex((d) => d.count > 0));
    expect(Math.min(...first.map((d) => d.counter.n))).toBe(101);
  });

  test('units: receiving and return units are branches or reception points; commune-level procedures are decided by a commune', () => {
    const branches = new Set<string>();
    const counter = ['branch', 'reception_point'];
    const problems = violations((d) => {
      const receiving = units.get(d.receivingBranchId)!;
      if (!counter.includes(receiving.kind) || !counter.includes(units.get(d.returnBranchId)!.kind)) return 'receiving or return unit';
      branches.add(receiving.kind === 'branch' ? receiving.id : receiving.parentId!);
      const p = procedures.get(`${d.procedureCode}@${d.procedureVersion}`)!;
      if (p.authorityLevel === 'commune' ? units.get(d.departmentId)?.kind !== 'commune' : d.departmentId !== p.departmentId) return 'competent authority';
      if (d.documents.map((x) => x.code).join() !== p.requiredDocuments.map((x) => x.code).join()) return 'documents';
      // Synthetic applicants: IDs and phones that no real person has.
      if (!/^0000\d{6,8}$/.test(d.applicant.idNumber) || !/^0000\d{6}$/.test(d.applicant.phone)) return 'applicant';
      return null;
    });
    expect(problems).toEqual([]);
    expect(branches.size).toBe(12);
    expect(share(count((d) => d.returnBranchId === d.receivingBranchId), dossiers.length)).toBeCloseTo(PROFILE.sameReturnUnit + (1 - PROFILE.sameReturnUnit) * 0.03, 1);
  });

  test('the shares are roughly as designed', () => {
    const n = dossiers.length;
    expect(share(count((d) => d.channel === 'in_person'), n)).toBeGreaterThan(0.64);
    expect(share(count((d) => d.channel === 'in_person'), n)).toBeLessThan(0.74);
    expect(share(count((d) => d.channel === 'postal'), n)).toBeGreaterThan(0.03);
    expect(share(count((d) => d.channel === 'postal'), n)).toBeLessThan(0.07);
    expect(share(count((d) => d.channel === 'online'), n)).toBeGreaterThan(0.22);
    expect(share(count((d) => d.channel === 'online'), n)).toBeLessThan(0.31);

    const withResult = dossiers.filter((d) => d.resultReadyAt);
    const late = share(count((d) => d.timeliness === 'late', withResult), withResult.length);
    expect(late).toBeGreaterThan(0.05);
    expect(late).toBeLessThan(0.1);
    expect(share(count((d) => d.timeliness !== 'late', withResult), withResult.length)).toBeGreaterThan(0.9);
    expect(count((d) => d.timeliness === 'early')).toBeGreaterThan(0.25 * n);

    const one = share(count((d) => d.supplementCount === 1), n);
    expect(one).toBeGreaterThan(0.06);
    expect(one).toBeLessThan(0.1);
    const two = share(count((d) => d.supplementCount === 2), n);
    expect(two).toBeGreaterThan(0.005);
    expect(two).toBeLessThan(0.02);
    expect(count((d) => d.supplementCount === 2 && d.onTime766 === true)).toBe(0);
    const withdrawn = share(count((d) => d.status === 'withdrawn'), n);
    expect(withdrawn).toBeGreaterThan(0.007);
    expect(withdrawn).toBeLessThan(0.018);
    const stopped = share(count((d) => d.status === 'stopped'), n);
    expect(stopped).toBeGreaterThan(0.004);
    expect(stopped).toBeLessThan(0.013);

    // Recent dossiers are still open, in every open status but the fleeting `received`; some are overdue.
    const open = dossiers.filter((d) => OPEN.includes(d.status));
    expect(open.length).toBeGreaterThan(0.005 * n);
    expect(open.length).toBeLessThan(0.05 * n);
    for (const s of ['transferred', 'processing', 'awaiting_supplement', 'awaiting_approval', 'result_ready'] as const) {
      expect(count((d) => d.status === s)).toBeGreaterThan(0);
    }
    // Overdue by the one definition (domain/timeliness.ts), which the generator's escalations follow.
    const running = dossiers.filter((d) => RUNNING.includes(d.status));
    const isLate = (d: SyntheticDossier) => isOverdue({ status: d.status, originalDueAt: d.originalDueAt }, generator.asOf);
    expect(dossiers.filter((d) => isLate(d) && !RUNNING.includes(d.status))).toEqual([]);
    const overdue = share(count(isLate, running), running.length);
    expect(overdue).toBeGreaterThan(0.02);
    expect(overdue).toBeLessThan(0.3);
    expect(running.filter((x) => isLate(x) && x.escalationLevel < 2).map((x) => x.code)).toEqual([]);
    // Returned a few days after the result, mostly.
    const returned = dossiers.filter((d) => d.status === 'returned');
    const delays = returned.map((d) => cal.workingHoursBetween(d.resultReadyAt!, d.returnedAt!)).sort((a, b) => a - b);
    expect(delays[Math.floor(delays.length / 2)]).toBeLessThan(24);
  });

  test('the weekly and seasonal shape: more on Mondays, fewer around Tết', () => {
    const perDay = new Map<string, number>();
    for (const d of dossiers) perDay.set(cal.civilDate(d.receivedAt), (perDay.get(cal.civilDate(d.receivedAt)) ?? 0) + 1);
    const mean = (days: string[]) => days.reduce((s, day) => s + (perDay.get(day) ?? 0), 0) / days.length;
    const weekday = (day: string) => new Date(`${day}T00:00:00Z`).getUTCDay();
    const workingDays = generator.days.map((d) => d.date);
    expect(mean(workingDays.filter((d) => weekday(d) === 1))).toBeGreaterThan(1.2 * mean(workingDays.filter((d) => weekday(d) === 5)));
    // The working days just before and after Tết 2026 (14–22 February) against the whole window.
    const aroundTet = workingDays.filter((d) => (d >= '2026-02-09' && d <= '2026-02-13') || (d >= '2026-02-23' && d <= '2026-02-27'));
    expect(aroundTet.length).toBe(10);
    expect(mean(aroundTet)).toBeLessThan(0.8 * mean(workingDays));
  });

  test('COPY text escapes what the format needs', () => {
    expect(copyText(null)).toBe('\\N');
    expect(copyText('a\tb\nc\\d\re')).toBe('a\\tb\\nc\\\\d\\re');
    const line = eventLines(dossiers[0]).split('\n')[0].split('\t');
    expect(line).toHaveLength(8);
    expect(dossierLine(dossiers[0]).split('\t')).toHaveLength(37);
  });
});
