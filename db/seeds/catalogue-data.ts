/**
 * Catalogue seed data for the Hanoi Public Administration Service Center (TTPVHCC): organisational units,
 * procedures and the 2025–2026 working-day calendars.
 *
 * Where the data comes from:
 * - /work/shared/domain.md (§1 organisation, §3 days off) and its research, shared/reference/domain-research.md
 *   (§5 holidays, §6 branches) and shared/reference/procedures.md (Part 1 departments, Parts 2–4 procedures).
 *   Each record's `source` names the document, URL or `repo:<hash>.md` file (= tnt305/tai_lieu_noi_bo,
 *   src/etl/dataset/<hash>.md) and the research's status label: CONFIRMED, CORROBORATED or UNCONFIRMED.
 * - Ward/commune names are those in force since 01/07/2025 (NQ 1656/NQ-UBTVQH15, 126 xã/phường), checked
 *   against the Hanoi list in the minimum-wage annex of NĐ 293/2025/NĐ-CP as quoted in public code.
 * - Times, fees and cut-offs are copied from the research; where it gives none the field is null and the note
 *   says so. Nothing here is a guess presented as a fact: uncertainty is written into `source` / `fee.note`.
 *
 * Unit codes are ILLUSTRATIVE, in the shape of Decision 20/2020/QĐ-TTg (`AAA.BB.CC.H26`; whether H26 is
 * Hanoi is itself unconfirmed): center 000.00.00, branches 000.BB.00 (BB is our ordering, not the official
 * "Chi nhánh số N"), reception points 000.BB.PP, competent authorities 000.00.DD (DD ≥ 11), wards/communes
 * 001.00.NN. Replace them with the codes from the national database before production use.
 */
import type { z } from 'zod';
import type { CalendarYear, Procedure, Unit } from '../../domain/catalogue';

/** A unit as the seed gives it: today's values, and optionally its earlier versions and what it merged into (db/catalogue.ts). */
type UnitInput = z.input<typeof Unit> & {
  earlier?: { from: string; to: string; name: string; code?: string }[];
  mergedInto?: string;
};
type ProcedureInput = z.input<typeof Procedure>;
type CalendarYearInput = z.input<typeof CalendarYear>;

// ---------------------------------------------------------------------------------------------------------
// Units
// ---------------------------------------------------------------------------------------------------------

const SRC_CENTER =
  'domain.md §1; QĐ 63/2024/QĐ-UBND (24/10/2024) on the Centre\'s functions and NQ 35/NQ-HĐND (04/10/2024) — ' +
  'domain-research.md §6.1 [S25][S34]; cited in QĐ 1594/QĐ-TTPVHCC (repo:82483d7fa7f7a186.md). CONFIRMED';

const SRC_PLAN =
  'domain.md §1; Plan 29/KH-UBND (25/01/2025) as reported by baotintuc.vn ' +
  'https://baotintuc.vn/xa-hoi/ha-noi-to-chuc-hoat-dong-chi-nhanh-trung-tam-phuc-vu-hanh-chinh-cong-20250125120449177.htm ' +
  'and Tiền Phong (https://thactrang.com/tin-tuc/ha-noi-trung-tam-phuc-vu-hanh-chinh-cong-thanh-pho-to-chuc-va-hoat-dong-theo-3-cap-187051.html) — ' +
  'domain-research.md §6.2 [S23][S24]; 12 branches [S25][S30]';

const SRC_DEPARTMENTS =
  'procedures.md Part 1: NQ 06/NQ-HĐND (25/02/2025, in force 01/03/2025), 15 departments or equivalent; ' +
  'https://nld.com.vn/ha-noi-giam-6-so-con-15-so-sau-khi-sap-xep-sap-nhap-196250225095602691.htm ; ' +
  'https://thanhnien.vn/ha-noi-cong-bo-10-giam-doc-so-nganh-sau-sap-xep-bo-may-185250225155148982.htm. ' +
  'CORROBORATED (the resolution itself was not seen)';

const SRC_COMMUNES =
  'NQ 1656/NQ-UBTVQH15: 126 xã/phường from 01/07/2025 (procedures.md Part 1; Wikipedia "Hà Nội", ' +
  'repo:b80b0fad2af9a505.md). CORROBORATED. Name checked against the Hanoi list of NĐ 293/2025/NĐ-CP (minimum-wage annex)';

const SRC_POINT =
  'Illustrative reception point named after a real ward/commune (from 01/07/2025) of the branch\'s former-district ' +
  'territory. The Centre lists about 30 points of 12 branches (Notice 190/TB-TTPVHCC of 30/06/2025 [S29]; [S19]); ' +
  'the official point list and the branch-territory appendix [S30] were not seen — domain-research.md §6.3';

const center: UnitInput = {
  id: 'center',
  code: '000.00.00.H26',
  name: 'Trung tâm Phục vụ hành chính công thành phố Hà Nội',
  kind: 'center',
  parentId: null,
  address: null,
  effectiveFrom: '2024-10-24',
  source: SRC_CENTER,
};

interface BranchSpec {
  id: string;
  no: number;
  name: string;
  effectiveFrom: string;
  address?: string;
  note?: string;
  /** Reception points: [id slug, ward/commune label as written in the point's name]. */
  points: [string, string][];
  /** Earlier names, each to its last day (units over time). */
  earlier?: { from: string; to: string; name: string }[];
}

const PILOT = '2024-12-01';
const REGIONAL = '2025-04-01';
const TWO_LEVEL = '2025-07-01';

const branchSpecs: BranchSpec[] = [
  {
    id: 'branch-tay-ho',
    no: 1,
    name: 'Chi nhánh Tây Hồ',
    effectiveFrom: PILOT,
    address: '258 Võ Chí Công, phường Tây Hồ, thành phố Hà Nội',
    note:
      'Pilot branch (01/12/2024); "Chi nhánh số 1", serving from 05/03/2025 [S26]. Address from QĐ 1597/QĐ-TTPVHCC ' +
      '(21/11/2025, repo:ca72de8fb3033d5c.md), CONFIRMED; pilot also used the former district one-stop at 657 Lạc Long Quân [S24]',
    points: [
      ['tay-ho', 'phường Tây Hồ'],
      ['phu-thuong', 'phường Phú Thượng'],
    ],
  },
  {
    id: 'branch-cau-giay-thanh-xuan',
    no: 2,
    name: 'Chi nhánh Cầu Giấy – Thanh Xuân',
    effectiveFrom: PILOT,
    address: '85 Dịch Vọng Hậu, Cầu Giấy, thành phố Hà Nội',
    note:
      'Pilot branch (01/12/2024) as "Cầu Giấy"; extended to Thanh Xuân with the regional phase (INFERRED in the research; ' +
      'formal rename UNCONFIRMED). Address of "Chi nhánh số 2" [S25]; the pilot counter was at 2 Tôn Thất Thuyết [S24]. ' +
      'Renamed here on 01/04/2025, when the ten regional branches opened and the territories were shared out (Plan 29 ' +
      'assigns every other former district to a regional branch, so Thanh Xuân fell to Cầu Giấy then); the date of a ' +
      'formal renaming decision was not found',
    earlier: [{ from: PILOT, to: '2025-03-31', name: 'Chi nhánh Cầu Giấy' }],
    points: [
      ['cau-giay', 'phường Cầu Giấy'],
      ['nghia-do', 'phường Nghĩa Đô'],
      ['thanh-xuan', 'phường Thanh Xuân'],
    ],
  },
  {
    id: 'branch-ba-vi-son-tay-thach-that',
    no: 3,
    name: 'Chi nhánh Ba Vì – Sơn Tây – Thạch Thất',
    effectiveFrom: REGIONAL,
    points: [
      ['son-tay', 'phường Sơn Tây'],
      ['ba-vi', 'xã Ba Vì'],
      ['thach-that', 'xã Thạch Thất'],
    ],
  },
  {
    id: 'branch-dong-anh-me-linh-soc-son',
    no: 4,
    name: 'Chi nhánh Đông Anh – Mê Linh – Sóc Sơn',
    effectiveFrom: REGIONAL,
    points: [
      ['dong-anh', 'xã Đông Anh'],
      ['me-linh', 'xã Mê Linh'],
      ['soc-son', 'xã Sóc Sơn'],
    ],
  },
  {
    id: 'branch-hoai-duc-phuc-tho-dan-phuong',
    no: 5,
    name: 'Chi nhánh Hoài Đức – Phúc Thọ – Đan Phượng',
    effectiveFrom: REGIONAL,
    points: [
      ['hoai-duc', 'xã Hoài Đức'],
      ['phuc-tho', 'xã Phúc Thọ'],
      ['dan-phuong', 'xã Đan Phượng'],
    ],
  },
  {
    id: 'branch-ha-dong-chuong-my-quoc-oai',
    no: 6,
    name: 'Chi nhánh Hà Đông – Chương Mỹ – Quốc Oai',
    effectiveFrom: REGIONAL,
    points: [
      ['ha-dong', 'phường Hà Đông'],
      ['chuong-my', 'phường Chương Mỹ'],
      ['quoc-oai', 'xã Quốc Oai'],
    ],
  },
  {
    id: 'branch-thanh-oai-ung-hoa-my-duc',
    no: 7,
    name: 'Chi nhánh Thanh Oai – Ứng Hòa – Mỹ Đức',
    effectiveFrom: REGIONAL,
    points: [
      ['thanh-oai', 'xã Thanh Oai'],
      ['ung-hoa', 'xã Ứng Hòa'],
      ['my-duc', 'xã Mỹ Đức'],
    ],
  },
  {
    id: 'branch-thuong-tin-phu-xuyen-thanh-tri',
    no: 8,
    name: 'Chi nhánh Thường Tín – Phú Xuyên – Thanh Trì',
    effectiveFrom: REGIONAL,
    points: [
      ['thuong-tin', 'xã Thường Tín'],
      ['phu-xuyen', 'xã Phú Xuyên'],
      ['thanh-tri', 'xã Thanh Trì'],
    ],
  },
  {
    id: 'branch-hoang-mai-hai-ba-trung',
    no: 9,
    name: 'Chi nhánh Hoàng Mai – Hai Bà Trưng',
    effectiveFrom: REGIONAL,
    address: '52 Lê Đại Hành, phường Hai Bà Trưng, thành phố Hà Nội',
    note:
      'Address of "Chi nhánh số 4" in QĐ 1597/QĐ-TTPVHCC (repo:ca72de8fb3033d5c.md), CONFIRMED; that it is this regional ' +
      'branch is INFERRED from the ward (UNCONFIRMED). The same building is given as Sở Xây dựng\'s head office',
    points: [
      ['hai-ba-trung', 'phường Hai Bà Trưng'],
      ['hoang-mai', 'phường Hoàng Mai'],
      ['vinh-tuy', 'phường Vĩnh Tuy'],
    ],
  },
  {
    id: 'branch-nam-tu-liem-bac-tu-liem',
    no: 10,
    name: 'Chi nhánh Nam Từ Liêm – Bắc Từ Liêm',
    effectiveFrom: REGIONAL,
    points: [
      ['tu-liem', 'phường Từ Liêm'],
      ['xuan-phuong', 'phường Xuân Phương'],
      ['dong-ngac', 'phường Đông Ngạc'],
    ],
  },
  {
    id: 'branch-long-bien-gia-lam',
    no: 11,
    name: 'Chi nhánh Long Biên – Gia Lâm',
    effectiveFrom: REGIONAL,
    points: [
      ['long-bien', 'phường Long Biên'],
      ['bo-de', 'phường Bồ Đề'],
      ['gia-lam', 'xã Gia Lâm'],
    ],
  },
  {
    id: 'branch-dong-da-hoan-kiem-ba-dinh',
    no: 12,
    name: 'Chi nhánh Đống Đa – Hoàn Kiếm – Ba Đình',
    effectiveFrom: REGIONAL,
    points: [
      ['hoan-kiem', 'phường Hoàn Kiếm'],
      ['ba-dinh', 'phường Ba Đình'],
      ['dong-da', 'phường Đống Đa'],
    ],
  },
];

const two = (n: number): string => String(n).padStart(2, '0');

const branches: UnitInput[] = branchSpecs.map((b) => ({
  id: b.id,
  code: `000.${two(b.no)}.00.H26`,
  name: b.name,
  kind: 'branch',
  parentId: 'center',
  address: b.address ?? null,
  effectiveFrom: b.effectiveFrom,
  source: b.note ? `${SRC_PLAN}. ${b.note}` : SRC_PLAN,
  ...(b.earlier ? { earlier: b.earlier } : {}),
}));

