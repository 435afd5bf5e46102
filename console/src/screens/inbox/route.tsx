import { createRoute, lazyRouteComponent } from '@tanstack/react-router';
import { z } from 'zod';
import { DossierStatus } from '../../../../domain/status';
import { staffRoute } from '../../routes/root';

const civilDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/);

/** The inbox's tab and filters, in the URL so that a view can be shared (anything unreadable is dropped). */
export const InboxSearch = z.object({
  tab: z.enum(['mine', 'unassigned', 'all']).optional().catch(undefined),
  status: DossierStatus.optional().catch(undefined),
  procedure: z.string().min(1).max(100).optional().catch(undefined),
  due: z.enum(['soon', 'overdue']).optional().catch(undefined),
  from: civilDate.optional().catch(undefined),
  to: civilDate.optional().catch(undefined),
});
export type InboxSearch = z.infer<typeof InboxSearch>;

export const inboxRoute = createRoute({
  getParentRoute: () => staffRoute,
  path: '/inbox',
  validateSearch: InboxSearch,
  // Its own chunk: the first screen (sign-in) does not carry the inbox's code.
  component: lazyRouteComponent(() => import('./InboxScreen'), 'InboxScreen'),
});
