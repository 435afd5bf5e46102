import {
  CalendarData,
  createCalendar,
  DEFAULT_OFFICE_HOURS,
  HOURS_PER_WORKING_DAY,
  OfficeHours,
  type CalendarDataInput,
} from '../../domain/calendar';

/**
 * Expected values are hand-computed from domain.md §3 (office hours Mon–Fri 08:00–12:00, 13:00–17:00,
 * Asia/Ho_Chi_Minh +07:00) and the official 2025 and 2026 notices — never by the code under test.
 */

// Working days lost (weekdays only; the weekend days of each break are off anyway).
const DAYS_OFF_2025 = [
  '2025-01-01', // New Year (Wed)
  '2025-01-27', '2025-01-28', '2025-01-29', '2025-01-30', '2025-01-31', // Tết, Mon–Fri
  '2025-04-07', // Hùng Kings (Mon)
  '2025-04-30', '2025-05-01', '2025-05-02', // 30/4 (Wed), 1/5 (Thu), Fri 2/5 swapped for Sat 26/4
  '2025-09-01', '2025-09-02', // National Day (Mon, Tue)
];
const MAKE_UP_2025 = ['2025-04-26'];
const DAYS_OFF_2026 = [
  '2026-01-01', // New Year (Thu)
  '2026-02-16', '2026-02-17', '2026-02-18', '2026-02-19', '2026-02-20', // Tết, Mon–Fri
  '2026-04-27', // Hùng Kings falls on Sun 26/4 → Mon 27/4
  '2026-04-30', '2026-05-01', // Thu, Fri
  '2026-08-31', '2026-09-01', '2026-09-02', // Mon 31/8 swapped for Sat 22/8; Tue, Wed
];
const MAKE_UP_2026 = ['2026-08-22'];

const cal = createCalendar({
  daysOff: [...DAYS_OFF_2025, ...DAYS_OFF_2026],
  makeUpWorkingDays: [...MAKE_UP_2025, ...MAKE_UP_2026],
});

/** An instant written as Hanoi civil time: `2026-03-02T10:30` or with seconds. */
const t = (local: string): Date => new Date(`${local}${local.length === 16 ? ':00' : ''}+07:00`);
/** Compare instants by their UTC ISO form, so failures print readably. */
const iso = (d: Date): string => d.toISOString();

describe('calendar data', () => {
  it('defaults to +07:00, Mon–Fri 08:00–12:00 / 13:00–17:00, no days off', () => {
    const parsed = CalendarData.parse({});
    expect(parsed).toEqual({ utcOffsetMinutes: 420, officeHours: DEFAULT_OFFICE_HOURS, daysOff: [], makeUpWorkingDays: [] });
    expect(HOURS_PER_WORKING_DAY).toBe(8);
    const plain = createCalendar({});
    expect(plain.isWorkingDay('2026-02-16')).toBe(true);
    expect(plain.isWorkingDay('2026-02-21')).toBe(false);
  });

  it.each<[string, CalendarDataInput['officeHours']]>([
    ['overlapping periods', { weekdays: [1], periods: [{ start: '08:00', end: '12:00' }, { start: '11:00', end: '17:00' }] }],
    ['periods out of order', { weekdays: [1], periods: [{ start: '13:00', end: '17:00' }, { start: '08:00', end: '12:00' }] }],
    ['a period ending before it starts', { weekdays: [1], periods: [{ start: '17:00', end: '08:00' }] }],
    ['no periods', { weekdays: [1], periods: [] }],
    ['a bad clock time', { weekdays: [1], periods: [{ start: '8:00', end: '12:00' }] }],
    ['a bad weekday', { weekdays: [7], periods: [{ start: '08:00', end: '12:00' }] }],
  ])('rejects office hours with %s', (_label, officeHours) => {
    expect(OfficeHours.safeParse(officeHours).success).toBe(false);
    expect(() => createCalendar({ officeHours })).toThrow();
  });

  it.each([['2025-02-30'], ['2026-13-01'], ['26-01-01']])('rejects the impossible day off %s', (date) => {
    expect(() => createCalendar({ daysOff: [date] })).toThrow();
  });
});

