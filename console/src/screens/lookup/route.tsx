import { createRoute } from '@tanstack/react-router';
import { z } from 'zod';
import { rootRoute } from '../../routes/root';
import { LookupScreen } from './LookupScreen';

/** The citizens' page (no sign-in): the receipt's QR code lands here with the code filled in. */
export const lookupRoute = createRoute({
  getParentRoute: () => rootRoute,
  path: '/tra-cuu',
  validateSearch: z.object({ code: z.string().max(64).optional().catch(undefined) }),
  component: LookupScreen,
});
