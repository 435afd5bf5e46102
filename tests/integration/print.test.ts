import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { chromium, type BrowserContext } from 'playwright-core';
import { CHROMIUM_ARGS, chromiumPath } from '../browser/support/chromium';
import { createApp } from '../../api/app';
import { actors, act, APPLICANT, catalogueFixture, receive, type CatalogueFixture } from '../support/fixtures';
import { startHarness, type Harness } from '../support/harness';

/**
 * The printable forms (Circular 03/2025/TT-VPCP forms 01–04 and 06): who may print them, and what Debian's
 * headless Chromium prints (a PDF of each, read back with poppler's pdftotext).
 */
let h: Harness;
let f: CatalogueFixture;
let t: Awaited<ReturnType<typeof actors>>;
let server: http.Server;
let base: string;
let browser: BrowserContext;
let profile: string;
const out = fs.mkdtempSync(path.join(os.tmpdir(), 'motcua-print-'));

/** The hostile name of the hostile-input tests: markup, quotes and a long tail (the schema refuses NUL). */
const HOSTILE_NAME = `<script>alert('x')</script> Trần "Bình" & ${'Nguyễn'.repeat(25)}`;
const dossier = { code: '', pin: '', dueAt: '', receivedAt: '' };
/** Another receipt for the access checks (each 200 there is a print, and the first print takes the PIN). */
let accessCode = '';
const apologised = { code: '', newDueAt: '', oldDueAt: '' };
let guidanceId = '';
let refusalId = '';

beforeAll(async () => {
  h = await startHarness();
  f = await catalogueFixture(h);
  t = await actors(h, f);
  server = http.createServer(createApp(h.ctx));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  profile = fs.mkdtempSync(path.join(os.tmpdir(), 'motcua-chromium-'));
  browser = await chromium.launchPersistentContext(profile, {
    executablePath: chromiumPath(),
    headless: true,
    args: CHROMIUM_ARGS,
  });

  const received = await receive(h, f, t.clerk, { applicant: { ...APPLICANT, fullName: HOSTILE_NAME } }).expect(201);
  Object.assign(dossier, { code: received.body.code, pin: received.body.lookupPin, dueAt: received.body.originalDueAt, receivedAt: received.body.receivedAt });
  accessCode = (await receive(h, f, t.clerk).expect(201)).body.code;

  // Overdue since long ago (imported), so the leader may apologise now (as the security matrix does).
  const imported = await h.api
    .post('/api/v1/dossiers/import')
    .auth(t.admin, { type: 'bearer' })
    .send({
      procedureCode: f.procedure.code,
      applicant: APPLICANT,
      documents: f.procedure.requiredDocuments.map((d) => ({ code: d.code })),
      receivingBranchId: f.branch,
      receivedAt: new Date(Date.now() - 150 * 86_400_000).toISOString(),
      code: `PRINT-${Date.now()}`,
    })
    .expect(201);
  apologised.code = imported.body.code;
  apologised.oldDueAt = imported.body.dueAt;
  await until(async () => (await h.api.get(`/api/v1/dossiers/${apologised.code}`).auth(t.admin, { type: 'bearer' })).body.escalationLevel === 4, 'the escalations');
  await act(h, t.officer, apologised.code, 'claim').expect(200);
  // A working instant a week of working days ahead: seven calendar days from now falls outside office hours
  // in the evening and on a weekend, and such an appointment is refused (invalid_appointment).
  const { calendar } = await h.ctx.calendar.current();
  const newDueAt = calendar.addWorkingHours(new Date(), 5 * 8).toISOString();
  const apology = await act(h, t.leader, apologised.code, 'apologize', { newDueAt, reason: 'Cần xác minh thêm với cơ quan thuế.' }).expect(200);
  apologised.newDueAt = apology.body.dueAt;

  guidanceId = (
    await h.api
      .post('/api/v1/reception/guidance')
      .auth(t.clerk, { type: 'bearer' })
      .send({ procedureCode: f.procedure.code, applicant: { ...APPLICANT, fullName: HOSTILE_NAME }, documents: [{ code: f.procedure.requiredDocuments[0].code }] })
      .expect(201)
  ).body.id;
  refusalId = (
    await h.api
      .post('/api/v1/reception/refusals')
      .auth(t.clerk, { type: 'bearer' })
      .send({ procedureCode: f.procedure.code, applicant: APPLICANT, reason: 'Hồ sơ không thuộc thẩm quyền giải quyết.\n<b>Xem lại</b>' })
      .expect(201)
  ).body.id;
}, 180_000);

