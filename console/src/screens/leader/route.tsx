import { createRoute, lazyRouteComponent } from '@tanstack/react-router';
import { z } from 'zod';
import { staffRoute } from '../../routes/root';

/** The open statuses a leader redistributes: claimed (processing, awaiting a supplement) or waiting to be claimed. */
export const OPEN_STATUSES = ['processing', 'awaiting_supplement', 'transferred'] as const;
export type OpenStatus = (typeof OPEN_STATUSES)[number];

/** "Nobody": the assignee filter's value for dossiers waiting to be claimed. */
export const UNASSIGNED = '-';

/** The view in the URL (so it can be shared): the tab, and the open dossiers' filters (q: words in the code, the applicant's name or the procedure) and page. */
export const LeaderSearch = z.object({
  tab: z.enum(['approvals', 'open']).optional().catch(undefined),
  status: z.enum(OPEN_STATUSES).optional().catch(undefined),
  assignee: z.string().min(1).max(200).optional().catch(undefined),
  q: z.string().min(1).max(200).optional().catch(undefined),
  overdue: z.boolean().optional().catch(undefined),
  page: z.number().int().min(1).max(10_000).optional().catch(undefined),
});
export type LeaderSearch = z.infer<typeof LeaderSearch>;

export const leaderRoute = createRoute({
  getParentRoute: () => staffRoute,
  path: '/leader',
  validateSearch: LeaderSearch,
  // Its own chunk, loaded when the screen is first opened: the first screen carries only the sign-in's code.
  component: lazyRouteComponent(() => import('./LeaderScreen'), 'LeaderScreen'),
});
