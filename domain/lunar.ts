/**
 * The Vietnamese lunisolar calendar (âm lịch), computed astronomically for a time zone.
 *
 * Hồ Ngọc Đức's algorithm ("Thuật toán tính âm lịch", the one Vietnamese calendar software uses): months
 * begin on the civil day of the new moon, month 11 holds the winter solstice, and in a year with 13 months
 * the first month without a major solar term (trung khí) is the leap month. New moons and the sun's
 * longitude follow Jean Meeus' "Astronomical Algorithms" (accurate to minutes around 1900–2100).
 *
 * The day a new moon falls on depends on the time zone: Vietnam counts at UTC+7 (since 1968), China at
 * UTC+8, so a new moon between 23:00 and 24:00 Beijing time starts a month a day earlier in Vietnam — and a
 * solar term near midnight can even move the leap month (Tết 1985: 21 January in Vietnam, 20 February in
 * China). Pure and deterministic: workflow code imports it (Math only; no clock, no Intl).
 */

/** Vietnam's civil time for the lunar calendar: UTC+7. */
export const VIETNAM_TIME_ZONE_HOURS = 7;

export interface LunarDate {
  day: number;
  month: number;
  /** The lunar year (the civil year in which its month 1 begins). */
  year: number;
  /** A leap (intercalary) month repeats the number of the month before it. */
  leap: boolean;
}

const INT = Math.floor;
const PI = Math.PI;
const DR = PI / 180;

/** Julian day number of a Gregorian civil date. */
function jdFromDate(dd: number, mm: number, yy: number): number {
  const a = INT((14 - mm) / 12);
  const y = yy + 4800 - a;
  const m = mm + 12 * a - 3;
  return dd + INT((153 * m + 2) / 5) + 365 * y + INT(y / 4) - INT(y / 100) + INT(y / 400) - 32045;
}

/** Gregorian civil date of a Julian day number. */
function jdToDate(jd: number): [number, number, number] {
  const a = jd + 32044;
  const b = INT((4 * a + 3) / 146097);
  const c = a - INT((b * 146097) / 4);
  const d = INT((4 * c + 3) / 1461);
  const e = c - INT((1461 * d) / 4);
  const m = INT((5 * e + 2) / 153);
  return [e - INT((153 * m + 2) / 5) + 1, m + 3 - 12 * INT(m / 10), b * 100 + d - 4800 + INT(m / 10)];
}

/** Julian day (UT, fractional) of the k-th new moon after 1900-01-01 (Meeus, chapter 49, shortened). */
function newMoon(k: number): number {
  const T = k / 1236.85;
  const T2 = T * T;
  const T3 = T2 * T;
  let jd1 = 2415020.75933 + 29.53058868 * k + 0.0001178 * T2 - 0.000000155 * T3;
  jd1 += 0.00033 * Math.sin((166.56 + 132.87 * T - 0.009173 * T2) * DR);
  const M = 359.2242 + 29.10535608 * k - 0.0000333 * T2 - 0.00000347 * T3;
  const Mpr = 306.0253 + 385.81691806 * k + 0.0107306 * T2 + 0.00001236 * T3;
  const F = 21.2964 + 390.67050646 * k - 0.0016528 * T2 - 0.00000239 * T3;
  let C1 = (0.1734 - 0.000393 * T) * Math.sin(M * DR) + 0.0021 * Math.sin(2 * DR * M);
  C1 = C1 - 0.4068 * Math.sin(Mpr * DR) + 0.0161 * Math.sin(DR * 2 * Mpr);
  C1 = C1 - 0.0004 * Math.sin(DR * 3 * Mpr);
  C1 = C1 + 0.0104 * Math.sin(DR * 2 * F) - 0.0051 * Math.sin(DR * (M + Mpr));
  C1 = C1 - 0.0074 * Math.sin(DR * (M - Mpr)) + 0.0004 * Math.sin(DR * (2 * F + M));
  C1 = C1 - 0.0004 * Math.sin(DR * (2 * F - M)) - 0.0006 * Math.sin(DR * (2 * F + Mpr));
  C1 = C1 + 0.001 * Math.sin(DR * (2 * F - Mpr)) + 0.0005 * Math.sin(DR * (2 * Mpr + M));
  const deltaT = T < -11 ? 0.001 + 0.000839 * T + 0.0002261 * T2 - 0.00000845 * T3 - 0.000000081 * T * T3 : -0.000278 + 0.000265 * T + 0.000262 * T2;
  return jd1 + C1 - deltaT;
}

/** The sun's apparent longitude, in radians in [0, 2π), at a Julian day (UT). */
function sunLongitude(jdn: number): number {
  const T = (jdn - 2451545.0) / 36525;
  const T2 = T * T;
  const M = 357.5291 + 35999.0503 * T - 0.0001559 * T2 - 0.00000048 * T * T2;
  const L0 = 280.46645 + 36000.76983 * T + 0.0003032 * T2;
  let DL = (1.9146 - 0.004817 * T - 0.000014 * T2) * Math.sin(DR * M);
  DL = DL + (0.019993 - 0.000101 * T) * Math.sin(DR * 2 * M) + 0.00029 * Math.sin(DR * 3 * M);
  const L = (L0 + DL) * DR;
  return L - PI * 2 * INT(L / (PI * 2));
}

