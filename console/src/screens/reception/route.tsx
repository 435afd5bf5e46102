import { createRoute } from '@tanstack/react-router';
import { z } from 'zod';
import { staffRoute } from '../../routes/root';
import { ReceptionScreen } from './ReceptionScreen';

/** The roles that work in this screen: ['clerk']. */
export const ROLES = ['clerk'] as const;

/** In the URL: the procedure search and the procedure chosen (a queue keeps it from one applicant to the next). */
export const ReceptionSearch = z.object({
  q: z.string().max(200).optional().catch(undefined),
  procedure: z.string().max(100).optional().catch(undefined),
});

export const receptionRoute = createRoute({
  getParentRoute: () => staffRoute,
  path: '/reception',
  validateSearch: ReceptionSearch,
  component: ReceptionScreen,
});
