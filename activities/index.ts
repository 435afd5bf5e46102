import type { Knex } from 'knex';
import type { TransitionProjection } from '../domain/dossier';
import { deliverNotifications, logChannel, type NotificationChannel } from './notifications';
import { projectTransition } from './projection';

/** The dossier workflow's activities, bound to their dependencies (activities-dependency-injection). */
export function createActivities(db: Knex, channel: NotificationChannel = logChannel) {
  return {
    projectTransition: (p: TransitionProjection) => projectTransition(db, p),
    deliverNotifications: (dossierCode: string) => deliverNotifications(db, channel, dossierCode),
    /** Codes of open dossiers after `after`, in code order (for the calendar-change fan-out). */
    openDossierPage: async (after: string | null, limit: number): Promise<string[]> => {
      const q = db('dossiers').whereIn('status', ['received', 'transferred', 'processing', 'awaiting_supplement', 'awaiting_approval']);
      if (after) q.where('code', '>', after);
      return q.orderBy('code').limit(limit).pluck('code');
    },
  };
}