/** Which of the 12 major-term sectors (0…11, 30° each) the sun is in at the start of a civil day. */
function sunSector(dayNumber: number, tz: number): number {
  return INT((sunLongitude(dayNumber - 0.5 - tz / 24) / PI) * 6);
}

/** Julian day number of the civil day (in `tz`) of the k-th new moon. */
function newMoonDay(k: number, tz: number): number {
  return INT(newMoon(k) + 0.5 + tz / 24);
}

/** The first day of the lunar month 11 (the month holding the winter solstice) of civil year `yy`. */
function lunarMonth11(yy: number, tz: number): number {
  const off = jdFromDate(31, 12, yy) - 2415021;
  const k = INT(off / 29.530588853);
  const nm = newMoonDay(k, tz);
  // Past the solstice's sector on 31 December's new moon: month 11 began one lunation earlier.
  return sunSector(nm, tz) >= 9 ? newMoonDay(k - 1, tz) : nm;
}

/** Months after month 11 (which begins on `a11`) to the leap month, in a year of 13 months. */
function leapMonthOffset(a11: number, tz: number): number {
  const k = INT((a11 - 2415021.076998695) / 29.530588853 + 0.5);
  let i = 1;
  let arc = sunSector(newMoonDay(k + i, tz), tz);
  let last: number;
  do {
    last = arc;
    i++;
    arc = sunSector(newMoonDay(k + i, tz), tz);
  } while (arc !== last && i < 14);
  return i - 1;
}

function parseDate(date: string): [number, number, number] {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(date);
  if (!m) throw new RangeError(`invalid civil date: ${date}`);
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const back = jdToDate(jdFromDate(d, mo, y));
  if (back[0] !== d || back[1] !== mo || back[2] !== y) throw new RangeError(`invalid civil date: ${date}`);
  return [y, mo, d];
}

const pad = (n: number): string => String(n).padStart(2, '0');
const formatJd = (jd: number): string => {
  const [d, m, y] = jdToDate(jd);
  return `${y}-${pad(m)}-${pad(d)}`;
};

/** The lunar date of a civil date (`YYYY-MM-DD`), counted in the time zone `tz` (hours east of UTC). */
export function solarToLunar(date: string, tz = VIETNAM_TIME_ZONE_HOURS): LunarDate {
  const [yy, mm, dd] = parseDate(date);
  const dayNumber = jdFromDate(dd, mm, yy);
  const k = INT((dayNumber - 2415021.076998695) / 29.530588853);
  let monthStart = newMoonDay(k + 1, tz);
  if (monthStart > dayNumber) monthStart = newMoonDay(k, tz);
  let a11 = lunarMonth11(yy, tz);
  let b11 = a11;
  let year: number;
  if (a11 >= monthStart) {
    year = yy;
    a11 = lunarMonth11(yy - 1, tz);
  } else {
    year = yy + 1;
    b11 = lunarMonth11(yy + 1, tz);
  }
  const day = dayNumber - monthStart + 1;
  const diff = INT((monthStart - a11) / 29);
  let leap = false;
  let month = diff + 11;
  if (b11 - a11 > 365) {
    const leapDiff = leapMonthOffset(a11, tz);
    if (diff >= leapDiff) {
      month = diff + 10;
      leap = diff === leapDiff;
    }
  }
  if (month > 12) month -= 12;
  if (month >= 11 && diff < 4) year -= 1;
  return { day, month, year, leap };
}

/** The civil date (`YYYY-MM-DD`) of a lunar date in the time zone `tz`; RangeError for a leap month that year lacks. */
export function lunarToSolar(lunar: LunarDate, tz = VIETNAM_TIME_ZONE_HOURS): string {
  const { day, month, year, leap } = lunar;
  if (!Number.isInteger(day) || day < 1 || day > 30 || !Number.isInteger(month) || month < 1 || month > 12 || !Number.isInteger(year)) {
    throw new RangeError(`invalid lunar date: ${JSON.stringify(lunar)}`);
  }
  let a11: number;
  let b11: number;
  if (month < 11) {
    a11 = lunarMonth11(year - 1, tz);
    b11 = lunarMonth11(year, tz);
  } else {
    a11 = lunarMonth11(year, tz);
    b11 = lunarMonth11(year + 1, tz);
  }
  const k = INT(0.5 + (a11 - 2415021.076998695) / 29.530588853);
  let off = month - 11;
  if (off < 0) off += 12;
  if (b11 - a11 > 365) {
    const leapOff = leapMonthOffset(a11, tz);
    let leapMonth = leapOff - 2;
    if (leapMonth < 0) leapMonth += 12;
    if (leap && month !== leapMonth) throw new RangeError(`lunar year ${year} has no leap month ${month}`);
    if (leap || off >= leapOff) off += 1;
  } else if (leap) {
    throw new RangeError(`lunar year ${year} has no leap month`);
  }
  const start = newMoonDay(k + off, tz);
  // A 29-day month has no day 30.
  if (day === 30 && newMoonDay(k + off + 1, tz) - start < 30) throw new RangeError(`lunar month ${month}/${year} has 29 days`);
  return formatJd(start + day - 1);
}

/** Tết Nguyên đán: the civil date of 1/1 of the lunar year that begins in civil year `year`. */
export function lunarNewYear(year: number, tz = VIETNAM_TIME_ZONE_HOURS): string {
  return lunarToSolar({ day: 1, month: 1, year, leap: false }, tz);
}