const receptionPoints: UnitInput[] = branchSpecs.flatMap((b) =>
  b.points.map(([slug, label], i) => ({
    id: `rp-${slug}`,
    code: `000.${two(b.no)}.${two(i + 1)}.H26`,
    name: `Điểm tiếp nhận ${label}`,
    kind: 'reception_point' as const,
    parentId: b.id,
    address: null,
    effectiveFrom: TWO_LEVEL,
    source: SRC_POINT,
  })),
);

/** [id, name, note appended to the source, address] — the 15 bodies of NQ 06/NQ-HĐND, then vertical agencies. */
const departmentSpecs: [string, string, string, string | null][] = [
  ['dept-home-affairs', 'Sở Nội vụ', 'Merged with Sở Lao động - Thương binh và Xã hội', null],
  ['dept-justice', 'Sở Tư pháp', 'Criminal records passed to the Police', null],
  [
    'dept-finance',
    'Sở Tài chính',
    'Merged with Sở Kế hoạch và Đầu tư; business registration at Phòng Đăng ký kinh doanh và Tài chính doanh nghiệp ' +
      '(Thông báo 14834/TB-STC, repo:72ab2874a18cfeb8.md)',
    null,
  ],
  ['dept-industry-trade', 'Sở Công Thương', 'Delegations under QĐ 5742/QĐ-UBND (repo:de12aaa1630f3a30.md), CONFIRMED', null],
  [
    'dept-agriculture-environment',
    'Sở Nông nghiệp và Môi trường',
    'Merged with Sở Tài nguyên và Môi trường; includes Văn phòng đăng ký đất đai Hà Nội and its branches (QĐ 1610/QĐ-TTPVHCC, CONFIRMED)',
    null,
  ],
  [
    'dept-construction',
    'Sở Xây dựng',
    'Merged with Sở Giao thông vận tải; functions QĐ 24/2025/QĐ-UBND and QĐ 56/2025/QĐ-UBND; head office 52 Lê Đại Hành (procedures.md Part 1)',
    '52 Lê Đại Hành, phường Hai Bà Trưng, thành phố Hà Nội',
  ],
  ['dept-science-technology', 'Sở Khoa học và Công nghệ', 'Merged with Sở Thông tin và Truyền thông', null],
  ['dept-culture-sports', 'Sở Văn hóa và Thể thao', 'Took press and publishing', null],
  ['dept-education', 'Sở Giáo dục và Đào tạo', 'Kept', null],
  ['dept-health', 'Sở Y tế', 'Kept', null],
  ['dept-inspectorate', 'Thanh tra thành phố Hà Nội', 'Kept among the 15', null],
  ['dept-city-office', 'Văn phòng Ủy ban nhân dân thành phố Hà Nội', 'Sở Ngoại vụ merged into it', null],
  [
    'dept-ethnic-religion',
    'Sở Dân tộc và Tôn giáo',
    'New; functions QĐ 13/2025/QĐ-UBND (28/02/2025); address CONFIRMED in QĐ 1594/QĐ-TTPVHCC (repo:82483d7fa7f7a186.md)',
    '12 Nguyễn Trãi, phường Hà Đông, thành phố Hà Nội',
  ],
  ['dept-tourism', 'Sở Du lịch', 'Kept as a separate department', null],
  ['dept-planning-architecture', 'Sở Quy hoạch - Kiến trúc', 'Kept (Hanoi-specific)', null],
];

const departments: UnitInput[] = [
  ...departmentSpecs.map(
    ([id, name, note, address], i): UnitInput => ({
      id,
      code: `000.00.${11 + i}.H26`,
      name,
      kind: 'department',
      parentId: null,
      address,
      effectiveFrom: '2025-03-01',
      source: `${SRC_DEPARTMENTS}. ${note}`,
    }),
  ),
  {
    id: 'dept-police',
    code: '000.00.26.H26',
    name: 'Công an thành phố Hà Nội',
    kind: 'department',
    parentId: null,
    address: null,
    // The date from which it decides the criminal-record procedure; sources conflict (01/03/2025 vs 31/7/2025).
    effectiveFrom: '2025-03-01',
    source:
      'procedures.md Part 1 (vertical agencies) and #1, #32–34: residence, ID cards, passports (Phòng QLXNC), criminal ' +
      'records since 01/03/2025 (soha.vn https://soha.vn/tu-hom-nay-nguoi-dan-xin-phieu-ly-lich-tu-phap-o-dau-198250301201248462.htm). ' +
      'CORROBORATED; handover date conflicts with "31/7/2025" (UNCONFIRMED)',
  },
];

/**
 * The departments that NQ 06/NQ-HĐND merged into others from 01/03/2025 (procedures.md Part 1): closed on
 * 28/02/2025 with the department that took them over. [id, name, merged into]. When each was founded is not in
 * the sources: 01/08/2008, when today's Hanoi was formed (NQ 15/2008/QH12), stands for "before the Center".
 */
const mergedDepartmentSpecs: [string, string, string][] = [
  ['dept-labour-invalids-social', 'Sở Lao động - Thương binh và Xã hội', 'dept-home-affairs'],
  ['dept-planning-investment', 'Sở Kế hoạch và Đầu tư', 'dept-finance'],
  ['dept-natural-resources-environment', 'Sở Tài nguyên và Môi trường', 'dept-agriculture-environment'],
  ['dept-agriculture-rural-development', 'Sở Nông nghiệp và Phát triển nông thôn', 'dept-agriculture-environment'],
  ['dept-transport', 'Sở Giao thông vận tải', 'dept-construction'],
  ['dept-information-communications', 'Sở Thông tin và Truyền thông', 'dept-science-technology'],
  ['dept-foreign-affairs', 'Sở Ngoại vụ', 'dept-city-office'],
];

const mergedDepartments: UnitInput[] = mergedDepartmentSpecs.map(([id, name, into], i) => ({
  id,
  code: `000.00.${41 + i}.H26`,
  name,
  kind: 'department',
  parentId: null,
  address: null,
  effectiveFrom: '2008-08-01',
  effectiveTo: '2025-02-28',
  mergedInto: into,
  source: `${SRC_DEPARTMENTS}. Merged into ${into} from 01/03/2025; founding date not in the sources (01/08/2008 stands for "before the Center")`,
}));

/** [slug, name] of wards/communes modelled as competent authorities for commune-level procedures. */
const communeSpecs: [string, string][] = [
  ['hoan-kiem', 'phường Hoàn Kiếm'],
  ['ba-dinh', 'phường Ba Đình'],
  ['dong-da', 'phường Đống Đa'],
  ['hai-ba-trung', 'phường Hai Bà Trưng'],
  ['hoang-mai', 'phường Hoàng Mai'],
  ['cau-giay', 'phường Cầu Giấy'],
  ['thanh-xuan', 'phường Thanh Xuân'],
  ['tay-ho', 'phường Tây Hồ'],
  ['long-bien', 'phường Long Biên'],
  ['tu-liem', 'phường Từ Liêm'],
  ['ha-dong', 'phường Hà Đông'],
  ['son-tay', 'phường Sơn Tây'],
  ['soc-son', 'xã Sóc Sơn'],
  ['dong-anh', 'xã Đông Anh'],
  ['gia-lam', 'xã Gia Lâm'],
  ['thanh-tri', 'xã Thanh Trì'],
  ['ba-vi', 'xã Ba Vì'],
  ['thuong-tin', 'xã Thường Tín'],
];

const communes: UnitInput[] = communeSpecs.map(([slug, label], i) => ({
  id: `commune-${slug}`,
  code: `001.00.${two(i + 1)}.H26`,
  name: `Ủy ban nhân dân ${label}`,
  kind: 'commune',
  parentId: null,
  address: null,
  effectiveFrom: TWO_LEVEL,
  source: SRC_COMMUNES,
}));

export const units: UnitInput[] = [center, ...branches, ...receptionPoints, ...departments, ...mergedDepartments, ...communes];

// ---------------------------------------------------------------------------------------------------------
// Procedures
// ---------------------------------------------------------------------------------------------------------

const NO_DOCS_NOTE =
  'The research lists no components: the request form that the procedure obviously requires is given; complete the list from the national database';

/** NĐ 151/2025/NĐ-CP times, quoted in several places (e.g. repo:0fce634e81363ae9.md). */
const SRC_LAND = 'procedures.md #15–19: NĐ 151/2025/NĐ-CP, Phụ lục I, Phần V, A.II (repo:0fce634e81363ae9.md and other verbatim quotes)';

/*
 * procedures.md lists 34 entries; the procedures below cover them except these, each left out for a reason:
 * - #6 domestic death registration (1.000656): its time (Luật Hộ tịch Art. 34) was not re-read — UNCONFIRMED; the foreign-element
 *   variant 1.001766 is here.
 * - #13 procurement-practice certificate (1.012507, QĐ 1609/QĐ-TTPVHCC): filed online only, on the Ministry of Finance's system
 *   (chungchidauthau.mof.gov.vn), never at a branch; and its 15 wd run from the exam-result decision, not from a reception.
 * - #20 land-data extract on home ownership (QĐ 1643/QĐ-TTPVHCC): online only (in-person filing stopped), and no processing time is stated.
 * - #21 driving-licence exchange (TT 12/2025/TT-BCA): the processing time under the police regime was not found.
 * - #23's other work-permit procedures (1.014200 re-issue, 1.014201 extension, 1.014196 exemption): their times under NĐ 219/2025 are
 *   UNCONFIRMED; the work permit itself (1.014199) is here.
 * - #25 poor / near-poor household certification: its 15 days run from the monthly review (from the 15th), not from a reception, a clock
 *   the appointment rules (domain.md §3) do not express.
 * - #27 medical birth certificate (Giấy chứng sinh): issued by a health facility, not received at the one-stop desk; single source of
 *   unclear origin (UNCONFIRMED).
 * - #30 retail tobacco licence (2.000181): authority after 01/07/2025, time and fee not found.
 * - #32's temporary residence (1.004194): no time in the research; permanent residence (1.004222) is here.
 * - #7–8's other certifications (2.000908, 2.000992, 2.001008, 2.001035, 2.001019): codes listed without their components; the two
 *   representative ones (2.000815, 2.000884) are here.
 * Added beyond the table: 1.012657 (the second procedure of QĐ 1594/QĐ-TTPVHCC, counted in working hours) and HN-NQLD (#24).
 *
 * Time units, checked against the sources: "ngày làm việc" → working_days, "ngày" alone → calendar_days (the Civil Code's counting of
 * "ngày"), "giờ làm việc" → working_hours (1.012657). The criminal-record certificate (HN-LLTP) stays in calendar days: see its source.
 * Supplement policy: every procedure keeps the legal default `restart` (domain.md §2.5). None of the sources read gives a
 * procedure whose waiting time for a supplement is a pause (the land decrees exclude the time for tax obligations and notices, which is
 * not a supplement): no procedure here uses `pause`.
 */
/** The criminal-record certificate, shared by its two versions (below). */
const LLTP = {
  code: 'HN-LLTP',
  nationalCode: null,
  name: 'Cấp Phiếu lý lịch tư pháp cho cá nhân',
  nameEn: 'Criminal-record certificate (individual)',
  authorityLevel: 'city',
  departmentId: 'dept-police',
  // "không quá 10 ngày, kể từ ngày nhận được yêu cầu hợp lệ" (Art. 48(1)): "ngày", not "ngày làm việc" — calendar days.
  processingTime: { value: 10, unit: 'calendar_days' },
  cutoff: null,
  fee: {
    amount: 200_000,
    note:
      'TT 16/2025/TT-BTC (from 24/4/2025), CONFIRMED: 100,000 VND for students ≥16, people with meritorious service, martyrs\' relatives; ' +
      'online (incl. VNeID) 170,000 / 80,000 VND until 31/12/2025; +5,000 VND per copy from the 3rd; exemptions for children, the elderly, ' +
      'people with disabilities, poor/near-poor households',
  },
  legalBasis:
    'Luật Lý lịch tư pháp số 28/2009/QH12 (sửa đổi bởi Luật 68/2020/QH14 và Luật 107/2025/QH15), Điều 45, 48; NĐ 216/2026/NĐ-CP, Điều 22–24; ' +
    'Thông tư 16/2025/TT-BTC (phí)',
} satisfies Partial<ProcedureInput>;