afterAll(async () => {
  await browser?.close();
  fs.rmSync(profile, { recursive: true, force: true });
  await new Promise((resolve) => server?.close(resolve));
  await h?.close();
  if (!process.env.PRINT_KEEP_DIR) fs.rmSync(out, { recursive: true, force: true });
});

async function until(check: () => Promise<boolean>, what: string): Promise<void> {
  for (const deadline = Date.now() + 60_000; !(await check()); ) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

/** `2027-01-13T10:00:00+07:00` → `10 giờ 00 phút, ngày 13 tháng 01 năm 2027`, read off the API's own rendering. */
function words(instant: string): string {
  const m = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})/.exec(instant)!;
  return `${m[4]} giờ ${m[5]} phút, ngày ${m[3]} tháng ${m[2]} năm ${m[1]}`;
}

const page = (p: string, token?: string) => {
  const req = h.api.get(p);
  return token ? req.auth(token, { type: 'bearer' }) : req;
};

/** Prints a page in Chromium (through the API, with the token, as the console does) and reads the PDF's text back. */
async function printToText(p: string, token: string, name: string): Promise<string> {
  const tab = await browser.newPage();
  try {
    await tab.setExtraHTTPHeaders({ Authorization: `Bearer ${token}` });
    const res = await tab.goto(`${base}${p}`);
    expect(res?.status()).toBe(200);
    const pdf = path.join(out, `${name}.pdf`);
    await tab.pdf({ path: pdf, preferCSSPageSize: true, printBackground: true });
    if (name === 'receipt') await tab.screenshot({ path: path.join(out, 'receipt.png'), fullPage: true });
    return execFileSync('pdftotext', ['-enc', 'UTF-8', pdf, '-'], { encoding: 'utf8' }).replace(/\s+/g, ' ');
  } finally {
    await tab.close();
  }
}

describe('print pages: who may print', () => {
  const pages = () => [
    { path: `/print/receipt/${accessCode}`, unknown: '/print/receipt/NO-SUCH-DOSSIER-1' },
    { path: `/print/apology/${apologised.code}`, unknown: '/print/apology/NO-SUCH-DOSSIER-1' },
    { path: `/print/process-sheet/${accessCode}`, unknown: '/print/process-sheet/NO-SUCH-DOSSIER-1' },
    { path: `/print/guidance/${guidanceId}`, unknown: '/print/guidance/00000000-0000-4000-8000-000000000000' },
    { path: `/print/refusal/${refusalId}`, unknown: '/print/refusal/00000000-0000-4000-8000-000000000000' },
  ];

  it('answers 401 without a token, 404 to another branch and for an unknown id, 200 to the unit as HTML', async () => {
    for (const p of pages()) {
      expect((await page(p.path).expect(401)).body.code).toBe('unauthenticated');
      await page(p.path, 'not-a-jwt').expect(401);
      expect((await page(p.path, t.otherClerk).expect(404)).body.code).toBe('not_found');
      await page(p.unknown, t.admin).expect(404);
      const ok = await page(p.path, t.supervisor).expect(200);
      expect(ok.headers['content-type']).toBe('text/html; charset=utf-8');
      expect(ok.headers['cache-control']).toBe('no-store');
      expect(ok.text).toMatch(/^<!DOCTYPE html><html lang="vi">/);
    }
  });

  it('shows a dossier’s forms to its department, a reception record’s only to reception staff (403 to officers and leaders)', async () => {
    await page(`/print/process-sheet/${accessCode}`, t.officer).expect(200);
    await page(`/print/process-sheet/${accessCode}`, t.foreignOfficer).expect(404);
    for (const p of [`/print/guidance/${guidanceId}`, `/print/refusal/${refusalId}`]) {
      expect((await page(p, t.officer).expect(403)).body.code).toBe('forbidden');
      await page(p, t.leader).expect(403);
      await page(p, t.branchSupervisor).expect(200);
    }
  });

  it('answers 409 no_apology for a dossier without an apology', async () => {
    const res = await page(`/print/apology/${accessCode}`, t.clerk).expect(409);
    expect(res.body).toMatchObject({ code: 'conflict', details: { reason: 'no_apology' } });
  });
});

