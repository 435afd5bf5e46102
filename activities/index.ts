import type { Knex } from 'knex';
import type { TransitionProjection } from '../domain/dossier';
import { OPEN_STATUSES } from '../domain/status';
import { deliverNotifications, logChannel, type NotificationChannel } from './notifications';
import { projectTransition } from './projection';

/** The dossier workflow's activities, bound to their dependencies (activities-dependency-injection). */
export function createActivities(db: Knex, channel: NotificationChannel = logChannel) {
  return {
    projectTransition: (p: TransitionProjection) => projectTransition(db, p),
    deliverNotifications: (dossierCode: string) => deliverNotifications(db, channel, dossierCode),
    /** Codes of open dossiers after `after`, in code order (for the calendar-change fan-out). */
    openDossierPage: async (after: string | null, limit: number): Promise<string[]> => {
      const q = db('dossiers').whereIn('status', OPEN_STATUSES);
      if (after) q.where('code', '>', after);
      return q.orderBy('code').limit(limit).pluck('code');
    },
  };
}
