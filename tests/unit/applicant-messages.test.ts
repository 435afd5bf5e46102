import { maskContact, phoneE164, renderMessage, smsText, viMoment, viOfficeHours, type MessageFacts } from '../../domain/applicant-messages';
import { DEFAULT_OFFICE_HOURS } from '../../domain/calendar';
import { applicantMessagesConfig, readEnv } from '../../config/env';

const common = { code: '000.02.00.H26-270111-0007', procedureName: 'Cấp giấy phép xây dựng', applicantName: 'Nguyễn Văn An', utcOffsetMinutes: 420 };
const branch = { name: 'Chi nhánh Cầu Giấy – Thanh Xuân', address: '85 Dịch Vọng Hậu, Cầu Giấy, thành phố Hà Nội' };
// 2027-01-13T03:30:00Z is 10:30 in Hanoi (+07:00).
const appointment = new Date('2027-01-13T03:30:00Z');

describe('dates and hours as the messages write them', () => {
  test.each([
    ['2027-01-13T03:30:00Z', '10:30, ngày 13/01/2027'],
    // 17:00 UTC is midnight the next day in Hanoi.
    ['2026-12-31T17:00:00Z', '00:00, ngày 01/01/2027'],
    ['2026-12-31T16:59:00Z', '23:59, ngày 31/12/2026'],
  ])('%s → %s', (iso, text) => expect(viMoment(new Date(iso), 420)).toBe(text));

  test('office hours in words', () => {
    expect(viOfficeHours(DEFAULT_OFFICE_HOURS)).toBe('thứ Hai đến thứ Sáu, 08:00–12:00 và 13:00–17:00');
    expect(viOfficeHours({ weekdays: [1, 3, 6], periods: [{ start: '07:30', end: '11:30' }] })).toBe('thứ Hai, thứ Tư, thứ Bảy, 07:30–11:30');
  });
});

describe('the messages', () => {
  const received: MessageFacts = { ...common, kind: 'dossier.received', receivedAt: new Date('2027-01-06T03:30:00Z'), appointment, receivingBranch: branch, returnBranch: branch, awaitingFees: false };

  test('received: the code, the procedure and the appointment, in Vietnamese, with a greeting by name', () => {
    const m = renderMessage({ ...received, lookupUrl: 'https://motcua.example.vn/tra-cuu?code=000.02.00.H26-270111-0007' });
    expect(m.subject).toBe('Hồ sơ 000.02.00.H26-270111-0007 đã được tiếp nhận');
    expect(m.text).toContain('Kính gửi Ông/Bà Nguyễn Văn An,');
    expect(m.text).toContain('Thời gian hẹn trả kết quả: 10:30, ngày 13/01/2027');
    expect(m.text).toContain('Nơi nhận kết quả: Chi nhánh Cầu Giấy – Thanh Xuân, 85 Dịch Vọng Hậu');
    expect(m.text).toContain('mã tra cứu (PIN) in trên Giấy tiếp nhận');
    expect(m.html).toContain('<html lang="vi">');
    expect(m.sms).toBe(
      'Ho so 000.02.00.H26-270111-0007 da duoc tiep nhan. Hen tra ket qua: 10:30, ngay 13/01/2027. Tra cuu: https://motcua.example.vn/tra-cuu?code=000.02.00.H26-270111-0007',
    );
  });

  test('received while the fee is awaited: the appointment is provisional', () => {
    const m = renderMessage({ ...received, awaitingFees: true });
    expect(m.text).toContain('Thời gian hẹn trả kết quả (dự kiến): 10:30, ngày 13/01/2027');
    expect(m.sms).toContain('du kien, sau khi nop phi');
  });

  test('supplement: every document to bring and the date by which', () => {
    const m = renderMessage({ ...common, kind: 'dossier.supplement_requested', documents: ['Bản vẽ thiết kế', 'Giấy tờ về quyền sử dụng đất'], dueBy: new Date('2027-02-03T10:00:00Z'), receivingBranch: branch });
    expect(m.text).toContain('  • Bản vẽ thiết kế\n  • Giấy tờ về quyền sử dụng đất');
    expect(m.text).toContain('Thời hạn bổ sung: trước 17:00, ngày 03/02/2027');
    expect(m.html).toContain('<ul><li>Bản vẽ thiết kế</li><li>Giấy tờ về quyền sử dụng đất</li></ul>');
    expect(m.sms).toBe('Ho so 000.02.00.H26-270111-0007 can bo sung: Ban ve thiet ke; Giay to ve quyen su dung dat. Han bo sung: 17:00, ngay 03/02/2027.');
  });

  test('apology: the old and the new appointment', () => {
    const m = renderMessage({ ...common, kind: 'dossier.apologized', oldAppointment: appointment, newAppointment: new Date('2027-01-20T08:00:00Z') });
    expect(m.text).toContain('đã hẹn (10:30, ngày 13/01/2027)');
    expect(m.text).toContain('Thời gian hẹn trả kết quả mới: 15:00, ngày 20/01/2027');
    expect(m.sms).toContain('Hen tra ket qua moi: 15:00, ngay 20/01/2027');
  });

  test('result ready: where to collect it, the office hours, a fee due at return', () => {
    const m = renderMessage({ ...common, kind: 'dossier.result_ready', returnBranch: branch, officeHours: DEFAULT_OFFICE_HOURS, feeDueAtReturn: 1250000, refused: false });
    expect(m.text).toContain('Nơi nhận kết quả: Chi nhánh Cầu Giấy – Thanh Xuân, 85 Dịch Vọng Hậu, Cầu Giấy, thành phố Hà Nội');
    expect(m.text).toContain('Giờ làm việc: thứ Hai đến thứ Sáu, 08:00–12:00 và 13:00–17:00');
    expect(m.text).toContain('1.250.000 đồng');
    expect(m.sms).toContain('den nhan tai Chi nhanh Cau Giay - Thanh Xuan, 85 Dich Vong Hau');
  });

  test('stopped: why, and that a new dossier may be filed', () => {
    const m = renderMessage({ ...common, kind: 'dossier.stopped', receivingBranch: branch });
    expect(m.text).toContain('dừng xử lý vì không được bổ sung trong thời hạn');
  });

  test('the HTML escapes what it is given', () => {
    const m = renderMessage({ ...received, procedureName: 'A <b>&</b>' });
    expect(m.html).toContain('A &lt;b&gt;&amp;&lt;/b&gt;');
  });

  test('every SMS is printable ASCII (GSM-7, 160 characters a segment)', () => {
    expect(smsText('Hồ sơ — “Đường” Phố…')).toBe('Ho so - "Duong" Pho...');
    const sms = renderMessage(received).sms;
    expect(sms).toMatch(/^[\x20-\x7e]+$/);
    expect(sms.length).toBeLessThanOrEqual(160);
  });
});

