import type { Knex } from 'knex';
import type { TransitionProjection } from '../domain/dossier';
import { OPEN_STATUSES } from '../domain/status';
import { collectDeliveries, deliverDossier, giveUpDelivery, releaseRun, type Senders } from './deliveries';
import { deliverNotifications, logChannel, type NotificationChannel } from './notifications';
import { projectTransition } from './projection';
import { webhookSender } from './senders/webhook';

/** The channels of each kind of destination; webhooks always, the portal and the applicant's messages when configured. */
export const DEFAULT_SENDERS: Senders = { webhook: webhookSender };

/** The workflows' activities, bound to their dependencies (activities-dependency-injection). */
export function createActivities(db: Knex, opts: { channel?: NotificationChannel; senders?: Senders } = {}) {
  const channel = opts.channel ?? logChannel;
  const senders = { ...DEFAULT_SENDERS, ...opts.senders };
  return {
    projectTransition: (p: TransitionProjection) => projectTransition(db, p),
    deliverNotifications: (dossierCode: string) => deliverNotifications(db, channel, dossierCode),
    /** Codes of open dossiers after `after`, in code order (for the calendar-change fan-out). */
    openDossierPage: async (after: string | null, limit: number): Promise<string[]> => {
      const q = db('dossiers').whereIn('status', OPEN_STATUSES);
      if (after) q.where('code', '>', after);
      return q.orderBy('code').limit(limit).pluck('code');
    },
    collectDeliveries: (destinationId: string, maxRuns: number, staleAfterMs: number) => collectDeliveries(db, destinationId, maxRuns, staleAfterMs),
    releaseRun: (runId: string) => releaseRun(db, runId),
    deliverDossier: (destinationId: string, code: string) => deliverDossier(db, senders, destinationId, code),
    giveUpDelivery: (destinationId: string, code: string) => giveUpDelivery(db, destinationId, code),
  };
}
