/**
 * A workflow interceptor for replays only (ops/replayed-projections.ts): it hands every transition the dossier
 * workflow gives its projection activity — remote or local, in every version — to the `projections` sink. It
 * runs inside the workflow sandbox and changes nothing the workflow does.
 */
import { proxySinks, type Sinks, type WorkflowInterceptorsFactory } from '@temporalio/workflow';

export const PROJECTION_ACTIVITY = 'projectTransition';

export interface ProjectionSinks extends Sinks {
  projections: { record(projection: unknown): void };
}

const { projections } = proxySinks<ProjectionSinks>();

export const interceptors: WorkflowInterceptorsFactory = () => ({
  outbound: [
    {
      scheduleActivity(input, next) {
        if (input.activityType === PROJECTION_ACTIVITY) projections.record(input.args[0]);
        return next(input);
      },
      scheduleLocalActivity(input, next) {
        if (input.activityType === PROJECTION_ACTIVITY) projections.record(input.args[0]);
        return next(input);
      },
    },
  ],
});