const LLTP_SOURCE =
  'procedures.md #1. TIME UNIT: the statute says "ngày", so calendar days. Art. 48(1) as codified (Bộ pháp điển, đề mục Lý lịch tư pháp, ' +
  'Điều 15.4.LQ.48; copy in github.com/diepxuan/diepxuan.github.io van-ban/hanh-chinh-tu-phap/ly-lich-tu-phap.md at 83cca8a8, Feb 2026): ' +
  '"Thời hạn cấp Phiếu lý lịch tư pháp không quá 10 ngày, kể từ ngày nhận được yêu cầu hợp lệ … thì thời hạn không quá 15 ngày." ' +
  'The 2009 text had 20 days for the long case (luatsulyhon.org; thuvienphapluat.vn Q&A 20795). Only the MOJ Q&A ' +
  '(https://hdpl.moj.gov.vn/Pages/chi-tiet-hoi-dap.aspx?ItemID=86968) writes "10 ngày làm việc … 15 ngày làm việc": a paraphrase, not the ' +
  'statute; where these texts count working days they say so (NĐ 216/2026 Art. 7(1) "01 ngày làm việc", Art. 23(1) "08 giờ làm việc"). ' +
  'The 2025 amendment (Luật 107/2025/QH15) was not found in text; NĐ 216/2026/NĐ-CP Art. 24 refers to "khoản 2 Điều 48" without restating ' +
  'the unit: UNCONFIRMED whether the amendment changed it — re-check. Only the 10-day case is modelled (15 days with verification or ' +
  'several residences; 24 h for urgent requests of prosecuting bodies). Police authority since 01/03/2025 CORROBORATED (date conflicts ' +
  'with 31/7/2025). Local code: "3.000333" from a GitHub scrape is UNCONFIRMED.';

