import { calendarYears, procedures } from '../../db/seeds/catalogue-data';
import { proposeYear, lunarYearName } from '../../domain/calendar-proposal';
import {
  CalendarData,
  CalendarRangeError,
  createCalendar,
  PROPOSED_YEARS_AHEAD,
  provisionalWarnings,
  withProposedYears,
} from '../../domain/calendar';
import { CalendarYear, Procedure } from '../../domain/catalogue';
import { shiftForCalendar } from '../../domain/deadlines';

/**
 * domain.md §4, "Calendars never run out": a year without its official notice is proposed from the Labour
 * Code (Art. 112) and the Vietnamese lunar calendar, and flagged provisional. Expected values are read from
 * the notices (domain.md §3, db/seeds/catalogue-data.ts) and a printed calendar, not from the code.
 */

const official = (year: number) => CalendarYear.parse(calendarYears.find((y) => y.year === year));
const dates = (y: { holidays: { date: string }[] }) => y.holidays.map((h) => h.date);
const t = (local: string): Date => new Date(`${local}:00+07:00`);
const loaded = (years: number[]) =>
  years.map((year) => ({ year, daysOff: dates(official(year)), makeUpWorkingDays: official(year).makeUpWorkingDays.map((d) => d.date) }));

describe('proposeYear (Labour Code 2019, Art. 112)', () => {
  it('2026: the official notice is the proposal plus one bridging day (Mon 31/8 swapped for Sat 22/8)', () => {
    const proposal = proposeYear(2026);
    const notice = official(2026);
    expect(dates(proposal)).toEqual(dates(notice).filter((d) => d !== '2026-08-31'));
    expect(proposal.makeUpWorkingDays).toEqual([]);
    expect(notice.makeUpWorkingDays.map((d) => d.date)).toEqual(['2026-08-22']);
    // Hùng Kings' day on Sunday 26 April gives Monday 27 April, as the notice says.
    expect(proposal.holidays.find((h) => h.date === '2026-04-27')!.name).toBe('Nghỉ bù Ngày Giỗ Tổ Hùng Vương (26/4/2026 là Chủ nhật)');
    expect(proposal.holidays.find((h) => h.date === '2026-02-17')!.name).toBe('Tết Nguyên đán Bính Ngọ (mùng 1)');
  });

  it('2025: the notice moved Tết\'s weekend day before Tết (Mon 27/1, not Mon 3/2) and added the swapped Fri 2/5', () => {
    const proposal = dates(proposeYear(2025));
    const notice = dates(official(2025));
    expect(proposal.filter((d) => !notice.includes(d))).toEqual(['2025-02-03']);
    expect(notice.filter((d) => !proposal.includes(d))).toEqual(['2025-01-27', '2025-05-02']);
  });

  it.each([
    // The Government placed Tết's fifth weekday before Tết rather than after it (2021, 2023, 2024) and
    // swapped a bridging Monday (2024); 2022 was exactly the law's floor.
    [2021, ['2021-02-17'], ['2021-02-10']],
    [2022, [], []],
    [2023, ['2023-01-27'], ['2023-01-20']],
    [2024, ['2024-02-15'], ['2024-02-08', '2024-04-29']],
  ])('%i: proposal-only days %j, notice-only days %j', (year, proposalOnly, noticeOnly) => {
    const proposal = dates(proposeYear(year));
    const notice = dates(official(year));
    expect(proposal.filter((d) => !notice.includes(d))).toEqual(proposalOnly);
    expect(notice.filter((d) => !proposal.includes(d))).toEqual(noticeOnly);
  });

  it('2027: Tết on Saturday 6 February gives two compensatory days after it; 1 May on Saturday gives Monday 3 May', () => {
    expect(dates(proposeYear(2027))).toEqual([
      '2027-01-01',
      '2027-02-05', '2027-02-08', '2027-02-09', '2027-02-10', '2027-02-11',
      '2027-04-16',
      '2027-04-30', '2027-05-03',
      '2027-09-02', '2027-09-03', // Thursday 2/9: Friday 3/9 is the adjacent day
    ]);
    expect(lunarYearName(2027)).toBe('Đinh Mùi');
  });

  it('lists weekdays only, each once, all in the year, with a Vietnamese name', () => {
    for (let year = 2021; year <= 2040; year++) {
      const p = proposeYear(year);
      expect(new Set(dates(p)).size).toBe(p.holidays.length);
      for (const h of p.holidays) {
        const day = new Date(`${h.date}T00:00:00Z`).getUTCDay();
        expect([h.date, day >= 1 && day <= 5, h.date.startsWith(`${year}-`)]).toEqual([h.date, true, true]);
      }
      // 11 statutory days; weekends only ever push them to later weekdays, never lose them.
      expect([year, p.holidays.length]).toEqual([year, 11]);
    }
  });
});

