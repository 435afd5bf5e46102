import type { Knex } from 'knex';
import { civilDateOf } from '../../db/catalogue';
import { mappingRows, type SubmissionRow } from '../../db/national-portal';
import { unitNames } from '../../db/units';
import {
  INITIAL_NATIONAL_CODES,
  nationalCodeOn,
  portalDate,
  PortalReply,
  ROLE_TITLE,
  sessionInvalid,
  STEP_TEXT,
  submissionIdOfKey,
  type MappedStatus,
} from '../../domain/national-portal';
import { RESULT_STATUSES, type DossierStatus } from '../../domain/status';
import type { Outgoing, SendResult, Sender } from '../deliveries';

/**
 * The national portal's adapter (DVCQG, as OpenCPS speaks to it; README, "National portal"): for each event,
 * the upsert of the dossier (`DongBoHoSoMC`, after `TraCuuHoSo` says whether the portal has it), then the step
 * (`CapNhatTienDoHoSoMC`), with the national code in force on the event's day (the mapping table). Any reply
 * whose error_code is not 0, any HTTP error or timeout fails the attempt, which the destination's workflow
 * retries; steps go in seq order per dossier (the workflow's guarantee). The applicant's name and contact go to
 * the portal, which is owed them, and into the attempt's record in PostgreSQL — never into a log or Temporal.
 */
export interface PortalOptions {
  username: string;
  password: string;
  /** Appended to the portal's address for the sign-in (OpenCPS's auth_endpoint). */
  authPath?: string;
  /** The `dstcode` header (the unit's code at the portal). */
  dstcode: string;
  /** How long a request may take before the attempt fails (then retried). */
  timeoutMs?: number;
  /** The portal's address when the destination has none. */
  url?: string;
}

interface Exchange {
  url: string;
  body: unknown;
  status: number | null;
  reply?: unknown;
  error?: string;
  ms: number;
}

class PortalFailure extends Error {
  constructor(
    message: string,
    readonly status: number | null,
    readonly body?: string,
  ) {
    super(message);
  }
}