export const procedures: ProcedureInput[] = [
  // --- Justice / civil status / certification -------------------------------------------------------
  // Two versions: the components changed with NĐ 216/2026/NĐ-CP (in force 01/07/2026, Art. 27(1)); the time did not.
  {
    ...LLTP,
    requiredDocuments: [
      { code: 'to-khai', name: 'Tờ khai yêu cầu cấp Phiếu lý lịch tư pháp (Mẫu 03/2024/LLTP hoặc 04/2024/LLTP, TT 06/2024/TT-BTP)' },
      { code: 'giay-to-tuy-than', name: 'Bản chụp giấy tờ tùy thân của người yêu cầu' },
      {
        code: 'van-ban-uy-quyen',
        name: 'Văn bản ủy quyền (chỉ với Phiếu số 1)',
        requirement: 'conditional',
        condition: 'Nếu ủy quyền cho người khác làm thủ tục (không cần khi cha, mẹ, vợ, chồng, con yêu cầu thay)',
        conditionEn: 'if someone else applies by authorisation (not needed for a parent, spouse or child)',
      },
    ],
    effectiveFrom: TWO_LEVEL,
    effectiveTo: '2026-06-30',
    source:
      LLTP_SOURCE +
      ' COMPONENTS (to 30/06/2026): Luật LLTP Art. 45 and NĐ 111/2010 as summarised in procedures.md #1 — declaration and ID copy; an ' +
      'authorisation for certificate no. 1 unless a parent, spouse or child applies. CORROBORATED (pre-handover)',
  },
  {
    ...LLTP,
    // NĐ 216/2026/NĐ-CP, Art. 22: in person, the declaration only; by post, with the signature authenticated; for someone
    // else (not a parent, spouse, child or ward), a notarised or certified authorisation; proof of a fee exemption or
    // reduction when claimed. Someone who comes in person for their own certificate brings no letter.
    requiredDocuments: [
      { code: 'to-khai', name: 'Tờ khai yêu cầu cấp Phiếu lý lịch tư pháp' },
      {
        code: 'van-ban-uy-quyen',
        name: 'Văn bản ủy quyền được công chứng hoặc chứng thực',
        requirement: 'conditional',
        condition: 'Nếu yêu cầu cấp Phiếu cho người khác (không phải cha, mẹ, vợ, chồng, con của mình hoặc người mà mình giám hộ)',
        conditionEn: "if applying for someone else (not one's parent, spouse, child or ward)",
      },
      {
        code: 'chung-thuc-chu-ky',
        name: 'Chứng thực chữ ký của người yêu cầu trên Tờ khai',
        requirement: 'conditional',
        condition: 'Nếu yêu cầu qua dịch vụ bưu chính',
        conditionEn: 'if the request comes by post',
      },
      {
        code: 'giay-to-mien-giam-phi',
        name: 'Bản chụp hoặc bản sao giấy tờ chứng minh thuộc diện miễn, giảm phí',
        requirement: 'conditional',
        condition: 'Nếu người yêu cầu thuộc diện miễn, giảm phí',
        conditionEn: 'if the applicant claims a fee exemption or reduction',
      },
    ],
    effectiveFrom: '2026-07-01',
    source:
      LLTP_SOURCE +
      ' COMPONENTS (from 01/07/2026): NĐ 216/2026/NĐ-CP Art. 22(1)(c), (1)(b), (2)(b), (8), in force 01/07/2026 (Art. 27(1)), copy (luatvietnam.vn; ' +
      'baochinhphu.vn) in github.com/diepxuan/diepxuan.github.io van-ban/tu-phap-thi-hanh-an/nghi-dinh-216-2026-nd-cp-ly-lich-tu-phap.md. ' +
      'The ID copy is gone: Art. 23(2)(a) forbids asking for papers that prove data in the population database. CORROBORATED (one copy)',
  },
  {
    code: '1.001193',
    nationalCode: '1.001193',
    name: 'Đăng ký khai sinh',
    nameEn: 'Birth registration',
    authorityLevel: 'commune',
    departmentId: null,
    processingTime: { value: 0, unit: 'working_days' },
    cutoff: null,
    requiredDocuments: [
      { code: 'to-khai', name: 'Tờ khai đăng ký khai sinh' },
      { code: 'giay-chung-sinh', name: 'Giấy chứng sinh, hoặc văn bản của người làm chứng / giấy cam đoan về việc sinh' },
      { code: 'giay-to-tuy-than', name: 'Giấy tờ tùy thân của người đi đăng ký (xuất trình)' },
    ],
    fee: { amount: 0, note: 'Miễn lệ phí khi đăng ký đúng hạn (Luật Hộ tịch, Điều 11(1)(b)), CORROBORATED (repo:c10608b785758067.md)' },
    effectiveFrom: TWO_LEVEL,
    legalBasis: 'Luật Hộ tịch 2014, Điều 11 và Điều 16(2); NĐ 123/2015/NĐ-CP sửa đổi bởi NĐ 07/2025/NĐ-CP',
    source:
      'procedures.md #2. Code CONFIRMED (NQ 66.7/2025/NQ-CP annex, repo:e538df5c1d06ae41.md); time "ngay sau khi nhận đủ giấy tờ" ' +
      'CORROBORATED (verbatim quote, repo:e7fed5c3bcd0187f.md); components CORROBORATED (CV 481/BTP-HTQTCT, repo:bc94d8df57dd7543.md). ' +
      'No after-15:00 cut-off found for this procedure',
  },
  {
    code: '2.000986',
    nationalCode: '2.000986',
    name: 'Liên thông thủ tục hành chính về đăng ký khai sinh, đăng ký thường trú, cấp thẻ bảo hiểm y tế cho trẻ em dưới 6 tuổi',
    nameEn: 'Bundled birth registration, permanent residence and health-insurance card for a child under 6',
    authorityLevel: 'commune',
    departmentId: null,
    processingTime: { value: 3, unit: 'working_days' },
    cutoff: '15:00',
    requiredDocuments: [
      { code: 'to-khai-lien-thong', name: 'Biểu mẫu điện tử tương tác liên thông (khai sinh, thường trú, cấp thẻ BHYT)' },
      { code: 'giay-chung-sinh', name: 'Giấy chứng sinh hoặc giấy tờ thay thế' },
    ],
    fee: { amount: null, note: 'No fee stated beyond those of the component procedures (procedures.md #3)' },
    effectiveFrom: TWO_LEVEL,
    legalBasis: 'NĐ 63/2024/NĐ-CP, Điều 7 (thời hạn ≤3 ngày làm việc, ≤5 nếu phải xác minh; nhận sau 15 giờ tính từ ngày làm việc tiếp theo)',
    source:
      'procedures.md #3. Code CONFIRMED (NQ 66.7 annex); time and the after-15:00 rule CORROBORATED (verbatim quote of NĐ 63/2024 Art. 7(2), ' +
      'https://thuvienphapluat.vn/phap-luat/lien-thong-dien-tu-dang-ky-thuong-tru-cho-tre-duoi-6-tuoi-…-107755-164805.html). ' +
      'Online only (national portal / VNeID). Decided by UBND cấp xã with Công an cấp xã and BHXH. ' + NO_DOCS_NOTE,
  },
  {
    code: '1.000894',
    nationalCode: '1.000894',
    name: 'Đăng ký kết hôn',
    nameEn: 'Marriage registration (domestic)',
    authorityLevel: 'commune',
    departmentId: null,
    processingTime: { value: 0, unit: 'working_days' },
    cutoff: '15:00',
    requiredDocuments: [
      { code: 'to-khai', name: 'Tờ khai đăng ký kết hôn' },
      { code: 'giay-to-tuy-than', name: 'Giấy tờ tùy thân của hai bên (xuất trình; hai bên có mặt)' },
    ],
    fee: { amount: 0, note: 'Miễn lệ phí cho công dân Việt Nam cư trú trong nước, CORROBORATED' },
    effectiveFrom: TWO_LEVEL,
    legalBasis: 'Luật Hộ tịch 2014, Điều 11, 17, 18; NĐ 07/2025/NĐ-CP',
    source:
      'procedures.md #4. Code CONFIRMED (NQ 66.7 annex); time "immediately, ≤5 wd if verification is needed" CORROBORATED ' +
      '(https://cpdanluat.thuvienphapluat.vn/thu-tuc-va-y-nghia-cua-viec-dang-ky-ket-hon-187434.aspx?PostID=553586). The 15:00 cut-off is from an ' +
      'HCMC ward sheet (http://linhchieu.tpthuduc.hochiminhcity.gov.vn/cac-thu-tuc-hanh-chinh/dang-ky-ket-hon/ct/5206/3021): UNCONFIRMED for Hanoi. ' +
      'Single-status certificate no longer required (CV 481/BTP-HTQTCT)',
  },
  {
    code: '2.000806',
    nationalCode: '2.000806',
    name: 'Đăng ký kết hôn có yếu tố nước ngoài',
    nameEn: 'Marriage registration with a foreign element',
    authorityLevel: 'commune',
    departmentId: null,
    processingTime: { value: 5, unit: 'working_days' },
    cutoff: null,
    requiredDocuments: [
      { code: 'to-khai', name: 'Tờ khai đăng ký kết hôn' },
      { code: 'giay-to-tuy-than', name: 'Giấy tờ tùy thân / hộ chiếu của hai bên' },
    ],
    fee: {
      amount: 1_000_000,
      note: 'NQ 06/2020/NQ-HĐND (Hanoi, district level before the reform): whether it still applies after 01/07/2025 is UNCONFIRMED',
    },
    effectiveFrom: TWO_LEVEL,
    legalBasis: 'NĐ 120/2025/NĐ-CP, Điều 4 (thẩm quyền cấp xã từ 01/07/2025) và Điều 5(1)(b) (5 ngày làm việc; ≤10 nếu xác minh)',
    source:
      'procedures.md #5. Code CONFIRMED (NQ 66.7 annex); time CORROBORATED (verbatim quote, ' +
      'https://thuvienphapluat.vn/phap-luat/dang-ky-ket-hon-co-yeu-to-nuoc-ngoai-o-dau-…-977119-244019.html). ' + NO_DOCS_NOTE,
  },
  {
    code: '1.001766',
    nationalCode: '1.001766',
    name: 'Đăng ký khai tử có yếu tố nước ngoài',
    nameEn: 'Death registration with a foreign element',
    authorityLevel: 'commune',
    departmentId: null,
    processingTime: { value: 0, unit: 'working_days' },
    cutoff: '15:00',
    requiredDocuments: [
      { code: 'to-khai', name: 'Tờ khai đăng ký khai tử' },
      { code: 'giay-bao-tu', name: 'Giấy báo tử hoặc giấy tờ thay thế Giấy báo tử' },
      { code: 'giay-to-tuy-than', name: 'Giấy tờ tùy thân của người đi đăng ký (xuất trình)' },
      {
        code: 'van-ban-uy-quyen',
        name: 'Văn bản ủy quyền',
        requirement: 'conditional',
        condition: 'Nếu người khác nộp hồ sơ thay theo ủy quyền',
        conditionEn: 'if someone else files by authorisation',
      },
    ],
    fee: { amount: 0, note: 'Miễn lệ phí khi đăng ký đúng hạn (Luật Hộ tịch, Điều 11), CORROBORATED' },
    effectiveFrom: TWO_LEVEL,
    legalBasis: 'Luật Hộ tịch 2014, Điều 11; QĐ 1872/QĐ-BTP/2020',
    source:
      'procedures.md #6. Code CONFIRMED (NQ 66.7 annex). Same day; after 15:00 and not solvable at once → next working day; ≤3 wd with ' +
      'verification — CORROBORATED for the foreign-element case (repo:2510ba32a0f7103f.md). The domestic variant 1.000656 is left out: its time was not re-read (UNCONFIRMED)',
  },
  {
    code: '2.000815',
    nationalCode: '2.000815',
    name: 'Chứng thực bản sao từ bản chính giấy tờ, văn bản',
    nameEn: 'Certified copy from an original',
    authorityLevel: 'commune',
    departmentId: null,
    processingTime: { value: 0, unit: 'working_days' },
    cutoff: '15:00',
    requiredDocuments: [
      { code: 'ban-chinh', name: 'Bản chính giấy tờ, văn bản làm cơ sở chứng thực bản sao' },
      { code: 'ban-sao', name: 'Bản sao cần chứng thực' },
    ],
    fee: {
      amount: 2_000,
      note: 'Per page: 2,000 VND for pages 1–2, 1,000 VND per page from page 3, at most 200,000 VND per copy (TT 226/2016/TT-BTC), CONFIRMED',
    },
    effectiveFrom: TWO_LEVEL,
    legalBasis: 'NĐ 23/2015/NĐ-CP, Điều 7, sửa đổi bởi NĐ 280/2025/NĐ-CP; QĐ 3152/QĐ-BTP; TT 226/2016/TT-BTC',
    source:
      'procedures.md #7: "ngay trong ngày … hoặc trong ngày làm việc tiếp theo nếu tiếp nhận yêu cầu sau 15 giờ"; +≤2 wd for bulky requests. ' +
      'CONFIRMED (QĐ 2637/QĐ-UBND Vĩnh Long, repo:741f24db1e774799.md, ' +
      'https://thuvienphapluat.vn/van-ban/Dich-vu-phap-ly/Quyet-dinh-2637-QD-UBND-2025-cong-bo-thu-tuc-hanh-chinh-linh-vuc-Chung-thuc-So-Tu-phap-Vinh-Long-681380.aspx). ' +
      'Also done by notary offices. Components from general knowledge of NĐ 23/2015 Art. 20: UNCONFIRMED',
  },
  {
    code: '2.000884',
    nationalCode: '2.000884',
    name: 'Chứng thực chữ ký trong các giấy tờ, văn bản',
    nameEn: 'Signature authentication',
    authorityLevel: 'commune',
    departmentId: null,
    processingTime: { value: 0, unit: 'working_days' },
    cutoff: '15:00',
    requiredDocuments: [
      { code: 'giay-to-tuy-than', name: 'Giấy tờ tùy thân còn giá trị của người yêu cầu chứng thực (xuất trình)' },
      { code: 'giay-to-can-ky', name: 'Giấy tờ, văn bản sẽ ký' },
    ],
    fee: { amount: 10_000, note: '10,000 VND per case (TT 226/2016/TT-BTC), CONFIRMED' },
    effectiveFrom: TWO_LEVEL,
    legalBasis: 'NĐ 23/2015/NĐ-CP, Điều 7, sửa đổi bởi NĐ 280/2025/NĐ-CP; TT 226/2016/TT-BTC',
    source: 'procedures.md #8 (same source as 2.000815: QĐ 2637/QĐ-UBND Vĩnh Long, repo:741f24db1e774799.md). CONFIRMED. ' + NO_DOCS_NOTE,
  },

  // --- Business and investment ---------------------------------------------------------------------------
  {
    code: 'HN-DKDN',
    nationalCode: null,
    name: 'Đăng ký thành lập doanh nghiệp',
    nameEn: 'Company registration',
    authorityLevel: 'city',
    departmentId: 'dept-finance',
    processingTime: { value: 3, unit: 'working_days' },
    cutoff: null,
    requiredDocuments: [{ code: 'giay-de-nghi', name: 'Giấy đề nghị đăng ký doanh nghiệp' }],
    fee: {
      amount: 50_000,
      note:
        'Registration fee 50,000 VND plus 100,000 VND publication fee (TT 47/2019/TT-BTC), CORROBORATED (secondary); any online exemption or 2025 reduction UNCONFIRMED. ' +
        'Paid when the file is submitted, before it is examined (TT 47/2019: the fee is paid at filing): from general knowledge of the circular, not in the research, UNCONFIRMED',
      collectedAt: 'reception',
      payBeforeProcessing: true,
    },
    effectiveFrom: TWO_LEVEL,
    legalBasis: 'Luật Doanh nghiệp 2020, Điều 26; NĐ 168/2025/NĐ-CP; TT 47/2019/TT-BTC',
    source:
      'procedures.md #9. Time 3 wd CORROBORATED (secondary sources quoting the law; http://118.69.84.240:801/phap-luat/tim-tu-van?page=95, ' +
      'https://thuequanghuy.com/chi-phi-dang-ky-kinh-doanh). Issued electronically by Phòng ĐKKD & TCDN (Thông báo 14834/TB-STC, repo:72ab2874a18cfeb8.md). ' +
      'Local code: the national code is not verified (the national list splits by company type). ' + NO_DOCS_NOTE,
  },
  {
    code: 'HN-HKD',
    nationalCode: null,
    name: 'Đăng ký thành lập hộ kinh doanh',
    nameEn: 'Household-business registration',
    authorityLevel: 'commune',
    departmentId: null,
    processingTime: { value: 3, unit: 'working_days' },
    cutoff: null,
    requiredDocuments: [{ code: 'giay-de-nghi', name: 'Giấy đề nghị đăng ký hộ kinh doanh' }],
    fee: { amount: null, note: 'Set by the city People\'s Council; Hanoi amount not found' },
    effectiveFrom: TWO_LEVEL,
    legalBasis: 'NĐ 168/2025/NĐ-CP; NĐ 297/2025/NĐ-CP, Điều 6',
    source:
      'procedures.md #10. ≤3 wd CONFIRMED inside the NĐ 297/2025 bundle (repo:a4af79c6669a4264.md), CORROBORATED stand-alone. Commune ' +
      'business-registration office. Local code: national code not verified. ' + NO_DOCS_NOTE,
  },
  {
    code: 'HN-LT-HKD-ANTT-KARAOKE',
    nationalCode: null,
    name:
      'Liên thông đăng ký thành lập hộ kinh doanh, cấp Giấy chứng nhận đủ điều kiện về an ninh, trật tự và cấp Giấy phép đủ điều kiện kinh doanh dịch vụ karaoke',
    nameEn: 'Bundled household-business registration, security/order certificate and karaoke licence',
    authorityLevel: 'commune',
    departmentId: null,
    processingTime: { value: 16, unit: 'working_days' },
    // Received on the portal within the last office hour → counted from the next working day (office closes 17:00).
    cutoff: '16:00',
    requiredDocuments: [
      { code: 'to-khai-dien-tu', name: 'Tờ khai điện tử (Mẫu 01, NĐ 297/2025/NĐ-CP)' },
      { code: 'van-ban-nghiem-thu-pccc', name: 'Văn bản chấp thuận kết quả nghiệm thu về phòng cháy và chữa cháy của cơ quan Công an' },
      { code: 'phieu-lltp', name: 'Phiếu lý lịch tư pháp của người chịu trách nhiệm về an ninh, trật tự' },
    ],
    fee: {
      amount: null,
      note:
        'Several fees: household-business fee set by the city People\'s Council (not found); security appraisal 300,000 VND (TT 218/2016); ' +
        'karaoke appraisal 1,000,000 VND per room, at most 6,000,000 VND per licence (TT 110/2025/TT-BTC). CONFIRMED',
    },
    steps: [
      { code: 'dang-ky-ho-kinh-doanh', name: 'Đăng ký thành lập hộ kinh doanh (cơ quan đăng ký kinh doanh cấp xã)', duration: 3 },
      { code: 'cap-gcn-antt', name: 'Cấp Giấy chứng nhận đủ điều kiện về an ninh, trật tự (Công an cấp xã)', duration: 3 },
      { code: 'tham-dinh-ho-so-karaoke', name: 'Thẩm định hồ sơ đề nghị cấp giấy phép karaoke (UBND cấp xã)', duration: 3 },
      { code: 'tham-dinh-thuc-te', name: 'Đoàn thẩm định kiểm tra thực tế tại cơ sở', duration: 4 },
      { code: 'cap-giay-phep-karaoke', name: 'Cấp Giấy phép đủ điều kiện kinh doanh dịch vụ karaoke', duration: 3 },
    ],
    // QĐ 4422/QĐ-BVHTTDL (21/11/2025) announced the procedure; NĐ 297/2025 is dated 17/11/2025, in-force date not in the research.
    effectiveFrom: '2025-11-21',
    legalBasis: 'NĐ 297/2025/NĐ-CP, Điều 6; QĐ 4422/QĐ-BVHTTDL; TT 110/2025/TT-BTC',
    source:
      'procedures.md #11 and Part 4. CONFIRMED (repo:a4af79c6669a4264.md, repo:9aeb199f5e0aa225.md; ' +
      'https://thuvienphapluat.vn/van-ban/Doanh-nghiep/Nghi-dinh-297-2025-ND-CP-lien-thong-dien-tu-nhom-thu-tuc-hanh-chinh-cap-Giay-phep-kinh-doanh-karaoke-681242.aspx): ' +
      '≤16 wd = 3 + 3 + 10 (3 appraisal, 4 on-site, 3 issue); last office hour → next working day; desk check within 2 working hours, additions within 8. ' +
      'Group procedure, no national code seen. effectiveFrom = QĐ 4422 date (UNCONFIRMED as the in-force date)',
  },
  {
    code: 'HN-DT-GCNDKDT',
    nationalCode: null,
    name: 'Cấp Giấy chứng nhận đăng ký đầu tư đối với dự án không thuộc diện chấp thuận chủ trương đầu tư',
    nameEn: 'Investment registration certificate (project not subject to investment-policy approval)',
    authorityLevel: 'city',
    departmentId: 'dept-finance',
    processingTime: { value: 15, unit: 'calendar_days' },
    cutoff: null,
    requiredDocuments: [{ code: 'van-ban-de-nghi', name: 'Văn bản đề nghị thực hiện dự án đầu tư' }],
    fee: { amount: null, note: 'Not found' },
    effectiveFrom: TWO_LEVEL,
    legalBasis: 'Luật Đầu tư 2020, Điều 38',
    source:
      'procedures.md #12. 15 days CORROBORATED (http://d-novo.net/2017/02/27/giay-chung-nhan-dang-ky-dau-tu-la-gi/ and secondary sources); ' +
      'possible shortening under NQ 66/NQ-CP and 2025 amendments UNCONFIRMED. Projects inside industrial zones go to the Industrial-Zones Board ' +
      '(not modelled here). Local code: national code not verified. ' + NO_DOCS_NOTE,
  },

  // --- Construction and land ------------------------------------------------------------------------------
  {
    code: 'HN-GPXD-NORL',
    nationalCode: null,
    name: 'Cấp giấy phép xây dựng nhà ở riêng lẻ',
    nameEn: 'Building permit for a detached house',
    authorityLevel: 'commune',
    departmentId: null,
    processingTime: { value: 15, unit: 'calendar_days' },
    cutoff: null,
    requiredDocuments: [
      { code: 'don-de-nghi', name: 'Đơn đề nghị cấp giấy phép xây dựng' },
      { code: 'giay-to-dat', name: 'Bản sao giấy tờ chứng minh quyền sử dụng đất' },
      { code: 'ban-ve-thiet-ke', name: 'Bản vẽ thiết kế xây dựng, kèm sơ đồ đấu nối điện, cấp nước, thoát nước' },
    ],
    fee: {
      amount: null,
      note:
        'Set by the city People\'s Council; Hanoi amount not found. Taken as collected when the permit is handed over (the portal\'s HinhThucThu 4, ' +
        'domain-research.md "Financial obligation"): when Hanoi collects it is UNCONFIRMED',
      collectedAt: 'return',
    },
    effectiveFrom: TWO_LEVEL,
    legalBasis: 'Luật Xây dựng 2014 (sửa đổi 2020), Điều 102(1) và 103; NĐ 140/2025/NĐ-CP, Điều 4(1); QĐ 74/2025/QĐ-UBND, Điều 4',
    source:
      'procedures.md #14. 15 days (+≤10 days if further review is needed) CORROBORATED (https://plo.vn/thoi-su/cap-giay-phep-cho-nha-o-trong-15-ngay-223158.html; ' +
      'https://9houz.vn/thao-luan/8rg2o9-quy-dinh-ve-thoi-gian-cap-phep-xay-dung); the law says "ngày", kept as calendar days. UBND cấp xã for detached ' +
      'houses of any size (QĐ 74/2025/QĐ-UBND, repo:747d13cba1ef693d.md, CORROBORATED). Components CORROBORATED (plo.vn). Local code: national code not verified',
  },
  {
    code: 'HN-DD-BIEN-DONG',
    nationalCode: null,
    name: 'Đăng ký biến động quyền sử dụng đất, quyền sở hữu tài sản gắn liền với đất (chuyển nhượng, thừa kế, tặng cho)',
    nameEn: 'Land-change registration (transfer, inheritance, gift)',
    authorityLevel: 'city',
    departmentId: 'dept-agriculture-environment',
    processingTime: { value: 8, unit: 'working_days' },
    cutoff: null,
    requiredDocuments: [
      { code: 'don-dang-ky', name: 'Đơn đăng ký biến động đất đai, tài sản gắn liền với đất (Mẫu 18, NĐ 151/2025/NĐ-CP)' },
      { code: 'giay-chung-nhan', name: 'Giấy chứng nhận đã cấp' },
      { code: 'hop-dong-chuyen-quyen', name: 'Hợp đồng, văn bản về chuyển nhượng, thừa kế, tặng cho' },
      {
        code: 'ban-ve-tach-hop-thua',
        name: 'Mảnh trích đo tách, hợp thửa (Mẫu 22)',
        requirement: 'conditional',
        condition: 'Nếu có tách thửa hoặc hợp thửa',
        conditionEn: 'if parcels are split or merged',
      },
      {
        code: 'van-ban-dong-y-the-chap',
        name: 'Văn bản đồng ý của bên nhận thế chấp',
        requirement: 'conditional',
        condition: 'Nếu đất, tài sản gắn liền với đất đang thế chấp',
        conditionEn: 'if the land is mortgaged',
      },
    ],
    fee: { amount: null, note: 'Registration fee and land taxes assessed by the Tax office (electronic notice); amounts not found' },
    effectiveFrom: TWO_LEVEL,
    legalBasis: 'NĐ 151/2025/NĐ-CP, Phụ lục I, Phần V, A.II.2(a); QĐ 1610/QĐ-TTPVHCC',
    source:
      `${SRC_LAND}: ≤8 wd (≤10 or ≤20 wd in special cases), time for tax obligations excluded — CORROBORATED. Issued by Văn phòng đăng ký ` +
      'đất đai Hà Nội (under Sở NN&MT); Hanoi workflow CONFIRMED (QĐ 1610/QĐ-TTPVHCC, repo:cdf2fbc53d083c98.md). Components CORROBORATED ' +
      '(repo:7385c94bb26c8631.md). Local code: national code not verified',
  },
  {
    code: 'HN-DD-LAN-DAU',
    nationalCode: null,
    name: 'Đăng ký đất đai, tài sản gắn liền với đất, cấp Giấy chứng nhận lần đầu cho hộ gia đình, cá nhân',
    nameEn: 'First land registration and first land certificate (households, individuals)',
    authorityLevel: 'commune',
    departmentId: null,
    processingTime: { value: 20, unit: 'working_days' },
    cutoff: null,
    requiredDocuments: [
      { code: 'don-dang-ky', name: 'Đơn đăng ký đất đai, tài sản gắn liền với đất' },
      {
        code: 'giay-to-quyen-su-dung-dat',
        name: 'Giấy tờ về quyền sử dụng đất theo Điều 137 Luật Đất đai',
        requirement: 'conditional',
        condition: 'Nếu có',
        conditionEn: 'if any',
      },
    ],
    fee: { amount: null, note: 'Not found' },
    steps: [
      { code: 'dang-ky-dat-dai', name: 'Đăng ký đất đai, tài sản gắn liền với đất', duration: 17 },
      { code: 'cap-giay-chung-nhan', name: 'Cấp Giấy chứng nhận lần đầu', duration: 3 },
    ],
    effectiveFrom: TWO_LEVEL,
    legalBasis: 'NĐ 151/2025/NĐ-CP, Phụ lục I, Phần V, A.II.1; Luật Đất đai 2024, Điều 137; NĐ 101/2024/NĐ-CP, Điều 28',
    source:
      `${SRC_LAND}: registration ≤17 wd + certificate ≤3 wd (summed to 20, split as two steps) — CORROBORATED. Commune level in Hanoi ` +
      'CONFIRMED (QĐ 1610/QĐ-TTPVHCC). Components CORROBORATED. Local code: national code not verified',
  },
  {
    code: 'HN-DD-CAP-DOI',
    nationalCode: null,
    name: 'Cấp đổi Giấy chứng nhận quyền sử dụng đất, quyền sở hữu tài sản gắn liền với đất',
    nameEn: 'Exchange of a land certificate',
    authorityLevel: 'city',
    departmentId: 'dept-agriculture-environment',
    processingTime: { value: 5, unit: 'working_days' },
    cutoff: null,
    requiredDocuments: [
      { code: 'don-de-nghi', name: 'Đơn đăng ký cấp đổi Giấy chứng nhận' },
      { code: 'giay-chung-nhan', name: 'Bản gốc Giấy chứng nhận đã cấp' },
    ],
    fee: { amount: null, note: 'Not found' },
    effectiveFrom: TWO_LEVEL,
    legalBasis: 'NĐ 151/2025/NĐ-CP, Phụ lục I, Phần V, A.II.3',
    source:
      `${SRC_LAND}: ≤5 wd for cases a–g; ≤10 wd for case h; mass exchange per project — CORROBORATED (the 5-wd case is modelled). ` +
      'City-level (VPĐKĐĐ) in the Hanoi list. Local code: national code not verified. ' + NO_DOCS_NOTE,
  },
  {
    code: 'HN-DD-CAP-LAI',
    nationalCode: null,
    name: 'Cấp lại Giấy chứng nhận quyền sử dụng đất, quyền sở hữu tài sản gắn liền với đất do bị mất',
    nameEn: 'Re-issue of a lost land certificate',
    authorityLevel: 'city',
    departmentId: 'dept-agriculture-environment',
    processingTime: { value: 10, unit: 'working_days' },
    cutoff: null,
    requiredDocuments: [{ code: 'don-de-nghi', name: 'Đơn đề nghị cấp lại Giấy chứng nhận' }],
    fee: { amount: null, note: 'Not found' },
    effectiveFrom: TWO_LEVEL,
    legalBasis: 'NĐ 151/2025/NĐ-CP, Phụ lục I, Phần V, A.II.5',
    source:
      `${SRC_LAND}: ≤10 wd, excluding the posting/notice period — CORROBORATED. VPĐKĐĐ or its branch. Local code: national code not verified. ` +
      NO_DOCS_NOTE,
  },
  {
    code: '1.012796',
    nationalCode: '1.012796',
    name: 'Đính chính Giấy chứng nhận đã cấp lần đầu',
    nameEn: 'Correction of a first-issue land certificate',
    authorityLevel: 'commune',
    departmentId: null,
    processingTime: { value: 8, unit: 'working_days' },
    cutoff: null,
    requiredDocuments: [
      { code: 'don-de-nghi', name: 'Đơn đề nghị đính chính Giấy chứng nhận' },
      { code: 'giay-chung-nhan', name: 'Bản gốc Giấy chứng nhận đã cấp' },
    ],
    fee: { amount: null, note: 'Not found' },
    effectiveFrom: TWO_LEVEL,
    legalBasis: 'NĐ 151/2025/NĐ-CP, Phụ lục I, Phần V, A.II.8',
    source:
      `${SRC_LAND}: correction ≤8 wd — CORROBORATED. Code 1.012796 (commune level) CONFIRMED (NQ 66.7 annex, repo:e538df5c1d06ae41.md). ` +
      NO_DOCS_NOTE,
  },
  {
    code: '1.014190',
    nationalCode: '1.014190',
    name: 'Thủ tục cấp biển hiệu phương tiện vận tải khách du lịch bằng đường thủy nội địa (thẩm quyền của Sở Xây dựng)',
    nameEn: 'Issue of a tourist-boat signage (inland waterway)',
    authorityLevel: 'city',
    departmentId: 'dept-construction',
    processingTime: { value: 7, unit: 'working_days' },
    cutoff: null,
    requiredDocuments: [{ code: 'don-de-nghi', name: 'Đơn đề nghị cấp biển hiệu phương tiện vận tải khách du lịch' }],
    fee: { amount: 0, note: '"Không quy định" (no fee set) in QĐ 1597/QĐ-TTPVHCC, CONFIRMED' },
    effectiveFrom: '2025-11-21',
    legalBasis: 'Luật Du lịch 2017; NĐ 168/2017/NĐ-CP; TT 42/2017/TT-BGTVT; TT 10/2025/TT-BXD; QĐ 3253/QĐ-BVHTTDL; QĐ 1597/QĐ-TTPVHCC (hiệu lực từ ngày ký 21/11/2025)',
    source:
      'procedures.md #22. CONFIRMED: QĐ 1597/QĐ-TTPVHCC (repo:ca72de8fb3033d5c.md; https://thuvienphapluat.vn/van-ban/Bo-may-hanh-chinh/Quyet-dinh-1597-QD-TTPVHCC-2025-…-682421.aspx): ' +
      '"07 ngày làm việc kể từ ngày nhận đủ hồ sơ hợp lệ"; filed at Chi nhánh số 1 or số 4, by post or online. Components not listed in the decision. ' +
      NO_DOCS_NOTE,
  },
  {
    code: '1.014191',
    nationalCode: '1.014191',
    name: 'Thủ tục cấp đổi biển hiệu phương tiện vận tải khách du lịch bằng đường thủy nội địa (thẩm quyền của Sở Xây dựng)',
    nameEn: 'Exchange of a tourist-boat signage (inland waterway)',
    authorityLevel: 'city',
    departmentId: 'dept-construction',
    processingTime: { value: 7, unit: 'working_days' },
    cutoff: null,
    requiredDocuments: [{ code: 'don-de-nghi', name: 'Đơn đề nghị cấp đổi biển hiệu phương tiện vận tải khách du lịch' }],
    fee: { amount: 0, note: '"Không quy định" (no fee set) in QĐ 1597/QĐ-TTPVHCC, CONFIRMED' },
    effectiveFrom: '2025-11-21',
    legalBasis: 'Luật Du lịch 2017; NĐ 168/2017/NĐ-CP; TT 42/2017/TT-BGTVT; TT 10/2025/TT-BXD; QĐ 3253/QĐ-BVHTTDL; QĐ 1597/QĐ-TTPVHCC',
    source: 'procedures.md #22. CONFIRMED: QĐ 1597/QĐ-TTPVHCC (repo:ca72de8fb3033d5c.md), 07 ngày làm việc. ' + NO_DOCS_NOTE,
  },
  {
    code: '1.014192',
    nationalCode: '1.014192',
    name: 'Thủ tục cấp lại biển hiệu phương tiện vận tải khách du lịch bằng đường thủy nội địa (thẩm quyền của Sở Xây dựng)',
    nameEn: 'Re-issue of a tourist-boat signage (inland waterway)',
    authorityLevel: 'city',
    departmentId: 'dept-construction',
    processingTime: { value: 2, unit: 'working_days' },
    cutoff: null,
    requiredDocuments: [{ code: 'don-de-nghi', name: 'Đơn đề nghị cấp lại biển hiệu phương tiện vận tải khách du lịch' }],
    fee: { amount: 0, note: '"Không quy định" (no fee set) in QĐ 1597/QĐ-TTPVHCC, CONFIRMED' },
    effectiveFrom: '2025-11-21',
    legalBasis: 'Luật Du lịch 2017; NĐ 168/2017/NĐ-CP; TT 42/2017/TT-BGTVT; TT 10/2025/TT-BXD; QĐ 3253/QĐ-BVHTTDL; QĐ 1597/QĐ-TTPVHCC',
    source: 'procedures.md #22. CONFIRMED: QĐ 1597/QĐ-TTPVHCC (repo:ca72de8fb3033d5c.md), "02 ngày làm việc kể từ ngày nhận được hồ sơ hợp lệ". ' + NO_DOCS_NOTE,
  },

  // --- Labour, health, trade --------------------------------------------------------------------------
  {
    code: '1.014199',
    nationalCode: '1.014199',
    name: 'Cấp giấy phép lao động cho người lao động nước ngoài làm việc tại Việt Nam',
    nameEn: 'Work permit for a foreign worker',
    authorityLevel: 'city',
    departmentId: 'dept-home-affairs',
    processingTime: { value: 10, unit: 'working_days' },
    cutoff: null,
    requiredDocuments: [{ code: 'van-ban-de-nghi', name: 'Văn bản đề nghị (Mẫu 03, NĐ 219/2025/NĐ-CP)' }],
    fee: { amount: null, note: 'Set by the city People\'s Council (TT 85/2019 lists it); Hanoi amount not found' },
    effectiveFrom: '2025-08-07',
    legalBasis: 'NĐ 219/2025/NĐ-CP (thay NĐ 152/2020 và NĐ 70/2023), Điều 4; QĐ 886/QĐ-BNV',
    source:
      'procedures.md #23. Time 10 wd (refusal in writing within 3 wd) CONFIRMED (Government portal ' +
      'https://xaydungchinhsach.chinhphu.vn/nghi-dinh-so-219-2025-nd-cp-quy-dinh-ve-nguoi-lao-dong-nuoc-ngoai-lam-viec-tai-viet-nam-11925080910491801.htm; ' +
      'Bắc Ninh QĐ 1513/QĐ-UBND, repo:f411a708bcdcfda7.md). The Hanoi delegate (assumed Sở Nội vụ) is UNCONFIRMED. Form Mẫu 03 CORROBORATED; the full list was not extracted',
  },
  {
    code: 'HN-KBCB-CAP-LAI-GPHD',
    nationalCode: null,
    name: 'Cấp lại giấy phép hoạt động đối với cơ sở khám bệnh, chữa bệnh',
    nameEn: 'Re-issue of a medical-facility operating licence',
    authorityLevel: 'city',
    departmentId: 'dept-health',
    processingTime: { value: 20, unit: 'calendar_days' },
    cutoff: null,
    requiredDocuments: [
      { code: 'don-de-nghi', name: 'Đơn đề nghị cấp lại giấy phép hoạt động (Mẫu 02, Phụ lục II, NĐ 96/2023/NĐ-CP)' },
      {
        code: 'giay-phep-cu',
        name: 'Bản gốc giấy phép bị hư hỏng, hoặc giấy tờ chứng minh sai sót',
        requirement: 'conditional',
        condition: 'Nếu cấp lại vì giấy phép bị hư hỏng hoặc có sai sót (không áp dụng khi giấy phép bị mất)',
        conditionEn: 'if the licence is damaged or wrong (not when it was lost)',
      },
    ],
    fee: { amount: null, note: 'Per the fee law; amount not found' },
    effectiveFrom: TWO_LEVEL,
    legalBasis: 'Luật Khám bệnh, chữa bệnh 2023; NĐ 96/2023/NĐ-CP; QĐ 1330/QĐ-BYT/2025',
    source:
      'procedures.md #26. "20 days from the date on the receipt slip" CORROBORATED (QĐ 1330/QĐ-BYT/2025 quoted, repo:546a2f29f4028e0c.md). ' +
      'Sở Y tế for facilities it licenses (not private hospitals). Local code: national code not verified',
  },
  {
    code: 'HN-ATTP-CONG-THUONG',
    nationalCode: null,
    name: 'Cấp Giấy chứng nhận cơ sở đủ điều kiện an toàn thực phẩm (lĩnh vực Công Thương)',
    nameEn: 'Food-safety eligibility certificate (Industry and Trade sector)',
    authorityLevel: 'city',
    departmentId: 'dept-industry-trade',
    processingTime: { value: 15, unit: 'calendar_days' },
    cutoff: null,
    requiredDocuments: [
      { code: 'don-de-nghi', name: 'Đơn đề nghị cấp Giấy chứng nhận cơ sở đủ điều kiện an toàn thực phẩm' },
      { code: 'giay-dang-ky-kinh-doanh', name: 'Bản sao Giấy chứng nhận đăng ký kinh doanh' },
      { code: 'ban-thuyet-minh', name: 'Bản thuyết minh về cơ sở vật chất, trang thiết bị, dụng cụ' },
      { code: 'giay-xac-nhan-suc-khoe', name: 'Giấy xác nhận đủ sức khỏe của chủ cơ sở và người trực tiếp sản xuất, kinh doanh' },
      { code: 'giay-xac-nhan-kien-thuc', name: 'Giấy xác nhận đã được tập huấn kiến thức an toàn thực phẩm của chủ cơ sở và nhân viên' },
    ],
    fee: { amount: null, note: 'Not found' },
    effectiveFrom: TWO_LEVEL,
    legalBasis: 'Luật An toàn thực phẩm 2010, Điều 34–36; NĐ 15/2018/NĐ-CP; NĐ 146/2025 và 148/2025/NĐ-CP; QĐ 5742/QĐ-UBND',
    source:
      'procedures.md #28. 15 days (inspection, then issue) CORROBORATED (verbatim quote of Art. 36, repo:52089d27b81509b7.md); components CORROBORATED. ' +
      'Delegated to Sở Công Thương by QĐ 5742/QĐ-UBND (repo:de12aaa1630f3a30.md), CONFIRMED, which lists codes 2.000117 and 2.001293 for this ' +
      'sector — which of them is this case was not verified, hence a local code',
  },
  {
    code: '2.000620',
    nationalCode: '2.000620',
    name: 'Cấp Giấy phép bán lẻ rượu',
    nameEn: 'Retail alcohol licence',
    authorityLevel: 'commune',
    departmentId: null,
    processingTime: { value: 10, unit: 'working_days' },
    cutoff: null,
    requiredDocuments: [
      { code: 'don-de-nghi', name: 'Đơn đề nghị cấp Giấy phép bán lẻ rượu (Mẫu 01, NĐ 105/2017/NĐ-CP)' },
      { code: 'giay-dang-ky-kinh-doanh', name: 'Bản sao Giấy chứng nhận đăng ký doanh nghiệp / hộ kinh doanh' },
      { code: 'giay-to-dia-diem', name: 'Giấy tờ chứng minh quyền sử dụng hợp pháp địa điểm kinh doanh' },
      { code: 'van-ban-gioi-thieu', name: 'Văn bản giới thiệu hoặc hợp đồng nguyên tắc của thương nhân sản xuất, phân phối, bán buôn rượu' },
    ],
    fee: { amount: null, note: 'Not found' },
    effectiveFrom: TWO_LEVEL,
    legalBasis: 'NĐ 105/2017/NĐ-CP; NĐ 139/2025/NĐ-CP, Phụ lục 4, Mục 1',
    source:
      'procedures.md #29. 10 wd (incomplete file notified within 3 wd), UBND cấp xã from 01/07/2025, components — CORROBORATED ' +
      '(NĐ 139/2025 quoted, repo:e4043e4467548fe3.md). Code CONFIRMED (NQ 66.7 annex)',
  },

  // --- Religion (Hanoi internal process with its time split) --------------------------------------------
  {
    code: '1.012644',
    nationalCode: '1.012644',
    name: 'Thủ tục đề nghị thay đổi trụ sở của tổ chức tôn giáo, tổ chức tôn giáo trực thuộc',
    nameEn: 'Change of the seat of a religious organisation or affiliated religious organisation',
    authorityLevel: 'city',
    departmentId: 'dept-ethnic-religion',
    processingTime: { value: 30, unit: 'working_days' },
    cutoff: null,
    requiredDocuments: [
      { code: 'van-ban-de-nghi', name: 'Văn bản đề nghị thay đổi trụ sở (Mẫu B12, NĐ 95/2023/NĐ-CP)' },
      {
        code: 'quyet-dinh-cong-nhan',
        name: 'Bản sao quyết định công nhận tổ chức tôn giáo hoặc văn bản chấp thuận thành lập tổ chức tôn giáo trực thuộc',
        requirement: 'conditional',
        // QĐ 1594, Phụ lục B.I.2, item 2: "… đối với trường hợp thay đổi trụ sở … đến địa bàn tỉnh khác".
        condition: 'Nếu thay đổi trụ sở đến địa bàn tỉnh khác',
        conditionEn: 'if the seat moves to another province',
      },
      { code: 'van-ban-chap-thuan', name: 'Văn bản chấp thuận của tổ chức tôn giáo quản lý trực tiếp về việc thay đổi địa điểm' },
      { code: 'giay-to-dia-diem', name: 'Giấy tờ chứng minh có địa điểm hợp pháp để đặt trụ sở mới' },
    ],
    fee: { amount: 0, note: 'Không có phí, lệ phí (QĐ 1594/QĐ-TTPVHCC), CONFIRMED' },
    // QĐ 1594/QĐ-TTPVHCC steps 1–14 (30 working days = 240 working hours); returning the result (step 15) is not counted.
    steps: [
      { code: 'tiep-nhan', name: 'Bộ phận TN&TKQ Sở kiểm tra, tiếp nhận, số hóa hồ sơ', duration: 0.5, phase: 'reception' },
      { code: 'chuyen-ho-so', name: 'Trưởng Bộ phận TN&TKQ chuyển hồ sơ tới Lãnh đạo Sở', duration: 0.5, phase: 'reception' },
      { code: 'lanh-dao-so-phan-cong', name: 'Lãnh đạo Sở phân công phòng Nghiệp vụ', duration: 1, phase: 'claim' },
      { code: 'lanh-dao-phong-phan-cong', name: 'Lãnh đạo phòng phân công chuyên viên thụ lý', duration: 1, phase: 'claim' },
      { code: 'tham-dinh', name: 'Chuyên viên kiểm tra, thẩm định, dự thảo văn bản trình UBND Thành phố', duration: 16, phase: 'examination' },
      { code: 'lanh-dao-phong-xem-xet', name: 'Lãnh đạo phòng Nghiệp vụ kiểm tra, ký nháy', duration: 1, phase: 'approval' },
      { code: 'lanh-dao-so-ky', name: 'Lãnh đạo Sở phê duyệt, ký văn bản trình UBND Thành phố', duration: 1, phase: 'approval' },
      { code: 'ubnd-thanh-pho', name: 'Văn phòng UBND Thành phố thẩm tra; Lãnh đạo UBND Thành phố phê duyệt; phát hành văn bản', duration: 7, phase: 'approval' },
      { code: 'so-hoan-thien', name: 'Phòng Nghiệp vụ nhận kết quả, hoàn thiện hồ sơ, chuyển Bộ phận TN&TKQ', duration: 2, phase: 'approval' },
    ],
    effectiveFrom: '2025-11-20',
    legalBasis: 'Luật Tín ngưỡng, tôn giáo 2016; NĐ 95/2023/NĐ-CP; NĐ 124/2025/NĐ-CP; QĐ 660/QĐ-BDTTG; QĐ 1594/QĐ-TTPVHCC (hiệu lực từ ngày ký 20/11/2025)',
    source:
      'procedures.md #31. CONFIRMED: QĐ 1594/QĐ-TTPVHCC, procedure QTTP-20 (repo:82483d7fa7f7a186.md; ' +
      'https://thuvienphapluat.vn/van-ban/Bo-may-hanh-chinh/Quyet-dinh-1594-QD-TTPVHCC-2025-…-682030.aspx): 30 ngày làm việc = 240 giờ; ' +
      'step split as in the decision\'s table; the City People\'s Committee decides. Filed at Sở Dân tộc và Tôn giáo (12 Nguyễn Trãi), by post or online',
  },

  {
    code: '1.012657',
    nationalCode: '1.012657',
    name: 'Thủ tục đăng ký thay đổi người đại diện của nhóm sinh hoạt tôn giáo tập trung của người nước ngoài cư trú hợp pháp tại Việt Nam',
    nameEn: 'Change of the representative of a religious group of foreigners residing lawfully in Vietnam',
    authorityLevel: 'city',
    departmentId: 'dept-ethnic-religion',
    // QĐ 1594/QĐ-TTPVHCC, Phụ lục B.II.4 gives the time in both units, "30 ngày" and "240 giờ" (giờ làm việc): this one is
    // kept in working hours, as the decision's table states it, with its steps in hours (½ day = 4 h).
    processingTime: { value: 240, unit: 'working_hours' },
    cutoff: null,
    requiredDocuments: [
      { code: 'van-ban-dang-ky', name: 'Văn bản đăng ký thay đổi người đại diện (Mẫu B37, NĐ 95/2023/NĐ-CP sửa đổi bởi NĐ 124/2025/NĐ-CP)' },
      {
        code: 'bien-ban-hop',
        name: 'Biên bản họp bầu, cử người đại diện mới',
        requirement: 'conditional',
        condition: 'Nếu có',
        conditionEn: 'if any',
      },
    ],
    fee: { amount: 0, note: 'Phí: Không; Lệ phí: Không (QĐ 1594/QĐ-TTPVHCC), CONFIRMED' },
    // QĐ 1594/QĐ-TTPVHCC, Phụ lục B.II.6: the same step table as 1.012644, in working hours (1 day = 8 h).
    steps: [
      { code: 'tiep-nhan', name: 'Bộ phận TN&TKQ Sở kiểm tra, tiếp nhận, số hóa hồ sơ', duration: 4, phase: 'reception' },
      { code: 'chuyen-ho-so', name: 'Trưởng Bộ phận TN&TKQ chuyển hồ sơ tới Lãnh đạo Sở', duration: 4, phase: 'reception' },
      { code: 'lanh-dao-so-phan-cong', name: 'Lãnh đạo Sở phân công phòng Nghiệp vụ', duration: 8, phase: 'claim' },
      { code: 'lanh-dao-phong-phan-cong', name: 'Lãnh đạo phòng phân công chuyên viên thụ lý', duration: 8, phase: 'claim' },
      { code: 'tham-dinh', name: 'Chuyên viên kiểm tra, thẩm định, dự thảo văn bản trình UBND Thành phố', duration: 128, phase: 'examination' },
      { code: 'lanh-dao-phong-xem-xet', name: 'Lãnh đạo phòng Nghiệp vụ kiểm tra, ký nháy', duration: 8, phase: 'approval' },
      { code: 'lanh-dao-so-ky', name: 'Lãnh đạo Sở phê duyệt, ký văn bản trình UBND Thành phố', duration: 8, phase: 'approval' },
      { code: 'ubnd-thanh-pho', name: 'Văn phòng UBND Thành phố thẩm tra; Lãnh đạo UBND Thành phố phê duyệt; phát hành văn bản', duration: 56, phase: 'approval' },
      { code: 'so-hoan-thien', name: 'Phòng Nghiệp vụ nhận kết quả, hoàn thiện hồ sơ, chuyển Bộ phận TN&TKQ', duration: 16, phase: 'approval' },
    ],
    effectiveFrom: '2025-11-20',
    legalBasis: 'Luật Tín ngưỡng, tôn giáo 2016; NĐ 95/2023/NĐ-CP; NĐ 124/2025/NĐ-CP; QĐ 660/QĐ-BDTTG; QĐ 1594/QĐ-TTPVHCC (hiệu lực từ ngày ký 20/11/2025)',
    source:
      'Not in procedures.md\'s table: the second procedure of QĐ 1594/QĐ-TTPVHCC (QTTP-14), CONFIRMED (repo:82483d7fa7f7a186.md, Phụ lục B.II): ' +
      '"30 ngày | 240 giờ" (Ngày làm việc | Giờ làm việc), "Tổng thời gian: 30 ngày làm việc kể từ ngày nhận đủ hồ sơ đề nghị hợp lệ"; ' +
      'components "Văn bản đăng ký (theo mẫu)" and "Biên bản họp bầu, cử người đại diện mới (nếu có)"; the City People\'s Committee decides. ' +
      'Filed at Sở Dân tộc và Tôn giáo (12 Nguyễn Trãi), by post or online',
  },
  {
    code: 'HN-NQLD',
    nationalCode: null,
    name: 'Đăng ký nội quy lao động',
    nameEn: 'Registration of internal labour rules',
    authorityLevel: 'city',
    departmentId: 'dept-home-affairs',
    // "Trong thời hạn 07 ngày làm việc … nếu nội dung nội quy lao động có quy định trái với pháp luật thì … thông báo" (BLLĐ Art. 119(3)).
    processingTime: { value: 7, unit: 'working_days' },
    cutoff: null,
    requiredDocuments: [
      { code: 'van-ban-de-nghi', name: 'Văn bản đề nghị đăng ký nội quy lao động' },
      { code: 'noi-quy-lao-dong', name: 'Nội quy lao động' },
      {
        code: 'van-ban-gop-y',
        name: 'Văn bản góp ý kiến của tổ chức đại diện người lao động tại cơ sở',
        requirement: 'conditional',
        condition: 'Nếu nơi sử dụng lao động có tổ chức đại diện người lao động tại cơ sở',
        conditionEn: 'if the workplace has an employee representative organisation',
      },
      {
        code: 'van-ban-ky-luat',
        name: 'Các văn bản của người sử dụng lao động có quy định liên quan đến kỷ luật lao động và trách nhiệm vật chất',
        requirement: 'conditional',
        condition: 'Nếu có',
        conditionEn: 'if any',
      },
    ],
    fee: { amount: 0, note: 'None stated (procedures.md #24)' },
    effectiveFrom: TWO_LEVEL,
    legalBasis: 'Bộ luật Lao động 2019, Điều 119–121; QĐ 321/QĐ-BNV/2025, Phụ lục, Phần II, Mục B.1',
    source:
      'procedures.md #24. CORROBORATED (verbatim quote of QĐ 321/QĐ-BNV/2025 and BLLĐ Art. 119, repo:cb377b43ff901b63.md): employers with ≥10 ' +
      'employees file within 10 days of issuing the rules; within 07 ngày làm việc the labour body notifies unlawful provisions (the rules take ' +
      'effect 15 days after a complete file, Art. 121). The 4 components and their two conditions are quoted from the same text. ' +
      'Sở Nội vụ as the labour body after the 2025 merger (procedures.md Part 1; the Hanoi delegate is UNCONFIRMED). Local code: national code not verified',
  },

  // --- Police: residence, identity, passport -----------------------------------------------------------
  {
    code: '1.004222',
    nationalCode: '1.004222',
    name: 'Đăng ký thường trú',
    nameEn: 'Permanent-residence registration',
    authorityLevel: 'commune',
    departmentId: null,
    processingTime: { value: 7, unit: 'working_days' },
    cutoff: null,
    requiredDocuments: [
      { code: 'to-khai', name: 'Tờ khai thay đổi thông tin cư trú' },
      {
        code: 'giay-to-cho-o-hop-phap',
        name: 'Giấy tờ, tài liệu chứng minh chỗ ở hợp pháp',
        requirement: 'conditional',
        condition: 'Nếu thông tin về chỗ ở hợp pháp không khai thác được từ cơ sở dữ liệu (NQ 66.7/2025/NQ-CP)',
        conditionEn: 'if the lawful residence cannot be read from the databases',
      },
    ],
    fee: { amount: null, note: 'Set by the city People\'s Council; not found' },
    effectiveFrom: TWO_LEVEL,
    legalBasis: 'Luật Cư trú 2020, Điều 22; NQ 66.7/2025/NQ-CP (thay giấy tờ bằng dữ liệu)',
    source:
      'procedures.md #32. 7 wd CORROBORATED (verbatim quote, repo:59728b7719d707ea.md); data replacing proof of residence CONFIRMED (NQ 66.7). ' +
      'Decided by Công an cấp xã, modelled as commune level. The residence form is not listed in the research: ' + NO_DOCS_NOTE,
  },
  {
    code: 'HN-CAN-CUOC',
    nationalCode: null,
    name: 'Cấp thẻ căn cước cho công dân từ đủ 14 tuổi trở lên',
    nameEn: 'Identity card (citizens aged 14 and over)',
    authorityLevel: 'commune',
    departmentId: null,
    processingTime: { value: 7, unit: 'working_days' },
    cutoff: null,
    requiredDocuments: [
      { code: 'to-khai-cc01', name: 'Tờ khai căn cước (Mẫu CC01, TT 17/2024/TT-BCA)' },
      {
        code: 'phieu-dc02',
        name: 'Phiếu cập nhật, chỉnh sửa thông tin dân cư (Mẫu DC02)',
        requirement: 'conditional',
        condition: 'Nếu có thay đổi thông tin dân cư',
        conditionEn: 'if the population data changes',
      },
    ],
    fee: { amount: null, note: 'Fees now under TT 64/2025; amounts UNCONFIRMED' },
    effectiveFrom: TWO_LEVEL,
    legalBasis: 'Luật Căn cước 2023, Điều 26; QĐ 5710/QĐ-BCA-C06/2025',
    source:
      'procedures.md #33. 7 wd CORROBORATED (https://th389.vn/tu-01-7-2024-thoi-gian-cap-doi-the-can-cuoc-khong-qua-7-ngay-a173972.html); ' +
      'at any commune police station, forms CC01/DC02 CORROBORATED (repo:50ab0ea42e584220.md). Reception Mon–Fri and Saturday morning. ' +
      'Decided by Công an cấp xã, modelled as commune level. Local code: national code not verified',
  },
  {
    code: '1.001456',
    nationalCode: '1.001456',
    name: 'Cấp hộ chiếu phổ thông ở trong nước (thực hiện tại Công an cấp tỉnh)',
    nameEn: 'Ordinary passport (issued in the country, provincial police)',
    authorityLevel: 'city',
    departmentId: 'dept-police',
    processingTime: { value: 8, unit: 'working_days' },
    cutoff: null,
    requiredDocuments: [{ code: 'to-khai', name: 'Tờ khai đề nghị cấp hộ chiếu phổ thông' }],
    fee: { amount: 200_000, note: '200,000 VND new; 400,000 VND if lost or damaged (TT 25/2021/TT-BTC), CORROBORATED' },
    effectiveFrom: TWO_LEVEL,
    legalBasis: 'Luật Xuất cảnh, nhập cảnh của công dân Việt Nam 2019, Điều 15; TT 25/2021/TT-BTC',
    source:
      'procedures.md #34. 8 wd at Phòng QLXNC Công an TP Hà Nội (5 wd at the national Immigration Department) CORROBORATED ' +
      '(https://m.vinanet.vn/chinh-sach-viet-nam/luat-xuat-canh-nhap-canh-cua-cong-dan-viet-nam-2019-723287.html; ' +
      'https://thuvienphapluat.vn/hoi-dap-phap-luat/iframe/53B61-hd-muc-le-phi-cap-ho-chieu-hien-nay-la-bao-nhieu.html). ' + NO_DOCS_NOTE,
  },
];