describe('a calendar of official and proposed years', () => {
  const data = withProposedYears(loaded([2020, 2021, 2022, 2023, 2024, 2025, 2026]), 2026);

  it('knows 2020 … current year + 2; the years not loaded are provisional', () => {
    expect(data.years).toEqual({ first: 2020, last: 2026 + PROPOSED_YEARS_AHEAD, provisional: [2027, 2028] });
    expect(provisionalWarnings(data, 2026).map((w) => w.year)).toEqual([2027]);
    expect(provisionalWarnings(withProposedYears([...loaded([2025, 2026]), { year: 2027, daysOff: [], makeUpWorkingDays: [] }], 2026), 2026)).toEqual([]);
    expect(provisionalWarnings(data, 2027).map((w) => w.year)).toEqual([2027, 2028]);
  });

  it('year boundary: 30 working days from Tue 1 Dec 2026 10:00 are due Wed 13 Jan 2027 10:00, provisional (1 Jan 2027 is off)', () => {
    const cal = createCalendar(data, { beyondKnownYears: 'refuse' });
    const due = cal.addWorkingDays(t('2026-12-01T10:00'), 30);
    expect(cal.civilDateTime(due)).toBe('2027-01-13T10:00:00+07:00');
    expect(cal.statusBetween(t('2026-12-01T10:00'), due)).toBe('provisional');
    expect(cal.statusBetween(t('2026-11-02T10:00'), t('2026-12-14T10:00'))).toBe('official');
    // The defect this fixes: with 2026 alone, 1 January 2027 counted as a working day.
    const old = createCalendar({ daysOff: dates(official(2026)) });
    expect(old.civilDateTime(old.addWorkingDays(t('2026-12-01T10:00'), 30))).toBe('2027-01-12T10:00:00+07:00');
    expect(old.statusBetween(t('2026-12-01T10:00'), due)).toBe('official'); // data without `years`: as before
  });

  it('Tết 2024 counts as days off for an import received in 2024 (official)', () => {
    const cal = createCalendar(data, { beyondKnownYears: 'refuse' });
    // Received Wed 7 Feb 2024 10:00; 3 working days: Tết is off Thu 8 – Wed 14 Feb → Mon 19 Feb 10:00.
    const due = cal.addWorkingDays(t('2024-02-07T10:00'), 3);
    expect(cal.civilDateTime(due)).toBe('2024-02-19T10:00:00+07:00');
    expect(cal.statusBetween(t('2024-02-07T10:00'), due)).toBe('official');
  });

  it('the day after the last known year is proposed (provisional) by the API and workflow calendars; a year before the first, or past 2100, is refused by the API', () => {
    const api = createCalendar(data, { beyondKnownYears: 'propose-later' });
    expect(api.isWorkingDay('2028-12-29')).toBe(true);
    expect(api.isWorkingDay('2029-01-01')).toBe(false); // proposed on first use: Tết Dương lịch
    expect(api.nextWorkingDay('2028-12-29')).toBe('2029-01-02');
    expect(api.statusBetween(t('2028-12-29T10:00'), t('2029-01-02T10:00'))).toBe('provisional');
    // Far ahead too: Tết 2035 (Ất Mão, 8 Feb 2035) is off in the proposal.
    expect(api.isWorkingDay('2035-02-08')).toBe(false);
    expect(() => api.isWorkingDay('2019-12-31')).toThrow(CalendarRangeError);
    try {
      api.isWorkingDay('2101-01-03');
      throw new Error('not refused');
    } catch (err) {
      expect(err).toBeInstanceOf(CalendarRangeError);
      expect(err).toMatchObject({ year: 2101, known: { first: 2020, last: 2100 } });
    }
    // `refuse` knows only the years in the data.
    const strict = createCalendar(data, { beyondKnownYears: 'refuse' });
    expect(() => strict.isWorkingDay('2029-01-01')).toThrow(CalendarRangeError);
    expect(() => strict.addWorkingDays(t('2028-12-29T10:00'), 2)).toThrow(CalendarRangeError);
    const workflow = createCalendar(data);
    expect(workflow.isWorkingDay('2029-01-01')).toBe(false);
    expect(workflow.nextWorkingDay('2028-12-29')).toBe('2029-01-02');
    expect(workflow.statusBetween(t('2028-12-29T10:00'), t('2029-01-02T10:00'))).toBe('provisional');
  });

  it('older data (no `years`) still parses and computes as before', () => {
    const old = CalendarData.parse({ daysOff: ['2026-01-01'] });
    expect(old.years).toBeUndefined();
    expect(createCalendar(old).isWorkingDay('2031-01-01')).toBe(true);
  });

  it('how far ahead is enough: the longest seed procedure, two supplements each restarting the clock, the escalation ladder', () => {
    const parsed = procedures.map((p) => Procedure.parse(p));
    const cal = createCalendar(data);
    const receivedAt = t('2026-12-31T16:59');
    let worst = receivedAt;
    for (const p of parsed) {
      const wait = p.supplementWorkingDays;
      let at = cal.dueAt(receivedAt, p.processingTime, p.cutoff);
      for (let i = 0; i < 2; i++) at = cal.dueAt(cal.addWorkingDays(at, wait), p.processingTime, p.cutoff);
      at = cal.addWorkingDays(at, 5);
      if (at > worst) worst = at;
    }
    expect(Number(cal.civilDate(worst).slice(0, 4))).toBeLessThanOrEqual(2026 + PROPOSED_YEARS_AHEAD - 1);
  });
});