describe('civil time at +07:00', () => {
  it.each([
    ['2026-02-22T17:00:00.000Z', '2026-02-23', '2026-02-23T00:00:00+07:00'],
    ['2026-02-22T16:59:59.999Z', '2026-02-22', '2026-02-22T23:59:59.999+07:00'],
    ['2026-02-23T01:00:00.000Z', '2026-02-23', '2026-02-23T08:00:00+07:00'],
    ['2026-02-23T09:59:30.000Z', '2026-02-23', '2026-02-23T16:59:30+07:00'],
    ['2025-12-31T17:00:00.000Z', '2026-01-01', '2026-01-01T00:00:00+07:00'],
    ['2024-02-29T03:05:00.000Z', '2024-02-29', '2024-02-29T10:05:00+07:00'],
  ])('%s is %s, rendered %s', (utc, date, rendered) => {
    expect(cal.civilDate(new Date(utc))).toBe(date);
    expect(cal.civilDateTime(new Date(utc))).toBe(rendered);
  });

  it.each([
    [0, '2026-02-23T01:00:00+00:00'],
    [-150, '2026-02-22T22:30:00-02:30'],
    [345, '2026-02-23T06:45:00+05:45'],
  ])('renders with offset %i minutes', (utcOffsetMinutes, rendered) => {
    expect(createCalendar({ utcOffsetMinutes }).civilDateTime(new Date('2026-02-23T01:00:00Z'))).toBe(rendered);
  });

  it.each([
    ['2026-02-23', '08:00', '2026-02-23T01:00:00.000Z'],
    ['2026-02-23', '00:00', '2026-02-22T17:00:00.000Z'],
    ['2026-01-01', '06:59', '2025-12-31T23:59:00.000Z'],
  ])('atCivil(%s, %s) is %s', (date, time, utc) => {
    expect(iso(cal.atCivil(date, time))).toBe(utc);
  });

  it.each([['2025-02-29', '08:00'], ['2026-02-23', '24:00'], ['2026-2-23', '08:00']])('atCivil rejects %s %s', (date, time) => {
    expect(() => cal.atCivil(date, time)).toThrow(RangeError);
  });

  it('rejects an invalid Date', () => {
    expect(() => cal.civilDate(new Date(Number.NaN))).toThrow(RangeError);
  });

  it('opening and closing of a day', () => {
    expect(iso(cal.openingOf('2026-02-23'))).toBe(iso(t('2026-02-23T08:00')));
    expect(iso(cal.closingOf('2026-02-23'))).toBe(iso(t('2026-02-23T17:00')));
  });
});