export function createPortalSender(db: Knex, opts: PortalOptions): Sender {
  const timeoutMs = opts.timeoutMs ?? 30_000;
  const authPath = opts.authPath ?? '/auth';
  /** The session token per destination, shared by the dossiers delivered at the same time. */
  const sessions = new Map<string, Promise<string>>();
  /** MaHoSo the portal is known to hold (a TraCuuHoSo said so, or an upsert succeeded), per destination. */
  const known = new Map<string, Set<string>>();

  return {
    async send(o: Outgoing): Promise<SendResult> {
      const base = (o.destination.url ?? opts.url ?? '').replace(/\/+$/, '');
      const exchanges: Exchange[] = [];
      const held = known.get(o.destination.id) ?? new Set<string>();
      known.set(o.destination.id, held);

      const post = async (path: string, body: Record<string, unknown>): Promise<PortalReply> => {
        const started = Date.now();
        // The attempt's record keeps the messages, not the session token (a credential).
        const shown = 'session' in body ? { ...body, session: '(session)' } : 'password' in body ? { ...body, password: '(password)' } : body;
        const ex: Exchange = { url: base + path, body: shown, status: null, ms: 0 };
        exchanges.push(ex);
        let res: Response;
        try {
          res = await fetch(base + path, {
            method: 'POST',
            headers: { 'content-type': 'application/json', dstcode: opts.dstcode },
            body: JSON.stringify(body),
            signal: AbortSignal.timeout(timeoutMs),
            redirect: 'manual',
          });
        } catch (err) {
          ex.ms = Date.now() - started;
          ex.error = err instanceof Error ? err.message : String(err);
          throw new PortalFailure(`${path}: ${ex.error}`, null);
        }
        const text = await res.text().catch(() => '');
        ex.ms = Date.now() - started;
        ex.status = res.status;
        if (res.status < 200 || res.status >= 300) {
          ex.reply = text.slice(0, 500);
          throw new PortalFailure(`${path}: HTTP ${res.status}`, res.status, text);
        }
        let reply: PortalReply;
        try {
          reply = PortalReply.parse(JSON.parse(text));
        } catch {
          ex.reply = text.slice(0, 500);
          throw new PortalFailure(`${path}: the reply is not the portal's JSON`, res.status, text);
        }
        ex.reply = reply.session ? { ...reply, session: '(session)' } : reply;
        return reply;
      };

      const session = (): Promise<string> => {
        let s = sessions.get(o.destination.id);
        if (!s) {
          s = post(authPath, { username: opts.username, password: opts.password }).then((reply) => {
            if (reply.error_code !== 0 || !reply.session) throw new PortalFailure(`sign-in refused: error_code ${reply.error_code} ${reply.message ?? ''}`.trim(), 200);
            return reply.session;
          });
          sessions.set(o.destination.id, s);
          // A failed sign-in is not kept: the next attempt signs in again.
          s.catch(() => {
            if (sessions.get(o.destination.id) === s) sessions.delete(o.destination.id);
          });
        }
        return s;
      };

      /** A service call; a session the portal says is invalid (expired) is renewed once and the call repeated. */
      const call = async (service: string, data: unknown[], extra: Record<string, unknown> = {}): Promise<PortalReply> => {
        for (let attempt = 0; ; attempt++) {
          const token = await session();
          const reply = await post('/', { service, session: token, ...extra, data });
          if (reply.error_code === 0) return reply;
          if (attempt === 0 && sessionInvalid(reply)) {
            if (sessions.get(o.destination.id) && (await sessions.get(o.destination.id)!.catch(() => null)) === token) sessions.delete(o.destination.id);
            continue;
          }
          throw new PortalFailure(`${service}: error_code ${reply.error_code}${reply.message ? ` (${reply.message})` : ''}`, 200, JSON.stringify(reply).slice(0, 500));
        }
      };

      let maHoSo: string | undefined;
      try {
        const message = await portalMessages(db, o);
        maHoSo = message.maHoSo;
        if (!held.has(maHoSo)) {
          const found = await call('TraCuuHoSo', [{ MaHoSo: maHoSo }]);
          if (Array.isArray(found.data) && found.data.length > 0) held.add(maHoSo);
        }
        await call('DongBoHoSoMC', [message.dossier], { isUpdating: held.has(maHoSo) ? 'True' : 'False' });
        held.add(maHoSo);
        const last = await call('CapNhatTienDoHoSoMC', [message.step]);
        return { ok: true, request: exchanges, responseStatus: 200, responseBody: JSON.stringify(last).slice(0, 2000) };
      } catch (err) {
        // What the portal holds is uncertain after a failure: ask it again next time.
        if (maHoSo) held.delete(maHoSo);
        const f = err instanceof PortalFailure ? err : new PortalFailure(err instanceof Error ? err.message : String(err), null);
        return { ok: false, request: exchanges, responseStatus: f.status, ...(f.body ? { responseBody: f.body.slice(0, 2000) } : {}), error: f.message };
      }
    },
  };
}

/** The national code of a status on the event's day (Asia/Ho_Chi_Minh), from the mapping table. */
export async function nationalCodeFor(db: Knex, status: MappedStatus, at: Date | string): Promise<number> {
  const rows = await mappingRows(db, status);
  // An event before the table's first day (an import of an old dossier) takes the first row's code.
  return nationalCodeOn(rows, status, civilDateOf(new Date(at))) ?? rows[0]?.nationalCode ?? INITIAL_NATIONAL_CODES[status];
}

interface PortalMessages {
  maHoSo: string;
  /** DongBoHoSoMC's data item. */
  dossier: Record<string, unknown>;
  /** CapNhatTienDoHoSoMC's data item. */
  step: Record<string, unknown>;
}