describe('a provisional year that the notice then changes (the calendar-change rule)', () => {
  // A dossier due Wed 13 Jan 2027 10:00 under the proposal, seen on Wed 2 Dec 2026.
  const now = t('2026-12-02T09:00');
  const due = t('2027-01-13T10:00');
  const proposed = createCalendar(withProposedYears(loaded([2025, 2026]), 2026));
  const notice = (change: (days: string[]) => string[]) =>
    createCalendar(withProposedYears([...loaded([2025, 2026]), { year: 2027, daysOff: change(dates(proposeYear(2027))), makeUpWorkingDays: [] }], 2026));

  it('a bridging day the notice adds (Mon 4 Jan 2027) moves the appointment one working day later', () => {
    const next = notice((d) => [...d, '2027-01-04']);
    expect(next.civilDateTime(shiftForCalendar(proposed, next, now, due))).toBe('2027-01-14T10:00:00+07:00');
  });

  it('a proposed day off the notice drops (1 Jan 2027) does not move it earlier', () => {
    const next = notice((d) => d.filter((x) => x !== '2027-01-01'));
    expect(next.addWorkingDays(t('2026-12-01T10:00'), 30).toISOString()).toBe(t('2027-01-12T10:00').toISOString());
    expect(shiftForCalendar(proposed, next, now, due).toISOString()).toBe(due.toISOString());
  });
});