describe('print pages in headless Chromium', () => {
  it('prints the receipt (Form 01) with the code, the appointment to the minute, the QR code and the PIN once; a reprint without it', async () => {
    // HEAD must not use the PIN up.
    await h.api.head(`/print/receipt/${dossier.code}`).auth(t.clerk, { type: 'bearer' }).expect(200);
    const text = await printToText(`/print/receipt/${dossier.code}`, t.clerk, 'receipt');
    expect(text).toContain('CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM');
    expect(text).toContain('Độc lập - Tự do - Hạnh phúc');
    expect(text).toContain('GIẤY TIẾP NHẬN HỒ SƠ VÀ HẸN TRẢ KẾT QUẢ');
    expect(text).toContain(`Mã hồ sơ: ${dossier.code}`);
    expect(text).toContain(`hẹn trả kết quả vào lúc ${words(dossier.dueAt)}`);
    expect(text).toContain(`Thời gian nhận hồ sơ: ${words(dossier.receivedAt)}`);
    expect(text).toContain('ngày làm việc');
    expect(text).toContain(`Mã tra cứu (PIN): ${dossier.pin}`);
    // The hostile name is printed as text, never run.
    expect(text).toContain("<script>alert('x')</script> Trần \"Bình\" &");
    const procedure = (await h.db('procedures').where({ code: f.procedure.code }).orderBy('effective_from', 'desc').first()).definition;
    if (procedure.fee.amount) expect(text).toContain('Phí, lệ phí');
    else expect(text).not.toContain('Phí, lệ phí');

    const reprint = await page(`/print/receipt/${dossier.code}`, t.clerk).expect(200);
    expect(reprint.text).not.toContain(dossier.pin);
    expect(reprint.text).toContain('mã tra cứu (PIN) đã được in trên Giấy tiếp nhận bản gốc');
    expect(reprint.text).toContain('<svg role="img" aria-label="Mã QR tra cứu hồ sơ');
    // The QR code leads to the console's citizens' lookup page with the code (the citizen types the PIN).
    expect(reprint.text).toContain(`/tra-cuu?code=${encodeURIComponent(dossier.code)}`);
    expect(reprint.text).not.toContain('/api/v1/public/dossiers/');
    expect(reprint.text).not.toContain('<script>');
    // A print button, run by a script of this origin (no inline script under the Content-Security-Policy).
    expect(reprint.text).toContain('<button type="button" id="print-now">In trang này</button>');
    expect(reprint.text).toContain('<script src="/print/print.js" defer></script>');
    expect((await page('/print/print.js', t.clerk).expect(200)).text).toContain('window.print()');
    expect(reprint.text).not.toMatch(/src="http|href="http/);
    expect(await h.db('receipt_print_pins').where({ dossier_code: dossier.code })).toHaveLength(0);
    expect(fs.statSync(path.join(out, 'receipt.png')).size).toBeGreaterThan(10_000);
  });

  it('lays a receipt out on A5 when asked (?paper=a5), the PIN still once; another paper is a 400 that takes nothing', async () => {
    const r = await receive(h, f, t.clerk).expect(201);
    const bad = await page(`/print/receipt/${r.body.code}?paper=letter`, t.clerk).expect(400);
    expect(bad.body).toMatchObject({ code: 'invalid_request' });
    expect(await h.db('receipt_print_pins').where({ dossier_code: r.body.code })).toHaveLength(1);
    const text = await printToText(`/print/receipt/${r.body.code}?paper=a5`, t.clerk, 'receipt-a5');
    expect(text).toContain(`Mã hồ sơ: ${r.body.code}`);
    expect(text).toContain(`hẹn trả kết quả vào lúc ${words(r.body.originalDueAt)}`);
    expect(text).toContain(`Mã tra cứu (PIN): ${r.body.lookupPin}`);
    const size = (name: string) => /Page size:\s+([\d.]+) x ([\d.]+) pts/.exec(execFileSync('pdfinfo', [path.join(out, `${name}.pdf`)], { encoding: 'utf8' }))!.slice(1).map(Number);
    // A5 is 148 × 210 mm = 419.5 × 595.3 pt; A4 (the default, a reprint without the PIN) 595.3 × 841.9 pt.
    expect(await printToText(`/print/receipt/${r.body.code}`, t.clerk, 'receipt-a4')).not.toContain(r.body.lookupPin);
    expect(size('receipt-a5').map(Math.round)).toEqual([420, 595]);
    expect(size('receipt-a4').map(Math.round)).toEqual([595, 842]);
  });

  it('keeps the PIN for the first print encrypted, and only until it expires', async () => {
    const r = await receive(h, f, t.clerk).expect(201);
    const [kept] = await h.db('receipt_print_pins').where({ dossier_code: r.body.code });
    expect(kept.sealed_pin).not.toContain(r.body.lookupPin);
    await h.db('receipt_print_pins').where({ dossier_code: r.body.code }).update({ expires_at: new Date(Date.now() - 1000) });
    const res = await page(`/print/receipt/${r.body.code}`, t.clerk).expect(200);
    expect(res.text).not.toContain(r.body.lookupPin);
    expect(res.text).toContain('mã tra cứu (PIN) đã được in trên Giấy tiếp nhận bản gốc');
    expect(await h.db('receipt_print_pins').where({ dossier_code: r.body.code })).toHaveLength(0);
  });

  it('prints the guidance (Form 02) with the missing components', async () => {
    const text = await printToText(`/print/guidance/${guidanceId}`, t.clerk, 'guidance');
    expect(text).toContain('PHIẾU YÊU CẦU BỔ SUNG, HOÀN THIỆN HỒ SƠ');
    expect(text).toContain('CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM');
    const missing = (await h.api.get(`/api/v1/reception/guidance/${guidanceId}`).auth(t.clerk, { type: 'bearer' })).body.missing as { code: string }[];
    expect(missing.length).toBeGreaterThan(0);
    for (const d of missing) expect(text).toContain(d.code);
    expect(text).toContain("<script>alert('x')</script>");
  });

  it('prints the refusal (Form 03) with its reason', async () => {
    const text = await printToText(`/print/refusal/${refusalId}`, t.clerk, 'refusal');
    expect(text).toContain('PHIẾU TỪ CHỐI TIẾP NHẬN GIẢI QUYẾT HỒ SƠ');
    expect(text).toContain('Hồ sơ không thuộc thẩm quyền giải quyết. <b>Xem lại</b>');
    expect(text).toContain('từ chối tiếp nhận, giải quyết hồ sơ này');
  });

  it('prints the apology (Form 04) with the old and the new appointment and the reason', async () => {
    const text = await printToText(`/print/apology/${apologised.code}`, t.leader, 'apology');
    expect(text).toContain('PHIẾU XIN LỖI VÀ HẸN LẠI NGÀY TRẢ KẾT QUẢ');
    expect(text).toContain(`Mã hồ sơ: ${apologised.code}`);
    expect(text).toContain(words(apologised.oldDueAt));
    expect(text).toContain(`vào lúc ${words(apologised.newDueAt)}`);
    expect(text).toContain('Cần xác minh thêm với cơ quan thuế.');
  });

  it('prints the process-control sheet (Form 06) with each hand-over', async () => {
    const text = await printToText(`/print/process-sheet/${apologised.code}`, t.leader, 'process-sheet');
    expect(text).toContain('PHIẾU KIỂM SOÁT QUÁ TRÌNH GIẢI QUYẾT HỒ SƠ');
    expect(text).toContain(apologised.code);
    expect(text).toContain('Phân công, nhận thụ lý');
    expect(text).toContain('Quá hạn');
    expect(text).toContain('Xin lỗi, hẹn lại ngày trả kết quả');
  });
});
