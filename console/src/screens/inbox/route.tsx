import { createRoute } from '@tanstack/react-router';
import { staffRoute } from '../../routes/root';
import { InboxScreen } from './InboxScreen';

/** The roles that work in this screen: ['clerk', 'officer', 'leader', 'supervisor']. */
export const ROLES = ['clerk', 'officer', 'leader', 'supervisor'] as const;

export const inboxRoute = createRoute({
  getParentRoute: () => staffRoute,
  path: '/inbox',
  component: InboxScreen,
});