interface ApplicantData {
  fullName?: string;
  idNumber?: string;
  phone?: string;
  email?: string;
  address?: string;
}

const date = (at: Date | string | null | undefined): string => (at ? portalDate(at) : '');

type StepActor = { sub: string; role: string; unitId: string; name?: string };

/**
 * DongBoHoSoMC's data item, for a dossier or a submission alike; what Motcua does not hold (the sector, the
 * kind of applicant, the result's papers) takes the portal's empty or default values (README, "National portal").
 */
function portalRecord(r: {
  maHoSo: string;
  procedureCode: string;
  procedureName: string;
  applicant: ApplicantData;
  receivedAt: Date | string;
  dueAt: Date | string | null;
  code: string;
  returnedAt: Date | string | null;
  finishedAt: Date | string | null;
  unit: string;
  fees: Record<string, string>[];
  documents: { code: string; name: string; url: string }[];
}): Record<string, unknown> {
  return {
    MaHoSo: r.maHoSo,
    MaTTHC: r.procedureCode,
    TenTTHC: r.procedureName,
    MaLinhVuc: '',
    TenLinhVuc: '',
    ChuHoSo: r.applicant.fullName ?? '',
    LoaiDoiTuong: '1',
    MaDoiTuong: r.applicant.idNumber ?? '',
    Email: r.applicant.email ?? '',
    SoDienThoai: r.applicant.phone ?? '',
    TrichYeuHoSo: r.procedureName,
    NgayTiepNhan: date(r.receivedAt),
    NgayHenTra: date(r.dueAt),
    TrangThaiHoSo: r.code,
    NgayTra: date(r.returnedAt),
    HinhThuc: '0',
    NgayKetThucXuLy: date(r.finishedAt),
    DonViXuLy: r.unit,
    DanhSachLePhi: r.fees,
    TaiLieuNop: r.documents.map((d) => ({ TepDinhKemId: d.code, TenTepDinhKem: d.name, MaThanhPhanHoSo: d.code, DuongDanTaiTepTin: d.url, IsDeleted: 'False' })),
    DanhSachGiayToKetQua: [],
    DanhSachHoSoBoSung: [],
  };
}

/** CapNhatTienDoHoSoMC's data item: who did the step, where, when, what (with its detail), under which code. */
function portalStep(p: { maHoSo: string; actor: StepActor; unit: string; at: Date | string; text: string; detail?: string; code: string; dueAt: Date | string | null }): Record<string, unknown> {
  return {
    MaHoSo: p.maHoSo,
    NguoiXuLy: p.actor.name ?? p.actor.sub,
    ChucDanh: ROLE_TITLE[p.actor.role] ?? p.actor.role,
    ThoiDiemXuLy: date(p.at),
    PhongBanXuLy: p.unit,
    NoiDungXuLy: p.detail ? `${p.text}: ${p.detail}` : p.text,
    TrangThai: p.code,
    NgayBatDau: date(p.at),
    NgayKetThucTheoQuyDinh: date(p.dueAt),
  };
}

/** The messages of one event, built from PostgreSQL (the event itself carries codes only). */
async function portalMessages(db: Knex, o: Outgoing): Promise<PortalMessages> {
  const submissionId = submissionIdOfKey(o.event.dossier_code);
  return submissionId ? submissionMessages(db, o, submissionId) : dossierMessages(db, o);
}

