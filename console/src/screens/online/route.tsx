import { createRoute, lazyRouteComponent } from '@tanstack/react-router';
import { staffRoute } from '../../routes/root';

export const onlineRoute = createRoute({
  getParentRoute: () => staffRoute,
  path: '/online-submissions',
  component: lazyRouteComponent(() => import('./OnlineScreen'), 'OnlineScreen'),
});
