import { z } from 'zod';
import type { OfficeHours } from './calendar';

/**
 * What the applicant is told, and when (issue 12, item 5): pure templates, in Vietnamese, from facts the
 * sender reads in PostgreSQL. Never the lookup PIN: no template takes it (the receipt is the PIN's only
 * carrier), and a message only says where the PIN is printed.
 */

/** The events the applicant hears of, and the message each one is. */
export const APPLICANT_EVENT_TYPES = [
  'dossier.received',
  'dossier.supplement_requested',
  'dossier.apologized',
  'dossier.result_ready',
  // domain.md §2.5: a dossier not supplemented in time is closed; the applicant must know it is over.
  'dossier.stopped',
] as const;
export const ApplicantEventType = z.enum(APPLICANT_EVENT_TYPES);
export type ApplicantEventType = z.infer<typeof ApplicantEventType>;

export interface Place {
  name: string;
  address: string | null;
}

/** Common facts of every message. */
interface Common {
  code: string;
  procedureName: string;
  /** The applicant's name, for the greeting of the e-mail (never in the SMS). */
  applicantName?: string;
  /** The citizens' lookup page for this dossier, when the deployment has one. */
  lookupUrl?: string;
  /** Civil time's offset (Asia/Ho_Chi_Minh: +07:00, fixed since 1975). */
  utcOffsetMinutes: number;
}

export type MessageFacts = Common &
  (
    | { kind: 'dossier.received'; receivedAt: Date; appointment: Date; receivingBranch: Place; returnBranch: Place; awaitingFees: boolean }
    | { kind: 'dossier.supplement_requested'; documents: string[]; dueBy: Date; receivingBranch: Place }
    | { kind: 'dossier.apologized'; oldAppointment: Date | null; newAppointment: Date }
    | { kind: 'dossier.result_ready'; returnBranch: Place; officeHours: OfficeHours; feeDueAtReturn: number | null; refused: boolean }
    | { kind: 'dossier.stopped'; receivingBranch: Place }
  );

export interface RenderedMessage {
  subject: string;
  text: string;
  html: string;
  /** ASCII-folded (see `smsText`). */
  sms: string;
}

const CENTER = 'Trung tâm Phục vụ hành chính công thành phố Hà Nội';
const MINUTE = 60_000;
const pad = (n: number) => String(n).padStart(2, '0');

/** `10:30, ngày 13/01/2027` in the calendar's civil time. */
export function viMoment(at: Date, utcOffsetMinutes: number): string {
  const d = new Date(at.getTime() + utcOffsetMinutes * MINUTE);
  return `${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}, ngày ${pad(d.getUTCDate())}/${pad(d.getUTCMonth() + 1)}/${d.getUTCFullYear()}`;
}

const WEEKDAY_VI = ['Chủ nhật', 'thứ Hai', 'thứ Ba', 'thứ Tư', 'thứ Năm', 'thứ Sáu', 'thứ Bảy'];

/** `thứ Hai đến thứ Sáu, 08:00–12:00 và 13:00–17:00` */
export function viOfficeHours(h: OfficeHours): string {
  const days = [...new Set(h.weekdays)].sort((a, b) => a - b);
  const contiguous = days.length > 2 && days.every((d, i) => i === 0 || d === days[i - 1] + 1);
  const dayText = contiguous ? `${WEEKDAY_VI[days[0]]} đến ${WEEKDAY_VI[days[days.length - 1]]}` : days.map((d) => WEEKDAY_VI[d]).join(', ');
  const periods = h.periods.map((p) => `${p.start}–${p.end}`);
  const periodText = periods.length > 1 ? `${periods.slice(0, -1).join(', ')} và ${periods[periods.length - 1]}` : periods[0];
  return `${dayText}, ${periodText}`;
}

const placeText = (p: Place) => (p.address ? `${p.name}, ${p.address}` : p.name);