describe('working days', () => {
  it.each([
    ['2025-01-01', false], // New Year
    ['2025-01-02', true],
    ['2025-01-24', true], // Friday before Tết
    ['2025-01-27', false], // Tết
    ['2025-01-31', false], // Tết
    ['2025-02-03', true],
    ['2025-04-07', false], // Hùng Kings
    ['2025-04-26', true], // make-up Saturday
    ['2025-04-27', false], // Sunday
    ['2025-04-30', false],
    ['2025-05-01', false],
    ['2025-05-02', false], // swapped
    ['2025-05-03', false], // Saturday
    ['2025-05-05', true],
    ['2025-09-01', false],
    ['2025-09-02', false],
    ['2025-09-03', true],
    ['2026-01-01', false],
    ['2026-01-02', true],
    ['2026-02-13', true],
    ['2026-02-16', false],
    ['2026-02-20', false],
    ['2026-02-21', false], // Saturday
    ['2026-02-23', true],
    ['2026-03-07', false], // ordinary Saturday
    ['2026-03-08', false], // ordinary Sunday
    ['2026-04-27', false], // Hùng Kings (compensatory)
    ['2026-04-28', true],
    ['2026-04-30', false],
    ['2026-05-01', false],
    ['2026-05-04', true],
    ['2026-08-22', true], // make-up Saturday
    ['2026-08-29', false], // Saturday in the break
    ['2026-08-31', false], // swapped
    ['2026-09-01', false],
    ['2026-09-02', false],
    ['2026-09-03', true],
  ])('%s working: %s', (date, working) => {
    expect(cal.isWorkingDay(date)).toBe(working);
  });

  it.each([
    ['2025-01-24', '2025-02-03'], // over Tết 2025
    ['2025-04-25', '2025-04-26'], // Friday → make-up Saturday
    ['2025-04-26', '2025-04-28'],
    ['2025-04-29', '2025-05-05'], // over 30/4–4/5
    ['2025-08-29', '2025-09-03'],
    ['2025-12-31', '2026-01-02'], // over New Year
    ['2026-02-13', '2026-02-23'], // over Tết 2026
    ['2026-02-16', '2026-02-23'], // from inside a break
    ['2026-03-06', '2026-03-09'], // ordinary weekend
    ['2026-04-24', '2026-04-28'], // over Hùng Kings
    ['2026-04-29', '2026-05-04'],
    ['2026-08-21', '2026-08-22'], // make-up Saturday
    ['2026-08-28', '2026-09-03'], // over 2/9
  ])('next working day after %s is %s', (date, next) => {
    expect(cal.nextWorkingDay(date)).toBe(next);
  });

  it('a calendar with only make-up days finds them, and fails cleanly without any', () => {
    const onlyMakeUp = createCalendar({ officeHours: { weekdays: [], periods: DEFAULT_OFFICE_HOURS.periods }, makeUpWorkingDays: ['2026-03-07'] });
    expect(onlyMakeUp.nextWorkingDay('2026-01-01')).toBe('2026-03-07');
    expect(() => onlyMakeUp.nextWorkingDay('2026-03-07')).toThrow(RangeError);
  });
});

describe('office hours', () => {
  it.each([
    ['2026-03-02T07:59', false],
    ['2026-03-02T08:00', true],
    ['2026-03-02T11:59:59', true],
    ['2026-03-02T12:00', false], // lunch: [start, end)
    ['2026-03-02T12:30', false],
    ['2026-03-02T13:00', true],
    ['2026-03-02T16:59', true],
    ['2026-03-02T17:00', false],
    ['2026-03-07T10:00', false], // Saturday
    ['2026-02-16T10:00', false], // Tết
    ['2026-08-22T10:00', true], // make-up Saturday
    ['2025-04-26T14:00', true], // make-up Saturday
  ])('%s inside office hours: %s', (at, inside) => {
    expect(cal.isWithinOfficeHours(t(at))).toBe(inside);
  });
});

