import type { Knex } from 'knex';
import { logger } from '../config/logger';

export interface Notification {
  id: string;
  dossierCode: string;
  kind: string;
  recipient: { role: string; unitId: string | null; sub: string | null };
  createdAt: Date;
}

/** Where notifications go: e-mail, SMS, the staff portal… The default writes a log line (no personal data). */
export interface NotificationChannel {
  send(n: Notification): Promise<void>;
}

export const logChannel: NotificationChannel = {
  async send(n) {
    logger.info({ notification: n.id, dossier: n.dossierCode, kind: n.kind, recipient: n.recipient }, 'notification');
  },
};

/**
 * Delivers a dossier's pending notifications, at least once: a row is marked delivered only after its
 * channel accepted it, so a crash in between sends it again on the activity's retry.
 */
export async function deliverNotifications(db: Knex, channel: NotificationChannel, dossierCode: string): Promise<number> {
  const pending = await db('notifications').where({ dossier_code: dossierCode }).whereNull('delivered_at').orderBy(['created_at', 'id']);
  let failures = 0;
  for (const row of pending) {
    try {
      await channel.send({
        id: row.id,
        dossierCode: row.dossier_code,
        kind: row.kind,
        recipient: { role: row.recipient_role, unitId: row.recipient_unit_id, sub: row.recipient_sub },
        createdAt: row.created_at,
      });
      await db('notifications').where({ id: row.id }).update({ delivered_at: db.fn.now(), attempts: row.attempts + 1 });
    } catch (err) {
      failures++;
      await db('notifications').where({ id: row.id }).update({ attempts: row.attempts + 1, last_error: String(err).slice(0, 1000) });
    }
  }
  if (failures) throw new Error(`${failures} notification(s) of ${dossierCode} not delivered; retrying`);
  return pending.length;
}
