/** Dates and numbers as the center writes them: dd/MM/yyyy HH:mm in Asia/Ho_Chi_Minh, amounts in đồng. */
const TZ = 'Asia/Ho_Chi_Minh';

const dateTime = new Intl.DateTimeFormat('en-GB', { timeZone: TZ, day: '2-digit', month: '2-digit', year: 'numeric', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' });
const dateOnly = new Intl.DateTimeFormat('en-GB', { timeZone: TZ, day: '2-digit', month: '2-digit', year: 'numeric' });

/** 2026-12-02T01:30:00Z → "02/12/2026 08:30" (the same in both languages: the center's own notation). */
export function formatDateTime(iso: string | null | undefined): string {
  if (!iso) return '—';
  const d = new Date(iso);
  return Number.isNaN(d.getTime()) ? iso : dateTime.format(d).replace(',', '');
}

const dateTimeSeconds = new Intl.DateTimeFormat('en-GB', { timeZone: TZ, day: '2-digit', month: '2-digit', year: 'numeric', hour: '2-digit', minute: '2-digit', second: '2-digit', hourCycle: 'h23' });

/** 2026-12-02T01:30:05Z → "02/12/2026 08:30:05": where seconds matter (attempts a few seconds apart). */
export function formatDateTimeSeconds(iso: string | null | undefined): string {
  if (!iso) return '—';
  const d = new Date(iso);
  return Number.isNaN(d.getTime()) ? iso : dateTimeSeconds.format(d).replace(',', '');
}

/** A civil date (yyyy-MM-dd) or an instant → dd/MM/yyyy. */
export function formatDate(value: string | null | undefined): string {
  if (!value) return '—';
  const civil = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
  if (civil) return `${civil[3]}/${civil[2]}/${civil[1]}`;
  const d = new Date(value);
  return Number.isNaN(d.getTime()) ? value : dateOnly.format(d);
}

export function formatMoney(dong: number, lang: string): string {
  return `${new Intl.NumberFormat(lang === 'en' ? 'en-US' : 'vi-VN').format(dong)} đ`;
}

export function formatPercent(ratio: number | null | undefined, lang: string): string {
  if (ratio === null || ratio === undefined) return '—';
  return new Intl.NumberFormat(lang === 'en' ? 'en-US' : 'vi-VN', { style: 'percent', maximumFractionDigits: 1 }).format(ratio);
}

/** Today in Hanoi as yyyy-MM-dd (for date inputs and filters). */
export function hanoiToday(now = new Date()): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone: TZ }).format(now);
}

const clock = new Intl.DateTimeFormat('en-GB', { timeZone: TZ, hour: '2-digit', minute: '2-digit', second: '2-digit', hourCycle: 'h23' });

/** An instant's time of day in Hanoi with seconds, HH:mm:ss (when a screen last refreshed). */
export function formatClock(at: Date | number): string {
  return clock.format(at);
}
