import { Router, type Request, type Response } from 'express';
import { z } from 'zod';
import type { WorkingCalendar } from '../../domain/calendar';
import { Procedure } from '../../domain/catalogue';
import type { StepPhase } from '../../domain/terms';
import { CENTER_UNIT_ID } from '../../domain/roles';
import { STATUS_TEXT, type DossierStatus } from '../../domain/status';
import { dossierHistory, findDossier, type DossierRow } from '../../db/dossiers';
import { findUnit } from '../../db/catalogue';
import { unitNames } from '../../db/units';
import { unitNamesOnReceipt } from '../dossier-view';
import { actorOf, requireRole } from '../auth';
import type { AppContext } from '../context';
import { HttpError } from '../errors';
import { RECEPTION_RECORD_ROLES } from '../../domain/security-matrix';
import { apologyPage, guidancePage, processSheetPage, receiptPage, refusalPage, type ApplicantLines } from '../print/forms';
import { forPaper, PAPER_SIZES, PRINT_SCRIPT, type PageHead, type PaperSize } from '../print/html';
import { qrSvg } from '../print/qr';
import { takePinForFirstPrint } from '../print/receipt-pin';
import { viDate, viDateTime, viMoney, viProcessingTime, viShort } from '../print/vi-time';
import { DossierPath } from '../schemas';
import { findReceptionRecord } from './reception';
import { touches, visibleUnits } from './dossiers';

/**
 * The printable forms (api-contract.md "Additions (round 2)": print pages), HTML laid out for A4. Staff only,
 * with the API's answers: 401 without a valid token, 403 for a role that never sees the record, 404 for a
 * record the caller's units do not touch or that does not exist. Never cached (the first receipt carries the PIN).
 */
