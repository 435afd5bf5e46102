import { createRoute, lazyRouteComponent } from '@tanstack/react-router';
import { z } from 'zod';
import { staffRoute } from '../../routes/root';

export const TABS = ['overdue', 'dueSoon', 'summary'] as const;
/** How a list's rows are grouped: by the receiving unit as received (branch or reception point), by branch, by department. */
export const LIST_GROUPS = ['none', 'unit', 'branch', 'department'] as const;
/** The summary's units (the API's groupBy, month apart: that is the second chart). */
export const SUMMARY_GROUPS = ['branch', 'reception_point', 'department', 'procedure'] as const;

const civilDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/);
const id = z.string().regex(/^[A-Za-z0-9_.-]{1,100}$/);

/** Everything the dashboard shows is in its URL, so a view can be shared: the tab, the filters, the period. */
export const DashboardSearch = z.object({
  tab: z.enum(TABS).optional().catch(undefined),
  branchId: id.optional().catch(undefined),
  departmentId: id.optional().catch(undefined),
  procedureCode: id.optional().catch(undefined),
  group: z.enum(LIST_GROUPS).optional().catch(undefined),
  by: z.enum(SUMMARY_GROUPS).optional().catch(undefined),
  from: civilDate.optional().catch(undefined),
  to: civilDate.optional().catch(undefined),
});
export type DashboardSearch = z.infer<typeof DashboardSearch>;

export const dashboardRoute = createRoute({
  getParentRoute: () => staffRoute,
  path: '/dashboard',
  validateSearch: DashboardSearch,
  // Its own chunk, loaded when the screen is first opened: the first screen carries only the sign-in's code.
  component: lazyRouteComponent(() => import('./DashboardScreen'), 'DashboardScreen'),
});
