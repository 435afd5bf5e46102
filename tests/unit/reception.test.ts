import { createCalendar } from '../../domain/calendar';
import { checkComponents } from '../../domain/components';
import { NATIONAL_STATUS_REFUSED_AT_RECEPTION } from '../../domain/status';
import { escapeHtml, html, Html } from '../../api/print/html';
import { viDate, viDateTime, viMoney, viProcessingTime, viShort } from '../../api/print/vi-time';

const REQUIRED = [
  { code: 'TO-KHAI', name: 'Tờ khai', requirement: 'mandatory' as const },
  { code: 'CCCD', name: 'Bản sao căn cước', requirement: 'mandatory' as const },
  { code: 'UY-QUYEN', name: 'Văn bản ủy quyền', requirement: 'conditional' as const, condition: 'nếu nộp qua người được ủy quyền' },
];
const procedure = { requiredDocuments: REQUIRED };

describe('reception outcomes (domain.md §2.2, §4 "Reception has three outcomes")', () => {
  it('guidance asks for the required components not brought, in the procedure’s order (the receipt’s rule)', () => {
    expect(checkComponents(procedure, ['CCCD'], []).missing.map((d) => d.code)).toEqual(['TO-KHAI']);
    expect(checkComponents(procedure, ['CCCD'], ['UY-QUYEN']).missing.map((d) => d.code)).toEqual(['TO-KHAI', 'UY-QUYEN']);
    expect(checkComponents(procedure, ['UY-QUYEN', 'TO-KHAI', 'CCCD'], ['UY-QUYEN']).missing).toEqual([]);
    expect(checkComponents(procedure, [], []).missing.map((d) => d.code)).toEqual(['TO-KHAI', 'CCCD']);
  });

  it('names the codes brought that the procedure does not list, once each', () => {
    expect(checkComponents(procedure, ['CCCD', 'X', 'X', 'Y'], []).unknownDocuments).toEqual(['X', 'Y']);
    expect(checkComponents(procedure, ['CCCD'], []).unknownDocuments).toEqual([]);
  });

  it('records a refusal at reception with national status 3 (domain.md §2.10)', () => {
    expect(NATIONAL_STATUS_REFUSED_AT_RECEPTION).toBe(3);
  });
});

describe('the forms’ Vietnamese dates, in +07:00 through the domain calendar', () => {
  const calendar = createCalendar({});
  it.each([
    // 03:00Z is 10:00 in Hanoi.
    ['2027-01-13T03:00:00Z', '10 giờ 00 phút, ngày 13 tháng 01 năm 2027', 'ngày 13 tháng 01 năm 2027', '13/01/2027 10:00'],
    // 17:30Z on 31 Dec is 00:30 on 1 Jan in Hanoi: the civil date, not the UTC one.
    ['2026-12-31T17:30:00Z', '00 giờ 30 phút, ngày 01 tháng 01 năm 2027', 'ngày 01 tháng 01 năm 2027', '01/01/2027 00:30'],
    ['2026-12-01T09:59:59Z', '16 giờ 59 phút, ngày 01 tháng 12 năm 2026', 'ngày 01 tháng 12 năm 2026', '01/12/2026 16:59'],
  ])('%s → %s', (instant, words, date, short) => {
    expect(viDateTime(calendar, new Date(instant))).toBe(words);
    expect(viDate(calendar, new Date(instant))).toBe(date);
    expect(viShort(calendar, new Date(instant))).toBe(short);
  });

  it('writes statutory times and fees as the forms do', () => {
    expect(viProcessingTime({ value: 30, unit: 'working_days' })).toBe('30 ngày làm việc');
    expect(viProcessingTime({ value: 0.5, unit: 'working_days' })).toBe('0,5 ngày làm việc');
    expect(viProcessingTime({ value: 8, unit: 'working_hours' })).toBe('8 giờ làm việc');
    expect(viProcessingTime({ value: 15, unit: 'calendar_days' })).toBe('15 ngày');
    expect(viProcessingTime({ value: 0, unit: 'working_days' })).toBe('trong ngày');
    expect(viMoney(200000)).toBe('200.000 đồng');
    expect(viMoney(1250000)).toBe('1.250.000 đồng');
    expect(viMoney(500)).toBe('500 đồng');
  });
});

describe('the print pages’ escaping', () => {
  it('escapes markup and drops control characters in every interpolated value', () => {
    const hostile = '<script>alert("x")</script>\u0000Tr\u0007ần & \'Bình\'';
    expect(escapeHtml(hostile)).toBe('&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;Trần &amp; &#39;Bình&#39;');
    expect(html`<p>${hostile}</p>`.value).toBe('<p>&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;Trần &amp; &#39;Bình&#39;</p>');
    expect(html`<ul>${['<b>', 'a']}</ul>`.value).toBe('<ul>&lt;b&gt;a</ul>');
    // Markup built by the helpers is kept as it is.
    expect(html`<p>${new Html('<b>ok</b>')}</p>`.value).toBe('<p><b>ok</b></p>');
    expect(html`${null}${undefined}${false}${0}`.value).toBe('0');
  });
});
