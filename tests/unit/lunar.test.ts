import { lunarNewYear, lunarToSolar, solarToLunar } from '../../domain/lunar';

describe('Vietnamese lunar calendar (UTC+7)', () => {
  // Tết (1/1 lunar) as celebrated in Vietnam; 2020–2026 are also the first day of Tết in the seed's notices.
  it.each([
    [2020, '2020-01-25'],
    [2021, '2021-02-12'],
    [2022, '2022-02-01'],
    [2023, '2023-01-22'],
    [2024, '2024-02-10'],
    [2025, '2025-01-29'],
    [2026, '2026-02-17'],
    [2027, '2027-02-06'],
    [2028, '2028-01-26'],
    [2029, '2029-02-13'],
    [2030, '2030-02-02'],
  ])('Tết %i is %s', (year, date) => {
    expect(lunarNewYear(year)).toBe(date);
    expect(solarToLunar(date)).toEqual({ day: 1, month: 1, year, leap: false });
  });

  it.each([
    // Hùng Kings' day (10/3 lunar): 2025 Monday 7 April (Công văn 8726/VPCP-KGVX); 2026 Sunday 26 April,
    // hence the compensatory Monday 27 April of Công văn 9859/VPCP-KGVX (domain.md §3).
    [2025, '2025-04-07'],
    [2026, '2026-04-26'],
    [2024, '2024-04-18'],
  ])("Hùng Kings' day %i is %s", (year, date) => {
    expect(lunarToSolar({ day: 10, month: 3, year, leap: false })).toBe(date);
  });

  describe('where UTC+7 and UTC+8 (the Chinese tables) differ', () => {
    it.each([
      // Tết Ất Sửu 1985: 21 January in Vietnam, 20 February in China (the new moon of December 1984 near
      // midnight moves month 11, and with it the whole year; Hồ Ngọc Đức, "Âm lịch Việt Nam").
      [1985, '1985-01-21', '1985-02-20'],
      // Tết Đinh Hợi 2007: 17 February in Vietnam, 18 February in China (new moon at 16:14 UTC: 23:14 on the
      // 17th in Hanoi, 00:14 on the 18th in Beijing; Hồ Ngọc Đức, "Âm lịch Việt Nam").
      [2007, '2007-02-17', '2007-02-18'],
      // Tết 2030: 2 February in Vietnam, 3 February at UTC+8/UTC+9 (doxuta/amlich README, "amlich divergence":
      // "năm âm 2030, ngày 1/1: VN 2030-02-02 ≠ KR 2030-02-03").
      [2030, '2030-02-02', '2030-02-03'],
    ])('Tết %i: %s at UTC+7, %s at UTC+8', (year, vietnam, china) => {
      expect(lunarNewYear(year, 7)).toBe(vietnam);
      expect(lunarNewYear(year, 8)).toBe(china);
    });

    it('a month boundary inside the year differs too (month 11 of 2020 begins 14 December in Vietnam, 15 in China)', () => {
      expect(lunarToSolar({ day: 1, month: 11, year: 2020, leap: false }, 7)).toBe('2020-12-14');
      expect(lunarToSolar({ day: 1, month: 11, year: 2020, leap: false }, 8)).toBe('2020-12-15');
    });
  });

  it('round-trips every day of 2019–2031, with leap months (2020 has a leap 4th month, 2023 a leap 2nd)', () => {
    const seen = new Set<string>();
    for (let ms = Date.UTC(2019, 0, 1); ms <= Date.UTC(2031, 11, 31); ms += 86_400_000) {
      const date = new Date(ms).toISOString().slice(0, 10);
      const lunar = solarToLunar(date);
      if (lunar.leap) seen.add(`${lunar.year}-${lunar.month}`);
      expect([date, lunarToSolar(lunar)]).toEqual([date, date]);
    }
    expect(seen).toContain('2020-4');
    expect(seen).toContain('2023-2');
  });

  it('refuses impossible dates', () => {
    expect(() => solarToLunar('2025-02-30')).toThrow(RangeError);
    expect(lunarToSolar({ day: 1, month: 6, year: 2025, leap: true })).toBe('2025-07-25'); // 2025's leap month is the 6th
    expect(() => lunarToSolar({ day: 1, month: 5, year: 2025, leap: true })).toThrow(RangeError);
    expect(() => lunarToSolar({ day: 0, month: 1, year: 2025, leap: false })).toThrow(RangeError);
  });
});
