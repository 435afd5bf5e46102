import { createRoute } from '@tanstack/react-router';
import { staffRoute } from '../../routes/root';
import { AdminScreen } from './AdminScreen';
import { AdminSearch } from './search';

/** The roles that work in this screen: ['admin']. */
export const ROLES = ['admin'] as const;

export const adminRoute = createRoute({
  getParentRoute: () => staffRoute,
  path: '/admin',
  validateSearch: AdminSearch,
  component: AdminScreen,
});