/** The message for an event: subject, plain text and simple HTML for the e-mail, and the SMS. */
export function renderMessage(f: MessageFacts): RenderedMessage {
  const at = (d: Date) => viMoment(d, f.utcOffsetMinutes);
  const lines: string[] = []; // the body's paragraphs; a line starting with "• " is a list item
  let subject: string;
  let sms: string;
  switch (f.kind) {
    case 'dossier.received':
      subject = `Hồ sơ ${f.code} đã được tiếp nhận`;
      lines.push(
        `${f.receivingBranch.name} đã tiếp nhận hồ sơ của Ông/Bà.`,
        `Mã hồ sơ: ${f.code}`,
        `Thủ tục: ${f.procedureName}`,
        f.awaitingFees
          ? `Thời gian hẹn trả kết quả (dự kiến): ${at(f.appointment)}. Hồ sơ được chuyển giải quyết sau khi Ông/Bà nộp phí, lệ phí; thời gian giải quyết được tính từ khi nộp.`
          : `Thời gian hẹn trả kết quả: ${at(f.appointment)}`,
        `Nơi nhận kết quả: ${placeText(f.returnBranch)}`,
      );
      sms = `Ho so ${f.code} da duoc tiep nhan. Hen tra ket qua${f.awaitingFees ? ' (du kien, sau khi nop phi)' : ''}: ${at(f.appointment)}.`;
      break;
    case 'dossier.supplement_requested':
      subject = `Hồ sơ ${f.code}: đề nghị bổ sung hồ sơ`;
      lines.push(
        `Hồ sơ ${f.code} (${f.procedureName}) cần được bổ sung. Ông/Bà vui lòng mang đến các giấy tờ sau:`,
        ...f.documents.map((d) => `• ${d}`),
        `Thời hạn bổ sung: trước ${at(f.dueBy)}. Quá thời hạn này mà hồ sơ chưa được bổ sung thì hồ sơ sẽ bị dừng xử lý.`,
        `Nơi nộp bổ sung: ${placeText(f.receivingBranch)}, hoặc bất kỳ chi nhánh nào của ${CENTER}.`,
        `Thời gian giải quyết hồ sơ được tính lại từ khi nhận đủ hồ sơ bổ sung.`,
      );
      sms = `Ho so ${f.code} can bo sung: ${f.documents.join('; ')}. Han bo sung: ${at(f.dueBy)}.`;
      break;
    case 'dossier.apologized':
      subject = `Hồ sơ ${f.code}: thư xin lỗi và hẹn lại ngày trả kết quả`;
      lines.push(
        `Hồ sơ ${f.code} (${f.procedureName}) chưa thể được giải quyết đúng thời hạn${f.oldAppointment ? ` đã hẹn (${at(f.oldAppointment)})` : ''}. Cơ quan giải quyết xin lỗi Ông/Bà vì sự chậm trễ này.`,
        `Thời gian hẹn trả kết quả mới: ${at(f.newAppointment)}`,
        `Văn bản xin lỗi và hẹn lại ngày trả kết quả (Mẫu 04) được gửi kèm khi trả kết quả.`,
      );
      sms = `Xin loi: ho so ${f.code} cham giai quyet. Hen tra ket qua moi: ${at(f.newAppointment)}.`;
      break;
    case 'dossier.result_ready':
      subject = `Hồ sơ ${f.code}: đã có kết quả giải quyết`;
      lines.push(
        f.refused
          ? `Hồ sơ ${f.code} (${f.procedureName}) đã có kết quả: văn bản trả lời nêu rõ lý do không giải quyết.`
          : `Hồ sơ ${f.code} (${f.procedureName}) đã có kết quả giải quyết.`,
        `Nơi nhận kết quả: ${placeText(f.returnBranch)}`,
        `Giờ làm việc: ${viOfficeHours(f.officeHours)} (trừ ngày nghỉ lễ, Tết).`,
        `Khi đến nhận, Ông/Bà vui lòng mang theo Giấy tiếp nhận hồ sơ và hẹn trả kết quả và giấy tờ tùy thân.`,
        ...(f.feeDueAtReturn ? [`Phí, lệ phí nộp khi nhận kết quả: ${viMoney(f.feeDueAtReturn)}.`] : []),
      );
      sms = `Ho so ${f.code} da co ket qua. Moi Ong/Ba den nhan tai ${placeText(f.returnBranch)} (${viOfficeHours(f.officeHours)}).`;
      break;
    case 'dossier.stopped':
      subject = `Hồ sơ ${f.code}: dừng xử lý`;
      lines.push(
        `Hồ sơ ${f.code} (${f.procedureName}) đã bị dừng xử lý vì không được bổ sung trong thời hạn yêu cầu.`,
        `Nếu vẫn có nhu cầu, Ông/Bà có thể nộp hồ sơ mới tại ${placeText(f.receivingBranch)} hoặc bất kỳ chi nhánh nào của ${CENTER}.`,
      );
      sms = `Ho so ${f.code} da dung xu ly do khong bo sung dung han.`;
      break;
  }
  if (f.lookupUrl) {
    lines.push(`Tra cứu tình trạng hồ sơ tại ${f.lookupUrl} bằng mã hồ sơ và mã tra cứu (PIN) in trên Giấy tiếp nhận hồ sơ và hẹn trả kết quả.`);
    sms += ` Tra cuu: ${f.lookupUrl}`;
  }
  const greeting = `Kính gửi Ông/Bà${f.applicantName ? ` ${f.applicantName}` : ''},`;
  const closing = ['Trân trọng,', CENTER];
  const footer = 'Thư này được gửi tự động; vui lòng không trả lời thư này.';
  const text = [greeting, '', ...lines.flatMap((l) => (l.startsWith('• ') ? [`  ${l}`] : ['', l])).slice(1), '', ...closing, '', footer].join('\n') + '\n';
  return { subject, text, html: htmlOf(greeting, lines, closing, footer), sms: smsText(sms) };
}