describe('clock start', () => {
  it.each<[string, string, string | null, string]>([
    ['inside office hours', '2026-03-02T10:30', null, '2026-03-02T10:30'],
    ['before opening', '2026-03-02T07:15', null, '2026-03-02T08:00'],
    ['at the start of lunch', '2026-03-02T12:00', null, '2026-03-02T13:00'],
    ['during lunch', '2026-03-02T12:45', null, '2026-03-02T13:00'],
    ['at closing', '2026-03-02T17:00', null, '2026-03-03T08:00'],
    ['after close', '2026-03-02T19:30', null, '2026-03-03T08:00'],
    ['Friday after close', '2026-02-27T17:30', null, '2026-03-02T08:00'],
    ['Saturday', '2026-02-28T09:00', null, '2026-03-02T08:00'],
    ['a Tết day', '2026-02-16T09:00', null, '2026-02-23T08:00'],
    ['Friday before Tết, no cut-off', '2026-02-13T16:00', null, '2026-02-13T16:00'],
    ['cut-off, 14:59', '2026-03-02T14:59', '15:00', '2026-03-02T14:59'],
    ['cut-off, 14:59:59', '2026-03-02T14:59:59', '15:00', '2026-03-02T14:59:59'],
    ['cut-off, 15:00', '2026-03-02T15:00', '15:00', '2026-03-03T08:00'],
    ['cut-off, 16:00', '2026-03-02T16:00', '15:00', '2026-03-03T08:00'],
    ['cut-off, morning', '2026-03-02T10:00', '15:00', '2026-03-02T10:00'],
    ['cut-off, before opening', '2026-03-02T07:00', '15:00', '2026-03-02T08:00'],
    ['cut-off, Saturday', '2026-02-28T16:00', '15:00', '2026-03-02T08:00'],
    ['cut-off, Friday before Tết', '2026-02-13T15:00', '15:00', '2026-02-23T08:00'],
    ['cut-off, Friday before the make-up Saturday', '2025-04-25T15:30', '15:00', '2025-04-26T08:00'],
    ['cut-off one hour before closing', '2026-03-02T16:00', '16:00', '2026-03-03T08:00'],
  ])('%s: %s (cut-off %s) → %s', (_label, received, cutoff, start) => {
    expect(iso(cal.clockStart(t(received), cutoff))).toBe(iso(t(start)));
  });

  it('rejects a malformed cut-off', () => {
    expect(() => cal.clockStart(t('2026-03-02T10:00'), '3pm')).toThrow(RangeError);
  });
});

describe('adding working time', () => {
  it.each<[string, string, number, string]>([
    ['domain example: Monday 10:30 + 3 wd', '2026-03-02T10:30', 24, '2026-03-05T10:30'],
    ['domain example: Saturday + 1 wd ends at Monday close', '2026-02-28T10:00', 8, '2026-03-02T17:00'],
    ['opening + 4 h ends at lunch', '2026-03-02T08:00', 4, '2026-03-02T12:00'],
    ['opening + 4.5 h', '2026-03-02T08:00', 4.5, '2026-03-02T13:30'],
    ['opening + 8 h ends at close', '2026-03-02T08:00', 8, '2026-03-02T17:00'],
    ['opening + 0 h', '2026-03-02T08:00', 0, '2026-03-02T08:00'],
    ['0 h from lunch normalises', '2026-03-02T12:20', 0, '2026-03-02T13:00'],
    ['0 h from after close normalises', '2026-03-06T18:00', 0, '2026-03-09T08:00'],
    ['fractional hours over lunch', '2026-03-02T11:00', 1.25, '2026-03-02T13:15'],
    ['received in lunch + 1 wd', '2026-03-02T12:15', 8, '2026-03-03T12:00'],
    ['received after close + 1 wd', '2026-03-02T17:30', 8, '2026-03-03T17:00'],
    ['Friday 16:00 + 1 wd over a weekend', '2026-03-06T16:00', 8, '2026-03-09T16:00'],
    ['Tết 2026: Fri 13 Feb 16:00 + 3 wd', '2026-02-13T16:00', 24, '2026-02-25T16:00'],
    ['Tết 2025: Fri 24 Jan 10:00 + 2 wd', '2025-01-24T10:00', 16, '2025-02-04T10:00'],
    ['30/4 2025: Tue 29 Apr 09:00 + 2 wd', '2025-04-29T09:00', 16, '2025-05-06T09:00'],
    ['make-up Sat 26 Apr 2025 counts: Fri 13:00 + 2 wd', '2025-04-25T13:00', 16, '2025-04-28T12:00'],
    ['received on the make-up Saturday 2025 + 1 wd', '2025-04-26T10:00', 8, '2025-04-28T10:00'],
    ['30/4 2026: Wed 29 Apr 14:00 + 1 wd', '2026-04-29T14:00', 8, '2026-05-04T14:00'],
    ['Hùng Kings 2026: Fri 24 Apr 08:00 + 2 wd', '2026-04-24T08:00', 16, '2026-04-28T17:00'],
    ['make-up Sat 22 Aug 2026 counts: Fri 08:00 + 2 wd', '2026-08-21T08:00', 16, '2026-08-22T17:00'],
    ['2/9 2026: Fri 28 Aug 13:00 + 1 wd', '2026-08-28T13:00', 8, '2026-09-03T12:00'],
    ['2/9 2025: Fri 29 Aug 15:00 + 0.5 wd', '2025-08-29T15:00', 4, '2025-09-03T10:00'],
    ['New Year: Wed 31 Dec 2025 16:30 + 1 wd', '2025-12-31T16:30', 8, '2026-01-02T16:30'],
    ['30 wd from Mon 2 Mar 2026', '2026-03-02T08:00', 240, '2026-04-10T17:00'],
    ['30 wd from Mon 2 Feb 2026, over Tết', '2026-02-02T08:00', 240, '2026-03-20T17:00'],
  ])('%s', (_label, from, hours, expected) => {
    expect(iso(cal.addWorkingHours(t(from), hours))).toBe(iso(t(expected)));
    if (hours % HOURS_PER_WORKING_DAY === 0) {
      expect(iso(cal.addWorkingDays(t(from), hours / HOURS_PER_WORKING_DAY))).toBe(iso(t(expected)));
    }
  });

  it('addWorkingDays with half a day', () => {
    expect(iso(cal.addWorkingDays(t('2026-03-02T08:00'), 0.5))).toBe(iso(t('2026-03-02T12:00')));
  });

  it.each([[-1], [Number.NaN], [Number.POSITIVE_INFINITY]])('rejects %p hours', (hours) => {
    expect(() => cal.addWorkingHours(t('2026-03-02T08:00'), hours)).toThrow(RangeError);
    expect(() => cal.subtractWorkingHours(t('2026-03-02T08:00'), hours)).toThrow(RangeError);
  });

  it('follows custom office hours (Mon–Sat, 07:30–11:30 and 13:30–16:30)', () => {
    const unit = createCalendar({
      officeHours: { weekdays: [1, 2, 3, 4, 5, 6], periods: [{ start: '07:30', end: '11:30' }, { start: '13:30', end: '16:30' }] },
    });
    // Fri 16:00–16:30 0.5 h, Sat 7 h, Mon 07:30–08:00 0.5 h.
    expect(iso(unit.addWorkingDays(t('2026-03-06T16:00'), 1))).toBe(iso(t('2026-03-09T08:00')));
    expect(iso(unit.clockStart(t('2026-03-07T12:00'), null))).toBe(iso(t('2026-03-07T13:30')));
  });
});

