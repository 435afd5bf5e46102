import crypto from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { simpleParser } from 'mailparser';
import { SMTPServer } from 'smtp-server';
import { collectDeliveries, type Sender } from '../../activities/deliveries';
import { applicantSender, smtpTransport } from '../../activities/senders/applicant';
import { httpSmsProvider } from '../../activities/senders/sms';
import { ensureDelivering } from '../../api/destinations';
import { findDestination, insertDestination } from '../../db/destinations';
import { APPLICANT_EVENT_TYPES, viMoment } from '../../domain/applicant-messages';
import { eventMessage } from '../../db/integration-events';
import { act, actors, APPLICANT, catalogueFixture, receive, SEEDED_BRANCHES, type Actors, type CatalogueFixture } from '../support/fixtures';
import { startHarness, type Harness } from '../support/harness';

/**
 * Messages to the applicant through a real SMTP server (smtp-server, in this process) and an HTTP SMS
 * endpoint (in this process), delivered by the worker's destination workflow. The database is shared with
 * other files (whose dossiers this destination also hears of): every check filters by this file's codes.
 */

interface Mail {
  to: string;
  subject: string;
  text: string;
  html: string;
  messageId: string;
}
interface Sms {
  authorization: string | undefined;
  idempotencyKey: string | undefined;
  to: string;
  text: string;
}

const mails: Mail[] = [];
const smses: Sms[] = [];
const pins: string[] = [];
/** While set, the SMTP server refuses every message with a temporary error (451). */
let refuseMail = false;

const smtp = new SMTPServer({
  authOptional: true,
  disabledCommands: ['STARTTLS'],
  logger: false,
  onData(stream, _session, callback) {
    const chunks: Buffer[] = [];
    stream.on('data', (c: Buffer) => chunks.push(c));
    stream.on('end', () => {
      if (refuseMail) {
        const err = Object.assign(new Error('Mailbox temporarily unavailable'), { responseCode: 451 });
        callback(err);
        return;
      }
      simpleParser(Buffer.concat(chunks)).then(
        (m) => {
          const to = Array.isArray(m.to) ? m.to.map((a) => a.text).join(', ') : (m.to?.text ?? '');
          mails.push({ to, subject: m.subject ?? '', text: m.text ?? '', html: typeof m.html === 'string' ? m.html : '', messageId: m.messageId ?? '' });
          callback();
        },
        (err: Error) => callback(err),
      );
    });
  },
});

const smsServer = http.createServer((req, res) => {
  let body = '';
  req.on('data', (c: Buffer) => (body += c.toString('utf8')));
  req.on('end', () => {
    const parsed = JSON.parse(body) as { to: string; text: string };
    smses.push({ authorization: req.headers.authorization, idempotencyKey: req.headers['idempotency-key'] as string | undefined, to: parsed.to, text: parsed.text });
    res.writeHead(202, { 'content-type': 'application/json' }).end(JSON.stringify({ id: `sms-${smses.length}` }));
  });
});

const listen = (server: { listen(port: number, host: string, cb: () => void): unknown; once(e: 'error', cb: (err: Error) => void): unknown }) =>
  new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', resolve);
  });

const destinationId = `applicant-test-${process.pid}-${Date.now()}`;
const RETRY = { initialInterval: '200 ms', maximumInterval: '1 second', giveUpAfter: '5 minutes' } as const;
const EMAIL = 'an.nguyen@example.vn';
const SMS_KEY = 'sms-test-key';
let h: Harness;
let f: CatalogueFixture;
let t: Actors;
// The worker's applicant channel, built once the harness (and its database of its own) is up.
let channel: Sender | undefined;

