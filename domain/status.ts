import { z } from 'zod';

/** Dossier statuses of the API contract, each with its national portal code (TrangThaiHoSo, domain.md §2.10). */
export const DossierStatus = z.enum([
  'received',
  'transferred',
  'processing',
  'awaiting_supplement',
  'awaiting_approval',
  'awaiting_fees',
  'result_ready',
  'returned',
  'withdrawn',
  'stopped',
]);
export type DossierStatus = z.infer<typeof DossierStatus>;

export const NATIONAL_STATUS: Record<DossierStatus, number> = {
  received: 2,
  transferred: 4,
  processing: 4,
  awaiting_supplement: 5,
  awaiting_approval: 4,
  awaiting_fees: 6,
  result_ready: 9,
  returned: 10,
  withdrawn: 7,
  stopped: 8,
};

/**
 * National codes (domain.md §2.10) that no dossier status carries: a dossier submitted online and not yet
 * received (1), and a submission refused at reception (3; Form 03 — a reception record, not a dossier).
 */
export const NATIONAL_STATUS_SUBMITTED_ONLINE = 1;
export const NATIONAL_STATUS_REFUSED_AT_RECEPTION = 3;

export const STATUS_TEXT: Record<DossierStatus, { vi: string; en: string }> = {
  received: { vi: 'Đã tiếp nhận', en: 'Received' },
  transferred: { vi: 'Đã chuyển cơ quan giải quyết', en: 'Transferred to the competent authority' },
  processing: { vi: 'Đang giải quyết', en: 'Being processed' },
  awaiting_supplement: { vi: 'Chờ bổ sung hồ sơ', en: 'Waiting for additional documents' },
  awaiting_approval: { vi: 'Chờ lãnh đạo phê duyệt', en: 'Waiting for approval' },
  awaiting_fees: { vi: 'Chờ nộp phí, lệ phí', en: 'Waiting for the fee to be paid' },
  result_ready: { vi: 'Đã có kết quả, chờ trả', en: 'Result ready for collection' },
  returned: { vi: 'Đã trả kết quả', en: 'Result returned' },
  withdrawn: { vi: 'Đã rút hồ sơ', en: 'Withdrawn at the applicant’s request' },
  stopped: { vi: 'Dừng xử lý', en: 'Processing stopped' },
};

/** Statuses in which a dossier is finished: no action changes it any more. */
export const FINAL_STATUSES: ReadonlySet<DossierStatus> = new Set(['returned', 'withdrawn', 'stopped']);
/** Statuses in which the result exists (processing finished); timeliness is judged from here. */
export const RESULT_STATUSES: ReadonlySet<DossierStatus> = new Set(['result_ready', 'returned']);

/** Before the result: the dossier is being worked on (its clock may be stopped, or not started yet). */
export const OPEN_STATUSES: readonly DossierStatus[] = ['received', 'transferred', 'processing', 'awaiting_supplement', 'awaiting_approval', 'awaiting_fees'];
/**
 * Open with the clock running: all but waiting for the applicant's supplement (domain.md §2.5) and waiting
 * for a fee that comes before processing (the clock starts when it is paid, domain.md §4 Fees).
 */
export const CLOCK_RUNNING_STATUSES: readonly DossierStatus[] = OPEN_STATUSES.filter((s) => s !== 'awaiting_supplement' && s !== 'awaiting_fees');

/** Open, but its clock has not started: the fee comes first; its appointment is provisional until then. */
export function clockNotStarted(status: DossierStatus): boolean {
  return status === 'awaiting_fees';
}

export function isOpen(status: DossierStatus): boolean {
  return OPEN_STATUSES.includes(status);
}