export function printRoutes(ctx: AppContext): Router {
  const r = Router();
  // The paper is read before anything else: a bad one is a 400 that takes nothing (not the receipt's PIN).
  r.use((req, res, next) => {
    res.locals.paper = PrintQuery.parse(req.query).paper;
    next();
  });

  // The print button's script (each page's own: no inline script under the Content-Security-Policy).
  r.get('/print.js', (_req, res) => {
    res.set('Cache-Control', 'private, max-age=3600');
    res.type('text/javascript; charset=utf-8').send(PRINT_SCRIPT);
  });

  r.get('/receipt/:code', async (req, res) => {
    const { calendar, row, names } = await visibleDossier(ctx, req);
    const procedure = await procedureOf(ctx, row);
    const [first] = await dossierHistory(ctx.db, row.code);
    const returnUnit = await findUnit(ctx.db, row.return_branch_id);
    // Only a real print takes the PIN (HEAD goes where GET does, and must not use it up).
    const pin = req.method === 'GET' ? await takePinForFirstPrint(ctx.db, row.code, ctx.config.jwtSecret, new Date()) : undefined;
    const lookupUrl = publicLookupUrl(req, row.code);
    send(
      res,
      receiptPage({
        head: await head(ctx, calendar, row.receiving_branch_id, new Date(row.received_at)),
        code: row.code,
        receivingUnit: names.receiving,
        applicant: applicantLines(row.applicant),
        procedure: `${row.procedure_name} (${row.procedure_code})`,
        authority: names.department,
        documents: row.documents,
        statutoryTime: viProcessingTime(procedure.processingTime),
        receivedAt: viDateTime(calendar, new Date(row.received_at)),
        appointment: viDateTime(calendar, new Date(row.original_due_at)),
        // As the dossier view says it (domain.md §4 "Calendars never run out"): a proposed year is named on paper.
        provisional: calendar.statusBetween(new Date(row.received_at), new Date(row.original_due_at)) === 'provisional',
        collectAt: [names.return, returnUnit?.address].filter(Boolean).join(', '),
        fee: procedure.fee.amount ? viMoney(procedure.fee.amount) : undefined,
        lookupUrl,
        qr: await qrSvg(lookupUrl, `Mã QR tra cứu hồ sơ ${row.code}`),
        pin,
        clerk: first?.actor.name ?? first?.actor.sub ?? '',
      }),
    );
  });

  r.get('/apology/:code', async (req, res) => {
    const { calendar, row, names } = await visibleDossier(ctx, req);
    const events = await dossierHistory(ctx.db, row.code);
    const apology = events.find((e) => e.action === 'apologize');
    const data = apology ? ((await ctx.db('dossier_events').where({ dossier_code: row.code, seq: apology.seq }).first('data')).data as { oldDueAt?: string; newDueAt?: string } | null) : null;
    if (!apology || !data?.oldDueAt || !data.newDueAt) {
      throw new HttpError('conflict', `The dossier ${row.code} has no apology to print.`, { reason: 'no_apology' });
    }
    send(
      res,
      apologyPage({
        head: await head(ctx, calendar, row.department_id, new Date(apology.at)),
        code: row.code,
        receivedOn: capitalise(viDate(calendar, new Date(row.received_at))),
        receivingUnit: names.receiving,
        authority: names.department,
        applicant: applicantLines(row.applicant),
        procedure: `${row.procedure_name} (${row.procedure_code})`,
        oldAppointment: viDateTime(calendar, new Date(data.oldDueAt)),
        newAppointment: viDateTime(calendar, new Date(data.newDueAt)),
        reason: apology.note ?? '',
      }),
    );
  });

  r.get('/process-sheet/:code', async (req, res) => {
    const { calendar, row, names } = await visibleDossier(ctx, req);
    const events = await dossierHistory(ctx.db, row.code);
    const at = (d: Date | string | null) => (d ? viShort(calendar, new Date(d)) : '');
    send(
      res,
      processSheetPage({
        head: await head(ctx, calendar, row.receiving_branch_id, new Date()),
        code: row.code,
        procedure: `${row.procedure_name} (${row.procedure_code})`,
        authority: names.department,
        receivedAt: viDateTime(calendar, new Date(row.received_at)),
        appointment: viDateTime(calendar, new Date(row.original_due_at)),
        steps: (row.deadline?.steps ?? []).map((s) => ({
          name: PHASE_VI[s.phase],
          dueAt: at(s.dueAt),
          finishedAt: s.finishedAt ? at(s.finishedAt) : 'Chưa hoàn thành',
          verdict: s.verdict ? VERDICT_VI[s.verdict] : '',
        })),
        history: events.map((e) => ({
          at: at(e.at),
          action: ACTION_VI[e.action] ?? e.action,
          by: `${e.actor.name ?? e.actor.sub} (${ROLE_VI[e.actor.role] ?? e.actor.role}, ${e.actor.unitId})`,
          status: STATUS_TEXT[e.status as DossierStatus]?.vi ?? e.status,
          ...(e.note ? { note: e.note } : {}),
        })),
      }),
    );
  });

  r.get('/guidance/:id', requireRole(...RECEPTION_RECORD_ROLES), async (req, res) => {
    const row = await findReceptionRecord(ctx, 'guidance', req);
    const { calendar } = await ctx.calendar.current();
    const top = await head(ctx, calendar, row.unit_id, new Date(row.created_at));
    send(
      res,
      guidancePage({
        head: { ...top, number: row.id.slice(0, 8).toUpperCase() },
        unit: top.unit,
        applicant: applicantLines(row.applicant),
        procedure: `${row.procedure_name} (${row.procedure_code})`,
        brought: row.documents ?? [],
        missing: row.missing ?? [],
        note: row.note ?? undefined,
        at: viDateTime(calendar, new Date(row.created_at)),
        clerk: row.actor.name ?? row.actor.sub,
      }),
    );
  });

  r.get('/refusal/:id', requireRole(...RECEPTION_RECORD_ROLES), async (req, res) => {
    const row = await findReceptionRecord(ctx, 'refusal', req);
    const { calendar } = await ctx.calendar.current();
    const top = await head(ctx, calendar, row.unit_id, new Date(row.created_at));
    send(
      res,
      refusalPage({
        head: { ...top, number: row.id.slice(0, 8).toUpperCase() },
        unit: top.unit,
        applicant: applicantLines(row.applicant),
        procedure: `${row.procedure_name} (${row.procedure_code})`,
        reason: row.reason ?? '',
        at: viDateTime(calendar, new Date(row.created_at)),
        clerk: row.actor.name ?? row.actor.sub,
      }),
    );
  });

  return r;
}

/** A dossier the caller's units touch (as `GET /dossiers/{code}`), else 404; with its units' names. */
async function visibleDossier(ctx: AppContext, req: Request) {
  const { code } = DossierPath.parse(req.params);
  const row = await findDossier(ctx.db, code);
  if (!row || !touches(row, await visibleUnits(ctx, actorOf(req)))) throw new HttpError('not_found', `No dossier ${code}.`);
  const { calendar } = await ctx.calendar.current();
  // The names the units had on the day the dossier was received (units over time).
  const names = unitNamesOnReceipt(row, calendar, await unitNames(ctx.db, [row.receiving_branch_id, row.return_branch_id, row.department_id]));
  return { calendar, row, names: { receiving: names.receiving, return: names.return, department: names.authority } };
}