beforeAll(async () => {
  await listen(smtp.server);
  await listen(smsServer);
  const smtpPort = (smtp.server.address() as AddressInfo).port;
  const smsPort = (smsServer.address() as AddressInfo).port;
  h = await startHarness({ senders: { applicant: { send: (o) => channel!.send(o) } } });
  channel = applicantSender(h.db, {
    mail: { transport: smtpTransport(`smtp://127.0.0.1:${smtpPort}`), from: 'Trung tâm Phục vụ hành chính công Hà Nội <khongtraloi@motcua.test>' },
    sms: httpSmsProvider({ url: `http://127.0.0.1:${smsPort}/send`, key: SMS_KEY }),
    lookupUrl: (code) => `https://motcua.test/tra-cuu?code=${encodeURIComponent(code)}`,
  });
  f = await catalogueFixture(h, { branches: [SEEDED_BRANCHES[7], SEEDED_BRANCHES[6]] });
  t = await actors(h, f);
  await insertDestination(h.db, {
    id: destinationId,
    kind: 'applicant',
    url: null,
    description: 'applicant messages (test)',
    event_types: [...APPLICANT_EVENT_TYPES],
    // This file's branches only: the other files' dossiers in the shared database are not its to tell.
    unit_ids: [f.branch, f.otherBranch],
    secrets: [],
    config: {},
    created_by: 'test',
  });
  await ensureDelivering(h.ctx, destinationId, { retry: RETRY });
});

afterAll(async () => {
  await h?.client.workflow
    .getHandle(`destination-${destinationId}`)
    .terminate('test over')
    .catch(() => undefined);
  await h?.close();
  await new Promise((r) => smtp.close(() => r(undefined)));
  await new Promise((r) => smsServer.close(r));
});

