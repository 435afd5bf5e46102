import crypto from 'node:crypto';
import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import express from 'express';
import { parsePortalDate, SESSION_INVALID_CODE } from '../../domain/national-portal';
// A seeded PRNG, so a ratio of failures is the same on every run.
import { mulberry32 } from '../synthetic/random';

/**
 * A local stand-in for the national public service portal's integration endpoint (DVCQG, as OpenCPS's
 * DVCQGIntegrationActionImpl speaks to it; product-surface.md §3.1): the real one is unreachable from a test
 * machine. It follows the protocol Motcua implements (README, "National portal"), checks what it is sent as
 * strictly as it can, holds what it was told for assertions, and fails on demand (every Nth request or a
 * ratio: error_code ≠ 0 with HTTP 200, HTTP 500, or a slow reply).
 *
 * Error codes of this stub (the real portal's are not in the sources): 0 success, 1 wrong credentials,
 * 2 session invalid or expired (SESSION_INVALID_CODE), 3 bad request (unknown service, missing or malformed
 * field), 4 no such dossier (a progress update for a MaHoSo it does not hold), 99 an injected failure.
 */

export type FailureKind = 'error_code' | 'http_500' | 'slow';

export interface FailureOptions {
  /** Every Nth request fails (counting every request, the sign-in too). */
  every?: number;
  /** Or each request fails with this probability (seeded: the same run twice fails alike). */
  ratio?: number;
  /** How a failing request fails, in turn (default: error_code, http_500, slow). */
  kinds?: FailureKind[];
  /** How long a slow reply takes (it is then answered normally: the client may have given up). */
  slowMs?: number;
  seed?: number;
}

export interface PortalStubOptions {
  port?: number;
  host?: string;
  username?: string;
  password?: string;
  /** The sign-in's path (OpenCPS's auth_endpoint). */
  authPath?: string;
  /** The dstcode every service request must carry; any when undefined. */
  dstcode?: string;
  /** A session expires this long after sign-in. */
  sessionTtlMs?: number;
  failures?: FailureOptions;
}

/** What the portal holds of a dossier: the latest upsert and every progress update, in arrival order. */
export interface HeldDossier {
  record: Record<string, unknown>;
  /** TrangThaiHoSo of each upsert, in order. */
  statuses: string[];
  progress: Record<string, unknown>[];
}

export interface PortalStub {
  url: string;
  dossiers: Map<string, HeldDossier>;
  /** Every request, with how it was answered. */
  log: { at: number; path: string; service?: string; maHoSo?: string; answer: string }[];
  stats: { requests: number; failed: number; signIns: number; sessionsRefused: number };
  setFailures(f: FailureOptions | undefined): void;
  /** Every session issued so far expires now. */
  expireSessions(): void;
  close(): Promise<void>;
}

const DATE_FIELDS_UPSERT = ['NgayTiepNhan', 'NgayHenTra', 'NgayTra', 'NgayKetThucXuLy'];
const DATE_FIELDS_PROGRESS = ['ThoiDiemXuLy', 'NgayBatDau', 'NgayKetThucTheoQuyDinh'];
const REQUIRED_UPSERT = ['MaHoSo', 'MaTTHC', 'TenTTHC', 'ChuHoSo', 'NgayTiepNhan', 'TrangThaiHoSo'];
const REQUIRED_PROGRESS = ['MaHoSo', 'NguoiXuLy', 'ThoiDiemXuLy', 'NoiDungXuLy', 'TrangThai'];

