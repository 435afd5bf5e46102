import { createRoute, lazyRouteComponent } from '@tanstack/react-router';
import { staffRoute } from '../../routes/root';
import { AdminSearch } from './search';

export const adminRoute = createRoute({
  getParentRoute: () => staffRoute,
  path: '/admin',
  validateSearch: AdminSearch,
  // Its own chunk, loaded when the screen is first opened: the first screen carries only the sign-in's code.
  component: lazyRouteComponent(() => import('./AdminScreen'), 'AdminScreen'),
});
