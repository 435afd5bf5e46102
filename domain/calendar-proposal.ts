import type { CalendarYear } from './catalogue';
import { lunarNewYear, lunarToSolar, VIETNAM_TIME_ZONE_HOURS } from './lunar';

/**
 * A year's days off *proposed* from the Labour Code until the official notice is loaded (domain.md §4,
 * "Calendars never run out"). Pure and deterministic: workflow code imports it.
 *
 * Bộ luật Lao động 2019 (45/2019/QH14), Điều 112: 1 January; Tết, 5 days; Hùng Kings' day (10/3 lunar);
 * 30 April; 1 May; 2 September and one adjacent day; a holiday on the weekly rest day gives a compensatory
 * day off on the next working day (khoản 3). The Government fixes Tết's 5 days each year; the commonest
 * pattern is the last day of the old lunar year and the first four of the new one, which is what is
 * proposed. The Government often adds bridging days swapped for worked Saturdays: a proposal is the floor
 * the law guarantees, not the notice.
 */

/** The Labour Code of 2019 (in force 1 January 2021) that the proposal follows. */
export const PROPOSAL_LEGAL_BASIS = 'Bộ luật Lao động 2019, Điều 112';
/** The first year under the 2019 code (before it, National Day was one day only). */
export const LABOUR_CODE_2019_FROM = 2021;

/** The `source` of a proposed year. */
export const proposalSource = (year: number): string =>
  `Đề xuất (chưa có thông báo chính thức năm ${year}): ${PROPOSAL_LEGAL_BASIS}, âm lịch Việt Nam tính theo UTC+7`;

const STEMS = ['Canh', 'Tân', 'Nhâm', 'Quý', 'Giáp', 'Ất', 'Bính', 'Đinh', 'Mậu', 'Kỷ'];
const BRANCHES = ['Thân', 'Dậu', 'Tuất', 'Hợi', 'Tý', 'Sửu', 'Dần', 'Mão', 'Thìn', 'Tỵ', 'Ngọ', 'Mùi'];

/** The lunar year's name (can chi), e.g. 2026 → "Bính Ngọ". */
export function lunarYearName(year: number): string {
  return `${STEMS[((year % 10) + 10) % 10]} ${BRANCHES[((year % 12) + 12) % 12]}`;
}

const DAY = 86_400_000;
const dayOf = (date: string): number => Date.UTC(Number(date.slice(0, 4)), Number(date.slice(5, 7)) - 1, Number(date.slice(8, 10))) / DAY;
const dateOf = (day: number): string => new Date(day * DAY).toISOString().slice(0, 10);
/** 0 = Sunday … 6 = Saturday (1970-01-01 was a Thursday). */
const weekday = (day: number): number => (((day + 4) % 7) + 7) % 7;
const isWeekend = (day: number): boolean => weekday(day) === 0 || weekday(day) === 6;
const slash = (date: string): string => `${Number(date.slice(8, 10))}/${Number(date.slice(5, 7))}/${date.slice(0, 4)}`;

/**
 * The proposed days off of `year`: weekdays only (weekend days are off anyway), with their Vietnamese
 * names, and no make-up working days (swaps are the Government's choice, made in the notice).
 */
export function proposeYear(year: number): CalendarYear {
  if (!Number.isInteger(year) || year < 1900 || year > 2199) throw new RangeError(`no proposal for year ${year}`);
  const tet = lunarNewYear(year, VIETNAM_TIME_ZONE_HOURS);
  const tetName = `Tết Nguyên đán ${lunarYearName(year)}`;
  const fixed: { day: number; name: string }[] = [{ day: dayOf(`${year}-01-01`), name: 'Tết Dương lịch' }];
  // Tết: the last day of the old year (29 or 30 tháng Chạp) and mùng 1 to mùng 4.
  for (let i = -1; i <= 3; i++) fixed.push({ day: dayOf(tet) + i, name: i < 0 ? `${tetName} (ngày cuối năm âm lịch)` : `${tetName} (mùng ${i + 1})` });
  fixed.push({ day: dayOf(lunarToSolar({ day: 10, month: 3, year, leap: false }, VIETNAM_TIME_ZONE_HOURS)), name: 'Ngày Giỗ Tổ Hùng Vương (10/3 âm lịch)' });
  fixed.push({ day: dayOf(`${year}-04-30`), name: 'Ngày Chiến thắng 30/4' });
  fixed.push({ day: dayOf(`${year}-05-01`), name: 'Quốc tế Lao động 1/5' });
  const national = dayOf(`${year}-09-02`);
  fixed.push({ day: national, name: 'Quốc khánh 2/9' });
  // The adjacent day (only since the 2019 code; the 2012 code gave 2 September alone): the day before, except
  // when 2 September is a Thursday, where Friday 3 September joins the weekend (the choice of the notices of
  // 2021–2026; on the other weekdays the day before makes as long a break as the day after).
  if (year >= LABOUR_CODE_2019_FROM) fixed.push({ day: weekday(national) === 4 ? national + 1 : national - 1, name: 'Quốc khánh 2/9 (ngày nghỉ liền kề)' });
  fixed.sort((a, b) => a.day - b.day);

  const off = new Map<number, string>();
  for (const f of fixed) off.set(f.day, f.name);
  // Art. 112(3): a holiday on the weekly rest day gives the next working day off, in date order.
  for (const f of fixed) {
    if (!isWeekend(f.day)) continue;
    let d = f.day + 1;
    while (isWeekend(d) || off.has(d)) d++;
    off.set(d, `Nghỉ bù ${f.name.replace(/ \(.*\)$/, '')} (${slash(dateOf(f.day))} là ${weekday(f.day) === 0 ? 'Chủ nhật' : 'thứ Bảy'})`);
  }
  const holidays = [...off.entries()]
    .filter(([day]) => !isWeekend(day))
    .sort(([a], [b]) => a - b)
    .map(([day, name]) => ({ date: dateOf(day), name }));
  return { year, holidays, makeUpWorkingDays: [], source: proposalSource(year) };
}