export async function createPortalStub(opts: PortalStubOptions = {}): Promise<PortalStub> {
  const username = opts.username ?? 'motcua';
  const password = opts.password ?? 'motcua-portal';
  const authPath = opts.authPath ?? '/auth';
  const ttl = opts.sessionTtlMs ?? 30 * 60_000;
  const sessions = new Map<string, number>(); // token → expiry
  let failures = opts.failures;
  let random = mulberry32(failures?.seed ?? 1);
  let turn = 0;

  const stub: PortalStub = {
    url: '',
    dossiers: new Map(),
    log: [],
    stats: { requests: 0, failed: 0, signIns: 0, sessionsRefused: 0 },
    setFailures(f) {
      failures = f;
      random = mulberry32(f?.seed ?? 1);
    },
    expireSessions() {
      for (const token of sessions.keys()) sessions.set(token, 0);
    },
    close: async () => undefined,
  };

  const app = express();
  app.use(express.json({ limit: '5mb' }));

  /** Injected failures, before anything is done (a failed request changes nothing, but a slow one does). */
  app.use((req, res, next) => {
    stub.stats.requests++;
    const f = failures;
    const failing = f && ((f.every && stub.stats.requests % f.every === 0) || (f.ratio && random() < f.ratio));
    if (!failing) return next();
    const kinds = f.kinds?.length ? f.kinds : (['error_code', 'http_500', 'slow'] as FailureKind[]);
    const kind = kinds[turn++ % kinds.length];
    stub.stats.failed++;
    const entry = { at: Date.now(), path: req.path, service: (req.body as { service?: string })?.service, answer: `injected ${kind}` };
    stub.log.push(entry);
    if (kind === 'error_code') return void res.json({ error_code: 99, message: 'Hệ thống đang bận, vui lòng thử lại (injected failure)' });
    if (kind === 'http_500') return void res.status(500).send('Internal Server Error');
    setTimeout(next, f.slowMs ?? 2_000);
  });

  app.post(authPath, (req, res) => {
    const body = req.body as { username?: unknown; password?: unknown };
    if (body.username !== username || body.password !== password) {
      stub.log.push({ at: Date.now(), path: req.path, answer: 'wrong credentials' });
      return void res.json({ error_code: 1, message: 'Sai tên đăng nhập hoặc mật khẩu' });
    }
    const session = crypto.randomBytes(16).toString('hex');
    sessions.set(session, Date.now() + ttl);
    stub.stats.signIns++;
    stub.log.push({ at: Date.now(), path: req.path, answer: 'session' });
    res.json({ error_code: 0, session });
  });

  app.post('/', (req, res) => {
    const body = req.body as { service?: unknown; session?: unknown; data?: unknown; isUpdating?: unknown };
    const answer = (reply: Record<string, unknown>, maHoSo?: string) => {
      stub.log.push({ at: Date.now(), path: '/', service: String(body.service), maHoSo, answer: reply.error_code === 0 ? 'ok' : `error_code ${String(reply.error_code)}` });
      res.json(reply);
    };
    const bad = (message: string) => answer({ error_code: 3, message });
    if (opts.dstcode !== undefined && req.header('dstcode') !== opts.dstcode) return bad('Thiếu hoặc sai dstcode');
    const expiry = typeof body.session === 'string' ? sessions.get(body.session) : undefined;
    if (expiry === undefined || expiry <= Date.now()) {
      stub.stats.sessionsRefused++;
      return answer({ error_code: SESSION_INVALID_CODE, message: 'Phiên làm việc không hợp lệ hoặc đã hết hạn (session invalid)' });
    }
    if (!Array.isArray(body.data) || body.data.length === 0) return bad('data phải là một mảng khác rỗng');
    const items = body.data as Record<string, unknown>[];
    switch (body.service) {
      case 'TraCuuHoSo': {
        const found = items.flatMap((i) => {
          const held = stub.dossiers.get(String(i.MaHoSo));
          return held ? [{ MaHoSo: i.MaHoSo, TrangThaiHoSo: held.record.TrangThaiHoSo }] : [];
        });
        return answer({ error_code: 0, data: found }, String(items[0].MaHoSo));
      }
      case 'DongBoHoSoMC': {
        if (body.isUpdating !== 'True' && body.isUpdating !== 'False') return bad('isUpdating phải là "True" hoặc "False"');
        for (const item of items) {
          const problem = check(item, REQUIRED_UPSERT, DATE_FIELDS_UPSERT) ?? checkStatus(item.TrangThaiHoSo);
          if (problem) return bad(problem);
          const exists = stub.dossiers.has(String(item.MaHoSo));
          if (exists !== (body.isUpdating === 'True')) return bad(`isUpdating=${body.isUpdating} nhưng hồ sơ ${String(item.MaHoSo)} ${exists ? 'đã' : 'chưa'} có`);
        }
        for (const item of items) {
          const key = String(item.MaHoSo);
          const held = stub.dossiers.get(key) ?? { record: {}, statuses: [], progress: [] };
          held.record = item;
          held.statuses.push(String(item.TrangThaiHoSo));
          stub.dossiers.set(key, held);
        }
        return answer({ error_code: 0, message: 'Đồng bộ thành công' }, String(items[0].MaHoSo));
      }
      case 'CapNhatTienDoHoSoMC': {
        for (const item of items) {
          const problem = check(item, REQUIRED_PROGRESS, DATE_FIELDS_PROGRESS) ?? checkStatus(item.TrangThai);
          if (problem) return bad(problem);
          if (!stub.dossiers.has(String(item.MaHoSo))) return answer({ error_code: 4, message: `Không tìm thấy hồ sơ ${String(item.MaHoSo)}` });
        }
        for (const item of items) {
          const held = stub.dossiers.get(String(item.MaHoSo))!;
          // A repeat of the last update (its reply was lost, the client sent it again) is held once.
          const last = held.progress.at(-1);
          if (!last || JSON.stringify(last) !== JSON.stringify(item)) held.progress.push(item);
        }
        return answer({ error_code: 0, message: 'Cập nhật thành công' }, String(items[0].MaHoSo));
      }
      default:
        return bad(`Dịch vụ không hỗ trợ: ${String(body.service)}`);
    }
  });

  const server: Server = await new Promise((resolve) => {
    const s = app.listen(opts.port ?? 0, opts.host ?? '127.0.0.1', () => resolve(s));
  });
  const { address, port } = server.address() as AddressInfo;
  stub.url = `http://${address}:${port}`;
  stub.close = () =>
    new Promise<void>((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    });
  return stub;
}

function check(item: Record<string, unknown>, required: string[], dates: string[]): string | undefined {
  for (const f of required) if (typeof item[f] !== 'string' || item[f] === '') return `Thiếu trường ${f}`;
  for (const f of dates) {
    const v = item[f];
    if (v === undefined || v === '') continue;
    if (typeof v !== 'string' || !parsePortalDate(v)) return `${f} không đúng định dạng yyyyMMddHHmmss: ${String(v)}`;
  }
  return undefined;
}

function checkStatus(v: unknown): string | undefined {
  return typeof v === 'string' && /^([1-9]|[1-9][0-9])$/.test(v) ? undefined : `Trạng thái không hợp lệ: ${String(v)}`;
}