async function dossierMessages(db: Knex, o: Outgoing): Promise<PortalMessages> {
  const e = o.event;
  const data = e.data as { status: DossierStatus; dueAt?: string | null; publicNote?: string; action: string };
  const row = await db('dossiers').where({ code: e.dossier_code }).first();
  if (!row) throw new Error(`no dossier ${e.dossier_code}`);
  // A dossier received from an online submission is known on the portal by the submission's reference.
  const link: { portal_reference: string } | undefined = await db('online_submissions').where({ dossier_code: e.dossier_code }).first('portal_reference');
  const maHoSo = link?.portal_reference ?? e.dossier_code;
  const historyEvent: { actor: StepActor } | undefined = await db('dossier_events')
    .where({ dossier_code: e.dossier_code, seq: e.seq })
    .first('actor');
  const actor = historyEvent?.actor ?? { sub: 'system', role: 'system', unitId: 'center' };
  const on = civilDateOf(new Date(e.at));
  const name = await unitNames(db, [row.department_id, actor.unitId]);
  const code = String(await nationalCodeFor(db, data.status, e.at));
  const applicant = row.applicant as ApplicantData;
  const dueAt = data.dueAt ?? row.due_at;
  const documents = (row.documents as { code: string; name: string }[]) ?? [];
  const dossier = portalRecord({
    maHoSo,
    procedureCode: row.procedure_code,
    procedureName: row.procedure_name,
    applicant,
    receivedAt: row.received_at,
    dueAt,
    code,
    returnedAt: data.status === 'returned' ? (row.returned_at ?? e.at) : null,
    finishedAt: RESULT_STATUSES.has(data.status) ? (row.result_ready_at ?? e.at) : null,
    unit: name(row.department_id, on) ?? row.department_id,
    fees: row.fee_amount ? [{ TenPhiLePhi: 'Phí, lệ phí', Gia: String(row.fee_amount), DaThu: row.fee_paid_at ? '1' : '0' }] : [],
    documents: documents.map((d) => ({ ...d, url: '' })),
  });
  const text = STEP_TEXT[data.action] ?? data.action;
  const step = portalStep({ maHoSo, actor, unit: name(actor.unitId, on) ?? actor.unitId, at: e.at, text, detail: data.publicNote, code, dueAt });
  return { maHoSo, dossier, step };
}

/** A refused (3) or guided (5) online submission: the portal's dossier gets its final word from reception. */
async function submissionMessages(db: Knex, o: Outgoing, id: string): Promise<PortalMessages> {
  const e = o.event;
  const s: SubmissionRow | undefined = await db('online_submissions').where({ id }).first();
  if (!s) throw new Error(`no online submission ${id}`);
  const type = e.type as string;
  const refused = type === 'submission.refused';
  const record: { reason?: string; missing?: { name: string }[]; note?: string | null; actor: StepActor } | undefined = refused
    ? await db('reception_refusals').where({ id: s.refusal_id }).first('reason', 'actor')
    : await db('reception_guidance').where({ id: s.guidance_id }).first('missing', 'note', 'actor');
  const actor: StepActor = record?.actor ?? s.handled_by ?? { sub: 'system', role: 'system', unitId: s.receiving_unit_id };
  const on = civilDateOf(new Date(e.at));
  const name = await unitNames(db, [actor.unitId]);
  const code = String(await nationalCodeFor(db, refused ? 'refused_at_reception' : 'guided', e.at));
  const applicant = s.applicant as ApplicantData;
  // What the applicant must hear: the reason of the refusal (Form 03), or what to complete (Form 02).
  const detail = refused ? (record?.reason ?? '') : [...(record?.missing ?? []).map((m) => m.name), ...(record?.note ? [record.note] : [])].join('; ');
  const text = STEP_TEXT[type];
  const dossier = portalRecord({
    maHoSo: s.portal_reference,
    procedureCode: s.procedure_code,
    procedureName: s.procedure_name,
    applicant,
    receivedAt: s.submitted_at,
    dueAt: null,
    code,
    returnedAt: null,
    finishedAt: null,
    unit: name(actor.unitId, on) ?? actor.unitId,
    fees: [],
    documents: s.documents.map((d) => ({ code: d.code, name: d.name ?? d.code, url: d.url ?? '' })),
  });
  const step = portalStep({ maHoSo: s.portal_reference, actor, unit: name(actor.unitId, on) ?? actor.unitId, at: e.at, text, detail, code, dueAt: null });
  return { maHoSo: s.portal_reference, dossier, step };
}
