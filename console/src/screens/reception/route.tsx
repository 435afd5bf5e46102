import { createRoute } from '@tanstack/react-router';
import { staffRoute } from '../../routes/root';
import { ReceptionScreen } from './ReceptionScreen';

/** The roles that work in this screen: ['clerk']. */
export const ROLES = ['clerk'] as const;

export const receptionRoute = createRoute({
  getParentRoute: () => staffRoute,
  path: '/reception',
  component: ReceptionScreen,
});
