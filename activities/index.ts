import type { Knex } from 'knex';
import type { TransitionProjection } from '../domain/dossier';
import { deliverNotifications, logChannel, type NotificationChannel } from './notifications';
import { projectTransition } from './projection';

/** The dossier workflow's activities, bound to their dependencies (activities-dependency-injection). */
export function createActivities(db: Knex, channel: NotificationChannel = logChannel) {
  return {
    projectTransition: (p: TransitionProjection) => projectTransition(db, p),
    deliverNotifications: (dossierCode: string) => deliverNotifications(db, channel, dossierCode),
  };
}
