import { z } from 'zod';
import { EVENT_TYPES } from './integration-events';
import { DossierStatus, NATIONAL_STATUS, NATIONAL_STATUS_REFUSED_AT_RECEPTION, NATIONAL_STATUS_SUBMITTED_ONLINE } from './status';

/**
 * The national public service portal (DVCQG) as Motcua speaks to it (README, "National portal"): the status
 * codes it is told (domain.md §2.10, from a dated mapping table an admin can change), its date format, and
 * the events it takes. Pure: the adapter (activities/senders/portal.ts) and the API both use it.
 */

/**
 * What is mapped to a national code: every dossier status, and the three states of an online submission
 * that no dossier status carries — submitted online and not yet handled (1), refused at reception (3),
 * guided to complete (Form 02; 5, see GUIDED_NATIONAL_STATUS).
 */
export const MAPPED_STATUSES = [...DossierStatus.options, 'submitted_online', 'refused_at_reception', 'guided'] as const;
export const MappedStatus = z.enum(MAPPED_STATUSES);
export type MappedStatus = z.infer<typeof MappedStatus>;

/**
 * A submission the clerk guided to complete (Form 02) is told as 5, "supplement requested": on the portal the
 * dossier stays the applicant's, who completes it and submits it again under the same reference. 3 ("not
 * received") would close it there for good, which a guidance is not: nothing was refused.
 */
export const GUIDED_NATIONAL_STATUS = 5;

/** The codes in force from Decree 118/2025/NĐ-CP (1 July 2025): the seed of the mapping table. */
export const INITIAL_NATIONAL_CODES: Record<MappedStatus, number> = {
  ...NATIONAL_STATUS,
  submitted_online: NATIONAL_STATUS_SUBMITTED_ONLINE,
  refused_at_reception: NATIONAL_STATUS_REFUSED_AT_RECEPTION,
  guided: GUIDED_NATIONAL_STATUS,
};
export const INITIAL_MAPPING_FROM = '2025-07-01';

/** One dated row of the mapping: `validTo` inclusive, null while it is the latest. */
export interface MappingRow {
  status: MappedStatus;
  nationalCode: number;
  validFrom: string;
  validTo: string | null;
}

/** The code in force for a status on a civil date (YYYY-MM-DD); undefined before the first row. */
export function nationalCodeOn(rows: readonly MappingRow[], status: MappedStatus, on: string): number | undefined {
  const row = rows.find((r) => r.status === status && r.validFrom <= on && (r.validTo === null || on <= r.validTo));
  return row?.nationalCode;
}

/** The civil day before a YYYY-MM-DD date (the end of the row a new one closes). */
export function dayBefore(date: string): string {
  const d = new Date(`${date}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() - 1);
  return d.toISOString().slice(0, 10);
}

/** Asia/Ho_Chi_Minh is +07:00 all year (no DST since 1975). */
const HANOI_OFFSET_MS = 7 * 3600_000;

/** The portal's date format: "yyyyMMddHHmmss" in Hanoi time (a client of the portal formats them so [S6]). */
export function portalDate(at: Date | string): string {
  const iso = new Date(new Date(at).getTime() + HANOI_OFFSET_MS).toISOString(); // 2026-02-23T01:02:03.000Z
  return iso.slice(0, 19).replace(/[-T:]/g, '');
}

/** The instant a portal date names (Hanoi time); undefined when it is not one. */
export function parsePortalDate(text: string): Date | undefined {
  const m = /^(\d{4})(\d{2})(\d{2})(\d{2})(\d{2})(\d{2})$/.exec(text);
  if (!m) return undefined;
  const d = new Date(`${m[1]}-${m[2]}-${m[3]}T${m[4]}:${m[5]}:${m[6]}+07:00`);
  return Number.isNaN(d.getTime()) || portalDate(d) !== text ? undefined : d;
}

/**
 * The outcomes of online submissions that the portal must hear, beside the dossiers' own events: a refusal
 * (3) and a guidance (5). A received submission needs none — its dossier's events tell the portal, under the
 * submission's reference. They travel through the outbox and the deliveries like a dossier's events, keyed by
 * `submissionKey(id)` instead of a dossier code, and only the portal's destination takes them: the event feed
 * and the webhooks carry dossier events only (EVENT_TYPES).
 */
export const SUBMISSION_EVENT_TYPES = ['submission.refused', 'submission.guided'] as const;
export type SubmissionEventType = (typeof SUBMISSION_EVENT_TYPES)[number];

/** Every event the national portal's destination takes. */
export const PORTAL_EVENT_TYPES: readonly string[] = [...EVENT_TYPES, ...SUBMISSION_EVENT_TYPES];

const SUBMISSION_KEY = 'online-submission-';
/** The outbox's key of an online submission's outcome (in place of a dossier code). */
export function submissionKey(id: string): string {
  return `${SUBMISSION_KEY}${id}`;
}
export function submissionIdOfKey(key: string): string | undefined {
  return key.startsWith(SUBMISSION_KEY) ? key.slice(SUBMISSION_KEY.length) : undefined;
}

/** What each step is called on the portal (NoiDungXuLy): the history's actions in words. */
export const STEP_TEXT: Record<string, string> = {
  receive: 'Tiếp nhận hồ sơ',
  import: 'Tiếp nhận hồ sơ (chuyển từ hệ thống cũ)',
  transfer: 'Chuyển hồ sơ đến cơ quan giải quyết',
  'await-fees': 'Chờ nộp phí, lệ phí',
  'pay-fee': 'Đã nộp phí, lệ phí',
  claim: 'Nhận xử lý hồ sơ',
  reassign: 'Phân công lại người xử lý',
  release: 'Trả hồ sơ về hàng chờ của cơ quan',
  'request-supplement': 'Yêu cầu bổ sung hồ sơ',
  supplement: 'Đã bổ sung hồ sơ',
  submit: 'Trình lãnh đạo phê duyệt',
  'send-back': 'Lãnh đạo trả lại để xử lý tiếp',
  approve: 'Đã có kết quả giải quyết',
  return: 'Đã trả kết quả',
  withdraw: 'Rút hồ sơ theo yêu cầu của người nộp',
  stop: 'Dừng xử lý hồ sơ',
  apologize: 'Xin lỗi và hẹn lại ngày trả kết quả',
  progress: 'Cập nhật tiến độ xử lý',
  'step-late': 'Bước xử lý quá hạn',
  'calendar-change': 'Điều chỉnh lịch làm việc',
  escalate: 'Cảnh báo thời hạn xử lý',
  'submission.refused': 'Từ chối tiếp nhận hồ sơ',
  'submission.guided': 'Hướng dẫn bổ sung, hoàn thiện hồ sơ',
};

/** The title of a role on the portal (ChucDanh). */
export const ROLE_TITLE: Record<string, string> = {
  clerk: 'Cán bộ tiếp nhận',
  officer: 'Chuyên viên xử lý',
  leader: 'Lãnh đạo',
  supervisor: 'Cán bộ giám sát',
  admin: 'Quản trị hệ thống',
  system: 'Hệ thống',
};

/** A portal reply: error_code 0 is success, anything else a failure (the adapter retries it). */
export const PortalReply = z.object({ error_code: z.coerce.number(), message: z.string().optional(), session: z.string().optional() }).passthrough();
export type PortalReply = z.infer<typeof PortalReply>;

/** The stub's code for an invalid or expired session; the adapter also reads a message that says so. */
export const SESSION_INVALID_CODE = 2;
export function sessionInvalid(reply: PortalReply): boolean {
  return reply.error_code === SESSION_INVALID_CODE || /session|phiên/i.test(reply.message ?? '');
}
