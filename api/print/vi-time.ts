import type { WorkingCalendar } from '../../domain/calendar';
import type { ProcessingTime } from '../../domain/terms';

/**
 * Dates and times as the forms write them, in Vietnamese and in the calendar's civil time (Asia/Ho_Chi_Minh,
 * +07:00) through the domain calendar: no Intl, no time-zone database.
 */
function parts(calendar: WorkingCalendar, at: Date): { y: string; mo: string; d: string; h: string; mi: string } {
  // `YYYY-MM-DDTHH:mm:ss[.sss]+07:00`
  const s = calendar.civilDateTime(at);
  return { y: s.slice(0, 4), mo: s.slice(5, 7), d: s.slice(8, 10), h: s.slice(11, 13), mi: s.slice(14, 16) };
}

/** `ngày 13 tháng 01 năm 2027` */
export function viDate(calendar: WorkingCalendar, at: Date): string {
  const p = parts(calendar, at);
  return `ngày ${p.d} tháng ${p.mo} năm ${p.y}`;
}

/** `10 giờ 00 phút, ngày 13 tháng 01 năm 2027` (to the minute, as the appointment must be). */
export function viDateTime(calendar: WorkingCalendar, at: Date): string {
  const p = parts(calendar, at);
  return `${p.h} giờ ${p.mi} phút, ngày ${p.d} tháng ${p.mo} năm ${p.y}`;
}

/** `13/01/2027 10:00` for tables. */
export function viShort(calendar: WorkingCalendar, at: Date): string {
  const p = parts(calendar, at);
  return `${p.d}/${p.mo}/${p.y} ${p.h}:${p.mi}`;
}

const TIME_UNIT_VI: Record<ProcessingTime['unit'], string> = {
  working_days: 'ngày làm việc',
  working_hours: 'giờ làm việc',
  calendar_days: 'ngày',
};

/** `30 ngày làm việc`; a same-day procedure: `trong ngày`. Decimals with a comma, as Vietnamese writes them. */
export function viProcessingTime(t: ProcessingTime): string {
  if (t.value === 0) return 'trong ngày';
  return `${String(t.value).replace('.', ',')} ${TIME_UNIT_VI[t.unit]}`;
}

/** `1.250.000 đồng` (dots group thousands in Vietnamese). */
export function viMoney(amount: number): string {
  const whole = Math.round(amount);
  return `${String(whole).replace(/\B(?=(\d{3})+(?!\d))/g, '.')} đồng`;
}
