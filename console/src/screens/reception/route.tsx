import { createRoute, lazyRouteComponent } from '@tanstack/react-router';
import { z } from 'zod';
import { staffRoute } from '../../routes/root';

/** In the URL: the procedure search and the procedure chosen (a queue keeps it from one applicant to the next). */
export const ReceptionSearch = z.object({
  q: z.string().max(200).optional().catch(undefined),
  procedure: z.string().max(100).optional().catch(undefined),
});

export const receptionRoute = createRoute({
  getParentRoute: () => staffRoute,
  path: '/reception',
  validateSearch: ReceptionSearch,
  // Its own chunk, loaded when the screen is first opened: the first screen carries only the sign-in's code.
  component: lazyRouteComponent(() => import('./ReceptionScreen'), 'ReceptionScreen'),
});
