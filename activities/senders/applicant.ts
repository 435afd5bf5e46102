import type { Knex } from 'knex';
import nodemailer, { type Transporter } from 'nodemailer';
import { loadCalendarData } from '../../db/catalogue';
import { unitOn } from '../../db/units';
import { ApplicantEventType, maskContact, phoneE164, renderMessage, type MessageFacts, type Place, type RenderedMessage } from '../../domain/applicant-messages';
import type { CalendarData } from '../../domain/calendar';
import { Procedure } from '../../domain/catalogue';
import type { Outgoing, SendResult, Sender } from '../deliveries';
import { httpSmsProvider, SmsError, type SmsProvider } from './sms';
import type { ApplicantMessagesConfig } from '../../config/env';

/**
 * The applicant's messages (destination kind `applicant`): for each event the applicant hears of, the
 * message in Vietnamese by e-mail and/or SMS, to the contact the dossier holds in PostgreSQL. Only the
 * destination id and the dossier code cross Temporal; the address, the number and the text stay here.
 *
 * Each channel that went is recorded (`applicant_messages`, per delivery and channel): a retry sends only the
 * channels still missing. A channel that fails fails the delivery, which is retried with backoff.
 */
export interface ApplicantChannels {
  mail?: { transport: Transporter; from: string };
  sms?: SmsProvider;
  /** The citizens' lookup page of a dossier, when the deployment has one. */
  lookupUrl?: (code: string) => string;
}

type Channel = 'email' | 'sms';

interface ChannelReport {
  channel: Channel;
  to: string;
  status: 'sent' | 'sent_before' | 'failed';
  detail?: string;
}

/** The calendar's office hours and offset change rarely: read again after this long. */
const CALENDAR_MAX_AGE_MS = 10 * 60_000;

export function applicantSender(db: Knex, channels: ApplicantChannels): Sender {
  let calendar: { data: CalendarData; at: number } | undefined;
  const calendarData = async () => {
    if (!calendar || Date.now() - calendar.at > CALENDAR_MAX_AGE_MS) calendar = { data: await loadCalendarData(db), at: Date.now() };
    return calendar.data;
  };

  return {
    async send(o: Outgoing): Promise<SendResult> {
      const type = ApplicantEventType.safeParse(o.event.type);
      if (!type.success) return skipped(`${o.event.type} is not a message to the applicant`);
      const row = await db('dossiers').where({ code: o.event.dossier_code }).first();
      if (!row) return skipped('the dossier no longer exists');
      const applicant = row.applicant as { fullName?: string; email?: string; phone?: string };
      const contacts: { channel: Channel; to: string }[] = [];
      if (applicant.email && channels.mail) contacts.push({ channel: 'email', to: applicant.email });
      if (applicant.phone && channels.sms) contacts.push({ channel: 'sms', to: phoneE164(applicant.phone) });
      if (contacts.length === 0) {
        return skipped(
          applicant.email || applicant.phone ? 'no channel is configured for the contact the applicant gave' : 'the applicant gave neither an e-mail address nor a phone number',
        );
      }

      const done = new Set<string>(await db('applicant_messages').where({ delivery_id: o.deliveryId }).pluck('channel'));
      const message = renderMessage(await factsOf(db, o, row, type.data, await calendarData(), channels.lookupUrl));
      const reports: ChannelReport[] = [];
      let failedStatus: number | null = null;
      const errors: string[] = [];
      for (const c of contacts) {
        const to = maskContact(c.to);
        if (done.has(c.channel)) {
          reports.push({ channel: c.channel, to, status: 'sent_before' });
          continue;
        }
        try {
          const ref = c.channel === 'email' ? await sendMail(channels.mail!, c.to, message, o.deliveryId) : await sendSms(channels.sms!, c.to, message, o.deliveryId);
          await db('applicant_messages').insert({ delivery_id: o.deliveryId, channel: c.channel, provider_ref: ref.ref }).onConflict(['delivery_id', 'channel']).ignore();
          reports.push({ channel: c.channel, to, status: 'sent', ...(ref.detail ? { detail: ref.detail } : {}) });
        } catch (err) {
          // Whatever the server said, without the address or the number (it is stored and may reach Temporal).
          const text = scrub(err instanceof Error ? err.message : String(err), [applicant.email, applicant.phone, c.to]);
          errors.push(`${c.channel}: ${text}`);
          failedStatus ??= statusOf(err);
          reports.push({ channel: c.channel, to, status: 'failed', detail: text });
        }
      }
      const request = { message: type.data, subject: message.subject, channels: reports };
      if (errors.length) return { ok: false, request, responseStatus: failedStatus, error: errors.join('; ') };
      return { ok: true, request, responseStatus: null, responseBody: reports.map((r) => `${r.channel}: ${r.status}`).join('; ') };
    },
  };
}

function skipped(reason: string): SendResult {
  return { ok: true, request: { skipped: reason }, responseStatus: null };
}

async function sendMail(mail: NonNullable<ApplicantChannels['mail']>, to: string, m: RenderedMessage, deliveryId: string): Promise<{ ref: string; detail?: string }> {
  // The same Message-ID on every attempt of a delivery: a mail system or reader that got it twice sees one.
  const domain = /@([^>\s]+)>?\s*$/.exec(mail.from)?.[1] ?? 'motcua.invalid';
  const info = await mail.transport.sendMail({
    from: mail.from,
    to,
    subject: m.subject,
    text: m.text,
    html: m.html,
    messageId: `<${deliveryId}@${domain}>`,
    headers: { 'Auto-Submitted': 'auto-generated' },
  });
  return { ref: info.messageId, detail: typeof info.response === 'string' ? info.response.slice(0, 200) : undefined };
}