function htmlOf(greeting: string, lines: string[], closing: string[], footer: string): string {
  const parts: string[] = [`<p>${escape(greeting)}</p>`];
  let list: string[] = [];
  const flush = () => {
    if (list.length) parts.push(`<ul>${list.map((i) => `<li>${escape(i)}</li>`).join('')}</ul>`);
    list = [];
  };
  for (const l of lines) {
    if (l.startsWith('• ')) list.push(l.slice(2));
    else {
      flush();
      parts.push(`<p>${escape(l)}</p>`);
    }
  }
  flush();
  parts.push(`<p>${closing.map(escape).join('<br>')}</p>`, `<p style="color:#555;font-size:small">${escape(footer)}</p>`);
  return `<!doctype html><html lang="vi"><head><meta charset="utf-8"></head><body>${parts.join('\n')}</body></html>\n`;
}

const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };
const escape = (s: string) => s.replace(/[&<>"']/g, (c) => ESCAPES[c]);

/** `1.250.000 đồng` */
function viMoney(amount: number): string {
  return `${String(Math.round(amount)).replace(/\B(?=(\d{3})+(?!\d))/g, '.')} đồng`;
}

/**
 * SMS text without diacritics. Vietnamese with its diacritics does not fit GSM-7: one accented letter makes
 * the whole SMS UCS-2, 70 characters a segment instead of 160 (a message of three segments instead of one),
 * and Vietnamese operators' brand-name SMS are commonly sent unaccented for that reason; every Vietnamese
 * reader reads "khong dau" text. The e-mail keeps the full diacritics. Anything left outside printable ASCII
 * (GSM-7's safe subset here) becomes a space.
 */
export function smsText(s: string): string {
  return s
    .replace(/[đĐ]/g, (c) => (c === 'đ' ? 'd' : 'D'))
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/[\u2010-\u2015]/g, '-')
    .replace(/[\u2018\u2019]/g, "'")
    .replace(/[\u201c\u201d]/g, '"')
    .replace(/\u2026/g, '...')
    .replace(/[^\x20-\x7e\n]/g, ' ')
    .replace(/ {2,}/g, ' ')
    .trim();
}

/** A Vietnamese phone number as SMS providers take it (E.164): `0912 345 678` → `+84912345678`. */
export function phoneE164(phone: string): string {
  const digits = phone.replace(/[\s.-]/g, '');
  if (digits.startsWith('+')) return digits;
  if (digits.startsWith('84') && digits.length >= 11) return `+${digits}`;
  if (digits.startsWith('0')) return `+84${digits.slice(1)}`;
  return digits;
}

/** How an address shows in the admin's attempt view: enough to tell two apart, not enough to read. */
export function maskContact(value: string): string {
  const at = value.indexOf('@');
  if (at > 0) return `${value[0]}***${value.slice(at)}`;
  return value.length > 4 ? `${'*'.repeat(value.length - 3)}${value.slice(-3)}` : '***';
}