async function procedureOf(ctx: AppContext, row: DossierRow): Promise<Procedure> {
  const version = await ctx.db('procedures').where({ code: row.procedure_code, effective_from: (row as DossierRow & { procedure_version: string }).procedure_version }).first('definition');
  return Procedure.parse(version.definition);
}

async function head(ctx: AppContext, calendar: WorkingCalendar, unitId: string, on: Date): Promise<PageHead> {
  const unit = await findUnit(ctx.db, unitId);
  const center = await findUnit(ctx.db, CENTER_UNIT_ID);
  // Named as on the page's date (units over time).
  const name = (await unitNames(ctx.db, [unitId, CENTER_UNIT_ID]))(unitId, calendar.civilDate(on));
  const organisation = unit?.kind === 'department' || unit?.kind === 'commune' ? 'Ủy ban nhân dân thành phố Hà Nội' : (center?.name ?? 'Trung tâm Phục vụ hành chính công');
  return { organisation, unit: name ?? unit?.name ?? unitId, placeAndDate: `Hà Nội, ${viDate(calendar, on)}` };
}

function applicantLines(a: Record<string, unknown>): ApplicantLines {
  const s = (k: string) => (typeof a[k] === 'string' ? (a[k] as string) : undefined);
  return { fullName: s('fullName') ?? '', idNumber: s('idNumber') ?? '', phone: s('phone') ?? '', email: s('email'), address: s('address') };
}

/**
 * Where the QR code leads: `PUBLIC_LOOKUP_URL` with `{code}` in it, else the console's citizens' lookup page on
 * this origin (`/tra-cuu?code=…`, which asks for the PIN). The PIN is never in it: the citizen types it.
 */
function publicLookupUrl(req: Request, code: string): string {
  const template = process.env.PUBLIC_LOOKUP_URL ?? `${req.protocol}://${req.get('host') ?? 'localhost'}/tra-cuu?code={code}`;
  return template.replace('{code}', encodeURIComponent(code));
}

/** `?paper=a4` (the default) or `a5`: the desks print the slips on either. */
export const PrintQuery = z.object({ paper: z.enum(PAPER_SIZES).default('a4').openapi({ description: 'The paper the page is laid out for' }) });

function send(res: Response, page: string): void {
  res.set('Cache-Control', 'no-store');
  res.type('text/html; charset=utf-8').send(forPaper(page, res.locals.paper as PaperSize));
}

function capitalise(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1);
}

const PHASE_VI: Record<StepPhase, string> = {
  reception: 'Tiếp nhận và chuyển hồ sơ',
  claim: 'Phân công, nhận thụ lý',
  examination: 'Thẩm định, xử lý hồ sơ',
  approval: 'Phê duyệt, ký kết quả',
};
const VERDICT_VI: Record<'early' | 'on_time' | 'late', string> = { early: 'Trước hạn', on_time: 'Đúng hạn', late: 'Quá hạn' };
const ROLE_VI: Record<string, string> = { clerk: 'cán bộ tiếp nhận', officer: 'chuyên viên', leader: 'lãnh đạo', supervisor: 'giám sát', admin: 'quản trị' };
const ACTION_VI: Record<string, string> = {
  receive: 'Tiếp nhận hồ sơ',
  import: 'Chuyển từ hệ thống cũ',
  transfer: 'Chuyển cơ quan giải quyết',
  claim: 'Nhận thụ lý',
  reassign: 'Phân công lại',
  'request-supplement': 'Yêu cầu bổ sung hồ sơ',
  supplement: 'Nhận hồ sơ bổ sung',
  submit: 'Trình phê duyệt',
  'send-back': 'Trả lại để xử lý',
  approve: 'Phê duyệt kết quả',
  apologize: 'Xin lỗi, hẹn lại ngày trả kết quả',
  return: 'Trả kết quả',
  withdraw: 'Rút hồ sơ',
  'step-late': 'Bước xử lý quá hạn',
  escalate: 'Cảnh báo, báo cáo quá hạn',
  stop: 'Dừng xử lý (không bổ sung đúng hạn)',
  'calendar-change': 'Điều chỉnh theo lịch nghỉ mới',
};