// ---------------------------------------------------------------------------------------------------------
// Working-day calendars: only weekdays that are days off, and the Saturdays that are worked instead.
// ---------------------------------------------------------------------------------------------------------

const TET_2025 = 'Tết Nguyên đán Ất Tỵ';
const TET_2026 = 'Tết Nguyên đán Bính Ngọ';
const TET_2020 = 'Tết Nguyên đán Canh Tý';
const TET_2021 = 'Tết Nguyên đán Tân Sửu';
const TET_2022 = 'Tết Nguyên đán Nhâm Dần';
const TET_2023 = 'Tết Nguyên đán Quý Mão';
const TET_2024 = 'Tết Nguyên đán Giáp Thìn';
const HUNG = 'Ngày Giỗ Tổ Hùng Vương (10/3 âm lịch)';

export const calendarYears: CalendarYearInput[] = [
  // 2020–2024: imports from the previous system reach back to 2020 (domain.md §4, "Calendars never run out").
  {
    year: 2020,
    holidays: [
      { date: '2020-01-01', name: 'Tết Dương lịch' },
      { date: '2020-01-23', name: TET_2020 },
      { date: '2020-01-24', name: TET_2020 },
      { date: '2020-01-27', name: TET_2020 },
      { date: '2020-01-28', name: TET_2020 },
      { date: '2020-01-29', name: TET_2020 },
      { date: '2020-04-02', name: HUNG },
      { date: '2020-04-30', name: 'Ngày Chiến thắng 30/4' },
      { date: '2020-05-01', name: 'Quốc tế Lao động 1/5' },
      { date: '2020-09-02', name: 'Quốc khánh 2/9' },
    ],
    makeUpWorkingDays: [],
    source:
      'Bộ luật Lao động 2012, Điều 115 (Quốc khánh one day until 2020). Tết off Thu 23/01 – Wed 29/01/2020 by the notice of the Ministry of ' +
      'Labour (Bộ LĐTBXH), as reported by Sở Công Thương Đắk Lắk https://socongthuong.daklak.gov.vn/vi/news/tag/thứ-tư/page-2 (07/01/2020); ' +
      'the notice\'s number was not found (UNCONFIRMED). 1 January one day: https://dautuvietnam.com.vn/tag/nghi-nguyen-luong-t9473.html. ' +
      'Hùng Kings\' day Thu 02/04, 30/04 and 01/05 (Thu, Fri), 02/09 (Wed) fall on weekdays: no compensatory day; no swap seen',
  },
  {
    year: 2021,
    holidays: [
      { date: '2021-01-01', name: 'Tết Dương lịch' },
      { date: '2021-02-10', name: TET_2021 },
      { date: '2021-02-11', name: TET_2021 },
      { date: '2021-02-12', name: TET_2021 },
      { date: '2021-02-15', name: TET_2021 },
      { date: '2021-02-16', name: TET_2021 },
      { date: '2021-04-21', name: HUNG },
      { date: '2021-04-30', name: 'Ngày Chiến thắng 30/4' },
      { date: '2021-05-03', name: 'Nghỉ bù Quốc tế Lao động (1/5/2021 là thứ Bảy)' },
      { date: '2021-09-02', name: 'Quốc khánh 2/9' },
      { date: '2021-09-03', name: 'Quốc khánh 2/9 (ngày nghỉ liền kề)' },
    ],
    makeUpWorkingDays: [],
    source:
      'Bộ luật Lao động 2019, Điều 112 (in force 01/01/2021). Tết off Wed 10/02 – Tue 16/02/2021 and Quốc khánh 4 days 02–05/09/2021, the ' +
      'Prime Minister\'s decision on the Ministry of Labour\'s plan as reported by Hànộimới https://hanoimoi.vn/lich-nghi-tet-nguyen-dan-tan-suu-va-quoc-khanh-2-9-498925.html ' +
      'and VietNamNet https://m.vietnamnet.vn/en/society/labor-ministry-plans-7-day-lunar-new-year-2021-holiday-685183.html; the notice\'s number ' +
      'was not found (UNCONFIRMED). 1/5 on Saturday: compensatory Mon 03/05 (Điều 111(3)), also in https://quangtrungcorp.vn/lien-he/',
  },
  {
    year: 2022,
    holidays: [
      { date: '2022-01-03', name: 'Nghỉ bù Tết Dương lịch (1/1/2022 là thứ Bảy)' },
      { date: '2022-01-31', name: TET_2022 },
      { date: '2022-02-01', name: TET_2022 },
      { date: '2022-02-02', name: TET_2022 },
      { date: '2022-02-03', name: TET_2022 },
      { date: '2022-02-04', name: TET_2022 },
      { date: '2022-04-11', name: 'Nghỉ bù Ngày Giỗ Tổ Hùng Vương (10/4/2022 là Chủ nhật)' },
      { date: '2022-05-02', name: 'Nghỉ bù Ngày Chiến thắng 30/4 (30/4/2022 là thứ Bảy)' },
      { date: '2022-05-03', name: 'Nghỉ bù Quốc tế Lao động (1/5/2022 là Chủ nhật)' },
      { date: '2022-09-01', name: 'Quốc khánh 2/9 (ngày nghỉ liền kề)' },
      { date: '2022-09-02', name: 'Quốc khánh 2/9' },
    ],
    makeUpWorkingDays: [],
    source:
      'Công văn 245/VPCP-KGVX (11/01/2022): Tết 31/01 – 04/02/2022 and Quốc khánh 01–02/09/2022 ' +
      '(https://vntrip.vn/cam-nang/nghi-tet-nguyen-dan-tu-ngay-31-01-2022-den-het-ngay-04-02-2022-118632/amp). Compensatory days (Điều 111(3)): ' +
      'Mon 03/01 (https://quangninh.news/thoi-su/duoc-nghi-tan-3-ngay-tet-duong-lich/), Mon 11/04, Mon 02/05 and Tue 03/05 ' +
      '(VietnamPlus via https://qbtv.vn/portal/pages/2022-4-5/lich-nghi-le-gio-to-hung-vuong-dip-30-4-va-1-5-23773.aspx: 3 days for Hùng Kings, 4 for 30/4–1/5)',
  },
  {
    year: 2023,
    holidays: [
      { date: '2023-01-02', name: 'Nghỉ bù Tết Dương lịch (1/1/2023 là Chủ nhật)' },
      { date: '2023-01-20', name: TET_2023 },
      { date: '2023-01-23', name: TET_2023 },
      { date: '2023-01-24', name: TET_2023 },
      { date: '2023-01-25', name: TET_2023 },
      { date: '2023-01-26', name: TET_2023 },
      { date: '2023-05-01', name: 'Quốc tế Lao động 1/5' },
      { date: '2023-05-02', name: 'Nghỉ bù Ngày Giỗ Tổ Hùng Vương (29/4/2023 là thứ Bảy)' },
      { date: '2023-05-03', name: 'Nghỉ bù Ngày Chiến thắng 30/4 (30/4/2023 là Chủ nhật)' },
      { date: '2023-09-01', name: 'Quốc khánh 2/9 (ngày nghỉ liền kề)' },
      { date: '2023-09-04', name: 'Nghỉ bù Quốc khánh 2/9 (2/9/2023 là thứ Bảy)' },
    ],
    makeUpWorkingDays: [],
    source:
      'Công văn 8056/VPCP-KGVX (01/12/2022): Tết Fri 20/01 – Thu 26/01/2023, Quốc khánh Fri 01/09 – Mon 04/09/2023 ' +
      '(https://kiemtientuweb.com/tet-2023.html; VnExpress via https://investinquangninh.vn/vi/news/viet-nam-nghi-tet-7-ngay.html). ' +
      'Compensatory days (Điều 111(3)): Mon 02/01 (thuvienphapluat Q&A mirror http://118.69.84.237:801/phap-luat/tim-tu-van?page=2344&q=Gi%E1%BA%A3i+th%E1%BB%83+ph%C3%A1p+nh%C3%A2n); ' +
      'Hùng Kings\' day Sat 29/04 and 30/04 Sun give Tue 02/05 and Wed 03/05, off 29/04 – 03/05 (https://todaycnews.com/thaonguyen/nghi-le-30-4), CORROBORATED',
  },
  {
    year: 2024,
    holidays: [
      { date: '2024-01-01', name: 'Tết Dương lịch' },
      { date: '2024-02-08', name: TET_2024 },
      { date: '2024-02-09', name: TET_2024 },
      { date: '2024-02-12', name: TET_2024 },
      { date: '2024-02-13', name: TET_2024 },
      { date: '2024-02-14', name: TET_2024 },
      { date: '2024-04-18', name: HUNG },
      { date: '2024-04-29', name: 'Nghỉ hoán đổi (làm bù thứ Bảy 4/5/2024)' },
      { date: '2024-04-30', name: 'Ngày Chiến thắng 30/4' },
      { date: '2024-05-01', name: 'Quốc tế Lao động 1/5' },
      { date: '2024-09-02', name: 'Quốc khánh 2/9' },
      { date: '2024-09-03', name: 'Quốc khánh 2/9 (ngày nghỉ liền kề)' },
    ],
    makeUpWorkingDays: [{ date: '2024-05-04', name: 'Làm bù cho ngày nghỉ hoán đổi thứ Hai 29/4/2024' }],
    source:
      'Thông báo 5015/TB-LĐTBXH (22/11/2023): Tết Thu 08/02 – Wed 14/02/2024, Quốc khánh Sat 31/08 – Tue 03/09/2024 ' +
      '(http://huyendakha.kontum.gov.vn/tin-tuc/thong-bao-ve-viec-nghi-tet-am-lich-va-nghi-le-quoc-khanh-nam-2024-doi-voi-can-bo-cong-chuc-vien-chuc-va-nguoi-lao-dong.html); ' +
      'Công văn 2450/VPCP-KGVX (12/04/2024): Mon 29/04 swapped for Sat 04/05, off 27/04 – 01/05 ' +
      '(https://baophapluat.vn/media/thu-tuong-chinh-phu-dong-y-nghi-5-ngay-lien-tiep-dip-304-va-15-post12513.html; ' +
      'https://baotintuc.vn/infographics/ngay-nghi-le-dip-gio-to-hung-vuong-va-304-152024-20240412212054381.htm). CONFIRMED',
  },
  {
    year: 2025,
    holidays: [
      { date: '2025-01-01', name: 'Tết Dương lịch' },
      { date: '2025-01-27', name: TET_2025 },
      { date: '2025-01-28', name: TET_2025 },
      { date: '2025-01-29', name: TET_2025 },
      { date: '2025-01-30', name: TET_2025 },
      { date: '2025-01-31', name: TET_2025 },
      { date: '2025-04-07', name: 'Ngày Giỗ Tổ Hùng Vương (10/3 âm lịch)' },
      { date: '2025-04-30', name: 'Ngày Chiến thắng 30/4' },
      { date: '2025-05-01', name: 'Quốc tế Lao động 1/5' },
      { date: '2025-05-02', name: 'Nghỉ hoán đổi (làm bù thứ Bảy 26/4/2025)' },
      { date: '2025-09-01', name: 'Quốc khánh 2/9 (ngày nghỉ liền kề)' },
      { date: '2025-09-02', name: 'Quốc khánh 2/9' },
    ],
    makeUpWorkingDays: [{ date: '2025-04-26', name: 'Làm bù cho ngày nghỉ hoán đổi thứ Sáu 2/5/2025' }],
    source:
      'Công văn 8726/VPCP-KGVX (26/11/2024) and Thông báo 6150/TB-BLĐTBXH — domain-research.md §5 [S21] (repo:8a4e84165d9538d2.md, ' +
      'repo:545aeb53e8f71b1d.md, repo:57c335f2aeca05f2.md); domain.md §3. CONFIRMED. Off 25/01–02/02, 05–07/04, 30/04–04/05, 30/08–02/09; ' +
      'weekend days of those breaks are not listed',
  },
  {
    year: 2026,
    holidays: [
      { date: '2026-01-01', name: 'Tết Dương lịch' },
      { date: '2026-02-16', name: TET_2026 },
      { date: '2026-02-17', name: TET_2026 },
      { date: '2026-02-18', name: TET_2026 },
      { date: '2026-02-19', name: TET_2026 },
      { date: '2026-02-20', name: TET_2026 },
      { date: '2026-04-27', name: 'Nghỉ bù Ngày Giỗ Tổ Hùng Vương (10/3 âm lịch là Chủ nhật 26/4/2026)' },
      { date: '2026-04-30', name: 'Ngày Chiến thắng 30/4' },
      { date: '2026-05-01', name: 'Quốc tế Lao động 1/5' },
      { date: '2026-08-31', name: 'Nghỉ hoán đổi dịp Quốc khánh (làm bù thứ Bảy 22/8/2026)' },
      { date: '2026-09-01', name: 'Quốc khánh 2/9 (ngày nghỉ liền kề)' },
      { date: '2026-09-02', name: 'Quốc khánh 2/9' },
    ],
    makeUpWorkingDays: [{ date: '2026-08-22', name: 'Làm bù cho ngày nghỉ hoán đổi thứ Hai 31/8/2026' }],
    source:
      'Công văn 9859/VPCP-KGVX (13/10/2025) and Thông báo 9441/TB-BNV — domain-research.md §5 [S20] (repo:e047808a7048ad30.md, ' +
      'repo:606466aded361abb.md, repo:d467ecd3af04fd2b.md, repo:0883d031bf7e23f9.md); domain.md §3. CONFIRMED as of December 2025. ' +
      'Tết Dương lịch is one day (no official swap for Fri 02/01/2026 seen [S22]; re-check later notices)',
  },
];
