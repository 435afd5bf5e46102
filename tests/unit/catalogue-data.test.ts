import { CalendarYear, Procedure, Unit } from '../../domain/catalogue';
import { calendarYears, procedures, units } from '../../db/seeds/catalogue-data';

const parsedUnits = units.map((u) => Unit.parse(u));
const parsedProcedures = procedures.map((p) => Procedure.parse(p));
const parsedYears = calendarYears.map((y) => CalendarYear.parse(y));

const byId = new Map(parsedUnits.map((u) => [u.id, u]));
const ofKind = (kind: Unit['kind']) => parsedUnits.filter((u) => u.kind === kind);
const duplicates = (xs: string[]) => xs.filter((x, i) => xs.indexOf(x) !== i);
/** 0 = Sunday … 6 = Saturday, for a civil date. */
const weekday = (date: string) => new Date(`${date}T00:00:00Z`).getUTCDay();

describe('catalogue seed data', () => {
  it('parses with the catalogue schemas', () => {
    expect(parsedUnits).toHaveLength(units.length);
    expect(parsedProcedures).toHaveLength(procedures.length);
    expect(parsedYears.map((y) => y.year)).toEqual([2020, 2021, 2022, 2023, 2024, 2025, 2026]);
  });

  describe('units', () => {
    it('have unique ids and unique codes', () => {
      expect(duplicates(parsedUnits.map((u) => u.id))).toEqual([]);
      expect(duplicates(parsedUnits.map((u) => u.code))).toEqual([]);
    });

    it('have one center, 12 branches under it, ≥8 departments and ≥8 wards/communes', () => {
      expect(ofKind('center').map((u) => u.id)).toEqual(['center']);
      const branches = ofKind('branch');
      expect(branches).toHaveLength(12);
      for (const b of branches) expect(b.parentId).toBe('center');
      expect(ofKind('department').length).toBeGreaterThanOrEqual(8);
      expect(ofKind('commune').length).toBeGreaterThanOrEqual(8);
      for (const u of [...ofKind('department'), ...ofKind('commune')]) expect(u.parentId).toBeNull();
    });

    it('put every reception point under a branch, and every branch has one', () => {
      const points = ofKind('reception_point');
      for (const p of points) expect(byId.get(p.parentId ?? '')?.kind).toBe('branch');
      for (const b of ofKind('branch')) expect(points.some((p) => p.parentId === b.id)).toBe(true);
    });

    it('start no later than their parent', () => {
      for (const u of parsedUnits) {
        const parent = u.parentId === null ? undefined : byId.get(u.parentId);
        if (parent) expect(u.effectiveFrom >= parent.effectiveFrom).toBe(true);
      }
    });
  });

  describe('procedures', () => {
    it('are at least 20, with unique codes', () => {
      expect(parsedProcedures.length).toBeGreaterThanOrEqual(20);
      expect(duplicates(parsedProcedures.map((p) => p.code))).toEqual([]);
    });

    it('name a department exactly when they are city-level', () => {
      for (const p of parsedProcedures) {
        if (p.authorityLevel === 'commune') expect([p.code, p.departmentId]).toEqual([p.code, null]);
        else expect([p.code, byId.get(p.departmentId ?? '')?.kind]).toEqual([p.code, 'department']);
      }
    });

    it('list at least one required document, with codes unique within the procedure', () => {
      for (const p of parsedProcedures) {
        const codes = p.requiredDocuments.map((d) => d.code);
        expect(codes.length).toBeGreaterThan(0);
        expect([p.code, duplicates(codes)]).toEqual([p.code, []]);
        for (const c of codes) expect(c).toMatch(/^[a-z0-9]+(-[a-z0-9]+)*$/);
      }
    });

    it('split the statutory time exactly when they have steps', () => {
      for (const p of parsedProcedures.filter((q) => q.steps.length > 0)) {
        const total = p.steps.reduce((sum, s) => sum + s.duration, 0);
        expect([p.code, total]).toEqual([p.code, p.processingTime.value]);
      }
    });
  });

  describe('calendar years', () => {
    it.each(parsedYears.map((y) => [y.year, y] as const))('%i: days off are weekdays, make-up days are weekends', (year, y) => {
      const dates = [...y.holidays, ...y.makeUpWorkingDays].map((d) => d.date);
      expect(duplicates(dates)).toEqual([]);
      for (const d of dates) expect(d.startsWith(`${year}-`)).toBe(true);
      for (const h of y.holidays) expect([h.date, [1, 2, 3, 4, 5].includes(weekday(h.date))]).toEqual([h.date, true]);
      for (const m of y.makeUpWorkingDays) expect([m.date, [0, 6].includes(weekday(m.date))]).toEqual([m.date, true]);
    });

    it('match the official notices', () => {
      const [y2025, y2026] = [2025, 2026].map((year) => parsedYears.find((y) => y.year === year)!);
      expect(y2025.holidays.map((h) => h.date)).toEqual([
        '2025-01-01', '2025-01-27', '2025-01-28', '2025-01-29', '2025-01-30', '2025-01-31', '2025-04-07',
        '2025-04-30', '2025-05-01', '2025-05-02', '2025-09-01', '2025-09-02',
      ]);
      expect(y2025.makeUpWorkingDays.map((d) => d.date)).toEqual(['2025-04-26']);
      expect(y2026.holidays.map((h) => h.date)).toEqual([
        '2026-01-01', '2026-02-16', '2026-02-17', '2026-02-18', '2026-02-19', '2026-02-20', '2026-04-27',
        '2026-04-30', '2026-05-01', '2026-08-31', '2026-09-01', '2026-09-02',
      ]);
      expect(y2026.makeUpWorkingDays.map((d) => d.date)).toEqual(['2026-08-22']);
    });

    it('2020–2024 carry their notices: Tết 7 or 9 days, the 2024 swap, one National Day in 2020 (Labour Code 2012)', () => {
      const year = (n: number) => parsedYears.find((y) => y.year === n)!;
      const tet = (n: number) => year(n).holidays.filter((h) => h.name.startsWith('Tết Nguyên đán')).map((h) => h.date);
      expect(tet(2020)).toEqual(['2020-01-23', '2020-01-24', '2020-01-27', '2020-01-28', '2020-01-29']);
      expect(tet(2021)).toEqual(['2021-02-10', '2021-02-11', '2021-02-12', '2021-02-15', '2021-02-16']);
      expect(tet(2022)).toEqual(['2022-01-31', '2022-02-01', '2022-02-02', '2022-02-03', '2022-02-04']);
      expect(tet(2023)).toEqual(['2023-01-20', '2023-01-23', '2023-01-24', '2023-01-25', '2023-01-26']);
      expect(tet(2024)).toEqual(['2024-02-08', '2024-02-09', '2024-02-12', '2024-02-13', '2024-02-14']);
      expect(year(2020).holidays.filter((h) => h.date.startsWith('2020-09'))).toHaveLength(1);
      expect(year(2024).makeUpWorkingDays.map((d) => d.date)).toEqual(['2024-05-04']);
      expect(year(2024).holidays.map((h) => h.date)).toContain('2024-04-29');
      for (const n of [2020, 2021, 2022, 2023, 2024]) expect([n, /https?:\/\//.test(year(n).source)]).toEqual([n, true]);
    });
  });
});