describe('subtracting working time (earliest instant)', () => {
  it.each<[string, string, number, string]>([
    ['Mon close − 8 h → previous close', '2026-03-02T17:00', 8, '2026-02-27T17:00'],
    ['across a weekend', '2026-03-02T10:00', 4, '2026-02-27T15:00'],
    ['an exactly emptied morning walks back to the previous close', '2026-03-02T13:00', 4, '2026-02-27T17:00'],
    ['over lunch', '2026-03-02T14:00', 2, '2026-03-02T11:00'],
    ['from lunch', '2026-03-02T12:30', 1, '2026-03-02T11:00'],
    ['from a Sunday', '2026-03-01T10:00', 1, '2026-02-27T16:00'],
    ['across Tết 2026', '2026-02-23T09:00', 8, '2026-02-13T09:00'],
    ['across 2/9 2026 (Sat 29 Aug not worked)', '2026-09-03T08:00', 4, '2026-08-28T12:00'],
    ['onto the make-up Saturday 2026', '2026-08-24T10:00', 4, '2026-08-22T15:00'],
    ['across 30/4 2025', '2025-05-05T09:00', 2, '2025-04-29T16:00'],
    ['0 h inside a period', '2026-03-02T10:00', 0, '2026-03-02T10:00'],
    ['0 h at opening', '2026-03-02T08:00', 0, '2026-02-27T17:00'],
    ['0 h in lunch', '2026-03-02T12:30', 0, '2026-03-02T12:00'],
  ])('%s: %s − %p h → %s', (_label, from, hours, expected) => {
    expect(iso(cal.subtractWorkingHours(t(from), hours))).toBe(iso(t(expected)));
  });
});

