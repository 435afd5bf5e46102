import { createRoute, lazyRouteComponent } from '@tanstack/react-router';
import { z } from 'zod';
import { rootRoute } from '../../routes/root';

/** The citizens' page (no sign-in): the receipt's QR code lands here with the code filled in. */
export const lookupRoute = createRoute({
  getParentRoute: () => rootRoute,
  path: '/tra-cuu',
  validateSearch: z.object({ code: z.string().max(64).optional().catch(undefined) }),
  // Its own chunk, loaded when the screen is first opened: the first screen carries only the sign-in's code.
  component: lazyRouteComponent(() => import('./LookupScreen'), 'LookupScreen'),
});