test('phone numbers in E.164, contacts masked', () => {
  expect(phoneE164('0912 345 678')).toBe('+84912345678');
  expect(phoneE164('84912345678')).toBe('+84912345678');
  expect(phoneE164('+84912345678')).toBe('+84912345678');
  expect(maskContact('an.nguyen@example.vn')).toBe('a***@example.vn');
  expect(maskContact('+84912345678')).toBe('*********678');
});

describe('configuration', () => {
  const base = { DATABASE_URL: 'postgres://x' };
  test('nothing configured: no messages', () => expect(applicantMessagesConfig(readEnv(base))).toBeUndefined());
  test('SMTP and SMS, with the lookup page from PUBLIC_URL', () => {
    expect(
      applicantMessagesConfig(
        readEnv({ ...base, SMTP_URL: 'smtp://u:p@mail.example.vn:587', MAIL_FROM: 'Motcua <noreply@example.vn>', SMS_PROVIDER_URL: 'https://sms.example.vn/send', SMS_PROVIDER_KEY: 'k', PUBLIC_URL: 'https://motcua.example.vn/' }),
      ),
    ).toEqual({
      smtp: { url: 'smtp://u:p@mail.example.vn:587', from: 'Motcua <noreply@example.vn>' },
      sms: { url: 'https://sms.example.vn/send', key: 'k' },
      lookupUrlTemplate: 'https://motcua.example.vn/tra-cuu?code={code}',
    });
  });
  test('half a channel stops the process', () => {
    expect(() => applicantMessagesConfig(readEnv({ ...base, SMTP_URL: 'smtp://mail.example.vn' }))).toThrow(/MAIL_FROM/);
    expect(() => applicantMessagesConfig(readEnv({ ...base, SMS_PROVIDER_URL: 'https://sms.example.vn' }))).toThrow(/SMS_PROVIDER_KEY/);
  });
});