describe('working hours between', () => {
  it.each([
    ['2026-03-02T08:00', '2026-03-02T17:00', 8],
    ['2026-03-02T10:30', '2026-03-05T10:30', 24],
    ['2026-03-05T10:30', '2026-03-02T10:30', -24],
    ['2026-03-02T11:30', '2026-03-02T13:30', 1],
    ['2026-03-02T11:45', '2026-03-02T12:00', 0.25],
    ['2026-03-07T08:00', '2026-03-08T17:00', 0], // weekend
    ['2026-03-02T09:00', '2026-03-02T09:00', 0],
    ['2026-02-13T16:00', '2026-02-25T16:00', 24], // over Tết 2026
    ['2026-02-25T16:00', '2026-02-13T16:00', -24],
    ['2026-04-24T08:00', '2026-04-28T17:00', 16], // Mon 27 Apr off
    ['2025-04-25T08:00', '2025-04-28T17:00', 24], // Sat 26 Apr worked
    ['2025-05-03T00:00', '2025-04-29T12:00', -4], // Tue afternoon only; 30/4–2/5 off
    ['2025-12-31T08:00', '2026-01-02T17:00', 16], // New Year
    ['2025-08-29T08:00', '2025-09-03T17:00', 16], // 1–2 Sep 2025 off
    ['2026-08-21T08:00', '2026-09-04T17:00', 72], // 21, 22 (make-up), 24–28 Aug = 7 d; 31 Aug–2 Sep off; 3, 4 Sep = 2 d
  ])('%s → %s = %p h', (a, b, hours) => {
    expect(cal.workingHoursBetween(t(a), t(b))).toBe(hours);
  });
});

describe('appointments', () => {
  const wd = (value: number) => ({ value, unit: 'working_days' as const });
  const wh = (value: number) => ({ value, unit: 'working_hours' as const });
  const cd = (value: number) => ({ value, unit: 'calendar_days' as const });

  it.each<[string, string, { value: number; unit: 'working_days' | 'working_hours' | 'calendar_days' }, string | null, string]>([
    ['3 wd, Monday 10:30', '2026-03-02T10:30', wd(3), null, '2026-03-05T10:30'],
    ['1 wd, Saturday', '2026-02-28T10:00', wd(1), null, '2026-03-02T17:00'],
    ['3 wd, cut-off 15:00, at 14:59', '2026-03-02T14:59', wd(3), '15:00', '2026-03-05T14:59'],
    ['3 wd, cut-off 15:00, at 15:00', '2026-03-02T15:00', wd(3), '15:00', '2026-03-05T17:00'],
    ['3 wd over Tết 2026', '2026-02-13T16:00', wd(3), null, '2026-02-25T16:00'],
    ['3 wd over Tết 2026 with cut-off', '2026-02-13T16:00', wd(3), '15:00', '2026-02-25T17:00'],
    ['4 working hours', '2026-03-02T15:00', wh(4), null, '2026-03-03T10:00'],
    ['4 working hours, cut-off', '2026-03-02T15:00', wh(4), '15:00', '2026-03-03T12:00'],
    ['8 working hours from Saturday', '2026-02-28T10:00', wh(8), null, '2026-03-02T17:00'],
    ['same day', '2026-03-02T10:00', wd(0), null, '2026-03-02T17:00'],
    ['same day, late afternoon, no cut-off', '2026-03-02T16:30', wd(0), null, '2026-03-02T17:00'],
    ['same day, after close', '2026-03-02T17:30', wd(0), null, '2026-03-03T17:00'],
    ['same day, before cut-off', '2026-03-02T14:00', wd(0), '15:00', '2026-03-02T17:00'],
    ['same day, after cut-off', '2026-03-02T15:30', wd(0), '15:00', '2026-03-03T17:00'],
    ['same day, during Tết', '2026-02-14T09:00', wd(0), null, '2026-02-23T17:00'],
    ['same day, Friday before Tết after cut-off', '2026-02-13T15:00', wd(0), '15:00', '2026-02-23T17:00'],
    ['same day, working-hours unit', '2026-03-02T10:00', wh(0), null, '2026-03-02T17:00'],
    ['3 calendar days, on a working day', '2026-03-02T10:00', cd(3), null, '2026-03-05T10:00'],
    ['5 calendar days, ends Saturday', '2026-03-02T10:00', cd(5), null, '2026-03-09T10:00'],
    ['7 calendar days, ends on Hùng Kings day 2026', '2026-04-20T09:00', cd(7), null, '2026-04-28T09:00'],
    ['10 calendar days, ends in Tết 2026', '2026-02-09T14:00', cd(10), null, '2026-02-23T14:00'],
    ['15 calendar days, ends on 30/4 2025', '2025-04-15T10:00', cd(15), null, '2025-05-05T10:00'],
    ['5 calendar days, ends on the make-up Saturday 2025', '2025-04-21T09:00', cd(5), null, '2025-04-26T09:00'],
    ['1 calendar day after cut-off', '2026-03-02T16:00', cd(1), '15:00', '2026-03-04T08:00'],
    ['1 calendar day received on Saturday', '2026-03-07T10:00', cd(1), null, '2026-03-10T08:00'],
  ])('%s', (_label, received, time, cutoff, due) => {
    expect(iso(cal.dueAt(t(received), time, cutoff))).toBe(iso(t(due)));
  });
});