/** Polls until `found` returns something (bounded), never a fixed sleep. */
async function waitFor<T>(what: string, found: () => T | undefined | Promise<T | undefined>, timeoutMs = 60_000): Promise<T> {
  for (const until = Date.now() + timeoutMs; ; ) {
    const v = await found();
    if (v !== undefined) return v;
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

async function receiveWithEmail(): Promise<{ code: string; dueAt: string }> {
  const res = await receive(h, f, t.clerk, { applicant: { ...APPLICANT, email: EMAIL } }).expect(201);
  pins.push(res.body.lookupPin as string);
  return { code: res.body.code as string, dueAt: res.body.dueAt as string };
}

const mailFor = (code: string, subjectPart: string) => waitFor(`an e-mail for ${code} (${subjectPart})`, () => mails.find((m) => m.subject.includes(code) && m.subject.includes(subjectPart)));
const smsFor = (code: string, textPart: string) => waitFor(`an SMS for ${code} (${textPart})`, () => smses.find((s) => s.text.includes(code) && s.text.includes(textPart)));

test('received: an e-mail in Vietnamese with the code and the appointment, and an SMS', async () => {
  const { code, dueAt } = await receiveWithEmail();
  const appointment = viMoment(new Date(dueAt), 420);
  const mail = await mailFor(code, 'đã được tiếp nhận');
  expect(mail.to).toBe(EMAIL);
  expect(mail.subject).toBe(`Hồ sơ ${code} đã được tiếp nhận`);
  expect(mail.text).toContain(`Kính gửi Ông/Bà ${APPLICANT.fullName},`);
  expect(mail.text).toContain(`Mã hồ sơ: ${code}`);
  expect(mail.text).toContain(`Thời gian hẹn trả kết quả: ${appointment}`);
  expect(mail.html).toContain(appointment);
  expect(mail.messageId).toMatch(/@motcua\.test>$/);

  const sms = await smsFor(code, 'da duoc tiep nhan');
  expect(sms.to).toBe('+84912345678');
  expect(sms.authorization).toBe(`Bearer ${SMS_KEY}`);
  expect(sms.text).toContain(`Hen tra ket qua: ${appointment.replace('ngày', 'ngay')}`);
  expect(sms.text).toMatch(/^[\x20-\x7e]+$/);

  // What the admin view keeps of the attempt: masked contacts, no text, no number.
  const attempts = await waitFor('the attempt recorded', async () => {
    const rows = await h.db('delivery_attempts as a').join('deliveries as d', 'd.id', 'a.delivery_id').where({ 'd.destination_id': destinationId, 'd.dossier_code': code }).select('a.request');
    return rows.length ? rows : undefined;
  });
  const kept = JSON.stringify(attempts);
  expect(kept).not.toContain(EMAIL);
  expect(kept).not.toContain('912345678');
  expect(kept).toContain('a***@example.vn');
});

test('supplement requested: the documents to bring, by name, and the date by which', async () => {
  const { code } = await receiveWithEmail();
  await act(h, t.officer, code, 'claim').expect(200);
  const requested = f.procedure.requiredDocuments[0].code;
  await act(h, t.officer, code, 'request-supplement', { reason: 'Bản sao chưa chứng thực', documents: [requested] }).expect(200);
  const event = await waitFor<{ data: Record<string, unknown> }>('the supplement event', () => h.db('integration_events').where({ dossier_code: code, type: 'dossier.supplement_requested' }).first('data'));
  const catalogue = (await h.api.get('/api/v1/procedures').auth(t.admin, { type: 'bearer' }).expect(200)).body as { code: string; requiredDocuments: { code: string; name: string }[] }[];
  const name = catalogue.find((p) => p.code === f.procedure.code)!.requiredDocuments.find((d) => d.code === requested)!.name;

  const mail = await mailFor(code, 'đề nghị bổ sung');
  expect(mail.text).toContain(`• ${name}`);
  expect(mail.text).toContain(`Thời hạn bổ sung: trước ${viMoment(new Date(event.data.supplementDueBy as string), 420)}`);
  const sms = await smsFor(code, 'can bo sung');
  expect(sms.text).toContain('Han bo sung:');
});

test('apology with the new appointment; result ready with where to collect it and the office hours', async () => {
  const { code, dueAt } = await receiveWithEmail();
  // A week after the appointment, same weekday and hour: a working instant (else two weeks, past a holiday).
  let newDueAt = new Date(new Date(dueAt).getTime() + 7 * 86_400_000);
  const apology = await act(h, t.leader, code, 'apologize', { newDueAt: newDueAt.toISOString(), reason: 'Cần xác minh thực địa' });
  if (apology.status === 422) {
    newDueAt = new Date(new Date(dueAt).getTime() + 14 * 86_400_000);
    await act(h, t.leader, code, 'apologize', { newDueAt: newDueAt.toISOString(), reason: 'Cần xác minh thực địa' }).expect(200);
  } else expect(apology.status).toBe(200);
  const sorry = await mailFor(code, 'thư xin lỗi');
  expect(sorry.text).toContain(`Thời gian hẹn trả kết quả mới: ${viMoment(newDueAt, 420)}`);
  expect(sorry.text).toContain(`đã hẹn (${viMoment(new Date(dueAt), 420)})`);

  await act(h, t.officer, code, 'claim').expect(200);
  await act(h, t.officer, code, 'submit', { outcome: 'approved', summary: 'Đủ điều kiện' }).expect(200);
  await act(h, t.leader, code, 'approve', {}).expect(200);
  const ready = await mailFor(code, 'đã có kết quả');
  const branch = (await h.db('units').where({ id: f.branch }).first('name', 'address')) as { name: string; address: string | null };
  expect(ready.text).toContain(`Nơi nhận kết quả: ${branch.name}${branch.address ? `, ${branch.address}` : ''}`);
  expect(ready.text).toContain('Giờ làm việc: thứ Hai đến thứ Sáu, 08:00–12:00 và 13:00–17:00');
  await smsFor(code, 'da co ket qua');
});

test('the SMTP server refusing, then back: the e-mail arrives once it accepts, and the SMS is not sent twice', async () => {
  refuseMail = true;
  let code: string;
  try {
    ({ code } = await receiveWithEmail());
    await smsFor(code, 'da duoc tiep nhan');
    // At least two failed attempts (the SMTP server's 451), the SMS having gone with the first.
    await waitFor('two refused attempts', async () => {
      const rows = await h.db('delivery_attempts as a').join('deliveries as d', 'd.id', 'a.delivery_id').where({ 'd.destination_id': destinationId, 'd.dossier_code': code }).whereNotNull('a.error').select('a.response_status', 'a.error');
      return rows.length >= 2 ? rows : undefined;
    }).then((rows) => {
      expect(rows[0].response_status).toBe(451);
      expect(JSON.stringify(rows)).not.toContain(EMAIL);
    });
  } finally {
    refuseMail = false;
  }
  const mail = await mailFor(code, 'đã được tiếp nhận');
  expect(mail.text).toContain(code);
  const delivery = await waitFor<{ id: string; attempts: number }>('the delivery delivered', () =>
    h.db('deliveries').where({ destination_id: destinationId, dossier_code: code, status: 'delivered' }).first('id', 'attempts'),
  );
  expect(delivery.attempts).toBeGreaterThanOrEqual(3);
  expect(smses.filter((s) => s.text.includes(code))).toHaveLength(1);
  expect(mails.filter((m) => m.subject.includes(code))).toHaveLength(1);
});

test('an applicant with no contact: the delivery succeeds as skipped', async () => {
  const { code } = await receiveWithEmail();
  await mailFor(code, 'đã được tiếp nhận');
  await h.db('dossiers').where({ code }).update({ applicant: JSON.stringify({ fullName: APPLICANT.fullName, idNumber: APPLICANT.idNumber }) });
  const event = await h.db('integration_events').where({ dossier_code: code, type: 'dossier.received' }).first('id', h.db.raw('txid::text as txid'), 'dossier_code', 'seq', 'type', 'at', 'data');
  const destination = (await findDestination(h.db, destinationId))!;
  const sender = applicantSender(h.db, { mail: { transport: smtpTransport('smtp://127.0.0.1:1'), from: 'x <x@motcua.test>' } });
  const result = await sender.send({ destination, event, message: eventMessage(event), deliveryId: crypto.randomUUID(), attempt: 1 });
  expect(result).toMatchObject({ ok: true, request: { skipped: 'the applicant gave neither an e-mail address nor a phone number' } });
});

test('deliveries core: a dossier being delivered is not claimed twice, and is claimed again at once when its run ends', async () => {
  // The 20-second wait for work must never hold up a dossier's next events: a dossier with a run is left to it
  // (its run delivers what comes meanwhile), and one whose run has ended is claimed at the next look.
  const id = `${destinationId}-collect`;
  await insertDestination(h.db, { id, kind: 'webhook', url: 'http://127.0.0.1:9/', description: 'collect test', event_types: ['dossier.received'], secrets: [], config: {}, created_by: 'test' });
  try {
    const { code } = await receiveWithEmail();
    await h.db('delivery_runs').insert({ destination_id: id, dossier_code: code, run_id: crypto.randomUUID() });
    // (Other files' dossiers share this database: their receipts are claimed too, so room is left for all.)
    // Collected until its event is in (an event shows once every transaction older than its own has ended),
    // and never claimed while its run lasts.
    for (const until = Date.now() + 30_000; ; ) {
      const busy = await collectDeliveries(h.db, id, 10_000, 3600_000, { waitMs: 0 });
      expect(busy.runs.map((r) => r.code)).not.toContain(code);
      const pending = await h.db('deliveries').where({ destination_id: id, dossier_code: code, status: 'pending' }).count({ n: '*' }).first();
      if (Number(pending?.n) === 1) break;
      if (Date.now() > until) throw new Error('the receipt’s event was never collected');
      await new Promise((r) => setTimeout(r, 100));
    }
    // Every run ends, ours included.
    await h.db('delivery_runs').where({ destination_id: id }).delete();
    const started = Date.now();
    const free = await collectDeliveries(h.db, id, 10_000, 3600_000);
    expect(free.runs.map((r) => r.code)).toContain(code);
    expect(Date.now() - started).toBeLessThan(5_000);
  } finally {
    await h.db('destinations').where({ id }).update({ enabled: false, deleted_at: h.db.fn.now() });
  }
});

test('no message carries the lookup PIN', () => {
  expect(pins.length).toBeGreaterThanOrEqual(3);
  for (const pin of pins) {
    expect(pin).toMatch(/^\d{8}$/);
    for (const m of mails) expect(`${m.subject}\n${m.text}\n${m.html}`).not.toContain(pin);
    for (const s of smses) expect(s.text).not.toContain(pin);
  }
});
