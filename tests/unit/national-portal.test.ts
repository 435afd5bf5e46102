import { civilDateOf } from '../../db/catalogue';
import { dayBefore, nationalCodeOn, parsePortalDate, portalDate, sessionInvalid, submissionIdOfKey, submissionKey, type MappingRow } from '../../domain/national-portal';

describe('the portal’s dates: yyyyMMddHHmmss in Hanoi time', () => {
  it.each([
    ['2026-02-23T01:02:03Z', '20260223080203'], // 08:02:03 in Hanoi
    ['2026-02-23T16:59:59Z', '20260223235959'], // still the 23rd in Hanoi
    ['2026-02-23T17:00:00Z', '20260224000000'], // already the 24th in Hanoi
    ['2025-12-31T17:30:00.999Z', '20260101003000'], // a new year in Hanoi; milliseconds dropped
    ['2026-02-23T08:02:03+07:00', '20260223080203'],
  ])('%s → %s', (at, text) => {
    expect(portalDate(at)).toBe(text);
    expect(parsePortalDate(text)!.getTime()).toBe(Math.floor(new Date(at).getTime() / 1000) * 1000);
  });

  it.each(['2026022308020', '20261323080203', '20260230080203', '20260223250000', '2026-02-23', ''])('refuses %j', (text) => {
    expect(parsePortalDate(text)).toBeUndefined();
  });

  it('takes the civil date in Hanoi', () => {
    expect(civilDateOf(new Date('2026-06-30T16:59:59Z'))).toBe('2026-06-30');
    expect(civilDateOf(new Date('2026-06-30T17:00:00Z'))).toBe('2026-07-01');
    expect(dayBefore('2026-03-01')).toBe('2026-02-28');
    expect(dayBefore('2028-03-01')).toBe('2028-02-29');
    expect(dayBefore('2026-01-01')).toBe('2025-12-31');
  });
});

describe('the mapping in force on a date', () => {
  const rows: MappingRow[] = [
    { status: 'returned', nationalCode: 10, validFrom: '2025-07-01', validTo: '2026-12-31' },
    { status: 'returned', nationalCode: 11, validFrom: '2027-01-01', validTo: null },
    { status: 'received', nationalCode: 2, validFrom: '2025-07-01', validTo: null },
  ];
  it.each([
    ['returned', '2025-06-30', undefined], // before the table's first day
    ['returned', '2025-07-01', 10],
    ['returned', '2026-12-31', 10], // validTo is inclusive
    ['returned', '2027-01-01', 11], // the new row from its first day
    ['returned', '2040-01-01', 11],
    ['received', '2030-05-05', 2],
    ['withdrawn', '2026-01-01', undefined], // no row
  ] as const)('%s on %s → %s', (status, on, code) => {
    expect(nationalCodeOn(rows, status, on)).toBe(code);
  });

  it('chooses by the event’s day in Hanoi, not in UTC', () => {
    // 2026-12-31T17:30Z is 00:30 on 1 January 2027 in Hanoi: the new code.
    expect(nationalCodeOn(rows, 'returned', civilDateOf(new Date('2026-12-31T17:30:00Z')))).toBe(11);
    expect(nationalCodeOn(rows, 'returned', civilDateOf(new Date('2026-12-31T16:30:00Z')))).toBe(10);
  });
});

describe('the protocol’s small rules', () => {
  it('reads an invalid session from the code or the message', () => {
    expect(sessionInvalid({ error_code: 2 })).toBe(true);
    expect(sessionInvalid({ error_code: 7, message: 'Phiên làm việc đã hết hạn' })).toBe(true);
    expect(sessionInvalid({ error_code: 7, message: 'Session expired' })).toBe(true);
    expect(sessionInvalid({ error_code: 99, message: 'Hệ thống đang bận' })).toBe(false);
  });

  it('keys a submission’s outcome apart from dossier codes', () => {
    const id = '0b0e5f9e-7c1a-4a43-9d67-3f7f5f0f2a10';
    expect(submissionIdOfKey(submissionKey(id))).toBe(id);
    expect(submissionIdOfKey('CG-260223-0001')).toBeUndefined();
  });
});