describe('invariants', () => {
  // Every 37 minutes across Tết 2026 and across 30/4 2025 (with its make-up Saturday): all phases of a day.
  const instants: Date[] = [];
  for (const [from, to] of [
    ['2026-02-09T00:00', '2026-03-03T00:00'],
    ['2025-04-20T00:00', '2025-05-08T00:00'],
    ['2026-08-19T00:00', '2026-09-05T00:00'],
  ]) {
    for (let ms = t(from).getTime(); ms < t(to).getTime(); ms += 37 * 60_000) instants.push(new Date(ms));
  }
  const amounts = [0, 0.25, 1, 3.75, 4, 8, 13.5, 24, 100];

  // Collect the offending instants and assert once: clear failure messages, and fast.
  const failures = (check: (x: Date) => boolean): string[] => instants.filter((x) => !check(x)).map(iso);

  it.each(amounts)('workingHoursBetween(clockStart(x), addWorkingHours(x, %p)) === h', (h) => {
    expect(
      failures((x) => {
        const start = cal.clockStart(x, null);
        const end = cal.addWorkingHours(x, h);
        return cal.workingHoursBetween(start, end) === h && cal.workingHoursBetween(x, end) === h && end >= start;
      }),
    ).toEqual([]);
  });

  it.each(amounts)('subtractWorkingHours(addWorkingHours(x, %p), h) is the earliest start with the same clock start', (h) => {
    expect(
      failures((x) => {
        const start = cal.clockStart(x, null);
        const end = cal.addWorkingHours(x, h);
        const back = cal.subtractWorkingHours(end, h);
        return (
          cal.workingHoursBetween(back, end) === h &&
          back <= start &&
          cal.clockStart(back, null).getTime() === start.getTime() &&
          // Earliest: one millisecond earlier already holds more working time.
          cal.workingHoursBetween(new Date(back.getTime() - 1), end) > h
        );
      }),
    ).toEqual([]);
  });

  it('clock starts are inside office hours on working days', () => {
    expect(
      failures((x) => {
        const start = cal.clockStart(x, null);
        return cal.isWithinOfficeHours(start) && cal.isWorkingDay(cal.civilDate(start));
      }),
    ).toEqual([]);
  });
});
