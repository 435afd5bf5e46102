import { CalendarYear, Procedure, Unit } from '../../domain/catalogue';
import { calendarYears, procedures, units } from '../../db/seeds/catalogue-data';

const parsedUnits = units.map((u) => Unit.parse(u));
const parsedProcedures = procedures.map((p) => Procedure.parse(p));
const parsedYears = calendarYears.map((y) => CalendarYear.parse(y));

const byId = new Map(parsedUnits.map((u) => [u.id, u]));
const ofKind = (kind: Unit['kind']) => parsedUnits.filter((u) => u.kind === kind);
const duplicates = (xs: string[]) => xs.filter((x, i) => xs.indexOf(x) !== i);
const byCode = (code: string) => parsedProcedures.filter((p) => p.code === code).sort((a, b) => a.effectiveFrom.localeCompare(b.effectiveFrom));
const mandatory = (p: Procedure) => p.requiredDocuments.filter((d) => d.requirement === 'mandatory').map((d) => d.code);
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

    it('tell Plan 29 with its dates: the pilot (Cầu Giấy under its first name, Tây Hồ), ten regional branches, points from the two-level government', () => {
      const opening = (id: string) => byId.get(id)!.effectiveFrom;
      expect(ofKind('branch').filter((b) => b.effectiveFrom === '2024-12-01').map((b) => b.id).sort()).toEqual(['branch-cau-giay-thanh-xuan', 'branch-tay-ho']);
      expect(ofKind('branch').filter((b) => b.effectiveFrom === '2025-04-01')).toHaveLength(10);
      for (const p of ofKind('reception_point')) expect(p.effectiveFrom).toBe('2025-07-01');
      const cauGiay = units.find((u) => u.id === 'branch-cau-giay-thanh-xuan')!;
      expect([cauGiay.name, cauGiay.earlier]).toEqual(['Chi nhánh Cầu Giấy – Thanh Xuân', [{ from: opening('branch-cau-giay-thanh-xuan'), to: '2025-03-31', name: 'Chi nhánh Cầu Giấy' }]]);
    });

    it('close each department NQ 06/NQ-HĐND merged on 2025-02-28, into a department that opens the next day', () => {
      const merged = units.filter((u) => u.mergedInto);
      expect(merged.map((u) => [u.name, u.mergedInto])).toEqual(
        expect.arrayContaining([
          ['Sở Giao thông vận tải', 'dept-construction'],
          ['Sở Kế hoạch và Đầu tư', 'dept-finance'],
          ['Sở Lao động - Thương binh và Xã hội', 'dept-home-affairs'],
        ]),
      );
      for (const u of merged) {
        expect(u.effectiveTo).toBe('2025-02-28');
        expect(byId.get(u.mergedInto!)).toMatchObject({ kind: u.kind, effectiveFrom: '2025-03-01', effectiveTo: null });
      }
    });

    it('start no later than their parent', () => {
      for (const u of parsedUnits) {
        const parent = u.parentId === null ? undefined : byId.get(u.parentId);
        if (parent) expect(u.effectiveFrom >= parent.effectiveFrom).toBe(true);
      }
    });
  });

  describe('procedures', () => {
    it('are 31 procedures in 32 versions, each version once (a code, an effective date)', () => {
      // procedures.md's table (34 entries) less those the seed explains away, plus 1.012657 and HN-NQLD; HN-LLTP has two versions.
      expect(new Set(parsedProcedures.map((p) => p.code)).size).toBe(31);
      expect(parsedProcedures).toHaveLength(32);
      expect(duplicates(parsedProcedures.map((p) => `${p.code}@${p.effectiveFrom}`))).toEqual([]);
      for (const code of ['1.012657', 'HN-NQLD']) expect(byCode(code)).toHaveLength(1);
    });

    it('version the criminal-record certificate by NĐ 216/2026/NĐ-CP (in force 01/07/2026), one after the other', () => {
      const [before, after] = byCode('HN-LLTP');
      expect([before.effectiveFrom, before.effectiveTo, after.effectiveFrom, after.effectiveTo]).toEqual(['2025-07-01', '2026-06-30', '2026-07-01', null]);
      expect(mandatory(before)).toEqual(['to-khai', 'giay-to-tuy-than']);
      expect(mandatory(after)).toEqual(['to-khai']);
      for (const v of [before, after]) expect(v.processingTime).toEqual({ value: 10, unit: 'calendar_days' });
    });

    it('mark every conditional component the sources have, each with its condition in words', () => {
      expect(
        Object.fromEntries(
          parsedProcedures
            .filter((p) => p.requiredDocuments.some((d) => d.requirement === 'conditional'))
            .map((p) => [`${p.code}@${p.effectiveFrom}`, p.requiredDocuments.filter((d) => d.requirement === 'conditional').map((d) => d.code)]),
        ),
      ).toEqual({
        'HN-LLTP@2025-07-01': ['van-ban-uy-quyen'], // Luật LLTP Art. 45; procedures.md #1
        'HN-LLTP@2026-07-01': ['van-ban-uy-quyen', 'chung-thuc-chu-ky', 'giay-to-mien-giam-phi'], // NĐ 216/2026/NĐ-CP Art. 22
        '1.001766@2025-07-01': ['van-ban-uy-quyen'], // procedures.md #6
        'HN-DD-BIEN-DONG@2025-07-01': ['ban-ve-tach-hop-thua', 'van-ban-dong-y-the-chap'], // procedures.md #15, repo:7385c94bb26c8631.md
        'HN-DD-LAN-DAU@2025-07-01': ['giay-to-quyen-su-dung-dat'], // procedures.md #16: Art. 137 papers "if any"
        'HN-KBCB-CAP-LAI-GPHD@2025-07-01': ['giay-phep-cu'], // procedures.md #26: damaged original or proof of the error
        '1.012644@2025-11-20': ['quyet-dinh-cong-nhan'], // QĐ 1594/QĐ-TTPVHCC B.I.2: "đối với trường hợp … đến địa bàn tỉnh khác"
        '1.012657@2025-11-20': ['bien-ban-hop'], // QĐ 1594/QĐ-TTPVHCC B.II.2: "(nếu có)"
        'HN-NQLD@2025-07-01': ['van-ban-gop-y', 'van-ban-ky-luat'], // QĐ 321/QĐ-BNV/2025, repo:cb377b43ff901b63.md
        '1.004222@2025-07-01': ['giay-to-cho-o-hop-phap'], // NQ 66.7/2025/NQ-CP: not filed when the databases have it
        'HN-CAN-CUOC@2025-07-01': ['phieu-dc02'], // QĐ 5710/QĐ-BCA-C06: "nếu có thay đổi"
      });
      for (const p of parsedProcedures) {
        for (const d of p.requiredDocuments.filter((x) => x.requirement === 'conditional')) {
          expect([p.code, d.code, d.condition]).toEqual([p.code, d.code, expect.stringMatching(/^Nếu /)]);
          expect([p.code, d.code, d.conditionEn]).toEqual([p.code, d.code, expect.stringMatching(/^if /)]);
        }
        // No component names a condition in its name any more: "(nếu có)" belongs in `condition`.
        for (const d of p.requiredDocuments) expect([p.code, d.name]).toEqual([p.code, expect.not.stringMatching(/nếu có/i)]);
        // Every procedure needs at least one component whatever the conditions.
        expect([p.code, mandatory(p).length > 0]).toEqual([p.code, true]);
      }
    });

    it('count time in the unit the sources say: working days, calendar days ("ngày"), and working hours (QĐ 1594)', () => {
      const units = Object.fromEntries(parsedProcedures.map((p) => [p.code, `${p.processingTime.value} ${p.processingTime.unit}`]));
      expect(units).toMatchObject({
        'HN-LLTP': '10 calendar_days', // Luật LLTP Art. 48(1): "không quá 10 ngày"
        '1.012644': '30 working_days', // QĐ 1594: 30 ngày làm việc = 240 giờ
        '1.012657': '240 working_hours', // QĐ 1594: "30 ngày | 240 giờ", kept in hours
        'HN-NQLD': '7 working_days', // BLLĐ 2019 Art. 119(3): "07 ngày làm việc"
        'HN-GPXD-NORL': '15 calendar_days', // Luật Xây dựng Art. 102: "15 ngày"
        'HN-DT-GCNDKDT': '15 calendar_days', // Luật Đầu tư Art. 38: "15 ngày"
        'HN-KBCB-CAP-LAI-GPHD': '20 calendar_days', // QĐ 1330/QĐ-BYT: "20 ngày"
        'HN-ATTP-CONG-THUONG': '15 calendar_days', // Luật ATTP Art. 36: "15 ngày"
        'HN-DD-BIEN-DONG': '8 working_days', // NĐ 151/2025: "không quá 08 ngày làm việc"
      });
      expect(parsedProcedures.filter((p) => p.processingTime.unit === 'working_hours').map((p) => p.code)).toEqual(['1.012657']);
    });

    it('keep the legal default restart policy: the sources give no procedure whose supplement wait is a pause', () => {
      expect(parsedProcedures.filter((p) => p.supplementPolicy !== 'restart').map((p) => p.code)).toEqual([]);
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