async function sendSms(sms: SmsProvider, to: string, m: RenderedMessage, deliveryId: string): Promise<{ ref: string | null; detail?: string }> {
  const { id } = await sms.send(to, m.sms, deliveryId);
  return { ref: id ?? null };
}

function statusOf(err: unknown): number | null {
  if (err instanceof SmsError) return err.status;
  const code = (err as { responseCode?: unknown }).responseCode;
  return typeof code === 'number' ? code : null;
}

function scrub(text: string, secrets: (string | undefined)[]): string {
  let out = text;
  for (const s of secrets) if (s) out = out.split(s).join('<recipient>');
  return out.replace(/[A-Za-z0-9_'+.-]+@[A-Za-z0-9.-]+/g, '<address>').slice(0, 500);
}

/** What the message needs, read from PostgreSQL: the procedure, the branches (as named on the event's date), the documents' names. */
async function factsOf(
  db: Knex,
  o: Outgoing,
  row: Record<string, unknown>,
  kind: ApplicantEventType,
  calendar: CalendarData,
  lookupUrl: ApplicantChannels['lookupUrl'],
): Promise<MessageFacts> {
  const data = o.event.data;
  const at = new Date(o.event.at);
  const offset = calendar.utcOffsetMinutes;
  const civil = new Date(at.getTime() + offset * 60_000).toISOString().slice(0, 10);
  const place = async (unitId: string): Promise<Place> => {
    const v = await unitOn(db, unitId, civil);
    if (v) return { name: v.name, address: v.address };
    const u = await db('units').where({ id: unitId }).first('name', 'address');
    return { name: u?.name ?? unitId, address: u?.address ?? null };
  };
  const common = {
    code: o.event.dossier_code,
    procedureName: String(row.procedure_name),
    applicantName: (row.applicant as { fullName?: string }).fullName,
    utcOffsetMinutes: offset,
    ...(lookupUrl ? { lookupUrl: lookupUrl(o.event.dossier_code) } : {}),
  };
  const instant = (v: unknown) => (typeof v === 'string' ? new Date(v) : null);
  switch (kind) {
    case 'dossier.received': {
      const paidAt = row.fee_paid_at ? new Date(row.fee_paid_at as string) : null;
      return {
        ...common,
        kind,
        receivedAt: at,
        appointment: instant(data.dueAt) ?? new Date(row.due_at as string),
        receivingBranch: await place(String(row.receiving_branch_id)),
        returnBranch: await place(String(row.return_branch_id)),
        awaitingFees: row.fee_pay_before_processing === true && (!paidAt || paidAt > at),
      };
    }
    case 'dossier.supplement_requested': {
      const version = await db('procedures').where({ code: row.procedure_code, effective_from: row.procedure_version }).first('definition');
      const parsed = version ? Procedure.safeParse(version.definition) : undefined;
      const names = new Map((parsed?.success ? parsed.data.requiredDocuments : []).map((d) => [d.code, d.name]));
      const codes = Array.isArray(data.documents) ? (data.documents as string[]) : [];
      return {
        ...common,
        kind,
        documents: codes.map((c) => names.get(c) ?? c),
        dueBy: instant(data.supplementDueBy) ?? at,
        receivingBranch: await place(String(row.receiving_branch_id)),
      };
    }
    case 'dossier.apologized':
      return { ...common, kind, oldAppointment: instant(data.oldDueAt), newAppointment: instant(data.newDueAt) ?? instant(data.dueAt) ?? at };
    case 'dossier.result_ready': {
      const feeDue = row.fee_collected_at === 'return' && !row.fee_paid_at && Number(row.fee_amount) > 0 ? Number(row.fee_amount) : null;
      return { ...common, kind, returnBranch: await place(String(row.return_branch_id)), officeHours: calendar.officeHours, feeDueAtReturn: feeDue, refused: data.outcome === 'refused' };
    }
    case 'dossier.stopped':
      return { ...common, kind, receivingBranch: await place(String(row.receiving_branch_id)) };
  }
}

/** The channels of a configuration (config/env.ts `applicantMessagesConfig`). */
export function applicantChannels(c: ApplicantMessagesConfig): ApplicantChannels {
  const lookup = c.lookupUrlTemplate;
  return {
    ...(c.smtp ? { mail: { transport: smtpTransport(c.smtp.url), from: c.smtp.from } } : {}),
    ...(c.sms ? { sms: httpSmsProvider(c.sms) } : {}),
    ...(lookup ? { lookupUrl: (code: string) => lookup.replace('{code}', encodeURIComponent(code)) } : {}),
  };
}

/** An SMTP transport on a URL (`smtp://user:pass@host:587`, `smtps://…:465`), bounded in time, logging nothing. */
export function smtpTransport(url: string): Transporter {
  return nodemailer.createTransport({
    url,
    connectionTimeout: 15_000,
    greetingTimeout: 15_000,
    socketTimeout: 60_000,
    logger: false,
    debug: false,
  } as Parameters<typeof nodemailer.createTransport>[0]);
}
