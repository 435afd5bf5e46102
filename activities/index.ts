import type { Knex } from 'knex';
import type { TransitionProjection } from '../domain/dossier';
import { projectTransition } from './projection';

/** The dossier workflow's activities, bound to their dependencies (activities-dependency-injection). */
export function createActivities(db: Knex) {
  return {
    projectTransition: (p: TransitionProjection) => projectTransition(db, p),
  };
}
