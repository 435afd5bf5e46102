import { createRoute } from '@tanstack/react-router';
import { staffRoute } from '../../routes/root';
import { DashboardScreen } from './DashboardScreen';

/** The roles that work in this screen: ['leader', 'supervisor', 'admin']. */
export const ROLES = ['leader', 'supervisor', 'admin'] as const;

export const dashboardRoute = createRoute({
  getParentRoute: () => staffRoute,
  path: '/dashboard',
  component: DashboardScreen,
});
